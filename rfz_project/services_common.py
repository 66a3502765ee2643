"""Helpers every area's services share: optimistic locking around the one commit of a change."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from . import access
from .access import Need
from .errors import ConflictError
from .extensions import db
from .models import Project, User

R = TypeVar("R")


def read_columns(columns: Sequence[sa.ColumnElement[Any]]) -> tuple:
    """The values of `columns` (scalar subqueries, mostly) in one statement; nothing to read without columns."""
    return tuple(db.session.execute(sa.select(*columns)).one()) if columns else ()


def commit_or_conflict() -> None:
    """Commit; a concurrent change of the same row becomes a ConflictError, nothing half-saved."""
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError) as exc:
        db.session.rollback()
        raise ConflictError() from exc


def lock_project(project: Project) -> None:
    """Hold the project's row until the commit, so one writer at a time reads-then-writes it.

    For a change that first checks what exists and then adds (a proposed planning only when there are no
    sessies, one calendar feed per project): a second request at the same moment waits here, and then sees
    what the first one committed. Call it after the access check and before the read it protects.
    PostgreSQL locks the row (SELECT ... FOR UPDATE). SQLite has no row locks but one writer at a time: a
    write takes the database's write lock until the commit, so a no-op UPDATE takes it now, before the read.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        table = db.metadata.tables[Project.__tablename__]  # Core: no ORM update logic, the row stays as it is
        db.session.execute(sa.update(table).where(table.c.id == project.id).values(id=table.c.id))
    else:
        db.session.execute(sa.select(Project.id).where(Project.id == project.id).with_for_update())


def text_errors(field: str, value: str, max_length: int, missing: str = "") -> dict[str, list[str]]:
    """The message a text field of a record gets, if any: `missing` when it is empty and the record needs it,
    "Maximaal N tekens." when it is longer than its column (the form checks that too; a service may be called
    without one)."""
    if not value:
        return {field: [missing]} if missing else {}
    if len(value) > max_length:
        return {field: [f"Maximaal {max_length} tekens."]}
    return {}


def expect_version(record, expected: int | None) -> None:
    """The form's version must match the stored one; a missing version means a stale form."""
    if record.version != expected:
        raise ConflictError()


def detach_references(table_name: str, row_id: int) -> None:
    """Before deleting a row: do what ON DELETE SET NULL would do to the rows that point at it.

    SQLite only enforces foreign keys when asked per connection, so without this a deleted theme or
    decision would leave dangling ids behind, which a later row may even reuse. Walking the metadata
    covers every area's references without this module knowing them. Versioned rows get a new
    version, so a form opened before the delete reports a conflict instead of restoring the link.
    No commit here: the caller commits the delete and this together.
    """
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name != table_name or (fk.ondelete or "").upper() != "SET NULL":
                continue
            values: dict[str, Any] = {fk.parent.name: None}
            if "version" in table.c:
                values["version"] = table.c.version + 1
            db.session.execute(sa.update(table).where(fk.parent == row_id).values(values))


@dataclass(frozen=True)
class RecordForm(Generic[R]):
    """What the add or edit form of a record in a project needs: the project, the record (None when adding)
    and whether the actor may change it. An area's form context adds what its form chooses from."""

    project: Project
    record: R | None
    can_write: bool = False

    @property
    def existing(self) -> R:
        """The record shown or changed; only a form opened on an existing record has one."""
        if self.record is None:
            raise ValueError("the form for a new record has no existing record")
        return self.record

    def record_to_save(self, expected_version: int | None, new: Callable[..., R]) -> R:
        """What a save of this form changes: the record it was opened on, once the version the form was made
        from is checked (a stale one: ConflictError), or a new one of the project (not yet in the session)."""
        if self.record is None:
            return new(project_id=self.project.id)
        expect_version(self.record, expected_version)
        return self.record


def save_row(record: R) -> R:
    """Add a new or changed row and commit; a stale version or a broken constraint is a ConflictError."""
    db.session.add(record)
    commit_or_conflict()
    return record


def delete_row(record) -> None:
    """Delete one loaded row and commit: what points at it stays, without the link (`detach_references`), and
    a row that another request changed or deleted meanwhile is a ConflictError."""
    detach_references(record.__tablename__, record.id)
    db.session.delete(record)
    commit_or_conflict()


def delete_in_project(actor: User, project_id: int, model: type, record_id: int, need: Need = Need.WRITE) -> None:
    """Delete a record of a project that `actor` may change (`need`), through the one access loader."""
    delete_row(access.get_in_project(actor, project_id, model, record_id, need)[1])
