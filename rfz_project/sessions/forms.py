from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, Optional

from ..forms import DutchForm, VersionedForm, enum_choices, strip_text
from ..models import InvitationStatus, ParticipantGroup, SessieMode
from .services import DEFAULT_DURATION, DEFAULT_START


def _optional_text(label: str, max_length: int, description: str = "") -> StringField:
    """A free text field that may stay empty; surrounding spaces are dropped."""
    return StringField(
        label, filters=[strip_text], validators=[Optional(), Length(max=max_length)], description=description
    )


class SessieForm(VersionedForm):
    session_type = SelectField("Soort sessie", validate_choice=False)
    mijlpalen = SelectMultipleField(
        "Mijlpalen",
        validate_choice=False,
        description="Alleen bij sessies met inwoners of professionals: welke mijlpalen bespreekt u?",
    )
    option = RadioField(
        "Werkvorm", validate_choice=False, description="Alleen bij sessies met inwoners of professionals."
    )
    title = _optional_text(
        "Eigen titel", 200, description="Laat leeg om de soort sessie en de mijlpalen als titel te gebruiken."
    )
    on_date = DateField("Datum", validators=[InputRequired("Vul de datum van de sessie in.")])
    start_time = TimeField("Begintijd", default=DEFAULT_START, validators=[InputRequired("Vul de begintijd in.")])
    duration_minutes = IntegerField(
        "Duur in minuten",
        default=DEFAULT_DURATION,
        description="Maximaal 150 minuten (2,5 uur).",
        validators=[InputRequired("Vul de duur in minuten in.")],
    )
    mode = RadioField("Waar", default=SessieMode.FYSIEK.value, validate_choice=False, choices=enum_choices(SessieMode))
    location = _optional_text("Locatie", 300, description="Adres en zaal, bij een sessie op locatie.")
    online_url = _optional_text("Link naar de online sessie", 500)
    procesbegeleider = _optional_text("Procesbegeleider", 120, description="Leidt het gesprek.")
    administrator = _optional_text("Administrator", 120, description="Legt de resultaten vast tijdens de sessie.")
    agenda = TextAreaField("Agenda", validators=[Optional(), Length(max=20000)])

    def fill_choices(self, routekaart, project_mijlpalen: list[str]) -> None:
        self.session_type.choices = [(t.key, t.label) for t in routekaart.session_types]
        self.mijlpalen.choices = [
            (k, routekaart.get("mijlpaal", k).label) for k in routekaart.mijlpaal_order(project_mijlpalen)
        ]
        self.option.choices = [(o.key, o.label) for o in routekaart.session_options]


def _invitation_field() -> SelectField:
    return SelectField("Status", choices=enum_choices(InvitationStatus), validate_choice=False)


class StatusForm(VersionedForm):
    status = StringField()


class ParticipantForm(DutchForm):
    group = SelectField("Groep", choices=enum_choices(ParticipantGroup), validate_choice=False)
    name = _optional_text(
        "Naam", 120, description="Van inwoners alleen een voornaam, of laat leeg en noteer alleen het aantal."
    )
    organisation = _optional_text("Organisatie of functie", 200)
    headcount = IntegerField("Aantal personen", default=1, validators=[InputRequired("Vul een aantal in.")])
    invitation = _invitation_field()


class InvitationForm(DutchForm):
    invitation = _invitation_field()
