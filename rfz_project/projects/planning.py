"""Derived facts about a project: phase dates, step advice, the timeline. Computed, never stored.

Progress itself (which steps are done) is derived from the work in `progress.py`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
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
class ActualSpan:
    """When a phase was really worked on, as far as the tool knows (the rule: `progress.actual_span`)."""

    start: date
    last_day: date
    running: bool  # the phase is not done: the span runs on to today


# --- the timeline ------------------------------------------------------------------------------------
# An SVG in these units (its viewBox). The stylesheet keeps it from shrinking below the width at which its
# text stays legible; on a narrow screen it scrolls inside its own region instead. Names and labels sit
# above and beside the bars, never inside them, so a short bar cannot make its label overflow.

TIMELINE_WIDTH = 720
LABEL_COLUMN = 96  # "gepland" / "werkelijk" left of each bar
RIGHT_MARGIN = 12
AXIS_HEIGHT = 34  # the month labels above the bars
NAME_ROW = 24  # the phase's name, above its two bars
BAR_ROW = 26
BAR_HEIGHT = 18
PHASE_GAP = 12
FOOTER = 30  # the label of today's line
MIN_BAR_WIDTH = 3  # a phase worked on for one day still shows
MONTH_LABEL_WIDTH = 66  # about what "sep 2026" takes at the axis' font size
MONTH_LABEL_SPACING = 78  # a label needs this much room before the next one
MONTH_STEPS = (1, 2, 3, 4, 6, 12)  # label every month, every other month, ...; a step divides the year
TODAY_LABEL_WIDTH = 62
SHORT_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


@dataclass(frozen=True)
class TimelineBar:
    x: float
    y: float
    width: float

    @property
    def middle(self) -> float:
        """Where a label beside the bar has its baseline's middle."""
        return self.y + BAR_HEIGHT / 2


@dataclass(frozen=True)
class TimelineRow:
    label: str
    name_y: float
    planned: TimelineBar
    actual: TimelineBar | None  # None: no dated work yet
    actual_y: float  # where the actual bar is, or the words saying there is none
    running: bool


@dataclass(frozen=True)
class TimelineTick:
    """The first day of a month; only some months get a label, so labels never crowd."""

    x: float
    label: str | None


@dataclass(frozen=True)
class TodayMark:
    x: float
    label_x: float
    anchor: str  # "start", or "end" near the right edge: the label stays inside the drawing


@dataclass(frozen=True)
class Timeline:
    rows: tuple[TimelineRow, ...]
    ticks: tuple[TimelineTick, ...]
    start: date
    end: date  # exclusive
    today: TodayMark | None
    width: int
    height: float
    bar_height: int
    label_column: int
    axis_y: float  # the baseline of the month labels
    grid_top: float
    grid_bottom: float


def _months(start: date, end: date) -> list[date]:
    """The first day of every month from `start` (included when it is one) up to `end` (excluded)."""
    month = date(start.year, start.month, 1)
    if month < start:
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    months = []
    while month < end:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _month_step(month_width: float) -> int:
    return next((step for step in MONTH_STEPS if month_width * step >= MONTH_LABEL_SPACING), MONTH_STEPS[-1])


def timeline(planned: list[PlannedPhase], today: date, actual: Sequence[ActualSpan | None] = ()) -> Timeline:
    """Every position of the timeline in SVG units: per phase its planned bar and (when there is dated work)
    its actual bar, month ticks along the top, and today's line when today falls within the drawing."""
    actuals = list(actual) + [None] * (len(planned) - len(actual))
    start = min([p.start for p in planned] + [a.start for a in actuals if a])
    end = max([p.end for p in planned] + [a.last_day + timedelta(days=1) for a in actuals if a])
    span = max(1, (end - start).days)
    area = TIMELINE_WIDTH - LABEL_COLUMN - RIGHT_MARGIN

    def x(day: date) -> float:
        return round(LABEL_COLUMN + area * (day - start).days / span, 1)

    def bar(first: date, after_last: date, y: float) -> TimelineBar:
        return TimelineBar(x=x(first), y=y, width=max(MIN_BAR_WIDTH, round(x(after_last) - x(first), 1)))

    rows, top = [], float(AXIS_HEIGHT)
    for phase, span_done in zip(planned, actuals, strict=True):
        planned_y, actual_y = top + NAME_ROW, top + NAME_ROW + BAR_ROW
        rows.append(
            TimelineRow(
                label=phase.phase.label,
                name_y=top + NAME_ROW - 7,
                planned=bar(phase.start, phase.end, planned_y),
                actual=bar(span_done.start, span_done.last_day + timedelta(days=1), actual_y) if span_done else None,
                actual_y=actual_y,
                running=bool(span_done and span_done.running),
            )
        )
        top += NAME_ROW + 2 * BAR_ROW + PHASE_GAP

    step = _month_step(area * 30.44 / span)
    ticks = tuple(
        TimelineTick(
            x=x(month),
            label=f"{SHORT_MONTHS[month.month - 1]} {month.year}"
            if (month.month - 1) % step == 0 and x(month) + 4 + MONTH_LABEL_WIDTH <= TIMELINE_WIDTH
            else None,
        )
        for month in _months(start, end)
    )
    today_mark = None
    if start <= today < end:
        near_right = x(today) + 4 + TODAY_LABEL_WIDTH > TIMELINE_WIDTH
        today_mark = TodayMark(
            x=x(today), label_x=x(today) - 4 if near_right else x(today) + 4, anchor="end" if near_right else "start"
        )
    return Timeline(
        rows=tuple(rows),
        ticks=ticks,
        start=start,
        end=end,
        today=today_mark,
        width=TIMELINE_WIDTH,
        height=top - PHASE_GAP + FOOTER,
        bar_height=BAR_HEIGHT,
        label_column=LABEL_COLUMN,
        axis_y=AXIS_HEIGHT - 14,
        grid_top=AXIS_HEIGHT - 8,
        grid_bottom=top - PHASE_GAP,
    )
