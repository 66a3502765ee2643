from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField

from ..forms import DutchForm
from .catalog import TEMPLATES


class HouseStyleForm(DutchForm):
    template_key = SelectField("Sjabloon", choices=[(t.key, t.label) for t in TEMPLATES], validate_choice=False)
    file = FileField(
        "Eigen versie (.docx of .pptx)",
        description="Maximaal 10 MB. Gebruik alleen de velden uit de standaardversie.",
        validators=[FileRequired("Kies het bestand met uw eigen versie.")],
    )
