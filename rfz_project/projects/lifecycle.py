"""The end of a project: a projectleider closes it (read-only, with a reason, undoable) or deletes it.

Closing only records when, why and by whom; access.py makes a closed project read-only, so every service
that changes something refuses it without knowing about closing. Reopening and deleting are the two things
that act on a closed project itself: only they load it with `even_closed`.

Deleting removes the project with everything in it, its history included (every project-scoped table goes
with its project, ON DELETE CASCADE). So the deletion is recorded in the Beveiligingslog, which is not part
of any project, with what was deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from .. import access, security_log
from ..access import Need
from ..errors import ValidationError
from ..extensions import db
from ..models import (
    Action,
    ChecklistAnswer,
    Decision,
    Finding,
    Participant,
    Project,
    RegularTask,
    Sessie,
    TeamMember,
    Theme,
    User,
)
from ..models.base import utcnow
from ..services_common import commit_or_conflict, read_columns
from ..sessions import services as sessions

REASON_REQUIRED = "Vul in waarom het project wordt afgesloten; iedereen die het project opent, leest dit."
NOT_CLOSED = "Dit project is niet afgesloten."

# What a deletion takes with it, as the delete page counts it: the model, how to find its rows in the
# project, and its name for one and for more.
_CONTENTS: tuple[tuple[type, str, str], ...] = (
    (Sessie, "sessie", "sessies"),
    (Participant, "deelnemer", "deelnemers"),
    (Finding, "bevinding", "bevindingen"),
    (Theme, "thema", "thema's"),
    (Action, "actie", "acties"),
    (Decision, "besluit", "besluiten"),
    (RegularTask, "reguliere taak", "reguliere taken"),
    (ChecklistAnswer, "antwoord in de checklist", "antwoorden in de checklist"),
    (TeamMember, "teamlid", "teamleden"),
)


def may_close_or_delete(actor: User, project: Project) -> bool:
    """A projectleider of the project's gemeente, also when the project is closed."""
    return access.can(actor, project, Need.MANAGE, even_closed=True)


# --- closing and reopening ---------------------------------------------------------------------------


def project_to_close(actor: User, project_id: int) -> Project:
    """The project for the close form: a projectleider's, still open (a closed one is refused as closed)."""
    return access.get_project(actor, project_id, Need.MANAGE)


def check_reason(reason: str) -> None:
    """A ValidationError at the field when there is no reason (spaces alone are none)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [REASON_REQUIRED]})


def close(actor: User, project_id: int, reason: str) -> Project:
    """Close the project: from now on it is read-only for everyone, until a projectleider reopens it."""
    project = access.get_project(actor, project_id, Need.MANAGE)
    check_reason(reason)
    project.closed_reason = reason.strip()
    project.closed_at = utcnow()
    project.closed_by_id = actor.id
    project.closed_by_name = actor.name
    commit_or_conflict()
    return project


def reopen(actor: User, project_id: int) -> Project:
    """Open a closed project again; the history keeps when, why and by whom it was closed."""
    project = access.get_project(actor, project_id, Need.MANAGE, even_closed=True)
    if not project.is_closed:
        raise ValidationError(NOT_CLOSED)
    project.closed_at = None
    project.closed_reason = ""
    project.closed_by_id = None
    project.closed_by_name = ""
    commit_or_conflict()
    return project


# --- deleting ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Content:
    """How many of one kind of record the project holds, with its Dutch names for one and for more."""

    count: int
    one: str
    many: str


@dataclass(frozen=True)
class DeletionPage:
    project: Project
    contents: tuple[Content, ...]  # only the kinds the project has
    to_be_told: int = 0  # participants mailed an invitation to a sessie still to come: they get a cancellation


def _in_project(model: type, project_id: int):
    """The rows of one kind in the project: by their own project_id, or through their sessie."""
    count = sa.select(sa.func.count()).select_from(model)
    if hasattr(model, "project_id"):
        return count.where(model.project_id == project_id)
    through_sessie = model.sessie_id  # type: ignore[attr-defined]
    return count.join(Sessie, through_sessie == Sessie.id).where(Sessie.project_id == project_id)


def _contents(project: Project) -> tuple[Content, ...]:
    """Every kind counted in one query."""
    counts = read_columns([_in_project(model, project.id).scalar_subquery() for model, _one, _many in _CONTENTS])
    return tuple(
        Content(count, one, many) for count, (_model, one, many) in zip(counts, _CONTENTS, strict=True) if count
    )


def _to_delete(actor: User, project_id: int) -> Project:
    return access.get_project(actor, project_id, Need.MANAGE, options=[joinedload(Project.gemeente)], even_closed=True)


def deletion_page(actor: User, project_id: int) -> DeletionPage:
    """What the delete page warns about: the project, how much goes with it, and who will be told."""
    project = _to_delete(actor, project_id)
    return DeletionPage(project=project, contents=_contents(project), to_be_told=sessions.mailed_to_come(project))


def name_to_type(project: Project) -> str:
    """The help under the confirmation field: exactly what to type."""
    return f"Typ precies, met dezelfde hoofdletters en leestekens: {project.name}"


def check_typed_name(project: Project, typed_name: str) -> None:
    """The typed name must be the project's name (spaces around it do not count); else nothing happens."""
    typed = (typed_name or "").strip()
    if typed == project.name:
        return
    if not typed:
        raise ValidationError({"name": [f"Typ de naam van het project ter bevestiging: {project.name}"]})
    raise ValidationError({"name": [f"De naam klopt niet. {name_to_type(project)}"]})


def delete(actor: User, project_id: int, typed_name: str, now: datetime | None = None) -> str:
    """Delete the project and everything in it; returns its name. Recorded in the Beveiligingslog. Whoever was
    mailed an invitation to a sessie still to come gets its cancellation."""
    project = _to_delete(actor, project_id)
    check_typed_name(project, typed_name)
    name = project.name
    deleted: dict[str, Any] = {content.many: content.count for content in _contents(project)}
    security_log.record(
        "project_deleted",
        actor=actor,
        target=f"{name} (gemeente {project.gemeente.name})",
        project_id=project.id,
        afgesloten="ja" if project.is_closed else "nee",
        **deleted,
    )
    # Those invited by e-mail to a sessie still to come get its cancellation, in this transaction.
    sessions.cancel_all_to_come(project, now)
    db.session.flush()  # the mails, and the participants marked as told, before the rows go with the project
    # One DELETE: the database removes every row of the project with it (ON DELETE CASCADE on each
    # project-scoped table), so no kind of record can be forgotten here.
    db.session.execute(sa.delete(Project).where(Project.id == project.id))
    commit_or_conflict()
    return name
