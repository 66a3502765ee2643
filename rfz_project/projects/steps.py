"""Recording progress on a routekaart step: its status, owner, due date and notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import selectinload

from .. import access
from ..access import Need
from ..errors import ConflictError, NotFound, ValidationError
from ..models import Decision, Project, StepState, StepStatus, User
from ..routekaart import Step, current_routekaart
from ..services_common import commit_or_conflict, expect_version
from . import planning
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
        options=[selectinload(Project.gemeente), selectinload(Project.decisions), selectinload(Project.step_states)],
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
    advice: str | None
    decisions: list[Decision]
    owners: list[User]
    can_write: bool


def step_page(actor: User, project_id: int, step_key: str, need: Need = Need.READ) -> StepPage:
    project, step, state = get_step(actor, project_id, step_key, need)
    selection = current_routekaart().get("scope_type", project.scope_type).selection
    return StepPage(
        project=project,
        step=step,
        state=state,
        advice=planning.step_advice(step, selection),
        decisions=[d for d in project.decisions if d.step_key == step_key],
        owners=gemeente_staff(project.gemeente_id),
        can_write=access.can(actor, project, Need.WRITE),
    )


def _validated_status(project: Project, data: StepInput) -> StepStatus:
    errors: dict[str, list[str]] = {}
    status = None
    try:
        status = StepStatus(data.status)
    except ValueError:
        errors["status"] = ["Kies een status uit de lijst."]
    if data.owner_id is not None and data.owner_id not in {u.id for u in gemeente_staff(project.gemeente_id)}:
        errors["owner_id"] = ["Kies een eigenaar uit de medewerkers van deze gemeente."]
    if errors or status is None:
        raise ValidationError(errors)
    return status


def update_step(
    actor: User, project_id: int, step_key: str, data: StepInput, expected_version: int | None
) -> StepState:
    """expected_version None means the form was loaded when the step had no state yet."""
    project, _step, state = get_step(actor, project_id, step_key, Need.WRITE)
    status = _validated_status(project, data)
    if state is None:
        if expected_version is not None:
            raise ConflictError()
        state = StepState(step_key=step_key)
        project.step_states.append(state)  # through the loaded collection, so it stays complete
    else:
        expect_version(state, expected_version)
    state.status, state.owner_id = status, data.owner_id
    state.due_date, state.notes = data.due_date, data.notes.strip()
    commit_or_conflict()
    return state
