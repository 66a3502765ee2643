"""Progress derived from the work: each step's criteria checked against the project's own records.

The routekaart names per step the criteria that make it done (`Step.criteria`, content); this module holds
one check per criterion key, evaluated on `ProjectFacts`. A step's status follows from its checks unless
someone set it by hand: "niet van toepassing", or "afgerond" (also when the work happened outside the tool).
Phases, overall progress, the current phase, what is late and what to do next all follow from the steps.
Nothing here is stored.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from ..formatting import aantal, datum, euro
from ..models import SessieStatus, StepStatus, TeamRole
from ..routekaart import Criterion, Phase, Routekaart, Step
from . import planning
from .facts import DecisionFacts, ProjectFacts, SessieFacts
from .plan import PLAN_SECTIONS

PHASE_DONE = "Afgerond"
PHASE_NOT_STARTED = "Nog niet gestart"
PHASE_BUSY = "Bezig"


@dataclass(frozen=True)
class Check:
    """One criterion of a step, checked: met or not, and what the records say (Dutch, for the page)."""

    criterion: Criterion
    met: bool
    detail: str
    started: bool = False  # not met, but work on it has begun (a projectplan half filled in)


class DerivedStatus(Enum):
    TE_DOEN = "Te doen"
    BEZIG = "Bezig"
    KLAAR = "Klaar om af te ronden"
    AFGEROND = "Afgerond"
    NIET_VAN_TOEPASSING = "Niet van toepassing"

    @property
    def label(self) -> str:
        return self.value

    @property
    def css(self) -> str:
        return self.name.lower()

    @property
    def is_complete(self) -> bool:
        """Nothing left to do in this step (its criteria are met, or someone closed or skipped it)."""
        return self in (DerivedStatus.KLAAR, DerivedStatus.AFGEROND, DerivedStatus.NIET_VAN_TOEPASSING)


# --- the checks, one per criterion key ------------------------------------------------------------

# A check gives (met, detail), or (met, detail, started) when it can tell work has begun without being done.
CheckFunction = Callable[[Routekaart, ProjectFacts], tuple]
CHECKS: dict[str, CheckFunction] = {}


def check(key: str) -> Callable[[CheckFunction], CheckFunction]:
    def register(function: CheckFunction) -> CheckFunction:
        CHECKS[key] = function
        return function

    return register


def _when_any(present: Callable[[ProjectFacts], object], none_yet: str):
    """A check that is not met, saying `none_yet`, while the project has none of what it checks."""

    def wrap(function: CheckFunction) -> CheckFunction:
        def checked(rk: Routekaart, f: ProjectFacts) -> tuple:
            return function(rk, f) if present(f) else (False, none_yet)

        return checked

    return wrap


_when_sessies = _when_any(lambda f: f.sessies, "Nog geen sessies gepland")
_when_actions = _when_any(lambda f: f.actions.total, "Nog geen acties")


def _labels(rk: Routekaart, kind: str, keys) -> str:
    return ", ".join(rk.get(kind, k).label for k in keys if rk.get(kind, k) is not None)


# Voorbereiding


@check("scope_chosen")
def _scope_chosen(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    scope = rk.get("scope_type", f.scope_type)
    mijlpalen = rk.mijlpaal_order(f.mijlpalen)
    if len(mijlpalen) == len(rk.mijlpalen):
        return True, f"{scope.label}: alle mijlpalen"
    return bool(mijlpalen), f"{scope.label}: {_labels(rk, 'mijlpaal', mijlpalen) or 'nog geen mijlpaal gekozen'}"


@check("central_question")
def _central_question(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    if f.central_question.strip():
        return True, "Centrale vraag beschreven"
    return False, "Nog geen centrale vraag"


@check("reason")
def _reason(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    if f.reasons or f.reason_note.strip():
        return True, f"Aanleiding: {_labels(rk, 'reason', f.reasons) or 'toegelicht'}"
    return False, "Nog geen aanleiding gekozen"


def _start_decision(f: ProjectFacts) -> DecisionFacts | None:
    """The decision to start: the last recorded one of Besluitvorming, else the last one at all."""
    decisions = f.decisions_for("voorbereiding.besluitvorming")
    recorded = [d for d in decisions if d.is_recorded]
    chosen = recorded or list(decisions)
    return chosen[-1] if chosen else None


@check("start_decision")
def _decision_recorded(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    decision = _start_decision(f)
    if decision is None:
        return False, "Nog geen besluit vastgelegd"
    if not decision.is_recorded:
        return False, "Bij het besluit ontbreken nog de datum of wie het nam"
    return True, f"Besluit van {datum(decision.decided_on)} vastgelegd ({decision.decided_by})"


@check("decision_budget")
def _decision_budget(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    decision = _start_decision(f)
    if decision is None or decision.budget is None:
        return False, "Nog geen budget in het besluit"
    return True, f"Budget {euro(decision.budget)}"


@check("decision_capacity")
def _decision_capacity(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    decision = _start_decision(f)
    if decision is None or decision.capacity_hours is None:
        return False, "Nog geen capaciteit (uren) in het besluit"
    return True, f"Capaciteit {decision.capacity_hours} uur"


def _team_role(role: TeamRole) -> CheckFunction:
    def team_has(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
        if role in f.team_roles:
            return True, f"{role.label} in het team"
        return False, f"Nog geen {role.label.lower()} in het team"

    return team_has


check("projectleider")(_team_role(TeamRole.PROJECTLEIDER))
check("opdrachtgever")(_team_role(TeamRole.OPDRACHTGEVER))
check("opdrachtnemer")(_team_role(TeamRole.OPDRACHTNEMER))


@check("core_disciplines")
def _core_disciplines(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    core = [d.key for d in rk.disciplines if d.core]
    missing = [k for k in core if k not in f.disciplines and k not in f.left_out_disciplines]
    left_out = [k for k in core if k in f.left_out_disciplines and k not in f.disciplines]
    if missing:
        return False, f"Nog niet in het team: {_labels(rk, 'discipline', missing)}"
    if left_out:
        return True, f"Alle vakgebieden geregeld; bewust zonder: {_labels(rk, 'discipline', left_out)}"
    return True, "Beleid, juridisch, uitvoering en kwaliteit zitten in het team"


@check("plan_sections")
def _plan_sections(rk: Routekaart, f: ProjectFacts) -> tuple:
    empty = [label for key, label in PLAN_SECTIONS.items() if key not in f.plan_filled]
    if not empty:
        return True, "Alle onderdelen van het projectplan ingevuld"
    filled = len(PLAN_SECTIONS) - len(empty)
    return False, f"{filled} van {len(PLAN_SECTIONS)} onderdelen ingevuld; nog leeg: {', '.join(empty)}", filled > 0


# Uitvoering: sessies


def _of_purpose(rk: Routekaart, f: ProjectFacts, purpose: str) -> list[SessieFacts]:
    return [s for s in f.sessies if _purpose(rk, s) == purpose]


def _purpose(rk: Routekaart, sessie: SessieFacts) -> str:
    session_type = rk.get("session_type", sessie.session_type)
    return session_type.purpose if session_type else ""


def _planned(purpose: str, what: str) -> CheckFunction:
    def planned(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
        sessies = _of_purpose(rk, f, purpose)
        if sessies:
            return True, f"{what} gepland op {datum(sessies[0].on_date)}"
        return False, f"Nog geen {what.lower()} gepland"

    return planned


check("kick_off_planned")(_planned("kick_off", "Kick-off"))
check("bedrijfsvoering_planned")(_planned("bedrijfsvoering", "Bedrijfsvoeringsessie"))
check("resultaten_planned")(_planned("resultaten", "Resultatensessie"))


@check("mijlpalen_covered")
def _mijlpalen_covered(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    covered = {m for s in _of_purpose(rk, f, "mijlpaal") for m in s.mijlpalen}
    missing = [m for m in rk.mijlpaal_order(f.mijlpalen) if m not in covered]
    if not missing:
        return True, f"Elke mijlpaal heeft een sessie ({aantal(len(f.mijlpalen), 'mijlpaal', 'mijlpalen')})"
    return False, f"Nog geen sessie over: {_labels(rk, 'mijlpaal', missing)}"


def planning_problems(sessies: list[SessieFacts], phase: planning.PlannedPhase) -> list[str]:
    """What breaks the rules of thumb: sessies less than a week apart, sessies outside the Uitvoering."""
    problems = []
    close = planning.too_soon_after(sessies)
    if close:
        problems.append(f"{aantal(len(close), 'sessie ligt', 'sessies liggen')} minder dan een week na de vorige")
    outside = planning.outside(sessies, phase)
    if outside:
        problems.append(f"{aantal(len(outside), 'sessie valt', 'sessies vallen')} buiten de geplande Uitvoering")
    return problems


@check("planning_rules")
@_when_sessies
def _planning_rules(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    selection = rk.get("scope_type", f.scope_type).selection
    problems = planning_problems(list(f.sessies), planning.session_phase(rk, selection, len(f.mijlpalen), f.start_date))
    if problems:
        return False, "; ".join(problems).capitalize()
    return True, "Een week of meer tussen de sessies, alle binnen de Uitvoering"


@check("invitations_sent")
@_when_sessies
def _invitations_sent(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    concept = [s for s in f.sessies if s.status == SessieStatus.CONCEPT]
    if concept:
        return False, f"{aantal(len(concept), 'sessie staat', 'sessies staan')} nog op concept"
    return True, "Voor alle sessies zijn de uitnodigingen verstuurd"


@check("sessie_roles")
@_when_sessies
def _sessie_roles(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    missing = [s for s in f.sessies if not (s.procesbegeleider.strip() and s.administrator.strip())]
    if missing:
        return False, f"Bij {aantal(len(missing), 'sessie', 'sessies')} ontbreekt de procesbegeleider of administrator"
    return True, "Elke sessie heeft een procesbegeleider en een administrator"


@check("participants_invited")
@_when_sessies
def _participants_invited(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    empty = [s for s in f.sessies if s.participants == 0]
    if empty:
        return False, f"{aantal(len(empty), 'sessie heeft', 'sessies hebben')} nog geen deelnemers"
    return True, "Voor elke sessie staan er deelnemers op de lijst"


def _to_hold(rk: Routekaart, f: ProjectFacts) -> list[SessieFacts]:
    """Every sessie but the resultatensessie, which belongs to the step Resultaten."""
    return [s for s in f.sessies if _purpose(rk, s) != "resultaten"]


@check("sessies_held")
def _sessies_held(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    sessies = _to_hold(rk, f)
    held = [s for s in sessies if s.is_held]
    if not sessies:
        return False, "Nog geen sessies gepland"
    text = f"{len(held)} van {aantal(len(sessies), 'sessie', 'sessies')} gehouden"
    return len(held) == len(sessies), text


@check("sessies_recorded")
def _sessies_recorded(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    # A kick-off starts the project and yields no findings of its own; every other sessie should.
    yielding = [s for s in _to_hold(rk, f) if s.is_held and _purpose(rk, s) != "kick_off"]
    empty = [s for s in yielding if s.findings == 0 and s.blueprint_columns == 0]
    if not yielding:
        return False, "Nog geen sessie gehouden waarvan de uitkomsten vastliggen"
    if empty:
        return False, f"Bij {aantal(len(empty), 'gehouden sessie', 'gehouden sessies')} staan nog geen bevindingen"
    return True, "Bij elke gehouden sessie staan bevindingen of een blueprint"


# Uitvoering: resultaten and plan


@check("findings_themed")
def _findings_themed(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    if f.findings == 0:
        return False, "Nog geen bevindingen"
    if f.findings_without_theme:
        return False, f"{aantal(f.findings_without_theme, 'bevinding', 'bevindingen')} nog zonder thema"
    return True, f"Alle {aantal(f.findings, 'bevinding', 'bevindingen')} horen bij een thema"


@check("resultatensessie_held")
def _resultatensessie_held(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    held = [s for s in _of_purpose(rk, f, "resultaten") if s.is_held]
    if held:
        return True, f"Resultatensessie gehouden op {datum(held[0].on_date)}"
    return False, "De resultatensessie is nog niet gehouden"


@check("actions_timed")
@_when_actions
def _actions_timed(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    if f.actions.open_untimed:
        return False, f"Bij {aantal(f.actions.open_untimed, 'open actie', 'open acties')} is nog niet gekozen"
    return True, "Van elke open actie is gekozen: quick win of later"


@check("actions_exist")
def _actions_exist(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    if f.actions.total:
        return True, f"{aantal(f.actions.total, 'actie', 'acties')} op de actielijst"
    return False, "Nog geen acties op de actielijst"


@check("actions_complete")
@_when_actions
def _actions_complete(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    a = f.actions
    gaps = [
        f"{aantal(count, 'actie', 'acties')} zonder {what}"
        for count, what in (
            (a.without_owner, "eigenaar"),
            (a.without_deadline, "deadline"),
            (a.without_budget, "budget"),
        )
        if count
    ]
    if gaps:
        return False, "; ".join(gaps).capitalize()
    return True, "Elke actie heeft een eigenaar, een deadline en een budget"


@check("actions_decided")
@_when_actions
def _actions_decided(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    if f.actions.waiting_for_decision:
        return False, f"{aantal(f.actions.waiting_for_decision, 'actie wacht', 'acties wachten')} nog op een besluit"
    return True, "Geen actie wacht op een besluit"


# Borging


@check("tasks_exist")
def _tasks_exist(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    if f.tasks.total:
        return True, f"{aantal(f.tasks.total, 'reguliere taak', 'reguliere taken')} benoemd"
    return False, "Nog geen reguliere taken"


def _tasks_all(count_missing: Callable[[ProjectFacts], int], done: str, gap: str) -> CheckFunction:
    def tasks_all(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
        if f.tasks.total == 0:
            return False, "Nog geen reguliere taken"
        missing = count_missing(f)
        if missing:
            return False, f"{aantal(missing, 'taak', 'taken')} {gap}"
        return True, done

    return tasks_all


check("tasks_owned")(
    _tasks_all(
        lambda f: f.tasks.without_owner_or_hours, "Elke taak heeft een eigenaar en uren", "zonder eigenaar of uren"
    )
)
check("tasks_placed")(
    _tasks_all(
        lambda f: f.tasks.without_department_or_start,
        "Elke taak heeft een afdeling en een startdatum",
        "zonder afdeling of startdatum",
    )
)
check("tasks_based")(
    _tasks_all(
        lambda f: f.tasks.waiting_for_decision,
        "Geen taak wacht op een directiebesluit",
        "wachten op een directiebesluit",
    )
)


@check("decisions_reasoned")
def _decisions_reasoned(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    without = [d for d in f.decisions if not d.has_rationale]
    if not f.decisions:
        return False, "Nog geen besluiten vastgelegd"
    if without:
        return False, f"Bij {aantal(len(without), 'besluit', 'besluiten')} staat nog niet waarom"
    return True, f"Bij alle {aantal(len(f.decisions), 'besluit', 'besluiten')} staat waarom"


@check("record_keeping")
def _record_keeping(rk: Routekaart, f: ProjectFacts) -> tuple[bool, str]:
    if f.record_keeping.strip():
        return True, "Afspraken over het vastleggen staan beschreven"
    return False, "Nog geen afspraken over het vastleggen"


# --- steps, phases, the project -------------------------------------------------------------------


def check_step(rk: Routekaart, step: Step, facts: ProjectFacts) -> tuple[Check, ...]:
    """Every criterion of the step against the records (KeyError for a criterion without a check)."""
    return tuple(Check(c, *CHECKS[c.key](rk, facts)) for c in step.criteria)


@dataclass(frozen=True)
class StepProgress:
    step: Step
    checks: tuple[Check, ...]
    status: DerivedStatus
    stored: StepStatus | None  # what someone set by hand (None: never)
    due: date  # the step's own deadline, else the planned end of its phase
    own_deadline: bool
    late_days: int  # 0 when not late

    @property
    def met(self) -> int:
        return sum(1 for c in self.checks if c.met)

    @property
    def share(self) -> float:
        """How much of the step is done, 0..1 (closed by hand counts as all)."""
        if self.status in (DerivedStatus.AFGEROND, DerivedStatus.KLAAR):
            return 1.0
        return self.met / len(self.checks) if self.checks else 0.0

    @property
    def missing(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.met)

    @property
    def can_be_closed(self) -> bool:
        """Its criteria are met and nobody closed it yet: offer "Afronden"."""
        return self.status == DerivedStatus.KLAAR

    @property
    def has_activity(self) -> bool:
        """Work in this step itself: closed, set by hand, or one of its own criteria met or begun (one with
        starts_phase false, which holds before anyone works on the step, does not count)."""
        if self.status != DerivedStatus.BEZIG:
            return self.status != DerivedStatus.TE_DOEN
        if self.stored == StepStatus.BEZIG:
            return True
        return any((c.met or c.started) and c.criterion.starts_phase for c in self.checks)


def derived_status(stored: StepStatus | None, checks: tuple[Check, ...]) -> DerivedStatus:
    if stored == StepStatus.NIET_VAN_TOEPASSING:
        return DerivedStatus.NIET_VAN_TOEPASSING
    if stored == StepStatus.AFGEROND:
        return DerivedStatus.AFGEROND
    if checks and all(c.met for c in checks):
        return DerivedStatus.KLAAR
    if stored == StepStatus.BEZIG or any(c.met or c.started for c in checks):
        return DerivedStatus.BEZIG
    return DerivedStatus.TE_DOEN


def step_progress(rk: Routekaart, step: Step, facts: ProjectFacts, planned_end: date) -> StepProgress:
    stored = facts.steps.get(step.full_key)
    checks = check_step(rk, step, facts)
    status = derived_status(stored.status if stored else None, checks)
    own = stored.due_date if stored else None
    due = own or planned_end
    late = (facts.today - due).days if not status.is_complete and facts.today > due else 0
    return StepProgress(
        step=step,
        checks=checks,
        status=status,
        stored=stored.status if stored else None,
        due=due,
        own_deadline=own is not None,
        late_days=late,
    )


@dataclass(frozen=True)
class Schedule:
    """Planned against actual for one phase, in words: "op schema", "loopt 2 weken uit", "afgerond"."""

    text: str
    days_behind: int


def _weeks_or_days(days: int) -> str:
    if days < 14:
        return aantal(days, "dag", "dagen")
    return aantal(math.floor(days / 7), "week", "weken")


def phase_schedule(planned: planning.PlannedPhase, status: str, today: date) -> Schedule:
    if status == PHASE_DONE:
        return Schedule("afgerond", 0)
    if today > planned.last_day:
        days = (today - planned.last_day).days
        return Schedule(f"loopt {_weeks_or_days(days)} uit", days)
    if status == PHASE_NOT_STARTED and today < planned.start:
        return Schedule(f"begint volgens planning op {datum(planned.start)}", 0)
    return Schedule("op schema", 0)


def work_dates(rk: Routekaart, facts: ProjectFacts) -> dict[str, list[date]]:
    """Per phase key, the days up to today on which the tool records work of that phase: the project's start
    date (the first phase), each decision's date (the phase of its step) and each held sessie (the phase
    that holds the sessies). Undated work (a projectplan, a team) has no day to show."""
    days: dict[str, list[date]] = {rk.phases[0].key: [facts.start_date]}
    for decision in facts.decisions:
        step = rk.get("step", decision.step_key)
        if step is not None and decision.decided_on is not None:
            days.setdefault(step.phase_key, []).append(decision.decided_on)
    held = [s.on_date for s in facts.sessies if s.is_held]
    days.setdefault(rk.session_phase.key, []).extend(held)
    return {key: [d for d in found if d <= facts.today] for key, found in days.items()}


def actual_span(days: list[date], status: str, today: date) -> planning.ActualSpan | None:
    """From the first to the last day with work; a phase that is not done yet runs on to today. None while
    the phase has no dated work."""
    if not days:
        return None
    if status == PHASE_DONE:
        return planning.ActualSpan(min(days), max(days), running=False)
    return planning.ActualSpan(min(days), today, running=True)


def actual_rule(rk: Routekaart) -> str:
    """The rule of `work_dates` and `actual_span` in words, for the page that shows the actual dates."""
    return (
        "Werkelijk: van de eerste tot de laatste dag met werk in de tool. Dat zijn de startdatum van het project "
        f"({rk.phases[0].label}), de besluiten (in de fase van hun stap) en de gehouden sessies "
        f"({rk.session_phase.label}). Een fase die nog niet is afgerond, loopt door tot vandaag. Werk zonder "
        "datum, zoals het projectplan of het team, telt hier niet mee."
    )


@dataclass(frozen=True)
class PhaseProgress:
    planned: planning.PlannedPhase
    steps: tuple[StepProgress, ...]
    status: str
    schedule: Schedule
    actual: planning.ActualSpan | None = None  # None: no dated work in this phase yet

    @property
    def phase(self) -> Phase:
        return self.planned.phase

    @property
    def counted(self) -> tuple[StepProgress, ...]:
        return tuple(s for s in self.steps if s.status != DerivedStatus.NIET_VAN_TOEPASSING)

    @property
    def complete(self) -> int:
        return sum(1 for s in self.counted if s.status.is_complete)

    @property
    def percent(self) -> int:
        counted = self.counted
        return 100 if not counted else round(100 * sum(s.share for s in counted) / len(counted))

    @property
    def open_steps(self) -> tuple[StepProgress, ...]:
        return tuple(s for s in self.steps if not s.status.is_complete)


def _phase_status(steps: tuple[StepProgress, ...]) -> str:
    if all(s.status.is_complete for s in steps):
        return PHASE_DONE
    if not any(s.has_activity for s in steps):
        return PHASE_NOT_STARTED
    return PHASE_BUSY


@dataclass(frozen=True)
class ProjectProgress:
    phases: tuple[PhaseProgress, ...]
    current: PhaseProgress | None  # None when every phase is done
    next_step: StepProgress | None
    ahead: tuple[str, ...]  # activity ahead of open earlier phases, in words

    @property
    def steps(self) -> tuple[StepProgress, ...]:
        return tuple(s for p in self.phases for s in p.steps)

    @property
    def counted(self) -> int:
        return sum(len(p.counted) for p in self.phases)

    @property
    def complete(self) -> int:
        return sum(p.complete for p in self.phases)

    @property
    def percent(self) -> int:
        counted = [s for p in self.phases for s in p.counted]
        return 100 if not counted else round(100 * sum(s.share for s in counted) / len(counted))

    @property
    def current_label(self) -> str:
        return self.current.phase.label if self.current else PHASE_DONE

    @property
    def late_steps(self) -> tuple[StepProgress, ...]:
        return tuple(s for s in self.steps if s.late_days)

    @property
    def behind(self) -> PhaseProgress | None:
        """The open phase furthest past its planned end, if any."""
        late = [p for p in self.phases if p.schedule.days_behind]
        return max(late, key=lambda p: p.schedule.days_behind) if late else None

    @property
    def schedule_text(self) -> str:
        """For a row on the start page: "Voorbereiding loopt 2 weken uit", or "op schema"."""
        behind = self.behind
        if behind:
            return f"{behind.phase.label} {behind.schedule.text}"
        return PHASE_DONE.lower() if self.current is None else "op schema"


def _current(phases: tuple[PhaseProgress, ...]) -> PhaseProgress | None:
    """The phase being worked in: the first open one, or a later one where work has already started."""
    first_open = next((i for i, p in enumerate(phases) if p.status != PHASE_DONE), None)
    if first_open is None:
        return None
    active = [i for i, p in enumerate(phases) if p.status != PHASE_NOT_STARTED and p.status != PHASE_DONE]
    return phases[max([first_open, *active])]


def _ahead(phases: tuple[PhaseProgress, ...]) -> tuple[str, ...]:
    """Work in a later phase while an earlier one is still open: pointed out, not hidden."""
    notes = []
    for index, phase in enumerate(phases):
        if phase.status == PHASE_DONE:
            continue
        for later in phases[index + 1 :]:
            started = [s for s in later.steps if s.has_activity and s.status != DerivedStatus.NIET_VAN_TOEPASSING]
            if started:
                example = next((c.detail for c in started[0].checks if c.met), started[0].step.label)
                open_steps = ", ".join(s.step.label for s in phase.open_steps)
                notes.append(
                    f"Er is al gewerkt aan de {later.phase.label} ({started[0].step.label}: "
                    f"{example[0].lower() + example[1:]}) terwijl in de {phase.phase.label} nog open staat: "
                    f"{open_steps}."
                )
                break
    return tuple(notes)


def project_progress(rk: Routekaart, facts: ProjectFacts) -> ProjectProgress:
    selection = rk.get("scope_type", facts.scope_type).selection
    phases = []
    days = work_dates(rk, facts)
    for planned in planning.planned_phases(rk, selection, len(facts.mijlpalen), facts.start_date):
        steps = tuple(step_progress(rk, s, facts, planned.last_day) for s in planned.phase.steps)
        status = _phase_status(steps)
        actual = actual_span(days.get(planned.phase.key, []), status, facts.today)
        phases.append(PhaseProgress(planned, steps, status, phase_schedule(planned, status, facts.today), actual))
    phases_t = tuple(phases)
    current = _current(phases_t)
    next_step = None
    if current is not None:
        earlier_open = [s for p in phases_t for s in p.open_steps]
        next_step = earlier_open[0] if earlier_open else None
    return ProjectProgress(phases=phases_t, current=current, next_step=next_step, ahead=_ahead(phases_t))
