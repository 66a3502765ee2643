"""The demo's content, read from content.toml beside this module: the dataclasses it fills, and the reader that
turns TOML's strings, numbers and arrays into the enums, Decimals and tuples the loader in `__init__` uses."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..models import (
    ActionTiming,
    AgreementKind,
    ChecklistStatus,
    ParticipantGroup,
    RiskLevel,
    TaskFrequency,
    TaskKind,
    TeamRole,
)
from ..projects.plan import PLAN_FIELDS
from ..toml_files import read_beside

_Table = dict[str, Any]


@dataclass(frozen=True)
class DemoAction:
    title: str
    owner: str  # a key of PEOPLE: that person owns the action
    budget: int  # whole euros; 0: no budget needed
    timing: ActionTiming
    weeks: int  # the deadline: this many weeks after the sessie the finding came from
    late: bool = False  # still under way after its deadline
    # Costly, and not in the decision after the resultatensessie: it still waits for its own (a plan always has one)
    waits: bool = False


@dataclass(frozen=True)
class DemoFinding:
    theme: str  # a key of THEMES
    rol: str | None  # the routekaart's rol that picks it up; None (no rol in the TOML): no rol
    text: str  # as professionals put it; also the description of its action
    action: DemoAction | None = None
    # As an inwoner said it: what a sessie with inwoners writes down, and its deck shows them as "wat u vertelde"
    inwoner: str = ""


@dataclass(frozen=True)
class DemoTask:
    title: str
    kind: TaskKind
    description: str
    owner: str  # a key of PEOPLE
    department: str
    hours: Decimal
    frequency: TaskFrequency
    weeks: int  # starts this many weeks after the planned start of the Borging
    directiebesluit: bool = False
    opdrachtomschrijving: bool = False


@dataclass(frozen=True)
class DemoProject:
    """One gemeente's project, and how far it is.

    Weeks count from the project's start, a Monday `weeks_ago` weeks before the Monday of the week the demo is
    loaded; a sessie in an earlier week than that has been held, one in a later week is still to come.
    """

    gemeente: str
    name: str
    scope_type: str
    mijlpalen: tuple[str, ...] | None  # None: every mijlpaal of the routekaart
    question: str
    reasons: tuple[str, ...]
    weeks_ago: int
    done: int  # steps finished, in the routekaart's order; the next one is under way
    people: tuple[str, str, str, str, str]  # opdrachtgever, opdrachtnemer, juridisch, kwaliteit, communicatie
    spoor: str = "inwoner"
    reason_note: str = ""
    note: str = ""  # on the step under way
    decided_in_week: int | None = None  # the go-ahead of the directie; None: not decided yet
    full_team: bool = True
    plan_sections: int = len(PLAN_FIELDS)  # the first this many sections of the projectplan are written
    # (week, weekday) of the kick-off, of each group of mijlpalen, of the bedrijfsvoering and of the resultaten
    sessions: tuple[tuple[int, int], ...] = ()
    options: str = ""  # optie a or b, per group of mijlpalen
    invited: int | None = None  # the first this many sessies have their invitations out; None: all
    bundled: bool = True  # the findings are bundled in themes and turned into actions
    checklist: tuple[ChecklistStatus | None, ...] = ()  # the answers, item after item (None: not answered)
    # (mijlpaal, text, answer): checklist items of the gemeente itself, answered
    own_items: tuple[tuple[str, str, ChecklistStatus], ...] = ()
    tasks: int = 0  # the first this many TASKS
    # Sessies with inwoners name the teamlid, a consulent the inwoners know, as the invitation's contact person
    own_contact: bool = False


def _action(raw: _Table) -> DemoAction:
    return DemoAction(**{**raw, "timing": ActionTiming(raw["timing"])})


def _finding(raw: _Table) -> DemoFinding:
    action = raw.get("action")
    return DemoFinding(**{**raw, "rol": raw.get("rol"), "action": _action(action) if action else None})


def _findings(by_key: dict[str, list[_Table]]) -> dict[str, tuple[DemoFinding, ...]]:
    return {key: tuple(_finding(raw) for raw in found) for key, found in by_key.items()}


def _blueprint_step(raw: _Table) -> tuple[str, str, str, str, str]:
    return raw["title"], raw["inwoner"], raw["frontstage"], raw["backstage"], raw["support"]


def _agendas(raw: dict[str, list[str]]) -> tuple[str, dict[str, str]]:
    """The programme of a sessie with inwoners, and those by the session type's purpose: the lines as one text."""
    by_kind = {kind: "\n".join(lines) for kind, lines in raw.items()}
    return by_kind.pop("met_inwoners"), by_kind


def _visit(raw: _Table) -> tuple[str, str, str]:
    return raw["route"], raw["accessibility"], raw["travel_costs"]


def _participant(raw: _Table) -> tuple[ParticipantGroup, str, str, int, str]:
    """(group, first name, organisation, head count, e-mail); only a named participant has a name and an e-mail."""
    return (
        ParticipantGroup(raw["group"]),
        raw.get("name", ""),
        raw.get("organisation", ""),
        raw["headcount"],
        raw.get("email", ""),
    )


def _task(raw: _Table) -> DemoTask:
    return DemoTask(
        **{
            **raw,
            "kind": TaskKind(raw["kind"]),
            "hours": Decimal(raw["hours"]),
            "frequency": TaskFrequency(raw["frequency"]),
        }
    )


def _project(raw: _Table) -> DemoProject:
    return DemoProject(
        **{
            **raw,
            "mijlpalen": tuple(raw["mijlpalen"]) if "mijlpalen" in raw else None,
            "reasons": tuple(raw["reasons"]),
            "people": tuple(raw["people"]),
            "sessions": tuple(tuple(session) for session in raw.get("sessions", ())),
            "checklist": tuple(ChecklistStatus(answer) if answer else None for answer in raw.get("checklist", ())),
            "own_items": tuple(
                (item["mijlpaal"], item["text"], ChecklistStatus(item["answer"])) for item in raw.get("own_items", ())
            ),
        }
    )


_CONTENT = read_beside(__file__, "content.toml")

BEGELEIDER: str = _CONTENT["begeleider"]
RECORD_KEEPING: str = _CONTENT["record_keeping"]
DEMO_RISKS = tuple(
    (risk["title"], RiskLevel(risk["likelihood"]), RiskLevel(risk["impact"]), risk["measure"])
    for risk in _CONTENT["risks"]
)
THEMES = {key: (theme["name"], theme["description"]) for key, theme in _CONTENT["themes"].items()}
MIJLPAAL_FINDINGS = _findings(_CONTENT["mijlpaal_findings"])
PURPOSE_FINDINGS = _findings(_CONTENT["purpose_findings"])
BLUEPRINT = {key: tuple(_blueprint_step(raw) for raw in steps) for key, steps in _CONTENT["blueprint"].items()}
INWONER_AGENDA, AGENDA = _agendas(_CONTENT["agenda"])
INWONER_VISIT = _visit(_CONTENT["visits"]["inwoners"])
OFFICE_VISIT = _visit(_CONTENT["visits"]["office"])
PARTICIPANTS = {kind: tuple(_participant(raw) for raw in invited) for kind, invited in _CONTENT["participants"].items()}
TASKS = tuple(_task(raw) for raw in _CONTENT["tasks"])
AGREEMENTS = tuple(
    (agreement["who"], AgreementKind(agreement["kind"]), agreement["description"], agreement["days"])
    for agreement in _CONTENT["agreements"]
)
CHECKLIST_NOTES = {ChecklistStatus(answer): note for answer, note in _CONTENT["checklist_notes"].items()}
STAFF = {gemeente: (staff["projectleider"], staff["teamlid"]) for gemeente, staff in _CONTENT["staff"].items()}
PEOPLE = {key: (person["discipline"], TeamRole(person["role"])) for key, person in _CONTENT["people"].items()}
DEMO_PROJECTS = tuple(_project(raw) for raw in _CONTENT["projects"])
