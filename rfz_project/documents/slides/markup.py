"""The pieces every kind of slide is made of: text as runs, DrawingML written as text, the slide's placeholders
read from its XML, and the estimate of how far text must shrink to fit its box.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.shapes.shapetree import SlideShapeFactory
from pptx.util import Emu, Inches, Pt

from ..context import MISSING

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
