"""Forms of the projects area. Field rules about the domain live in scope.validate_scope."""

from __future__ import annotations

from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..forms import (
    AMOUNT_HINT,
    DutchForm,
    EuroField,
    NeededWhen,
    NumberInRange,
    VersionedForm,
    enum_choices,
    optional_int,
    required_choice,
    required_text,
    with_placeholder,
)
from ..models import RiskLevel, StepStatus, TeamRole
from ..routekaart import Routekaart
from .decisions import decision_step_choices
from .plan import PLAN_SECTIONS, RISKS_NOTE_LABEL

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
    # Chosen only for a new project (create_project refuses an empty one); editing the scope posts it empty.
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
    # Posted only by the button that confirms a narrower scope: the mijlpalen the user agreed to drop.
    confirmed_leaving = HiddenField()

    def fill_choices(self, routekaart: Routekaart, gemeenten) -> None:
        self.gemeente_id.choices = with_placeholder((g.id, g.name) for g in gemeenten)
        self.mijlpalen.choices = [(m.key, m.label) for m in routekaart.mijlpalen]
        self.rol.choices = [(r.key, r.label) for r in routekaart.rollen if not r.is_inwoner]
        self.spoor.choices = [(s.key, s.label) for s in routekaart.sporen]
        self.reasons.choices = [(r.key, r.label) for r in routekaart.reasons]


class StepForm(VersionedForm):
    status = required_choice(
        "Status",
        "Kies een status uit de lijst.",
        choices=enum_choices(StepStatus),
        description="Bij 'Te doen' en 'Bezig' volgt de voortgang uit het werk in de tool. Kies 'Afgerond' als het "
        "werk buiten de tool is gedaan (zeg dan in de notities waar), of 'Niet van toepassing' om de stap over "
        "te slaan.",
    )
    owner_id = SelectField("Eigenaar", coerce=optional_int, validate_choice=False)
    due_date = DateField(
        "Eigen deadline",
        validators=[Optional()],
        description="Leeg laten: de stap moet klaar zijn aan het eind van de geplande fase.",
    )
    notes = TextAreaField("Notities", validators=[Optional(), Length(max=20000, message="Maximaal 20.000 tekens.")])


class TeamMemberForm(DutchForm):
    # One of the two is needed (team.add_team_member checks it): each label says when.
    user_id = SelectField(
        "Medewerker van de gemeente (nodig als u hieronder geen naam invult)",
        coerce=optional_int,
        validate_choice=False,
        validators=[NeededWhen()],
    )
    name = StringField(
        "Of: naam van iemand zonder account (nodig als u geen medewerker kiest)",
        validators=[NeededWhen(), Optional(), Length(max=120, message="Maximaal 120 tekens.")],
    )
    discipline = required_choice("Discipline", "Kies een discipline uit de lijst.")
    team_role = required_choice(
        "Rol in het team", "Kies een rol in het team.", choices=enum_choices(TeamRole), default=TeamRole.LID.value
    )

    def fill_choices(self, routekaart: Routekaart, staff) -> None:
        self.user_id.choices = [("", "Geen account (vul hieronder een naam in)")] + [
            (u.id, f"{u.name} ({u.email})") for u in staff
        ]
        self.discipline.choices = with_placeholder((d.key, d.label) for d in routekaart.disciplines)


class ProjectPlanForm(VersionedForm):
    aim = TextAreaField(PLAN_SECTIONS["aim"], description="Wat wilt u met het project bereiken?")
    scope = TextAreaField(PLAN_SECTIONS["scope"], description="Wat hoort wel en niet bij het project?")
    result = TextAreaField(PLAN_SECTIONS["result"], description="Wat ligt er als het project klaar is?")
    approach = TextAreaField(PLAN_SECTIONS["approach"], description="Hoe pakt u de drie fasen aan?")
    organisation = TextAreaField(
        PLAN_SECTIONS["organisation"], description="Wie is opdrachtgever, wie opdrachtnemer, wie zit in het team?"
    )
    planning = TextAreaField(
        PLAN_SECTIONS["planning"], description="Belangrijke momenten en mijlpalen van het project."
    )
    risks = TextAreaField(
        RISKS_NOTE_LABEL,
        description="Komt in het document onder de tabel met risico's: wat de lezer verder moet weten.",
    )


RISK_LEVEL_CHOICES = enum_choices(RiskLevel)


class RiskForm(VersionedForm):
    """One risk of the projectplan; services.validate_risk checks the same rules with the same messages."""

    title = required_text("Risico", "Beschrijf het risico: wat kan er misgaan?")
    likelihood = required_choice("Kans", "Kies hoe groot de kans is: laag, middel of hoog.", choices=RISK_LEVEL_CHOICES)
    impact = required_choice(
        "Impact", "Kies hoe groot de gevolgen zijn: laag, middel of hoog.", choices=RISK_LEVEL_CHOICES
    )
    measure = TextAreaField(
        "Maatregel",
        description="Wat doet het project om het risico kleiner te maken, of wat doet u als het toch gebeurt?",
        validators=[Optional(), Length(max=20000, message="Maximaal 20.000 tekens.")],
    )


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
        description=AMOUNT_HINT,
    )
    capacity_hours = IntegerField(
        "Capaciteit in uren",
        validators=[Optional(), NumberInRange(min=0, max=1_000_000, message="Vul een aantal uren van 0 of meer in.")],
    )
    rationale = TextAreaField(
        "Toelichting", validators=[Optional(), Length(max=20000, message="Maximaal 20.000 tekens.")]
    )
    # The service reads an empty step_key as "the default step" (Besluitvorming for a new decision, the stored
    # one for an edit); only the form refuses the empty first option.
    step_key = required_choice(
        "Fase en stap",
        "Kies een fase en stap van de routekaart.",
        description="In welke stap van de routekaart is dit besluit genomen?",
    )

    def fill_steps(self, routekaart: Routekaart) -> None:
        self.step_key.choices = with_placeholder(decision_step_choices(routekaart))


class LeftOutForm(VersionedForm):
    """The core disciplines the team does without on purpose (the team page)."""

    left_out = SelectMultipleField(
        "Bewust zonder",
        validate_choice=False,
        description="Vink een vakgebied aan als het team er bewust zonder werkt, bijvoorbeeld omdat de kennis "
        "al op een andere manier beschikbaar is.",
    )


# An empty reason or name is refused by the service (projects/lifecycle.py), with the message next to the field.
class CloseProjectForm(DutchForm):
    reason = TextAreaField(
        "Reden van afsluiten",
        description="Bijvoorbeeld: alle acties zijn overgedragen aan de lijn, of het project gaat op in een "
        "ander project. Wie het project daarna opent, ziet deze reden bovenaan elke pagina.",
        validators=[Length(max=2000, message="Maximaal 2000 tekens.")],
    )


class DeleteProjectForm(DutchForm):
    name = StringField(
        "Typ de naam van het project ter bevestiging",
        validators=[Length(max=300, message="Maximaal 300 tekens.")],
    )
