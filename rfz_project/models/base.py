"""Small helpers shared by the model modules."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa


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
