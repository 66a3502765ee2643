"""The base deck and the presentation being built on it (_Deck).

The base deck (docx_templates/basis.pptx, or a gemeente's own house-style version of it) supplies the look:
slide master, theme, and four layouts that the decks pick by name (REQUIRED_LAYOUTS), never by position.

Speed: a deck of 300 actions has some fifty slides. Slides after the first of each layout are copies of it,
sizes inherited from the layout are read once per deck, and tables, drawn shapes, titles and notes are
written as XML rather than through python-pptx's proxies (each property of which is an XPath query).
"""

from __future__ import annotations

import copy
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import XmlPart
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.parts.slide import NotesMasterPart, NotesSlidePart, SlidePart
from pptx.slide import SlideLayout
from pptx.util import Inches

from .markup import NS, NSDECL, _content_area, _content_placeholder, _is_title, _runs_xml

TITLE_LAYOUT = "RFZ titel"
TEXT_LAYOUT = "RFZ tekst"
TABLE_LAYOUT = "RFZ tabel"
CHART_LAYOUT = "RFZ grafiek"
REQUIRED_LAYOUTS: tuple[str, ...] = (TITLE_LAYOUT, TEXT_LAYOUT, TABLE_LAYOUT, CHART_LAYOUT)


def base_deck_path() -> Path:
    """The product's own base deck (docx_templates/basis.pptx, made by docx_templates/build_base_deck.py)."""
    return Path(__file__).resolve().parents[3] / "docx_templates" / "basis.pptx"


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
