"""Small helpers shared by the model modules."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


def utcnow() -> datetime:
    """Naive UTC 'now'; passed as a callable so it runs per row, never once at import."""
    return datetime.now(UTC).replace(tzinfo=None)


class LabelledEnum(str, enum.Enum):
    """A stored string value with its Dutch label, declared together: `MEMBER = "value", "Label"`.

    The value is what the database and forms hold; `label` is what users read.
    """

    label: str

    def __new__(cls, value: str, label: str = "") -> LabelledEnum:  # label: only while the class is built
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


def stored_enum(enum_cls: type[enum.Enum]) -> sa.Enum:
    """Store the enum's value as a short string (portable between SQLite and PostgreSQL)."""
    return sa.Enum(enum_cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class InProject:
    """A row that belongs to one project and goes when the project goes (access.get_in_project finds it)."""

    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)


class InSessie:
    """A row that belongs to one sessie (and through it to the sessie's project)."""

    sessie_id: Mapped[int] = mapped_column(sa.ForeignKey("sessie.id", ondelete="CASCADE"), index=True)


class Versioned:
    """Optimistic locking: every UPDATE and DELETE checks the version the change started from and moves it on,
    so a concurrent edit becomes a StaleDataError (a ConflictError for the user) instead of a lost update."""

    version: Mapped[int] = mapped_column(nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
