"""Small helpers shared by the model modules."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC 'now'; passed as a callable so it runs per row, never once at import."""
    return datetime.now(UTC).replace(tzinfo=None)
