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
from wtforms.validators import Email, InputRequired, Length, Optional

from ..forms import (
    DutchForm,
    NeededWhen,
    VersionedForm,
    enum_choices,
    optional_int,
    required_choice,
    strip_text,
    with_placeholder,
)
from ..models import InvitationStatus, ParticipantGroup, SessieMode
from .participants import MAX_HEADCOUNT, MAX_SESSIE_HEADCOUNT
from .services import DEFAULT_DURATION, DEFAULT_START


def _optional_text(label: str, max_length: int, description: str = "", *, needed_when: bool = False) -> StringField:
    """A free text field that may stay empty; surrounding spaces are dropped. `needed_when`: the label says
    in which case it is needed (the service checks that case), so the form does not call it optional."""
    marker = [NeededWhen()] if needed_when else []
    return StringField(
        label,
        filters=[strip_text],
        validators=[*marker, Optional(), Length(max=max_length)],
        description=description,
    )


class SessieForm(VersionedForm):
    session_type = required_choice("Soort sessie", "Kies een soort sessie uit de lijst.")
    # Needed for a sessie with inwoners or professionals, and left empty for the others (validate_sessie).
    mijlpalen = SelectMultipleField(
        "Mijlpalen (nodig bij een sessie met inwoners of professionals)",
        validate_choice=False,
        validators=[NeededWhen()],
        description="Welke mijlpalen bespreekt u? Bij andere sessies kiest u er geen.",
    )
    option = RadioField(
        "Werkvorm (nodig bij een sessie met inwoners of professionals)",
        validate_choice=False,
        validators=[NeededWhen()],
        description="Bij andere sessies kiest u geen werkvorm.",
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
    location = _optional_text(
        "Plaats (nodig bij een sessie op locatie)", 300, description="Adres en zaal.", needed_when=True
    )
    online_url = _optional_text("Link naar de online sessie (nodig bij een online sessie)", 500, needed_when=True)
    procesbegeleider = _optional_text("Procesbegeleider", 120, description="Leidt het gesprek.")
    administrator = _optional_text("Administrator", 120, description="Legt de resultaten vast tijdens de sessie.")
    agenda = TextAreaField("Agenda", validators=[Optional(), Length(max=20000)])
    # For the invitation: what participants need to know to come (left out of it when empty).
    route = TextAreaField(
        "Route",
        description="Hoe komen deelnemers er? Bijvoorbeeld de bushalte, parkeren en de ingang.",
        validators=[Optional(), Length(max=2000)],
    )
    accessibility = TextAreaField(
        "Toegankelijkheid",
        description="Bijvoorbeeld: rolstoeltoegankelijk, een lift, een ringleiding of een rustige ruimte.",
        validators=[Optional(), Length(max=2000)],
    )
    travel_costs = TextAreaField(
        "Reiskosten",
        description="Worden reiskosten vergoed, en hoe? Bijvoorbeeld: we betalen uw bus- of treinkaartje terug.",
        validators=[Optional(), Length(max=2000)],
    )
    reply_by = DateField(
        "Aanmelden of afmelden vóór",
        description="Laat leeg voor een week voor de sessie.",
        validators=[Optional()],
    )
    # The choices are the team's users (services.contact_choices); the service refuses anyone else.
    contact_user_id = SelectField(
        "Contactpersoon voor de uitnodiging",
        coerce=optional_int,
        validate_choice=False,
        description="Wie deelnemers bellen of mailen met vragen of om zich aan of af te melden. Naam, functie, "
        "telefoon en e-mail komen uit 'Mijn account' van die persoon.",
    )

    def fill_choices(self, routekaart, project_mijlpalen: list[str], contacts=()) -> None:
        """`contacts`: the users the sessie may name as its contact person, besides the default."""
        self.session_type.choices = with_placeholder((t.key, t.label) for t in routekaart.session_types)
        self.mijlpalen.choices = [
            (k, routekaart.get("mijlpaal", k).label) for k in routekaart.mijlpaal_order(project_mijlpalen)
        ]
        self.option.choices = [(o.key, o.label) for o in routekaart.session_options]
        self.contact_user_id.choices = [("", "De projectleider (standaard)")] + [(u.id, u.name) for u in contacts]


def _invitation_field() -> SelectField:
    # A new participant is usually invited first, as the list showed before it had a 'Kies …'.
    return required_choice(
        "Status",
        "Kies een status uit de lijst.",
        choices=enum_choices(InvitationStatus),
        default=InvitationStatus.UITGENODIGD.value,
    )


class StatusForm(VersionedForm):
    status = StringField()


class _ParticipantFields(DutchForm):
    """Who a participant is: the same fields when adding one and on their own edit page."""

    group = required_choice("Groep", "Kies een groep uit de lijst.", choices=enum_choices(ParticipantGroup))
    name = _optional_text(
        "Naam", 120, description="Van inwoners alleen een voornaam, of laat leeg en noteer alleen het aantal."
    )
    organisation = _optional_text("Organisatie of functie", 200)
    email = StringField(
        "E-mailadres",
        filters=[strip_text],
        validators=[Optional(), Email("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."), Length(max=254)],
        description="Alleen nodig als de uitnodiging per e-mail moet; zonder adres telt de deelnemer gewoon mee.",
    )
    headcount = IntegerField(
        "Aantal personen",
        default=1,
        description=f"Hoogstens {MAX_HEADCOUNT} op één regel, en {MAX_SESSIE_HEADCOUNT} in de hele sessie.",
        validators=[InputRequired("Vul een aantal in.")],
    )


class ParticipantForm(_ParticipantFields):
    invitation = _invitation_field()


class EditParticipantForm(_ParticipantFields, VersionedForm):
    """The status is not on this page: it is set in the sessie's list, beside the others'."""


class AnswerForm(DutchForm):
    """The participant's answer on the page of their personal link: which of the two buttons was pressed."""

    answer = StringField()
