"""The toolkit's four presentations, built with python-pptx from a base deck's slide layouts.

The base deck (docx_templates/basis.pptx, or a gemeente's own house-style version of it) supplies the look:
slide master, theme, and four layouts that this module picks by name (REQUIRED_LAYOUTS), never by position.
This module supplies the content: one small function per kind of slide (title, text, table, chart), and
one function per deck that decides which slides to make from a DocumentContext. It never touches the
database. Values that are not filled in show as MISSING ("nog in te vullen"); an empty list gets a friendly
"Nog geen ..." line. Text is the user's: it is never cut; long text is shrunk to fit, long tables continue
on the next slide.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.oxml.ns import qn
from pptx.shapes.placeholder import ChartPlaceholder, TablePlaceholder
from pptx.slide import SlideLayout
from pptx.util import Emu, Inches, Pt

from .. import formatting
from ..inputs import clean_text
from .context import MISSING, DocumentContext, MijlpaalInfo, SessieInfo

NO_THEME = "Zonder thema"  # the group builder.py adds for what has no theme (actions.services.NO_THEME_LABEL)

# Documents keep a plain space in dates and amounts (as word.py does); the no-break space is for pages.
datum = partial(formatting.datum, space=" ")
euro = partial(formatting.euro, space=" ")

TITLE_LAYOUT = "RFZ titel"
TEXT_LAYOUT = "RFZ tekst"
TABLE_LAYOUT = "RFZ tabel"
CHART_LAYOUT = "RFZ grafiek"
REQUIRED_LAYOUTS: tuple[str, ...] = (TITLE_LAYOUT, TEXT_LAYOUT, TABLE_LAYOUT, CHART_LAYOUT)

EURO_FORMAT = "€ #,##0"
COUNT_FORMAT = "0;-0;;@"  # a zero shows as nothing, so empty bars carry no "0" label
TABLE_FONT = Pt(14)
BLUEPRINT_STEPS_PER_SLIDE = 5
EMPTY_NOTE_ROWS = 4  # rows left open on the "what does the gemeente need" slide


def base_deck_path() -> Path:
    """The product's own base deck (docx_templates/basis.pptx, made by docx_templates/build_base_deck.py)."""
    return Path(__file__).resolve().parents[2] / "docx_templates" / "basis.pptx"


# --- the base deck -----------------------------------------------------------------------------------------


def _open(base_deck: bytes | Path | str):
    try:
        if isinstance(base_deck, (bytes, bytearray)):
            prs = Presentation(io.BytesIO(base_deck))
        else:
            prs = Presentation(str(base_deck))
    except Exception as exc:  # a damaged upload can fail in many ways; all mean the same to the user
        raise ValueError(
            "Het basisdeck is geen geldig PowerPoint-bestand (.pptx). "
            "Sla het in PowerPoint op als .pptx en probeer het opnieuw."
        ) from exc
    if prs.part.content_type == CT.PML_PRES_MACRO_MAIN:  # the macros would end up in every presentation
        raise ValueError(
            "Het basisdeck bevat macro's (.pptm). Sla het in PowerPoint op als gewone "
            "presentatie (.pptx) en probeer het opnieuw."
        )
    return prs


def _norm(name: str) -> str:
    return " ".join((name or "").split()).casefold()


def _layouts_by_name(prs) -> dict[str, SlideLayout]:
    """Every layout of every slide master, by (whitespace- and case-insensitive) name; the first one wins."""
    found: dict[str, SlideLayout] = {}
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            found.setdefault(_norm(layout.name), layout)
    return found


def _missing(available: dict[str, SlideLayout]) -> list[str]:
    return [name for name in REQUIRED_LAYOUTS if _norm(name) not in available]


def missing_layouts(base_deck: bytes | Path | str) -> list[str]:
    """The names in REQUIRED_LAYOUTS the deck lacks (raises ValueError when it is no .pptx at all)."""
    return _missing(_layouts_by_name(_open(base_deck)))


def check_base_deck(base_deck: bytes | Path | str) -> list[str]:
    """Problems with an uploaded house-style deck, as Dutch sentences; an empty list means it is usable."""
    try:
        prs = _open(base_deck)
    except ValueError as exc:
        return [str(exc)]
    available = _layouts_by_name(prs)
    problems = []
    missing = _missing(available)
    if missing:
        problems.append(_missing_message(missing))
    for name in REQUIRED_LAYOUTS:
        layout = available.get(_norm(name))
        # python-pptx types LayoutPlaceholders.__iter__ as a bare Callable attribute, which mypy cannot call
        if layout is not None and not any(_is_title(ph) for ph in layout.placeholders):  # type: ignore[misc]
            problems.append(f"De dia-indeling \u201c{name}\u201d heeft geen titelvak.")
    return problems


def _missing_message(missing: Sequence[str]) -> str:
    names = ", ".join(f"\u201c{name}\u201d" for name in missing)
    noun = "de dia-indeling" if len(missing) == 1 else "de dia-indelingen"
    return (
        f"Het basisdeck mist {noun} {names}. Geef in het diamodel (de slide master) de indelingen "
        f"precies deze namen: {', '.join(REQUIRED_LAYOUTS)}."
    )


class _Deck:
    """A presentation being built: the base deck without its own slides, and its layouts by name."""

    def __init__(self, base_deck: bytes | Path | str):
        self.prs = _open(base_deck)
        available = _layouts_by_name(self.prs)
        missing = _missing(available)
        if missing:
            raise ValueError(_missing_message(missing))
        self.layouts = {name: available[_norm(name)] for name in REQUIRED_LAYOUTS}
        self._remove_existing_slides()

    def _remove_existing_slides(self) -> None:
        """A house-style deck often holds example slides; the presentation only gets the ones made here."""
        id_list = self.prs.slides._sldIdLst
        for slide_id in list(id_list):
            self.prs.part.drop_rel(slide_id.rId)
            id_list.remove(slide_id)

    def add(self, layout_name: str):
        return self.prs.slides.add_slide(self.layouts[layout_name])

    def save(self) -> bytes:
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()


# --- text helpers ------------------------------------------------------------------------------------------


def _v(value: str | None) -> str:
    """A value as shown: the user's text unchanged, or MISSING when there is none."""
    return value if value and value.strip() else MISSING


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n").split("\n")


def _add_text(paragraph, text: str, bold: bool = False, size=None) -> None:
    """Runs for `text`, with a line break for each newline in it."""
    for number, line in enumerate(_lines(text)):
        if number:
            paragraph.add_line_break()
        run = paragraph.add_run()
        run.text = line
        run.font.language_id = MSO_LANGUAGE_ID.DUTCH
        if bold:
            run.font.bold = True
        if size is not None:
            run.font.size = size


@dataclass(frozen=True)
class Item:
    """One paragraph of a text slide: an optional bold label, the text, and its indent level."""

    text: str
    label: str = ""
    level: int = 0


def _is_title(placeholder) -> bool:
    return placeholder.placeholder_format.type in (
        PP_PLACEHOLDER.TITLE,
        PP_PLACEHOLDER.CENTER_TITLE,
        PP_PLACEHOLDER.VERTICAL_TITLE,
    )


def _set_title(slide, deck: _Deck, title: str) -> None:
    placeholder = next((ph for ph in slide.placeholders if _is_title(ph)), None)
    if placeholder is None:  # a house-style layout without a title box: put the title where one would be
        placeholder = slide.shapes.add_textbox(
            Inches(0.6), Inches(0.3), deck.prs.slide_width - Inches(1.2), Inches(1.1)
        )
    frame = placeholder.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    _add_text(frame.paragraphs[0], title)
    _shrink_hint(frame, [title], placeholder.width, placeholder.height, base_size=36)


def _content_placeholder(slide):
    """The slide's main content placeholder (not the title, date, footer or slide number), if any."""
    skip = {
        PP_PLACEHOLDER.TITLE,
        PP_PLACEHOLDER.CENTER_TITLE,
        PP_PLACEHOLDER.VERTICAL_TITLE,
        PP_PLACEHOLDER.DATE,
        PP_PLACEHOLDER.FOOTER,
        PP_PLACEHOLDER.SLIDE_NUMBER,
    }
    candidates = [ph for ph in slide.placeholders if ph.placeholder_format.type not in skip]
    candidates.sort(key=lambda ph: ph.placeholder_format.idx != 1)
    return candidates[0] if candidates else None


def _content_area(slide, deck: _Deck, placeholder) -> tuple[int, int, int, int]:
    if placeholder is not None and placeholder.width and placeholder.height:
        return placeholder.left, placeholder.top, placeholder.width, placeholder.height
    width, height = deck.prs.slide_width, deck.prs.slide_height
    return Inches(0.6), Inches(1.6), width - Inches(1.2), height - Inches(2.3)


def _remove(shape) -> None:
    element = shape._element
    element.getparent().remove(element)


def _remove_empty_placeholders(slide) -> None:
    for placeholder in list(slide.placeholders):
        if placeholder.has_text_frame and not placeholder.text_frame.text.strip():
            _remove(placeholder)


def _shrink_hint(frame, texts: Sequence[str], width: int, height: int, base_size: float = 24) -> None:
    """Tell PowerPoint how far to shrink text that would overflow (it only recalculates on editing).

    A rough estimate: a character is about half the font size wide, a line 1.2 times the font size high.
    LibreOffice shrinks by itself; the hint keeps PowerPoint from showing text running off the slide.
    """
    if not width or not height:
        return
    width_pt, height_pt = Emu(width).pt - 14, Emu(height).pt - 7

    def fits(scale: float) -> bool:
        size = base_size * scale
        per_line = max(1, int(width_pt / (size * 0.5)))
        lines = sum(math.ceil(max(1, len(line)) / per_line) for text in texts for line in _lines(text))
        return lines * size * 1.2 + len(texts) * size * 0.3 <= height_pt

    scale = 1.0
    while scale > 0.1 and not fits(scale):
        scale -= 0.05
    if scale < 1.0:
        autofit = frame._txBody.bodyPr.find(qn("a:normAutofit"))
        if autofit is not None:
            autofit.set("fontScale", str(int(round(max(scale, 0.1) * 100000))))
            autofit.set("lnSpcReduction", "10000")


# --- one function per kind of slide ------------------------------------------------------------------------


def title_slide(deck: _Deck, title: str, subtitle: Sequence[str]) -> None:
    slide = deck.add(TITLE_LAYOUT)
    _set_title(slide, deck, title)
    placeholder = _content_placeholder(slide)
    lines = [line for line in subtitle if line]
    if placeholder is not None and placeholder.has_text_frame:
        frame = placeholder.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
        for number, line in enumerate(lines):
            _add_text(frame.paragraphs[0] if number == 0 else frame.add_paragraph(), line)
        _shrink_hint(frame, lines, placeholder.width, placeholder.height, base_size=24)
    elif lines:
        left, top, width, height = _content_area(slide, deck, None)
        box = slide.shapes.add_textbox(left, top, width, height)
        box.text_frame.word_wrap = True
        for number, line in enumerate(lines):
            _add_text(box.text_frame.paragraphs[0] if number == 0 else box.text_frame.add_paragraph(), line)
    _remove_empty_placeholders(slide)


def text_slide(deck: _Deck, title: str, items: Sequence[Item | str]) -> None:
    slide = deck.add(TEXT_LAYOUT)
    _set_title(slide, deck, title)
    placeholder = _content_placeholder(slide)
    if placeholder is not None and placeholder.has_text_frame:
        shape = placeholder
    else:
        if placeholder is not None:
            _remove(placeholder)
        shape = slide.shapes.add_textbox(*_content_area(slide, deck, placeholder))
    frame = shape.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    paragraphs = [Item(item) if isinstance(item, str) else item for item in items]
    for number, item in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.level = item.level
        if item.label:
            _add_text(paragraph, f"{item.label}: " if item.text else item.label, bold=True)
        if item.text:
            _add_text(paragraph, item.text)
    _shrink_hint(frame, [f"{item.label}: {item.text}" for item in paragraphs], shape.width, shape.height)
    _remove_empty_placeholders(slide)


def _row_lines(row: Sequence[str], widths_pt: Sequence[float]) -> int:
    per_char = TABLE_FONT.pt * 0.5
    return max(
        sum(math.ceil(max(1, len(line)) / max(1, int((width - 10) / per_char))) for line in _lines(cell))
        for cell, width in zip(row, widths_pt, strict=True)
    )


def _chunks(
    rows: Sequence[Sequence[str]], widths_pt: Sequence[float], height_pt: float, header_lines: int
) -> list[list[Sequence[str]]]:
    """Rows split into groups that fit the table area (a row that is too tall by itself gets its own slide)."""
    line_pt, padding_pt = TABLE_FONT.pt * 1.2, 8
    budget = height_pt - (header_lines * line_pt + padding_pt)
    chunks: list[list[Sequence[str]]] = [[]]
    used = 0.0
    for row in rows:
        need = _row_lines(row, widths_pt) * line_pt + padding_pt
        if chunks[-1] and used + need > budget:
            chunks.append([])
            used = 0.0
        chunks[-1].append(row)
        used += need
    return chunks


def table_slides(
    deck: _Deck,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    weights: Sequence[float] | None = None,
    empty: str = "",
) -> None:
    """A table, continued over as many slides as it needs; `empty` is shown instead when there are no rows."""
    if not rows:
        text_slide(deck, title, [empty or f"Nog geen gegevens. ({MISSING})"])
        return
    weights = list(weights or [1] * len(header))
    probe = deck.add(TABLE_LAYOUT)  # the first slide; also tells the size of the table area
    # Every slide of the layout has the same table area; finding it walks the layout's inherited placeholders.
    area = _content_area(probe, deck, _content_placeholder(probe))
    _, _, width, height = area
    widths_pt = [Emu(width).pt * w / sum(weights) for w in weights]
    header_lines = _row_lines(header, widths_pt)
    chunks = _chunks(rows, widths_pt, Emu(height).pt, header_lines)
    for number, chunk in enumerate(chunks):
        slide = probe if number == 0 else deck.add(TABLE_LAYOUT)
        part = f" ({number + 1} van {len(chunks)})" if len(chunks) > 1 else ""
        _set_title(slide, deck, f"{title}{part}")
        _fill_table(slide, area, header, chunk, weights, header_lines)
        _remove_empty_placeholders(slide)


def _fill_table(
    slide,
    area: tuple[int, int, int, int],
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    weights: Sequence[float],
    header_lines: int,
) -> None:
    placeholder = _content_placeholder(slide)
    left, top, width, _ = area
    if isinstance(placeholder, TablePlaceholder):
        frame = placeholder.insert_table(len(rows) + 1, len(header))
    else:
        if placeholder is not None:
            _remove(placeholder)
        frame = slide.shapes.add_table(len(rows) + 1, len(header), left, top, width, Inches(1))
    table = frame.table
    total = sum(weights)
    widths = [int(width * w / total) for w in weights]
    widths[-1] = width - sum(widths[:-1])
    for column, column_width in zip(table.columns, widths, strict=True):
        column.width = Emu(column_width)
    widths_pt = [Emu(w).pt for w in widths]
    line = TABLE_FONT.pt * 1.2
    heights = []
    for row_number, (row, values) in enumerate(zip(table.rows, [header, *rows], strict=True)):
        lines = header_lines if row_number == 0 else _row_lines(values, widths_pt)
        heights.append(Pt(lines * line + 8))
        # Straight onto the row's XML: the `height` setter makes python-pptx add up every row of the table
        # again, once per row; the frame's height is set once below.
        row._tr.h = heights[-1]
        for cell, value in zip(row.cells, values, strict=True):
            cell.text_frame.word_wrap = True
            _add_text(cell.text_frame.paragraphs[0], value or "", bold=row_number == 0, size=TABLE_FONT)
    frame.height = Emu(sum(heights))


def chart_slide(
    deck: _Deck,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    number_format: str,
    chart_type=XL_CHART_TYPE.BAR_CLUSTERED,
    major_unit: float | None = None,
) -> None:
    """A native, editable chart: the numbers stay in the chart's own worksheet."""
    slide = deck.add(CHART_LAYOUT)
    _set_title(slide, deck, title)
    data = CategoryChartData(number_format=number_format)
    data.categories = [clean_text(category) for category in categories]
    for name, values in series:
        data.add_series(clean_text(name), list(values), number_format=number_format)
    placeholder = _content_placeholder(slide)
    if isinstance(placeholder, ChartPlaceholder):
        chart = placeholder.insert_chart(chart_type, data).chart
    else:
        area = _content_area(slide, deck, placeholder)
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


# --- shared pieces of the decks ----------------------------------------------------------------------------


def _when(sessie: SessieInfo | None) -> str:
    if sessie is None:
        return f"Datum: {MISSING}"
    return f"{datum(sessie.on_date, MISSING)}, {sessie.start_time:%H:%M}\u2013{sessie.end_time:%H:%M} uur"


def _where(sessie: SessieInfo) -> str:
    if sessie.is_online:
        return f"Online{': ' + sessie.online_url if sessie.online_url else ''}"
    return _v(sessie.location)


def _sessie_subtitle(context: DocumentContext, sessie: SessieInfo | None) -> list[str]:
    """Gemeente, date and place; without a sessie (none planned yet) only the gemeente, not an empty date."""
    lines = [f"Gemeente {_v(context.gemeente)}"]
    if sessie is not None:
        lines += [_when(sessie), f"Plaats: {_where(sessie)}"]
    return lines


def _sessie_mijlpalen(context: DocumentContext, sessie: SessieInfo | None) -> list[tuple[str, MijlpaalInfo | None]]:
    """(label, the project's MijlpaalInfo or None) for each mijlpaal of the sessie; without a sessie the
    project's own mijlpalen."""
    by_key = {m.key: m for m in context.mijlpalen}
    if sessie is None:
        return [(m.label, m) for m in context.mijlpalen]
    return [(label, by_key.get(key)) for key, label in zip(sessie.mijlpaal_keys, sessie.mijlpalen, strict=True)]


def _mijlpaal_title(label: str, info: MijlpaalInfo | None) -> str:
    return f"Mijlpaal {info.number}: {_v(label)}" if info is not None else f"Mijlpaal: {_v(label)}"


def _agreements_slide(deck: _Deck, sessie: SessieInfo | None) -> None:
    rows = [
        (_v(a.who), _v(a.kind), a.description, datum(a.due_date, MISSING))
        for a in (sessie.agreements if sessie else ())
    ]
    table_slides(
        deck,
        "Afspraken",
        ("Wie", "Wat", "Toelichting", "Klaar op"),
        rows,
        (2, 2, 3, 1.5),
        empty="Nog geen afspraken. Spreek aan het eind af wie de uitkomsten uitwerkt en wie ze nakijkt.",
    )


def _central_question_slide(deck: _Deck, context: DocumentContext) -> None:
    text_slide(deck, "Onze centrale vraag", [Item(_v(context.central_question))])


def _find_sessie(
    context: DocumentContext, sessie_id: int | None, default: Callable[[SessieInfo], bool]
) -> SessieInfo | None:
    """The sessie asked for (ValueError when it is not the project's), else the first that fits `default`."""
    if sessie_id is not None:
        sessie = context.sessie(sessie_id)
        if sessie is None:
            raise ValueError(f"Sessie {sessie_id} hoort niet bij dit project.")
        return sessie
    return next((s for s in context.sessies if default(s)), None)


# --- the decks of a sessie with inwoners ------------------------------------------------------------------
# Inwoners read these on the wall: plain words (B1), questions put to them, the mijlpalen as their plain
# phrases (routekaart.toml `for_inwoners`), and none of the toolkit's checklist, laws or terms.

INWONER_TITLE = "Praat mee over hulp bij geldzorgen"


def _inwoner_title_slide(deck: _Deck, context: DocumentContext, sessie: SessieInfo) -> None:
    title = sessie.title if sessie.has_own_title else INWONER_TITLE
    title_slide(deck, title, _sessie_subtitle(context, sessie))


def _inwoner_welcome(deck: _Deck, sessie: SessieInfo, first: str) -> None:
    items = [
        Item(first),
        Item("U vertelt alleen wat u zelf wilt. Er zijn geen foute antwoorden."),
        Item("Wat u vertelt, gebruiken we om de hulp beter te maken. Uw naam schrijven we er niet bij."),
    ]
    if sessie.procesbegeleider:
        items.append(Item(f"{sessie.procesbegeleider} leidt het gesprek."))
    if sessie.administrator:
        items.append(Item(f"{sessie.administrator} schrijft op wat er gezegd wordt."))
    if sessie.agenda:
        items += [Item("", label="Het programma"), *(Item(line, level=1) for line in _lines(sessie.agenda) if line)]
    text_slide(deck, "Welkom", items)


def _inwoner_topics(sessie: SessieInfo) -> list[tuple[str, str, str]]:
    """(plain phrase, question, label) for each mijlpaal of the sessie; the label only matches findings."""
    return list(zip(sessie.topics_for_inwoners, sessie.questions_for_inwoners, sessie.mijlpalen, strict=True))


def _inwoner_heard(deck: _Deck, findings, about: str = "") -> None:
    """What the inwoners said, when the sessie has been held and it was written down."""
    if findings:
        title = f"{_capital(about)}: wat we van u hoorden" if about else "Wat we van u hoorden"
        table_slides(deck, title, ("Wat u vertelde",), [(f.text,) for f in findings], (1,))


def _inwoner_closing(deck: _Deck, context: DocumentContext) -> None:
    contact = context.contact
    items = [
        Item("Wat vindt u het belangrijkst? Wat moet als eerste beter?"),
        Item("We schrijven op wat we vandaag van u hoorden. U hoort van ons wat we ermee doen."),
    ]
    ways = [f"bel {contact.phone}"] if contact.phone else []
    ways += [f"mail naar {contact.email}"] if contact.email else []
    if ways:
        who = f" met {contact.name}" if contact.name else ""
        items.append(Item(f"Wilt u later nog iets vertellen? Neem contact op{who}: {' of '.join(ways)}."))
    items.append(Item("Bedankt dat u er was!"))
    text_slide(deck, "Hoe verder?", items)


def _inwoner_option_a(deck: _Deck, context: DocumentContext, sessie: SessieInfo) -> None:
    _inwoner_title_slide(deck, context, sessie)
    _inwoner_welcome(deck, sessie, "We praten samen over uw ervaringen met hulp bij geldzorgen.")
    for phrase, question, label in _inwoner_topics(sessie):
        items = [Item(question)] if question else []
        items += [
            Item("Wat ging goed?", level=1),
            Item("Wat was moeilijk?", level=1),
            Item("Wat had u geholpen?", level=1),
        ]
        text_slide(deck, _capital(phrase), items)
        _inwoner_heard(deck, [f for f in sessie.findings if f.mijlpaal == label], phrase)
    _inwoner_heard(deck, [f for f in sessie.findings if f.mijlpaal not in sessie.mijlpalen])
    _inwoner_closing(deck, context)


def _inwoner_option_b(deck: _Deck, context: DocumentContext, sessie: SessieInfo) -> None:
    _inwoner_title_slide(deck, context, sessie)
    _inwoner_welcome(deck, sessie, "We tekenen samen de weg die u aflegde toen u hulp zocht bij geldzorgen.")
    text_slide(
        deck,
        "Uw weg, stap voor stap",
        [
            Item("Wat deed u eerst? En daarna? We schrijven elke stap op een kaartje."),
            Item("Bij elke stap: hoe voelde u zich? Wat hielp u, en waar liep u vast?"),
            Item("Daarna bedenken we samen: hoe had het beter gekund?"),
        ],
    )
    topics = _inwoner_topics(sessie)
    if topics:
        items: list[Item] = []
        for phrase, question, _ in topics:
            items.append(Item("", label=_capital(phrase)))
            if question:
                items.append(Item(question, level=1))
        text_slide(deck, "Waar we het over hebben", items)
    steps = [step for step in sessie.blueprint if step.inwoner or step.title]
    if steps:
        table_slides(
            deck,
            "Uw weg tot nu toe",
            ("Stap", "Wat u deed, dacht of voelde"),
            [(_v(step.title), step.inwoner) for step in steps],
            (1, 2),
        )
    _inwoner_heard(deck, sessie.findings)
    _inwoner_closing(deck, context)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- the four decks ----------------------------------------------------------------------------------------


def kickoff_deck(deck: _Deck, context: DocumentContext, sessie_id: int | None) -> None:
    kickoff = _find_sessie(context, sessie_id, lambda s: s.purpose == "kick_off")
    title_slide(deck, f"Kick-off: {_v(context.project_name)}", _sessie_subtitle(context, kickoff))

    reasons = [Item(reason, level=1) for reason in context.reasons] or [Item(MISSING, level=1)]
    if context.reason_note:
        reasons.append(Item(context.reason_note, level=1))
    text_slide(
        deck,
        "Waarom dit project",
        [
            Item(
                "De routekaart Financiële Zorgen van de VNG beschrijft in acht mijlpalen de weg van een inwoner "
                "met geldzorgen: van hulp zoeken tot met vertrouwen de toekomst tegemoet."
            ),
            Item(
                "Per mijlpaal staat wat de inwoner nodig heeft, en wat dat vraagt van professionals, beleid, "
                "informatievoorziening en communicatie."
            ),
            Item(
                f"Gemeente {_v(context.gemeente)} gebruikt de routekaart om de eigen hulp aan inwoners te verbeteren."
            ),
            Item("", label="Onze aanleiding"),
            *reasons,
        ],
    )
    _central_question_slide(deck, context)

    mijlpalen = [Item(f"{m.number}. {_v(m.label)}", level=1) for m in context.mijlpalen] or [
        Item("Nog geen mijlpalen gekozen.", level=1)
    ]
    if context.rol:
        rol = context.rol
    else:
        rol = (
            MISSING
            if context.scope_selection == "een_rol"
            else "alle rollen: inwoner, professional, beleid en juridisch, informatievoorziening en communicatie"
        )
    text_slide(
        deck,
        "Wat we gaan doen",
        [
            Item(_v(context.scope_label), label="Reikwijdte"),
            *([Item(context.scope_description, level=1)] if context.scope_description else []),
            Item("", label="Mijlpalen"),
            *mijlpalen,
            Item(rol, label="Rol"),
            Item(_v(context.spoor), label="Spoor"),
        ],
    )

    table_slides(
        deck,
        "Fasen en planning",
        ("Fase", "Wat gebeurt er", "Van", "Tot en met", "Duur", "Status"),
        [
            (
                f"{p.number}. {_v(p.label)}",
                _v(p.description),
                datum(p.start, MISSING),
                datum(p.last_day, MISSING),
                f"{p.weeks} weken",
                _v(p.status),
            )
            for p in context.phases
        ],
        (2, 3.5, 1.7, 1.7, 1.2, 1.7),
        empty="Nog geen planning: kies eerst een startdatum.",
    )

    table_slides(
        deck,
        "Het projectteam",
        ("Naam", "Rol in het project", "Discipline"),
        [(_v(m.name), _v(m.role), _v(m.discipline)) for m in context.team],
        (3, 2, 3),
        empty="Nog geen projectteam vastgelegd.",
    )

    table_slides(
        deck,
        "De sessies",
        ("Sessie", "Datum en tijd", "Waar", "Mijlpalen"),
        [(_v(s.title), _when(s), _where(s), ", ".join(s.mijlpalen) or "\u2014") for s in context.sessies],
        (3, 2.5, 2.5, 2.5),
        empty="Nog geen sessies gepland.",
    )

    text_slide(
        deck,
        "Wat we van u vragen",
        [
            Item("Doe mee aan de sessies die bij u passen, en zet de data nu al in uw agenda."),
            Item("Neem uw ervaring mee: wat ziet u bij inwoners met geldzorgen, wat gaat goed en wat kan beter?"),
            Item("Denk vanuit de inwoner, niet vanuit de regels en systemen van vandaag."),
            Item(
                "Kent u inwoners of partners die iets kunnen toevoegen? Nodig ze uit: sessies met inwoners hebben "
                "de voorkeur."
            ),
            Item("Na elke sessie spreken we af wie de uitkomsten uitwerkt en wie ze nakijkt."),
            Item(f"Vragen? Neem contact op met {_v(context.projectleider)}, projectleider."),
        ],
    )


def option_a_deck(deck: _Deck, context: DocumentContext, sessie_id: int | None) -> None:
    sessie = _find_sessie(context, sessie_id, lambda s: s.option_key == "a")
    if sessie is not None and sessie.with_inwoners:
        _inwoner_option_a(deck, context, sessie)
        return
    title = sessie.title if sessie else f"Sessie optie A ({MISSING})"
    title_slide(deck, _v(title), _sessie_subtitle(context, sessie))

    intro = [
        Item("Per mijlpaal lezen we wat de inwoner op dat moment nodig heeft, zoals de routekaart het beschrijft."),
        Item("We lopen de checklist langs: wat doen we al, wat nog niet, en willen we ermee aan de slag?"),
        Item("We schrijven op wat de gemeente nodig heeft om de mijlpaal waar te maken."),
        Item("Aan het eind spreken we af wie de uitkomsten uitwerkt en wie ze nakijkt."),
    ]
    if sessie is not None:
        intro += [
            Item(_v(sessie.procesbegeleider), label="Gespreksleider"),
            Item(_v(sessie.administrator), label="Verslag"),
        ]
        if sessie.agenda:
            intro += [Item("", label="Agenda"), Item(sessie.agenda, level=1)]
    text_slide(deck, "Zo werken we vandaag", intro)

    mijlpalen = _sessie_mijlpalen(context, sessie)
    if not mijlpalen:
        text_slide(deck, "Mijlpalen", [Item("Nog geen mijlpalen gekozen voor deze sessie.")])
    findings = sessie.findings if sessie else ()
    for label, info in mijlpalen:
        _option_a_mijlpaal(deck, label, info, [f for f in findings if f.mijlpaal == label])
    _agreements_slide(deck, sessie)


def _option_a_mijlpaal(deck: _Deck, label: str, info: MijlpaalInfo | None, findings) -> None:
    heading = _mijlpaal_title(label, info)
    text_slide(
        deck,
        heading,
        [
            Item("", label="Wat de inwoner nodig heeft"),
            Item(_v(info.description if info else ""), level=1),
            Item("", label="Om over te praten"),
            Item("Herkennen we dit bij onze inwoners?", level=1),
            Item("Wat gaat al goed, en waar loopt de inwoner vast?", level=1),
        ],
    )
    checklist = info.checklist if info else ()
    table_slides(
        deck,
        f"Checklist \u2013 {_v(label)}",
        ("Punt", "Antwoord", "Toelichting"),
        [(_v(item.text), _v(item.answer), item.note) for item in checklist],
        (5, 2, 3),
        empty="Nog geen checklistpunten bij deze mijlpaal.",
    )
    rows = [(finding.text, _v(finding.rol), "") for finding in findings]
    rows += [("", "", "")] * EMPTY_NOTE_ROWS
    table_slides(
        deck,
        f"Wat heeft de gemeente nodig? \u2013 {_v(label)}",
        ("Wat is er nodig", "Wie pakt het op", "Toelichting"),
        rows,
        (5, 2, 3),
    )


BLUEPRINT_LANES: tuple[tuple[str, str, Callable], ...] = (
    ("Inwoner", "Wat de inwoner doet, denkt en voelt bij deze stap.", lambda step: step.inwoner),
    (
        "Zichtbaar voor de inwoner",
        "Wat de professional doet in contact met de inwoner: een gesprek, een brief, een bericht of de website.",
        lambda step: step.frontstage,
    ),
    (
        "Achter de schermen",
        "Wat de organisatie doet zonder dat de inwoner het ziet: een dossier bijwerken, overleggen, een besluit nemen.",
        lambda step: step.backstage,
    ),
    (
        "Ondersteuning",
        "De systemen, gegevens en afspraken die daarvoor nodig zijn: zaaksysteem, registraties, "
        "werkinstructies, convenanten.",
        lambda step: step.support,
    ),
)


def option_b_deck(deck: _Deck, context: DocumentContext, sessie_id: int | None) -> None:
    sessie = _find_sessie(context, sessie_id, lambda s: s.option_key == "b")
    if sessie is not None and sessie.with_inwoners:
        _inwoner_option_b(deck, context, sessie)
        return
    title = sessie.title if sessie else f"Sessie optie B ({MISSING})"
    title_slide(deck, _v(title), _sessie_subtitle(context, sessie))

    text_slide(
        deck,
        "Een inwonersreis maken",
        [
            Item("Kies één inwoner en één situatie, bijvoorbeeld: een huurachterstand die oploopt."),
            Item("Schrijf de stappen die de inwoner zet op losse kaartjes, van links naar rechts."),
            Item("Geef bij elke stap aan hoe de inwoner zich voelt en waar het hapert."),
            Item("Beschrijf daarna de ideale reis: hoe zou het bij ons moeten gaan?"),
            Item("Zo maken we de reis voor onze eigen organisatie, ook voor iets wat we nog niet doen."),
        ],
    )
    table_slides(
        deck,
        "Van reis naar Service Blueprint",
        ("Laag", "Wat u per stap noteert"),
        [(lane, explanation) for lane, explanation, _ in BLUEPRINT_LANES],
        (1, 3),
    )

    mijlpalen = _sessie_mijlpalen(context, sessie)
    items: list[Item] = []
    for label, info in mijlpalen:
        items += [Item("", label=_mijlpaal_title(label, info)), Item(_v(info.description if info else ""), level=1)]
    text_slide(deck, "De mijlpalen van deze sessie", items or [Item("Nog geen mijlpalen gekozen voor deze sessie.")])

    _blueprint_slides(deck, sessie.blueprint if sessie else ())
    _agreements_slide(deck, sessie)


def _blueprint_slides(deck: _Deck, steps) -> None:
    """The blueprint so far: steps as columns, lanes as rows, a few steps per slide."""
    if not steps:
        header = ["Laag", *(f"Stap {n}" for n in range(1, 4))]
        rows: list[tuple[str, ...]] = [(lane, "", "", "") for lane, _, _ in BLUEPRINT_LANES]
        table_slides(deck, "Service Blueprint: nog geen stappen vastgelegd", header, rows, (1.5, 2, 2, 2))
        return
    groups = [steps[i : i + BLUEPRINT_STEPS_PER_SLIDE] for i in range(0, len(steps), BLUEPRINT_STEPS_PER_SLIDE)]
    for number, group in enumerate(groups):
        first = number * BLUEPRINT_STEPS_PER_SLIDE + 1
        header = ["Laag", *(f"Stap {first + i}: {_v(step.title)}" for i, step in enumerate(group))]
        rows = [(lane, *(_v(value(step)) for step in group)) for lane, _, value in BLUEPRINT_LANES]
        part = f" (stap {first}\u2013{first + len(group) - 1} van {len(steps)})" if len(groups) > 1 else ""
        table_slides(deck, f"Service Blueprint tot nu toe{part}", header, rows, (1.5, *([2] * len(group))))


def results_deck(deck: _Deck, context: DocumentContext, sessie_id: int | None) -> None:
    sessie = _find_sessie(context, sessie_id, lambda s: s.purpose == "resultaten")
    title_slide(deck, f"Resultatensessie: {_v(context.project_name)}", _sessie_subtitle(context, sessie))

    _central_question_slide(deck, context)
    text_slide(deck, "Waar we staan", _where_we_stand(context))

    table_slides(
        deck,
        "De thema's",
        ("Thema", "Omschrijving", "Bevindingen", "Acties", "Budget"),
        [
            (_v(t.name), t.description, str(len(t.findings)), str(len(t.actions)), euro(t.budget))
            for t in context.themes
        ],
        (2, 4, 1.3, 1, 1.7),
        empty="Nog geen thema's: bundel eerst de bevindingen uit de sessies.",
    )
    for theme in (t for t in context.themes if t.findings):  # a theme without findings has no slide of its own
        table_slides(
            deck,
            f"Thema: {_v(theme.name)}",
            ("Bevinding", "Mijlpaal", "Uit sessie"),
            [(_v(f.text), f.mijlpaal or "\u2014", _v(f.session)) for f in theme.findings],
            (5, 2, 3),
            empty="Nog geen bevindingen bij dit thema.",
        )

    def action_rows(actions):
        return [
            (_v(a.title), _v(a.theme), _v(a.owner), datum(a.deadline, MISSING), euro(a.budget, MISSING))
            for a in actions
        ]

    header = ("Actie", "Thema", "Eigenaar", "Klaar op", "Budget")
    weights = (4, 2, 2, 1.7, 1.5)
    table_slides(
        deck, "Quick wins: nu", header, action_rows(context.quick_wins), weights, empty="Nog geen quick wins gekozen."
    )
    table_slides(deck, "Later", header, action_rows(context.later), weights, empty="Nog geen acties voor later.")
    open_choice = [a for a in context.actions if a.timing_key not in ("quick_win", "later")]
    if open_choice:
        table_slides(deck, "Nog te kiezen: nu of later?", header, action_rows(open_choice), weights)

    _theme_charts(deck, context)

    table_slides(
        deck,
        "Te nemen besluiten",
        ("Actie", "Thema", "Budget", "Besluit"),
        [(_v(a.title), _v(a.theme), euro(a.budget, MISSING), _v(a.decision)) for a in context.decisions_needed],
        (4, 2, 1.5, 2.5),
        empty="Nog geen besluiten nodig.",
    )
    text_slide(
        deck,
        "Hoe verder",
        [
            Item("De gekozen acties komen in het implementatieplan, met een eigenaar, een begroting en een tijdpad."),
            Item("Acties die geld kosten, leggen we ter besluit voor."),
            Item("Vandaag spreken we af wie het implementatieplan uitwerkt, en wanneer het klaar is."),
        ],
    )


def _where_we_stand(context: DocumentContext) -> list[Item]:
    """The figures so far, each only when there is something to count (no "0 sessies, 0 bevindingen")."""
    aantal = formatting.aantal
    findings = sum(len(s.findings) for s in context.sessies)
    themes = sum(1 for t in context.themes if t.name != NO_THEME)
    items = []
    if context.sessies:
        line = aantal(len(context.sessies), "sessie", "sessies")
        if findings:
            line += f" met samen {aantal(findings, 'bevinding', 'bevindingen')}"
            if themes:
                line += ", gebundeld in " + aantal(themes, "thema", "thema's")
        items.append(Item(line + "."))
    else:
        items.append(Item("De sessies zijn nog niet gehouden; vandaag kijken we vooruit."))
    if context.actions:
        actions = aantal(len(context.actions), "actie", "acties")
        items.append(Item(f"{actions}, samen {euro(context.actions_budget)}."))
    if context.decided_budget is not None:
        items.append(Item(euro(context.decided_budget), label="Besloten budget"))
    items.append(Item("Vandaag kiezen we samen: wat pakken we nu op (quick wins) en wat komt later?"))
    return items


def _theme_charts(deck: _Deck, context: DocumentContext) -> None:
    themes = [t for t in context.themes if t.actions or t.budget]
    if not themes:
        text_slide(deck, "Acties en budget per thema", [Item("Nog geen acties bij de thema's, dus nog geen grafiek.")])
        return
    names = [_v(t.name) for t in themes]
    chart_slide(deck, "Budget per thema", names, [("Budget", [float(t.budget) for t in themes])], EURO_FORMAT)
    undecided = [sum(1 for a in t.actions if a.timing_key not in ("quick_win", "later")) for t in themes]
    series = [("Quick win (nu)", [t.quick_wins for t in themes]), ("Later", [t.later for t in themes])]
    if any(undecided):
        series.append(("Nog niet bepaald", undecided))
    chart_slide(deck, "Acties per thema", names, series, COUNT_FORMAT, major_unit=1)


# The presentations by routekaart document key (the routekaart names them).
DECKS: dict[str, Callable[[_Deck, DocumentContext, int | None], None]] = {
    "kickoff_presentatie": kickoff_deck,
    "presentatie_optie_a": option_a_deck,
    "presentatie_optie_b": option_b_deck,
    "presentatie_resultatensessie": results_deck,
}
DOCUMENT_KEYS: tuple[str, ...] = tuple(DECKS)
# The presentation of a sessie by the way of working chosen for it (its session option).
OPTION_DECKS: dict[str, str] = {"a": "presentatie_optie_a", "b": "presentatie_optie_b"}


def render_deck(
    base_deck: bytes | Path,
    document_key: str,
    context: DocumentContext,
    sessie_id: int | None = None,
    *,
    label: str = "",
) -> bytes:
    """The .pptx for `document_key`, built on the layouts of `base_deck`.

    For the option A and B decks `sessie_id` picks the sessie (default: the first sessie of that option;
    without one the deck is a blank version for the project's mijlpalen). The kick-off and results decks use
    it for the date and place on the title slide (default: the kick-off or resultatensessie). `label` is the
    presentation's name (from the routekaart), for the file's title with the gemeente.
    Raises ValueError (Dutch message) for an unknown key, a sessie of another project, a file that is no
    .pptx, or a base deck that lacks one of REQUIRED_LAYOUTS.
    """
    if document_key not in DECKS:
        raise ValueError(f"Onbekende presentatie: {document_key!r}.")
    deck = _Deck(base_deck)
    DECKS[document_key](deck, context, sessie_id)
    props = deck.prs.core_properties
    props.title = (f"{label} \u2013 {context.gemeente}" if label else context.gemeente)[:255]
    props.subject = "Routekaart Financiële Zorgen"
    props.last_modified_by = "RFZ-implementatietool"
    return deck.save()
