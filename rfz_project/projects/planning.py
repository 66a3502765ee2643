"""Derived facts about a project: phase dates, step advice, the timeline. Computed, never stored.

Progress itself (which steps are done) is derived from the work in `progress.py`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol, TypeVar

from ..routekaart import Phase, Routekaart, Step

# How heavy each kind of scope is, as a fraction between the typical minimum and maximum duration.
# A role walks every mijlpaal but through one perspective; a checklist is a lighter desk exercise.
_SELECTION_WEIGHT = {"alle_mijlpalen": 1.0, "een_mijlpaal": 0.0, "een_rol": 0.5, "checklist": 0.0}


def scope_weight(selection: str, mijlpaal_count: int, total_mijlpalen: int) -> float:
    if selection == "meerdere_mijlpalen":
        return max(0.0, min(1.0, (mijlpaal_count - 1) / max(1, total_mijlpalen - 1)))
    return _SELECTION_WEIGHT[selection]


@dataclass(frozen=True)
class PlannedPhase:
    phase: Phase
    start: date
    end: date  # exclusive: the day the next phase starts
    weeks: int

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)


def planned_phases(routekaart: Routekaart, selection: str, mijlpaal_count: int, start: date) -> list[PlannedPhase]:
    """Phases back to back from the start date, each as long as the scope's weight suggests."""
    weight = scope_weight(selection, mijlpaal_count, len(routekaart.mijlpalen))
    planned, cursor = [], start
    for phase in routekaart.phases:
        weeks = phase.weeks_min + round((phase.weeks_max - phase.weeks_min) * weight)
        end = cursor + timedelta(weeks=weeks)
        planned.append(PlannedPhase(phase=phase, start=cursor, end=end, weeks=weeks))
        cursor = end
    return planned


def session_phase(routekaart: Routekaart, selection: str, mijlpaal_count: int, start: date) -> PlannedPhase:
    """The planned dates of the phase in which the sessies are held."""
    planned = planned_phases(routekaart, selection, mijlpaal_count, start)
    return next(p for p in planned if p.phase == routekaart.session_phase)


# A sessie needs a week or more after the previous one, so there is time to work out its results.
MIN_SESSIE_GAP = timedelta(days=7)


class Dated(Protocol):
    """A sessie as the planning rules see it: a Sessie row, or the facts progress is derived from."""

    @property
    def on_date(self) -> date: ...

    @property
    def starts_at(self) -> datetime: ...


D = TypeVar("D", bound=Dated)


def too_soon_after(sessies: Iterable[D]) -> list[tuple[D, D]]:
    """Each (earlier, later) pair of consecutive sessies less than MIN_SESSIE_GAP apart."""
    ordered = sorted(sessies, key=lambda s: s.starts_at)
    return [(a, b) for a, b in itertools.pairwise(ordered) if b.starts_at - a.starts_at < MIN_SESSIE_GAP]


def outside(sessies: Iterable[D], phase: PlannedPhase) -> list[D]:
    """The sessies whose date falls outside the planned phase."""
    return [s for s in sessies if not phase.start <= s.on_date < phase.end]


def step_advice(step: Step, selection: str) -> str | None:
    """Optional steps are advised for every larger scope and optional for a single mijlpaal."""
    if not step.optional:
        return None
    return "optioneel" if selection == "een_mijlpaal" else "aanbevolen"


@dataclass(frozen=True)
class TimelineBar:
    label: str
    start: date
    last_day: date
    weeks: int
    x_percent: float
    width_percent: float


@dataclass(frozen=True)
class Timeline:
    bars: tuple[TimelineBar, ...]
    start: date
    end: date
    today_percent: float | None


def timeline(planned: list[PlannedPhase], today: date) -> Timeline:
    """Positions as percentages of the whole span, so the SVG scales with the page."""
    start, end = planned[0].start, planned[-1].end
    span = max(1, (end - start).days)

    def pct(day: date) -> float:
        return round(100 * (day - start).days / span, 2)

    bars = tuple(
        TimelineBar(
            label=p.phase.label,
            start=p.start,
            last_day=p.last_day,
            weeks=p.weeks,
            x_percent=pct(p.start),
            width_percent=round(pct(p.end) - pct(p.start), 2),
        )
        for p in planned
    )
    today_percent = pct(today) if start <= today < end else None
    return Timeline(bars=bars, start=start, end=end, today_percent=today_percent)
