"""Mijlpaal coverage: per gemeente and per mijlpaal, whether it is in scope, how many sessies about it were
held and how many actions there are for it; with totals per mijlpaal over every gemeente of the view.

- In scope: the mijlpaal is in the scope of one of the gemeente's open projects. Every scope stores its
  mijlpalen as rows (`ProjectMijlpaal`; "hele routekaart" and "één rol" store all of them).
- Sessies: held ones (status afgerond) about the mijlpaal, in any of the gemeente's projects, closed ones
  included: a closed project's sessies were still held.
- Acties: the actions for the mijlpaal that were not struck off (geschrapt), in any project.

The mijlpalen are the routekaart's. The figures are grouped counts in SQL: one statement counts the gemeenten
of the view and totals their figures per mijlpaal, one loads the page of gemeenten with its cells, however many
gemeenten there are; the page is kept per process until the data changes (kept.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from .. import kept
from ..extensions import db
from ..formatting import aantal
from ..inputs import clean_text
from ..kept import Kept
from ..models import (
    Action,
    ActionStatus,
    Gemeente,
    Project,
    ProjectMijlpaal,
    Sessie,
    SessieMijlpaal,
    SessieStatus,
    User,
)
from ..paging import Paging, page_of
from ..routekaart import Mijlpaal, current_routekaart
from .reach import in_reach, reach_key, require_vng

SEARCH_MAX = 120  # Gemeente.name is a String(120)
SCOPE, SESSIES, ACTIES, GEMEENTEN = "scope", "sessies", "acties", "gemeenten"
# How much is going on in a cell, for the heat-map look (the cell's text says the same in words).
LEVELS = (
    (0, "Niet in scope, nog niets gedaan"),
    (1, "In scope, nog geen gehouden sessie of actie"),
    (2, "Gehouden sessies of acties"),
    (3, "Gehouden sessies én acties"),
)


@dataclass(frozen=True)
class Cell:
    """One gemeente and one mijlpaal."""

    in_scope: bool = False
    sessies: int = 0
    acties: int = 0

    @property
    def level(self) -> int:
        if self.sessies and self.acties:
            return 3
        if self.sessies or self.acties:
            return 2
        return 1 if self.in_scope else 0

    @property
    def parts(self) -> tuple[str, str, str]:
        scope = "in scope" if self.in_scope else "niet in scope"
        return scope, aantal(self.sessies, "sessie", "sessies"), aantal(self.acties, "actie", "acties")

    @property
    def text(self) -> str:
        return " · ".join(self.parts)


@dataclass(frozen=True)
class CoverageRow:
    gemeente_id: int
    name: str
    cells: tuple[Cell, ...]  # in the order of the routekaart's mijlpalen


@dataclass(frozen=True)
class MijlpaalTotal:
    mijlpaal: Mijlpaal
    gemeenten: int  # gemeenten with the mijlpaal in scope
    sessies: int
    acties: int

    @property
    def parts(self) -> tuple[str, str, str]:
        return (
            f"{aantal(self.gemeenten, 'gemeente', 'gemeenten')} in scope",
            aantal(self.sessies, "sessie", "sessies"),
            aantal(self.acties, "actie", "acties"),
        )

    @property
    def text(self) -> str:
        return " · ".join(self.parts)


@dataclass(frozen=True)
class CoveragePage:
    mijlpalen: tuple[Mijlpaal, ...]
    rows: list[CoverageRow]
    totals: list[MijlpaalTotal]  # over every gemeente of the (searched) view, not only this page
    paging: Paging
    search: str

    @property
    def untouched(self) -> list[Mijlpaal]:
        """The mijlpalen no gemeente of the view has in the scope of an open project."""
        return [total.mijlpaal for total in self.totals if not total.gemeenten]

    @property
    def gemeente_count(self) -> int:
        return self.paging.total


def clean_search(value: str | None) -> str:
    return clean_text(value or "").strip()[:SEARCH_MAX]


def _gemeenten(actor: User, search: str) -> sa.Select:
    query = sa.select(Gemeente.id, Gemeente.name).where(in_reach(actor, Gemeente.id))
    if search:
        query = query.where(sa.func.lower(Gemeente.name).contains(search.lower(), autoescape=True))
    return query


def _kind(kind: str) -> sa.ColumnElement[str]:
    """The kind of a count as a constant in the SQL (PostgreSQL cannot type a bound parameter in a UNION)."""
    return sa.literal_column(f"'{kind}'", sa.String)


def _counts(gemeente_ids, *, per_gemeente: bool) -> list[sa.Select]:
    """The three grouped counts, as rows (kind, gemeente id or 0 for all, mijlpaal, count)."""
    owner = Project.gemeente_id if per_gemeente else sa.literal_column("0", sa.Integer)
    by_gemeente = (Project.gemeente_id,) if per_gemeente else ()
    scope_count = sa.func.count(sa.distinct(Project.id if per_gemeente else Project.gemeente_id))
    scope = (
        sa.select(
            _kind(SCOPE).label("kind"), owner.label("gemeente_id"), ProjectMijlpaal.mijlpaal, scope_count.label("n")
        )
        .join(Project, Project.id == ProjectMijlpaal.project_id)
        .where(Project.gemeente_id.in_(gemeente_ids), Project.closed_at.is_(None))
        .group_by(*by_gemeente, ProjectMijlpaal.mijlpaal)
    )
    sessies = (
        sa.select(_kind(SESSIES), owner, SessieMijlpaal.mijlpaal, sa.func.count())
        .join(Sessie, Sessie.id == SessieMijlpaal.sessie_id)
        .join(Project, Project.id == Sessie.project_id)
        .where(Project.gemeente_id.in_(gemeente_ids), Sessie.status == SessieStatus.AFGEROND)
        .group_by(*by_gemeente, SessieMijlpaal.mijlpaal)
    )
    acties = (
        sa.select(_kind(ACTIES), owner, Action.mijlpaal, sa.func.count())
        .join(Project, Project.id == Action.project_id)
        .where(
            Project.gemeente_id.in_(gemeente_ids), Action.mijlpaal.is_not(None), Action.status != ActionStatus.GESCHRAPT
        )
        .group_by(*by_gemeente, Action.mijlpaal)
    )
    return [scope, sessies, acties]


def _count_and_totals(gemeenten: sa.Select) -> tuple[int, dict[str, dict[str, int]]]:
    """How many gemeenten the view holds, and the totals per mijlpaal over all of them: one statement."""
    in_view = gemeenten.subquery("in_view")
    number: sa.Select = sa.select(
        _kind(GEMEENTEN), sa.literal_column("0", sa.Integer), sa.literal_column("''"), sa.func.count()
    )
    rows = db.session.execute(
        sa.union_all(*_counts(sa.select(in_view.c.id), per_gemeente=False), number.select_from(in_view))
    ).all()
    totals: dict[str, dict[str, int]] = defaultdict(dict)
    count = 0
    for kind, _all, mijlpaal, n in rows:
        if kind == GEMEENTEN:
            count = n
        else:
            totals[mijlpaal][kind] = n
    return count, totals


def _page_with_cells(gemeenten: sa.Select, paging: Paging) -> list[tuple[int, str, dict[str, dict[str, int]]]]:
    """The page's gemeenten in name order, each with its counts per mijlpaal: one statement."""
    shown = gemeenten.order_by(Gemeente.name, Gemeente.id).offset(paging.offset).limit(paging.size).subquery("shown")
    cells = sa.union_all(*_counts(sa.select(shown.c.id), per_gemeente=True)).subquery("cells")
    query = (
        sa.select(shown.c.id, shown.c.name, cells.c.kind, cells.c.mijlpaal, cells.c.n)
        .select_from(shown)
        .outerjoin(cells, cells.c.gemeente_id == shown.c.id)
        .order_by(shown.c.name, shown.c.id)
    )
    page: dict[int, tuple[int, str, dict[str, dict[str, int]]]] = {}
    for gemeente_id, name, kind, mijlpaal, n in db.session.execute(query):
        _id, _name, counted = page.setdefault(gemeente_id, (gemeente_id, name, defaultdict(dict)))
        if kind is not None:
            counted[mijlpaal][kind] = n
    return list(page.values())


# The matrix is the same for every request of a view, search and page until the data changes (kept.py).
_KEPT: Kept[CoveragePage] = Kept("coverage")


def coverage_page(actor: User, search: str = "", page: int | None = None) -> CoveragePage:
    """The matrix of a page of the view's gemeenten, with the totals over all of them: one statement while
    nothing changed, three otherwise."""
    require_vng(actor)
    search = clean_search(search)
    key = (reach_key(actor), search, page)
    return _KEPT.get_or_make(key, kept.read_marker(), lambda: _coverage_page(actor, search, page))


def _coverage_page(actor: User, search: str, page: int | None) -> CoveragePage:
    rk = current_routekaart()
    gemeenten = _gemeenten(actor, search)
    total, totals = _count_and_totals(gemeenten)
    paging = page_of(page, total)
    rows = [
        CoverageRow(
            gemeente_id=gemeente_id,
            name=name,
            cells=tuple(_cell(counted.get(m.key, {})) for m in rk.mijlpalen),
        )
        for gemeente_id, name, counted in (_page_with_cells(gemeenten, paging) if total else [])
    ]
    return CoveragePage(
        mijlpalen=rk.mijlpalen,
        rows=rows,
        totals=[_total(m, totals.get(m.key, {})) for m in rk.mijlpalen],
        paging=paging,
        search=search,
    )


def _cell(counted: dict[str, int]) -> Cell:
    return Cell(in_scope=bool(counted.get(SCOPE)), sessies=counted.get(SESSIES, 0), acties=counted.get(ACTIES, 0))


def _total(mijlpaal: Mijlpaal, counted: dict[str, int]) -> MijlpaalTotal:
    return MijlpaalTotal(
        mijlpaal=mijlpaal,
        gemeenten=counted.get(SCOPE, 0),
        sessies=counted.get(SESSIES, 0),
        acties=counted.get(ACTIES, 0),
    )
