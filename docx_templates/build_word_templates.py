"""Recreate the Word templates of the toolkit documents.

    .venv/bin/python docx_templates/build_word_templates.py [output folder]

Writes profiel_projectleider.docx, projectplan.docx, aanpak_planning.docx, uitnodiging_inwoners.docx,
uitnodiging_collegas.docx, implementatieplan.docx and opdrachtomschrijving.docx. The .docx files are the
real templates: a communicatieadviseur may open and restyle them in Word or LibreOffice, and the tool fills
them with rfz_project/documents/word.py. This script only makes their first version reproducible;
running it again overwrites changes made by hand, so keep the two in step (or stop using the script).

House style: A4, one font family from the theme (Arial) for body and headings, black text, dark blue
headings (the colour of the base deck, basis.pptx), two named table styles ("RFZ tabel" with a repeated
header row, "RFZ gegevens" for label and value), a logo placeholder on the cover of every document except
the invitations, a timeline (a Gantt chart as a table, see Sheet.timeline) in the aanpak en planning and the
implementatieplan, Dutch as the proofing language. Nothing empty is printed: a section whose data is empty
is left out with `{%p if %}`; what the reader fills in by hand is a highlighted "[invullen: …]". The output
is byte-for-byte the same on every run (fixed dates in the document properties and in the zip).

Placeholders (`{{ ... }}`, `{%p ... %}` for a whole paragraph, `{%tr ... %}` for a whole table row) are
documented in docx_templates/README.md, section "Word-sjablonen".
"""
from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling module below
from reproducible import FIXED_TIME, fixed_zip  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the app, for the timeline's bar colours
from rfz_project.documents import gantt  # noqa: E402

HERE = Path(__file__).resolve().parent
# The theme's one font family, for body text and headings alike: a house style changes it in one place
# (Word: Ontwerpen > Lettertypen). No style names a font of its own.
THEME_FONT = "Arial"
LIST_TABLE = "RFZ tabel"  # rows of things: a coloured header row that repeats on every page
FACTS_TABLE = "RFZ gegevens"  # label and value: the labels (first column) in bold on a light background
TABLE_TEXT = Pt(10)
DARK_BLUE = RGBColor(0x15, 0x42, 0x73)  # as in basis.pptx; contrast with white about 10:1

JOIN_LABELS = '{{ mijlpalen|map(attribute="label")|join(", ") }}'  # inside an `if mijlpalen`
PLACE_OR_DASH = ('{% if s.is_online %}online{% if s.online_url %}: {{ s.online_url }}{% endif %}'
                 '{% else %}{{ s.location or "—" }}{% endif %}')
PLACE = ('{% if session.is_online %}online{% if session.online_url %}: {{ session.online_url }}{% endif %}'
         '{% else %}{{ session.location }}{% endif %}')
# The place, or when it is not known yet a marked field for the sender (a `_facts` value (text, marked text)).
PLACE_OR_MARK = (PLACE, "{% if not session.is_online and not session.location %}[invullen: plaats]{% endif %}")


class Sheet:
    """A new document in the house style, with small helpers for what the templates need."""

    def __init__(self, title: str, landscape: bool = False) -> None:
        self.doc = Document()
        self._style()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.0))
        props = self.doc.core_properties
        # placeholders: the render fills them, so each document says what it is, for whom, of which project
        props.title = title + " — {{ gemeente }}, {{ project_name }}"
        props.author, props.last_modified_by, props.comments = "Gemeente {{ gemeente }}", "", ""
        props.subject, props.keywords, props.category = "Routekaart Financiële Zorgen", "", ""
        props.created = props.modified = FIXED_TIME
        props.revision = 1
        props.language = "nl-NL"

    def _style(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.size = Pt(11)  # the font itself comes from the theme (_theme_fonts), as do the headings'
        normal.paragraph_format.space_after = Pt(6)
        for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3"):
            styles[name].font.color.rgb = DARK_BLUE
            styles[name].paragraph_format.keep_with_next = True
        _theme_fonts(self.doc, THEME_FONT)
        _table_styles(self.doc)
        rpr = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "nl-NL")

    # -- paragraphs ---------------------------------------------------------------------------------
    def title(self, text: str, subtitle: str = "") -> None:
        self.doc.add_paragraph(text, style="Title")
        if subtitle:
            self.doc.add_paragraph(subtitle, style="Subtitle")

    def h(self, text: str, level: int = 1) -> None:
        self.doc.add_heading(text, level=level)

    def p(self, text: str = "", label: str = "", style: str | None = None) -> None:
        """A paragraph; `label` is printed bold in front of the text."""
        paragraph = self.doc.add_paragraph(style=style)
        if label:
            paragraph.add_run(label + " ").bold = True
        if text:
            paragraph.add_run(text)

    def bullets(self, *items: str) -> None:
        for item in items:
            self.doc.add_paragraph(item, style="List Bullet")

    def tag(self, statement: str) -> None:
        """A Jinja statement that docxtpl replaces, with its whole paragraph: "{%p if x %}"."""
        self.doc.add_paragraph("{%p " + statement + " %}")

    # -- tables -------------------------------------------------------------------------------------
    def table(self, header: list[str], rows: list[list[str | list[str]]], widths: list[float] | None = None,
              keep_together: bool = False):
        """A table in the list style, its header row repeated on every page. A row that is one string is a
        `{%tr %}` row. `keep_together`: a small table that never splits over two pages."""
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = LIST_TABLE
        _look(table, first_row=True)
        for cell, text in zip(table.rows[0].cells, header):
            cell.paragraphs[0].add_run(text)
            cell.paragraphs[0].paragraph_format.keep_with_next = True  # never a header alone at a page end
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
        for row in rows:
            added = table.add_row()
            added._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row stays on one page
            cells = added.cells
            if isinstance(row, str):
                cells[0].paragraphs[0].add_run("{%tr " + row + " %}")
                continue
            for cell, content in zip(cells, row):
                texts = [content] if isinstance(content, str) else content
                cell.paragraphs[0].add_run(texts[0])
                for more in texts[1:]:
                    cell.add_paragraph(more)
        if widths:
            _widths(table, widths)
        if keep_together:
            _keep_together(table)
        _no_space_after(table)
        self.doc.add_paragraph()
        return table

    def fields(self, pairs: list[tuple[str, str] | tuple[str, str, str]],
               widths: tuple[float, float] = (5.0, 12.0), keep_together: bool = True) -> None:
        """A small two-column table of label and value, kept on one page (`keep_together`; else only its rows
        stay whole: LibreOffice chains tables kept together one after another onto pages of their own). A
        pair with a third element, a condition, is a row left out when the condition is false (`{%tr if %}`)."""
        table = self.doc.add_table(rows=0, cols=2)
        table.style = FACTS_TABLE
        _look(table, first_column=True)
        for label, value, *condition in pairs:
            if condition:
                table.add_row().cells[0].paragraphs[0].add_run("{%tr if " + condition[0] + " %}")
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(label)
            cells[1].paragraphs[0].add_run(value)
            if condition:
                table.add_row().cells[0].paragraphs[0].add_run("{%tr endif %}")
        _widths(table, widths)
        if keep_together:
            _keep_together(table)
        else:
            for row in table.rows:
                row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        _no_space_after(table)
        self.doc.add_paragraph()

    # -- the timeline (a Gantt chart) ------------------------------------------------------------------
    def timeline(self, label: str, when: str, widths: tuple[float, float], width: float,
                 legend: list[tuple[str, str]]) -> None:
        """The `tijdlijn` of word.py as a table captioned "Tijdlijn": two header rows (months or years over
        the periods) that repeat on every page, a row per bar with its label and dates, a heading row per
        group (`r.heading`), and cells painted with `{% cellbg %}` over `{% colspan %}` columns. The period
        columns come from `{%tc for %}` loops; word.py gives them equal widths after the render. `width`:
        the table's width in cm; `legend`: (colour, meaning) of each kind of bar."""
        paragraph = self.doc.add_paragraph()  # the legend above the chart: below it, it can end up alone
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run("Legenda: ")
        for colour, meaning in legend:
            square = paragraph.add_run("\u25a0")
            square.font.color.rgb = RGBColor.from_string(colour)
            square.font.size = Pt(14)
            paragraph.add_run("\u00a0" + meaning + "   ")
        table = self.doc.add_table(rows=0, cols=5)
        table.style = LIST_TABLE
        _look(table, first_row=True)
        _caption(table, "Tijdlijn", "Planning in een tabel: elke rij een balk over de kolommen van de periode.")
        _cell_margins(table, 40)
        loop = width - sum(widths)
        cell_widths = [*widths, loop / 3, loop / 3, loop / 3]
        rows = [
            ["", "", "{%tc for g in tijdlijn.groups %}", "{% colspan g.span %}{{ g.label }}", "{%tc endfor %}"],
            [label, when, "{%tc for p in tijdlijn.periods %}", "{{ p }}", "{%tc endfor %}"],
            "for r in tijdlijn.rows", "if r.heading", None, "else",
            ["{{ r.label }}", "{{ r.when }}", "{%tc for b in r.bars %}", "{% colspan b.span %}{% cellbg b.fill %}",
             "{%tc endfor %}"],
            "endif", "endfor",
        ]
        for number, content in enumerate(rows):
            row = table.add_row()
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            cells = row.cells
            if isinstance(content, str):
                cells[0].paragraphs[0].add_run("{%tr " + content + " %}")
            elif content is None:  # a group's heading: one light cell over the whole width
                merged = cells[0].merge(cells[-1])
                merged.paragraphs[0].add_run("{% colspan tijdlijn.columns %}{{ r.label }}").font.size = Pt(9)
                merged.paragraphs[0].paragraph_format.keep_with_next = True  # never a theme alone at a page end
                _shade(merged, "E8EEF5")
            else:
                for cell, text in zip(cells, content):
                    run = cell.paragraphs[0].add_run(text)
                    if number < 2:
                        # Both header rows look alike in Word and LibreOffice, which differ in whether the table
                        # style's first-row look reaches the second: so both are coloured here.
                        _shade(cell, f"{DARK_BLUE}")
                        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                        cell.paragraphs[0].paragraph_format.keep_with_next = True
                    if number < 2 and text.startswith(("{{", "{% colspan")):  # small: the periods are narrow
                        run.font.size = Pt(8)
                    elif number > 2:  # a little smaller than other tables: a chart of 20 rows fits one page
                        run.font.size = Pt(9)
            if number < 2:
                repeat = OxmlElement("w:tblHeader")
                repeat.set(qn("w:val"), "true")
                row._tr.get_or_add_trPr().append(repeat)
        _widths(table, cell_widths)
        _no_space_after(table)
        self.doc.add_paragraph()

    def section(self, landscape: bool) -> None:
        """A new page in a new section, on its side (`landscape`) or upright; headers and footers go on."""
        from docx.enum.section import WD_SECTION

        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        if landscape != (section.orientation == WD_ORIENT.LANDSCAPE):
            section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = section.page_height, section.page_width

    # -- header and footer --------------------------------------------------------------------------
    def header_footer(self, header: str, footer: str) -> None:
        section = self.doc.sections[0]
        section.header.paragraphs[0].text = header
        paragraph = section.footer.paragraphs[0]
        paragraph.text = footer + " · pagina "
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        paragraph._p.append(field)

    # -- for a directie: cover page, versions, approval ------------------------------------------------
    def cover(self, title: str, facts: list[tuple[str, str, str]], blank_lines: int = 5) -> None:
        """The first page: the logo placeholder, the title, project and gemeente, and a few facts
        (label, value, condition: a fact whose condition is false is left out); then a page break.
        `blank_lines` above the title: fewer on a landscape page."""
        self.doc.add_picture(io.BytesIO(_logo_png()), width=Cm(5), height=Cm(2))
        picture = self.doc.inline_shapes[-1]._inline.docPr
        picture.set("name", LOGO_NAME)
        picture.set("descr", "Vervang deze afbeelding door het logo van de gemeente")
        for _ in range(blank_lines):
            self.doc.add_paragraph()
        self.title(title, "{{ project_name }}")
        self.p("Gemeente {{ gemeente }}", style="Subtitle")
        for label, value, condition in facts:
            if condition:
                self.tag("if " + condition)
            self.p(value, label=label + ":")
            if condition:
                self.tag("endif")
        self.doc.add_page_break()

    def versions(self, status: str) -> None:
        """The version table: this version, dated the day the document is made."""
        self.h("Versie", level=2)
        table = self.table(["Versie", "Datum", "Status", "Opgesteld door"],
                           [["1.0", "{{ today|datum }}", status, ""]], [2.2, 4, 5.8, 5], keep_together=True)
        author = table.rows[1].cells[3].paragraphs[0]
        author.add_run("{% if projectleider %}{{ projectleider }}, projectleider{% endif %}")
        _mark_field(author, "{% if not projectleider %}[invullen: naam en functie]{% endif %}")

    def approval(self, intro: str, signers: list[tuple[str, str]], level: int = 1) -> None:
        """The approval block: who signs (name placeholder, function), with date and signature left to be
        filled in by hand, visibly marked. Heading, text and table stay together on one page."""
        self.h("Akkoord", level=level)
        self.p(intro)
        self.doc.paragraphs[-1].paragraph_format.keep_with_next = True
        table = self.table(["Naam", "Functie", "Datum", "Handtekening"], [], [4.5, 4, 3.5, 5], keep_together=True)
        for name, function in signers:
            cells = table.add_row().cells
            paragraph = cells[0].paragraphs[0]
            paragraph.add_run("{% if " + name + " %}{{ " + name + " }}{% endif %}")
            _mark_field(paragraph, "{% if not " + name + " %}[invullen: naam]{% endif %}")
            cells[1].paragraphs[0].add_run(function)
            _mark_field(cells[2].paragraphs[0], "[invullen bij akkoord]")
            _mark_field(cells[3].paragraphs[0], "[handtekening]")
            _shade(cells[2], "FFF8D6")
            _shade(cells[3], "FFF8D6")
            table.rows[-1].height = Cm(1.6)
        _widths(table, [4.5, 4, 3.5, 5])
        _keep_together(table)

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return fixed_zip(out.getvalue())


def _theme_fonts(doc, family: str) -> None:
    """One family for the theme's heading and body fonts; the styles refer to the theme, not to a font."""
    theme = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/theme"))
    xml = theme.blob.decode("utf-8")
    for kind in ("major", "minor"):
        xml = re.sub(rf'(<a:{kind}Font>\s*<a:latin typeface=")[^"]*(")', rf"\g<1>{family}\g<2>", xml)
    theme._blob = xml.encode("utf-8")
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    fonts.set(qn("w:asciiTheme"), "minorHAnsi")
    fonts.set(qn("w:hAnsiTheme"), "minorHAnsi")


def _border_xml(tag: str, color: str) -> str:
    sides = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{color}"/>'
                    for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return f"<w:{tag}>{sides}</w:{tag}>"


def _table_styles(doc) -> None:
    """The two named table styles every table uses; a house style restyles them once (Word: Tabelontwerp)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    blue = f"{DARK_BLUE}"
    looks = {
        LIST_TABLE: (f'<w:tblStylePr w:type="firstRow" {nsdecls("w")}><w:rPr><w:b/><w:color w:val="FFFFFF"/>'
                     f'</w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{blue}"/></w:tcPr>'
                     "</w:tblStylePr>"),
        FACTS_TABLE: (f'<w:tblStylePr w:type="firstCol" {nsdecls("w")}><w:rPr><w:b/></w:rPr><w:tcPr>'
                      '<w:shd w:val="clear" w:color="auto" w:fill="E8EEF5"/></w:tcPr></w:tblStylePr>'),
    }
    for name, conditional in looks.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.TABLE)
        style.base_style = doc.styles["Normal Table"]
        style.font.size = TABLE_TEXT
        style.paragraph_format.space_after = Pt(0)
        element = style.element
        element.append(parse_xml(
            f'<w:tblPr {nsdecls("w")}>{_border_xml("tblBorders", "8C8C8C")}'
            '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
            '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'))
        element.append(parse_xml(conditional))


def _look(table, first_row: bool = False, first_column: bool = False) -> None:
    """Which parts of the table style apply (Word's tblLook): the header row, or the label column."""
    tbl_pr = table._tbl.tblPr
    look = tbl_pr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        tbl_pr.append(look)
    look.set(qn("w:val"), "0020" if first_row else "0080")
    for attribute, on in (("firstRow", first_row), ("firstColumn", first_column), ("lastRow", False),
                          ("lastColumn", False), ("noHBand", True), ("noVBand", True)):
        look.set(qn(f"w:{attribute}"), "1" if on else "0")


def _keep_together(table) -> None:
    """No row split over two pages, and every row kept with the next: the table stays on one page."""
    rows = table.rows
    for index, row in enumerate(rows):
        if row._tr.trPr is None or row._tr.trPr.find(qn("w:cantSplit")) is None:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if index < len(rows) - 1:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def _no_space_after(table) -> None:
    """No space under the paragraphs in the cells, set on each paragraph: LibreOffice does not take it from the
    table style and adds the 6 pt of Normal under every line, which made a chart's rows twice as tall."""
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)


def _caption(table, title: str, description: str) -> None:
    """The table's title and description (Word: Alternatieve tekst), read aloud by screen readers."""
    tbl_pr = table._tbl.tblPr
    for tag, value in (("w:tblCaption", title), ("w:tblDescription", description)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        tbl_pr.append(element)


def _cell_margins(table, twips: int) -> None:
    """Narrow left and right cell margins for this table, so that narrow period columns hold their label."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.find(qn("w:tblLook")).addprevious(margins)  # the schema's order: margins before the look


def _logo_png() -> bytes:
    """A grey placeholder for the gemeente's logo (5 by 2 cm), the same bytes on every run."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (500, 200), "white")
    draw = ImageDraw.Draw(image)
    for offset in range(0, 500, 20):
        draw.line([(offset, 0), (offset + 10, 0)], fill=(120, 120, 120), width=3)
        draw.line([(offset, 199), (offset + 10, 199)], fill=(120, 120, 120), width=3)
    for offset in range(0, 200, 20):
        draw.line([(0, offset), (0, offset + 10)], fill=(120, 120, 120), width=3)
        draw.line([(499, offset), (499, offset + 10)], fill=(120, 120, 120), width=3)
    draw.text((250, 100), "LOGO GEMEENTE", fill=(90, 90, 90), anchor="mm", font_size=36)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


LOGO_NAME = "Logo gemeente"


def _mark_field(paragraph, text: str) -> None:
    """What the reader fills in by hand: bold on a yellow highlight, so it cannot go out unnoticed."""
    from docx.enum.text import WD_COLOR_INDEX

    run = paragraph.add_run(text)
    run.bold = True
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _widths(table, widths) -> None:
    """Column widths in cm: Word reads them from the cells, LibreOffice from the table grid."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)


# --- the documents ---------------------------------------------------------------------------------

def _team_table(sheet: Sheet) -> None:
    """The team as a table; nothing at all while the team is still empty."""
    sheet.tag("if team")
    sheet.h("Projectteam", level=2)
    sheet.table(["Naam", "Rol in het project", "Discipline"],
                ["for m in team", ["{{ m.name }}", "{{ m.role }}", '{{ m.discipline or "—" }}'], "endfor"],
                [6, 5, 6])
    sheet.tag("endif")


def _phase_table(sheet: Sheet) -> None:
    sheet.table(["Fase", "Van", "Tot en met", "Weken", "Stand van zaken"],
                ["for p in phases",
                 ["{{ p.number }}. {{ p.label }}", "{{ p.start|datum }}", "{{ p.last_day|datum }}", "{{ p.weeks }}",
                  "{{ p.status }}"],
                 "endfor"], [4, 3.6, 3.6, 1.8, 4], keep_together=True)


def _decisions_table(sheet: Sheet) -> None:
    """The decisions, each as a row of short facts with its explanation in a row of its own over the full
    width below it: as a sixth column the explanation made every row six to eight lines tall."""
    widths = [4.3, 3.7, 4.7, 2.7, 1.6]  # "30 september 2026" and "€ 112.000,00" on one line, also at 11 pt
    table = sheet.table(["Besluit", "Datum", "Genomen door", "Budget", "Uren"],
                        ["for d in decisions",
                         ["{{ d.title }}", '{% if d.decided_on %}{{ d.decided_on|datum }}{% else %}—{% endif %}',
                          '{{ d.decided_by or "—" }}',
                          '{% if d.budget is not none %}{{ d.budget|euro }}{% else %}—{% endif %}',
                          '{% if d.capacity_hours is not none %}{{ d.capacity_hours|uren }}{% else %}—{% endif %}'],
                         "if d.rationale", ["", "", "", "", ""], "endif",
                         "endfor"], widths)
    facts, explanation = table.rows[2], table.rows[4]
    for cell in facts.cells:  # a decision stays on the page of its explanation
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    merged = explanation.cells[0].merge(explanation.cells[-1])
    for extra in merged.paragraphs[1:]:  # the merged cells' empty paragraphs: blank lines under the text
        extra._p.getparent().remove(extra._p)
    merged.paragraphs[0].add_run("Toelichting: ").italic = True
    merged.paragraphs[0].add_run("{{ d.rationale }}")


def profiel_projectleider() -> Sheet:
    s = Sheet("Profiel projectleider")
    s.header_footer("Gemeente {{ gemeente }}", "Profiel projectleider · {{ project_name }}")
    s.cover("Profiel projectleider", [("Datum", "{{ today|datum }}", ""),
                                      ("Opdrachtgever", "{{ opdrachtgever }}", "opdrachtgever")])

    s.h("Waarom een projectleider")
    s.p("De gemeente {{ gemeente }} werkt met de routekaart Financiële Zorgen van de VNG. Met dit project "
        "willen we inwoners met geldzorgen eerder en beter helpen. De projectleider houdt het overzicht, brengt "
        "de juiste mensen bij elkaar en zorgt dat afspraken worden nagekomen. Het gaat om een tijdelijke rol, "
        "voor de duur van het project.")
    s.tag("if central_question")
    s.p("{{ central_question }}", label="Centrale vraag van het project:")
    s.tag("endif")

    s.h("Het project in het kort")
    s.fields([("Reikwijdte", "{{ scope_label }}: {{ scope_description }}"),
              ("Mijlpalen", JOIN_LABELS, "mijlpalen"),
              ("Rol", '{{ rol or "alle rollen" }}'),
              ("Spoor", '{{ spoor or "alle sporen" }}'),
              ("Looptijd", "{{ start_date|datum }} tot en met {{ end_date|datum }} ({{ total_weeks }} weken)",
               "end_date"),
              ("Opdrachtgever", "{{ opdrachtgever }}", "opdrachtgever"),
              ("Opdrachtnemer", "{{ opdrachtnemer }}", "opdrachtnemer"),
              ("Projectleider", "{{ projectleider }}", "projectleider")])

    s.h("Fasen en tijd")
    s.p("Het project verloopt in fasen. De projectleider is in alle fasen aan zet.")
    s.doc.paragraphs[-1].paragraph_format.keep_with_next = True  # with the table that follows, kept together
    s.table(["Fase", "Periode", "Weken", "Wat er gebeurt"],
            ["for p in phases",
             ["{{ p.number }}. {{ p.label }}", "{{ p.start|datum }} tot en met {{ p.last_day|datum }}",
              "{{ p.weeks }} (meestal {{ p.weeks_min }} tot {{ p.weeks_max }})", "{{ p.description }}"],
             "endfor"], [3.3, 4.4, 3, 6.3], keep_together=True)

    s.h("Taken")
    s.bullets(
        "Het projectplan schrijven en bijhouden, samen met het projectteam.",
        "Zorgen voor de besluiten die nodig zijn: geld, tijd van medewerkers en steun van de directie.",
        "Het projectteam samenstellen en leiden, met mensen uit beleid, juridische zaken, uitvoering en kwaliteit.",
        "De sessies plannen met een procesbegeleider en een administrator, en de deelnemers uitnodigen: "
        "inwoners, professionals en ketenpartners.",
        "De uitkomsten van de sessies bundelen in thema's en daarmee een implementatieplan maken.",
        "Zorgen dat blijvende taken na het project een vaste plek krijgen, en dat keuzes en besluiten terug "
        "te vinden zijn.",
        "De opdrachtgever op de hoogte houden van de voortgang, de risico's en het geld.")
    s.tag("if mijlpalen")
    s.p("Het project gaat over deze mijlpalen van de routekaart:")
    s.tag("for m in mijlpalen")
    s.p("{{ m.label }}: {{ m.description }}", style="List Bullet")
    s.tag("endfor")
    s.tag("endif")

    s.h("Competenties")
    s.bullets(
        "Verbindend: brengt beleid, uitvoering, ketenpartners en inwoners met elkaar aan tafel.",
        "Resultaatgericht: maakt afspraken concreet en volgt ze op.",
        "Omgevingsbewust: kent de weg in de organisatie en weet wie waarover beslist.",
        "Communicatief: schrijft en spreekt helder, ook in eenvoudige taal voor inwoners.",
        "Inlevend: begrijpt wat geldzorgen met mensen doen en neemt de inwoner als uitgangspunt.",
        "Organisatorisch sterk: plant, bewaakt tijd en geld en houdt het overzicht.")
    s.p("Ervaring met projectmatig werken is nodig. Kennis van schuldhulpverlening en het sociaal domein is "
        "een pré.")

    s.tag("if decided_hours is not none or decided_budget is not none")
    s.h("Uren en budget")
    s.p("De besloten capaciteit is voor het hele project: de projectleider, het projectteam en de deelnemers "
        "aan de sessies. De opdrachtgever en de projectleider spreken af hoeveel uur per week de projectleider "
        "zelf krijgt. De meeste tijd gaat zitten in de Voorbereiding en de Uitvoering, als de sessies worden "
        "gepland en gehouden.")
    s.doc.paragraphs[-1].paragraph_format.keep_with_next = True  # the text above its table, kept together
    s.fields([("Besloten capaciteit", "{{ decided_hours|uren }} uur voor het hele project",
               "decided_hours is not none"),
              ("Gemiddeld per week", "{{ hours_per_week|uren }} uur, over {{ total_weeks }} weken",
               "hours_per_week is not none"),
              ("Besloten budget", "{{ decided_budget|euro }}", "decided_budget is not none")])
    s.tag("endif")

    _team_table(s)
    return s


def projectplan() -> Sheet:
    s = Sheet("Projectplan")
    s.header_footer("Gemeente {{ gemeente }}", "Projectplan · {{ project_name }}")
    s.cover("Projectplan", [("Datum", "{{ today|datum }}", ""),
                            ("Opdrachtgever", "{{ opdrachtgever }}", "opdrachtgever"),
                            ("Projectleider", "{{ projectleider }}", "projectleider")])
    s.versions("{{ version_status }}")

    s.h("Aanleiding")
    s.p("De gemeente {{ gemeente }} gaat aan de slag met de routekaart Financiële Zorgen van de VNG. De routekaart "
        "beschrijft in mijlpalen wat een inwoner met geldzorgen nodig heeft: van het moment dat hij hulp zoekt "
        "tot hij weer financieel fit is. Met dit project maken we die route in onze eigen organisatie waar.")
    s.tag("if reasons")
    s.p("Waarom we dit project nu doen:")
    s.tag("for r in reasons")
    s.p("{{ r }}", style="List Bullet")
    s.tag("endfor")
    s.tag("endif")
    s.tag("if reason_note")
    s.p("{{ reason_note }}")
    s.tag("endif")

    s.h("Vraag en afbakening")
    s.tag("if central_question")
    s.p("{{ central_question }}", label="Centrale vraag:")
    s.tag("endif")
    s.fields([("Reikwijdte", "{{ scope_label }}: {{ scope_description }}"),
              ("Mijlpalen", JOIN_LABELS, "mijlpalen"),
              ("Rol", '{{ rol or "alle rollen" }}'), ("Spoor", '{{ spoor or "alle sporen" }}')])
    s.tag("if plan.scope")
    s.p("{{ plan.scope }}", label="Wat wel en niet bij het project hoort:")
    s.tag("endif")

    s.tag("if plan.aim or plan.result")
    s.h("Doel en resultaat")
    s.tag("if plan.aim")
    s.p("{{ plan.aim }}", label="Doel:")
    s.tag("endif")
    s.tag("if plan.result")
    s.p("{{ plan.result }}", label="Resultaat:")
    s.tag("endif")
    s.tag("endif")

    s.h("Aanpak")
    s.tag("if plan.approach")
    s.p("{{ plan.approach }}")
    s.tag("endif")
    s.p("Het project verloopt in deze fasen:")
    s.tag("for p in phases")
    s.p("{{ p.description }} ({{ p.start|datum }} tot en met {{ p.last_day|datum }})",
        label="{{ p.number }}. {{ p.label }}:", style="List Bullet")
    s.tag("endfor")
    s.tag("if sessions")
    s.p("In de Uitvoering houden we {{ sessions|length }} {% if sessions|length == 1 %}sessie{% else %}sessies"
        "{% endif %}. Het document Aanpak en planning beschrijft ze.")
    s.tag("endif")

    s.tag("if plan.organisation or team")
    s.h("Organisatie")
    s.tag("if plan.organisation")
    s.p("{{ plan.organisation }}")
    s.tag("endif")
    _team_table(s)
    s.tag("endif")

    s.h("Planning")
    s.tag("if plan.planning")
    s.p("{{ plan.planning }}")
    s.doc.paragraphs[-1].paragraph_format.keep_with_next = True  # heading, text and table on one page
    s.tag("endif")
    _phase_table(s)

    s.tag("if decided_budget is not none or decided_hours is not none or decisions")
    s.h("Geld en capaciteit")
    s.tag("if decided_budget is not none or decided_hours is not none")
    s.fields([("Besloten budget", "{{ decided_budget|euro }}", "decided_budget is not none"),
              ("Besloten capaciteit", "{{ decided_hours|uren }} uur", "decided_hours is not none")])
    s.tag("endif")
    s.tag("if decisions")
    s.h("Besluiten", level=2)
    _decisions_table(s)
    s.tag("endif")
    s.tag("endif")

    s.tag("if risks or plan.risks")
    s.h("Risico's")
    s.tag("if risks")
    s.table(["Risico", "Kans", "Impact", "Maatregel"],
            ["for r in risks", ["{{ r.title }}", "{{ r.likelihood }}", "{{ r.impact }}", '{{ r.measure or "—" }}'],
             "endfor"], [5.6, 1.8, 1.8, 7.8])
    s.tag("endif")
    s.tag("if plan.risks")
    s.p("{{ plan.risks }}")
    s.tag("endif")
    s.tag("endif")

    s.approval("Met hun handtekening stemmen de opdrachtgever en de opdrachtnemer in met dit projectplan.",
               [("opdrachtgever", "Opdrachtgever"), ("opdrachtnemer", "Opdrachtnemer")])
    return s


def aanpak_planning() -> Sheet:
    s = Sheet("Aanpak en planning", landscape=True)
    s.header_footer("Gemeente {{ gemeente }}", "Aanpak en planning · {{ project_name }}")
    s.cover("Aanpak en planning", [("Datum", "{{ today|datum }}", ""),
                                   ("Projectleider", "{{ projectleider }}", "projectleider")], blank_lines=2)

    s.h("Aanpak")
    s.tag("if central_question")
    s.p("{{ central_question }}", label="Centrale vraag:")
    s.tag("endif")
    s.tag("if mijlpalen")
    s.p(JOIN_LABELS, label="Mijlpalen:")
    s.tag("endif")
    s.tag("if uitvoering")
    s.p("De fase Uitvoering loopt van {{ uitvoering.start|datum }} tot en met {{ uitvoering.last_day|datum }} "
        "({{ uitvoering.weeks }} weken).")
    s.tag("endif")
    s.p("We beginnen met een kick-off. Daarna volgen sessies met inwoners en met professionals over de "
        "mijlpalen van het project, een sessie over de bedrijfsvoering en tot slot een resultatensessie. We praten "
        "het liefst met inwoners zelf; lukt dat niet, dan met professionals die veel contact met inwoners hebben.")
    s.bullets(
        "Een sessie duurt hoogstens tweeënhalf uur.",
        "Tussen twee sessies zit één tot twee weken, zodat de uitkomsten kunnen worden uitgewerkt.",
        "Elke sessie heeft twee begeleiders: een procesbegeleider die het gesprek leidt en een administrator die "
        "de uitkomsten opschrijft.",
        "Optie A: we bespreken de samenvatting van een mijlpaal en noteren wat de gemeente nodig heeft om hem te "
        "halen.",
        "Optie B: we maken samen een nieuwe inwonersreis en een Service Blueprint voor onze eigen organisatie.",
        "Aan het eind van elke sessie spreken we af wie de uitkomsten uitwerkt en wie ze controleert.")

    s.tag("if sessions")
    s.h("Per sessie")
    s.tag("for s in sessions")
    s.h("{{ s.title }}", level=2)
    # Few rows, each table kept on one page: place with the time and both begeleiders in one row, so that two
    # sessies fit a page (with a row for each fact, each table took more than half a page and a page of its own).
    s.fields([("Wanneer en waar", "{{ s.on_date|weekdag }} {{ s.on_date|datum }}, {{ s.start_time|tijd }}–"
                                  "{{ s.end_time|tijd }} uur ({{ s.duration_minutes|duur }})"
                                  "{% if s.is_online or s.location %} · " + PLACE_OR_DASH + "{% endif %}"),
              ("Werkvorm", "{{ s.option_label }}", "s.option_label"),
              ("Begeleiding", "{% if s.procesbegeleider %}{{ s.procesbegeleider }} (procesbegeleider){% endif %}"
                              "{% if s.procesbegeleider and s.administrator %}, {% endif %}"
                              "{% if s.administrator %}{{ s.administrator }} (administrator){% endif %}",
               "s.procesbegeleider or s.administrator"),
              # the count only when someone is registered: "0 deelnemers" would read as a sessie nobody came to
              ("Stand van zaken", "{{ s.status }}{% if s.participants_total %}, {{ s.participants_total }} "
                                  "{% if s.participants_total == 1 %}deelnemer{% else %}deelnemers{% endif %}"
                                  "{% for label, count in s.participant_groups %}{% if loop.first %} ({% endif %}"
                                  "{{ label|lower }}: {{ count }}{% if loop.last %}){% else %}, {% endif %}"
                                  "{% endfor %}{% endif %}"),
              ("Agenda", "{{ s.agenda }}", "s.agenda")], widths=(4.5, 16.0), keep_together=True)
    s.tag("endfor")
    s.tag("endif")

    # The chart last, on a page of its own: the text and the sessies flow on from the cover, where a forced
    # page break for the chart after the text left half a page empty.
    s.tag("if tijdlijn")
    s.h("Tijdlijn")
    s.doc.paragraphs[-1].paragraph_format.page_break_before = True  # the chart on a page of its own
    s.p("Elke kolom is een {{ tijdlijn.unit }}{% if tijdlijn.unit == 'week' %}, met het weeknummer{% endif %}. "
        "De balken laten zien wanneer elke fase loopt{% if sessions %} en in welke week elke sessie is{% endif %}.")
    s.timeline("Fase of sessie", "Wanneer", (7.5, 3.0), 25.7, [(gantt.PHASE, "fase"), (gantt.SESSIE, "sessie")])
    s.tag("endif")
    return s


# --- the invitations: one page each, the facts a participant needs, nothing printed twice -----------------

# A part the sender still has to fill in: highlighted and in brackets, so it cannot go out unnoticed.
FILL_IN = "[invullen: {}]"


def _marked(paragraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.bold = True
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _value_or_mark(paragraph, value: str, what: str) -> None:
    """`{{ value }}` when it is filled in, else a highlighted "[invullen: what]"."""
    paragraph.add_run("{% if " + value + " %}{{ " + value + " }}{% endif %}")
    _marked(paragraph, "{% if not " + value + " %}" + FILL_IN.format(what) + "{% endif %}")


def _facts(sheet: Sheet, rows: list[tuple[str, str, str | tuple[str, str]]], widths: tuple[float, float] = (4.2, 12.8)) -> None:
    """A two-column table of label and value; a row with a condition is left out when it is false."""
    table = sheet.doc.add_table(rows=0, cols=2)
    table.style = FACTS_TABLE  # the labels bold on a light background through the style, not by hand
    _look(table, first_column=True)
    for condition, label, value in rows:
        if condition:
            table.add_row().cells[0].paragraphs[0].add_run("{%tr if " + condition + " %}")
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label)
        plain, marked = value if isinstance(value, tuple) else (value, "")
        cells[1].paragraphs[0].add_run(plain)
        if marked:
            _marked(cells[1].paragraphs[0], marked)
        if condition:
            table.add_row().cells[0].paragraphs[0].add_run("{%tr endif %}")
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    _widths(table, widths)
    _no_space_after(table)
    sheet.doc.add_paragraph()


def _contact_lines(sheet: Sheet) -> None:
    """The contact's phone and e-mail, each one marked to fill in when the account does not give it."""
    paragraph = sheet.doc.add_paragraph()
    paragraph.add_run("Telefoon: ").bold = True
    _value_or_mark(paragraph, "contact.phone", "telefoonnummer")
    paragraph.add_run("    ")
    paragraph.add_run("E-mail: ").bold = True
    _value_or_mark(paragraph, "contact.email", "e-mailadres")


def _signature(sheet: Sheet) -> None:
    """Greeting, name and function: kept together, never a signature alone at the top of a page."""
    sheet.p("Met vriendelijke groet,")
    sheet.doc.paragraphs[-1].paragraph_format.keep_with_next = True
    paragraph = sheet.doc.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    _value_or_mark(paragraph, "contact.name", "naam van de projectleider")
    # function and gemeente on one line: a line less keeps a full invitation on its one page
    sheet.p("{% if contact.job_title %}{{ contact.job_title }}, gemeente{% else %}Gemeente{% endif %} {{ gemeente }}")


def _compact(sheet: Sheet) -> None:
    """Less space around headings and paragraphs and narrower top and bottom margins, so an invitation
    with route, accessibility, travel costs and a long agenda stays on one page."""
    section = sheet.doc.sections[0]
    section.top_margin = section.bottom_margin = Cm(1.5)
    for paragraph in sheet.doc.paragraphs:
        fmt = paragraph.paragraph_format
        if paragraph.style.name.startswith("Heading"):
            fmt.space_before, fmt.space_after = Pt(8), Pt(2)
            fmt.keep_with_next = True
        else:
            fmt.space_after = Pt(4)


WHEN = "{{ session.on_date|weekdag }} {{ session.on_date|datum }}"
# The heading of the invitation to colleagues: a sessie named by its type and mijlpalen reads as a sentence
# ("Uitnodiging voor de sessie met inwoners over Op zoek en In beeld"), a title of its own follows a colon.
INVITATION_TITLE = (
    "{% if not session %}Uitnodiging voor een sessie over de routekaart Financiële Zorgen"
    "{% elif session.has_own_title %}Uitnodiging: {{ session.title }}"
    "{% else %}Uitnodiging voor de {{ session.type_label|lower }}{% for m in session.mijlpalen %}"
    "{% if loop.first %} over {% elif loop.last %} en {% else %}, {% endif %}{{ m }}{% endfor %}{% endif %}"
)


def _letter_date(sheet: Sheet) -> None:
    """The date of the letter: `letter_date` is today for a sessie still to come and empty for one already
    held (an invitation sent before it cannot carry today's date), and then the line is left out."""
    sheet.tag("if letter_date")
    sheet.p("{{ letter_date|datum }}")
    sheet.tag("endif")
REPLY_BY = "{{ session.reply_by|weekdag }} {{ session.reply_by|datum }}"


def uitnodiging_inwoners() -> Sheet:
    s = Sheet("Uitnodiging voor inwoners")
    s.header_footer("Gemeente {{ gemeente }}", "Gemeente {{ gemeente }}")
    _letter_date(s)
    s.h("Praat mee over hulp bij geldzorgen")
    s.p("Beste inwoner,")
    s.p("Heeft u zorgen over geld gehad? Of heeft u die nu? Dan weet u als geen ander wat helpt en wat niet. "
        "De gemeente {{ gemeente }} wil de hulp bij geldzorgen beter maken. Daarom willen we graag met u praten.")

    s.tag("if session")
    s.tag("if session.topics_for_inwoners")
    s.p(label="Waar praten we over?")
    s.tag("for topic in session.topics_for_inwoners")
    s.p("{{ topic|capitalize }}", style="List Bullet")
    s.tag("endfor")
    s.tag("endif")
    _facts(s, [
        ("", "Wanneer", WHEN),
        ("", "Hoe laat", "van {{ session.start_time|tijd }} tot {{ session.end_time|tijd }} uur "
                         "({{ session.duration_minutes|duur }})"),
        ("", "Waar", PLACE_OR_MARK),
        ("session.route", "Zo komt u er", "{{ session.route }}"),
        ("session.accessibility", "Toegankelijk", "{{ session.accessibility }}"),
        ("session.travel_costs", "Reiskosten", "{{ session.travel_costs }}"),
    ])
    s.tag("if session.agenda")
    s.h("Het programma", level=2)
    s.p("{{ session.agenda }}")
    s.tag("endif")
    s.tag("else")
    paragraph = s.doc.add_paragraph()
    _marked(paragraph, FILL_IN.format("dag, tijd en plaats van de bijeenkomst"))
    s.tag("endif")

    s.h("Hoe gaat het?", level=2)
    s.p("We praten in een kleine groep. Iemand van de gemeente leidt het gesprek. Een ander schrijft op wat er "
        "gezegd wordt. U vertelt alleen wat u zelf wilt. Er zijn geen foute antwoorden. Uw naam schrijven we "
        "er niet bij.")
    s.p("Heeft u een begeleider? Bijvoorbeeld een maatje, een vrijwilliger of iemand van de schuldhulp? Neem "
        "die gerust mee. Er is koffie en thee. Meedoen kost u niets.")

    s.h("Komt u?", level=2)
    s.p("Laat het ons weten{% if session and session.reply_by %} vóór " + REPLY_BY + "{% endif %}. Ook als u "
        "niet kunt komen. "
        "Bel of mail dan met {% if contact.name %}{{ contact.name }}{% else %}de projectleider{% endif %}.")
    _contact_lines(s)
    s.p("We hopen u te zien!")
    _signature(s)
    _compact(s)
    return s


def uitnodiging_collegas() -> Sheet:
    s = Sheet("Uitnodiging voor collega's en ketenpartners")
    s.header_footer("Gemeente {{ gemeente }}", "Uitnodiging · {{ project_name }}")
    _letter_date(s)
    s.h(INVITATION_TITLE)
    s.p("Beste collega, beste ketenpartner,")
    s.p("De gemeente {{ gemeente }} werkt aan het project {{ project_name }}, met de routekaart Financiële Zorgen "
        "van de VNG: wat heeft een inwoner met geldzorgen nodig, en hoe zorgen we samen dat hij dat krijgt? Uw "
        "kennis uit de praktijk is daarbij onmisbaar. Daarom nodigen we u uit.")
    s.tag("if central_question")
    s.p("{{ central_question }}", label="Centrale vraag:")
    s.tag("endif")

    s.tag("if session")
    _facts(s, [
        ("session.has_own_title", "Soort sessie", "{{ session.type_label }}"),
        ("session.has_own_title and session.mijlpalen", "Mijlpalen", '{{ session.mijlpalen|join(", ") }}'),
        # the way of working said once, in words: "Optie A" alone means nothing to a ketenpartner
        ("session.option_key", "Werkvorm", "{% if session.option_key == 'a' %}We bespreken de samenvatting van elke "
         "mijlpaal en noteren wat de gemeente nodig heeft om hem te halen.{% else %}We maken samen een nieuwe "
         "inwonersreis en een Service Blueprint voor onze eigen organisatie.{% endif %}"),
        ("", "Datum", WHEN),
        ("", "Tijd", "{{ session.start_time|tijd }}–{{ session.end_time|tijd }} uur "
                     "({{ session.duration_minutes|duur }})"),
        ("", "Plaats", PLACE_OR_MARK),
        ("session.route", "Route", "{{ session.route }}"),
        ("session.accessibility", "Toegankelijkheid", "{{ session.accessibility }}"),
        ("session.travel_costs", "Reiskosten", "{{ session.travel_costs }}"),
        ("session.procesbegeleider", "Gespreksleider", "{{ session.procesbegeleider }}"),
        ("session.administrator", "Verslag", "{{ session.administrator }}"),
    ])
    s.tag("if session.agenda")
    s.h("Agenda", level=2)
    s.p("{{ session.agenda }}")
    s.tag("endif")
    s.tag("else")
    paragraph = s.doc.add_paragraph()
    _marked(paragraph, FILL_IN.format("soort sessie, datum, tijd, plaats en agenda"))
    s.tag("endif")

    s.h("Wat vragen we van u?", level=2)
    s.p("Neem uw ervaring uit de praktijk mee: wat gaat goed voor inwoners met geldzorgen, en waar loopt het "
        "vast? Denk mee over wat de gemeente en haar partners nodig hebben. Aan het eind spreken we af wie de "
        "uitkomsten uitwerkt en wie ze controleert.")

    s.h("Aanmelden of afmelden", level=2)
    s.p("Laat{% if session and session.reply_by %} vóór " + REPLY_BY + "{% endif %} weten of u komt. Kunt u niet? Een collega in uw "
        "plaats is ook welkom. Neem contact op met {% if contact.name %}{{ contact.name }}{% else %}de "
        "projectleider{% endif %}.")
    _contact_lines(s)
    _signature(s)
    _compact(s)
    return s


def implementatieplan() -> Sheet:
    s = Sheet("Implementatieplan")
    s.header_footer("Gemeente {{ gemeente }}", "Implementatieplan · {{ project_name }}")
    s.cover("Implementatieplan", [("Datum", "{{ today|datum }}", ""),
                                  ("Opdrachtgever", "{{ opdrachtgever }}", "opdrachtgever"),
                                  ("Projectleider", "{{ projectleider }}", "projectleider")])
    s.versions("{{ version_status }}")

    s.h("Inleiding")
    s.p("Dit plan beschrijft wat we doen met de uitkomsten van de sessies van het project. Per thema staat wat "
        "we gaan doen, wie dat doet, wanneer het klaar is en wat het kost. Wat meteen kan, zijn quick wins; de "
        "rest volgt later. Voor acties die geld kosten, is een besluit nodig.")
    s.tag("if central_question")
    s.p("{{ central_question }}", label="Centrale vraag:")
    s.tag("endif")
    s.tag("if mijlpalen")
    s.p(JOIN_LABELS, label="Mijlpalen:")
    s.tag("endif")

    s.tag("if actions")
    s.h("Samenvatting")
    s.fields([("Acties", "{{ actions|length }}"),
              ("Quick wins (nu)", "{{ quick_wins|length }}", "quick_wins"),
              ("Later", "{{ later|length }}", "later"),
              ("Kosten van de acties", "{{ actions_budget|euro }}"),
              ("Besloten budget", "{{ decided_budget|euro }}", "decided_budget is not none"),
              ("Tekort of overschot", "{{ budget_difference|saldo }}", "budget_difference is not none")])

    s.h("Acties per thema")
    s.tag("for theme in themes if theme.actions")
    s.h("{{ theme.name }}", level=2)
    s.tag("if theme.description")
    s.p("{{ theme.description }}")
    s.doc.paragraphs[-1].paragraph_format.keep_with_next = True  # heading and intro stay with their table
    s.tag("endif")
    s.p("{{ theme.actions|length }} {% if theme.actions|length == 1 %}actie{% else %}acties{% endif %}, samen "
        "{{ theme.budget|euro }}{% if theme.quick_wins %} · quick wins: {{ theme.quick_wins }}{% endif %}"
        "{% if theme.later %} · later: {{ theme.later }}{% endif %}")
    s.doc.paragraphs[-1].paragraph_format.keep_with_next = True
    # Five columns, the decision a line in the action's cell only where one is needed: with a sixth column the
    # action's text had 5 cm and a page held three rows. Deadline and budget fit "30 september 2026" and
    # "€ 12.000,00" also at 11 pt, the size LibreOffice gives table text (it does not apply the table style's 10 pt).
    actions = s.table(["Actie", "Eigenaar", "Deadline", "Budget", "Wanneer"],
            ["for a in theme.actions",
             # no empty paragraphs: a row only as tall as its text, so fewer rows move to the next page
             [["{{ a.title }}", "{%p if a.description %}", "{{ a.description }}", "{%p endif %}",
               "{%p if a.needs_decision %}",
               "Besluit: {% if a.decision != 'Nog te nemen' %}{{ a.decision }}{% else %}nog te nemen{% endif %}",
               "{%p endif %}"],
              '{{ a.owner or "—" }}', "{% if a.deadline %}{{ a.deadline|datum }}{% else %}—{% endif %}",
              "{% if a.budget is not none %}{{ a.budget|euro }}{% else %}—{% endif %}", "{{ a.timing }}"],
             "endfor"], [5.7, 3.0, 3.7, 2.6, 2.0])
    actions.rows[2].cells[0].paragraphs[0].paragraph_format.space_after = Pt(3)  # the title apart from the text
    s.tag("endfor")

    s.tag("if decisions_needed")
    s.h("Besluiten die nodig zijn")
    s.p("Voor deze acties vragen we een besluit:")
    s.tag("for a in decisions_needed")
    s.p("{{ a.title }}{% if a.budget is not none %}: {{ a.budget|euro }}{% endif %}", style="List Bullet")
    s.tag("endfor")
    s.tag("endif")

    s.h("Begroting")
    s.table(["Thema", "Quick wins", "Later", "Kosten"],
            ["for theme in themes if theme.actions",
             ["{{ theme.name }}", "{{ theme.quick_wins }}", "{{ theme.later }}", "{{ theme.budget|euro }}"],
             "endfor",
             ["Totaal", "{{ quick_wins|length }}", "{{ later|length }}", "{{ actions_budget|euro }}"]],
            [8, 2.6, 2.4, 4], keep_together=True)
    s.tag("if decided_budget is not none")
    s.p("Het besloten budget is {{ decided_budget|euro }}; de acties kosten {{ actions_budget|euro }}. "
        "Uitkomst: {{ budget_difference|saldo }}.")
    s.tag("endif")

    s.tag("else")
    s.p("De acties worden na de sessies per thema vastgelegd. Dit plan beschrijft ze dan, met wie ze uitvoert, "
        "wanneer ze klaar zijn en wat ze kosten.")
    s.tag("endif")

    s.h("Na het project")
    s.p("Wat blijvend aandacht nodig heeft, krijgt een vaste plek in de organisatie. Dat staat in de "
        "opdrachtomschrijvingen van de fase Borging.")
    s.approval("Met hun handtekening stemmen de opdrachtgever en de projectleider in met dit implementatieplan.",
               [("opdrachtgever", "Opdrachtgever"), ("projectleider", "Projectleider")])
    # The chart is a landscape page of its own: as an appendix after the approval, the plan's portrait pages run
    # on without a half-empty page before the chart and a last page holding only the signatures.
    # The section break comes before the condition: without a chart the landscape section is left empty, and
    # the render (documents/word.py) drops an empty last section, so the plan then ends upright after the approval.
    s.section(landscape=True)
    s.tag("if actions and tijdlijn")
    s.h("Bijlage: tijdpad")
    s.p("Per thema loopt een balk van vandaag tot de deadline van de actie; de quick wins staan bovenaan. Elke "
        "kolom is een {{ tijdlijn.unit }}. Acties die al zijn afgerond of geschrapt, staan er niet in.")
    # a wide label column: an action's title on one line, so that the chart of a plan like Venlo's fits one page
    s.timeline("Actie", "Deadline", (10.5, 2.2), 25.7, [(gantt.QUICK_WIN, "quick win"), (gantt.LATER, "later"),
                                                      (gantt.UNDECIDED, "nog niet bepaald"),
                                                      (gantt.LATE, "deadline voorbij")])
    s.tag("if tijdlijn.undated")
    s.p("Voor deze acties staat de deadline nog open:")
    s.tag("for a in tijdlijn.undated")
    s.p('{{ a.title }}{% if a.owner %} ({{ a.owner }}){% endif %}', style="List Bullet")
    s.tag("endfor")
    s.tag("endif")
    s.tag("endif")
    return s


# A task's hours said once: "2 uur per maand, 24 uur per jaar", "24 uur per jaar", "8 uur, eenmalig".
TASK_HOURS = (
    "{{ t.hours|uren }} uur{% if t.frequency|lower == 'eenmalig' %}, eenmalig{% else %} {{ t.frequency|lower }}"
    "{% if t.frequency|lower != 'per jaar' and t.hours_per_year %}, {{ t.hours_per_year|uren }} uur per jaar"
    "{% endif %}{% endif %}"
)


def opdrachtomschrijving() -> Sheet:
    s = Sheet("Opdrachtomschrijving")
    s.header_footer("Gemeente {{ gemeente }}", "Opdrachtomschrijving · {{ project_name }}")
    s.cover("Opdrachtomschrijving", [("Datum", "{{ today|datum }}", ""),
                                     ("Opdrachtgever", "{{ opdrachtgever }}", "opdrachtgever")])

    s.h("Achtergrond")
    s.p("Met het project {{ project_name }} verbetert de gemeente {{ gemeente }} de hulp aan inwoners met "
        "geldzorgen, volgens de routekaart Financiële Zorgen van de VNG. Om de verbeteringen te laten blijven "
        "werken, {% if tasks|length == 1 %}krijgt de taak hieronder{% elif tasks %}krijgen de taken hieronder"
        "{% else %}krijgen de taken die blijven{% endif %} een vaste plek in de organisatie.")
    s.tag("if central_question")
    s.p("{{ central_question }}", label="Centrale vraag:")
    s.tag("endif")
    s.tag("if tasks|length > 1")  # one task: its own hours below say it all
    s.p("{{ tasks|length }} {% if tasks|length == 1 %}taak{% else %}taken{% endif %}"
        "{% if hours_per_year %}, samen {{ hours_per_year|uren }} uur per jaar{% endif %}", label="Totaal:")
    s.tag("elif not tasks")
    s.p("De taken die na het project blijven, worden in de fase Borging benoemd. Per taak komt hier dan wat er "
        "moet gebeuren, door wie en hoeveel tijd het kost.")
    s.tag("endif")

    s.tag("for t in tasks")
    s.h("Opdracht: {{ t.title }}")
    s.fields([("Soort", "{{ t.kind }}", "t.kind"),
              ("Omschrijving", "{{ t.description }}", "t.description"),
              ("Eigenaar", "{{ t.owner }}", "t.owner"),
              ("Afdeling", "{{ t.department }}", "t.department"),
              ("Uren", TASK_HOURS, "t.hours is not none"),
              ("Uren per jaar", "{{ t.hours_per_year|uren }}", "t.hours is none and t.hours_per_year"),
              ("Rust op het besluit", "{{ t.decision }}", "t.decision"),
              ("Directiebesluit nodig", "{{ t.needs_directiebesluit|ja_nee }}"),
              ("Start", "{{ t.starts_on|datum }}", "t.starts_on")])
    s.h("Wat we vragen", level=2)
    s.p("De eigenaar voert deze taak uit{% if t.starts_on %} vanaf de startdatum{% endif %}"
        "{% if t.hours is not none %}, binnen de uren hierboven{% endif %}. Lukt dat niet, of verandert er iets "
        "waardoor de taak anders moet, dan meldt de eigenaar dat op tijd aan "
        "{% if opdrachtgever %}{{ opdrachtgever }}{% else %}de opdrachtgever{% endif %}.")
    s.approval("Met hun handtekening spreken de opdrachtgever en de eigenaar deze opdracht af.",
               [("opdrachtgever", "Opdrachtgever"), ("t.owner", "Eigenaar van de taak")], level=2)
    s.tag("endfor")
    return s


TEMPLATES = {
    "profiel_projectleider": profiel_projectleider,
    "projectplan": projectplan,
    "aanpak_planning": aanpak_planning,
    "uitnodiging_inwoners": uitnodiging_inwoners,
    "uitnodiging_collegas": uitnodiging_collegas,
    "implementatieplan": implementatieplan,
    "opdrachtomschrijving": opdrachtomschrijving,
}


def build(key: str) -> bytes:
    return TEMPLATES[key]().bytes()


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else HERE
    for key in TEMPLATES:
        path = folder / f"{key}.docx"
        path.write_bytes(build(key))
        print(f"{path} geschreven")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
