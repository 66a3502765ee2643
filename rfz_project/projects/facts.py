"""What a project's records say about its progress, gathered for many projects in three queries.

The progress of every step is derived from these facts (see `progress.py`), for one project page as for a
start page with hundreds of projects, so every query here is grouped by project over the whole set and
returns plain rows, never ORM objects per record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    Action,
    ActionStatus,
    ActionTiming,
    BlueprintColumn,
    Decision,
    Finding,
    Participant,
    Project,
    ProjectMijlpaal,
    ProjectPlan,
    ProjectRisk,
    RegularTask,
    Sessie,
    SessieMijlpaal,
    SessieStatus,
    StepState,
    StepStatus,
    TeamMember,
    TeamRole,
    User,
)
from .plan import PLAN_FIELDS


@dataclass(frozen=True)
class DecisionFacts:
    step_key: str
    decided_on: date | None
    decided_by: str
    budget: Decimal | None
    capacity_hours: int | None
    has_rationale: bool

    @property
    def is_recorded(self) -> bool:
        """Dated and with who decided: a decision somebody could look up."""
        return self.decided_on is not None and bool(self.decided_by.strip())


@dataclass(frozen=True)
class SessieFacts:
    id: int
    session_type: str
    status: SessieStatus
    on_date: date
    start_time: time
    procesbegeleider: str
    administrator: str
    mijlpalen: tuple[str, ...] = ()
    participants: int = 0
    findings: int = 0
    blueprint_columns: int = 0

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.on_date, self.start_time)

    @property
    def is_held(self) -> bool:
        return self.status == SessieStatus.AFGEROND

    def late_days(self, today: date) -> int:
        """Days since the sessie's date while it is not yet held; 0 when it is not late."""
        return (today - self.on_date).days if not self.is_held and self.on_date < today else 0


@dataclass(frozen=True)
class ActionFacts:
    """Counts over the actions that still count (geschrapt ones are left out of every figure)."""

    total: int = 0
    open_untimed: int = 0
    without_owner: int = 0
    without_deadline: int = 0
    without_budget: int = 0
    waiting_for_decision: int = 0
    late: int = 0
    budget: Decimal = Decimal(0)


@dataclass(frozen=True)
class TaskFacts:
    total: int = 0
    without_owner_or_hours: int = 0
    without_department_or_start: int = 0
    waiting_for_decision: int = 0


@dataclass(frozen=True)
class StoredStep:
    status: StepStatus
    due_date: date | None
    owner_name: str = ""  # shown beside the step; no part of its progress


@dataclass(frozen=True)
class ProjectFacts:
    project_id: int
    start_date: date
    scope_type: str
    mijlpalen: tuple[str, ...]
    central_question: str
    reasons: tuple[str, ...]
    reason_note: str
    left_out_disciplines: frozenset[str]
    record_keeping: str
    today: date
    decisions: tuple[DecisionFacts, ...] = ()
    team_roles: frozenset[TeamRole] = frozenset()
    disciplines: frozenset[str] = frozenset()
    team_size: int = 0
    plan_filled: tuple[str, ...] = ()  # the projectplan sections with text
    sessies: tuple[SessieFacts, ...] = ()
    findings: int = 0
    findings_without_theme: int = 0
    actions: ActionFacts = ActionFacts()
    tasks: TaskFacts = TaskFacts()
    steps: dict[str, StoredStep] = field(default_factory=dict)

    def decisions_for(self, step_key: str) -> tuple[DecisionFacts, ...]:
        return tuple(d for d in self.decisions if d.step_key == step_key)

    @property
    def decided_budget(self) -> Decimal | None:
        """What the decisions together made available; None when none of them names an amount."""
        amounts = [d.budget for d in self.decisions if d.budget is not None]
        return sum(amounts, Decimal(0)) if amounts else None

    @property
    def late_sessies(self) -> int:
        return sum(1 for s in self.sessies if s.late_days(self.today))


def facts_for(projects: Sequence[Project], today: date) -> dict[int, ProjectFacts]:
    """The facts of each project, by project id, in three queries whatever their number."""
    ids = [p.id for p in projects]
    if not ids:
        return {}
    parts = _Parts(ids, today)
    return {p.id: _project_facts(p, parts, today) for p in projects}


def _project_facts(p: Project, parts: _Parts, today: date) -> ProjectFacts:
    row = parts.row(p.id)
    return ProjectFacts(
        project_id=p.id,
        start_date=p.start_date,
        scope_type=p.scope_type,
        mijlpalen=split_listed(row.mijlpalen),
        central_question=p.central_question or "",
        reasons=tuple(p.reasons or ()),
        reason_note=p.reason_note or "",
        left_out_disciplines=frozenset(p.left_out_disciplines or ()),
        record_keeping=p.record_keeping or "",
        today=today,
        decisions=tuple(parts.decisions.get(p.id, ())),
        team_roles=frozenset(TeamRole(role) for role in split_listed(row.team_roles)),
        disciplines=frozenset(split_listed(row.disciplines)),
        team_size=row.team_size,
        plan_filled=_plan_filled(row),
        sessies=tuple(parts.sessies.get(p.id, ())),
        findings=row.findings or 0,
        findings_without_theme=row.findings_without_theme or 0,
        actions=_action_facts(row),
        tasks=_task_facts(row),
        steps=parts.steps.get(p.id, {}),
    )


# Lists inside one row are joined with a character no stored text holds (inputs.clean_text drops control
# characters), so a project's mijlpalen or a sessie's counts come with its own row instead of a query each.
_SEPARATOR = "\x1f"
# The statements are built once: building them costs more than running them, and they only differ in ids.
_IDS: sa.BindParameter[list[int]] = sa.bindparam("ids", expanding=True)
_TODAY = sa.bindparam("today", type_=sa.Date)


def split_listed(joined: str | None) -> tuple[str, ...]:
    """The values of a `listed` column."""
    return tuple(joined.split(_SEPARATOR)) if joined else ()


def _count_where(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.count(sa.case((condition, 1)))


def _blank(column: Any) -> sa.ColumnElement[bool]:
    return sa.func.length(sa.func.trim(column)) == 0


def listed(column: Any, *where: sa.ColumnElement[bool]) -> sa.ScalarSelect:
    """The values of `column` in the rows that meet `where`, as one text column (in no particular order)."""
    return sa.select(sa.func.aggregate_strings(column, _SEPARATOR)).where(*where).scalar_subquery()


def _counted(*where: sa.ColumnElement[bool]) -> sa.ScalarSelect:
    return sa.select(sa.func.count()).where(*where).scalar_subquery()


def _action_totals() -> sa.Subquery:
    """Counts over the actions that still count (geschrapt ones are left out of every figure)."""
    is_open = Action.status.in_([ActionStatus.OPEN, ActionStatus.BEZIG])
    count = _count_where
    return (
        sa.select(
            Action.project_id.label("project_id"),
            sa.func.count().label("total"),
            count(sa.and_(is_open, Action.timing == ActionTiming.ONBEPAALD)).label("open_untimed"),
            count(_blank(Action.owner)).label("without_owner"),
            count(Action.deadline.is_(None)).label("without_deadline"),
            count(Action.budget.is_(None)).label("without_budget"),
            count(sa.and_(Action.needs_decision.is_(True), Action.decision_id.is_(None))).label("waiting"),
            count(sa.and_(is_open, Action.deadline < _TODAY)).label("late"),
            sa.func.coalesce(sa.func.sum(Action.budget), 0).label("budget"),
        )
        .where(Action.project_id.in_(_IDS), Action.status != ActionStatus.GESCHRAPT)
        .group_by(Action.project_id)
        .subquery("action_totals")
    )


def _task_totals() -> sa.Subquery:
    count, blank = _count_where, _blank
    return (
        sa.select(
            RegularTask.project_id.label("project_id"),
            sa.func.count().label("total"),
            count(sa.or_(blank(RegularTask.owner), RegularTask.hours.is_(None))).label("unowned"),
            count(sa.or_(blank(RegularTask.department), RegularTask.starts_on.is_(None))).label("unplaced"),
            count(sa.and_(RegularTask.needs_directiebesluit.is_(True), RegularTask.decision_id.is_(None))).label(
                "waiting"
            ),
        )
        .where(RegularTask.project_id.in_(_IDS))
        .group_by(RegularTask.project_id)
        .subquery("task_totals")
    )


def _finding_totals() -> sa.Subquery:
    return (
        sa.select(
            Finding.project_id.label("project_id"),
            sa.func.count().label("total"),
            _count_where(Finding.theme_id.is_(None)).label("without_theme"),
        )
        .where(Finding.project_id.in_(_IDS))
        .group_by(Finding.project_id)
        .subquery("finding_totals")
    )


def _project_rows() -> sa.Select:
    """One row per project: its lists (mijlpalen, team), which plan sections have text, and every total."""
    actions, tasks, findings = _action_totals(), _task_totals(), _finding_totals()
    in_team = TeamMember.project_id == Project.id
    plan_filled = [sa.not_(_blank(sa.func.coalesce(getattr(ProjectPlan, name), ""))) for name in PLAN_FIELDS]
    # the risks section counts as filled by its explanation or by a risk in the table
    has_risks = sa.exists().where(ProjectRisk.project_id == Project.id)
    plan_filled[PLAN_FIELDS.index("risks")] = sa.or_(plan_filled[PLAN_FIELDS.index("risks")], has_risks)
    return (
        sa.select(
            Project.id,
            listed(ProjectMijlpaal.mijlpaal, ProjectMijlpaal.project_id == Project.id).label("mijlpalen"),
            listed(TeamMember.team_role, in_team).label("team_roles"),
            listed(TeamMember.discipline, in_team).label("disciplines"),
            _counted(in_team).label("team_size"),
            ProjectPlan.id.label("plan_id"),
            *(filled.label(f"plan_{name}") for name, filled in zip(PLAN_FIELDS, plan_filled, strict=True)),
            *(column.label(f"action_{column.name}") for column in actions.c if column.name != "project_id"),
            *(column.label(f"task_{column.name}") for column in tasks.c if column.name != "project_id"),
            findings.c.total.label("findings"),
            findings.c.without_theme.label("findings_without_theme"),
        )
        .select_from(Project)
        .outerjoin(ProjectPlan, ProjectPlan.project_id == Project.id)
        .outerjoin(actions, actions.c.project_id == Project.id)
        .outerjoin(tasks, tasks.c.project_id == Project.id)
        .outerjoin(findings, findings.c.project_id == Project.id)
        .where(Project.id.in_(_IDS))
    )


def _sessie_rows() -> sa.Select:
    """Every sessie of the projects, with its mijlpalen and its counts in its own row."""
    of_sessie = Sessie.id
    return (
        sa.select(
            Sessie.project_id,
            Sessie.id,
            Sessie.session_type,
            Sessie.status,
            Sessie.on_date,
            Sessie.start_time,
            Sessie.procesbegeleider,
            Sessie.administrator,
            listed(SessieMijlpaal.mijlpaal, SessieMijlpaal.sessie_id == of_sessie).label("mijlpalen"),
            _counted(Participant.sessie_id == of_sessie).label("participants"),
            _counted(Finding.sessie_id == of_sessie).label("findings"),
            _counted(BlueprintColumn.sessie_id == of_sessie).label("blueprint_columns"),
        )
        .where(Sessie.project_id.in_(_IDS))
        .order_by(Sessie.on_date, Sessie.start_time, Sessie.id)
    )


_PROJECT_ROWS = _project_rows()
_SESSIE_ROWS = _sessie_rows()


def _kept_rows() -> sa.Select:
    """What people recorded by hand, as rows of one shape: the decisions (in the order they were taken) and
    the stored states of the steps with their owner's name; one statement instead of one per kind."""
    decisions = sa.select(
        sa.literal("decision").label("kind"),
        Decision.project_id.label("project_id"),
        Decision.step_key.label("step_key"),
        Decision.decided_on.label("on_date"),
        Decision.decided_by.label("name"),
        Decision.budget.label("budget"),
        Decision.capacity_hours.label("hours"),
        sa.not_(_blank(Decision.rationale)).label("has_rationale"),
        sa.cast(sa.null(), sa.String).label("status"),
        Decision.id.label("row_id"),
    ).where(Decision.project_id.in_(_IDS))
    steps = (
        sa.select(
            sa.literal("step"),
            StepState.project_id,
            StepState.step_key,
            StepState.due_date,
            sa.func.coalesce(User.name, ""),
            sa.cast(sa.null(), Decision.budget.type),
            sa.cast(sa.null(), sa.Integer),
            sa.false(),
            sa.cast(StepState.status, sa.String),
            StepState.id,
        )
        .outerjoin(User, User.id == StepState.owner_id)
        .where(StepState.project_id.in_(_IDS))
    )
    union = sa.union_all(decisions, steps).subquery("kept")
    return sa.select(union).order_by(union.c.kind, union.c.on_date, union.c.row_id)


_PROJECT_ROWS = _project_rows()
_SESSIE_ROWS = _sessie_rows()
_KEPT_ROWS = _kept_rows()


class _Parts:
    """Three queries for any number of projects: per project, per sessie, and what was recorded by hand."""

    def __init__(self, ids: list[int], today: date) -> None:
        params = {"ids": ids, "today": today}
        self.projects = {row.id: row for row in db.session.execute(_PROJECT_ROWS, params)}
        self.sessies = self._sessies(params)
        self.decisions: dict[int, list[DecisionFacts]] = defaultdict(list)
        self.steps: dict[int, dict[str, StoredStep]] = defaultdict(dict)
        self._keep(params)

    def row(self, project_id: int) -> Any:
        return self.projects[project_id]

    @staticmethod
    def _sessies(params: dict) -> dict[int, list[SessieFacts]]:
        result: dict[int, list[SessieFacts]] = defaultdict(list)
        for row in db.session.execute(_SESSIE_ROWS, params):
            result[row.project_id].append(
                SessieFacts(
                    id=row.id,
                    session_type=row.session_type,
                    status=row.status,
                    on_date=row.on_date,
                    start_time=row.start_time,
                    procesbegeleider=row.procesbegeleider,
                    administrator=row.administrator,
                    mijlpalen=split_listed(row.mijlpalen),
                    participants=row.participants,
                    findings=row.findings,
                    blueprint_columns=row.blueprint_columns,
                )
            )
        return result

    def _keep(self, params: dict) -> None:
        for row in db.session.execute(_KEPT_ROWS, params):
            if row.kind == "decision":
                self.decisions[row.project_id].append(
                    DecisionFacts(
                        step_key=row.step_key,
                        decided_on=row.on_date,
                        decided_by=row.name,
                        budget=row.budget,
                        capacity_hours=row.hours,
                        has_rationale=bool(row.has_rationale),
                    )
                )
            else:
                self.steps[row.project_id][row.step_key] = StoredStep(StepStatus(row.status), row.on_date, row.name)


def _plan_filled(row: Any) -> tuple[str, ...]:
    if row.plan_id is None:  # no texts yet; risks may already be in the table
        return ("risks",) if row.plan_risks else ()
    return tuple(name for name in PLAN_FIELDS if getattr(row, f"plan_{name}"))


def _action_facts(row: Any) -> ActionFacts:
    if row.action_total is None:
        return ActionFacts()
    return ActionFacts(
        total=row.action_total,
        open_untimed=row.action_open_untimed,
        without_owner=row.action_without_owner,
        without_deadline=row.action_without_deadline,
        without_budget=row.action_without_budget,
        waiting_for_decision=row.action_waiting,
        late=row.action_late,
        budget=Decimal(row.action_budget or 0),
    )


def _task_facts(row: Any) -> TaskFacts:
    if row.task_total is None:
        return TaskFacts()
    return TaskFacts(
        total=row.task_total,
        without_owner_or_hours=row.task_unowned,
        without_department_or_start=row.task_unplaced,
        waiting_for_decision=row.task_waiting,
    )
