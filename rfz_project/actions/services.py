"""Actions: a project's action list with themes, its totals, and the implementatieplan built from it.

Every function takes the acting user, loads the project through `access`, validates, and commits once.
Actions and themes are always looked up within the loaded project, so a foreign id is simply not found.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from .. import access
from ..access import Need
from ..errors import ConflictError, ValidationError
from ..extensions import db
from ..formatting import MAANDEN, datum
from ..inputs_from import input_from
from ..models import Action, ActionStatus, ActionTiming, Decision, Project, Theme, User
from ..paging import Paging, filter_args, page_of
from ..projects.summaries import kept_while_unchanged, load_project
from ..routekaart import Routekaart, current_routekaart
from ..services_common import RecordForm, commit_or_conflict, delete_in_project, expect_version, save_row, text_errors

NO_THEME = "geen"  # filter value for actions without a theme
NO_THEME_LABEL = "Zonder thema"
AWAITS_DECISION = "nodig"  # filter value for actions that wait for a decision
DECISION_FILTERS = (("", "Alle acties"), (AWAITS_DECISION, "Wacht nog op een besluit"))
DECISIONS_SHOWN = 10  # the implementatieplan lists the first ones by deadline and links to all of them
SORTS = (
    ("deadline", "Deadline"),
    ("budget", "Budget"),
    ("title", "Titel"),
    ("status", "Status"),
    ("theme", "Thema"),
    ("mijlpaal", "Mijlpaal"),
)
DIRECTIONS = (("asc", "Oplopend"), ("desc", "Aflopend"))
MAX_BUDGET = Decimal("10000000000")  # Numeric(12, 2) holds up to 9.999.999.999,99
TIMELINE_MAX_MONTHS = 36
THEME_NAME_TAKEN = "Dit project heeft al een thema met deze naam."


class _Dated(Protocol):
    @property
    def deadline(self) -> date | None: ...
    @property
    def status(self) -> ActionStatus: ...


def is_overdue(action: _Dated, today: date) -> bool:
    """Late: the deadline has passed and the action is neither done nor dropped."""
    return action.deadline is not None and action.deadline < today and not action.status.is_closed


def days_late(action: _Dated, today: date) -> int:
    """How many days past its deadline a late action is; 0 when it is not late."""
    return (today - action.deadline).days if is_overdue(action, today) and action.deadline else 0


# --- reading the list ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionFilter:
    """What the list shows; unknown values are dropped by `clean`, so a hand-made URL cannot fail."""

    theme: str = ""
    mijlpaal: str = ""
    rol: str = ""
    status: str = ""
    timing: str = ""
    owner: str = ""
    overdue: bool = False
    decision: str = ""
    sort: str = "deadline"
    direction: str = "asc"

    def clean(self, rk: Routekaart) -> ActionFilter:
        # Only short ASCII digits: int() accepts '²' and the database refuses ids beyond its integer.
        is_id = self.theme.isascii() and self.theme.isdigit() and len(self.theme) <= 9
        theme = self.theme if self.theme == NO_THEME or is_id else ""
        return ActionFilter(
            theme=theme,
            mijlpaal=self.mijlpaal if rk.get("mijlpaal", self.mijlpaal) else "",
            rol=self.rol if rk.get("rol", self.rol) else "",
            status=self.status if self.status in {s.value for s in ActionStatus} else "",
            timing=self.timing if self.timing in {t.value for t in ActionTiming} else "",
            owner=self.owner.strip()[:120],
            overdue=bool(self.overdue),
            decision=self.decision if self.decision == AWAITS_DECISION else "",
            sort=self.sort if self.sort in dict(SORTS) else "deadline",
            direction="desc" if self.direction == "desc" else "asc",
        )

    def args(self) -> dict[str, str]:
        """The filters and sort as query arguments (defaults left out), for the pager and the export links."""
        return filter_args(self)

    @property
    def active(self) -> bool:
        return any(
            (self.theme, self.mijlpaal, self.rol, self.status, self.timing, self.owner, self.overdue, self.decision)
        )


@dataclass(frozen=True, slots=True)
class ActionValues:
    """An action's columns as the lists show them: plain values, so a listed page can be kept between requests
    (an ORM object belongs to the request's session)."""

    id: int
    title: str
    description: str
    owner: str
    deadline: date | None
    budget: Decimal | None
    status: ActionStatus
    timing: ActionTiming
    needs_decision: bool
    theme_id: int | None
    mijlpaal: str | None
    rol: str | None


_VALUE_COLUMNS = tuple(getattr(Action, name) for name in ActionValues.__slots__)


@dataclass(frozen=True)
class ActionRow:
    """One action with its labels resolved, as pages and exports show it."""

    action: ActionValues
    theme_label: str
    mijlpaal_label: str
    rol_label: str
    days_late: int
    decision_title: str | None = None  # of the decision taken for it, if any

    @property
    def overdue(self) -> bool:
        return self.days_late > 0

    @property
    def decision_label(self) -> str:
        if self.decision_title is not None:
            return self.decision_title
        return "Nog te nemen" if self.action.needs_decision else ""


@dataclass(frozen=True)
class ThemeTotal:
    label: str
    theme_id: int | None
    count: int
    budget: Decimal


@dataclass(frozen=True)
class ActionList:
    """The action list as filtered: `rows` in the chosen order (with `paging`, only that page's), and the
    totals over every row that meets the filters, counted in SQL."""

    project: Project
    rows: list[ActionRow]
    filters: ActionFilter
    themes: list[ThemeInfo]
    per_theme: list[ThemeTotal]
    total_budget: Decimal
    overdue_count: int
    count: int
    can_write: bool
    today: date
    paging: Paging | None = None
    # What the rows and totals were taken from, the same object while the page is kept: rendered.part_of keeps
    # the table's HTML with it.
    made_from: object = None


# One action: its theme and decision joined into its own query. A list takes the themes' names from the themes
# it loads anyway and each decision's title in a subquery: joining made the database join every row of the
# project before it sorted them and took one page, and eager loading cost more than the rows themselves.
_ACTION_LOADS = (joinedload(Action.theme), joinedload(Action.decision))
_DECISION_TITLE = sa.select(Decision.title).where(Decision.id == Action.decision_id).scalar_subquery()
_CLOSED = (ActionStatus.AFGEROND, ActionStatus.GESCHRAPT)


def _themes(project: Project) -> list[Theme]:
    return list(
        db.session.scalars(
            sa.select(Theme).where(Theme.project_id == project.id).order_by(sa.func.lower(Theme.name), Theme.id)
        )
    )


def _is_open() -> sa.ColumnElement[bool]:
    """Neither done nor dropped (two comparisons: an expanding NOT IN costs more to build than to run)."""
    return sa.and_(*(Action.status != status for status in _CLOSED))


def _overdue(today: date) -> sa.ColumnElement[bool]:
    """is_overdue in SQL: the deadline has passed and the action is neither done nor dropped."""
    return sa.and_(Action.deadline < today, _is_open())


def _conditions(project: Project, f: ActionFilter, today: date) -> list[sa.ColumnElement[bool]]:
    """The rows of the project that meet the filters, as WHERE clauses for the rows and for the totals."""
    conditions = [Action.project_id == project.id]
    if f.theme == NO_THEME:
        conditions.append(Action.theme_id.is_(None))
    elif f.theme:
        conditions.append(Action.theme_id == int(f.theme))
    if f.mijlpaal:
        conditions.append(Action.mijlpaal == f.mijlpaal)
    if f.rol:
        conditions.append(Action.rol == f.rol)
    if f.status:
        conditions.append(Action.status == ActionStatus(f.status))
    if f.timing:
        conditions.append(Action.timing == ActionTiming(f.timing))
    if f.owner:
        conditions.append(Action.owner.icontains(f.owner, autoescape=True))
    if f.overdue:
        conditions.append(_overdue(today))
    if f.decision == AWAITS_DECISION:
        conditions.append(_awaits_decision())
    return conditions


def _awaits_decision() -> sa.ColumnElement[bool]:
    """Needs a decision that has not been taken; a dropped action needs none any more."""
    return sa.and_(
        Action.needs_decision.is_(True), Action.decision_id.is_(None), Action.status != ActionStatus.GESCHRAPT
    )


def _row(
    rk: Routekaart, theme_names: dict[int, str], action: ActionValues, decision_title: str | None, today: date
) -> ActionRow:
    mijlpaal = rk.get("mijlpaal", action.mijlpaal or "")
    rol = rk.get("rol", action.rol or "")
    return ActionRow(
        action=action,
        theme_label=theme_names.get(action.theme_id, "") if action.theme_id is not None else "",
        mijlpaal_label=mijlpaal.label if mijlpaal else "",
        rol_label=rol.label if rol else "",
        days_late=days_late(action, today),
        decision_title=decision_title,
    )


def _sort_key(rk: Routekaart, sort: str) -> Any:
    """The value one sort column orders by, in SQL; NULL means 'no value'. Status and mijlpaal sort in the
    domain's order, not by their stored key (an unknown mijlpaal key counts as no value)."""
    if sort == "status":
        return sa.case({s: i for i, s in enumerate(ActionStatus)}, value=Action.status)
    if sort == "mijlpaal":
        return sa.case({key: i for i, key in enumerate(rk.keys("mijlpaal"))}, value=Action.mijlpaal, else_=None)
    if sort == "theme":
        return sa.select(sa.func.lower(Theme.name)).where(Theme.id == Action.theme_id).scalar_subquery()
    return {"deadline": Action.deadline, "budget": Action.budget, "title": sa.func.lower(Action.title)}[sort]


def order_by(rk: Routekaart, sort: str, direction: str) -> list[Any]:
    """ORDER BY for the list: rows without a value stay at the bottom in both directions, and equal values
    keep the order of their titles, so a page boundary always falls at the same row."""
    key = _sort_key(rk, sort)
    return [
        key.is_(None),
        key.desc() if direction == "desc" else key.asc(),
        sa.func.lower(Action.title),
        Action.id,
    ]


def counted_budget(action: Action) -> Decimal:
    """A dropped action claims no budget, so totals leave it out."""
    if action.budget is None or action.status == ActionStatus.GESCHRAPT:
        return Decimal("0")
    return action.budget


# counted_budget in SQL: NULL (left out of SUM) for a dropped action.
_COUNTED_BUDGET = sa.case((Action.status != ActionStatus.GESCHRAPT, Action.budget), else_=None)


@dataclass(frozen=True)
class Totals:
    per_theme: list[ThemeTotal]
    count: int
    budget: Decimal
    overdue: int


def theme_totals(
    counts: dict[int | None, tuple[int, Decimal]], names: dict[int, str], empty_too: bool = False
) -> list[ThemeTotal]:
    """Count and budget per theme id (None: without a theme), themes alphabetical and 'Zonder thema' last;
    with `empty_too`, every theme in `names` also when it has no actions."""
    if empty_too:
        counts = {**{tid: (0, Decimal("0")) for tid in names}, **counts}
    result = [
        ThemeTotal(label=names.get(tid, "") if tid is not None else NO_THEME_LABEL, theme_id=tid, count=c, budget=b)
        for tid, (c, b) in counts.items()
    ]
    return sorted(result, key=lambda t: (t.theme_id is None, t.label.casefold()))


@dataclass(frozen=True)
class ThemeInfo:
    """A theme as a list shows it: read as plain values, without the ORM's bookkeeping."""

    id: int
    name: str
    description: str


def with_themes(project: Project, grouped: sa.Select) -> tuple[list[ThemeInfo], list[tuple[Any, ...]]]:
    """Every theme of the project (by name) and the rows of `grouped` (totals whose first column is a theme
    id), in one statement: the totals as a common table expression, joined to the themes, with the totals
    without a theme added below. Each row carries a theme's columns (or NULLs) and a total's (or NULLs)."""
    totals = grouped.cte("totals")
    theme_id = totals.c[0]
    themed = (
        sa.select(Theme.id, Theme.name, Theme.description, *totals.c)
        .select_from(Theme)
        .outerjoin(totals, theme_id == Theme.id)
        .where(Theme.project_id == project.id)
    )
    unthemed = sa.select(sa.null(), sa.null(), sa.null(), *totals.c).where(theme_id.is_(None))
    themes: dict[int, ThemeInfo] = {}
    rows: list[tuple[Any, ...]] = []
    for tid, name, description, *total in db.session.execute(sa.union_all(themed, unthemed)):
        if tid is not None and tid not in themes:
            themes[tid] = ThemeInfo(tid, name, description)
        if tid is None or total[0] is not None:
            rows.append(tuple(total))
    return sorted(themes.values(), key=lambda t: (t.name.casefold(), t.id)), rows


def themes_and_totals(
    project: Project, conditions: list[sa.ColumnElement[bool]], today: date, empty_themes: bool = False
) -> tuple[list[ThemeInfo], Totals]:
    """The project's themes, and count, budget and late actions per theme over every row that meets
    `conditions`, grouped in SQL; with `empty_themes`, themes without such actions are in the totals too."""
    themes, grouped = with_themes(
        project,
        sa.select(
            Action.theme_id,
            sa.func.count(),
            sa.func.sum(_COUNTED_BUDGET),
            sa.func.sum(sa.case((_overdue(today), 1), else_=0)),
        )
        .where(*conditions)
        .group_by(Action.theme_id),
    )
    per_theme = theme_totals(
        {tid: (count, budget or Decimal("0")) for tid, count, budget, _late in grouped},
        {t.id: t.name for t in themes},
        empty_too=empty_themes,
    )
    return themes, Totals(
        per_theme=per_theme,
        count=sum(t.count for t in per_theme),
        budget=sum((t.budget for t in per_theme), Decimal("0")),
        overdue=sum(int(late or 0) for *_rest, late in grouped),
    )


def action_list(
    actor: User,
    project_id: int,
    filters: ActionFilter | None = None,
    today: date | None = None,
    page: int | None = None,
) -> ActionList:
    """The filtered, sorted action list with its totals, in a fixed number of queries. With `page`, only
    that page's rows (the pager's page; beyond the end the last one); without, every row (the exports)."""
    rk, today = current_routekaart(), today or date.today()
    project, fingerprint = load_project(actor, project_id, Need.READ, [joinedload(Project.gemeente)], today)
    f = (filters or ActionFilter()).clean(rk)

    def listed() -> _Listed:
        conditions = _conditions(project, f, today)
        themes, summed = themes_and_totals(project, conditions, today)
        paging = page_of(page, summed.count) if page is not None else None
        rows = _rows(rk, _names(themes), conditions, order_by(rk, f.sort, f.direction), today, paging)
        return _Listed(themes, summed, paging, rows)

    # A page of the list is kept while the project is unchanged; the exports (every row) are made each time.
    shown = listed() if page is None else kept_while_unchanged(("list", project.id, f, page), fingerprint, listed)
    return ActionList(
        project=project,
        rows=shown.rows,
        filters=f,
        themes=shown.themes,
        per_theme=shown.summed.per_theme,
        total_budget=shown.summed.budget,
        overdue_count=shown.summed.overdue,
        count=shown.summed.count,
        can_write=access.can(actor, project, Need.WRITE),
        today=today,
        paging=shown.paging,
        made_from=shown,
    )


@dataclass(frozen=True)
class _Listed:
    """What the action list shows of one page, made under one fingerprint of the project."""

    themes: list[ThemeInfo]
    summed: Totals
    paging: Paging | None
    rows: list[ActionRow]


# --- implementatieplan -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthGroup:
    """A deadline month (year and month None: no deadline yet) with its actions' count and budget; on the
    page's list, also the rows of that month on this page."""

    year: int | None
    month: int | None
    count: int = 0
    budget: Decimal = Decimal("0")
    rows: list[ActionRow] = field(default_factory=list)
    continued: bool = False  # the month's first actions are on the page before

    @property
    def label(self) -> str:
        if self.year is None or self.month is None:
            return "Nog geen deadline"
        return f"{MAANDEN[self.month - 1].capitalize()} {self.year}"

    @property
    def month_number(self) -> int:
        """Months since the start of year 0, to count the months between two groups; dated groups only."""
        if self.year is None or self.month is None:
            raise ValueError("the group of actions without a deadline has no month")
        return self.year * 12 + self.month - 1


@dataclass(frozen=True)
class ImplementationPlan:
    """One page of the plan, made under one fingerprint of the project and kept while it stays the same (plain
    values only)."""

    months: list[MonthGroup]  # every deadline month of the plan, with its totals
    page_months: list[MonthGroup]  # the months of this page's actions, with those actions
    paging: Paging
    per_theme: list[ThemeTotal]
    total_budget: Decimal
    decisions_needed: list[ActionRow]  # the first DECISIONS_SHOWN by deadline
    decisions_needed_count: int
    dropped_count: int
    today: date

    @property
    def dated_months(self) -> list[MonthGroup]:
        return [m for m in self.months if m.year is not None]

    @property
    def timeline(self) -> list[MonthGroup]:
        """Every month from the first deadline to the last, so gaps show as gaps; a plan spread over
        more than three years would make a useless drawing, so then only months with actions."""
        dated = self.dated_months
        if not dated:
            return []
        first, last = dated[0].month_number, dated[-1].month_number
        if last - first >= TIMELINE_MAX_MONTHS:
            return dated
        known = {(m.year, m.month): m for m in dated}
        return [
            known.get((n // 12, n % 12 + 1), MonthGroup(year=n // 12, month=n % 12 + 1)) for n in range(first, last + 1)
        ]

    @property
    def busiest_month_count(self) -> int:
        return max((m.count for m in self.dated_months), default=0)


K = TypeVar("K")


def _add_to(totals: dict[K, tuple[int, Decimal]], key: K, count: int, budget: Decimal | None) -> None:
    before = totals.get(key, (0, Decimal("0")))
    totals[key] = (before[0] + count, before[1] + (budget or Decimal("0")))


@dataclass(frozen=True)
class _PlanTotals:
    themes: list[ThemeInfo]
    per_theme: list[ThemeTotal]
    months: list[MonthGroup]
    budget: Decimal
    dropped: int
    waiting: int  # actions that wait for a decision


def _plan_totals(project: Project) -> _PlanTotals:
    """Every total of the plan from one query grouped by theme, deadline month and dropped or not (with the
    themes in the same round trip): the budget per theme and per month, how many actions were dropped and
    how many wait for a decision."""
    year, month = sa.extract("year", Action.deadline), sa.extract("month", Action.deadline)
    dropped = Action.status == ActionStatus.GESCHRAPT
    themes, grouped = with_themes(
        project,
        sa.select(
            Action.theme_id,
            year,
            month,
            dropped,
            sa.func.count(),
            sa.func.sum(Action.budget),
            sa.func.sum(sa.case((_awaits_decision(), 1), else_=0)),
        )
        .where(Action.project_id == project.id)
        .group_by(Action.theme_id, year, month, dropped),
    )
    per_theme: dict[int | None, tuple[int, Decimal]] = {}
    per_month: dict[tuple[int | None, int | None], tuple[int, Decimal]] = {}
    dropped_count = waiting = 0
    for theme_id, y, m, is_dropped, count, budget, awaiting in grouped:
        waiting += int(awaiting or 0)
        if is_dropped:
            dropped_count += count
            continue
        key = (int(y), int(m)) if y is not None else (None, None)
        _add_to(per_theme, theme_id, count, budget)
        _add_to(per_month, key, count, budget)
    months = [MonthGroup(year=y, month=m, count=c, budget=b) for (y, m), (c, b) in per_month.items()]
    by_theme = theme_totals(per_theme, {t.id: t.name for t in themes}, empty_too=True)
    return _PlanTotals(
        themes=themes,
        per_theme=by_theme,
        months=sorted(months, key=lambda g: (g.year is None, g.year or 0, g.month or 0)),
        budget=sum((t.budget for t in by_theme), Decimal("0")),
        dropped=dropped_count,
        waiting=waiting,
    )


def _page_months(months: list[MonthGroup], rows: list[ActionRow], paging: Paging) -> list[MonthGroup]:
    """This page's rows (in deadline order) under their month, each month marked when it began on an earlier
    page: the months' counts say how many actions come before it in the whole plan."""
    by_month: dict[tuple[int, int] | None, list[ActionRow]] = {}
    for row in rows:
        deadline = row.action.deadline
        by_month.setdefault((deadline.year, deadline.month) if deadline else None, []).append(row)
    result, before = [], 0
    for month in months:
        key = (month.year, month.month) if month.year is not None and month.month is not None else None
        if key in by_month:
            result.append(replace(month, rows=by_month[key], continued=before < paging.offset))
        before += month.count
    return result


@dataclass(frozen=True)
class PlanPage:
    project: Project
    plan: ImplementationPlan  # the same object while the project is unchanged: rendered.part_of keeps its HTML


def plan_page(actor: User, project_id: int, today: date | None = None, page: int | None = None) -> PlanPage:
    """The plan: every action that still counts (not dropped) per deadline month, a page of them at a time,
    budget per theme, and the actions that wait for a decision; every total over the whole plan, in SQL."""
    rk, today = current_routekaart(), today or date.today()
    project, fingerprint = load_project(actor, project_id, Need.READ, [joinedload(Project.gemeente)], today)

    def planned() -> ImplementationPlan:
        summed = _plan_totals(project)
        names = _names(summed.themes)
        live = [Action.project_id == project.id, Action.status != ActionStatus.GESCHRAPT]
        paging = page_of(page, sum(m.count for m in summed.months))
        deadline_order = order_by(rk, "deadline", "asc")
        rows = _rows(rk, names, live, deadline_order, today, paging)
        awaiting = [Action.project_id == project.id, _awaits_decision()]
        waiting = _rows(rk, names, awaiting, deadline_order, today, limit=DECISIONS_SHOWN) if summed.waiting else []
        return ImplementationPlan(
            months=summed.months,
            page_months=_page_months(summed.months, rows, paging),
            paging=paging,
            per_theme=summed.per_theme,
            total_budget=summed.budget,
            decisions_needed=waiting,
            decisions_needed_count=summed.waiting,
            dropped_count=summed.dropped,
            today=today,
        )

    return PlanPage(project, kept_while_unchanged(("plan", project.id, page), fingerprint, planned))


def implementation_plan(
    actor: User, project_id: int, today: date | None = None, page: int | None = None
) -> ImplementationPlan:
    """The plan alone (plan_page without the project)."""
    return plan_page(actor, project_id, today, page).plan


def _names(themes: list[ThemeInfo]) -> dict[int, str]:
    return {t.id: t.name for t in themes}


def _rows(
    rk: Routekaart,
    theme_names: dict[int, str],
    conditions: list[sa.ColumnElement[bool]],
    order: list[Any],
    today: date,
    paging: Paging | None = None,
    limit: int | None = None,
) -> list[ActionRow]:
    """The actions that meet `conditions` in `order`: the page's with `paging`, else the first `limit` (or
    all), in one query with each decision's title; each row's theme name comes from `theme_names`."""
    query = sa.select(*_VALUE_COLUMNS, _DECISION_TITLE).where(*conditions).order_by(*order)
    if paging is not None:
        query = query.offset(paging.offset).limit(paging.size)
    elif limit is not None:
        query = query.limit(limit)
    rows = db.session.execute(query)
    return [_row(rk, theme_names, ActionValues(*values[:-1]), values[-1], today) for values in rows]


# --- changing actions ------------------------------------------------------------------------------


@dataclass
class ActionInput:
    title: str
    description: str = ""
    theme_id: int | None = None
    mijlpaal: str | None = None
    rol: str | None = None
    owner: str = ""
    deadline: date | None = None
    budget: Decimal | None = None
    status: str = ActionStatus.OPEN.value
    timing: str = ActionTiming.ONBEPAALD.value
    needs_decision: bool = False
    decision_id: int | None = None


def action_input_from(action: Action) -> ActionInput:
    """A stored action as the form would submit it."""
    return input_from(ActionInput, action)


@dataclass(frozen=True)
class ActionContext(RecordForm[Action]):
    """What the action form needs: the project (with its decisions) and the themes to choose from."""

    themes: list[Theme] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


_FORM_LOADS = (joinedload(Project.gemeente), selectinload(Project.decisions))


def action_form(actor: User, project_id: int, action_id: int | None = None, need: Need = Need.READ) -> ActionContext:
    """The form to add an action (no `action_id`) or to show and change one."""
    project = access.get_project(actor, project_id, need, options=_FORM_LOADS)
    action = access.record_in_project(project, Action, action_id, _ACTION_LOADS) if action_id is not None else None
    return ActionContext(
        project=project,
        record=action,
        themes=_themes(project),
        can_write=access.can(actor, project, Need.WRITE),
        decisions=list(project.decisions),
    )


def _text_errors(data: ActionInput) -> dict[str, list[str]]:
    errors = text_errors("title", data.title.strip(), 200, "Geef de actie een titel: wat gaat er gebeuren?")
    return errors | text_errors("owner", data.owner.strip(), 120)


def _value_errors(data: ActionInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.budget is not None and data.budget < 0:
        errors["budget"] = ["Het budget kan niet negatief zijn."]
    elif data.budget is not None and data.budget >= MAX_BUDGET:
        errors["budget"] = ["Dit bedrag is te groot."]
    if data.status not in {s.value for s in ActionStatus}:
        errors["status"] = ["Kies een status uit de lijst."]
    if data.timing not in {t.value for t in ActionTiming}:
        errors["timing"] = ["Kies of dit een quick win is of iets voor later."]
    return errors


def _routekaart_errors(rk: Routekaart, data: ActionInput) -> dict[str, list[str]]:
    """Mijlpaal and rol must exist in the routekaart."""
    errors: dict[str, list[str]] = {}
    if data.mijlpaal and rk.get("mijlpaal", data.mijlpaal) is None:
        errors["mijlpaal"] = ["Kies een mijlpaal uit de routekaart."]
    if data.rol and rk.get("rol", data.rol) is None:
        errors["rol"] = ["Kies een rol uit de routekaart."]
    return errors


def _context_errors(project: Project, themes: list[Theme], data: ActionInput) -> dict[str, list[str]]:
    """Checked when the action is entered, not kept for good: theme and decision must be this project's, and
    the deadline not before the project's start (which may move later)."""
    errors: dict[str, list[str]] = {}
    if data.deadline is not None and data.deadline < project.start_date:
        errors["deadline"] = [f"De deadline ligt vóór de start van het project ({datum(project.start_date)})."]
    if data.theme_id is not None and data.theme_id not in {t.id for t in themes}:
        errors["theme_id"] = ["Kies een thema van dit project."]
    if data.decision_id is not None and data.decision_id not in {d.id for d in project.decisions}:
        errors["decision_id"] = ["Kies een besluit dat bij dit project is vastgelegd."]
    return errors


def action_record_errors(rk: Routekaart, data: ActionInput) -> dict[str, list[str]]:
    """The rules a stored action keeps for good (an imported one too); validate_action adds the context."""
    return _text_errors(data) | _value_errors(data) | _routekaart_errors(rk, data)


def validate_action(rk: Routekaart, project: Project, themes: list[Theme], data: ActionInput) -> None:
    """Every problem at once, each on its own field, so one submit shows them all."""
    errors = action_record_errors(rk, data) | _context_errors(project, themes, data)
    if errors:
        raise ValidationError(errors)


def _apply(action: Action, data: ActionInput) -> None:
    action.title, action.description = data.title.strip(), data.description.strip()
    action.theme_id, action.mijlpaal, action.rol = data.theme_id, data.mijlpaal or None, data.rol or None
    action.owner, action.deadline, action.budget = data.owner.strip(), data.deadline, data.budget
    action.status, action.timing = ActionStatus(data.status), ActionTiming(data.timing)
    action.needs_decision, action.decision_id = bool(data.needs_decision), data.decision_id


def save_action(
    actor: User, project_id: int, data: ActionInput, action_id: int | None = None, expected_version: int | None = None
) -> Action:
    """Create (action_id None) or change an action; a stale version is a ConflictError."""
    page = action_form(actor, project_id, action_id, Need.WRITE)
    action = page.record_to_save(expected_version, Action)
    validate_action(current_routekaart(), page.project, page.themes, data)
    _apply(action, data)
    return save_row(action)


def delete_action(actor: User, project_id: int, action_id: int) -> None:
    delete_in_project(actor, project_id, Action, action_id)


# --- themes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemesPage:
    project: Project
    totals: list[ThemeTotal]
    can_write: bool


def themes_page(actor: User, project_id: int, need: Need = Need.READ) -> ThemesPage:
    """The themes with their number of actions (also empty themes), for the themes page."""
    project = access.get_project(actor, project_id, need, options=[joinedload(Project.gemeente)])
    summed = themes_and_totals(project, [Action.project_id == project.id], date.today(), empty_themes=True)[1]
    return ThemesPage(
        project=project,
        totals=[t for t in summed.per_theme if t.theme_id is not None],
        can_write=access.can(actor, project, Need.WRITE),
    )


@dataclass(frozen=True)
class ThemeContext:
    """What the theme form needs: the project and the theme to show or change."""

    project: Project
    theme: Theme
    can_write: bool


def theme_form(actor: User, project_id: int, theme_id: int, need: Need = Need.READ) -> ThemeContext:
    """The form to show and change a theme (the themes page adds them)."""
    project, theme = access.get_in_project(
        actor, project_id, Theme, theme_id, need, project_options=[joinedload(Project.gemeente)]
    )
    return ThemeContext(project=project, theme=theme, can_write=access.can(actor, project, Need.WRITE))


def validated_theme_name(project: Project, name: str, theme_id: int | None = None) -> str:
    """The theme name as it is kept, or ValidationError: the themes page and bundling share this rule."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": ["Geef het thema een naam."]})
    if len(name) > 200:
        raise ValidationError({"name": ["Maximaal 200 tekens."]})
    taken = {t.name.casefold() for t in _themes(project) if t.id != theme_id}
    if name.casefold() in taken:
        raise ValidationError({"name": [THEME_NAME_TAKEN]})
    return name


def add_theme(actor: User, project_id: int, name: str, description: str = "") -> Theme:
    project = access.get_project(actor, project_id, Need.WRITE)
    theme = Theme(project_id=project.id, name=validated_theme_name(project, name), description=description.strip())
    db.session.add(theme)
    try:
        commit_or_conflict()
    except ConflictError as conflict:  # two people adding the same name at once: the unique constraint decides
        raise ValidationError({"name": [THEME_NAME_TAKEN]}) from conflict
    return theme


def rename_theme(
    actor: User, project_id: int, theme_id: int, name: str, description: str, expected_version: int | None
) -> Theme:
    project, theme = access.get_in_project(actor, project_id, Theme, theme_id, Need.WRITE)
    expect_version(theme, expected_version)
    theme.name = validated_theme_name(project, name, theme.id)
    theme.description = description.strip()
    commit_or_conflict()
    return theme


def delete_theme(actor: User, project_id: int, theme_id: int) -> None:
    """Remove a theme; its actions (and anything else pointing at it) stay, without a theme."""
    delete_in_project(actor, project_id, Theme, theme_id)


# --- the resultatensessie: quick win or later ------------------------------------------------------


@dataclass(frozen=True)
class TimingGroup:
    """The open actions of one theme on this page; `count` is all of the theme's open actions."""

    label: str
    actions: list[TimingAction]
    count: int
    continued: bool  # the theme's first actions are on the page before


@dataclass(frozen=True, slots=True)
class TimingAction:
    """What the resultatensessie's form shows of an action, as plain values (a page is kept, see _PAGES)."""

    id: int
    title: str
    timing: ActionTiming
    version: int
    theme_id: int | None


@dataclass(frozen=True)
class TimingPage:
    project: Project
    groups: list[TimingGroup]
    paging: Paging
    can_write: bool
    # What the groups were taken from, the same object while the page is kept: rendered.part_of keeps the
    # choices' HTML with it.
    made_from: object = None


def timing_page(actor: User, project_id: int, page: int | None = None) -> TimingPage:
    """Open actions by theme (alphabetical, 'Zonder thema' last), a page at a time, for deciding in the
    resultatensessie what happens now and what later."""
    project, fingerprint = load_project(actor, project_id, Need.READ, [joinedload(Project.gemeente)], date.today())
    kept = kept_while_unchanged(("timing", project.id, page), fingerprint, lambda: _timing_groups(project, page))
    groups, paging = kept
    can_write = access.can(actor, project, Need.WRITE)
    return TimingPage(project=project, groups=groups, paging=paging, can_write=can_write, made_from=kept)


def _timing_groups(project: Project, page: int | None) -> tuple[list[TimingGroup], Paging]:
    is_open = [Action.project_id == project.id, _is_open()]
    per_theme = themes_and_totals(project, is_open, date.today())[1].per_theme
    paging = page_of(page, sum(t.count for t in per_theme))
    # The themes in the order of per_theme (its position per theme id; no theme, NULL, after them all), so the
    # rows come in the order of the groups they are shown in.
    positions = {t.theme_id: i for i, t in enumerate(per_theme) if t.theme_id is not None}
    theme_order = sa.case(positions, value=Action.theme_id, else_=len(positions)) if positions else sa.literal(0)
    columns = (getattr(Action, name) for name in TimingAction.__slots__)
    actions = [
        TimingAction(*values)
        for values in db.session.execute(
            sa.select(*columns)
            .where(*is_open)
            .order_by(theme_order, sa.func.lower(Action.title), Action.id)
            .offset(paging.offset)
            .limit(paging.size)
        )
    ]
    by_theme: dict[int | None, list[TimingAction]] = {}
    for action in actions:
        by_theme.setdefault(action.theme_id, []).append(action)
    groups, before = [], 0
    for total in per_theme:
        if total.theme_id in by_theme:
            groups.append(TimingGroup(total.label, by_theme[total.theme_id], total.count, before < paging.offset))
        before += total.count
    return groups, paging


@dataclass(frozen=True)
class TimingRetry:
    """After a refused save of the resultatensessie: what the user chose on this page, kept, and which of its
    actions someone else changed since the form was shown (their stored choice is the one the page shows).
    Tuples, as the page's kept part takes them as its context."""

    chosen: tuple[tuple[int, str], ...]  # (action id, the choice posted)
    changed: tuple[int, ...]  # ids of the actions whose version moved


def timing_retry(page: TimingPage, choices: dict[int, str], versions: dict[int, int | None]) -> TimingRetry:
    on_page = [action for group in page.groups for action in group.actions]
    return TimingRetry(
        chosen=tuple((a.id, choices[a.id]) for a in on_page if a.id in choices),
        changed=tuple(a.id for a in on_page if a.id in versions and versions[a.id] != a.version),
    )


def set_timings(actor: User, project_id: int, choices: dict[int, str], versions: dict[int, int | None]) -> int:
    """Store the resultatensessie's choices at once; returns how many actions changed.

    Each action carries the version the form showed: if someone changed it meanwhile, nothing is saved.
    """
    project = access.get_project(actor, project_id, Need.WRITE)
    actions = {
        a.id: a
        for a in db.session.scalars(
            sa.select(Action).where(Action.project_id == project.id, Action.id.in_(list(choices) or [-1]))
        )
    }
    if set(actions) != set(choices):
        # deleted meanwhile (or an id of no action of this project): what the form showed no longer holds
        raise ConflictError()
    valid = {t.value for t in ActionTiming}
    if any(choice not in valid for choice in choices.values()):
        raise ValidationError("Kies per actie: quick win, later of nog niet bepaald.")
    changing = [actions[i] for i, choice in choices.items() if actions[i].timing.value != choice]
    for action in changing:  # check all before changing any, so a conflict leaves nothing half-done
        expect_version(action, versions.get(action.id))
    for action in changing:
        action.timing = ActionTiming(choices[action.id])
    commit_or_conflict()
    return len(changing)
