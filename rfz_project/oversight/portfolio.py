"""The VNG's portfolio: every project a procesbegeleider or coördinator may read, with its derived progress.

Only VNG users see it (anyone else: not found). What filters on plain columns (scope, mijlpaal, gemeente
name, closed) is a WHERE in SQL; the derived figures of every project in that set come from
`projects.summaries` (derived once per change of the project, kept in memory), so filtering and sorting on
the current phase or the schedule need no derivation per request. What only a row shows (the next sessie,
the procesbegeleiders, open support requests) is read for the page's rows only, unless the list is sorted or
filtered on it; the exports get every row. Totals are over the whole filtered list, never only the page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from .. import access, kept
from ..errors import NotFound
from ..extensions import db
from ..kept import Kept
from ..models import (
    Action,
    ActionStatus,
    ActionTiming,
    Gemeente,
    ProcesbegeleiderAssignment,
    Project,
    ProjectMijlpaal,
    Sessie,
    SessieStatus,
    User,
)
from ..paging import Paging, filter_args, page_of
from ..projects.summaries import ProgressSummary, summaries_for
from ..routekaart import Routekaart, current_routekaart
from ..support.services import open_request_counts

DONE = "afgerond"  # the phase filter's value for projects whose every phase is done
DONE_LABEL = "Alle fasen afgerond"
QUIET_DAYS = 30
STATUS_BEHIND = "achter"
STATUS_SUPPORT = "hulpvraag"
STATUS_QUIET = "stil"
STATUSES = (
    (STATUS_BEHIND, "Achter op schema"),
    (STATUS_SUPPORT, "Met een open hulpvraag"),
    (STATUS_QUIET, f"Geen activiteit in {QUIET_DAYS} dagen"),
)
# (key, column heading); every column of the list sorts
SORTS = (
    ("gemeente", "Gemeente"),
    ("project", "Project"),
    ("scope", "Reikwijdte"),
    ("fase", "Huidige fase"),
    ("planning", "Planning"),
    ("voortgang", "Voortgang"),
    ("sessie", "Volgende sessie"),
    ("te_laat", "Te laat"),
    ("hulpvragen", "Open hulpvragen"),
    ("activiteit", "Laatste activiteit"),
    ("begeleider", "Procesbegeleider"),
)
DIRECTIONS = (("asc", "Oplopend"), ("desc", "Aflopend"))
MAX_SEARCH = 120
# Rows per page: fewer than the app's usual 50, as each row carries eleven columns (the page stays as quick as
# the app's lightest pages with all 684 projects of the country behind it).
PAGE_SIZE = 25


@dataclass(frozen=True)
class PortfolioFilter:
    """What the list shows; unknown values are dropped by `clean`, so a hand-made URL cannot fail."""

    fase: str = ""
    scope: str = ""
    mijlpaal: str = ""
    status: str = ""
    zoek: str = ""
    afgesloten: bool = False  # closed projects are left out unless asked for
    sort: str = "gemeente"
    direction: str = "asc"

    def clean(self, rk: Routekaart) -> PortfolioFilter:
        return PortfolioFilter(
            fase=self.fase if self.fase == DONE or rk.get("phase", self.fase) else "",
            scope=self.scope if rk.get("scope_type", self.scope) else "",
            mijlpaal=self.mijlpaal if rk.get("mijlpaal", self.mijlpaal) else "",
            status=self.status if self.status in dict(STATUSES) else "",
            zoek=" ".join(self.zoek.split())[:MAX_SEARCH],
            afgesloten=bool(self.afgesloten),
            sort=self.sort if self.sort in dict(SORTS) else "gemeente",
            direction="desc" if self.direction == "desc" else "asc",
        )

    @property
    def active(self) -> bool:
        return any((self.fase, self.scope, self.mijlpaal, self.status, self.zoek, self.afgesloten))

    def args(self) -> dict[str, str]:
        """The filters and sort as query arguments (defaults left out), for links and the exports."""
        return filter_args(self)


@dataclass(frozen=True)
class NextSessie:
    on_date: date
    start_time: time
    name: str


@dataclass(frozen=True)
class PortfolioRow:
    project_id: int
    project_name: str
    gemeente_id: int
    gemeente_name: str
    scope_label: str
    closed_at: datetime | None
    progress: ProgressSummary
    last_activity: datetime | None
    next_sessie: NextSessie | None = None
    open_requests: int = 0
    begeleiders: tuple[str, ...] = ()

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def late(self) -> int:
        return self.progress.late_steps + self.progress.late_actions


@dataclass(frozen=True)
class PhaseCount:
    key: str  # a phase key, or DONE
    label: str
    count: int
    share: int  # percent of the listed projects, for the chart's bar


@dataclass(frozen=True)
class PortfolioTotals:
    per_phase: tuple[PhaseCount, ...]
    budget: Decimal  # of every action of the listed projects that still counts (geschrapt ones do not)
    quick_wins: int
    quick_win_budget: Decimal
    later: int
    later_budget: Decimal
    undecided: int
    undecided_budget: Decimal
    closed: int


@dataclass(frozen=True)
class Portfolio:
    rows: list[PortfolioRow]  # the page's rows; every row for the exports
    filters: PortfolioFilter
    count: int  # rows in the whole filtered list
    totals: PortfolioTotals
    paging: Paging | None
    today: date


def require_vng(actor: User) -> None:
    """Only VNG users have oversight pages; for anyone else they do not exist."""
    if not access.is_vng_user(actor):
        raise NotFound()


# An id list longer than this goes to the database as a subquery instead: hundreds of bound parameters cost
# more to render and parse than the query itself takes.
IN_LIST_LIMIT = 60


def _scope_query(actor: User, f: PortfolioFilter) -> sa.Select:
    """The projects of the actor's view that pass the filters SQL can decide."""
    query = access.visible_projects_query(actor).join(Gemeente, Gemeente.id == Project.gemeente_id)
    if not f.afgesloten:
        query = query.where(Project.closed_at.is_(None))
    if f.scope:
        query = query.where(Project.scope_type == f.scope)
    if f.mijlpaal:
        query = query.where(
            sa.exists().where(ProjectMijlpaal.project_id == Project.id, ProjectMijlpaal.mijlpaal == f.mijlpaal)
        )
    if f.zoek:
        pattern = "%" + f.zoek.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(sa.func.lower(Gemeente.name).like(pattern, escape="\\"))
    return query


def _next_sessies(rk: Routekaart, among: sa.ColumnElement[bool], today: date) -> dict[int, NextSessie]:
    """Per project its first sessie from today on that is not yet held: one query."""
    rows = db.session.execute(
        sa.select(Sessie.project_id, Sessie.on_date, Sessie.start_time, Sessie.title, Sessie.session_type)
        .where(among, Sessie.on_date >= today, Sessie.status != SessieStatus.AFGEROND)
        .order_by(Sessie.project_id, Sessie.on_date, Sessie.start_time, Sessie.id)
    )
    found: dict[int, NextSessie] = {}
    for pid, on_date, start_time, title, session_type in rows:
        if pid not in found:
            kind = rk.get("session_type", session_type)
            found[pid] = NextSessie(on_date, start_time, title or (kind.label if kind else session_type))
    return found


def _begeleiders(among: sa.ColumnElement[bool]) -> dict[int, tuple[str, ...]]:
    """The names of each gemeente's active procesbegeleiders, alphabetical: one query."""
    rows = db.session.execute(
        sa.select(ProcesbegeleiderAssignment.gemeente_id, User.name)
        .join(User, User.id == ProcesbegeleiderAssignment.user_id)
        .where(among, User.is_procesbegeleider.is_(True), User.active.is_(True))
        .order_by(ProcesbegeleiderAssignment.gemeente_id, User.name)
    )
    names: dict[int, list[str]] = defaultdict(list)
    for gid, name in rows:
        names[gid].append(name)
    return {gid: tuple(n) for gid, n in names.items()}


@dataclass(frozen=True)
class _Details:
    """What only a row shows, per project id (sessies, requests) or gemeente id (procesbegeleiders)."""

    sessies: dict[int, NextSessie]
    requests: dict[int, int]
    begeleiders: dict[int, tuple[str, ...]]


def _details(rk: Routekaart, scope: sa.Select, plain: Sequence[Any], today: date, everything: bool) -> _Details:
    """Three queries. For the whole filtered set (`everything`), the set goes in as a subquery."""
    ids = [p.id for p in plain]
    if not ids:
        return _Details({}, {}, {})
    by_scope = everything and len(ids) > IN_LIST_LIMIT
    in_scope = scope.with_only_columns(Project.id).order_by(None)
    projects = Sessie.project_id.in_(in_scope) if by_scope else Sessie.project_id.in_(ids)
    gemeente_column = ProcesbegeleiderAssignment.gemeente_id
    gemeenten = (
        gemeente_column.in_(scope.with_only_columns(Project.gemeente_id).order_by(None))
        if by_scope
        else gemeente_column.in_({p.gemeente_id for p in plain})
    )
    return _Details(
        sessies=_next_sessies(rk, projects, today),
        requests=open_request_counts(ids),
        begeleiders=_begeleiders(gemeenten),
    )


def _keep(f: PortfolioFilter, today: date) -> Callable[[ProgressSummary, int], bool]:
    """The filters on derived figures, as a test of one project's figures (and open requests)."""
    since = datetime.combine(today - timedelta(days=QUIET_DAYS), time())

    def keep(s: ProgressSummary, open_requests: int) -> bool:
        if f.fase == DONE and s.phase_key:
            return False
        if f.fase and f.fase != DONE and s.phase_key != f.fase:
            return False
        if f.status == STATUS_BEHIND:
            return s.behind
        if f.status == STATUS_SUPPORT:
            return open_requests > 0
        if f.status == STATUS_QUIET:
            return s.last_activity is None or s.last_activity < since
        return True

    return keep


def _sort_value(sort: str, rk: Routekaart, figures: dict[int, ProgressSummary], d: _Details | None):
    """Per sort column the value a plain row sorts by; None means 'no value'."""

    def scope_label(p):
        return _scope_label(rk, p.scope_type).casefold()

    def sessie(p):
        found = d.sessies.get(p.id) if d else None
        return (found.on_date, found.start_time) if found else None

    return {
        "gemeente": lambda p: p.gemeente_name.lower(),
        "project": lambda p: p.name.lower(),
        "scope": scope_label,
        "fase": lambda p: figures[p.id].phase_index,
        "planning": lambda p: figures[p.id].days_behind,
        "voortgang": lambda p: figures[p.id].percent,
        "sessie": sessie,
        "te_laat": lambda p: figures[p.id].late_steps + figures[p.id].late_actions,
        "hulpvragen": lambda p: d.requests.get(p.id, 0) if d else 0,
        "activiteit": lambda p: figures[p.id].last_activity,
        "begeleider": lambda p: (", ".join(d.begeleiders.get(p.gemeente_id, ())).casefold() or None) if d else None,
    }[sort]


def _sorted(plain: list[Any], f: PortfolioFilter, value: Callable[[Any], Any]) -> list[Any]:
    """Rows without a value last in both directions; equal values by gemeente, project and id, so a page
    boundary always falls at the same row."""
    rows = plain  # by gemeente, project and id, as the query ordered them
    if f.sort == "gemeente":
        return rows[::-1] if f.direction == "desc" else rows
    present = [p for p in rows if value(p) is not None]
    absent = [p for p in rows if value(p) is None]
    present.sort(key=value, reverse=f.direction == "desc")  # stable: ties keep the order above
    return present + absent


# Per project, count and budget of its actions that still count, per moment: columns of the list's own query.
_TIMINGS = (ActionTiming.QUICK_WIN, ActionTiming.LATER, ActionTiming.ONBEPAALD)


def _action_sums(scope: sa.Select) -> sa.Subquery:
    def of(timing: ActionTiming) -> list[sa.Label]:
        this = Action.timing == timing
        return [
            sa.func.sum(sa.case((this, 1), else_=0)).label(f"{timing.value}_count"),
            sa.func.sum(sa.case((this, Action.budget), else_=None)).label(f"{timing.value}_budget"),
        ]

    return (
        sa.select(Action.project_id, *(column for timing in _TIMINGS for column in of(timing)))
        .where(
            Action.project_id.in_(scope.with_only_columns(Project.id).order_by(None)),
            Action.status != ActionStatus.GESCHRAPT,
        )
        .group_by(Action.project_id)
        .subquery("action_sums")
    )


def _totals(rk: Routekaart, kept: Sequence[Any], figures: dict[int, ProgressSummary]) -> PortfolioTotals:
    """Over every listed project: the phases from the figures, the actions from the sums each row carries."""
    counts: dict[str, int] = defaultdict(int)
    for p in kept:
        counts[figures[p.id].phase_key or DONE] += 1
    listed = len(kept) or 1
    per_phase = tuple(
        PhaseCount(key, label, counts[key], round(100 * counts[key] / listed))
        for key, label in [*((ph.key, ph.label) for ph in rk.phases), (DONE, DONE_LABEL)]
    )
    sums: dict[ActionTiming, tuple[int, Decimal]] = {t: (0, Decimal(0)) for t in _TIMINGS}
    if kept:
        fields = kept[0]._fields
        for timing in _TIMINGS:
            count_at, budget_at = fields.index(f"{timing.value}_count"), fields.index(f"{timing.value}_budget")
            counts_of = [p[count_at] for p in kept if p[count_at]]
            budgets_of = [p[budget_at] for p in kept if p[budget_at] is not None]
            sums[timing] = (sum(counts_of), sum(budgets_of, Decimal(0)))
    return PortfolioTotals(
        per_phase=per_phase,
        budget=sum((budget for _count, budget in sums.values()), Decimal(0)),
        quick_wins=sums[ActionTiming.QUICK_WIN][0],
        quick_win_budget=sums[ActionTiming.QUICK_WIN][1],
        later=sums[ActionTiming.LATER][0],
        later_budget=sums[ActionTiming.LATER][1],
        undecided=sums[ActionTiming.ONBEPAALD][0],
        undecided_budget=sums[ActionTiming.ONBEPAALD][1],
        closed=sum(1 for p in kept if p.closed_at is not None),
    )


# --- the listed projects and the exports, kept per process (kept.py) -----------------------------------
#
# Every project of the view with its action sums is the page's largest statement, and a file of every listed
# project takes a tenth of a second (Excel: a third) to write; they, and each page of the list, stay the same
# until the data changes. Pages and files name the procesbegeleiders, whose assignments are in no project's
# audit trail: the marker holds those too.
_LISTED: Kept[list[Any]] = Kept("portfolio_rows")
_PAGES: Kept[Portfolio] = Kept("portfolio_pages")
_EXPORTS: Kept[bytes] = Kept("portfolio_exports")


def _marker(today: date) -> tuple:
    """What every kept part of the portfolio is kept against: the day, the data (kept.read_marker) and the
    procesbegeleiders' assignments, which no project's audit trail holds. One statement."""
    assignments = sa.select(sa.func.count(), sa.func.max(ProcesbegeleiderAssignment.id)).subquery()
    return (today, *kept.read_marker(assignments.c[0], assignments.c[1]))


def _newest(marker: tuple) -> tuple:
    """The audit trail's part of a marker, as summaries_for takes it."""
    return marker[1:3]


def _listed(actor: User, f: PortfolioFilter, scope: sa.Select, marker: tuple) -> list[Any]:
    """The view's projects that pass the SQL filters, with their action sums, ordered by gemeente and project;
    no statement while they are kept."""
    key = (access.readable_key(actor), f.afgesloten, f.scope, f.mijlpaal, f.zoek)
    return _LISTED.get_or_make(key, marker, lambda: _read_rows(scope))


def _read_rows(scope: sa.Select) -> list[Any]:
    sums = _action_sums(scope)
    return list(
        db.session.execute(
            scope.with_only_columns(
                Project.id,
                Project.name,
                Project.gemeente_id,
                Gemeente.name.label("gemeente_name"),
                Project.scope_type,
                Project.closed_at,
                *(column for column in sums.c if column.name != "project_id"),
            )
            .outerjoin(sums, sums.c.project_id == Project.id)
            .order_by(sa.func.lower(Gemeente.name), sa.func.lower(Project.name), Project.id)
        )
    )


def exported(
    actor: User,
    filters: PortfolioFilter | None,
    kind: str,
    render: Callable[[Portfolio], bytes],
    today: date | None = None,
) -> bytes:
    """The whole filtered list as a file of `kind`, made by `render`; one statement while it is kept."""
    require_vng(actor)
    rk, today = current_routekaart(), today or date.today()
    f = (filters or PortfolioFilter()).clean(rk)
    marker = _marker(today)
    return _EXPORTS.get_or_make(
        (access.readable_key(actor), f, kind), marker, lambda: render(_portfolio(actor, f, None, marker))
    )


def _scope_label(rk: Routekaart, key: str) -> str:
    scope = rk.get("scope_type", key)
    return scope.label if scope else key


def portfolio(
    actor: User, filters: PortfolioFilter | None = None, page: int | None = None, today: date | None = None
) -> Portfolio:
    """The filtered, sorted portfolio with its totals. With `page`, that page's rows (beyond the end the last
    page); without, every row (the exports). A fixed number of queries, however many projects: one while the
    page is kept (per view, filter and page, kept.py)."""
    require_vng(actor)
    rk, today = current_routekaart(), today or date.today()
    f = (filters or PortfolioFilter()).clean(rk)
    marker = _marker(today)
    return _PAGES.get_or_make((access.readable_key(actor), f, page), marker, lambda: _portfolio(actor, f, page, marker))


def _portfolio(actor: User, f: PortfolioFilter, page: int | None, marker: tuple) -> Portfolio:
    rk, today = current_routekaart(), marker[0]
    scope = _scope_query(actor, f)
    plain = _listed(actor, f, scope, marker)
    figures = summaries_for([p.id for p in plain], today, newest=_newest(marker))
    plain = [p for p in plain if p.id in figures]
    # What a filter or the sort needs of every row is read for every row; the rest only for the page's rows.
    needs_all = page is None or f.status == STATUS_SUPPORT or f.sort in ("sessie", "hulpvragen", "begeleider")
    details = _details(rk, scope, plain, today, everything=True) if needs_all else None
    derived_filter = bool(f.fase or f.status)
    if derived_filter:
        keep = _keep(f, today)
        plain = [p for p in plain if keep(figures[p.id], details.requests.get(p.id, 0) if details else 0)]
    kept = _sorted(plain, f, _sort_value(f.sort, rk, figures, details))
    totals = _totals(rk, kept, figures)
    paging = page_of(page, len(kept), PAGE_SIZE) if page is not None else None
    shown = kept[paging.offset : paging.offset + paging.size] if paging else kept
    if details is None:
        details = _details(rk, scope, shown, today, everything=False)
    rows = [
        PortfolioRow(
            project_id=p.id,
            project_name=p.name,
            gemeente_id=p.gemeente_id,
            gemeente_name=p.gemeente_name,
            scope_label=_scope_label(rk, p.scope_type),
            closed_at=p.closed_at,
            progress=figures[p.id],
            last_activity=figures[p.id].last_activity,
            next_sessie=details.sessies.get(p.id),
            open_requests=details.requests.get(p.id, 0),
            begeleiders=details.begeleiders.get(p.gemeente_id, ()),
        )
        for p in shown
    ]
    return Portfolio(rows=rows, filters=f, count=len(kept), totals=totals, paging=paging, today=today)
