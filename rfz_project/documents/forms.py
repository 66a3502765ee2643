from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField

from ..forms import DutchForm
from .catalog import templates


class HouseStyleForm(DutchForm):
    template_key = SelectField("Sjabloon", validate_choice=False)
    file = FileField(
        "Eigen versie (.docx of .pptx)",
        description="Maximaal 10 MB. Gebruik alleen de velden uit de standaardversie.",
        validators=[FileRequired("Kies het bestand met uw eigen versie.")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the labels are the routekaart's, so the choices are made per request
        self.template_key.choices = [(t.key, t.label) for t in templates()]
