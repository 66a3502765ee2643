"""The documents a directie reads (projectplan, implementatieplan) and their siblings (opdrachtomschrijving,
profiel projectleider, aanpak en planning), reopened with python-docx for an empty project, a rich (hostile)
one and the Venlo demo: no app help text, nothing empty printed, risks as a table, € kept with its amount,
document properties, a cover with a logo placeholder, an approval block that stays on one page, and a
house style of named table styles and theme fonts."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
import sqlalchemy as sa
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from rfz_project.demo import load_demo
from rfz_project.documents import word
from rfz_project.documents.builder import build_context
from rfz_project.documents.context import MISSING, DocumentContext
from rfz_project.documents.sample import HOSTILE, empty_context, sample_context
from rfz_project.extensions import db
from rfz_project.models import Gemeente, Project, RiskLevel, TeamMember, TeamRole, User

from .. import factories

DIRECTIE = ("projectplan", "implementatieplan")
SIBLINGS = ("opdrachtomschrijving", "profiel_projectleider", "aanpak_planning")
KEYS = DIRECTIE + SIBLINGS
LIST_TABLE, FACTS_TABLE = "RFZ tabel", "RFZ gegevens"  # the named table styles of build_word_templates.py
TITLES = {
    "projectplan": "Projectplan",
    "implementatieplan": "Implementatieplan",
    "opdrachtomschrijving": "Opdrachtomschrijving",
    "profiel_projectleider": "Profiel projectleider",
    "aanpak_planning": "Aanpak en planning",
}
# The app's own words to its user, which must never reach a reader of a document.
HELP_PHRASES = (
    "Kies dit als u",
    "U kiest",
    "U haalt",
    "U zorgt",
    "kiest u",
    MISSING,
    "Verschil",
    "een min betekent",
    "Nog geen",
)
EMPTY_FIGURES = re.compile(r"(?<![\d.,])0 (sessies|bevindingen|thema's|acties|taken)|Totaal: 0 uur|Deelnemers: 0\b")
CONTEXTS = {
    "empty": empty_context,
    "rich": lambda: sample_context(hostile=True),
}


def render(key: str, context: DocumentContext) -> Document:
    return Document(io.BytesIO(word.render_word(word.word_template_path(key), key, context)))


def body_text(document: Document) -> str:
    """The body's text in document order, tables included (a <w:br/> reads as a newline)."""
    return "\n".join(_paragraph(p, document).text for p in document.element.body.iter(qn("w:p")))


def _paragraph(element, document):
    from docx.text.paragraph import Paragraph

    return Paragraph(element, document)


def _headings_without_content(document: Document) -> list[str]:
    """Headings followed (before anything with text) by a heading of the same or a higher level."""
    blocks = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            blocks.append(("table", 0, "tabel"))
        elif child.tag == qn("w:p"):
            paragraph = _paragraph(child, document)
            if not paragraph.text.strip() and not child.findall(".//" + qn("w:drawing")):
                continue
            style = paragraph.style.name
            level = int(style.split()[-1]) if style.startswith("Heading") else 0
            blocks.append(("heading" if level else "text", level, paragraph.text))
    bare = []
    for (kind, level, text), following in zip(blocks, [*blocks[1:], ("end", 1, "")], strict=True):
        if kind == "heading" and following[0] in ("heading", "end") and following[1] <= level:
            bare.append(text)
    return bare


def check_reader_rules(document: Document, key: str, context: DocumentContext) -> None:
    text = body_text(document)
    for phrase in HELP_PHRASES:
        assert phrase.lower() not in text.lower(), (key, phrase)
    assert not EMPTY_FIGURES.search(text), (key, EMPTY_FIGURES.search(text))
    assert _headings_without_content(document) == [], key
    for table in document.tables:
        assert len(table.rows) > 1, (key, "a table with only its header row")
        assert table.style.name in (LIST_TABLE, FACTS_TABLE), (key, table.style.name)
        for row in table.rows:
            for cell in row.cells:
                assert all(
                    run.bold is None
                    for p in cell.paragraphs
                    for run in p.runs
                    if run.text.strip() and not run.font.highlight_color
                ), (key, "bold by hand instead of the table style")
    assert "None" not in text
    assert not re.search("€(?!\u00a0)", text), (key, "€ without a no-break space")
    properties = document.core_properties
    assert properties.title == f"{TITLES[key]} — {context.gemeente}, {context.project_name}"
    assert properties.author == f"Gemeente {context.gemeente}"
    assert properties.created.date() == context.today and properties.modified.date() == context.today


def check_directie_blocks(document: Document) -> None:
    """A cover with the logo placeholder, a version table, and the approval block kept on one page."""
    names = [e.get("name") for e in document.element.body.iter(qn("wp:docPr"))]
    assert "Logo gemeente" in names
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["Versie", "Datum", "Status", "Opgesteld door"] in headers
    approval = next(t for t in document.tables if [c.text for c in t.rows[0].cells][-1] == "Handtekening")
    assert [c.text for c in approval.rows[0].cells] == ["Naam", "Functie", "Datum", "Handtekening"]
    for index, row in enumerate(approval.rows):
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        if index < len(approval.rows) - 1:
            assert all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
    assert "[handtekening]" in [c.text for c in approval.rows[1].cells]
    heading = next(p for p in document.paragraphs if p.text == "Akkoord")
    assert heading.style.paragraph_format.keep_with_next or heading.paragraph_format.keep_with_next


def check_layout(document: Document, key: str) -> None:
    """Header rows repeat; no header or label is narrower than its longest word (10 pt, bold)."""
    for table in document.tables:
        first = table.rows[0]
        is_list = table.style.name == LIST_TABLE
        if is_list:
            assert first._tr.trPr.find(qn("w:tblHeader")) is not None, key
        cells = first.cells if is_list else [row.cells[0] for row in table.rows]
        for cell in cells:
            longest = max((len(w) for w in cell.text.split()), default=0)
            width = cell.width or Cm(0)
            assert width >= Cm(0.21 * longest + 0.35), (key, cell.text, width.cm)


@pytest.mark.parametrize("context_name", CONTEXTS)
@pytest.mark.parametrize("key", KEYS)
def test_documents_follow_the_reader_rules(key, context_name):
    context = CONTEXTS[context_name]()
    document = render(key, context)
    check_reader_rules(document, key, context)
    check_layout(document, key)
    if key in DIRECTIE:
        check_directie_blocks(document)


def test_projectplan_shows_its_risks_as_a_table_with_hostile_text_intact():
    context = sample_context(hostile=True)
    document = render("projectplan", context)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Risico")
    assert [c.text for c in table.rows[0].cells] == ["Risico", "Kans", "Impact", "Maatregel"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows == [[r.title, r.likelihood, r.impact, r.measure or "—"] for r in context.risks]
    assert HOSTILE in rows[0][0]  # <>&"' emoji and the newline, as typed
    assert context.plan.risks in body_text(document)  # the explanation under the table


def test_projectplan_without_risks_has_no_risks_heading():
    text = body_text(render("projectplan", empty_context()))
    assert "Risico's" not in text


def test_budget_reads_as_shortfall_or_surplus():
    from dataclasses import replace
    from decimal import Decimal

    short = body_text(render("implementatieplan", sample_context()))
    assert "tekort €\u00a022.500,50" in short
    surplus = replace(sample_context(), decided_budget=Decimal("50000"))
    assert "overschot €\u00a02.499,50" in body_text(render("implementatieplan", surplus))


def test_theme_has_one_font_family_and_no_style_names_a_font():
    document = render("projectplan", sample_context())
    theme = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/theme"))
    fonts = re.findall(r'<a:(?:major|minor)Font>\s*<a:latin typeface="([^"]*)"', theme.blob.decode())
    assert len(fonts) == 2 and len(set(fonts)) == 1
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", LIST_TABLE, FACTS_TABLE):
        fonts = document.styles[name].element.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        assert fonts is None or fonts.get(qn("w:ascii")) is None, name


def test_the_readme_tells_a_communicatieadviseur_how_to_restyle():
    readme = (word.TEMPLATE_DIR / "README.md").read_text(encoding="utf-8")
    for words in ("communicatieadviseur", "RFZ tabel", "RFZ gegevens", "Logo gemeente", "Lettertypen"):
        assert words in readme


# --- the Venlo demo, from the database -----------------------------------------------------------------


@pytest.fixture
def venlo(ctx):
    load_demo(date(2026, 3, 11))
    project = db.session.scalars(sa.select(Project).join(Gemeente).where(Gemeente.name == "Venlo")).one()
    user = db.session.scalars(sa.select(User).where(User.email == "projectleider.venlo@demo.rfz")).one()
    return project, factories.reload_user(user.id)


@pytest.mark.parametrize("key", KEYS)
def test_the_venlo_demo_documents_follow_the_reader_rules(venlo, key):
    project, leider = venlo
    context = build_context(leider, project.id, today=date(2026, 12, 2))
    document = render(key, context)
    check_reader_rules(document, key, context)
    check_layout(document, key)
    if key in DIRECTIE:
        check_directie_blocks(document)
        assert "[invullen:" not in body_text(document)  # names are known: only date and signature by hand
    if key == "opdrachtomschrijving":
        total = word.uren(sum(t.hours_per_year for t in context.tasks))
        assert context.tasks and f"{len(context.tasks)} taken, samen {total} uur per jaar" in body_text(document)


def test_a_risk_added_to_the_venlo_project_reaches_the_document(venlo):
    project, leider = venlo
    factories.risk(project, title=HOSTILE[:150], likelihood=RiskLevel.HOOG, impact=RiskLevel.LAAG, measure=HOSTILE)
    context = build_context(leider, project.id)
    document = render("projectplan", context)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Risico")
    assert [HOSTILE[:150], "Hoog", "Laag", HOSTILE] in [[c.text for c in row.cells] for row in table.rows]
    assert len(table.rows) == 1 + 4  # the demo's three and this one


def test_approval_asks_for_a_name_only_when_the_team_has_none(venlo):
    project, leider = venlo
    db.session.execute(
        sa.delete(TeamMember).where(TeamMember.project_id == project.id, TeamMember.team_role == TeamRole.OPDRACHTNEMER)
    )
    db.session.commit()
    text = body_text(render("projectplan", build_context(leider, project.id)))
    assert "[invullen: naam]\nOpdrachtnemer" in text


def test_only_the_start_of_the_project_makes_its_budget_and_hours(venlo):
    """The regular tasks' decision gives hours per year after the project, the implementatieplan's decision the
    money for the actions: neither is the project's own capacity. Only the Besluitvorming of the Voorbereiding is."""
    from decimal import Decimal

    from rfz_project.models import Decision
    from rfz_project.projects.decisions import BESLUITVORMING_STEP

    project, leider = venlo
    decisions = db.session.scalars(sa.select(Decision).where(Decision.project_id == project.id)).all()
    start = [d for d in decisions if d.step_key == BESLUITVORMING_STEP]
    plan = [d for d in decisions if d.step_key == "uitvoering.implementatieplan"]
    assert start and plan and len(decisions) > len(start) + len(plan), "the demo decides on the tasks too"
    hours = sum(d.capacity_hours for d in start)
    context = build_context(leider, project.id, today=date(2026, 3, 11))
    assert context.decided_hours == hours < sum(d.capacity_hours or 0 for d in decisions)
    assert context.decided_budget == sum(d.budget for d in start)

    profiel = body_text(render("profiel_projectleider", context))
    weeks = sum(p.weeks for p in context.phases)
    per_week = (Decimal(hours) / weeks).quantize(Decimal("0.1"))
    assert f"{hours} uur voor het hele project" in profiel and f"{word.uren(per_week)} uur, over {weeks}" in profiel
    assert f"Besloten capaciteit\n{hours} uur" in body_text(render("projectplan", context))
    actions_money = sum(d.budget for d in start + plan)
    assert f"Besloten budget\n{word.euro(actions_money)}" in body_text(render("implementatieplan", context))


def test_the_venlo_plans_in_borging_are_settled_not_concepts(venlo):
    project, leider = venlo
    context = build_context(leider, project.id, today=date(2026, 3, 11))
    assert [p.status for p in context.phases][:2] == ["Afgerond", "Afgerond"]
    for key in DIRECTIE:
        text = body_text(render(key, context))
        assert "Vastgesteld; bijgewerkt in de fase Borging" in text and "Concept" not in text, key
