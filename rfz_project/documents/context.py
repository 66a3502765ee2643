"""One place that turns a project into plain, prepared values for the toolkit's documents.

Renderers (Word, PowerPoint) receive a DocumentContext and never touch the database or the routekaart:
what they need to know of the content (a session's purpose, the phase that holds the sessions) is carried
here. Values that are not filled in yet stay empty (None or ""); the templates show them as MISSING
("nog in te vullen"), because a half-filled project is normal and must still give a usable document.

The attribute names of the *Info classes are what Word templates write (`{{ s.title }}`, `{{ f.session }}`):
a public contract with the gemeenten that made house-style templates (docx_templates/README.md). Rename none.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

MISSING = "nog in te vullen"
# The step at which the directie decides on the money for the implementatieplan's actions.
ACTIONS_DECISION_STEP = "uitvoering.implementatieplan"


@dataclass(frozen=True)
class StepInfo:
    number: int
    label: str
    status: str  # Dutch label, e.g. "Afgerond"
    owner: str
    due_date: date | None
    notes: str
    advice: str  # "aanbevolen", "optioneel" or ""
    who: tuple[str, ...]


@dataclass(frozen=True)
class PhaseInfo:
    number: int
    label: str
    description: str
    start: date
    last_day: date
    weeks: int
    weeks_min: int
    weeks_max: int
    status: str
    steps: tuple[StepInfo, ...]
    holds_sessions: bool  # the Uitvoering, in which the sessions are held


@dataclass(frozen=True)
class ChecklistItemInfo:
    text: str
    answer: str  # Dutch label or "Nog niet beantwoord"
    note: str


@dataclass(frozen=True)
class MijlpaalInfo:
    key: str
    number: int
    label: str
    description: str
    checklist: tuple[ChecklistItemInfo, ...]
    for_inwoners: str = ""  # the plain phrase inwoners read instead of the label: "hulp zoeken en vinden"
    question_for_inwoners: str = ""  # a question put to inwoners about this part of their way


@dataclass(frozen=True)
class TeamMemberInfo:
    name: str
    role: str  # Opdrachtgever, Opdrachtnemer, Projectleider, Teamlid
    discipline: str


@dataclass(frozen=True)
class PlanInfo:
    aim: str
    scope: str
    result: str
    approach: str
    organisation: str
    planning: str
    risks: str


@dataclass(frozen=True)
class RiskInfo:
    """One row of the projectplan's risks table."""

    title: str  # the risk
    likelihood: str  # kans: "Laag", "Middel" or "Hoog"
    impact: str  # "Laag", "Middel" or "Hoog"
    measure: str  # maatregel, "" when none is written


@dataclass(frozen=True)
class DecisionInfo:
    title: str
    decided_on: date | None
    decided_by: str
    budget: Decimal | None
    capacity_hours: int | None
    rationale: str
    step: str  # label of the phase step it belongs to
    step_key: str = ""  # that step's full key, "voorbereiding.besluitvorming"; "" when unknown


@dataclass(frozen=True)
class BlueprintStepInfo:
    title: str
    inwoner: str
    frontstage: str
    backstage: str
    support: str


@dataclass(frozen=True)
class FindingInfo:
    text: str
    mijlpaal: str  # label or ""
    rol: str
    theme: str  # name or ""
    session: str  # title of the sessie it came from (a template name: stays "session")
    has_action: bool


@dataclass(frozen=True)
class AgreementInfo:
    who: str
    kind: str
    description: str
    due_date: date | None


@dataclass(frozen=True)
class SessieInfo:
    id: int
    title: str
    type_key: str  # the session type's key, for templates; code asks `purpose` and `with_inwoners`
    type_label: str
    purpose: str  # what the session type is for: kick_off, mijlpaal, bedrijfsvoering or resultaten
    with_inwoners: bool
    mijlpalen: tuple[str, ...]  # labels, in route order
    mijlpaal_keys: tuple[str, ...]
    option_key: str  # "a", "b" or ""
    option_label: str
    on_date: date
    start_time: time
    end_time: time
    duration_minutes: int
    is_online: bool
    location: str
    online_url: str
    procesbegeleider: str
    administrator: str
    agenda: str
    status: str
    participants_total: int  # without those who cancelled
    participant_groups: tuple[tuple[str, int], ...]  # (group label, head count)
    blueprint: tuple[BlueprintStepInfo, ...]
    findings: tuple[FindingInfo, ...]
    agreements: tuple[AgreementInfo, ...]
    # What an invitation tells besides the place ("" when not given: the invitation leaves it out)
    route: str = ""
    accessibility: str = ""
    travel_costs: str = ""
    reply_by: date | None = None  # as set, or a week before the sessie (None only without a date)
    topics_for_inwoners: tuple[str, ...] = ()  # the mijlpalen in plain words, in route order
    questions_for_inwoners: tuple[str, ...] = ()  # for each of them a question put to inwoners
    has_own_title: bool = False  # the title is the user's; otherwise it is the type and the mijlpalen
    contact: ContactInfo | None = None  # the sessie's own contact for its invitation; None: the projectleider


@dataclass(frozen=True)
class ContactInfo:
    """Who an invitation names as the contact: the sessie's own contact person when it has one, else the
    project's projectleider; with the phone, function and e-mail of their account ("" when there is no account
    or they did not give them)."""

    name: str = ""
    job_title: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class ActionInfo:
    title: str
    description: str
    theme: str  # name, or "Zonder thema"
    mijlpaal: str
    rol: str
    owner: str
    deadline: date | None
    budget: Decimal | None
    status: str
    timing_key: str  # quick_win, later, onbepaald
    timing: str
    needs_decision: bool
    decision: str  # title of the decision, "Nog te nemen", or ""
    overdue: bool


@dataclass(frozen=True)
class ThemeInfo:
    name: str
    description: str
    findings: tuple[FindingInfo, ...]
    actions: tuple[ActionInfo, ...]
    budget: Decimal  # of the actions that count (not dropped)
    quick_wins: int
    later: int


@dataclass(frozen=True)
class TaskInfo:
    title: str
    kind: str
    description: str
    owner: str
    department: str
    hours: Decimal | None
    frequency: str
    hours_per_year: Decimal
    needs_directiebesluit: bool
    needs_opdrachtomschrijving: bool
    decision: str  # title of the decision it rests on, or ""
    starts_on: date | None


@dataclass(frozen=True)
class DocumentContext:
    today: date
    gemeente: str
    project_name: str
    scope_selection: str  # how the scope type chooses: alle_mijlpalen, een_rol, ...
    scope_label: str
    scope_description: str
    rol: str  # label, for a project of one rol
    spoor: str
    central_question: str
    reasons: tuple[str, ...]
    reason_note: str
    start_date: date
    mijlpalen: tuple[MijlpaalInfo, ...]
    phases: tuple[PhaseInfo, ...]
    team: tuple[TeamMemberInfo, ...]
    opdrachtgever: str
    opdrachtnemer: str
    projectleider: str
    plan: PlanInfo
    decisions: tuple[DecisionInfo, ...]
    # The project's own budget and hours: the decisions of the Voorbereiding's Besluitvorming (the start of the
    # project), None when none names an amount. Not the other decisions: the money for the implementatieplan's
    # actions (see budget_for_actions) and the yearly hours of the regular tasks after the project.
    decided_budget: Decimal | None
    decided_hours: int | None
    sessies: tuple[SessieInfo, ...]  # templates get them as `sessions`
    themes: tuple[ThemeInfo, ...]  # with a "Zonder thema" group last when needed
    actions: tuple[ActionInfo, ...]
    actions_budget: Decimal
    decisions_needed: tuple[ActionInfo, ...]
    tasks: tuple[TaskInfo, ...]
    hours_per_year: Decimal
    contact: ContactInfo = ContactInfo()
    risks: tuple[RiskInfo, ...] = ()  # the projectplan's risks table; plan.risks is the explanation under it

    def sessie(self, sessie_id: int) -> SessieInfo | None:
        return next((s for s in self.sessies if s.id == sessie_id), None)

    def about_sessie(self, sessie_id: int | None) -> DocumentContext:
        """The context a file about one sessie is made from: `contact` is that sessie's own contact person when
        it names one (the invitation and the inwoners' decks then give their phone and e-mail), else the
        projectleider as for every other file."""
        sessie = self.sessie(sessie_id) if sessie_id is not None else None
        if sessie is None or sessie.contact is None:
            return self
        return dataclasses.replace(self, contact=sessie.contact)

    @property
    def budget_for_actions(self) -> Decimal | None:
        """What the actions may cost: the project's own budget and what the directie decided for the
        implementatieplan's actions; None when neither names an amount."""
        extra = [d.budget for d in self.decisions if d.step_key == ACTIONS_DECISION_STEP and d.budget is not None]
        if self.decided_budget is None and not extra:
            return None
        return (self.decided_budget or Decimal(0)) + sum(extra, Decimal(0))

    @property
    def quick_wins(self) -> tuple[ActionInfo, ...]:
        return tuple(a for a in self.actions if a.timing_key == "quick_win")

    @property
    def later(self) -> tuple[ActionInfo, ...]:
        return tuple(a for a in self.actions if a.timing_key == "later")
