"""Audit trail: every change to a project's records becomes an AuditEvent in the same transaction.

One mechanism instead of a call in every service: SQLAlchemy's flush events see each new, changed and
deleted row of an audited model. Who acts and for which project comes from the access check that
every project-scoped service call passes (access.get_project), stored on the database session.
Models opt in with `__audit_label__` (their Dutch name); `__audit_private__` lists fields whose
values are personal data and are not copied into the history.

An event stores each change under the column's own name, with its values as short texts (enums as their
label, dates the Dutch way). Routekaart keys and ids of other records stay keys and ids here: the history
page (projects/history.py) gives them their Dutch labels and names when it shows them, so one mapping of
field labels serves every event, old or new.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session, attributes, scoped_session

from .formatting import datum, euro, tijdstip
from .models import AuditEvent

SKIPPED_FIELDS = {"id", "version", "created_at", "updated_at", "project_id", "sessie_id"}
MAX_VALUE_LENGTH = 300
EMPTY = "leeg"  # a value that is not there
PRIVATE = "(niet bewaard: persoonsgegevens)"
ACTIONS = {"new": "aangemaakt", "dirty": "gewijzigd", "deleted": "verwijderd"}


@dataclass(frozen=True)
class AuditContext:
    project_id: int | None  # None while a project is being created (its id follows at flush)
    actor_id: int | None
    actor_name: str


def set_context(session: Session | scoped_session, project_id: int | None, actor) -> None:
    """Called by the access check: later changes in this session are by this actor, in this project."""
    session.info["audit_context"] = AuditContext(
        project_id=project_id, actor_id=getattr(actor, "id", None), actor_name=getattr(actor, "name", "")
    )


MONEY_FIELDS = {"budget"}
# The first of these a row has (and fills) names it in the history; the page turns a key into its label.
SUMMARY_FIELDS = ("title", "name", "text", "who", "step_key", "item_key", "mijlpaal", "session_type", "support_kind")


def shorten(text: str) -> str:
    """A value as the history keeps it: at most MAX_VALUE_LENGTH characters."""
    return text if len(text) <= MAX_VALUE_LENGTH else text[: MAX_VALUE_LENGTH - 1] + "…"


def _display(value, field: str = "") -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, enum.Enum):
        return getattr(value, "label", value.value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return tijdstip(value)
    if isinstance(value, date):
        return datum(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return euro(value) if field in MONEY_FIELDS else format(value.normalize(), "f").replace(".", ",")
    if isinstance(value, (list, tuple)):
        # a list of routekaart keys (a project's reasons): one text the history page can split again
        return ", ".join(str(item) for item in value) or EMPTY
    return shorten(str(value))


def _columns(obj):
    return [c for c in sa.inspect(type(obj)).column_attrs if c.key not in SKIPPED_FIELDS]


def _changes(obj, kind: str) -> dict[str, list[str]]:
    private: set[str] = getattr(type(obj), "__audit_private__", set())
    result = {}
    for column in _columns(obj):
        history = attributes.get_history(obj, column.key)
        if kind == "dirty":
            if not history.has_changes():
                continue
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
        elif kind == "new":
            before, after = None, getattr(obj, column.key)
            if after in (None, "", [], {}):
                continue
        else:
            continue  # a deletion is described by its summary
        if before == after:
            continue
        result[column.key] = (
            [PRIVATE, PRIVATE] if column.key in private else [_display(before, column.key), _display(after, column.key)]
        )
    return result


def _summary(obj) -> str:
    private: set[str] = getattr(type(obj), "__audit_private__", set())
    for field in SUMMARY_FIELDS:
        value = getattr(obj, field, None)
        if value and field not in private:
            return _display(value)[:200]
    return ""


def _project_id(obj, context: AuditContext | None) -> int | None:
    if type(obj).__name__ == "Project":
        return obj.id
    return getattr(obj, "project_id", None) or (context.project_id if context else None)


def _collect(session: Session, _flush_context) -> None:
    """after_flush: ids are assigned and attribute history still shows what changed."""
    context = session.info.get("audit_context")
    pending = session.info.setdefault("audit_pending", [])
    gone = session.info.setdefault("audit_deleted_projects", set())
    gone.update(obj.id for obj in session.deleted if type(obj).__name__ == "Project")
    for kind in ("new", "dirty", "deleted"):
        for obj in getattr(session, kind):
            label = getattr(type(obj), "__audit_label__", None)
            if label is None or (kind == "dirty" and not session.is_modified(obj, include_collections=False)):
                continue
            changes = _changes(obj, kind)
            if kind == "dirty" and not changes:
                continue
            project_id = _project_id(obj, context)
            if project_id is None:
                continue  # outside a project (command line set-up): nothing to attach it to
            pending.append(
                dict(
                    project_id=project_id,
                    actor_id=context.actor_id if context else None,
                    actor_name=context.actor_name if context else "systeem",
                    entity=label,
                    entity_id=getattr(obj, "id", None),
                    action=ACTIONS[kind],
                    summary=_summary(obj),
                    changes=changes,
                )
            )


def _write(session: Session, _flush_context) -> None:
    """after_flush_postexec: add the events; the commit flushes them in the same transaction."""
    pending = session.info.pop("audit_pending", [])
    deleted_projects = session.info.pop("audit_deleted_projects", set())
    for event in pending:
        if event["project_id"] not in deleted_projects:
            session.add(AuditEvent(**event))


def register(session_class) -> None:
    if not sa.event.contains(session_class, "after_flush", _collect):
        sa.event.listen(session_class, "after_flush", _collect)
        sa.event.listen(session_class, "after_flush_postexec", _write)
