"""Table slides: one font size per table, as large as its rows and words allow, and a long table continued
over as many slides as it needs, filled evenly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pptx.oxml import parse_xml
from pptx.util import Emu, Pt

from .deck import TABLE_LAYOUT, _Deck
from .markup import NSDECL, _content_element, _lines, _next_shape_id, _remove_empty_placeholders, _runs_xml
from .prose import PROSE
from .slide_kinds import _part_title, _set_title, text_slide

TABLE_FONTS = (Pt(20), Pt(18), Pt(16), Pt(14))  # a table's text size, largest first: see _plan_table
TABLE_FONT = TABLE_FONTS[-1]  # the smallest: a long table keeps as many rows on a slide as it can
THEME_TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # "Medium Style 2 - Accent 1", python-pptx's default


def _row_lines(row: Sequence[str], widths_pt: Sequence[float], size: float = TABLE_FONT.pt) -> int:
    """How many lines the row's tallest cell takes at `size` (half the size a character, as _font_scale)."""
    per_char = size * 0.5
    most = 1
    for cell, width in zip(row, widths_pt, strict=True):
        per_line = max(1, int((width - 10) / per_char))
        if len(cell) <= per_line and "\n" not in cell and "\r" not in cell and "\v" not in cell:
            continue  # one line: the common case, without splitting the cell (this runs for every cell)
        most = max(most, sum(math.ceil(max(1, len(line)) / per_line) for line in _lines(cell)))
    return most


_WORD = re.compile(r"[^ \t\n\r\v]+")  # a word: what a line may not break (a no-break space is part of it)


WORD_CHAR_WIDTH = 0.6  # times the font size: a word's characters, bold in the header row, with room to spare


def _longest_words(rows: Sequence[Sequence[str]], widths_pt: Sequence[float], smallest: float) -> list[int]:
    """Per column, the length of its longest word that fits the column at the `smallest` size ("€ 45.000,00"
    counts as one word); a longer one, such as a web address, breaks at any size and is left out."""
    limits = [(width - 10) / (smallest * WORD_CHAR_WIDTH) for width in widths_pt]
    return [
        max(
            (
                len(word)
                for row in rows
                for word in _WORD.findall(row[column].replace("€ ", "€\u00a0"))
                if len(word) <= limits[column]
            ),
            default=0,
        )
        for column in range(len(widths_pt))
    ]


def _words_fit(longest: Sequence[int], widths_pt: Sequence[float], size: float) -> bool:
    """Whether the longest words (_longest_words) fit their columns at `size`: a larger font must not break
    "Bevindingen" over two lines, nor put "€" on a line above its amount. Wider per character than the
    estimate of lines (half the size): one word that does not fit breaks in the middle, so this errs wide."""
    return all(length * size * WORD_CHAR_WIDTH <= width - 10 for length, width in zip(longest, widths_pt, strict=True))


def _pack(needs: Sequence[float], limit: float) -> list[int]:
    """How many rows go on each slide when a slide takes rows up to `limit` high (at least one row each)."""
    sizes, used = [0], 0.0
    for need in needs:
        if sizes[-1] and used + need > limit:
            sizes.append(0)
            used = 0.0
        sizes[-1] += 1
        used += need
    return sizes


def _balanced(needs: Sequence[float], budget: float) -> list[int]:
    """Rows per slide: as few slides as filling each one up would take, but filled evenly: nine rows of which
    eight fit become five and four, not eight and a last slide with one row."""
    sizes = _pack(needs, budget)
    if len(sizes) > 1:  # the lowest slide height that still needs no more slides, found by halving
        low, high = min(max(needs), budget), budget
        for _ in range(12):
            middle = (low + high) / 2
            low, high = (low, middle) if len(_pack(needs, middle)) <= len(sizes) else (middle, high)
        sizes = _pack(needs, high)
    return sizes


@dataclass(frozen=True)
class _TablePlan:
    """How a table is laid out: one font size for all its slides, the lines of its header and of each row at
    that size, and how many rows go on each slide."""

    size: Pt
    header_lines: int
    row_lines: list[int]
    per_slide: list[int]


TABLE_PADDING_PT = 8  # a cell's inner margins, top and bottom together


def _needs(row_lines: Sequence[int], size: Pt) -> list[float]:
    return [lines * size.pt * 1.2 + TABLE_PADDING_PT for lines in row_lines]


def _plan_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_pt: Sequence[float],
    height_pt: float,
    sizes: Sequence[Pt] = TABLE_FONTS,
) -> _TablePlan:
    """The largest of `sizes` (largest first) at which the table needs no more slides than at the smallest, and
    its words stay whole: a short table fills its slide in larger text, a long one keeps as many rows per slide
    as it can. Every slide of one table has the same size."""

    def plan(size: Pt, row_lines: list[int]) -> tuple[_TablePlan, float]:
        header_lines = _row_lines(header, widths_pt, size.pt)
        budget = height_pt - (header_lines * size.pt * 1.2 + TABLE_PADDING_PT)
        return _TablePlan(size, header_lines, row_lines, []), budget

    smallest = sizes[-1]
    small_lines = [_row_lines(row, widths_pt, smallest.pt) for row in rows]
    fallback, small_budget = plan(smallest, small_lines)
    fewest = len(_pack(_needs(small_lines, smallest), small_budget))
    chosen, budget = fallback, small_budget
    longest: list[int] | None = None  # measured only when a larger size is worth trying
    for size in sizes[:-1]:
        candidate, candidate_budget = plan(size, [])
        # rows only get taller in a larger font: when even the smallest row heights do not fit, skip measuring
        if sum(_needs(small_lines, size)) > fewest * candidate_budget:
            continue
        longest = longest or _longest_words([header, *rows], widths_pt, smallest.pt)
        if not _words_fit(longest, widths_pt, size.pt):
            continue
        lines = [_row_lines(row, widths_pt, size.pt) for row in rows]
        if len(_pack(_needs(lines, size), candidate_budget)) <= fewest:
            chosen, budget = replace(candidate, row_lines=lines), candidate_budget
            break
    return replace(chosen, per_slide=_balanced(_needs(chosen.row_lines, chosen.size), budget))


def _table_geometry(deck: _Deck, weights: Sequence[float]) -> tuple[tuple[int, int, int, int], list[float]]:
    """Where a table goes on a table slide, and its columns' widths in points."""
    # every slide of the layout has the same table area, measured once per base deck (_measure_layouts)
    left, top, width, _ = deck.content_area[TABLE_LAYOUT]
    # the table may grow below its placeholder, down to the (empty) footer band: fewer half-empty slides
    area = (left, top, width, deck.bottom[TABLE_LAYOUT] - top)
    return area, [Emu(width).pt * w / sum(weights) for w in weights]


def _plans_in_one_size(
    deck: _Deck, header: Sequence[str], tables: Sequence[Sequence[Sequence[str]]], weights: Sequence[float]
) -> list[_TablePlan | None]:
    """Plans for tables with the same columns shown one after the other, all in one font size: the smallest any
    of them would take on its own, so each keeps its number of slides and they look alike (None: no rows)."""
    area, widths_pt = _table_geometry(deck, weights)
    height_pt = Emu(area[3]).pt
    plans = [_plan_table(header, rows, widths_pt, height_pt) if rows else None for rows in tables]
    size = min((plan.size for plan in plans if plan is not None), default=TABLE_FONT)
    return [
        plan if plan is None or plan.size == size else _plan_table(header, rows, widths_pt, height_pt, (size,))
        for plan, rows in zip(plans, tables, strict=True)
    ]


def table_slides(
    deck: _Deck,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    weights: Sequence[float] | None = None,
    empty: str = "",
    *,
    notes: str,
    plan: _TablePlan | None = None,
) -> None:
    """A table, continued over as many slides as it needs; `empty` is shown instead when there are no rows.
    `plan`: its size and rows per slide when the caller made them (_plans_in_one_size); else _plan_table's."""
    if not rows:
        text_slide(deck, title, [empty or PROSE("algemeen.geen_gegevens")], notes)
        return
    weights = list(weights or [1] * len(header))
    probe = deck.add(TABLE_LAYOUT, notes)  # the first slide
    area, widths_pt = _table_geometry(deck, weights)
    plan = plan or _plan_table(header, rows, widths_pt, Emu(area[3]).pt)
    start = 0
    for number, count in enumerate(plan.per_slide):
        slide = probe if number == 0 else deck.add(TABLE_LAYOUT, notes)
        _set_title(slide, deck, _part_title(title, number, len(plan.per_slide)), TABLE_LAYOUT)
        lines = [plan.header_lines, *plan.row_lines[start : start + count]]
        _fill_table(slide, area, [header, *rows[start : start + count]], weights, lines, plan.size)
        start += count
        _remove_empty_placeholders(slide)


def _fill_table(
    slide,
    area: tuple[int, int, int, int],
    rows: Sequence[Sequence[str]],
    weights: Sequence[float],
    row_lines: Sequence[int],
    size: Pt,
) -> None:
    """The table in the slide's content area, in the theme's table style, header row first; each row as high
    as its lines (`row_lines`) at `size`."""
    placeholder = _content_element(slide)
    if placeholder is not None:  # the table takes the placeholder's place
        placeholder.getparent().remove(placeholder)
    left, top, width, _ = area
    total = sum(weights)
    widths = [int(width * w / total) for w in weights]
    widths[-1] = width - sum(widths[:-1])
    heights, rows_xml = [], []
    for row_number, (values, lines) in enumerate(zip(rows, row_lines, strict=True)):
        heights.append(int(Pt(lines * size.pt * 1.2 + TABLE_PADDING_PT)))
        cells = "".join(
            '<a:tc><a:txBody><a:bodyPr wrap="square"/><a:lstStyle/><a:p>'
            f"{_runs_xml(value or '', size=size, bold=row_number == 0)}</a:p></a:txBody><a:tcPr/></a:tc>"
            for value in values
        )
        rows_xml.append(f'<a:tr h="{heights[-1]}">{cells}</a:tr>')
    shape_id = _next_shape_id(slide)
    grid = "".join(f'<a:gridCol w="{w}"/>' for w in widths)
    frame = parse_xml(
        f'<p:graphicFrame {NSDECL}><p:nvGraphicFramePr><p:cNvPr id="{shape_id}" name="Tabel {shape_id}"/>'
        '<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>'
        f'<p:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{sum(heights)}"/></p:xfrm>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl>'
        f'<a:tblPr firstRow="1" bandRow="1"><a:tableStyleId>{THEME_TABLE_STYLE}</a:tableStyleId></a:tblPr>'
        f"<a:tblGrid>{grid}</a:tblGrid>{''.join(rows_xml)}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>"
    )
    slide.shapes._spTree.append(frame)
