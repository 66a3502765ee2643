"""The start page: every project the user may read, a page at a time, open projects before closed ones.

A coördinator reads all 684 projects of the country; the page counts them in SQL, reads only the page's
projects (as plain values) and takes their progress from `summaries` (derived once per change of a project);
a page is kept per view until the data changes (kept.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from .. import access, kept
from ..extensions import db
from ..kept import Kept
from ..models import Gemeente, User
from ..paging import Paging, page_of
from ..routekaart import current_routekaart
from .summaries import ProgressSummary, summaries_for

PAGE_SIZE = 25  # a coördinator's list holds every project of the country


@dataclass(frozen=True)
class StartProject:
    """What a row of the start page shows of a project, read as plain values."""

    id: int
    name: str
    gemeente_name: str
    closed_at: datetime | None
    closed_by_name: str
    closed_reason: str

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True)
class StartRow:
    project: StartProject
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


# A page of the list is the same for everybody with the same view until the data changes (kept.py).
_KEPT: Kept[StartOverview] = Kept("start_pages")


def start_overview(actor: User, page: int | None = None, today: date | None = None) -> StartOverview:
    """One page of the start page's list, in a fixed number of queries whatever the number of projects: one
    while the page is kept."""
    return start_overview_with(actor, page, (), today)[0]


def start_overview_with(
    actor: User, page: int | None, columns: Sequence[sa.ColumnElement[Any]], today: date | None = None
) -> tuple[StartOverview, tuple]:
    """start_overview, with `columns` (what else the start page counts) read in the statement of its marker and
    returned beside it."""
    today = today or date.today()
    row = kept.read_marker(*columns)
    marker, values = (today, *row[: len(row) - len(columns)]), tuple(row[len(row) - len(columns) :])
    overview = _KEPT.get_or_make(
        (access.readable_key(actor), page), marker, lambda: _start_overview(actor, page, marker)
    )
    return overview, values


def _start_overview(actor: User, page: int | None, marker: tuple) -> StartOverview:
    rk, today = current_routekaart(), marker[0]
    visible = access.visible_projects_query(actor).subquery()
    total, closed = db.session.execute(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(sa.case((visible.c.closed_at.is_not(None), 1), else_=0)), 0),
        ).select_from(visible)
    ).one()
    paging = page_of(page, total, PAGE_SIZE)
    in_view = visible.c
    projects = db.session.execute(
        sa.select(
            in_view.id,
            in_view.name,
            Gemeente.name,
            in_view.closed_at,
            in_view.closed_by_name,
            in_view.closed_reason,
            in_view.scope_type,
        )
        .join(Gemeente, Gemeente.id == in_view.gemeente_id)
        .order_by(in_view.closed_at.is_not(None), Gemeente.name, in_view.name, in_view.id)
        .offset(paging.offset)
        .limit(paging.size)
    ).all()
    figures = summaries_for([p.id for p in projects], today, newest=marker[1:3])
    rows = [
        StartRow(project=StartProject(*values), scope_label=_scope_label(rk, scope_type), progress=figures[values[0]])
        for *values, scope_type in projects
        if values[0] in figures
    ]
    return StartOverview(rows=rows, open_count=total - closed, closed_count=closed, paging=paging)


def _scope_label(rk, key: str) -> str:
    scope = rk.get("scope_type", key)
    return scope.label if scope else key
