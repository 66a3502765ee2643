"""Results kept in memory per process while the data they were made from stays the same.

The VNG's national lists (the portfolio and its exports, the mijlpaal coverage, the checklist comparison) are
the same for every request until something changes, and making them costs more than the rest of a page. The
audit trail (audit.py) writes an event for every new, changed or deleted row of a project in the same
transaction and never loses one, so a marker read in one small statement tells whether a kept result still
holds: the newest event id and the number of events among the newest ids (a transaction may commit after one
that took later ids), the number of projects (a deleted project takes its events with it) and of gemeenten,
and whatever else the caller's result depends on that the trail does not see (the procesbegeleiders'
assignments). Nothing derived is stored in the database.

What no marker sees (a gemeente or a user that is renamed) is trusted for MAX_AGE at most. The marker is read
before the result is made, so a change made meanwhile shows at the next request.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from flask import Flask, current_app

from .models import AuditEvent, Gemeente, Project
from .services_common import read_columns

MAX_AGE = 600.0  # seconds a result is trusted without a change of its marker, whatever the marker says
PER_KIND = 64  # results kept of one kind (views × filters); beyond this the oldest is dropped
# A transaction takes its event ids when it flushes and may commit after one that took higher ids: then the
# newest id stays the same while an event appears below it. Counting the events among the newest ids sees that.
RECENT_IDS = 1000

T = TypeVar("T")
_KINDS: set[str] = set()  # every Kept's app.extensions key, for forget_all


def newest_event_columns() -> tuple[sa.Label, sa.Label]:
    """What tells whether the audit trail changed, as two columns a list's own query can carry (labelled
    `newest_event_id` and `newest_event_at`; the second is the number of events among the newest RECENT_IDS
    ids)."""
    newest_id = sa.select(sa.func.max(AuditEvent.id)).scalar_subquery()
    recent = sa.select(sa.func.count()).where(AuditEvent.id > newest_id - RECENT_IDS).scalar_subquery()
    return newest_id.label("newest_event_id"), recent.label("newest_event_at")


def _count_of(model) -> sa.ScalarSelect:
    return sa.select(sa.func.count()).select_from(model).scalar_subquery()


def read_marker(*extra: sa.ColumnElement[Any]) -> tuple:
    """The marker of the data as a whole, with the caller's `extra` columns: one statement."""
    columns = (*newest_event_columns(), _count_of(Project), _count_of(Gemeente), *extra)
    return read_columns(columns)


@dataclass
class _Entries:
    values: dict[Any, tuple[tuple, float, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Kept(Generic[T]):
    """One kind of result, kept per application and key (the view, the filters) with the marker it was made
    under; for `max_age` seconds at most (MAX_AGE), `size` of them at most (PER_KIND)."""

    def __init__(self, name: str, *, max_age: float | None = None, size: int | None = None) -> None:
        self.extension = f"rfz_kept_{name}"
        self.max_age, self.size = max_age, size
        _KINDS.add(self.extension)

    def _entries(self) -> _Entries:
        app = current_app._get_current_object()  # type: ignore[attr-defined]  # the app, not its proxy
        return app.extensions.get(self.extension) or app.extensions.setdefault(self.extension, _Entries())

    def get_or_make(self, key: Any, marker: tuple, make: Callable[[], T]) -> T:
        """The kept result for `key` if it was made under `marker` less than max_age ago; else `make()`'s."""
        entries, now = self._entries(), time.monotonic()
        with entries.lock:
            entry = entries.values.get(key)
        if entry is not None and entry[0] == marker and now - entry[1] < (self.max_age or MAX_AGE):
            return entry[2]
        value = make()
        with entries.lock:
            entries.values.pop(key, None)
            if len(entries.values) >= (self.size or PER_KIND):
                entries.values.pop(next(iter(entries.values)))  # the oldest
            entries.values[key] = (marker, now, value)
        return value


def forget_all(app: Flask) -> None:
    """Drop every kept result (tests fill the database again with the same ids)."""
    for extension in _KINDS:
        app.extensions.pop(extension, None)
