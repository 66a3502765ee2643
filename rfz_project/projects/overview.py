"""The start page: every project the user may read, a page at a time, open projects before closed ones.

A coördinator reads all 684 projects of the country; the page counts them in SQL, loads only the page's
projects and takes their progress from `summaries` (derived once per change of a project).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from .. import access
from ..extensions import db
from ..kept import newest_event_columns
from ..models import Gemeente, Project, User
from ..paging import Paging, page_of
from ..routekaart import current_routekaart
from .summaries import ProgressSummary, summaries_for

PAGE_SIZE = 25  # a coördinator's list holds every project of the country


@dataclass(frozen=True)
class StartRow:
    project: Project  # with its gemeente
    scope_label: str
    progress: ProgressSummary


@dataclass(frozen=True)
class StartOverview:
    rows: list[StartRow]  # the page's rows: open projects first, then closed ones
    open_count: int  # in the whole list, not only this page
    closed_count: int
    paging: Paging

    @property
    def open_rows(self) -> list[StartRow]:
        return [r for r in self.rows if not r.project.is_closed]

    @property
    def closed_rows(self) -> list[StartRow]:
        return [r for r in self.rows if r.project.is_closed]


def start_overview(actor: User, page: int | None = None, today: date | None = None) -> StartOverview:
    """One page of the start page's list, in a fixed number of queries whatever the number of projects."""
    rk, today = current_routekaart(), today or date.today()
    visible = access.visible_projects_query(actor).subquery()
    total, closed, *newest = db.session.execute(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(sa.case((visible.c.closed_at.is_not(None), 1), else_=0)), 0),
            *newest_event_columns(),
        ).select_from(visible)
    ).one()
    paging = page_of(page, total, PAGE_SIZE)
    projects = list(
        db.session.scalars(
            access.visible_projects_query(actor)
            .join(Project.gemeente)
            .options(contains_eager(Project.gemeente))
            .order_by(Project.closed_at.is_not(None), Gemeente.name, Project.name, Project.id)
            .offset(paging.offset)
            .limit(paging.size)
        )
    )
    figures = summaries_for([p.id for p in projects], today, newest=tuple(newest))
    rows = [
        StartRow(project=p, scope_label=_scope_label(rk, p.scope_type), progress=figures[p.id])
        for p in projects
        if p.id in figures
    ]
    return StartOverview(rows=rows, open_count=total - closed, closed_count=closed, paging=paging)


def _scope_label(rk, key: str) -> str:
    scope = rk.get("scope_type", key)
    return scope.label if scope else key
