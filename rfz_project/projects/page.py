"""Reading projects: one project's page with its phases and steps, and the start page's overview."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import joinedload

from .. import access
from ..access import Need
from ..extensions import db
from ..models import Gemeente, Project, User
from ..routekaart import Step, current_routekaart
from . import facts, planning, summaries
from . import progress as derive


@dataclass(frozen=True)
class StepView:
    """A step on the project page: its derived progress, who owns it, and the toolkit's advice for the scope."""

    progress: derive.StepProgress
    owner_name: str
    advice: str | None

    @property
    def step(self) -> Step:
        return self.progress.step

    @property
    def status(self) -> derive.DerivedStatus:
        return self.progress.status


@dataclass(frozen=True)
class PhaseView:
    progress: derive.PhaseProgress
    steps: tuple[StepView, ...]

    @property
    def planned(self) -> planning.PlannedPhase:
        return self.progress.planned

    @property
    def status(self) -> str:
        return self.progress.status


@dataclass(frozen=True)
class BudgetView:
    """The actions' budget against what was decided: a shortfall is said in so many words."""

    actions: Decimal
    decided: Decimal | None

    @property
    def shortfall(self) -> Decimal:
        return max(Decimal(0), self.actions - (self.decided or 0))

    @property
    def surplus(self) -> Decimal:
        return max(Decimal(0), (self.decided or 0) - self.actions)


@dataclass(frozen=True)
class PageFigures:
    """What the project page derives from the project's facts: kept while the project is unchanged (plain values
    only), so rendered.part_of keeps the HTML of the phases with it."""

    scope_label: str
    selection: str
    phases: tuple[PhaseView, ...]
    progress: derive.ProjectProgress
    timeline: planning.Timeline
    actual_rule: str  # how the actual dates of the phases are found, in words
    budget: BudgetView
    late_sessies: int
    mijlpalen: tuple[str, ...]  # in the routekaart's order
    team_size: int


@dataclass(frozen=True)
class ProjectPage:
    project: Project
    figures: PageFigures
    can_write: bool
    can_manage: bool

    # The figures by name, as the page and the documents read them.
    scope_label = property(lambda self: self.figures.scope_label)
    selection = property(lambda self: self.figures.selection)
    phases = property(lambda self: self.figures.phases)
    progress = property(lambda self: self.figures.progress)
    timeline = property(lambda self: self.figures.timeline)
    actual_rule = property(lambda self: self.figures.actual_rule)
    budget = property(lambda self: self.figures.budget)
    late_sessies = property(lambda self: self.figures.late_sessies)
    mijlpalen = property(lambda self: self.figures.mijlpalen)
    team_size = property(lambda self: self.figures.team_size)


# The page shows the project and its gemeente; the mijlpalen, the team's size, the steps' owners and
# everything the progress needs come with the facts (as plain rows), so nothing is loaded twice.
_PAGE_OPTIONS = (joinedload(Project.gemeente),)


def _phase_views(
    project_facts: facts.ProjectFacts, selection: str, progress: derive.ProjectProgress
) -> tuple[PhaseView, ...]:
    def owner_of(step_key: str) -> str:
        stored = project_facts.steps.get(step_key)
        return stored.owner_name if stored else ""

    return tuple(
        PhaseView(
            progress=phase,
            steps=tuple(
                StepView(
                    progress=s, owner_name=owner_of(s.step.full_key), advice=planning.step_advice(s.step, selection)
                )
                for s in phase.steps
            ),
        )
        for phase in progress.phases
    )


def project_progress_of(
    project: Project, today: date, fingerprint: summaries.Fingerprint | None = None
) -> tuple[derive.ProjectProgress, facts.ProjectFacts]:
    """The derived progress of one loaded project (and the facts it came from, kept while they hold)."""
    project_facts = summaries.facts_of(project, today, fingerprint)
    return derive.project_progress(current_routekaart(), project_facts), project_facts


def project_page(actor: User, project_id: int, today: date | None = None, options: Sequence[Any] = ()) -> ProjectPage:
    """The project page; `options` load more of the project for a caller that reads more (the documents)."""
    today = today or date.today()
    project, fingerprint = summaries.load_project(actor, project_id, Need.READ, (*_PAGE_OPTIONS, *options), today)
    figures = summaries.kept_while_unchanged(
        ("project_page", project.id), fingerprint, lambda: _figures(project, today, fingerprint)
    )
    return ProjectPage(
        project=project,
        figures=figures,
        can_write=access.can(actor, project, Need.WRITE),
        can_manage=access.can(actor, project, Need.MANAGE),
    )


def _figures(project: Project, today: date, fingerprint: summaries.Fingerprint) -> PageFigures:
    rk = current_routekaart()
    scope = rk.get("scope_type", project.scope_type)
    derived, project_facts = project_progress_of(project, today, fingerprint)
    return PageFigures(
        scope_label=scope.label,
        selection=scope.selection,
        phases=_phase_views(project_facts, scope.selection, derived),
        progress=derived,
        timeline=planning.timeline([p.planned for p in derived.phases], today, [p.actual for p in derived.phases]),
        actual_rule=derive.actual_rule(rk),
        budget=BudgetView(actions=project_facts.actions.budget, decided=project_facts.decided_budget),
        late_sessies=project_facts.late_sessies,
        mijlpalen=tuple(rk.mijlpaal_order(project_facts.mijlpalen)),
        team_size=project_facts.team_size,
    )


# --- the start page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectSummary:
    project: Project
    scope_label: str
    progress: derive.ProjectProgress
    late_actions: int

    @property
    def current_phase(self) -> str:
        return self.progress.current_label


def project_overview_for(actor: User, today: date | None = None) -> list[ProjectSummary]:
    """The projects on the start page, with their derived progress, in a fixed number of queries.

    The facts are gathered for all projects at once as plain rows (facts.facts_for): a procesbegeleider
    may oversee hundreds of projects, and loading objects per project would dominate the page's time.
    """
    rk = current_routekaart()
    today = today or date.today()
    projects = list(
        db.session.scalars(
            access.visible_projects_query(actor)
            .options(joinedload(Project.gemeente))
            .join(Gemeente)
            .order_by(Gemeente.name, Project.name)
        )
    )
    all_facts = facts.facts_for(projects, today)
    return [
        ProjectSummary(
            project=project,
            scope_label=rk.get("scope_type", project.scope_type).label,
            progress=derive.project_progress(rk, all_facts[project.id]),
            late_actions=all_facts[project.id].actions.late,
        )
        for project in projects
    ]
