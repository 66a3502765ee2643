from flask_wtf.file import FileField, FileRequired

from ..forms import DutchForm, required_choice, with_placeholder
from .catalog import templates


class HouseStyleForm(DutchForm):
    template_key = required_choice("Sjabloon", "Kies een sjabloon uit de lijst.")
    file = FileField(
        "Eigen versie (.docx of .pptx)",
        description="Maximaal 10 MB. Gebruik alleen de velden uit de standaardversie.",
        validators=[FileRequired("Kies het bestand met uw eigen versie.")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the labels are the routekaart's, so the choices are made per request
        self.template_key.choices = with_placeholder((t.key, t.label) for t in templates())
