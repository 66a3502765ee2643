"""Drawings: the Service Blueprint's swimlanes and the timeline.

Drawn with plain shapes in the theme's colours, so a house-style deck recolours them. Every box wraps and
shrinks its text to fit; the slide's title comes first in the shape tree, so a screen reader starts there.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pptx.oxml import parse_xml
from pptx.util import Emu, Inches, Pt

from .deck import TEXT_LAYOUT, _Deck
from .markup import (
    NSDECL,
    _autofit_xml,
    _font_scale,
    _next_shape_id,
    _remove_all_but_the_title,
    _runs_xml,
    _v,
    _xml_text,
)
from .prose import PROSE
from .slide_kinds import _part_title, _set_title

TIMELINE_ROWS_PER_SLIDE = 10  # phases and sessies on one timeline slide; more sessies continue on the next
LIGHT_LINE = "BFBFBF"  # the lines between lanes and months, and the edge of a box still to fill in
SHAPE_FONT = Pt(12)
THIN_LINE = Pt(1)
TODAY_LINE = Pt(2.5)


def _drawing_slide(deck: _Deck, title: str, notes: str):
    """A slide of the text layout with only its title: the drawing goes in the area under the title."""
    slide = deck.add(TEXT_LAYOUT, notes)
    _set_title(slide, deck, title, TEXT_LAYOUT)
    left, top, width, _ = deck.content_area[TEXT_LAYOUT]
    _remove_all_but_the_title(slide)
    # down to the footer band: the footer placeholders stay empty, the drawing may use the room above them
    return slide, (left, top, width, deck.bottom[TEXT_LAYOUT] - top)


def _box(
    slide,
    box: tuple[int, int, int, int],
    text: str,
    *,
    size: Pt = SHAPE_FONT,
    align: str = "ctr",
    fill: str = "",
    dark: bool = False,
    bold: bool = False,
    border: str = "solid",
    geometry: str = "rect",
    name: str = "",
    shrink: bool = True,
) -> None:
    """A shape with text that wraps and shrinks to fit, in the theme's colours (`fill` is a scheme colour such
    as "accent1"); `dark` is a filled box with light text; `border` is "solid", "dashed" (a box still to be
    filled in) or "none"; `geometry` a preset shape (rect, roundRect, homePlate, diamond). Without `shrink`
    the text keeps `size`: for labels that must all look alike, sized by the caller to fit."""
    left, top, width, height = (int(value) for value in box)
    shape_id = _next_shape_id(slide)
    fill_xml = f'<a:solidFill><a:schemeClr val="{fill}"/></a:solidFill>' if fill else "<a:noFill/>"
    if border == "dashed":
        line = f'<a:solidFill><a:srgbClr val="{LIGHT_LINE}"/></a:solidFill><a:prstDash val="dash"/>'
    elif border == "none" or dark:
        line = "<a:noFill/>"
    else:
        line = '<a:solidFill><a:schemeClr val="accent1"/></a:solidFill>'
    margin = int(Pt(4))
    vertical = int(Pt(1)) if border == "none" else margin  # a label needs no room for a border
    runs = _runs_xml(text, size=size, bold=bold, colour="bg1" if dark else "tx1")
    scale = _font_scale([text], width, height, size.pt)
    slide.shapes._spTree.append(
        parse_xml(
            f'<p:sp {NSDECL}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{_xml_text(name or f"Vak {shape_id}")}"/>'
            "<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>"
            f'<a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
            f'<a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom>{fill_xml}'
            f'<a:ln w="{int(THIN_LINE)}">{line}</a:ln></p:spPr>'
            f'<p:txBody><a:bodyPr wrap="square" lIns="{margin}" tIns="{vertical}" rIns="{margin}" bIns="{vertical}" '
            f'anchor="ctr">{_autofit_xml(scale) if shrink else ""}</a:bodyPr><a:lstStyle/>'
            f'<a:p><a:pPr algn="{align}"/>{runs}</a:p></p:txBody></p:sp>'
        )
    )


def _line(slide, x1: int, y1: int, x2: int, y2: int, *, colour: str = "", width: Pt = THIN_LINE) -> None:
    """A straight horizontal or vertical line; light grey unless `colour` names a scheme colour."""
    shape_id = _next_shape_id(slide)
    fill = f'<a:schemeClr val="{colour}"/>' if colour else f'<a:srgbClr val="{LIGHT_LINE}"/>'
    slide.shapes._spTree.append(
        parse_xml(
            f'<p:cxnSp {NSDECL}><p:nvCxnSpPr><p:cNvPr id="{shape_id}" name="Lijn {shape_id}"/><p:cNvCxnSpPr/>'
            f'<p:nvPr/></p:nvCxnSpPr><p:spPr><a:xfrm><a:off x="{int(x1)}" y="{int(y1)}"/>'
            f'<a:ext cx="{int(x2 - x1)}" cy="{int(y2 - y1)}"/></a:xfrm><a:prstGeom prst="line"><a:avLst/>'
            f'</a:prstGeom><a:ln w="{int(width)}"><a:solidFill>{fill}</a:solidFill></a:ln></p:spPr></p:cxnSp>'
        )
    )


BLUEPRINT_LABEL_WIDTH = Inches(2.0)
BLUEPRINT_HEADER_HEIGHT = Inches(0.6)
BLUEPRINT_GAP = Inches(0.08)


def swimlane_slide(deck: _Deck, title: str, lanes: Sequence[str], steps: Sequence[tuple[str, Sequence[str]]]) -> None:
    """The Service Blueprint as swimlanes: a lane per layer (label on the left, a line between lanes), a
    column per step (its title on top), the steps in order from left to right. An empty value is a dashed
    box that says it is still to be filled in: the session is where it gets filled in."""
    slide, (left, top, width, height) = _drawing_slide(deck, title, PROSE("optie_b.blueprint_notitie"))
    # at least three columns wide, so one or two steps look like cards and not like banners
    column_width = (width - BLUEPRINT_LABEL_WIDTH) // max(len(steps), 3)
    lane_height = (height - BLUEPRINT_HEADER_HEIGHT) // len(lanes)
    gap = BLUEPRINT_GAP
    for number, (step_title, _) in enumerate(steps):
        x = left + BLUEPRINT_LABEL_WIDTH + number * column_width
        _box(
            slide,
            (x + gap, top, column_width - 2 * gap, BLUEPRINT_HEADER_HEIGHT - gap),
            step_title,
            fill="accent1",
            dark=True,
            bold=True,
            geometry="homePlate",  # an arrow to the right: the steps follow each other
        )
    for lane_number, lane in enumerate(lanes):
        y = top + BLUEPRINT_HEADER_HEIGHT + lane_number * lane_height
        if lane_number:
            _line(slide, left, y, left + width, y)
        _box(
            slide,
            (left, y + gap, BLUEPRINT_LABEL_WIDTH - gap, lane_height - 2 * gap),
            lane,
            fill="bg2",
            bold=True,
            name=lane,
        )
        for number, (_, values) in enumerate(steps):
            value = values[lane_number]
            x = left + BLUEPRINT_LABEL_WIDTH + number * column_width
            _box(
                slide,
                (x + gap, y + gap, column_width - 2 * gap, lane_height - 2 * gap),
                _v(value),
                border="solid" if value.strip() else "dashed",
                geometry="roundRect",
            )


MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
TIMELINE_LABEL_WIDTH = Inches(4.0)
TIMELINE_AXIS_HEIGHT = Inches(0.4)
TIMELINE_TODAY_HEIGHT = Inches(0.35)
TIMELINE_MAX_ROW = Inches(0.55)


@dataclass(frozen=True)
class TimelineRow:
    """One row of the timeline: a phase as a bar (start to last day) or a sessie as a marker on its day."""

    label: str
    start: date
    last_day: date
    is_sessie: bool = False


def _month_starts(first: date, end: date) -> list[date]:
    """The first day of every month from `first`'s month up to and including `end`'s month."""
    months, day = [], first.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def timeline_slides(
    deck: _Deck, title: str, phases: Sequence[TimelineRow], sessies: Sequence[TimelineRow], today: date, notes: str
) -> None:
    """A Gantt-like timeline: a bar per phase and a marker per sessie on one date axis, with month labels and
    a "vandaag" line. More sessies than fit continue on the next slide, on the same axis and under the same
    phases, so each slide can be read on its own."""
    rows = [*phases, *sessies]
    if not rows:
        return
    months = _month_starts(min(r.start for r in rows), max(r.last_day for r in rows))
    first, end = months[0], (months[-1] + timedelta(days=32)).replace(day=1)
    per_slide = max(TIMELINE_ROWS_PER_SLIDE - len(phases), 4)
    groups = [list(sessies[i : i + per_slide]) for i in range(0, len(sessies), per_slide)] or [[]]
    label_size = _timeline_label_size(deck, rows, len(phases) + max(len(group) for group in groups))
    for number, group in enumerate(groups):
        slide, area = _drawing_slide(deck, _part_title(title, number, len(groups)), notes)
        _draw_timeline(slide, area, [*phases, *group], months, (first, end), today, label_size)


def _timeline_row_height(height: int, rows: int) -> int:
    return min(TIMELINE_MAX_ROW, (height - TIMELINE_AXIS_HEIGHT - TIMELINE_TODAY_HEIGHT) // rows)


def _timeline_label_size(deck: _Deck, rows: Sequence[TimelineRow], rows_per_slide: int) -> Pt:
    """One size for every row label of the timeline: the largest (in half points, at most SHAPE_FONT) at which
    the longest label still fits its row, so a two-line sessie name does not look smaller than a phase."""
    _, top, _, _ = deck.content_area[TEXT_LAYOUT]
    height_pt = Emu(_timeline_row_height(deck.bottom[TEXT_LAYOUT] - top, rows_per_slide)).pt - 2  # 1 pt insets
    width_pt = Emu(TIMELINE_LABEL_WIDTH - Inches(0.1)).pt - 8  # 4 pt insets left and right

    def fits(size: float) -> bool:
        # an average character of a sans-serif font is some 0.45 times its size wide: these labels do not
        # shrink by themselves, so the estimate is closer than the one for text that may (_font_scale)
        per_line = max(1, int(width_pt / (size * 0.45)))
        return all(math.ceil(max(1, len(row.label)) / per_line) * size * 1.2 <= height_pt for row in rows)

    size = SHAPE_FONT.pt
    while size > 6 and not fits(size):
        size -= 0.5
    return Pt(size)


def _draw_timeline(slide, area, rows, months, span: tuple[date, date], today: date, label_size: Pt) -> None:
    left, top, width, height = area
    first, end = span
    axis_left, axis_width = left + TIMELINE_LABEL_WIDTH, width - TIMELINE_LABEL_WIDTH
    days = (end - first).days

    def x(day: date) -> int:
        return int(axis_left + axis_width * (day - first).days / days)

    row_height = _timeline_row_height(height, len(rows))
    rows_top = top + TIMELINE_AXIS_HEIGHT
    bottom = rows_top + row_height * len(rows)
    every = math.ceil(len(months) / 12)  # at most twelve month labels, so each stays readable
    for number, month in enumerate(months):
        _line(slide, x(month), top, x(month), bottom)
        if number % every == 0:
            label = MONTHS[month.month - 1] + (f" {month.year}" if number == 0 or month.month == 1 else "")
            month_end = months[number + every] if number + every < len(months) else end
            _box(slide, (x(month), top, x(month_end) - x(month), TIMELINE_AXIS_HEIGHT), label, bold=True, border="none")
    for number, row in enumerate(rows):
        y = rows_top + number * row_height
        _box(
            slide,
            (left, y, TIMELINE_LABEL_WIDTH - Inches(0.1), row_height),
            row.label,
            size=label_size,
            border="none",
            align="l",
            shrink=False,
        )
        if row.is_sessie:
            marker = min(row_height - Inches(0.1), Inches(0.3))
            centre = x(row.start) + (x(row.start + timedelta(days=1)) - x(row.start)) // 2
            _box(
                slide,
                (centre - marker // 2, y + (row_height - marker) // 2, marker, marker),
                "",
                fill="accent2",
                dark=True,
                geometry="diamond",
                name=row.label,
            )
        else:
            bar_left = x(row.start)
            _box(
                slide,
                (
                    bar_left,
                    y + Inches(0.06),
                    max(x(row.last_day + timedelta(days=1)) - bar_left, Inches(0.1)),
                    row_height - Inches(0.12),
                ),
                "",
                fill="accent1",
                dark=True,
                name=row.label,
            )
    if first <= today < end:
        _line(slide, x(today), top, x(today), bottom, colour="accent2", width=TODAY_LINE)
        label_width = Inches(1.2)
        _box(
            slide,
            (x(today) - label_width // 2, bottom, label_width, TIMELINE_TODAY_HEIGHT),
            PROSE("kickoff.tijdlijn_vandaag"),
            bold=True,
            border="none",
        )
