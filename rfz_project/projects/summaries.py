"""Each project's progress in a few figures, for lists of hundreds of projects (the start page, the portfolio).

Deriving progress (facts.py + progress.py) costs a fraction of a millisecond per project; a coördinator's
list holds 684 of them, and filtering or sorting on the current phase needs the figures of all of them on
every request. So the figures are derived once and kept in memory per process, each with the fingerprint
of its project's data: the audit trail (audit.py) writes an event for every new, changed or deleted row
that progress is derived from, in the same transaction, and never removes one; so a project whose number of
events and newest event are unchanged, on the same day, has the same facts. One query on the newest event
id overall, and the number of events among the newest ids (a transaction may commit after a later one),
tells whether anything changed at all; only then are the projects' fingerprints compared, and only changed
projects derived again.
Nothing is stored in the database: a figure is always what `progress.project_progress` says today.

A change that bypasses the audit trail (none in the app's services) is picked up after `MAX_AGE` at most.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Flask, current_app

from .. import access, kept, paging
from ..access import Need
from ..extensions import db
from ..kept import Kept, newest_event_columns
from ..models import AuditEvent, Project, User
from ..routekaart import current_routekaart
from . import facts
from . import progress as derive

MAX_AGE = 600.0  # seconds a figure is trusted without looking again, whatever the audit trail says
MAX_ENTRIES = 50_000
_EXTENSION = "rfz_progress_summaries"


@dataclass(frozen=True)
class ProgressSummary:
    """What a list row shows of a project's derived progress."""

    phase_index: int  # the current phase's place in the routekaart; the number of phases when all are done
    phase_key: str  # "" when every phase is done
    phase_label: str
    percent: int
    complete: int
    counted: int
    schedule_text: str  # "Uitvoering loopt 3 weken uit", "op schema", "afgerond"
    days_behind: int  # of the open phase furthest past its planned end; 0 when on schedule
    late_steps: int
    late_actions: int
    last_activity: datetime | None = None  # the newest event of the project's audit trail

    @property
    def behind(self) -> bool:
        return self.days_behind > 0


def summarise(
    progress: derive.ProjectProgress,
    project_facts: facts.ProjectFacts,
    phase_count: int,
    last_activity: datetime | None = None,
) -> ProgressSummary:
    current = progress.current
    behind = progress.behind
    return ProgressSummary(
        phase_index=progress.phases.index(current) if current is not None else phase_count,
        phase_key=current.phase.key if current is not None else "",
        phase_label=progress.current_label,
        percent=progress.percent,
        complete=progress.complete,
        counted=progress.counted,
        schedule_text=progress.schedule_text,
        days_behind=behind.schedule.days_behind if behind else 0,
        late_steps=len(progress.late_steps),
        late_actions=project_facts.actions.late,
        last_activity=last_activity,
    )


Fingerprint = tuple  # (today, number of events, newest event time)


@dataclass
class _Cache:
    entries: dict[int, tuple[Fingerprint, float, ProgressSummary]] = field(default_factory=dict)
    marker: tuple | None = None  # (today, newest event overall) when `checked` was filled
    checked: set[int] = field(default_factory=set)  # projects whose entry matched since `marker`
    lock: threading.Lock = field(default_factory=threading.Lock)


def _cache(app: Flask) -> _Cache:
    cache = app.extensions.get(_EXTENSION)
    if cache is None:
        cache = app.extensions.setdefault(_EXTENSION, _Cache())
    return cache


def forget_all(app: Flask) -> None:
    """Drop everything kept per process, here and in kept.py (tests fill the database again with the same ids)."""
    app.extensions.pop(_EXTENSION, None)
    kept.forget_all(app)


def _newest_event() -> tuple:
    return tuple(db.session.execute(sa.select(*newest_event_columns())).one())


# More ids than this are not listed in the query: the events of every project are grouped instead, which
# costs less than rendering and parsing hundreds of bound parameters.
IN_LIST_LIMIT = 60


def _fingerprints(ids: Collection[int], today: date) -> dict[int, Fingerprint]:
    """Per project the number of its audit events and the newest one's time (events are only ever added)."""
    query = sa.select(AuditEvent.project_id, sa.func.count(), sa.func.max(AuditEvent.at)).group_by(
        AuditEvent.project_id
    )
    if len(ids) <= IN_LIST_LIMIT:
        query = query.where(AuditEvent.project_id.in_(list(ids)))
    found: dict[int, Fingerprint] = {pid: (today, count, at) for pid, count, at in db.session.execute(query)}
    return {pid: found.get(pid, (today, 0, None)) for pid in ids}


def summaries_for(
    ids: Collection[int], today: date | None = None, newest: tuple | None = None
) -> dict[int, ProgressSummary]:
    """The figures of these projects (the caller has checked that the actor may read them), by id.

    Queries: one while nothing changed since the last call (none when the caller read `newest`, the newest
    audit event's id and time, with `newest_event_columns` in the same statement); else one more for the
    fingerprints, and for projects whose data changed one for the projects plus facts.facts_for's own.
    """
    today = today or date.today()
    wanted = set(ids)
    if not wanted:
        return {}
    cache = _cache(current_app._get_current_object())  # type: ignore[attr-defined]  # the app, not its proxy
    now = time.monotonic()
    marker = (today, tuple(newest) if newest is not None else _newest_event())
    with cache.lock:
        if cache.marker != marker:
            cache.marker, cache.checked = marker, set()
        fresh = {pid for pid in wanted & cache.checked if now - cache.entries[pid][1] < MAX_AGE}
    unsure = wanted - fresh
    if unsure:
        prints = _fingerprints(unsure, today)
        with cache.lock:
            same = {pid for pid in unsure if pid in cache.entries and cache.entries[pid][0] == prints[pid]}
            same = {pid for pid in same if now - cache.entries[pid][1] < MAX_AGE}
            cache.checked |= same
        changed = unsure - same
        if changed:
            _derive(cache, changed, prints, today, now)
    entries = cache.entries
    return {pid: entries[pid][2] for pid in wanted if pid in entries}


def _derive(cache: _Cache, ids: set[int], prints: dict[int, Fingerprint], today: date, now: float) -> None:
    rk = current_routekaart()
    projects = list(db.session.scalars(sa.select(Project).where(Project.id.in_(list(ids)))))
    all_facts = facts.facts_for(projects, today)
    derived = {
        p.id: summarise(derive.project_progress(rk, all_facts[p.id]), all_facts[p.id], len(rk.phases), prints[p.id][2])
        for p in projects
    }
    with cache.lock:
        if len(cache.entries) > MAX_ENTRIES:  # projects deleted since: start afresh rather than grow without end
            cache.entries.clear()
            cache.checked.clear()
        for pid, summary in derived.items():
            cache.entries[pid] = (prints[pid], now, summary)
            if cache.marker is not None and cache.marker[0] == today:
                cache.checked.add(pid)


# --- one project's facts, for its own pages ---------------------------------------------------------
#
# The project page and a step page derive progress from the full facts of one project: three statements
# whose aggregates over hundreds of actions cost more than the rest of the page. The facts are kept with
# kept.py against the project's fingerprint (as above), so while nothing changed the page pays one small
# statement for it. What the audit trail does not see (a step owner who changes their name) is only
# trusted for PAGE_MAX_AGE.
PAGE_MAX_AGE = 60.0
_FACTS: Kept[facts.ProjectFacts] = Kept("project_facts", max_age=PAGE_MAX_AGE, size=MAX_ENTRIES)


def fingerprint_of(project_id: int, today: date) -> Fingerprint:
    """What tells whether anything of one project changed (and the day): a marker for what a page keeps of it
    with kept.Kept, for PAGE_MAX_AGE at most. One small statement."""
    return _fingerprints([project_id], today)[project_id]


# A page of one project's lists (the action list, the implementatieplan, the resultatensessie, the results),
# kept per process while the project's audit trail and the day stay the same: its totals and rows cost more than
# the rest of the page. Only plain values are kept, no ORM objects (those belong to one request's session).
_PAGES: Kept[Any] = Kept("project_pages", max_age=PAGE_MAX_AGE, size=256)
T = TypeVar("T")


def kept_while_unchanged(key: tuple, fingerprint: Fingerprint, make: Callable[[], T]) -> T:
    """What `make` gives for `key` (which names the page and everything it depends on besides the project's own
    data), made again once the project's `fingerprint` (load_project) changed, or after PAGE_MAX_AGE."""
    # what a page holds depends on the page size too (tests shrink it to page through a few rows)
    return _PAGES.get_or_make((*key, paging.PAGE_SIZE), fingerprint, make)


# The fingerprint of the project a statement loads, as two columns beside it (see _fingerprints).
_FINGERPRINT_COLUMNS = (
    sa.select(sa.func.count()).where(AuditEvent.project_id == Project.id).scalar_subquery(),
    sa.select(sa.func.max(AuditEvent.at)).where(AuditEvent.project_id == Project.id).scalar_subquery(),
)


def load_project(
    actor: User, project_id: int, need: Need, options: Sequence[Any], today: date
) -> tuple[Project, Fingerprint]:
    """access.get_project with the project's fingerprint read in the same statement, for a page that keeps what
    it shows with kept_while_unchanged: one statement for the project and whether anything of it changed."""
    project, (count, newest) = access.get_project_with(actor, project_id, _FINGERPRINT_COLUMNS, need, options)
    return project, (today, count, newest)


def facts_of(project: Project, today: date, fingerprint: Fingerprint | None = None) -> facts.ProjectFacts:
    """The facts of one loaded project (the caller has checked that the actor may read it), kept against its
    fingerprint (read here unless the caller has it from load_project)."""
    fingerprint = fingerprint or fingerprint_of(project.id, today)
    return _FACTS.get_or_make(project.id, fingerprint, lambda: facts.facts_for([project], today)[project.id])
