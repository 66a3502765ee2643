"""Borging: the regular tasks that outlast the project (the decision log is in projects.decisions).

Every function takes the acting user, loads the project through `access`, validates, and commits once.
Tasks and decisions are looked up within the loaded project, so a foreign id is simply not found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from .. import access
from ..access import Need
from ..errors import ValidationError
from ..extensions import db
from ..formatting import datum
from ..inputs_from import input_from
from ..models import Decision, Project, RegularTask, TaskFrequency, TaskKind, User
from ..services_common import RecordForm, delete_in_project, save_row, text_errors

MAX_HOURS = Decimal("2000")  # per period; more than a full-time year in one go is a typing error
NO_DEPARTMENT_LABEL = "Zonder afdeling"
ZERO = Decimal("0")


def hours_per_year(task: RegularTask) -> Decimal:
    """Hours × how often they come back in a year; a one-off task counts once, no hours count as 0."""
    return ZERO if task.hours is None else task.hours * task.frequency.per_year


def decision_missing(task: RegularTask) -> bool:
    return task.needs_directiebesluit and task.decision_id is None


# --- the task list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskRow:
    task: RegularTask
    per_year: Decimal

    @property
    def decision_missing(self) -> bool:
        return decision_missing(self.task)


@dataclass(frozen=True)
class DepartmentTotal:
    label: str
    count: int
    per_year: Decimal


@dataclass(frozen=True)
class TaskList:
    project: Project
    rows: list[TaskRow]
    per_department: list[DepartmentTotal]
    total_per_year: Decimal
    can_write: bool

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def decisions_missing(self) -> int:
        return sum(row.decision_missing for row in self.rows)


def _tasks(project: Project, *options) -> list[RegularTask]:
    return list(
        db.session.scalars(
            sa.select(RegularTask)
            .where(RegularTask.project_id == project.id)
            .options(*options)
            .order_by(sa.func.lower(RegularTask.title), RegularTask.id)
        )
    )


def totals_per_department(rows: list[TaskRow]) -> list[DepartmentTotal]:
    """Tasks and hours per year per department, alphabetical; 'Amsterdam-Noord' and 'amsterdam-noord '
    are one department (typed by hand), shown as first written. Tasks without one come last."""
    groups: dict[str, list[TaskRow]] = {}
    labels: dict[str, str] = {}
    for row in rows:
        key = row.task.department.strip().casefold()
        groups.setdefault(key, []).append(row)
        labels.setdefault(key, row.task.department.strip() or NO_DEPARTMENT_LABEL)
    totals = [
        DepartmentTotal(label=labels[key], count=len(items), per_year=sum((r.per_year for r in items), ZERO))
        for key, items in groups.items()
    ]
    return sorted(totals, key=lambda t: (t.label == NO_DEPARTMENT_LABEL, t.label.casefold()))


def task_list(actor: User, project_id: int) -> TaskList:
    """Every regular task with its hours per year, per department and in total, in a fixed number of queries."""
    project = access.get_project(actor, project_id, Need.READ, options=[joinedload(Project.gemeente)])
    rows = [TaskRow(task=t, per_year=hours_per_year(t)) for t in _tasks(project, selectinload(RegularTask.decision))]
    return TaskList(
        project=project,
        rows=rows,
        per_department=totals_per_department(rows),
        total_per_year=sum((r.per_year for r in rows), ZERO),
        can_write=access.can(actor, project, Need.WRITE),
    )


# --- changing tasks --------------------------------------------------------------------------------


@dataclass
class TaskInput:
    title: str
    kind: str = TaskKind.MONITORING.value
    description: str = ""
    owner: str = ""
    department: str = ""
    hours: Decimal | None = None
    frequency: str = TaskFrequency.MAAND.value
    needs_directiebesluit: bool = False
    needs_opdrachtomschrijving: bool = False
    decision_id: int | None = None
    starts_on: date | None = None


def task_input_from(task: RegularTask) -> TaskInput:
    """A stored task as the form would submit it."""
    return input_from(TaskInput, task)


@dataclass(frozen=True)
class TaskContext(RecordForm[RegularTask]):
    """What the task form needs: the project with its decisions, and the task when editing."""

    decisions: list[Decision] = field(default_factory=list)


_FORM_LOADS = (joinedload(Project.gemeente), selectinload(Project.decisions))
_TASK_LOADS = (selectinload(RegularTask.decision),)


def task_form(actor: User, project_id: int, task_id: int | None = None, need: Need = Need.READ) -> TaskContext:
    """The form to add a task (no `task_id`) or to show and change one."""
    project = access.get_project(actor, project_id, need, options=_FORM_LOADS)
    task = access.record_in_project(project, RegularTask, task_id, _TASK_LOADS) if task_id is not None else None
    return TaskContext(
        project=project,
        record=task,
        can_write=access.can(actor, project, Need.WRITE),
        decisions=list(project.decisions),
    )


def _text_errors(data: TaskInput) -> dict[str, list[str]]:
    errors = text_errors("title", data.title.strip(), 200, "Geef de taak een titel: wat moet er blijvend gebeuren?")
    for name in ("owner", "department"):
        errors |= text_errors(name, getattr(data, name).strip(), 120)
    if data.kind not in {k.value for k in TaskKind}:
        errors["kind"] = ["Kies een soort taak uit de lijst."]
    if data.frequency not in {f.value for f in TaskFrequency}:
        errors["frequency"] = ["Kies hoe vaak de taak terugkomt."]
    return errors


def _hours_errors(hours: Decimal | None) -> dict[str, list[str]]:
    if hours is None:
        return {}
    if hours < 0:
        return {"hours": ["Het aantal uren kan niet negatief zijn."]}
    if hours > MAX_HOURS:
        return {"hours": [f"Vul hoogstens {MAX_HOURS} uur per keer in."]}
    if hours != hours.quantize(Decimal("0.1")):  # the column keeps one decimal; never round silently
        return {"hours": ["Gebruik hoogstens één cijfer achter de komma, bijvoorbeeld 2,5."]}
    return {}


def _context_errors(project: Project, data: TaskInput) -> dict[str, list[str]]:
    """Checked when the task is entered, not kept for good: the decision must be this project's, and the task
    cannot start before the project does (whose start may move later)."""
    errors: dict[str, list[str]] = {}
    if data.decision_id is not None and data.decision_id not in {d.id for d in project.decisions}:
        errors["decision_id"] = ["Kies een besluit dat bij dit project is vastgelegd."]
    if data.starts_on is not None and data.starts_on < project.start_date:
        errors["starts_on"] = [f"De startdatum ligt vóór de start van het project ({datum(project.start_date)})."]
    return errors


def task_record_errors(data: TaskInput) -> dict[str, list[str]]:
    """The rules a stored task keeps for good (an imported one too); validate_task adds the context."""
    return _text_errors(data) | _hours_errors(data.hours)


def validate_task(project: Project, data: TaskInput) -> None:
    """Every problem at once, each on its own field, so one submit shows them all."""
    errors = task_record_errors(data) | _context_errors(project, data)
    if errors:
        raise ValidationError(errors)


def _apply(task: RegularTask, data: TaskInput) -> None:
    task.title, task.kind, task.description = data.title.strip(), TaskKind(data.kind), data.description.strip()
    task.owner, task.department = data.owner.strip(), data.department.strip()
    task.hours, task.frequency = data.hours, TaskFrequency(data.frequency)
    task.needs_directiebesluit = bool(data.needs_directiebesluit)
    task.needs_opdrachtomschrijving = bool(data.needs_opdrachtomschrijving)
    task.decision_id, task.starts_on = data.decision_id, data.starts_on


def save_task(
    actor: User, project_id: int, data: TaskInput, task_id: int | None = None, expected_version: int | None = None
) -> RegularTask:
    """Create (task_id None) or change a regular task; a stale version is a ConflictError."""
    context = task_form(actor, project_id, task_id, Need.WRITE)
    task = context.record_to_save(expected_version, RegularTask)
    validate_task(context.project, data)
    _apply(task, data)
    return save_row(task)  # a decision deleted meanwhile fails its foreign key and becomes a conflict


def delete_task(actor: User, project_id: int, task_id: int) -> None:
    delete_in_project(actor, project_id, RegularTask, task_id)
