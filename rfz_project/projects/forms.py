"""Forms of the projects area. Field rules about the domain live in scope.validate_scope."""

from __future__ import annotations

from wtforms import DateField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..forms import DutchForm, EuroField, NumberInRange, VersionedForm, enum_choices, optional_int
from ..models import StepStatus, TeamRole
from ..routekaart import Routekaart
from .decisions import decision_step_choices

CENTRAL_QUESTION_HELP = (
    "Op welke onderdelen of thema's wilt u de dienstverlening aan uw inwoners verbeteren, en waarom?"
)


class ScopeTypeForm(DutchForm):
    scope_type = RadioField(
        "Hoe wilt u de routekaart gebruiken?",
        validators=[InputRequired("Kies een van de vijf manieren om de routekaart te gebruiken.")],
        validate_choice=True,
    )

    def fill_choices(self, routekaart: Routekaart) -> None:
        self.scope_type.choices = [(s.key, s.label) for s in routekaart.scope_types]


class ScopeForm(VersionedForm):
    gemeente_id = SelectField("Gemeente", coerce=optional_int, validate_choice=False)
    name = StringField(
        "Naam van het project",
        validators=[DataRequired("Geef het project een naam."), Length(max=200, message="Maximaal 200 tekens.")],
    )
    mijlpalen = SelectMultipleField("Mijlpalen", validate_choice=False)
    rol = RadioField("Rol", validate_choice=False)
    spoor = RadioField("Spoor", default="inwoner", validate_choice=False)
    central_question = TextAreaField(
        "Centrale vraag",
        description=CENTRAL_QUESTION_HELP,
        validators=[
            DataRequired("Beschrijf de centrale vraag: wat wilt u verbeteren en waarom?"),
            Length(max=5000, message="Maximaal 5000 tekens."),
        ],
    )
    reasons = SelectMultipleField("Aanleiding", validate_choice=False)
    reason_note = TextAreaField(
        "Toelichting op de aanleiding", validators=[Optional(), Length(max=5000, message="Maximaal 5000 tekens.")]
    )
    start_date = DateField("Startdatum", validators=[InputRequired("Vul een startdatum in.")])

    def fill_choices(self, routekaart: Routekaart, gemeenten) -> None:
        self.gemeente_id.choices = [(g.id, g.name) for g in gemeenten]
        self.mijlpalen.choices = [(m.key, m.label) for m in routekaart.mijlpalen]
        self.rol.choices = [(r.key, r.label) for r in routekaart.rollen if not r.is_inwoner]
        self.spoor.choices = [(s.key, s.label) for s in routekaart.sporen]
        self.reasons.choices = [(r.key, r.label) for r in routekaart.reasons]


class StepForm(VersionedForm):
    status = SelectField("Status", choices=enum_choices(StepStatus), validate_choice=False)
    owner_id = SelectField("Eigenaar", coerce=optional_int, validate_choice=False)
    due_date = DateField("Gereed op", validators=[Optional()])
    notes = TextAreaField("Notities", validators=[Optional(), Length(max=20000, message="Maximaal 20.000 tekens.")])


class TeamMemberForm(DutchForm):
    user_id = SelectField("Medewerker van de gemeente", coerce=optional_int, validate_choice=False)
    name = StringField(
        "Of: naam (voor iemand zonder account)",
        validators=[Optional(), Length(max=120, message="Maximaal 120 tekens.")],
    )
    discipline = SelectField("Discipline", validate_choice=False)
    team_role = SelectField(
        "Rol in het team",
        choices=enum_choices(TeamRole),
        default=TeamRole.LID.value,
        validate_choice=False,
    )

    def fill_choices(self, routekaart: Routekaart, staff) -> None:
        self.user_id.choices = [("", "Geen account (vul hieronder een naam in)")] + [
            (u.id, f"{u.name} ({u.email})") for u in staff
        ]
        self.discipline.choices = [(d.key, d.label) for d in routekaart.disciplines]


class ProjectPlanForm(VersionedForm):
    aim = TextAreaField("Doel", description="Wat wilt u met het project bereiken?")
    scope = TextAreaField("Afbakening", description="Wat hoort wel en niet bij het project?")
    result = TextAreaField("Resultaat", description="Wat ligt er als het project klaar is?")
    approach = TextAreaField("Aanpak", description="Hoe pakt u de drie fasen aan?")
    organisation = TextAreaField(
        "Organisatie", description="Wie is opdrachtgever, wie opdrachtnemer, wie zit in het team?"
    )
    planning = TextAreaField("Planning", description="Belangrijke momenten en mijlpalen van het project.")
    risks = TextAreaField("Risico's", description="Wat kan het project in de weg zitten, en wat doet u dan?")


class DecisionForm(VersionedForm):
    title = StringField(
        "Titel van het besluit",
        validators=[DataRequired("Geef het besluit een titel."), Length(max=200, message="Maximaal 200 tekens.")],
    )
    decided_on = DateField("Datum van het besluit", validators=[Optional()])
    decided_by = StringField(
        "Genomen door",
        description="Bijvoorbeeld: directie, college van B&W, MT sociaal domein.",
        validators=[Optional(), Length(max=200, message="Maximaal 200 tekens.")],
    )
    budget = EuroField(
        "Budget in euro",
        places=2,
        validators=[Optional(), NumberInRange(min=0, message="Het budget kan niet negatief zijn.")],
        description="Bijvoorbeeld 25000 of 25000,50.",
    )
    capacity_hours = IntegerField(
        "Capaciteit in uren",
        validators=[Optional(), NumberInRange(min=0, max=1_000_000, message="Vul een aantal uren van 0 of meer in.")],
    )
    rationale = TextAreaField(
        "Toelichting", validators=[Optional(), Length(max=20000, message="Maximaal 20.000 tekens.")]
    )
    step_key = SelectField(
        "Fase en stap", validate_choice=False, description="In welke stap van de routekaart is dit besluit genomen?"
    )

    def fill_steps(self, routekaart: Routekaart) -> None:
        self.step_key.choices = decision_step_choices(routekaart)
