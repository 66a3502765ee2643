"""What a project's records say about its progress, gathered for many projects in a fixed number of queries.

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
    RegularTask,
    Sessie,
    SessieMijlpaal,
    SessieStatus,
    StepState,
    StepStatus,
    TeamMember,
    TeamRole,
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
    plan_filled: tuple[str, ...] = ()  # the projectplan sections with text
    sessies: tuple[SessieFacts, ...] = ()
    findings: int = 0
    findings_without_theme: int = 0
    actions: ActionFacts = ActionFacts()
    tasks: TaskFacts = TaskFacts()
    steps: dict[str, StoredStep] = field(default_factory=dict)

    def decisions_for(self, step_key: str) -> tuple[DecisionFacts, ...]:
        return tuple(d for d in self.decisions if d.step_key == step_key)


def facts_for(projects: Sequence[Project], today: date) -> dict[int, ProjectFacts]:
    """The facts of each project, by project id, in a fixed number of queries whatever their number."""
    ids = [p.id for p in projects]
    if not ids:
        return {}
    parts = _Parts(ids, today)
    return {
        p.id: ProjectFacts(
            project_id=p.id,
            start_date=p.start_date,
            scope_type=p.scope_type,
            mijlpalen=tuple(parts.mijlpalen.get(p.id, ())),
            central_question=p.central_question or "",
            reasons=tuple(p.reasons or ()),
            reason_note=p.reason_note or "",
            left_out_disciplines=frozenset(p.left_out_disciplines or ()),
            record_keeping=p.record_keeping or "",
            today=today,
            decisions=tuple(parts.decisions.get(p.id, ())),
            team_roles=frozenset(parts.team_roles.get(p.id, ())),
            disciplines=frozenset(parts.disciplines.get(p.id, ())),
            plan_filled=parts.plan_filled.get(p.id, ()),
            sessies=tuple(parts.sessies.get(p.id, ())),
            findings=parts.findings.get(p.id, (0, 0))[0],
            findings_without_theme=parts.findings.get(p.id, (0, 0))[1],
            actions=parts.actions.get(p.id, ActionFacts()),
            tasks=parts.tasks.get(p.id, TaskFacts()),
            steps=parts.steps.get(p.id, {}),
        )
        for p in projects
    }


def _count_where(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.count(sa.case((condition, 1)))


def _blank(column: Any) -> sa.ColumnElement[bool]:
    return sa.func.length(sa.func.trim(column)) == 0


class _Parts:
    """One grouped query per kind of record, each keyed by project id."""

    def __init__(self, ids: list[int], today: date) -> None:
        self.ids = ids
        self.today = today
        self.mijlpalen = self._grouped(sa.select(ProjectMijlpaal.project_id, ProjectMijlpaal.mijlpaal), ProjectMijlpaal)
        self.decisions = self._decisions()
        self.team_roles = self._grouped(sa.select(TeamMember.project_id, TeamMember.team_role), TeamMember)
        self.disciplines = self._grouped(sa.select(TeamMember.project_id, TeamMember.discipline), TeamMember)
        self.plan_filled = self._plan()
        self.sessies = self._sessies()
        self.findings = self._findings()
        self.actions = self._actions()
        self.tasks = self._tasks()
        self.steps = self._steps()

    def _grouped(self, query: sa.Select, model: Any) -> dict[int, list]:
        result: dict[int, list] = defaultdict(list)
        for project_id, value in db.session.execute(query.where(model.project_id.in_(self.ids))):
            result[project_id].append(value)
        return result

    def _decisions(self) -> dict[int, list[DecisionFacts]]:
        rows = db.session.execute(
            sa.select(
                Decision.project_id,
                Decision.step_key,
                Decision.decided_on,
                Decision.decided_by,
                Decision.budget,
                Decision.capacity_hours,
                sa.not_(_blank(Decision.rationale)).label("has_rationale"),
            )
            .where(Decision.project_id.in_(self.ids))
            .order_by(Decision.decided_on, Decision.id)
        )
        result: dict[int, list[DecisionFacts]] = defaultdict(list)
        for row in rows:
            result[row.project_id].append(
                DecisionFacts(
                    step_key=row.step_key,
                    decided_on=row.decided_on,
                    decided_by=row.decided_by,
                    budget=row.budget,
                    capacity_hours=row.capacity_hours,
                    has_rationale=bool(row.has_rationale),
                )
            )
        return result

    def _plan(self) -> dict[int, tuple[str, ...]]:
        columns = [getattr(ProjectPlan, name) for name in PLAN_FIELDS]
        rows = db.session.execute(
            sa.select(ProjectPlan.project_id, *columns).where(ProjectPlan.project_id.in_(self.ids))
        )
        return {
            project_id: tuple(name for name, text in zip(PLAN_FIELDS, texts, strict=True) if (text or "").strip())
            for project_id, *texts in rows
        }

    def _sessies(self) -> dict[int, list[SessieFacts]]:
        in_projects = Sessie.project_id.in_(self.ids)
        mijlpalen = self._per_sessie(
            sa.select(SessieMijlpaal.sessie_id, SessieMijlpaal.mijlpaal).join(Sessie).where(in_projects)
        )
        participants = self._counts(
            sa.select(Participant.sessie_id, sa.func.count())
            .join(Sessie)
            .where(in_projects)
            .group_by(Participant.sessie_id)
        )
        findings = self._counts(
            sa.select(Finding.sessie_id, sa.func.count())
            .where(Finding.project_id.in_(self.ids))
            .group_by(Finding.sessie_id)
        )
        columns = self._counts(
            sa.select(BlueprintColumn.sessie_id, sa.func.count())
            .join(Sessie)
            .where(in_projects)
            .group_by(BlueprintColumn.sessie_id)
        )
        rows = db.session.execute(
            sa.select(
                Sessie.project_id,
                Sessie.id,
                Sessie.session_type,
                Sessie.status,
                Sessie.on_date,
                Sessie.start_time,
                Sessie.procesbegeleider,
                Sessie.administrator,
            )
            .where(in_projects)
            .order_by(Sessie.on_date, Sessie.start_time, Sessie.id)
        )
        result: dict[int, list[SessieFacts]] = defaultdict(list)
        for row in rows:
            result[row.project_id].append(
                SessieFacts(
                    id=row.id,
                    session_type=row.session_type,
                    status=row.status,
                    on_date=row.on_date,
                    start_time=row.start_time,
                    procesbegeleider=row.procesbegeleider,
                    administrator=row.administrator,
                    mijlpalen=tuple(mijlpalen.get(row.id, ())),
                    participants=participants.get(row.id, 0),
                    findings=findings.get(row.id, 0),
                    blueprint_columns=columns.get(row.id, 0),
                )
            )
        return result

    @staticmethod
    def _per_sessie(query: sa.Select) -> dict[int, list[str]]:
        result: dict[int, list[str]] = defaultdict(list)
        for sessie_id, value in db.session.execute(query):
            result[sessie_id].append(value)
        return result

    @staticmethod
    def _counts(query: sa.Select) -> dict[int, int]:
        return {key: count for key, count in db.session.execute(query)}

    def _findings(self) -> dict[int, tuple[int, int]]:
        rows = db.session.execute(
            sa.select(Finding.project_id, sa.func.count(), sa.func.count(sa.case((Finding.theme_id.is_(None), 1))))
            .where(Finding.project_id.in_(self.ids))
            .group_by(Finding.project_id)
        )
        return {project_id: (total, without) for project_id, total, without in rows}

    def _actions(self) -> dict[int, ActionFacts]:
        is_open = Action.status.in_([ActionStatus.OPEN, ActionStatus.BEZIG])

        count = _count_where
        rows = db.session.execute(
            sa.select(
                Action.project_id,
                sa.func.count().label("total"),
                count(sa.and_(is_open, Action.timing == ActionTiming.ONBEPAALD)).label("open_untimed"),
                count(_blank(Action.owner)).label("without_owner"),
                count(Action.deadline.is_(None)).label("without_deadline"),
                count(Action.budget.is_(None)).label("without_budget"),
                count(sa.and_(Action.needs_decision.is_(True), Action.decision_id.is_(None))).label("waiting"),
                count(sa.and_(is_open, Action.deadline < self.today)).label("late"),
                sa.func.coalesce(sa.func.sum(Action.budget), 0).label("budget"),
            )
            .where(Action.project_id.in_(self.ids), Action.status != ActionStatus.GESCHRAPT)
            .group_by(Action.project_id)
        )
        return {
            row.project_id: ActionFacts(
                total=row.total,
                open_untimed=row.open_untimed,
                without_owner=row.without_owner,
                without_deadline=row.without_deadline,
                without_budget=row.without_budget,
                waiting_for_decision=row.waiting,
                late=row.late,
                budget=Decimal(row.budget or 0),
            )
            for row in rows
        }

    def _tasks(self) -> dict[int, TaskFacts]:
        count, blank = _count_where, _blank
        rows = db.session.execute(
            sa.select(
                RegularTask.project_id,
                sa.func.count().label("total"),
                count(sa.or_(blank(RegularTask.owner), RegularTask.hours.is_(None))).label("unowned"),
                count(sa.or_(blank(RegularTask.department), RegularTask.starts_on.is_(None))).label("unplaced"),
                count(sa.and_(RegularTask.needs_directiebesluit.is_(True), RegularTask.decision_id.is_(None))).label(
                    "waiting"
                ),
            )
            .where(RegularTask.project_id.in_(self.ids))
            .group_by(RegularTask.project_id)
        )
        return {
            row.project_id: TaskFacts(
                total=row.total,
                without_owner_or_hours=row.unowned,
                without_department_or_start=row.unplaced,
                waiting_for_decision=row.waiting,
            )
            for row in rows
        }

    def _steps(self) -> dict[int, dict[str, StoredStep]]:
        rows = db.session.execute(
            sa.select(StepState.project_id, StepState.step_key, StepState.status, StepState.due_date).where(
                StepState.project_id.in_(self.ids)
            )
        )
        result: dict[int, dict[str, StoredStep]] = defaultdict(dict)
        for project_id, step_key, status, due_date in rows:
            result[project_id][step_key] = StoredStep(status, due_date)
        return result
