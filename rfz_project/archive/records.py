"""The rules of whole records, for an imported project: the same rules the forms and services apply.

values.py checks each column value on its own; some rules tie the values of a record together (a scope type
and its number of mijlpalen, a sessie's mode and its link or place). Those rules stay where the forms use
them: each kind of record has an `*_input_from` builder and a `*_record_errors` function next to its
`validate_*`, giving the rules a stored record keeps for good. The rules that only hold at the moment of
entry (a deadline after the project's start, a sessie's mijlpalen within the current scope) are left out: a
genuine project may break them later, and its archive must still import.

The import runs these on the rows it has just inserted, before its commit, and refuses the whole archive
when any record breaks a rule; every problem is a Dutch sentence that names the record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..actions.services import action_input_from, action_record_errors
from ..borging.services import task_input_from, task_record_errors
from ..extensions import db
from ..models import Action, Decision, Project, RegularTask, Sessie
from ..projects.decisions import decision_input_from, decision_record_errors
from ..projects.scope import scope_input_from, scope_record_errors
from ..routekaart import Routekaart, current_routekaart
from ..sessions.services import sessie_input_from, sessie_record_errors

MAX_NAME_LENGTH = 60


def _named(what: str, name: str) -> str:
    """How a problem names its record: 'sessie 2 (Kick-off)', or 'actie 3' when it has no name."""
    name = name.strip()
    if len(name) > MAX_NAME_LENGTH:
        name = name[: MAX_NAME_LENGTH - 1] + "…"
    return f"{what} ({name})" if name else what


def _sentences(record: str, errors: dict[str, list[str]]) -> list[str]:
    # the refusal joins its problems with "; " and ends with a full stop of its own
    return [f"{record}: {message.rstrip('.')}" for messages in errors.values() for message in messages]


@dataclass(frozen=True)
class _Kind:
    """One kind of record of a project that the archive holds, with the rules a stored one keeps."""

    what: str  # how a problem names it: 'actie 3 (...)'
    model: type[Action | Decision | RegularTask | Sessie]
    name: Callable[[Routekaart, Any], str]
    errors: Callable[[Routekaart, Any], dict[str, list[str]]]
    options: tuple = ()  # what `errors` reads beyond the row itself


def _sessie_name(rk: Routekaart, sessie: Sessie) -> str:
    session_type = rk.get("session_type", sessie.session_type)
    return sessie.title or (session_type.label if session_type is not None else "")


def _title(_rk: Routekaart, record: Any) -> str:
    return record.title


KINDS = (
    _Kind(
        "sessie",
        Sessie,
        _sessie_name,
        lambda rk, s: sessie_record_errors(rk, sessie_input_from(s)),
        (selectinload(Sessie.mijlpaal_rows),),
    ),
    _Kind("actie", Action, _title, lambda rk, a: action_record_errors(rk, action_input_from(a))),
    _Kind("taak", RegularTask, _title, lambda _rk, t: task_record_errors(task_input_from(t))),
    _Kind("besluit", Decision, _title, lambda _rk, d: decision_record_errors(decision_input_from(d))),
)


def _problems_of(rk: Routekaart, kind: _Kind, project_id: int, numbers: dict[int, int]) -> list[str]:
    """The problems of every row of one kind, in the archive's order; a row is numbered as in the archive."""
    query = sa.select(kind.model).where(kind.model.project_id == project_id).options(*kind.options)
    rows: list[Any] = list(db.session.scalars(query))
    problems = []
    for row in sorted(rows, key=lambda r: numbers.get(r.id, 0)):
        named = _named(f"{kind.what} {numbers.get(row.id, '?')}", kind.name(rk, row))
        problems += _sentences(named, kind.errors(rk, row))
    return problems


def record_problems(project_id: int, numbers: dict[str, dict[int, int]]) -> list[str]:
    """Every rule a stored record keeps, broken by the project or its sessies, actions, tasks or decisions.

    `numbers` gives, per table, the row number in the archive of each inserted id, so a problem points at the
    row the user can find in project.json.
    """
    rk = current_routekaart()
    project = db.session.scalars(
        sa.select(Project).where(Project.id == project_id).options(selectinload(Project.mijlpaal_rows))
    ).one()
    # an archive holds one project, and its name here may differ from the archive's (a duplicate is renamed)
    problems = _sentences("project", scope_record_errors(rk, scope_input_from(project)))
    for kind in KINDS:
        problems += _problems_of(rk, kind, project_id, numbers.get(kind.model.__tablename__, {}))
    return problems
