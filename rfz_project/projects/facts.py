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

    @property
    def decided_budget(self) -> Decimal | None:
        """What the decisions together made available; None when none of them names an amount."""
        amounts = [d.budget for d in self.decisions if d.budget is not None]
        return sum(amounts, Decimal(0)) if amounts else None

    @property
    def late_sessies(self) -> int:
        return sum(1 for s in self.sessies if s.late_days(self.today))


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


def _grouped(query: sa.Select) -> dict[int, list]:
    """Rows of (key, value) as {key: [values]}."""
    result: dict[int, list] = defaultdict(list)
    for key, value in db.session.execute(query):
        result[key].append(value)
    return result


def _count_where(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.count(sa.case((condition, 1)))


def _blank(column: Any) -> sa.ColumnElement[bool]:
    return sa.func.length(sa.func.trim(column)) == 0


class _Parts:
    """One grouped query per kind of record, each keyed by project id."""

    def __init__(self, ids: list[int], today: date) -> None:
        self.ids = ids
        self.today = today
        self.mijlpalen = _grouped(
            sa.select(ProjectMijlpaal.project_id, ProjectMijlpaal.mijlpaal).where(ProjectMijlpaal.project_id.in_(ids))
        )
        self.decisions = self._decisions()
        self.team_roles, self.disciplines = self._team()
        self.plan_filled = self._plan()
        findings_per_sessie, self.findings = self._findings()
        self.sessies = self._sessies(findings_per_sessie)
        self.actions = self._actions()
        self.tasks = self._tasks()
        self.steps = self._steps()

    def _team(self) -> tuple[dict[int, list[TeamRole]], dict[int, list[str]]]:
        roles: dict[int, list[TeamRole]] = defaultdict(list)
        disciplines: dict[int, list[str]] = defaultdict(list)
        query = sa.select(TeamMember.project_id, TeamMember.team_role, TeamMember.discipline)
        for project_id, role, discipline in db.session.execute(query.where(TeamMember.project_id.in_(self.ids))):
            roles[project_id].append(role)
            disciplines[project_id].append(discipline)
        return roles, disciplines

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

    def _sessies(self, findings: dict[int, int]) -> dict[int, list[SessieFacts]]:
        in_projects = Sessie.project_id.in_(self.ids)
        mijlpalen = _grouped(
            sa.select(SessieMijlpaal.sessie_id, SessieMijlpaal.mijlpaal).join(Sessie).where(in_projects)
        )
        participants = self._count_per_sessie(Participant.sessie_id, in_projects)
        columns = self._count_per_sessie(BlueprintColumn.sessie_id, in_projects)
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
    def _count_per_sessie(sessie_id: Any, in_projects: sa.ColumnElement[bool]) -> dict[int, int]:
        rows = db.session.execute(
            sa.select(sessie_id, sa.func.count()).join(Sessie).where(in_projects).group_by(sessie_id)
        )
        return {key: count for key, count in rows}

    def _findings(self) -> tuple[dict[int, int], dict[int, tuple[int, int]]]:
        """Findings per sessie, and per project (findings, of which without a theme)."""
        rows = db.session.execute(
            sa.select(Finding.project_id, Finding.sessie_id, sa.func.count(), _count_where(Finding.theme_id.is_(None)))
            .where(Finding.project_id.in_(self.ids))
            .group_by(Finding.project_id, Finding.sessie_id)
        )
        per_sessie: dict[int, int] = {}
        totals: dict[int, tuple[int, int]] = {}
        for project_id, sessie_id, count, without_theme in rows:
            per_sessie[sessie_id] = count
            total, without = totals.get(project_id, (0, 0))
            totals[project_id] = (total + count, without + without_theme)
        return per_sessie, totals

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
