"""One function per kind of slide: title, statement, text and chart (tables: tables.py; the drawn
swimlanes and timeline: drawings.py). Text is the user's: it is never cut; long text is shrunk to fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.shapes.placeholder import ChartPlaceholder
from pptx.util import Inches, Pt

from ...inputs import clean_text
from .deck import CHART_LAYOUT, TEXT_LAYOUT, TITLE_LAYOUT, _Deck
from .markup import (
    NS,
    NSDECL,
    _add_text,
    _autofit_xml,
    _content_placeholder,
    _font_scale,
    _is_title,
    _remove,
    _remove_all_but_the_title,
    _remove_empty_placeholders,
    _runs_xml,
    _shrink_hint,
    _title_element,
)
from .prose import PROSE

STATEMENT_FONT = Pt(40)
PARAGRAPH_GAP = 0.6  # the room under a paragraph of a text slide in its own size, in times that size


@dataclass(frozen=True)
class Item:
    """One paragraph of a text slide: an optional bold label, the text, and its indent level."""

    text: str
    label: str = ""
    level: int = 0


def _set_title(slide, deck: _Deck, title: str, layout: str) -> None:
    element = _title_element(slide)
    width, height = deck.title_size[layout]
    if element is None:  # a house-style layout without a title box: put the title where one would be
        width, height = deck.prs.slide_width - Inches(1.2), Inches(1.1)
        element = slide.shapes.add_textbox(Inches(0.6), Inches(0.3), width, height)._element
    tree = element.getparent()
    if tree.index(element) != 2:  # the title first (after the group's own two elements): read out first
        tree.insert(2, element)
    body = element.find("p:txBody", NS)
    if body is not None:
        element.remove(body)
    scale = _font_scale([title], width, height, 36) if width and height else 1.0
    element.append(
        parse_xml(
            f'<p:txBody {NSDECL}><a:bodyPr wrap="square">{_autofit_xml(scale)}</a:bodyPr><a:lstStyle/>'
            f"<a:p>{_runs_xml(title)}</a:p></p:txBody>"
        )
    )


# --- one function per kind of slide ------------------------------------------------------------------------
# Each takes the speaker notes for its slide (`notes`): every slide of every deck has a note for the presenter.


def title_slide(deck: _Deck, title: str, subtitle: Sequence[str], notes: str) -> None:
    slide = deck.add(TITLE_LAYOUT, notes)
    _set_title(slide, deck, title, TITLE_LAYOUT)
    placeholder = _content_placeholder(slide)
    lines = [line for line in subtitle if line]
    if placeholder is not None and placeholder.has_text_frame:
        frame = placeholder.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
        for number, line in enumerate(lines):
            _add_text(frame.paragraphs[0] if number == 0 else frame.add_paragraph(), line)
        _shrink_hint(frame, lines, *deck.content_area[TITLE_LAYOUT][2:], base_size=24)
    elif lines:
        left, top, width, height = deck.content_area[TITLE_LAYOUT]
        box = slide.shapes.add_textbox(left, top, width, height)
        box.text_frame.word_wrap = True
        for number, line in enumerate(lines):
            _add_text(box.text_frame.paragraphs[0] if number == 0 else box.text_frame.add_paragraph(), line)
    _remove_empty_placeholders(slide)


def statement_slide(deck: _Deck, statement: str, notes: str) -> None:
    """One statement, large and centred, and nothing else: it is the slide's title, so it is read first."""
    slide = deck.add(TITLE_LAYOUT, notes)
    _set_title(slide, deck, statement, TITLE_LAYOUT)
    title = next((ph for ph in slide.placeholders if _is_title(ph)), None)
    shape = title if title is not None else slide.shapes[-1]  # _set_title's own box when the layout has none
    margin = Inches(0.9)
    shape.left, shape.top = margin, margin
    shape.width, shape.height = deck.prs.slide_width - 2 * margin, deck.prs.slide_height - 2 * margin
    frame = shape.text_frame
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.CENTER
        for run in paragraph.runs:
            run.font.size = STATEMENT_FONT
    _shrink_hint(frame, [statement], shape.width, shape.height, base_size=STATEMENT_FONT.pt)
    _remove_all_but_the_title(slide)  # the subtitle, date and footer: nothing but the statement


def text_slide(deck: _Deck, title: str, items: Sequence[Item | str], notes: str, size: Pt | None = None) -> None:
    """A slide of paragraphs in the layout's text size, or in `size` when given (with more room between the
    paragraphs: a few large ones, such as quotes, read as separate things)."""
    slide = deck.add(TEXT_LAYOUT, notes)
    _set_title(slide, deck, title, TEXT_LAYOUT)
    placeholder = _content_placeholder(slide)
    area = deck.content_area[TEXT_LAYOUT]
    if placeholder is not None and placeholder.has_text_frame:
        shape = placeholder
    else:
        if placeholder is not None:
            _remove(placeholder)
        shape = slide.shapes.add_textbox(*area)
    frame = shape.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    paragraphs = [Item(item) if isinstance(item, str) else item for item in items]
    for number, item in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.level = item.level
        if size is not None:
            paragraph.space_after = Pt(size.pt * PARAGRAPH_GAP)
        if item.label:
            _add_text(paragraph, f"{item.label}: " if item.text else item.label, bold=True, size=size)
        if item.text:
            _add_text(paragraph, item.text, size=size)
    texts = [f"{item.label}: {item.text}" for item in paragraphs]
    _shrink_hint(frame, texts, *area[2:], base_size=size.pt if size is not None else 24)
    _remove_empty_placeholders(slide)


def _part_title(title: str, number: int, count: int) -> str:
    """A slide title, with "(2 van 3)" when what it shows continues over several slides."""
    return PROSE("algemeen.deel", titel=title, deel=number + 1, delen=count) if count > 1 else title


def chart_slide(
    deck: _Deck,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    number_format: str,
    chart_type=XL_CHART_TYPE.BAR_CLUSTERED,
    major_unit: float | None = None,
    *,
    notes: str,
) -> None:
    """A native, editable chart: the numbers stay in the chart's own worksheet."""
    slide = deck.add(CHART_LAYOUT, notes)
    _set_title(slide, deck, title, CHART_LAYOUT)
    data = CategoryChartData(number_format=number_format)
    data.categories = [clean_text(category) for category in categories]
    for name, values in series:
        data.add_series(clean_text(name), list(values), number_format=number_format)
    placeholder = _content_placeholder(slide)
    if isinstance(placeholder, ChartPlaceholder):
        chart = placeholder.insert_chart(chart_type, data).chart
    else:
        area = deck.content_area[CHART_LAYOUT]
        if placeholder is not None:
            _remove(placeholder)
        chart = slide.shapes.add_chart(chart_type, *area, data).chart
    chart.font.size = Pt(14)
    chart.has_title = False  # the slide title says it
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = number_format
    plot.data_labels.number_format_is_linked = False
    chart.value_axis.tick_labels.number_format = number_format
    chart.value_axis.tick_labels.number_format_is_linked = False
    chart.value_axis.has_major_gridlines = True
    if major_unit:
        chart.value_axis.major_unit = major_unit
    if chart_type in (XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.BAR_STACKED):
        chart.category_axis.reverse_order = True  # the first category on top, as in the tables
        # and the value axis below them: it crosses the (reversed) category axis at its last category
        chart.value_axis._element.find(qn("c:crosses")).set("val", "max")
    _remove_empty_placeholders(slide)
