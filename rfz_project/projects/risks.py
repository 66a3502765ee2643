"""The risks of the projectplan: one row each (risico, kans, impact, maatregel), shown as a table in the
document. Edited on the projectplan page; the plan's free text `risks` is the explanation under the table."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from .. import access
from ..access import Need
from ..errors import ValidationError
from ..extensions import db
from ..models import Project, ProjectRisk, RiskLevel, User
from ..services_common import RecordForm, delete_in_project, save_row, text_errors

MAX_TITLE = 200
MAX_MEASURE = 20_000


@dataclass(frozen=True)
class RiskInput:
    title: str
    likelihood: str = RiskLevel.MIDDEL.value
    impact: str = RiskLevel.MIDDEL.value
    measure: str = ""


@dataclass(frozen=True)
class RiskContext(RecordForm[ProjectRisk]):
    """What the risk form needs: the project, and the risk when editing."""


def risk_list(actor: User, project_id: int) -> list[ProjectRisk]:
    """The project's risks in the order they were added (one query after the access check)."""
    project = access.get_project(actor, project_id)
    return risks_of(project.id)


def risks_of(project_id: int) -> list[ProjectRisk]:
    """For a project the caller has already loaded through access."""
    return list(
        db.session.scalars(sa.select(ProjectRisk).where(ProjectRisk.project_id == project_id).order_by(ProjectRisk.id))
    )


def risk_form(actor: User, project_id: int, risk_id: int | None = None, need: Need = Need.READ) -> RiskContext:
    """The form to add a risk (no `risk_id`) or to show and change one."""
    project = access.get_project(actor, project_id, need, options=[joinedload(Project.gemeente)])
    risk = access.record_in_project(project, ProjectRisk, risk_id) if risk_id is not None else None
    return RiskContext(project=project, record=risk, can_write=access.can(actor, project, Need.WRITE))


def validate_risk(data: RiskInput) -> None:
    """Every problem at once, each on its own field."""
    errors = text_errors("title", data.title.strip(), MAX_TITLE, "Beschrijf het risico: wat kan er misgaan?")
    levels = {level.value for level in RiskLevel}
    if data.likelihood not in levels:
        errors["likelihood"] = ["Kies hoe groot de kans is: laag, middel of hoog."]
    if data.impact not in levels:
        errors["impact"] = ["Kies hoe groot de gevolgen zijn: laag, middel of hoog."]
    if len(data.measure.strip()) > MAX_MEASURE:
        errors["measure"] = ["Maximaal 20.000 tekens."]
    if errors:
        raise ValidationError(errors)


def save_risk(
    actor: User, project_id: int, data: RiskInput, risk_id: int | None = None, expected_version: int | None = None
) -> ProjectRisk:
    """Create (risk_id None) or change a risk; a stale version is a ConflictError."""
    context = risk_form(actor, project_id, risk_id, Need.WRITE)
    risk = context.record_to_save(expected_version, ProjectRisk)
    validate_risk(data)
    risk.title, risk.measure = data.title.strip(), data.measure.strip()
    risk.likelihood, risk.impact = RiskLevel(data.likelihood), RiskLevel(data.impact)
    return save_row(risk)


def delete_risk(actor: User, project_id: int, risk_id: int) -> None:
    delete_in_project(actor, project_id, ProjectRisk, risk_id)
