"""Decisions about a project, and the decision log (archivering) that lists them all.

A decision belongs to one routekaart step; a new one starts at Besluitvorming, the step that records the
go-ahead. The log stores nothing of its own: it is derived from decisions, actions and regular tasks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from .. import access
from ..access import Need
from ..errors import ValidationError
from ..extensions import db
from ..inputs_from import input_from
from ..models import Action, ActionStatus, ActionTiming, Decision, Project, RegularTask, User
from ..routekaart import Routekaart, current_routekaart
from ..services_common import commit_or_conflict, delete_row, expect_version, save_row

# The routekaart has no attribute that marks these steps, so they are named once, here.
BESLUITVORMING_STEP = "voorbereiding.besluitvorming"  # where a new decision goes; it lists its decisions
RESULTATEN_STEP = "uitvoering.resultaten"  # where the resultatensessie's choices are made


# --- recording decisions ------------------------------------------------------------------------------


@dataclass
class DecisionInput:
    title: str
    decided_on: date | None
    decided_by: str
    budget: Decimal | None
    capacity_hours: int | None
    rationale: str
    step_key: str | None = None  # None: a new decision belongs to Besluitvorming, an edit keeps its step


def decision_input_from(decision: Decision) -> DecisionInput:
    """A stored decision as the form would submit it, with the step it belongs to."""
    return input_from(DecisionInput, decision)


@dataclass(frozen=True)
class DecisionPage:
    """What the form of an existing decision needs."""

    project: Project
    decision: Decision
    can_write: bool


def decision_step_choices(rk: Routekaart) -> list[tuple[str, str]]:
    """Every routekaart step a decision can belong to, as (full key, 'Fase: stap')."""
    return [(step.full_key, f"{phase.label}: {step.label}") for phase in rk.phases for step in phase.steps]


def decision_record_errors(data: DecisionInput) -> dict[str, list[str]]:
    """Every rule of a decision; none depends on the moment it is entered, so a stored one keeps them all."""
    errors: dict[str, list[str]] = {}
    if data.step_key is not None and current_routekaart().get("step", data.step_key) is None:
        errors["step_key"] = ["Kies een fase en stap van de routekaart."]
    if not data.title.strip():
        errors["title"] = ["Geef het besluit een titel."]
    if data.budget is not None and data.budget < 0:
        errors["budget"] = ["Het budget kan niet negatief zijn."]
    if data.capacity_hours is not None and data.capacity_hours < 0:
        errors["capacity_hours"] = ["De capaciteit kan niet negatief zijn."]
    return errors


def validate_decision(data: DecisionInput) -> None:
    errors = decision_record_errors(data)
    if errors:
        raise ValidationError(errors)


def get_decision(actor: User, project_id: int, decision_id: int, need: Need = Need.READ) -> tuple[Project, Decision]:
    return access.get_in_project(
        actor, project_id, Decision, decision_id, need, project_options=[joinedload(Project.gemeente)]
    )


def project_for_new_decision(actor: User, project_id: int) -> Project:
    """Even showing the form of a new decision needs WRITE: there is nothing to read in it yet."""
    return access.get_project(actor, project_id, Need.WRITE)


def decision_page(actor: User, project_id: int, decision_id: int, need: Need = Need.READ) -> DecisionPage:
    project, decision = get_decision(actor, project_id, decision_id, need)
    return DecisionPage(project=project, decision=decision, can_write=access.can(actor, project, Need.WRITE))


def save_decision(
    actor: User,
    project_id: int,
    data: DecisionInput,
    decision_id: int | None = None,
    expected_version: int | None = None,
) -> Decision:
    if decision_id is None:
        project = project_for_new_decision(actor, project_id)
        decision = Decision(project_id=project.id, step_key=BESLUITVORMING_STEP)
    else:
        _project, decision = get_decision(actor, project_id, decision_id, Need.WRITE)
        expect_version(decision, expected_version)
    validate_decision(data)
    if data.step_key is not None:
        decision.step_key = data.step_key
    decision.title, decision.decided_on = data.title.strip(), data.decided_on
    decision.decided_by, decision.budget = data.decided_by.strip(), data.budget
    decision.capacity_hours, decision.rationale = data.capacity_hours, data.rationale.strip()
    return save_row(decision)


def delete_decision(actor: User, project_id: int, decision_id: int) -> None:
    _project, decision = get_decision(actor, project_id, decision_id, Need.WRITE)
    delete_row(decision)  # actions that relied on it wait for one again


# --- the decision log (archivering) ----------------------------------------------------------------


@dataclass(frozen=True)
class LogEntry:
    """One decision with where in the routekaart it was taken and what rests on it."""

    decision: Decision
    step_label: str
    actions: list[Action]
    tasks: list[RegularTask]


@dataclass(frozen=True)
class DecisionLog:
    project: Project
    entries: list[LogEntry]
    step_filter: str
    total: int  # decisions of the project, whatever the filter
    quick_wins: list[Action]
    later: list[Action]
    decisions_needed: list[Action]
    show_choices: bool  # the derived resultatensessie section falls within the filter
    can_write: bool


def step_filter_choices(rk: Routekaart) -> list[tuple[str, str]]:
    """'All', then each phase as a whole followed by its steps."""
    steps = decision_step_choices(rk)
    choices = [("", "Alle fasen en stappen")]
    for phase in rk.phases:
        choices.append((phase.key, f"{phase.label} (hele fase)"))
        choices.extend(c for c in steps if c[0].startswith(f"{phase.key}."))
    return choices


def clean_step_filter(rk: Routekaart, value: str) -> str:
    """A phase key or a step's full key; anything else means no filter, so a hand-made URL cannot fail."""
    return value if rk.get("phase", value) or rk.get("step", value) else ""


def _within(step_key: str, step_filter: str) -> bool:
    return not step_filter or step_key == step_filter or step_key.startswith(f"{step_filter}.")


def step_label(rk: Routekaart, step_key: str) -> str:
    step = rk.get("step", step_key)
    return f"{rk.get('phase', step.phase_key).label}: {step.label}" if step else "Onbekende stap"


def decision_order(decision: Decision) -> tuple[bool, date, int]:
    """Oldest first, undated ones last (they cannot be placed in time)."""
    return (decision.decided_on is None, decision.decided_on or date.min, decision.id)


def _by_theme(action: Action) -> tuple[bool, str, str, int]:
    """Grouped by theme as in the resultatensessie; actions without a theme last."""
    return (
        action.theme is None,
        action.theme.name.casefold() if action.theme else "",
        action.title.casefold(),
        action.id,
    )


def _per_decision(items: list[Any]) -> dict[int, list[Any]]:
    groups: dict[int, list[Any]] = {}
    for item in items:
        if item.decision_id is not None:
            groups.setdefault(item.decision_id, []).append(item)
    return groups


def _actions(project: Project) -> list[Action]:
    query = sa.select(Action).where(Action.project_id == project.id).options(selectinload(Action.theme))
    return sorted(db.session.scalars(query), key=_by_theme)


def _tasks(project: Project) -> list[RegularTask]:
    """The project's regular tasks in the order the task list shows them."""
    query = (
        sa.select(RegularTask)
        .where(RegularTask.project_id == project.id)
        .order_by(sa.func.lower(RegularTask.title), RegularTask.id)
    )
    return list(db.session.scalars(query))


def decision_log(actor: User, project_id: int, step_filter: str = "") -> DecisionLog:
    """Every decision with its linked actions and tasks, plus the resultatensessie's choices derived
    from the actions, in a fixed number of queries."""
    rk = current_routekaart()
    project = access.get_project(
        actor, project_id, Need.READ, options=[joinedload(Project.gemeente), selectinload(Project.decisions)]
    )
    step_filter = clean_step_filter(rk, step_filter)
    actions = _actions(project)
    actions_of, tasks_of = _per_decision(actions), _per_decision(_tasks(project))
    entries = [
        LogEntry(
            decision=d,
            step_label=step_label(rk, d.step_key),
            actions=actions_of.get(d.id, []),
            tasks=tasks_of.get(d.id, []),
        )
        for d in sorted(project.decisions, key=decision_order)
        if _within(d.step_key, step_filter)
    ]
    return DecisionLog(
        project=project,
        entries=entries,
        step_filter=step_filter,
        total=len(project.decisions),
        quick_wins=[a for a in actions if a.timing is ActionTiming.QUICK_WIN],
        later=[a for a in actions if a.timing is ActionTiming.LATER],
        decisions_needed=[
            a for a in actions if a.needs_decision and a.decision_id is None and a.status is not ActionStatus.GESCHRAPT
        ],
        show_choices=_within(RESULTATEN_STEP, step_filter),
        can_write=access.can(actor, project, Need.WRITE),
    )


def save_record_keeping(actor: User, project_id: int, text: str, expected_version: int | None) -> Project:
    """The team's agreements on where and how choices, decisions and documents are kept (step Archivering)."""
    project = access.get_project(actor, project_id, Need.WRITE)
    if len(text) > 20000:
        raise ValidationError({"record_keeping": ["Maximaal 20.000 tekens."]})
    expect_version(project, expected_version)
    project.record_keeping = text.strip()
    commit_or_conflict()
    return project
