from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize

from ..forms import DutchForm, optional_int, required_choice, with_placeholder

MAX_ARCHIVE_BYTES = 15 * 1024 * 1024


class ImportForm(DutchForm):
    gemeente_id = required_choice(
        "Gemeente", "Kies een gemeente waarvoor u projecten mag starten.", coerce=optional_int
    )
    archive = FileField(
        "Projectarchief (.zip)",
        validators=[
            FileRequired("Kies het zip-bestand met het projectarchief."),
            FileAllowed(["zip"], "Kies een zip-bestand, zoals de tool dat maakt bij ‘Project exporteren’."),
            FileSize(max_size=MAX_ARCHIVE_BYTES, message="Het bestand is groter dan 15 MB."),
        ],
    )

    def fill_choices(self, gemeenten) -> None:
        """Among several gemeenten the user chooses, starting from 'Kies …'; a single one is sent as a hidden
        field (the template takes the first choice)."""
        choices = [(g.id, g.name) for g in gemeenten]
        self.gemeente_id.choices = with_placeholder(choices) if len(choices) > 1 else choices
