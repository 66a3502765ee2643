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

from ..forms import DutchForm, VersionedForm, strip_text
from ..models import InvitationStatus, ParticipantGroup, SessieMode
from .services import DEFAULT_DURATION, DEFAULT_START


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
    title = StringField(
        "Eigen titel",
        filters=[strip_text],
        validators=[Optional(), Length(max=200)],
        description="Laat leeg om de soort sessie en de mijlpalen als titel te gebruiken.",
    )
    on_date = DateField("Datum", validators=[InputRequired("Vul de datum van de sessie in.")])
    start_time = TimeField("Begintijd", default=DEFAULT_START, validators=[InputRequired("Vul de begintijd in.")])
    duration_minutes = IntegerField(
        "Duur in minuten",
        default=DEFAULT_DURATION,
        description="Maximaal 150 minuten (2,5 uur).",
        validators=[InputRequired("Vul de duur in minuten in.")],
    )
    mode = RadioField(
        "Waar", default=SessieMode.FYSIEK.value, validate_choice=False, choices=[(m.value, m.label) for m in SessieMode]
    )
    location = StringField(
        "Locatie",
        filters=[strip_text],
        validators=[Optional(), Length(max=300)],
        description="Adres en zaal, bij een sessie op locatie.",
    )
    online_url = StringField(
        "Link naar de online sessie", filters=[strip_text], validators=[Optional(), Length(max=500)]
    )
    procesbegeleider = StringField(
        "Procesbegeleider",
        filters=[strip_text],
        validators=[Optional(), Length(max=120)],
        description="Leidt het gesprek.",
    )
    administrator = StringField(
        "Administrator",
        filters=[strip_text],
        validators=[Optional(), Length(max=120)],
        description="Legt de resultaten vast tijdens de sessie.",
    )
    agenda = TextAreaField("Agenda", validators=[Optional(), Length(max=20000)])

    def fill_choices(self, routekaart, project_mijlpalen: list[str]) -> None:
        self.session_type.choices = [(t.key, t.label) for t in routekaart.session_types]
        self.mijlpalen.choices = [
            (k, routekaart.get("mijlpaal", k).label) for k in routekaart.mijlpaal_order(project_mijlpalen)
        ]
        self.option.choices = [(o.key, o.label) for o in routekaart.session_options]


class StatusForm(VersionedForm):
    status = StringField()


class ParticipantForm(DutchForm):
    group = SelectField("Groep", choices=[(g.value, g.label) for g in ParticipantGroup], validate_choice=False)
    name = StringField(
        "Naam",
        filters=[strip_text],
        validators=[Optional(), Length(max=120)],
        description="Van inwoners alleen een voornaam, of laat leeg en noteer alleen het aantal.",
    )
    organisation = StringField("Organisatie of functie", filters=[strip_text], validators=[Optional(), Length(max=200)])
    headcount = IntegerField("Aantal personen", default=1, validators=[InputRequired("Vul een aantal in.")])
    invitation = SelectField("Status", choices=[(s.value, s.label) for s in InvitationStatus], validate_choice=False)


class InvitationForm(DutchForm):
    invitation = SelectField("Status", choices=[(s.value, s.label) for s in InvitationStatus], validate_choice=False)
