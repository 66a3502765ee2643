"""The projectplan: its texts, recorded in Voorbereiding for the document later."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import joinedload, selectinload

from .. import access
from ..access import Need
from ..errors import ConflictError
from ..extensions import db
from ..models import Project, ProjectPlan, ProjectRisk, User
from ..services_common import commit_or_conflict, expect_version
from .risks import risks_of

# The sections of the projectplan, in the order of the document, with the heading each one has.
PLAN_SECTIONS = {
    "aim": "Doel",
    "scope": "Afbakening",
    "result": "Resultaat",
    "approach": "Aanpak",
    "organisation": "Organisatie",
    "planning": "Planning",
    "risks": "Risico's",  # the rows of projects/risks.py, with this text as the explanation under them
}
PLAN_FIELDS = tuple(PLAN_SECTIONS)
# The plan's free text on risks, since the risks themselves are rows (projects/risks.py): the form and the
# history call it so, the document prints it under the risks table.
RISKS_NOTE_LABEL = "Toelichting op de risico's"


@dataclass(frozen=True)
class PlanPage:
    project: Project
    plan: ProjectPlan | None  # None until the plan is first saved
    can_write: bool
    risks: list[ProjectRisk] = field(default_factory=list)  # in the order they were added


def get_plan(actor: User, project_id: int, need: Need = Need.READ) -> tuple[Project, ProjectPlan | None]:
    project = access.get_project(
        actor, project_id, need, options=[selectinload(Project.plan), joinedload(Project.gemeente)]
    )
    return project, project.plan


def plan_page(actor: User, project_id: int, need: Need = Need.READ) -> PlanPage:
    project, plan = get_plan(actor, project_id, need)
    return PlanPage(
        project=project, plan=plan, can_write=access.can(actor, project, Need.WRITE), risks=risks_of(project.id)
    )


def stored_version(actor: User, project_id: int) -> int | None:
    """The stored plan's version, after a conflict; None while the project has no plan yet."""
    _project, plan = get_plan(actor, project_id)
    return plan.version if plan else None


def save_plan(actor: User, project_id: int, values: dict[str, str], expected_version: int | None) -> ProjectPlan:
    project, plan = get_plan(actor, project_id, Need.WRITE)
    if plan is None:
        if expected_version is not None:
            raise ConflictError()
        plan = ProjectPlan(project_id=project.id)
        db.session.add(plan)
    else:
        expect_version(plan, expected_version)
    for name in PLAN_FIELDS:
        setattr(plan, name, (values.get(name) or "").strip())
    commit_or_conflict()
    return plan
