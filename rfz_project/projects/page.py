"""Reading projects: one project's page with its phases and steps, and the start page's overview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .. import access
from ..access import Need
from ..extensions import db
from ..models import Gemeente, Project, StepState, StepStatus, User
from ..routekaart import Phase, Routekaart, Step, current_routekaart
from . import planning


@dataclass(frozen=True)
class StepView:
    step: Step
    state: StepState | None
    advice: str | None

    @property
    def status(self) -> StepStatus:
        return self.state.status if self.state else StepStatus.TE_DOEN


@dataclass(frozen=True)
class PhaseView:
    planned: planning.PlannedPhase
    steps: tuple[StepView, ...]
    progress: planning.Progress
    status: str


@dataclass(frozen=True)
class ProjectPage:
    project: Project
    scope_label: str
    selection: str
    phases: tuple[PhaseView, ...]
    progress: planning.Progress
    timeline: planning.Timeline
    can_write: bool
    can_manage: bool


_PAGE_OPTIONS = (
    selectinload(Project.gemeente),
    selectinload(Project.mijlpaal_rows),
    selectinload(Project.step_states).selectinload(StepState.owner),
    selectinload(Project.team),
    selectinload(Project.plan),
    selectinload(Project.decisions),
)


def _phase_views(rk: Routekaart, project: Project, selection: str) -> tuple[PhaseView, ...]:
    states = {s.step_key: s for s in project.step_states}
    planned = planning.planned_phases(rk, selection, len(project.mijlpaal_rows), project.start_date)
    views = []
    for plan in planned:
        steps = tuple(
            StepView(step=s, state=states.get(s.full_key), advice=planning.step_advice(s, selection))
            for s in plan.phase.steps
        )
        statuses = [v.status for v in steps]
        views.append(
            PhaseView(
                planned=plan, steps=steps, progress=planning.progress(statuses), status=planning.phase_status(statuses)
            )
        )
    return tuple(views)


def project_page(actor: User, project_id: int, today: date | None = None) -> ProjectPage:
    rk = current_routekaart()
    project = access.get_project(actor, project_id, Need.READ, options=_PAGE_OPTIONS)
    scope = rk.get("scope_type", project.scope_type)
    phases = _phase_views(rk, project, scope.selection)
    total = sum((p.progress for p in phases), planning.Progress(0, 0))
    return ProjectPage(
        project=project,
        scope_label=scope.label,
        selection=scope.selection,
        phases=phases,
        progress=total,
        timeline=planning.timeline([p.planned for p in phases], today or date.today()),
        can_write=access.can(actor, project, Need.WRITE),
        can_manage=access.can(actor, project, Need.MANAGE),
    )


# --- the start page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectSummary:
    project: Project
    scope_label: str
    progress: planning.Progress
    current_phase: str


def _step_statuses(projects: list[Project]) -> dict[int, dict[str, StepStatus]]:
    """Per project the stored status per step key, as plain rows (no StepState objects)."""
    statuses: dict[int, dict[str, StepStatus]] = {}
    if projects:
        rows = db.session.execute(
            sa.select(StepState.project_id, StepState.step_key, StepState.status).where(
                StepState.project_id.in_([p.id for p in projects])
            )
        )
        for project_id, step_key, status in rows:
            statuses.setdefault(project_id, {})[step_key] = status
    return statuses


def _summary(rk: Routekaart, project: Project, known: dict[str, StepStatus]) -> ProjectSummary:
    per_phase: list[tuple[Phase, list[StepStatus]]] = [
        (phase, [known.get(step.full_key, StepStatus.TE_DOEN) for step in phase.steps]) for phase in rk.phases
    ]
    current = next(
        (phase.label for phase, phase_statuses in per_phase if planning.phase_status(phase_statuses) != "Afgerond"),
        "Afgerond",
    )
    return ProjectSummary(
        project=project,
        scope_label=rk.get("scope_type", project.scope_type).label,
        progress=sum((planning.progress(st) for _phase, st in per_phase), planning.Progress(0, 0)),
        current_phase=current,
    )


def project_overview_for(actor: User) -> list[ProjectSummary]:
    """The projects on the start page, with progress, in a fixed number of queries.

    Only the step statuses are fetched (as plain rows, not objects): a procesbegeleider may oversee
    hundreds of projects, and building ORM objects for every step would dominate the page's time.
    """
    rk = current_routekaart()
    projects = list(
        db.session.scalars(
            access.visible_projects_query(actor)
            .options(selectinload(Project.gemeente))
            .join(Gemeente)
            .order_by(Gemeente.name, Project.name)
        )
    )
    statuses = _step_statuses(projects)
    return [_summary(rk, project, statuses.get(project.id, {})) for project in projects]
