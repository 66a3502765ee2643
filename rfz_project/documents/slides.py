"""The toolkit's four presentations, built with python-pptx from a base deck's slide layouts.

The base deck (docx_templates/basis.pptx, or a gemeente's own house-style version of it) supplies the look:
slide master, theme, and four layouts that this module picks by name (REQUIRED_LAYOUTS), never by position.
This module supplies the content: one small function per kind of slide (title, statement, text, table,
chart, and the drawn swimlanes and timeline), and one function per deck that decides which slides to make
from a DocumentContext. It never touches the database. Values that are not filled in show as MISSING
("nog in te vullen"); an empty list gets a friendly "Nog geen ..." line. Text is the user's: it is never
cut; long text is shrunk to fit, long tables continue on the next slide.

The decks' own words (slide titles, fixed sentences, the speaker notes on every slide) are not in this
module: they live in docx_templates/presentaties.toml, read once per process (PROSE) and checked against
PROSE_KEYS, so a missing text stops the app at start-up instead of breaking one download.

Speed: a deck of 300 actions has some fifty slides. Slides after the first of each layout are copies of it,
sizes inherited from the layout are read once per deck, and tables, drawn shapes, titles and notes are
written as XML rather than through python-pptx's proxies (each property of which is an XPath query).
"""

from __future__ import annotations

import copy
import hashlib
import io
import math
import re
import string
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import XmlPart
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesMasterPart, NotesSlidePart, SlidePart
from pptx.shapes.placeholder import ChartPlaceholder
from pptx.shapes.shapetree import SlideShapeFactory
from pptx.slide import SlideLayout
from pptx.util import Emu, Inches, Pt

from .. import formatting
from ..inputs import clean_text
from ..models import SessieStatus
from .context import MISSING, DocumentContext, FindingInfo, MijlpaalInfo, SessieInfo

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
TABLE_FONTS = (Pt(20), Pt(18), Pt(16), Pt(14))  # a table's text size, largest first: see _plan_table
TABLE_FONT = TABLE_FONTS[-1]  # the smallest: a long table keeps as many rows on a slide as it can
BLUEPRINT_STEPS_PER_SLIDE = 5
EMPTY_NOTE_ROWS = 4  # rows left open on the "what does the gemeente need" slide
TIMELINE_ROWS_PER_SLIDE = 10  # phases and sessies on one timeline slide; more sessies continue on the next
STATEMENT_FONT = Pt(40)
PARAGRAPH_GAP = 0.6  # the room under a paragraph of a text slide in its own size, in times that size
QUOTE_FONT = Pt(28)  # what inwoners said, shown back to them: large enough to read from the back of the room


def base_deck_path() -> Path:
    """The product's own base deck (docx_templates/basis.pptx, made by docx_templates/build_base_deck.py)."""
    return Path(__file__).resolve().parents[2] / "docx_templates" / "basis.pptx"


# --- the decks' own words (docx_templates/presentaties.toml) -----------------------------------------------

PROSE_PATH = Path(__file__).resolve().parents[2] / "docx_templates" / "presentaties.toml"

# Every text the code asks for, "section.key"; a key ending in a list name (kop, punten) is a list of texts.
PROSE_KEYS: tuple[str, ...] = (
    *(
        f"algemeen.{key}"
        for key in (
            "gemeente plaats datum_onbekend online tijd tijd_in_tabel deel geen_gegevens mijlpaal_titel "
            "mijlpaal_zonder_nummer geen_mijlpalen centrale_vraag_notitie project"
        ).split()
    ),
    *(f"afspraken.{key}" for key in "titel kop leeg notitie".split()),
    *(
        f"kickoff.{key}"
        for key in (
            "titel titel_notitie waarom_titel waarom aanleiding waarom_notitie wat_titel reikwijdte mijlpalen "
            "geen_mijlpalen rol alle_rollen spoor wat_notitie mijlpalen_aantal mijlpalen_titel mijlpalen_notitie "
            "tijdlijn_titel tijdlijn_vandaag "
            "tijdlijn_notitie fasen_titel fasen_kop fasen_leeg weken fasen_notitie team_titel team_kop team_leeg "
            "team_notitie sessies_titel sessies_kop sessies_leeg sessies_notitie vragen_titel vragen contact "
            "vragen_notitie"
        ).split()
    ),
    *(
        f"optie_a.{key}"
        for key in (
            "zonder_sessie titel_notitie werkwijze_titel werkwijze gespreksleider verslag agenda werkwijze_notitie "
            "behoefte praten vragen mijlpaal_notitie checklist_titel checklist_kop checklist_leeg "
            "checklist_notitie nodig_titel nodig_kop nodig_notitie"
        ).split()
    ),
    *(
        f"optie_b.{key}"
        for key in (
            "zonder_sessie titel_notitie reis_titel reis reis_notitie lagen_titel lagen_kop lagen_notitie "
            "mijlpalen_titel mijlpalen_notitie blueprint_titel blueprint_deel gemaakt_titel gemaakt_deel "
            "blueprint_leeg stap stap_titel blueprint_notitie"
        ).split()
    ),
    *(
        f"inwoners.{key}"
        for key in (
            "titel titel_notitie welkom_titel welkom gespreksleider verslag programma welkom_notitie onderwerp "
            "onderwerp_notitie gehoord_titel gehoord_over citaat gehoord_notitie verder_titel verder contact "
            "contact_met bel mail of bedankt verder_notitie optie_a_welkom optie_b_welkom weg_titel weg "
            "weg_notitie onderwerpen_titel onderwerpen_notitie weg_tot_nu_titel weg_tot_nu_kop weg_tot_nu_notitie"
        ).split()
    ),
    *(
        f"resultaten.{key}"
        for key in (
            "titel titel_notitie stand_titel sessies met_bevindingen gebundeld zin nog_geen_sessies acties "
            "besloten_budget vandaag stand_notitie themas_titel themas_kop themas_leeg themas_notitie thema_titel "
            "thema_kop thema_leeg thema_notitie uit_sessie acties_kop quick_wins_titel quick_wins_leeg "
            "quick_wins_notitie later_titel later_leeg later_notitie open_titel open_notitie budget_titel budget_reeks "
            "budget_notitie aantal_titel aantal_notitie reeks_nu reeks_later reeks_open grafiek_titel grafiek_leeg "
            "grafiek_leeg_notitie besluiten_titel besluiten_kop besluiten_leeg besluiten_notitie verder_titel "
            "verder verder_notitie"
        ).split()
    ),
)
# The fields a text may name between braces, filled from the project's data by the code.
PROSE_FIELDS = frozenset(
    "gemeente plaats datum begin eind titel deel delen nummer mijlpaal project weken naam eerste laatste aantal "
    "onderwerp met manieren telefoon email tekst sessies bevindingen regel themas acties bedrag thema sessie".split()
)
BLUEPRINT_LANE_COUNT = 4  # inwoner, frontstage, backstage, support: the four fields of a stored step


class Prose:
    """The checked texts of presentaties.toml: `prose("kickoff.titel", project=...)` is one text, formatted."""

    def __init__(self, data: dict[str, Any]):
        self._data = data

    def _raw(self, key: str) -> Any:
        section, name = key.split(".", 1)
        return self._data[section][name]

    def __call__(self, key: str, **fields: object) -> str:
        return str(self._raw(key)).format(**fields)

    def lines(self, key: str, **fields: object) -> list[str]:
        return [line.format(**fields) for line in self._raw(key)]

    def lanes(self) -> list[tuple[str, str]]:
        """The Service Blueprint's lanes, top to bottom: (name, what participants note per step)."""
        return [(lane["naam"], lane["uitleg"]) for lane in self._data["optie_b"]["lagen"]]


def _fields(text: str) -> set[str]:
    """The names between braces in `text`; a lone brace reads as the (never allowed) field "{"."""
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError:
        return {"{"}


def _text_problem(key: str, value: object) -> str | None:
    texts = value if isinstance(value, list) else [value]
    if not texts or not all(isinstance(text, str) and text.strip() for text in texts):
        return f"{key} ontbreekt of is leeg"
    unknown = set().union(*(_fields(str(text)) for text in texts)) - PROSE_FIELDS
    if unknown:
        return f"{key} noemt een onbekend veld: {', '.join(sorted(unknown))}"
    return None


def _prose_problems(data: dict[str, Any]) -> list[str]:
    def section(name: str) -> dict[str, Any]:
        found = data.get(name)
        return found if isinstance(found, dict) else {}

    problems = [
        problem
        for key in PROSE_KEYS
        if (problem := _text_problem(key, section(key.split(".")[0]).get(key.split(".", 1)[1]))) is not None
    ]
    lanes = section("optie_b").get("lagen")
    if (
        not isinstance(lanes, list)
        or len(lanes) != BLUEPRINT_LANE_COUNT
        or not all(isinstance(lane, dict) and lane.get("naam") and lane.get("uitleg") for lane in lanes)
    ):
        problems.append(f"optie_b.lagen moet precies {BLUEPRINT_LANE_COUNT} lagen hebben, elk met naam en uitleg")
    return problems


def load_prose(path: Path = PROSE_PATH) -> Prose:
    """Read and check the decks' texts; ValueError (Dutch, naming every problem) when one is missing or wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"De teksten van de presentaties ({path.name}) zijn niet te lezen: {exc}") from exc
    problems = _prose_problems(data)
    if problems:
        raise ValueError(f"De teksten van de presentaties ({path.name}) kloppen niet: " + "; ".join(problems) + ".")
    return Prose(data)


PROSE = load_prose()  # once per process, at import: a broken file stops the app at start-up


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


@dataclass(frozen=True)
class _LayoutFacts:
    """What a base deck's layouts give every slide, found once per process for each base deck: a new slide
    of each layout as python-pptx makes it (its placeholders copied from the layout), the sizes it inherits
    from the layout and master, and a notes page. Reading these through python-pptx walks the inheritance
    with XPath queries (some 50 ms a deck); copying them is a fraction of a millisecond."""

    prototypes: dict[str, Any]  # layout name -> a new slide's XML
    title_size: dict[str, tuple[int, int]]
    content_area: dict[str, tuple[int, int, int, int]]
    bottom: dict[str, int]  # how far down a slide may be filled
    notes_slide: Any  # a notes page's XML, its text empty
    notes_master: Any | None  # the notes master and its theme python-pptx made, None when the deck has its own
    notes_theme: Any  # None with notes_master


_FACTS: dict[object, _LayoutFacts] = {}
_FACTS_KEPT = 16  # base decks remembered per process (the product's own and a few gemeenten' house styles)


def _facts_key(base_deck: bytes | Path | str) -> object:
    if isinstance(base_deck, (bytes, bytearray)):
        return hashlib.sha256(base_deck).hexdigest()
    stat = Path(base_deck).stat()
    return (str(base_deck), stat.st_mtime_ns, stat.st_size)


def _layout_facts(base_deck: bytes | Path | str) -> _LayoutFacts:
    key = _facts_key(base_deck)
    facts = _FACTS.get(key)
    if facts is None:
        if len(_FACTS) >= _FACTS_KEPT:
            _FACTS.clear()
        facts = _FACTS[key] = _measure_layouts(_open(base_deck))
    return facts


def _measure_layouts(prs) -> _LayoutFacts:
    """Make one slide of each layout in `prs` (a scratch copy of the base deck, checked by the caller) and a
    notes page, and keep them as they are made."""
    available = _layouts_by_name(prs)
    layouts = {name: available[_norm(name)] for name in REQUIRED_LAYOUTS}
    prototypes, title_size, content_area = {}, {}, {}
    had_notes_master = RT.NOTES_MASTER in {rel.reltype for rel in prs.part.rels.values()}
    slide = None
    for name, layout in layouts.items():
        slide = prs.slides.add_slide(layout)
        prototypes[name] = copy.deepcopy(slide._element)
        title = next((ph for ph in slide.placeholders if _is_title(ph)), None)
        title_size[name] = (title.width or 0, title.height or 0) if title is not None else (0, 0)
        content_area[name] = _content_area(prs, _content_placeholder(slide))
    assert slide is not None  # REQUIRED_LAYOUTS is not empty
    notes = slide.notes_slide
    master = notes.part.part_related_by(RT.NOTES_MASTER)
    return _LayoutFacts(
        prototypes=prototypes,
        title_size=title_size,
        content_area=content_area,
        bottom={name: _free_bottom(prs, layout) for name, layout in layouts.items()},
        notes_slide=copy.deepcopy(notes._element),
        notes_master=None if had_notes_master else copy.deepcopy(master._element),
        notes_theme=None if had_notes_master else copy.deepcopy(master.part_related_by(RT.THEME)._element),
    )


def _free_bottom(prs, layout: SlideLayout) -> int:
    """How far down a slide of `layout` may be filled: to the date, footer and slide number band (which the
    slides made here leave empty), or 0.3 inch above the bottom edge."""
    band = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
    tops = [ph.top for ph in layout.placeholders if ph.placeholder_format.type in band and ph.top]  # type: ignore[misc]
    return min([(prs.slide_height or 0) - Inches(0.3), *tops])


class _Deck:
    """A presentation being built: the base deck without its own slides, and its layouts by name.

    Every slide is a copy of its layout's prototype slide and every notes page a copy of the prototype notes
    page (_LayoutFacts), with the part names and ids python-pptx would give them.
    """

    def __init__(self, base_deck: bytes | Path | str):
        self.prs = _open(base_deck)
        available = _layouts_by_name(self.prs)
        missing = _missing(available)
        if missing:
            raise ValueError(_missing_message(missing))
        self.layouts = {name: available[_norm(name)] for name in REQUIRED_LAYOUTS}
        self._remove_existing_slides()
        self.facts = _layout_facts(base_deck)  # measured on a scratch copy: this deck gets only its own slides
        self.title_size, self.content_area, self.bottom = (
            self.facts.title_size,
            self.facts.content_area,
            self.facts.bottom,
        )
        self._notes_master: Any = None
        self._notes = 0

    def _remove_existing_slides(self) -> None:
        """A house-style deck often holds example slides; the presentation only gets the ones made here."""
        id_list = self.prs.slides._sldIdLst
        for slide_id in list(id_list):
            self.prs.part.drop_rel(slide_id.rId)
            id_list.remove(slide_id)

    def add(self, layout_name: str, notes: str = ""):
        presentation = self.prs.part
        slide_ids = self.prs.slides._sldIdLst
        partname = PackURI(f"/ppt/slides/slide{len(slide_ids) + 1}.xml")  # as python-pptx names them
        element = copy.deepcopy(self.facts.prototypes[layout_name])
        part = SlidePart(partname, CT.PML_SLIDE, presentation.package, element)
        part.relate_to(self.layouts[layout_name].part, RT.SLIDE_LAYOUT)
        # one more than the last slide id (python-pptx's own rule, without its query over all of them)
        next_id = int(slide_ids[-1].get("id")) + 1 if len(slide_ids) else 256
        slide_ids._add_sldId(id=next_id, rId=presentation.relate_to(part, RT.SLIDE))
        slide = part.slide
        if notes:
            self.set_notes(slide, notes)
        return slide

    def _notes_master_part(self):
        """The deck's notes master: its own, or a copy of the one python-pptx made when measuring."""
        presentation = self.prs.part
        if self.facts.notes_master is None:
            return presentation.part_related_by(RT.NOTES_MASTER)
        package = presentation.package
        master = NotesMasterPart(
            package.next_partname("/ppt/notesMasters/notesMaster%d.xml"),
            CT.PML_NOTES_MASTER,
            package,
            copy.deepcopy(self.facts.notes_master),
        )
        theme = XmlPart(
            package.next_partname("/ppt/theme/theme%d.xml"),
            CT.OFC_THEME,
            package,
            copy.deepcopy(self.facts.notes_theme),
        )
        master.relate_to(theme, RT.THEME)
        r_id = presentation.relate_to(master, RT.NOTES_MASTER)
        # listed in presentation.xml as well, as PowerPoint itself does (python-pptx leaves the list out)
        masters = presentation._element.find("p:sldMasterIdLst", NS)
        if masters is not None and presentation._element.find("p:notesMasterIdLst", NS) is None:
            masters.addnext(
                parse_xml(f'<p:notesMasterIdLst {NSDECL}><p:notesMasterId r:id="{r_id}"/></p:notesMasterIdLst>')
            )
        return master

    def set_notes(self, slide, text: str) -> None:
        """The speaker notes of `slide`, in the body placeholder of a copy of the prototype notes page."""
        if self._notes_master is None:
            self._notes_master = self._notes_master_part()
        self._notes += 1
        element = copy.deepcopy(self.facts.notes_slide)
        partname = PackURI(f"/ppt/notesSlides/notesSlide{self._notes}.xml")
        part = NotesSlidePart(partname, CT.PML_NOTES_SLIDE, slide.part.package, element)
        part.relate_to(self._notes_master, RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        ph = element.find(".//p:sp/p:nvSpPr/p:nvPr/p:ph[@type='body']", NS)
        body = ph.getparent().getparent().getparent().find("p:txBody", NS) if ph is not None else None
        if body is not None:  # the notes master's body placeholder, as python-pptx fills it
            for paragraph in body.findall("a:p", NS):
                body.remove(paragraph)
            body.append(parse_xml(f"<a:p {NSDECL}>{_runs_xml(text)}</a:p>"))

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


# --- XML written directly --------------------------------------------------------------------------------
# Tables and drawn shapes are written as DrawingML text and parsed once per table or shape: building them
# through python-pptx's proxies costs a dozen XPath look-ups per cell or box, which made a deck of 300 actions
# take seconds. The XML is what python-pptx itself writes for the same table or shape.

NSDECL = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
THEME_TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # "Medium Style 2 - Accent 1", python-pptx's default
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """`text` as XML character data: escaped, and without the control characters XML cannot hold."""
    return xml_escape(_NOT_XML.sub("", text), {'"': "&quot;"})


def _runs_xml(text: str, *, size: Pt | None = None, bold: bool = False, colour: str = "") -> str:
    """The runs of one paragraph, a line break (a:br) for each newline in `text`; without a size the text
    keeps the size of its placeholder."""
    props = 'lang="nl-NL"' + (f' sz="{int(size.pt * 100)}"' if size is not None else "") + (' b="1"' if bold else "")
    fill = f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>' if colour else ""
    r_pr = f"<a:rPr {props}>{fill}</a:rPr>" if fill else f"<a:rPr {props}/>"
    return f"<a:br>{r_pr}</a:br>".join(f"<a:r>{r_pr}<a:t>{_xml_text(line)}</a:t></a:r>" for line in _lines(text))


def _next_shape_id(slide) -> int:
    """One more than the highest shape id on the slide (read once per table or drawing, then counted on)."""
    ids = [int(value) for value in slide.shapes._spTree.xpath("//p:cNvPr/@id")]
    return max(ids, default=0) + 1


def _font_scale(texts: Sequence[str], width: int, height: int, base_size: float) -> float:
    """How far text must shrink to fit its box, by the rough estimate of _shrink_hint (1.0: it fits)."""
    width_pt, height_pt = Emu(width).pt - 14, Emu(height).pt - 7

    def fits(scale: float) -> bool:
        size = base_size * scale
        per_line = max(1, int(width_pt / (size * 0.5)))
        lines = sum(math.ceil(max(1, len(line)) / per_line) for text in texts for line in _lines(text))
        return lines * size * 1.2 + len(texts) * size * 0.3 <= height_pt

    scale = 1.0
    while scale > 0.1 and not fits(scale):
        scale -= 0.05
    return max(scale, 0.1)


def _autofit_xml(scale: float) -> str:
    """Shrink text on overflow; with the hint for PowerPoint of how far (see _shrink_hint)."""
    if scale >= 1.0:
        return "<a:normAutofit/>"
    return f'<a:normAutofit fontScale="{int(round(scale * 100000))}" lnSpcReduction="10000"/>'


@dataclass(frozen=True)
class Item:
    """One paragraph of a text slide: an optional bold label, the text, and its indent level."""

    text: str
    label: str = ""
    level: int = 0


NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
}
TITLE_TYPES = frozenset({"title", "ctrTitle", "vertTitle"})
NOT_CONTENT_TYPES = TITLE_TYPES | {"dt", "ftr", "sldNum"}


def _placeholder_elements(slide) -> list[tuple[Any, str, int]]:
    """(element, type, idx) of each placeholder on the slide, read from the XML directly: python-pptx's
    placeholder proxies run an XPath query per property, and these are asked for on every slide."""
    found = []
    for element in slide.shapes._spTree.iterchildren():
        ph = element.find("./*/p:nvPr/p:ph", NS)
        if ph is not None:
            found.append((element, ph.get("type", "obj"), int(ph.get("idx", "0"))))
    return found


def _title_element(slide):
    return next((el for el, kind, _ in _placeholder_elements(slide) if kind in TITLE_TYPES), None)


def _is_title(placeholder) -> bool:
    return placeholder.placeholder_format.type in (
        PP_PLACEHOLDER.TITLE,
        PP_PLACEHOLDER.CENTER_TITLE,
        PP_PLACEHOLDER.VERTICAL_TITLE,
    )


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


def _content_element(slide):
    """The XML of the slide's main content placeholder (not the title, date, footer or slide number)."""
    candidates = [(idx != 1, el) for el, kind, idx in _placeholder_elements(slide) if kind not in NOT_CONTENT_TYPES]
    if not candidates:
        return None
    return min(candidates, key=lambda candidate: candidate[0])[1]  # idx 1 first, else the first one


def _content_placeholder(slide):
    """The slide's main content placeholder as a python-pptx shape, if any."""
    element = _content_element(slide)
    return SlideShapeFactory(element, slide.shapes) if element is not None else None


def _content_area(prs, placeholder) -> tuple[int, int, int, int]:
    if placeholder is not None and placeholder.width and placeholder.height:
        return placeholder.left, placeholder.top, placeholder.width, placeholder.height
    width, height = prs.slide_width, prs.slide_height
    return Inches(0.6), Inches(1.6), width - Inches(1.2), height - Inches(2.3)


def _remove(shape) -> None:
    element = shape._element
    element.getparent().remove(element)


def _remove_all_but_the_title(slide) -> None:
    for element, kind, _ in _placeholder_elements(slide):
        if kind not in TITLE_TYPES:
            element.getparent().remove(element)


def _remove_empty_placeholders(slide) -> None:
    for element, _, _ in _placeholder_elements(slide):
        body = element.find("p:txBody", NS)
        if body is not None and not "".join(t.text or "" for t in body.iter(f"{{{NS['a']}}}t")).strip():
            element.getparent().remove(element)


def _shrink_hint(frame, texts: Sequence[str], width: int, height: int, base_size: float = 24) -> None:
    """Tell PowerPoint how far to shrink text that would overflow (it only recalculates on editing).

    A rough estimate: a character is about half the font size wide, a line 1.2 times the font size high.
    LibreOffice shrinks by itself; the hint keeps PowerPoint from showing text running off the slide.
    """
    if not width or not height:
        return
    scale = _font_scale(texts, width, height, base_size)
    autofit = frame._txBody.bodyPr.find(qn("a:normAutofit"))
    if autofit is None:
        return
    if scale < 1.0:
        autofit.set("fontScale", str(int(round(scale * 100000))))
        autofit.set("lnSpcReduction", "10000")
    else:  # a hint given earlier for a smaller box (the statement slide's title) no longer holds
        autofit.attrib.pop("fontScale", None)
        autofit.attrib.pop("lnSpcReduction", None)


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


def _part_title(title: str, number: int, count: int) -> str:
    """A slide title, with "(2 van 3)" when what it shows continues over several slides."""
    return PROSE("algemeen.deel", titel=title, deel=number + 1, delen=count) if count > 1 else title


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


# --- drawings: the Service Blueprint's swimlanes and the timeline ------------------------------------------
# Drawn with plain shapes in the theme's colours, so a house-style deck recolours them. Every box wraps and
# shrinks its text to fit; the slide's title comes first in the shape tree, so a screen reader starts there.

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


# --- shared pieces of the decks ----------------------------------------------------------------------------


def _when(sessie: SessieInfo | None, *, in_table: bool = False) -> str:
    """The sessie's date and hours; in a table cell on two lines, so the hours do not break at their dash."""
    if sessie is None:
        return PROSE("algemeen.datum_onbekend", datum=MISSING)
    fields = {
        "datum": datum(sessie.on_date, MISSING),
        "begin": f"{sessie.start_time:%H:%M}",
        "eind": f"{sessie.end_time:%H:%M}",
    }
    return PROSE("algemeen.tijd_in_tabel", **fields) if in_table else PROSE("algemeen.tijd", **fields)


def _where(sessie: SessieInfo) -> str:
    if sessie.is_online:
        online = PROSE("algemeen.online")
        return f"{online}: {sessie.online_url}" if sessie.online_url else online
    return _v(sessie.location)


def _sessie_kind(sessie: SessieInfo) -> str:
    """The sessie's name where its mijlpalen are shown next to it: a title the tool made ("Sessie met inwoners:
    Op zoek, In beeld") would say the mijlpalen twice, so it is only the kind of sessie; a user's own title stays."""
    return sessie.title if sessie.has_own_title else sessie.type_label


def _sessie_subtitle(context: DocumentContext, sessie: SessieInfo | None, *, project: bool = False) -> list[str]:
    """Gemeente, date and place; without a sessie (none planned yet) only the gemeente, not an empty date.
    With `project` the project's name too: a sessie's own title does not say which project it belongs to."""
    lines = [PROSE("algemeen.gemeente", gemeente=_v(context.gemeente))]
    if project and context.project_name.strip():
        lines.append(PROSE("algemeen.project", project=context.project_name))
    if sessie is not None:
        lines += [_when(sessie), PROSE("algemeen.plaats", plaats=_where(sessie))]
    return lines


def _sessie_mijlpalen(context: DocumentContext, sessie: SessieInfo | None) -> list[tuple[str, MijlpaalInfo | None]]:
    """(label, the project's MijlpaalInfo or None) for each mijlpaal of the sessie; without a sessie the
    project's own mijlpalen."""
    by_key = {m.key: m for m in context.mijlpalen}
    if sessie is None:
        return [(m.label, m) for m in context.mijlpalen]
    return [(label, by_key.get(key)) for key, label in zip(sessie.mijlpaal_keys, sessie.mijlpalen, strict=True)]


def _mijlpaal_title(label: str, info: MijlpaalInfo | None) -> str:
    if info is None:
        return PROSE("algemeen.mijlpaal_zonder_nummer", mijlpaal=_v(label))
    return PROSE("algemeen.mijlpaal_titel", nummer=info.number, mijlpaal=_v(label))


def _agreements_slide(deck: _Deck, sessie: SessieInfo | None) -> None:
    rows = [
        (_v(a.who), _v(a.kind), a.description, datum(a.due_date, MISSING))
        for a in (sessie.agreements if sessie else ())
    ]
    table_slides(
        deck,
        PROSE("afspraken.titel"),
        PROSE.lines("afspraken.kop"),
        rows,
        (2, 2, 3, 1.5),
        empty=PROSE("afspraken.leeg"),
        notes=PROSE("afspraken.notitie"),
    )


def _central_question_slide(deck: _Deck, context: DocumentContext) -> None:
    """The central question as a statement on its own slide; a project without one gets no slide."""
    if context.central_question.strip():
        statement_slide(deck, context.central_question, PROSE("algemeen.centrale_vraag_notitie"))


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


def _items(key: str, **fields: object) -> list[Item]:
    """A list of texts of presentaties.toml as the paragraphs of a text slide."""
    return [Item(line) for line in PROSE.lines(key, **fields)]


# --- the decks of a sessie with inwoners ------------------------------------------------------------------
# Inwoners read these on the wall: plain words (B1), questions put to them, the mijlpalen as their plain
# phrases (routekaart.toml `for_inwoners`), and none of the toolkit's checklist, laws or terms.


def _inwoner_title_slide(deck: _Deck, context: DocumentContext, sessie: SessieInfo) -> None:
    title = sessie.title if sessie.has_own_title else PROSE("inwoners.titel")
    title_slide(deck, title, _sessie_subtitle(context, sessie), PROSE("inwoners.titel_notitie"))


def _inwoner_welcome(deck: _Deck, sessie: SessieInfo, first: str) -> None:
    items = [Item(first), *_items("inwoners.welkom")]
    if sessie.procesbegeleider:
        items.append(Item(PROSE("inwoners.gespreksleider", naam=sessie.procesbegeleider)))
    if sessie.administrator:
        items.append(Item(PROSE("inwoners.verslag", naam=sessie.administrator)))
    if sessie.agenda:
        items += [
            Item("", label=PROSE("inwoners.programma")),
            *(Item(line, level=1) for line in _lines(sessie.agenda) if line),
        ]
    text_slide(deck, PROSE("inwoners.welkom_titel"), items, PROSE("inwoners.welkom_notitie"))


def _inwoner_topics(sessie: SessieInfo) -> list[tuple[str, str, str]]:
    """(plain phrase, question, label) for each mijlpaal of the sessie; the label only matches findings."""
    return list(zip(sessie.topics_for_inwoners, sessie.questions_for_inwoners, sessie.mijlpalen, strict=True))


def _inwoner_heard(deck: _Deck, findings, about: str = "") -> None:
    """What the inwoners said, when the sessie has been held and it was written down."""
    if findings:
        title = PROSE("inwoners.gehoord_over", onderwerp=_capital(about)) if about else PROSE("inwoners.gehoord_titel")
        quotes = [Item(PROSE("inwoners.citaat", tekst=f.text)) for f in findings]
        _spread_text_slides(deck, title, quotes, PROSE("inwoners.gehoord_notitie"), QUOTE_FONT)


def _spread_text_slides(deck: _Deck, title: str, items: Sequence[Item], notes: str, size: Pt) -> None:
    """Text slides with `items` in `size`, none shrunk: as many slides as that takes, filled evenly, with
    "(1 van 2)" in the titles (the estimate of _shrink_hint)."""
    _, _, width, height = deck.content_area[TEXT_LAYOUT]
    per_line = max(1, int((Emu(width).pt - 14) / (size.pt * 0.5)))
    lines = [sum(math.ceil(max(1, len(line)) / per_line) for line in _lines(item.text)) for item in items]
    needs = [count * size.pt * 1.2 + size.pt * (0.3 + PARAGRAPH_GAP) for count in lines]
    start, counts = 0, _balanced(needs, Emu(height).pt - 7)
    for number, count in enumerate(counts):
        text_slide(deck, _part_title(title, number, len(counts)), items[start : start + count], notes, size)
        start += count


def _inwoner_closing(deck: _Deck, context: DocumentContext) -> None:
    contact = context.contact
    items = _items("inwoners.verder")
    # a phone number is read as one thing: it never breaks over two lines
    ways = [PROSE("inwoners.bel", telefoon=contact.phone.replace(" ", "\u00a0"))] if contact.phone else []
    ways += [PROSE("inwoners.mail", email=contact.email)] if contact.email else []
    if ways:
        who = PROSE("inwoners.contact_met", naam=contact.name) if contact.name else ""
        items.append(Item(PROSE("inwoners.contact", met=who, manieren=PROSE("inwoners.of").join(ways))))
    items.append(Item(PROSE("inwoners.bedankt")))
    text_slide(deck, PROSE("inwoners.verder_titel"), items, PROSE("inwoners.verder_notitie"))


def _inwoner_option_a(deck: _Deck, context: DocumentContext, sessie: SessieInfo) -> None:
    _inwoner_title_slide(deck, context, sessie)
    _inwoner_welcome(deck, sessie, PROSE("inwoners.optie_a_welkom"))
    for phrase, question, label in _inwoner_topics(sessie):
        items = [Item(question)] if question else []
        items += [Item(line, level=1) for line in PROSE.lines("inwoners.onderwerp")]
        text_slide(deck, _capital(phrase), items, PROSE("inwoners.onderwerp_notitie"))
        _inwoner_heard(deck, [f for f in sessie.findings if f.mijlpaal == label], phrase)
    _inwoner_heard(deck, [f for f in sessie.findings if f.mijlpaal not in sessie.mijlpalen])
    _inwoner_closing(deck, context)


def _inwoner_option_b(deck: _Deck, context: DocumentContext, sessie: SessieInfo) -> None:
    _inwoner_title_slide(deck, context, sessie)
    _inwoner_welcome(deck, sessie, PROSE("inwoners.optie_b_welkom"))
    text_slide(deck, PROSE("inwoners.weg_titel"), _items("inwoners.weg"), PROSE("inwoners.weg_notitie"))
    topics = _inwoner_topics(sessie)
    if topics:
        items: list[Item] = []
        for phrase, question, _ in topics:
            items.append(Item("", label=_capital(phrase)))
            if question:
                items.append(Item(question, level=1))
        text_slide(deck, PROSE("inwoners.onderwerpen_titel"), items, PROSE("inwoners.onderwerpen_notitie"))
    steps = [step for step in sessie.blueprint if step.inwoner or step.title]
    if steps:
        table_slides(
            deck,
            PROSE("inwoners.weg_tot_nu_titel"),
            PROSE.lines("inwoners.weg_tot_nu_kop"),
            [(_v(step.title), step.inwoner) for step in steps],
            (1, 2),
            notes=PROSE("inwoners.weg_tot_nu_notitie"),
        )
    _inwoner_heard(deck, sessie.findings)
    _inwoner_closing(deck, context)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- the four decks ----------------------------------------------------------------------------------------


def kickoff_deck(deck: _Deck, context: DocumentContext, sessie_id: int | None) -> None:
    kickoff = _find_sessie(context, sessie_id, lambda s: s.purpose == "kick_off")
    title_slide(
        deck,
        PROSE("kickoff.titel", project=_v(context.project_name)),
        _sessie_subtitle(context, kickoff),
        PROSE("kickoff.titel_notitie"),
    )
    _kickoff_why(deck, context)
    _central_question_slide(deck, context)
    _kickoff_what(deck, context)
    timeline_slides(
        deck,
        PROSE("kickoff.tijdlijn_titel"),
        *_timeline_rows(context),
        context.today,
        PROSE("kickoff.tijdlijn_notitie"),
    )
    table_slides(
        deck,
        PROSE("kickoff.fasen_titel"),
        PROSE.lines("kickoff.fasen_kop"),
        [
            (
                f"{p.number}. {_v(p.label)}",
                _v(p.description),
                datum(p.start, MISSING),
                datum(p.last_day, MISSING),
                PROSE("kickoff.weken", weken=p.weeks),
                _v(p.status),
            )
            for p in context.phases
        ],
        (2, 3.5, 1.7, 1.7, 1.2, 1.7),
        empty=PROSE("kickoff.fasen_leeg"),
        notes=PROSE("kickoff.fasen_notitie"),
    )
    table_slides(
        deck,
        PROSE("kickoff.team_titel"),
        PROSE.lines("kickoff.team_kop"),
        [(_v(m.name), _v(m.role), _v(m.discipline)) for m in context.team],
        (3, 2, 3),
        empty=PROSE("kickoff.team_leeg"),
        notes=PROSE("kickoff.team_notitie"),
    )
    table_slides(
        deck,
        PROSE("kickoff.sessies_titel"),
        PROSE.lines("kickoff.sessies_kop"),
        [
            (_v(_sessie_kind(s)), _when(s, in_table=True), _where(s), ", ".join(s.mijlpalen) or "\u2014")
            for s in context.sessies
        ],
        (3, 2.5, 2.5, 2.5),
        empty=PROSE("kickoff.sessies_leeg"),
        notes=PROSE("kickoff.sessies_notitie"),
    )
    items = _items("kickoff.vragen")
    contact = context.projectleider or context.contact.name
    if contact:  # without a name the line would only say "nog in te vullen"
        items.append(Item(PROSE("kickoff.contact", naam=contact)))
    text_slide(deck, PROSE("kickoff.vragen_titel"), items, PROSE("kickoff.vragen_notitie"))


def _kickoff_why(deck: _Deck, context: DocumentContext) -> None:
    reasons = [Item(reason, level=1) for reason in context.reasons]
    if context.reason_note:
        reasons.append(Item(context.reason_note, level=1))
    heading = [Item("", label=PROSE("kickoff.aanleiding"))] if reasons else []  # no heading over nothing
    text_slide(
        deck,
        PROSE("kickoff.waarom_titel"),
        [*_items("kickoff.waarom", gemeente=_v(context.gemeente)), *heading, *reasons],
        PROSE("kickoff.waarom_notitie"),
    )


def _kickoff_what(deck: _Deck, context: DocumentContext) -> None:
    """The scope, mijlpalen, rol and spoor on one slide; when the mijlpalen would make that slide shrink its text
    (a whole route has eight), they get a slide of their own in full size and this one says how many there are."""
    mijlpalen = [Item(f"{m.number}. {_v(m.label)}", level=1) for m in context.mijlpalen] or [
        Item(PROSE("kickoff.geen_mijlpalen"), level=1)
    ]
    if context.rol:
        rol = context.rol
    else:
        rol = MISSING if context.scope_selection == "een_rol" else PROSE("kickoff.alle_rollen")
    scope = [
        Item(_v(context.scope_label), label=PROSE("kickoff.reikwijdte")),
        *([Item(context.scope_description, level=1)] if context.scope_description else []),
    ]
    rest = [Item(rol, label=PROSE("kickoff.rol")), Item(_v(context.spoor), label=PROSE("kickoff.spoor"))]
    together = [*scope, Item("", label=PROSE("kickoff.mijlpalen")), *mijlpalen, *rest]
    if _fits(deck, TEXT_LAYOUT, together):
        text_slide(deck, PROSE("kickoff.wat_titel"), together, PROSE("kickoff.wat_notitie"))
        return
    summary = Item(PROSE("kickoff.mijlpalen_aantal", aantal=len(context.mijlpalen)), label=PROSE("kickoff.mijlpalen"))
    text_slide(deck, PROSE("kickoff.wat_titel"), [*scope, summary, *rest], PROSE("kickoff.wat_notitie"))
    text_slide(
        deck,
        PROSE("kickoff.mijlpalen_titel"),
        [Item(item.text) for item in mijlpalen],
        PROSE("kickoff.mijlpalen_notitie"),
    )


def _fits(deck: _Deck, layout: str, items: Sequence[Item]) -> bool:
    """Whether a text slide of `layout` shows `items` at full size (the estimate of _shrink_hint)."""
    _, _, width, height = deck.content_area[layout]
    return _font_scale([f"{item.label}: {item.text}" for item in items], width, height, 24) >= 1.0


def _timeline_rows(context: DocumentContext) -> tuple[list[TimelineRow], list[TimelineRow]]:
    """The phases as bars, and the sessies on their day in date order."""
    phases = [TimelineRow(f"{p.number}. {_v(p.label)}", p.start, p.last_day) for p in context.phases]
    sessies = sorted(context.sessies, key=lambda s: (s.on_date, s.start_time))
    return phases, [TimelineRow(_v(s.title), s.on_date, s.on_date, is_sessie=True) for s in sessies]


def option_a_deck(deck: _Deck, context: DocumentContext, sessie_id: int | None) -> None:
    sessie = _find_sessie(context, sessie_id, lambda s: s.option_key == "a")
    without = (PROSE("optie_a.zonder_sessie"), PROSE("optie_a.titel_notitie"))
    _option_deck(deck, context, sessie, without, _inwoner_option_a, _professional_option_a)


def option_b_deck(deck: _Deck, context: DocumentContext, sessie_id: int | None) -> None:
    sessie = _find_sessie(context, sessie_id, lambda s: s.option_key == "b")
    without = (PROSE("optie_b.zonder_sessie"), PROSE("optie_b.titel_notitie"))
    _option_deck(deck, context, sessie, without, _inwoner_option_b, _professional_option_b)


def _option_deck(
    deck: _Deck,
    context: DocumentContext,
    sessie: SessieInfo | None,
    title_texts: tuple[str, str],
    for_inwoners: Callable[[_Deck, DocumentContext, SessieInfo], None],
    for_others: Callable[[_Deck, DocumentContext, SessieInfo | None], None],
) -> None:
    """An option's deck: in the inwoners' own words when they take part, else the toolkit's werkvorm for
    professionals after a title slide, which also stands when no sessie is planned (`title_texts`: the title
    then, and the slide's notes)."""
    if sessie is not None and sessie.with_inwoners:
        for_inwoners(deck, context, sessie)
        return
    without_sessie, notes = title_texts
    title = sessie.title if sessie else f"{without_sessie} ({MISSING})"
    title_slide(deck, _v(title), _sessie_subtitle(context, sessie, project=True), notes)
    for_others(deck, context, sessie)


def _professional_option_a(deck: _Deck, context: DocumentContext, sessie: SessieInfo | None) -> None:
    intro = _items("optie_a.werkwijze")
    if sessie is not None:
        intro += [
            Item(_v(sessie.procesbegeleider), label=PROSE("optie_a.gespreksleider")),
            Item(_v(sessie.administrator), label=PROSE("optie_a.verslag")),
        ]
        if sessie.agenda:
            intro += [Item("", label=PROSE("optie_a.agenda")), Item(sessie.agenda, level=1)]
    text_slide(deck, PROSE("optie_a.werkwijze_titel"), intro, PROSE("optie_a.werkwijze_notitie"))

    mijlpalen = _sessie_mijlpalen(context, sessie)
    if not mijlpalen:
        text_slide(
            deck,
            PROSE("kickoff.mijlpalen"),
            [Item(PROSE("algemeen.geen_mijlpalen"))],
            PROSE("optie_a.mijlpaal_notitie"),
        )
    findings = sessie.findings if sessie else ()
    for label, info in mijlpalen:
        _option_a_mijlpaal(deck, label, info, [f for f in findings if f.mijlpaal == label])
    _agreements_slide(deck, sessie)


def _option_a_mijlpaal(deck: _Deck, label: str, info: MijlpaalInfo | None, findings) -> None:
    text_slide(
        deck,
        _mijlpaal_title(label, info),
        [
            Item("", label=PROSE("optie_a.behoefte")),
            Item(_v(info.description if info else ""), level=1),
            Item("", label=PROSE("optie_a.praten")),
            *(Item(line, level=1) for line in PROSE.lines("optie_a.vragen")),
        ],
        PROSE("optie_a.mijlpaal_notitie"),
    )
    checklist = info.checklist if info else ()
    table_slides(
        deck,
        PROSE("optie_a.checklist_titel", mijlpaal=_v(label)),
        PROSE.lines("optie_a.checklist_kop"),
        [(_v(item.text), _v(item.answer), item.note) for item in checklist],
        (5, 2, 3),
        empty=PROSE("optie_a.checklist_leeg"),
        notes=PROSE("optie_a.checklist_notitie"),
    )
    rows = [(finding.text, _v(finding.rol), "") for finding in findings]
    rows += [("", "", "")] * EMPTY_NOTE_ROWS
    table_slides(
        deck,
        PROSE("optie_a.nodig_titel", mijlpaal=_v(label)),
        PROSE.lines("optie_a.nodig_kop"),
        rows,
        (5, 2, 3),
        notes=PROSE("optie_a.nodig_notitie"),
    )


# The Service Blueprint's lanes, top to bottom: (name, what participants note, the stored step's field).
BLUEPRINT_LANES: tuple[tuple[str, str, Callable], ...] = tuple(
    (name, explanation, value)
    for (name, explanation), value in zip(
        PROSE.lanes(),
        (
            lambda step: step.inwoner,
            lambda step: step.frontstage,
            lambda step: step.backstage,
            lambda step: step.support,
        ),
        strict=True,
    )
)


def _professional_option_b(deck: _Deck, context: DocumentContext, sessie: SessieInfo | None) -> None:
    text_slide(deck, PROSE("optie_b.reis_titel"), _items("optie_b.reis"), PROSE("optie_b.reis_notitie"))
    table_slides(
        deck,
        PROSE("optie_b.lagen_titel"),
        PROSE.lines("optie_b.lagen_kop"),
        [(lane, explanation) for lane, explanation, _ in BLUEPRINT_LANES],
        (1, 3),
        notes=PROSE("optie_b.lagen_notitie"),
    )

    mijlpalen = _sessie_mijlpalen(context, sessie)
    items: list[Item] = []
    for label, info in mijlpalen:
        items += [Item("", label=_mijlpaal_title(label, info)), Item(_v(info.description if info else ""), level=1)]
    text_slide(
        deck,
        PROSE("optie_b.mijlpalen_titel"),
        items or [Item(PROSE("algemeen.geen_mijlpalen"))],
        PROSE("optie_b.mijlpalen_notitie"),
    )

    held = sessie is not None and sessie.status == SessieStatus.AFGEROND.label
    _blueprint_slides(deck, sessie.blueprint if sessie else (), held=held)
    _agreements_slide(deck, sessie)


def _blueprint_slides(deck: _Deck, steps, *, held: bool = False) -> None:
    """The blueprint so far as swimlanes, a few steps per slide; without steps, empty lanes to fill in. For a
    sessie that has been held the slides show what the sessie made, and say so instead of "so far"."""
    lanes = [lane for lane, _, _ in BLUEPRINT_LANES]
    if not steps:
        blank = [(PROSE("optie_b.stap", nummer=n), [""] * len(lanes)) for n in range(1, 4)]
        swimlane_slide(deck, PROSE("optie_b.blueprint_leeg"), lanes, blank)
        return
    per_slide = BLUEPRINT_STEPS_PER_SLIDE
    for first in range(0, len(steps), per_slide):
        group = steps[first : first + per_slide]
        if len(steps) <= per_slide:
            title = PROSE("optie_b.gemaakt_titel") if held else PROSE("optie_b.blueprint_titel")
        else:
            part = {"eerste": first + 1, "laatste": first + len(group), "aantal": len(steps)}
            title = PROSE("optie_b.gemaakt_deel", **part) if held else PROSE("optie_b.blueprint_deel", **part)
        columns = [
            (
                PROSE("optie_b.stap_titel", nummer=first + number + 1, titel=_v(step.title)),
                [value(step) for _, _, value in BLUEPRINT_LANES],
            )
            for number, step in enumerate(group)
        ]
        swimlane_slide(deck, title, lanes, columns)


def results_deck(deck: _Deck, context: DocumentContext, sessie_id: int | None) -> None:
    sessie = _find_sessie(context, sessie_id, lambda s: s.purpose == "resultaten")
    title_slide(
        deck,
        PROSE("resultaten.titel", project=_v(context.project_name)),
        _sessie_subtitle(context, sessie),
        PROSE("resultaten.titel_notitie"),
    )
    _central_question_slide(deck, context)
    text_slide(deck, PROSE("resultaten.stand_titel"), _where_we_stand(context), PROSE("resultaten.stand_notitie"))
    _results_themes(deck, context)
    _results_actions(deck, context)
    _theme_charts(deck, context)
    table_slides(
        deck,
        PROSE("resultaten.besluiten_titel"),
        PROSE.lines("resultaten.besluiten_kop"),
        [(_v(a.title), _v(a.theme), euro(a.budget, MISSING), _v(a.decision)) for a in context.decisions_needed],
        (4, 2, 1.5, 2.5),
        empty=PROSE("resultaten.besluiten_leeg"),
        notes=PROSE("resultaten.besluiten_notitie"),
    )
    text_slide(deck, PROSE("resultaten.verder_titel"), _items("resultaten.verder"), PROSE("resultaten.verder_notitie"))


def _results_themes(deck: _Deck, context: DocumentContext) -> None:
    table_slides(
        deck,
        PROSE("resultaten.themas_titel"),
        PROSE.lines("resultaten.themas_kop"),
        [
            (_v(t.name), t.description, str(len(t.findings)), str(len(t.actions)), euro(t.budget))
            for t in context.themes
        ],
        (2, 3.8, 1.5, 1, 1.7),
        empty=PROSE("resultaten.themas_leeg"),
        notes=PROSE("resultaten.themas_notitie"),
    )
    source = _finding_sources(context)
    themes = [t for t in context.themes if t.findings]  # a theme without findings has no slide of its own
    header, weights = PROSE.lines("resultaten.thema_kop"), (5, 2, 3)
    tables = [
        [(_v(f.text), f.mijlpaal or "\u2014", source.get(f) or _v(f.session)) for f in theme.findings]
        for theme in themes
    ]
    plans = _plans_in_one_size(deck, header, tables, weights)  # one theme after the other: they look alike
    for theme, rows, plan in zip(themes, tables, plans, strict=True):
        table_slides(
            deck,
            PROSE("resultaten.thema_titel", thema=_v(theme.name)),
            header,
            rows,
            weights,
            empty=PROSE("resultaten.thema_leeg"),
            notes=PROSE("resultaten.thema_notitie"),
            plan=plan,
        )


def _finding_sources(context: DocumentContext) -> dict[FindingInfo, str]:
    """Where each finding came from, as the results deck shows it next to the finding's mijlpaal: the kind of
    sessie and its date ("Sessie met inwoners" over "10 september 2026"), not a made-up title that names the
    mijlpalen again."""
    return {
        finding: PROSE("resultaten.uit_sessie", sessie=_sessie_kind(sessie), datum=datum(sessie.on_date, MISSING))
        for sessie in context.sessies
        for finding in sessie.findings
    }


def _results_actions(deck: _Deck, context: DocumentContext) -> None:
    def action_rows(actions):
        return [
            (_v(a.title), _v(a.theme), _v(a.owner), datum(a.deadline, MISSING), euro(a.budget, MISSING))
            for a in actions
        ]

    header = PROSE.lines("resultaten.acties_kop")
    weights = (3.7, 2, 2, 1.7, 1.8)  # room for "€ 45.000,00" and "Samenwerken" in large text
    open_choice = [a for a in context.actions if a.timing_key not in ("quick_win", "later")]
    tables = {
        key: action_rows(actions) for key, actions in (("quick_wins", context.quick_wins), ("later", context.later))
    }
    if open_choice:
        tables["open"] = action_rows(open_choice)
    plans = _plans_in_one_size(deck, header, list(tables.values()), weights)  # the action tables look alike
    for (key, rows), plan in zip(tables.items(), plans, strict=True):
        table_slides(
            deck,
            PROSE(f"resultaten.{key}_titel"),
            header,
            rows,
            weights,
            empty=PROSE(f"resultaten.{key}_leeg") if key != "open" else "",
            notes=PROSE(f"resultaten.{key}_notitie"),
            plan=plan,
        )


def _where_we_stand(context: DocumentContext) -> list[Item]:
    """The figures so far, each only when there is something to count (no "0 sessies, 0 bevindingen")."""
    aantal = formatting.aantal
    findings = sum(len(s.findings) for s in context.sessies)
    themes = sum(1 for t in context.themes if t.name != NO_THEME)
    items = []
    if context.sessies:
        line = PROSE("resultaten.sessies", sessies=aantal(len(context.sessies), "sessie", "sessies"))
        if findings:
            line = PROSE(
                "resultaten.met_bevindingen",
                sessies=line,
                bevindingen=aantal(findings, "bevinding", "bevindingen"),
            )
            if themes:
                line = PROSE("resultaten.gebundeld", regel=line, themas=aantal(themes, "thema", "thema's"))
        items.append(Item(PROSE("resultaten.zin", regel=line)))
    else:
        items.append(Item(PROSE("resultaten.nog_geen_sessies")))
    if context.actions:
        actions = aantal(len(context.actions), "actie", "acties")
        items.append(Item(PROSE("resultaten.acties", acties=actions, bedrag=euro(context.actions_budget))))
    if context.budget_for_actions is not None:  # the start budget and what was decided for the actions
        items.append(Item(euro(context.budget_for_actions), label=PROSE("resultaten.besloten_budget")))
    items.append(Item(PROSE("resultaten.vandaag")))
    return items


def _theme_charts(deck: _Deck, context: DocumentContext) -> None:
    themes = [t for t in context.themes if t.actions or t.budget]
    if not themes:
        text_slide(
            deck,
            PROSE("resultaten.grafiek_titel"),
            [Item(PROSE("resultaten.grafiek_leeg"))],
            PROSE("resultaten.grafiek_leeg_notitie"),
        )
        return
    names = [_v(t.name) for t in themes]
    chart_slide(
        deck,
        PROSE("resultaten.budget_titel"),
        names,
        [(PROSE("resultaten.budget_reeks"), [float(t.budget) for t in themes])],
        EURO_FORMAT,
        major_unit=_axis_step(max(float(t.budget) for t in themes)),
        notes=PROSE("resultaten.budget_notitie"),
    )
    undecided = [sum(1 for a in t.actions if a.timing_key not in ("quick_win", "later")) for t in themes]
    series = [
        (PROSE("resultaten.reeks_nu"), [t.quick_wins for t in themes]),
        (PROSE("resultaten.reeks_later"), [t.later for t in themes]),
    ]
    if any(undecided):
        series.append((PROSE("resultaten.reeks_open"), undecided))
    chart_slide(
        deck,
        PROSE("resultaten.aantal_titel"),
        names,
        series,
        COUNT_FORMAT,
        # upright columns: every program lists their legend in the order of the series (quick wins first);
        # for horizontal bars LibreOffice turns the legend round
        chart_type=XL_CHART_TYPE.COLUMN_CLUSTERED,
        major_unit=_axis_step(max(max(values) for _, values in series), whole=True),
        notes=PROSE("resultaten.aantal_notitie"),
    )


AXIS_TICKS = 5  # at most this many steps on a chart's value axis, so its labels stay apart


def _axis_step(largest: float, *, whole: bool = False) -> float | None:
    """A round step for a value axis (1, 2, 2.5 or 5 times a power of ten) that gives at most AXIS_TICKS
    steps up to `largest`; `whole` for counts (a step of at least 1, and no halves). None (the program
    chooses) when there is nothing to show."""
    if largest <= 0:
        return 1 if whole else None
    rough = largest / AXIS_TICKS
    power = 10 ** math.floor(math.log10(rough))
    step = next(power * factor for factor in (1, 2, 2.5, 5, 10) if power * factor >= rough)
    return max(1, math.ceil(step)) if whole else step


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
