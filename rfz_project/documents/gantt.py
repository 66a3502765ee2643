"""The timeline (a Gantt chart as a Word table) of the aanpak en planning and of the implementatieplan.

A timeline is columns of periods (weeks, months or quarters: as fine as fits on a landscape page) and rows
of bars. Each row is a few segments (empty, bar, empty) that span columns, so a row of 300 actions costs
three cells, not one per period; the template paints them with docxtpl's `{% colspan %}` and `{% cellbg %}`.
The period columns get their widths after the render (word._WordTemplate), since their number varies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..formatting import MAANDEN
from ..models import ActionStatus
from .context import ActionInfo, DocumentContext

MAX_COLUMNS = 26  # period columns that stay readable on landscape A4 next to the label columns
WEEKS_UP_TO = 26  # a project up to half a year is shown in weeks, else in months, else in quarters
MONTHS_UP_TO = 24
MAAND_KORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
DAG_KORT = ("ma", "di", "wo", "do", "vr", "za", "zo")

# The bar colours, named for the legend in the templates (docx_templates/build_word_templates.py).
EMPTY = "auto"
PHASE = "9DC3E6"  # light blue
SESSIE = "154273"  # the dark blue of the headings
QUICK_WIN = "154273"
LATER = "9DC3E6"
UNDECIDED = "BFBFBF"  # grey: not yet decided when
LATE = "E46C0A"  # orange: the deadline has passed
CLOSED = frozenset({ActionStatus.AFGEROND.label, ActionStatus.GESCHRAPT.label})  # off the chart: nothing to plan


@dataclass(frozen=True)
class Period:
    first: date
    label: str  # "12" (week number), "mrt" or "K2"
    group: str  # what the header row above it says: "maart 2026" (a week's month) or "2026"
    group_short: str  # the same when only two or three columns are free: "mrt"


@dataclass(frozen=True)
class Span:
    """Cells next to each other: a header over `span` columns, or a segment of a row."""

    span: int
    label: str = ""
    fill: str = EMPTY


@dataclass(frozen=True)
class Row:
    label: str
    when: str  # "5 jan – 15 feb", "di 9 dec" or a deadline
    bars: tuple[Span, ...]  # spanning all period columns together
    heading: bool = False  # a theme: one cell over the whole width


@dataclass(frozen=True)
class Timeline:
    unit: str  # "week", "maand" or "kwartaal": what a column is
    groups: tuple[Span, ...]  # the upper header row: months over weeks, years over months
    periods: tuple[str, ...]  # the lower header row
    rows: tuple[Row, ...]
    undated: tuple[ActionInfo, ...] = ()  # open actions without a deadline: not on the chart

    @property
    def columns(self) -> int:
        """All columns of the table: the two label columns and the periods."""
        return 2 + len(self.periods)


# --- periods ---------------------------------------------------------------------------------------


def _weeks(first: date, last: date) -> list[Period]:
    monday = first - timedelta(days=first.weekday())
    periods: list[Period] = []
    while monday <= last:
        thursday = monday + timedelta(days=3)  # the ISO rule: a week belongs to the month of its Thursday
        month = thursday.month - 1
        periods.append(
            Period(monday, str(monday.isocalendar().week), f"{MAANDEN[month]} {thursday.year}", MAAND_KORT[month])
        )
        monday += timedelta(weeks=1)
    return periods


def _months(first: date, last: date) -> list[Period]:
    periods: list[Period] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        periods.append(Period(date(year, month, 1), MAAND_KORT[month - 1], str(year), str(year)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def _quarters(first: date, last: date) -> list[Period]:
    periods: list[Period] = []
    year, quarter = first.year, (first.month - 1) // 3
    while (year, quarter) <= (last.year, (last.month - 1) // 3) and len(periods) < MAX_COLUMNS:
        periods.append(Period(date(year, quarter * 3 + 1, 1), f"K{quarter + 1}", str(year), str(year)))
        year, quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)
    return periods


def periods_between(first: date, last: date) -> tuple[str, list[Period]]:
    """The finest unit that fits: weeks, months, or quarters (at most MAX_COLUMNS; later dates are clipped)."""
    weeks = _weeks(first, last)
    if len(weeks) <= WEEKS_UP_TO:
        return "week", weeks
    months = _months(first, last)
    if len(months) <= MONTHS_UP_TO:
        return "maand", months
    return "kwartaal", _quarters(first, last)


def _column(periods: list[Period], day: date) -> int:
    """The column that holds `day`: the last period starting on or before it (clipped to the chart)."""
    index = 0
    for number, period in enumerate(periods):
        if period.first <= day:
            index = number
    return index


def _groups(periods: list[Period]) -> tuple[Span, ...]:
    """The header over the periods: one span per month (or year), named in full when there is room."""
    groups: list[tuple[str, str, int]] = []
    for period in periods:
        if groups and groups[-1][0] == period.group:
            groups[-1] = (period.group, period.group_short, groups[-1][2] + 1)
        else:
            groups.append((period.group, period.group_short, 1))
    return tuple(Span(span, full if span >= 4 else short if span >= 2 else "") for full, short, span in groups)


def _bar(periods: list[Period], start: date, end: date, fill: str) -> tuple[Span, ...]:
    """Empty, bar, empty: the columns from `start` to `end` filled."""
    first, last = _column(periods, start), _column(periods, end)
    segments = (Span(first), Span(last - first + 1, fill=fill), Span(len(periods) - last - 1))
    return tuple(s for s in segments if s.span)


# --- short dates -----------------------------------------------------------------------------------


def kort(day: date, year: bool = False) -> str:
    """5 jan, or 5 jan 2026"""
    text = f"{day.day} {MAAND_KORT[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def _from_to(first: date, last: date) -> str:
    return f"{kort(first, year=first.year != last.year)} – {kort(last, year=True)}"


# --- the two timelines -----------------------------------------------------------------------------


def planning(context: DocumentContext) -> Timeline | None:
    """The aanpak: every phase as a bar over its weeks, and each sessie in its week under its phase."""
    if not context.phases:
        return None
    days = [p.start for p in context.phases] + [p.last_day for p in context.phases]
    days += [s.on_date for s in context.sessies]
    unit, periods = periods_between(min(days), max(days))
    sessies = [
        Row(s.title, f"{DAG_KORT[s.on_date.weekday()]} {kort(s.on_date)}", _bar(periods, s.on_date, s.on_date, SESSIE))
        for s in context.sessies
    ]
    rows = []
    for phase in context.phases:
        bar = _bar(periods, phase.start, phase.last_day, PHASE)
        rows.append(Row(f"{phase.number}. {phase.label}", _from_to(phase.start, phase.last_day), bar))
        if phase.holds_sessions:  # the sessies under the phase they are held in
            rows += sessies
            sessies = []
    rows += sessies  # (a routekaart without such a phase: after the phases)
    return Timeline(unit, _groups(periods), tuple(p.label for p in periods), tuple(rows))


_TIMING_ORDER = {"quick_win": 0, "later": 1}
_TIMING_FILL = {"quick_win": QUICK_WIN, "later": LATER}


def _action_row(action: ActionInfo, periods: list[Period], today: date) -> Row:
    assert action.deadline is not None
    if action.deadline < today:  # late: a mark in the first column, to be picked up now
        bars = _bar(periods, periods[0].first, periods[0].first, LATE)
    else:
        bars = _bar(periods, today, action.deadline, _TIMING_FILL.get(action.timing_key, UNDECIDED))
    return Row(action.title, kort(action.deadline, year=True), bars)


def actions(context: DocumentContext) -> Timeline | None:
    """The implementatieplan: from today to each open action's deadline, per theme, quick wins first."""
    open_actions = [a for a in context.actions if a.status not in CLOSED]
    dated = [a for a in open_actions if a.deadline is not None]
    if not dated:
        return None
    last = max(a.deadline for a in dated if a.deadline is not None)
    unit, periods = periods_between(context.today, max(last, context.today))
    rows = []
    for theme in context.themes:
        chosen = [a for a in dated if a.theme == theme.name]
        if not chosen:
            continue
        chosen.sort(key=lambda a: (_TIMING_ORDER.get(a.timing_key, 2), a.deadline))
        rows.append(Row(theme.name, "", (), heading=True))
        rows += [_action_row(a, periods, context.today) for a in chosen]
    undated = tuple(a for a in open_actions if a.deadline is None)
    return Timeline(unit, _groups(periods), tuple(p.label for p in periods), tuple(rows), undated)
