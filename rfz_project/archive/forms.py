from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import SelectField

from ..forms import DutchForm, optional_int

MAX_ARCHIVE_BYTES = 15 * 1024 * 1024


class ImportForm(DutchForm):
    gemeente_id = SelectField("Gemeente", coerce=optional_int, validate_choice=False)
    archive = FileField(
        "Projectarchief (.zip)",
        validators=[
            FileRequired("Kies het zip-bestand met het projectarchief."),
            FileAllowed(["zip"], "Kies een zip-bestand, zoals de tool dat maakt bij ‘Project exporteren’."),
            FileSize(max_size=MAX_ARCHIVE_BYTES, message="Het bestand is groter dan 15 MB."),
        ],
    )
