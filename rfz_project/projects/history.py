"""A project's history: its audit trail, newest first, one page at a time."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .. import access
from ..access import Need
from ..extensions import db
from ..models import AuditEvent, Project, User

HISTORY_PAGE_SIZE = 50


@dataclass(frozen=True)
class HistoryPage:
    project: Project
    events: list[AuditEvent]
    page: int
    pages: int
    total: int


def history_page(actor: User, project_id: int, page: int = 1) -> HistoryPage:
    """The project's audit trail, newest first; a page number out of range shows the nearest page."""
    project = access.get_project(actor, project_id, Need.READ, options=[selectinload(Project.gemeente)])
    of_project = AuditEvent.project_id == project.id
    total = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(of_project)) or 0
    pages = max(1, -(-total // HISTORY_PAGE_SIZE))
    page = min(max(1, page), pages)
    events = list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(of_project)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(HISTORY_PAGE_SIZE)
            .offset((page - 1) * HISTORY_PAGE_SIZE)
        )
    )
    return HistoryPage(project=project, events=events, page=page, pages=pages, total=total)
