"""Recording progress on a routekaart step: its status, owner, due date and notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import joinedload, selectinload

from .. import access
from ..access import Need
from ..errors import ConflictError, NotFound, ValidationError
from ..models import Decision, Project, StepState, StepStatus, User
from ..routekaart import Step, current_routekaart
from ..services_common import commit_or_conflict, expect_version
from . import planning, progress
from .page import project_progress_of
from .team import gemeente_staff


@dataclass
class StepInput:
    status: str
    owner_id: int | None
    due_date: date | None
    notes: str


def get_step(
    actor: User, project_id: int, step_key: str, need: Need = Need.READ
) -> tuple[Project, Step, StepState | None]:
    """The project, the step's content and its stored state (None when never edited).

    A step's state is found by step key among the project's own states (it has no id in the URL).
    """
    step = current_routekaart().get("step", step_key)
    if step is None:
        raise NotFound()
    project = access.get_project(
        actor,
        project_id,
        need,
        options=[joinedload(Project.gemeente), selectinload(Project.decisions), selectinload(Project.step_states)],
    )
    state = next((s for s in project.step_states if s.step_key == step_key), None)
    return project, step, state


def stored_version(actor: User, project_id: int, step_key: str) -> int | None:
    """The version of the step's stored state, after a conflict; None while the step was never edited."""
    _project, _step, state = get_step(actor, project_id, step_key)
    return state.version if state else None


@dataclass(frozen=True)
class StepPage:
    project: Project
    step: Step
    state: StepState | None
    progress: progress.StepProgress
    advice: str | None
    decisions: list[Decision]
    owners: list[User]
    can_write: bool
    can_manage: bool


def _progress(project: Project, step: Step, today: date | None) -> progress.StepProgress:
    derived, _facts = project_progress_of(project, today or date.today())
    return next(s for s in derived.steps if s.step.full_key == step.full_key)


def step_page(
    actor: User, project_id: int, step_key: str, need: Need = Need.READ, today: date | None = None
) -> StepPage:
    project, step, state = get_step(actor, project_id, step_key, need)
    selection = current_routekaart().get("scope_type", project.scope_type).selection
    return StepPage(
        project=project,
        step=step,
        state=state,
        progress=_progress(project, step, today),
        advice=planning.step_advice(step, selection),
        decisions=[d for d in project.decisions if d.step_key == step_key],
        owners=gemeente_staff(project.gemeente_id),
        can_write=access.can(actor, project, Need.WRITE),
        can_manage=access.can(actor, project, Need.MANAGE),
    )


# Closing a step by hand while the tool still misses something is fine (the work may have happened
# elsewhere), but then the notes must say so: otherwise "afgerond" would hide what is missing.
NOTE_NEEDED = (
    "Deze stap voldoet nog niet aan alles wat erbij hoort. Schrijf in de notities waar of hoe het werk "
    "is gedaan, dan kunt u de stap toch afronden."
)


def _validated_status(project: Project, step: Step, data: StepInput) -> StepStatus:
    errors: dict[str, list[str]] = {}
    status = None
    try:
        status = StepStatus(data.status)
    except ValueError:
        errors["status"] = ["Kies een status uit de lijst."]
    if status == StepStatus.AFGEROND and not data.notes.strip() and _progress(project, step, None).missing:
        errors["notes"] = [NOTE_NEEDED]
    if data.owner_id is not None and data.owner_id not in {u.id for u in gemeente_staff(project.gemeente_id)}:
        errors["owner_id"] = ["Kies een eigenaar uit de medewerkers van deze gemeente."]
    if errors or status is None:
        raise ValidationError(errors)
    return status


def _state_to_change(project: Project, step_key: str, state: StepState | None, expected_version: int | None):
    """The step's stored state, made on first change; expected_version None: the form saw no state yet."""
    if state is None:
        if expected_version is not None:
            raise ConflictError()
        state = StepState(step_key=step_key)
        project.step_states.append(state)  # through the loaded collection, so it stays complete
        return state
    expect_version(state, expected_version)
    return state


def update_step(
    actor: User, project_id: int, step_key: str, data: StepInput, expected_version: int | None
) -> StepState:
    project, step, state = get_step(actor, project_id, step_key, Need.WRITE)
    status = _validated_status(project, step, data)
    state = _state_to_change(project, step_key, state, expected_version)
    state.status, state.owner_id = status, data.owner_id
    state.due_date, state.notes = data.due_date, data.notes.strip()
    commit_or_conflict()
    return state


def close_step(actor: User, project_id: int, step_key: str, expected_version: int | None) -> StepState:
    """Afronden: record as done a step whose criteria are all met (owner, deadline and notes stay)."""
    project, step, state = get_step(actor, project_id, step_key, Need.WRITE)
    if not _progress(project, step, None).can_be_closed:
        raise ValidationError({"status": ["Deze stap is nog niet klaar om af te ronden: zie wat er nog ontbreekt."]})
    state = _state_to_change(project, step_key, state, expected_version)
    state.status = StepStatus.AFGEROND
    commit_or_conflict()
    return state
