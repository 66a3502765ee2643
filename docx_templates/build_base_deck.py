"""Recreate basis.pptx, the base deck the toolkit's presentations are built from.

    .venv/bin/python docx_templates/build_base_deck.py [output.pptx]

The deck starts from python-pptx's default template and is made into a neutral, high-contrast 16:9 house
style: Arial, black text on white, dark blue titles and table headers, a thin dark blue bar at the top.
Four slide layouts are kept and renamed; the code picks them by these names (see
rfz_project/documents/slides/deck.py, REQUIRED_LAYOUTS):

    RFZ titel    title + subtitle                     (from "Title Slide")
    RFZ tekst    title + text                         (from "Title and Content")
    RFZ tabel    title + a table placeholder          (from "Title Only")
    RFZ grafiek  title + a chart placeholder          (from "Two Content")

The other default layouts are removed. The output is byte-for-byte the same on every run (fixed dates in the
document properties and in the zip), so a rebuilt deck only shows up as a change when the script changed.

A communicatieadviseur may also restyle basis.pptx by hand in PowerPoint or LibreOffice; running this
script again overwrites that, so keep the script and the deck in step (or stop using the script).
"""
from __future__ import annotations

import copy
import io
import sys
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling module below
from reproducible import FIXED_TIME, fixed_zip  # noqa: E402

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE / "basis.pptx"

NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
A = "{%s}" % NS["a"]

WIDTH_4_3 = 9144000
WIDTH_16_9 = 12192000  # 13.333 inch; the height stays 7.5 inch
HEIGHT = 6858000

DARK_BLUE = "154273"  # contrast with white about 10:1
TEXT = "000000"
FONT = "Arial"

LAYOUTS = {  # default layout name -> new name
    "Title Slide": "RFZ titel",
    "Title and Content": "RFZ tekst",
    "Title Only": "RFZ tabel",
    "Two Content": "RFZ grafiek",
}

COLOURS = {"dk1": "000000", "lt1": "FFFFFF", "dk2": DARK_BLUE, "lt2": "F2F2F2",
           "accent1": DARK_BLUE, "accent2": "A33B00", "accent3": "2E6B30", "accent4": "5B2C6F",
           "accent5": "00566B", "accent6": "6B4E00", "hlink": "0B4F9C", "folHlink": "5B2C6F"}



def _widen(element, factor: float) -> None:
    """Scale the horizontal position and width of every shape in a master or layout (4:3 -> 16:9)."""
    for off in element.iter(A + "off"):
        off.set("x", str(round(int(off.get("x")) * factor)))
    for ext in element.iter(A + "ext"):
        if ext.get("cx") is not None:
            ext.set("cx", str(round(int(ext.get("cx")) * factor)))


def _theme(prs) -> None:
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    root.set("name", "RFZ neutraal")
    scheme = root.find(".//a:clrScheme", NS)
    scheme.set("name", "RFZ neutraal")
    for name, rgb in COLOURS.items():
        slot = scheme.find(f"a:{name}", NS)
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, A + "srgbClr", val=rgb)
    fonts = root.find(".//a:fontScheme", NS)
    fonts.set("name", "RFZ neutraal")
    for latin in fonts.iter(A + "latin"):
        latin.set("typeface", FONT)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _text_styles(master) -> None:
    """Title 36 pt dark blue, body 24/20/18 pt black: readable on a projector, no tints."""
    tx_styles = master._element.find("p:txStyles", NS)
    title = tx_styles.find("p:titleStyle/a:lvl1pPr/a:defRPr", NS)
    title.set("sz", "3600")
    title.set("b", "1")
    _solid(title, DARK_BLUE)
    body = tx_styles.find("p:bodyStyle", NS)
    for level, size in enumerate((2400, 2000, 1800, 1800, 1800, 1800, 1800, 1800, 1800), start=1):
        rpr = body.find(f"a:lvl{level}pPr/a:defRPr", NS)
        if rpr is not None:
            rpr.set("sz", str(size))
            _solid(rpr, TEXT)



def _solid(rpr, rgb: str) -> None:
    for fill in rpr.findall("a:solidFill", NS):
        rpr.remove(fill)
    fill = etree.Element(A + "solidFill")
    etree.SubElement(fill, A + "srgbClr", val=rgb)
    rpr.insert(0, fill)


def _top_bar(master) -> None:
    """A thin dark blue bar along the top of every slide (a plain shape on the master, easy to restyle)."""
    tree = master.shapes._spTree
    bar = etree.fromstring(
        f'<p:sp xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}">'
        '<p:nvSpPr><p:cNvPr id="20" name="RFZ balk"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{WIDTH_16_9}" cy="{Emu(Pt(8))}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{DARK_BLUE}"/></a:solidFill>'
        '<a:ln><a:noFill/></a:ln></p:spPr></p:sp>')
    tree.insert(2, bar)  # after nvGrpSpPr and grpSpPr: behind the placeholders


def _content_placeholder(prs, kind: str):
    """A copy of the "Title and Content" body placeholder (idx 1, inherits the master's body position)."""
    source = next(l for l in prs.slide_layouts if l.name == "Title and Content")
    sp = next(s for s in source.placeholders if s.placeholder_format.idx == 1)._element
    element = copy.deepcopy(sp)
    ph = element.find(".//p:ph", NS)
    ph.set("type", kind)
    ph.set("idx", "1")
    name = {"tbl": "Tabel", "chart": "Grafiek"}[kind]
    element.find(".//p:cNvPr", NS).set("name", f"{name} 2")
    return element


def _make_layouts(prs) -> None:
    by_name = {layout.name: layout for layout in prs.slide_layouts}
    table = _content_placeholder(prs, "tbl")
    chart = _content_placeholder(prs, "chart")

    title_only = by_name["Title Only"]
    title_only.shapes._spTree.insert(3, table)  # after the title

    two = by_name["Two Content"]
    tree = two.shapes._spTree
    for placeholder in list(two.placeholders):
        if placeholder.placeholder_format.idx in (1, 2):
            tree.remove(placeholder._element)
    tree.insert(3, chart)
    two._element.set("type", "titleOnly")  # no longer "two objects"

    for layout in list(prs.slide_layouts):
        if layout.name in LAYOUTS:
            layout._element.cSld.set("name", LAYOUTS[layout.name])
        else:
            prs.slide_layouts.remove(layout)


def build() -> bytes:
    prs = Presentation()
    factor = WIDTH_16_9 / WIDTH_4_3
    prs.slide_width, prs.slide_height = Emu(WIDTH_16_9), Emu(HEIGHT)
    master = prs.slide_master
    _make_layouts(prs)
    _widen(master._element, factor)
    for layout in prs.slide_layouts:
        _widen(layout._element, factor)
    _theme(prs)
    _text_styles(master)
    for part in (master, *prs.slide_layouts):  # subtitle, footer, date: full black instead of a grey tint
        for tint in list(part._element.iter(A + "tint")):
            tint.getparent().remove(tint)
    _top_bar(master)

    props = prs.core_properties
    props.title = "RFZ-implementatietool basisdeck"
    props.subject = "Basis voor de presentaties van de routekaart Financiële Zorgen"
    props.author = props.last_modified_by = "RFZ-implementatietool"
    props.keywords = "RFZ titel; RFZ tekst; RFZ tabel; RFZ grafiek"
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1

    out = io.BytesIO()
    prs.save(out)
    return fixed_zip(out.getvalue())


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    output.write_bytes(build())
    print(f"{output} geschreven")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
