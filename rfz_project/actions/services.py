"""Actions: a project's action list with themes, its totals, and the implementatieplan built from it.

Every function takes the acting user, loads the project through `access`, validates, and commits once.
Actions and themes are always looked up within the loaded project, so a foreign id is simply not found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .. import access
from ..access import Need
from ..errors import ConflictError, NotFound, ValidationError
from ..extensions import db
from ..formatting import MAANDEN, datum
from ..models import Action, ActionStatus, ActionTiming, Decision, Project, Theme, User
from ..routekaart import Routekaart, current_routekaart
from ..services_common import RecordForm, commit_or_conflict, detach_references, expect_version

NO_THEME = "geen"  # filter value for actions without a theme
NO_THEME_LABEL = "Zonder thema"
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


def is_overdue(action: Action, today: date) -> bool:
    """Late: the deadline has passed and the action is neither done nor dropped."""
    return action.deadline is not None and action.deadline < today and not action.status.is_closed


def days_late(action: Action, today: date) -> int:
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
            sort=self.sort if self.sort in dict(SORTS) else "deadline",
            direction="desc" if self.direction == "desc" else "asc",
        )

    @property
    def active(self) -> bool:
        return any((self.theme, self.mijlpaal, self.rol, self.status, self.timing, self.owner, self.overdue))


@dataclass(frozen=True)
class ActionRow:
    """One action with its labels resolved, as pages and exports show it."""

    action: Action
    theme_label: str
    mijlpaal_label: str
    rol_label: str
    days_late: int

    @property
    def overdue(self) -> bool:
        return self.days_late > 0

    @property
    def decision_label(self) -> str:
        a = self.action
        if a.decision is not None:
            return a.decision.title
        return "Nog te nemen" if a.needs_decision else ""


@dataclass(frozen=True)
class ThemeTotal:
    label: str
    theme_id: int | None
    count: int
    budget: Decimal


@dataclass(frozen=True)
class ActionList:
    project: Project
    rows: list[ActionRow]
    filters: ActionFilter
    themes: list[Theme]
    per_theme: list[ThemeTotal]
    total_budget: Decimal
    overdue_count: int
    can_write: bool
    today: date

    @property
    def count(self) -> int:
        return len(self.rows)


_ACTION_LOADS = (selectinload(Action.theme), selectinload(Action.decision))


def _themes(project: Project) -> list[Theme]:
    return list(
        db.session.scalars(
            sa.select(Theme).where(Theme.project_id == project.id).order_by(sa.func.lower(Theme.name), Theme.id)
        )
    )


def _filtered_query(project: Project, f: ActionFilter, today: date):
    query = sa.select(Action).where(Action.project_id == project.id).options(*_ACTION_LOADS)
    if f.theme == NO_THEME:
        query = query.where(Action.theme_id.is_(None))
    elif f.theme:
        query = query.where(Action.theme_id == int(f.theme))
    if f.mijlpaal:
        query = query.where(Action.mijlpaal == f.mijlpaal)
    if f.rol:
        query = query.where(Action.rol == f.rol)
    if f.status:
        query = query.where(Action.status == ActionStatus(f.status))
    if f.timing:
        query = query.where(Action.timing == ActionTiming(f.timing))
    if f.owner:
        query = query.where(Action.owner.icontains(f.owner, autoescape=True))
    if f.overdue:
        query = query.where(
            Action.deadline < today, Action.status.not_in([ActionStatus.AFGEROND, ActionStatus.GESCHRAPT])
        )
    return query


def _row(rk: Routekaart, action: Action, today: date) -> ActionRow:
    mijlpaal = rk.get("mijlpaal", action.mijlpaal or "")
    rol = rk.get("rol", action.rol or "")
    return ActionRow(
        action=action,
        theme_label=action.theme.name if action.theme else "",
        mijlpaal_label=mijlpaal.label if mijlpaal else "",
        rol_label=rol.label if rol else "",
        days_late=days_late(action, today),
    )


def _sort_key(rk: Routekaart, sort: str):
    """The key for one sort column; None means 'no value', which always goes last."""
    mijlpaal_order = {key: i for i, key in enumerate(rk.keys("mijlpaal"))}
    status_order = {s: i for i, s in enumerate(ActionStatus)}
    return {
        "deadline": lambda r: r.action.deadline,
        "budget": lambda r: r.action.budget,
        "title": lambda r: r.action.title.casefold(),
        "status": lambda r: status_order[r.action.status],
        "theme": lambda r: r.theme_label.casefold() or None,
        "mijlpaal": lambda r: mijlpaal_order.get(r.action.mijlpaal or ""),
    }[sort]


def sort_rows(rk: Routekaart, rows: list[ActionRow], sort: str, direction: str) -> list[ActionRow]:
    """Sorted in Python over the one loaded list: status and mijlpaal sort in domain order, not by
    their stored key, and rows without a value stay at the bottom in both directions."""
    key = _sort_key(rk, sort)
    base = sorted(rows, key=lambda r: (r.action.title.casefold(), r.action.id))
    present = [r for r in base if key(r) is not None]
    missing = [r for r in base if key(r) is None]
    return sorted(present, key=key, reverse=direction == "desc") + missing


def counted_budget(action: Action) -> Decimal:
    """A dropped action claims no budget, so totals leave it out."""
    if action.budget is None or action.status == ActionStatus.GESCHRAPT:
        return Decimal("0")
    return action.budget


def totals_per_theme(actions: list[Action], themes: list[Theme] | None = None) -> list[ThemeTotal]:
    """Count and budget per theme (alphabetical), 'Zonder thema' last; with `themes`, empty ones too."""
    groups: dict[int | None, list[Action]] = {t.id: [] for t in themes or []}
    names = {t.id: t.name for t in themes or []}
    for action in actions:
        groups.setdefault(action.theme_id, []).append(action)
        if action.theme is not None:
            names[action.theme.id] = action.theme.name
    totals = [
        ThemeTotal(
            label=names[tid] if tid is not None else NO_THEME_LABEL,
            theme_id=tid,
            count=len(items),
            budget=sum((counted_budget(a) for a in items), Decimal("0")),
        )
        for tid, items in groups.items()
        if tid is not None or items
    ]
    return sorted(totals, key=lambda t: (t.theme_id is None, t.label.casefold()))


def action_list(
    actor: User, project_id: int, filters: ActionFilter | None = None, today: date | None = None
) -> ActionList:
    """The (filtered, sorted) action list with totals, in a fixed number of queries."""
    rk, today = current_routekaart(), today or date.today()
    project = access.get_project(actor, project_id, Need.READ, options=[selectinload(Project.gemeente)])
    f = (filters or ActionFilter()).clean(rk)
    actions = list(db.session.scalars(_filtered_query(project, f, today)))
    rows = sort_rows(rk, [_row(rk, a, today) for a in actions], f.sort, f.direction)
    return ActionList(
        project=project,
        rows=rows,
        filters=f,
        themes=_themes(project),
        per_theme=totals_per_theme(actions),
        total_budget=sum((counted_budget(a) for a in actions), Decimal("0")),
        overdue_count=sum(r.overdue for r in rows),
        can_write=access.can(actor, project, Need.WRITE),
        today=today,
    )


# --- implementatieplan -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthGroup:
    year: int | None
    month: int | None
    rows: list[ActionRow]

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

    @property
    def budget(self) -> Decimal:
        return sum((counted_budget(r.action) for r in self.rows), Decimal("0"))


@dataclass(frozen=True)
class ImplementationPlan:
    project: Project
    months: list[MonthGroup]
    per_theme: list[ThemeTotal]
    total_budget: Decimal
    decisions_needed: list[ActionRow]
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
            known.get((n // 12, n % 12 + 1), MonthGroup(year=n // 12, month=n % 12 + 1, rows=[]))
            for n in range(first, last + 1)
        ]

    @property
    def busiest_month_count(self) -> int:
        return max((len(m.rows) for m in self.dated_months), default=0)


def _group_by_month(rows: list[ActionRow]) -> list[MonthGroup]:
    groups: dict[tuple[int, int] | None, list[ActionRow]] = {}
    for row in rows:
        deadline = row.action.deadline
        groups.setdefault((deadline.year, deadline.month) if deadline else None, []).append(row)
    months = [
        MonthGroup(year=k[0], month=k[1], rows=v)
        for k, v in sorted(((k, v) for k, v in groups.items() if k is not None))
    ]
    if None in groups:
        months.append(MonthGroup(year=None, month=None, rows=groups[None]))
    return months


def implementation_plan(actor: User, project_id: int, today: date | None = None) -> ImplementationPlan:
    """The plan: every action that still counts (not dropped) per deadline month, budget per theme,
    and the actions that wait for a decision."""
    rk, today = current_routekaart(), today or date.today()
    project = access.get_project(actor, project_id, Need.READ, options=[selectinload(Project.gemeente)])
    actions = list(db.session.scalars(sa.select(Action).where(Action.project_id == project.id).options(*_ACTION_LOADS)))
    live = [a for a in actions if a.status != ActionStatus.GESCHRAPT]
    rows = sort_rows(rk, [_row(rk, a, today) for a in live], "deadline", "asc")
    return ImplementationPlan(
        project=project,
        months=_group_by_month(rows),
        per_theme=totals_per_theme(live, _themes(project)),
        total_budget=sum((counted_budget(a) for a in live), Decimal("0")),
        decisions_needed=[r for r in rows if r.action.needs_decision and r.action.decision_id is None],
        dropped_count=len(actions) - len(live),
        today=today,
    )


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
    return ActionInput(
        title=action.title,
        description=action.description,
        theme_id=action.theme_id,
        mijlpaal=action.mijlpaal,
        rol=action.rol,
        owner=action.owner,
        deadline=action.deadline,
        budget=action.budget,
        status=action.status.value,
        timing=action.timing.value,
        needs_decision=action.needs_decision,
        decision_id=action.decision_id,
    )


@dataclass(frozen=True)
class ActionContext(RecordForm[Action]):
    """What the action form needs: the project (with its decisions) and the themes to choose from."""

    themes: list[Theme] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


_FORM_LOADS = (selectinload(Project.gemeente), selectinload(Project.decisions))


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
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = ["Geef de actie een titel: wat gaat er gebeuren?"]
    elif len(data.title.strip()) > 200:
        errors["title"] = ["Maximaal 200 tekens."]
    if len(data.owner.strip()) > 120:
        errors["owner"] = ["Maximaal 120 tekens."]
    return errors


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
    if page.record is not None:
        expect_version(page.record, expected_version)
    validate_action(current_routekaart(), page.project, page.themes, data)
    action = page.record or Action(project_id=page.project.id)
    _apply(action, data)
    db.session.add(action)
    commit_or_conflict()
    return action


def _delete(actor: User, project_id: int, model: type[Action] | type[Theme], record_id: int) -> None:
    """Delete a row of the project; what points at it stays, without the link."""
    _project, record = access.get_in_project(actor, project_id, model, record_id, Need.WRITE)
    detach_references(model.__tablename__, record.id)
    db.session.delete(record)
    commit_or_conflict()


def delete_action(actor: User, project_id: int, action_id: int) -> None:
    _delete(actor, project_id, Action, action_id)


# --- themes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemesPage:
    project: Project
    totals: list[ThemeTotal]
    can_write: bool


def themes_page(actor: User, project_id: int, need: Need = Need.READ) -> ThemesPage:
    """The themes with their number of actions (also empty themes), for the themes page."""
    project = access.get_project(actor, project_id, need, options=[selectinload(Project.gemeente)])
    actions = list(
        db.session.scalars(sa.select(Action).where(Action.project_id == project.id).options(selectinload(Action.theme)))
    )
    totals = [t for t in totals_per_theme(actions, _themes(project)) if t.theme_id is not None]
    return ThemesPage(project=project, totals=totals, can_write=access.can(actor, project, Need.WRITE))


@dataclass(frozen=True)
class ThemeContext:
    """What the theme form needs: the project and the theme to show or change."""

    project: Project
    theme: Theme
    can_write: bool


def theme_form(actor: User, project_id: int, theme_id: int, need: Need = Need.READ) -> ThemeContext:
    """The form to show and change a theme (the themes page adds them)."""
    project, theme = access.get_in_project(
        actor, project_id, Theme, theme_id, need, project_options=[selectinload(Project.gemeente)]
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
    _delete(actor, project_id, Theme, theme_id)


# --- the resultatensessie: quick win or later ------------------------------------------------------


@dataclass(frozen=True)
class TimingPage:
    project: Project
    groups: list[tuple[str, list[Action]]]
    can_write: bool


def timing_page(actor: User, project_id: int) -> TimingPage:
    """Open actions by theme, for deciding in the resultatensessie what happens now and what later."""
    project = access.get_project(actor, project_id, Need.READ, options=[selectinload(Project.gemeente)])
    actions = list(
        db.session.scalars(
            sa.select(Action)
            .where(
                Action.project_id == project.id, Action.status.not_in([ActionStatus.AFGEROND, ActionStatus.GESCHRAPT])
            )
            .options(selectinload(Action.theme))
            .order_by(Action.title, Action.id)
        )
    )
    by_theme: dict[str, list[Action]] = {}
    for action in sorted(actions, key=lambda a: (a.theme is None, a.theme.name if a.theme else "")):
        by_theme.setdefault(action.theme.name if action.theme else NO_THEME_LABEL, []).append(action)
    return TimingPage(project=project, groups=list(by_theme.items()), can_write=access.can(actor, project, Need.WRITE))


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
        raise NotFound()
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
