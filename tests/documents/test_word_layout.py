"""The layout of the Word documents, reopened with python-docx and printed by LibreOffice: the timelines of
the aanpak en planning and of the implementatieplan (bars over week or month columns), cover pages, named
table styles in the invitations, and column widths that keep long words whole."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import replace
from datetime import date, timedelta

import pytest
from docx import Document
from docx.oxml.ns import qn

from rfz_project.documents import gantt, word
from rfz_project.documents.sample import empty_context, sample_context


def render(key: str, context) -> Document:
    return Document(io.BytesIO(word.render_word(word.word_template_path(key), key, context)))


def timeline_table(document: Document):
    for table in document.tables:
        caption = table._tbl.tblPr.find(qn("w:tblCaption"))
        if caption is not None and caption.get(qn("w:val")) == word.TIMELINE_CAPTION:
            return table
    return None


def _cells(tr):
    """(first column, span, fill, text) of each cell of a row, as it is in the XML."""
    column, out = 0, []
    for tc in tr.findall(qn("w:tc")):
        span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        span = int(span.get(qn("w:val"))) if span is not None else 1
        shading = tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
        fill = shading.get(qn("w:fill")) if shading is not None else "auto"
        text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
        out.append((column, span, fill, text))
        column += span
    return out


def bars(table) -> dict[str, list[tuple[int, int, str]]]:
    """Per row label: its painted segments as (first period column, number of columns, fill)."""
    found = {}
    for tr in table._tbl.findall(qn("w:tr"))[2:]:
        cells = _cells(tr)
        if len(cells) == 1:  # a theme's heading row
            continue
        found[cells[0][3]] = [(c - 2, s, f) for c, s, f, _ in cells[2:] if f != "auto"]
    return found


# --- the aanpak en planning ------------------------------------------------------------------------------


def test_aanpak_timeline_has_a_bar_over_each_phase_and_each_sessie_in_its_week():
    context = sample_context()
    table = timeline_table(render("aanpak_planning", context))
    first_monday = context.phases[0].start - timedelta(days=context.phases[0].start.weekday())

    def week(day: date) -> int:
        return (day - first_monday).days // 7

    painted = bars(table)
    for phase in context.phases:
        first, last = week(phase.start), week(phase.last_day)
        assert painted[f"{phase.number}. {phase.label}"] == [(first, last - first + 1, gantt.PHASE)]
    for sessie in context.sessies:
        assert painted[sessie.title] == [(week(sessie.on_date), 1, gantt.SESSIE)]
    weeks = [_cells(table._tbl.findall(qn("w:tr"))[1])[n][3] for n in range(2, 2 + week(context.phases[-1].last_day))]
    assert weeks[0] == str(first_monday.isocalendar().week)


def test_aanpak_timeline_header_rows_repeat_and_every_row_spans_all_columns():
    table = timeline_table(render("aanpak_planning", sample_context()))
    rows = table._tbl.findall(qn("w:tr"))
    columns = len(table._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol")))
    for tr in rows[:2]:
        assert tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    for tr in rows:
        assert sum(span for _, span, _, _ in _cells(tr)) == columns
        assert tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None


def test_timeline_period_columns_share_the_width_and_the_label_columns_keep_theirs():
    table = timeline_table(render("aanpak_planning", sample_context()))
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    assert grid[0] > 3 * grid[2] and len(set(grid[2:])) == 1
    for tr in table._tbl.findall(qn("w:tr")):  # Word reads each cell's own width: the sum of its columns
        for tc, (first, span, _, _) in zip(tr.findall(qn("w:tc")), _cells(tr), strict=True):
            width = int(tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w")))
            assert width == sum(grid[first : first + span])


def test_a_long_project_is_shown_in_months_and_a_very_long_one_in_quarters():
    start = date(2026, 1, 5)
    assert gantt.periods_between(start, start + timedelta(weeks=25))[0] == "week"
    unit, months = gantt.periods_between(start, date(2027, 6, 30))
    assert unit == "maand" and [p.label for p in months[:3]] == ["jan", "feb", "mrt"] and len(months) == 18
    unit, quarters = gantt.periods_between(start, date(2040, 1, 1))
    assert unit == "kwartaal" and quarters[0].label == "K1" and len(quarters) == gantt.MAX_COLUMNS


def test_an_empty_project_still_shows_its_phases_on_the_timeline():
    context = empty_context()
    document = render("aanpak_planning", context)
    assert set(bars(timeline_table(document))) == {f"{p.number}. {p.label}" for p in context.phases}


# --- the implementatieplan -------------------------------------------------------------------------------


def test_implementatieplan_timeline_runs_from_today_to_each_deadline_per_theme_quick_wins_first():
    base = sample_context()
    first = base.actions[0]
    actions = (
        replace(first, title="Later in het jaar", timing_key="later", deadline=date(2026, 6, 15)),
        replace(first, title="Snel te doen", timing_key="quick_win", deadline=date(2026, 7, 1)),
        replace(first, title="Al te laat", timing_key="later", deadline=date(2026, 2, 1)),
        replace(first, title="Klaar", status="Afgerond", deadline=date(2026, 5, 1)),
        replace(first, title="Zonder datum", deadline=None),
    )
    theme = replace(base.themes[0], name=first.theme, actions=actions)
    context = replace(base, actions=actions, themes=(theme,))
    document = render("implementatieplan", context)
    table = timeline_table(document)
    labels = [_cells(tr)[0][3] for tr in table._tbl.findall(qn("w:tr"))[2:]]
    # quick wins first, then by deadline; closed and undated actions are not on the chart
    assert labels == [first.theme, "Snel te doen", "Al te laat", "Later in het jaar"]
    painted = bars(table)
    today_week = (context.today - timedelta(days=context.today.weekday()),)
    weeks_to = lambda day: (day - today_week[0]).days // 7  # noqa: E731
    assert painted["Snel te doen"] == [(0, weeks_to(date(2026, 7, 1)) + 1, gantt.QUICK_WIN)]
    assert painted["Later in het jaar"] == [(0, weeks_to(date(2026, 6, 15)) + 1, gantt.LATER)]
    assert painted["Al te laat"] == [(0, 1, gantt.LATE)]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Voor deze acties staat de deadline nog open:" in text and "Zonder datum" in text


def test_implementatieplan_timeline_is_a_landscape_appendix_after_the_approval():
    document = render("implementatieplan", sample_context())
    orientations = [s.page_width > s.page_height for s in document.sections]
    assert orientations == [False, True]
    texts = [p.text for p in document.paragraphs]
    assert texts.index("Akkoord") < texts.index("Bijlage: tijdpad")
    # the plan's upright pages end with the approval: nothing of the plan after the appendix
    assert "Na het project" not in texts[texts.index("Bijlage: tijdpad") :]


def test_implementatieplan_without_dated_actions_has_no_timeline_and_no_landscape_page():
    document = render("implementatieplan", empty_context())
    # the landscape section the template has for the chart is dropped whole: no blank page at the end
    assert timeline_table(document) is None and len(document.sections) == 1
    assert document.sections[0].page_width < document.sections[0].page_height
    texts = [p.text for p in document.paragraphs]
    assert "Bijlage: tijdpad" not in texts and "Akkoord" in texts


# --- LibreOffice ------------------------------------------------------------------------------------------


def _soffice() -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("RFZ_REQUIRE_OFFICE") == "1":
            pytest.fail("LibreOffice (soffice) ontbreekt en RFZ_REQUIRE_OFFICE=1")
        pytest.skip("LibreOffice (soffice) is niet geïnstalleerd: de PDF kan niet worden gemaakt")
    return soffice


def pdf_texts(tmp_path, files: dict[str, bytes]) -> dict[str, str]:
    """Each .docx printed to PDF by LibreOffice, and its text as `pdftotext -layout` reads it."""
    soffice = _soffice()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is niet geïnstalleerd")
    for name, data in files.items():
        (tmp_path / f"{name}.docx").write_bytes(data)
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), *(str(tmp_path / f"{n}.docx") for n in files)],
        check=True, timeout=240, capture_output=True,
    )  # fmt: skip
    texts = {}
    for name in files:
        pdf = tmp_path / "pdf" / f"{name}.pdf"
        result = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
        texts[name] = result.stdout
    return texts


def test_the_timelines_hold_in_libreoffice(tmp_path):
    context = sample_context()
    files = {key: word.render_word(word.word_template_path(key), key, context) for key in ("aanpak_planning",)}
    text = pdf_texts(tmp_path, files)["aanpak_planning"]
    weeks = " ".join(str((context.phases[0].start + timedelta(weeks=n)).isocalendar().week) for n in range(6))
    assert " ".join(text.split()).count(weeks) >= 1  # the week numbers side by side, none wrapped
    assert "Fase of sessie" in text and "Legenda" in text


# --- the Venlo demo in LibreOffice: invitations on one page, long words whole ---------------------------

TODAY = date(2026, 3, 11)
# Headers and labels that broke in narrow columns before ("Procesbegel eider", "Opti e"): whole, or absent.
LONG_WORDS = ("Procesbegeleider", "Administrator", "Verantwoordelijke", "Deadline", "Optie", "Opgesteld",
              "Handtekening", "Toegankelijkheid", "Reiskosten", "Deelnemers", "Directiebesluit", "Maatregel",
              "Discipline", "Eigenaar", "Wanneer")  # fmt: skip


@pytest.fixture
def venlo_documents(ctx):
    """Every Word document of the Venlo demo (both invitations for each kind of sessie), as bytes."""
    import sqlalchemy as sa

    from rfz_project.demo import load_demo
    from rfz_project.documents import catalog
    from rfz_project.documents import services as documents
    from rfz_project.documents.builder import build_context
    from rfz_project.extensions import db
    from rfz_project.models import Gemeente, Project, User

    from ..factories import reload_user

    load_demo(TODAY)
    leider = db.session.scalars(sa.select(User).where(User.email == "projectleider.venlo@demo.rfz")).one()
    project = db.session.scalars(sa.select(Project).join(Gemeente).where(Gemeente.name == "Venlo")).one()
    actor = reload_user(leider.id)
    context = build_context(actor, project.id, today=TODAY)
    chosen = {}
    for file in catalog.files_for(context):
        if file.format == "docx" and file.template_key not in chosen:
            chosen[file.template_key] = documents.render_file(actor, project.id, file.ref, today=TODAY).content
    return chosen


def _label_words(data: bytes) -> set[str]:
    """The words of every table's header row (list tables) and label column (tables of label and value)."""
    document = Document(io.BytesIO(data))
    words = set()
    for table in document.tables:
        if table.style.name == "RFZ gegevens":
            cells = [row.cells[0] for row in table.rows]
        else:  # every header row: the timeline has two
            header = [
                r for r in table.rows if r._tr.trPr is not None and r._tr.trPr.find(qn("w:tblHeader")) is not None
            ]
            cells = [cell for row in header or table.rows[:1] for cell in row.cells]
        words |= {w.strip("():,") for cell in cells for w in cell.text.split() if len(w.strip("():,")) >= 5}
    return words


def test_every_venlo_word_document_keeps_long_words_whole_and_each_invitation_on_one_page(venlo_documents, tmp_path):
    assert {"uitnodiging_inwoners", "uitnodiging_collegas", "implementatieplan"} <= set(venlo_documents)
    texts = pdf_texts(tmp_path, venlo_documents)
    for key, data in venlo_documents.items():
        words = _label_words(data)
        present = {w for w in LONG_WORDS if w in "\n".join(c.text for t in Document(io.BytesIO(data)).tables
                                                            for r in t.rows for c in r.cells)}  # fmt: skip
        flowing = " ".join(texts[key].split())
        broken = sorted(w for w in words | present if w not in flowing)
        assert broken == [], (key, broken)


@pytest.fixture
def venlo_invitations(ctx):
    """Every invitation of the Venlo demo, each dated: made before the first sessie, so that each letter has all
    it can have (the date of the letter too) and is as long as it gets."""
    import sqlalchemy as sa

    from rfz_project.demo import load_demo
    from rfz_project.documents import catalog
    from rfz_project.documents import services as documents
    from rfz_project.documents.builder import build_context
    from rfz_project.extensions import db
    from rfz_project.models import Gemeente, Project, User

    from ..factories import reload_user

    load_demo(TODAY)
    leider = db.session.scalars(sa.select(User).where(User.email == "projectleider.venlo@demo.rfz")).one()
    project = db.session.scalars(sa.select(Project).join(Gemeente).where(Gemeente.name == "Venlo")).one()
    actor = reload_user(leider.id)
    context = build_context(actor, project.id, today=TODAY)
    before = min(s.on_date for s in context.sessies) - timedelta(days=14)
    files = [f for f in catalog.files_for(context) if f.template_key and f.template_key.startswith("uitnodiging")]
    return {
        f"{f.template_key}_{n}": documents.render_file(actor, project.id, f.ref, today=before).content
        for n, f in enumerate(files)
    }


def test_every_venlo_invitation_is_one_page(venlo_invitations, tmp_path):
    assert len(venlo_invitations) >= 7 and any(k.startswith("uitnodiging_inwoners") for k in venlo_invitations)
    texts = pdf_texts(tmp_path, venlo_invitations)
    for key, text in texts.items():
        assert text.count("\f") <= 1, (key, "more than one page")  # pdftotext ends each page with \f
        assert "Met vriendelijke groet" in text, key


def test_invitations_use_the_named_table_style_without_bold_by_hand():
    context = sample_context()
    for key in ("uitnodiging_inwoners", "uitnodiging_collegas"):
        document = render(key, context)
        assert document.tables, key
        for table in document.tables:
            assert table.style.name == "RFZ gegevens", key
            runs = [r for row in table.rows for p in row.cells[0].paragraphs for r in p.runs if r.text.strip()]
            assert runs and all(r.bold is None for r in runs), key
        properties = document.core_properties
        assert context.gemeente in properties.title and context.project_name in properties.title, key
        assert properties.author == f"Gemeente {context.gemeente}" and properties.created.date() == context.today


@pytest.mark.parametrize("key", ("opdrachtomschrijving", "profiel_projectleider", "aanpak_planning"))
def test_cover_page_names_document_project_gemeente_and_date_with_a_logo_place(key):
    context = sample_context()
    document = render(key, context)
    assert "Logo gemeente" in [e.get("name") for e in document.element.body.iter(qn("wp:docPr"))]
    cover = []
    for paragraph in document.paragraphs:
        cover.append(paragraph.text)
        if paragraph._p.findall(".//" + qn("w:br")) and 'w:type="page"' in paragraph._p.xml:
            break
    text = "\n".join(cover)
    assert context.project_name in text and f"Gemeente {context.gemeente}" in text
    assert word.datum(context.today) in text
    properties = document.core_properties
    assert context.gemeente in properties.title and context.project_name in properties.title
    assert properties.author == f"Gemeente {context.gemeente}" and properties.created.date() == context.today


def test_timeline_cell_properties_keep_the_order_word_requires():
    order = ["tcW", "gridSpan", "shd"]
    table = timeline_table(render("implementatieplan", sample_context()))
    for tc in table._tbl.iter(qn("w:tc")):
        tags = [child.tag.split("}")[1] for child in tc.find(qn("w:tcPr"))]
        assert tags == sorted(tags, key=order.index), tags


# --- nothing empty printed, in any Word document ----------------------------------------------------------


def _bare_sessie_context():
    """A project whose one sessie has only its date and times: no place, agenda, begeleiders or route."""
    base = sample_context()
    bare = replace(base.sessies[0], location="", is_online=False, agenda="", procesbegeleider="", administrator="")
    return replace(base, sessies=(replace(bare, route="", accessibility="", travel_costs="", participants_total=0),))


EMPTY_CASES = {
    "empty": empty_context,
    "rich": lambda: sample_context(hostile=True),
    "sample": sample_context,
    "bare sessie": _bare_sessie_context,
}


@pytest.mark.parametrize("context_name", EMPTY_CASES)
@pytest.mark.parametrize("key", word.WORD_TEMPLATE_KEYS)
def test_no_bare_heading_no_header_only_table_and_to_fill_in_only_as_a_marked_field(key, context_name):
    from .test_directie_documents import _headings_without_content

    document = render(key, EMPTY_CASES[context_name]())
    assert _headings_without_content(document) == [], key
    for table in document.tables:
        assert len(table.rows) > 1, (key, [c.text for c in table.rows[0].cells])
    runs = [r for p in document.element.body.iter(qn("w:p")) for r in p.iter(qn("w:r"))]
    for run in runs:
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if "nog in te vullen" in text or "[invullen" in text:
            assert run.find(f"{qn('w:rPr')}/{qn('w:highlight')}") is not None, (key, text)


def test_a_held_sessie_says_how_many_came_and_leaves_the_count_out_when_nobody_is_registered():
    base = sample_context()
    held = replace(base.sessies[0], status="Afgerond", participants_total=8, participant_groups=(("Inwoner", 8),))
    empty = replace(base.sessies[1], status="Afgerond", participants_total=0, participant_groups=())
    document = render("aanpak_planning", replace(base, sessies=(held, empty)))
    rows = {}
    for table in document.tables:
        if table.style.name == "RFZ gegevens":
            title = table._tbl.getprevious()
            while title is not None and not "".join(t.text or "" for t in title.iter(qn("w:t"))).strip():
                title = title.getprevious()
            name = "".join(t.text or "" for t in title.iter(qn("w:t")))
            rows[name] = {r.cells[0].text: r.cells[1].text for r in table.rows}
    assert rows[held.title]["Stand van zaken"] == "Afgerond, 8 deelnemers (inwoner: 8)"
    assert rows[empty.title]["Stand van zaken"] == "Afgerond"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Deelnemers: 0" not in text and "0 deelnemers" not in text


@pytest.mark.parametrize(
    "attack",
    ["{{ tijdlijn.__class__ }}", "{{ tijdlijn.rows[0].bars[0].__dict__ }}", "{{ tijdlijn.__dataclass_fields__ }}"],
)
def test_the_timeline_objects_stay_inside_the_sandbox(attack):
    from jinja2.sandbox import SecurityError

    from .test_word import make_template

    with pytest.raises(SecurityError):
        word.render_word(make_template(attack), "aanpak_planning", sample_context())


def test_sessies_are_on_the_timeline_even_when_no_phase_is_marked_as_holding_them():
    base = sample_context()
    context = replace(base, phases=tuple(replace(p, holds_sessions=False) for p in base.phases))
    timeline = gantt.planning(context)
    labels = [row.label for row in timeline.rows]
    assert labels[: len(context.phases)] == [f"{p.number}. {p.label}" for p in context.phases]
    assert labels[len(context.phases) :] == [s.title for s in context.sessies]


def pdf_pages(tmp_path, files: dict[str, bytes]) -> dict[str, list[str]]:
    """Each document's PDF text (as pdf_texts) cut into its pages."""
    return {name: text.split("\f") for name, text in pdf_texts(tmp_path, files).items()}


def _page_of(pages: list[str], line_start: str) -> int:
    """The page on which a line begins with `line_start` (pdftotext -layout keeps a row's cells on one line)."""
    found = [n for n, page in enumerate(pages) if any(line.strip().startswith(line_start) for line in page.split("\n"))]
    assert found, line_start
    return found[0]


def _table_with_header(document: Document, first: str):
    return [t for t in document.tables if t.rows[0].cells[0].text == first]


def test_venlo_projectplan_keeps_planning_and_each_decision_with_its_explanation(venlo_documents, tmp_path):
    data = venlo_documents["projectplan"]
    pages = pdf_pages(tmp_path, {"projectplan": data})["projectplan"]
    planning = _page_of(pages, "Planning")
    assert "Stand van zaken" in pages[planning] and "3. Borging" in pages[planning], "heading, text and table"
    (decisions,) = _table_with_header(Document(io.BytesIO(data)), "Besluit")
    rows = decisions.rows[1:]
    assert len(rows) >= 4 and len(rows) % 2 == 0  # each decision a row of facts and a row with its explanation
    for facts, explanation in zip(rows[::2], rows[1::2], strict=True):
        assert [c.text for c in decisions.rows[0].cells] == ["Besluit", "Datum", "Genomen door", "Budget", "Uren"]
        date_text = facts.cells[1].text
        assert explanation.cells[0].text.startswith("Toelichting: ")
        first_words = " ".join(explanation.cells[0].text.split()[:4])
        page = _page_of(pages, first_words)
        assert any(date_text in line for line in pages[page].split("\n")), (date_text, "whole, on its page")


def test_venlo_profiel_keeps_headings_with_their_tables(venlo_documents, tmp_path):
    pages = pdf_pages(tmp_path, {"profiel": venlo_documents["profiel_projectleider"]})["profiel"]
    assert "Wat er gebeurt" in pages[_page_of(pages, "Fasen en tijd")]
    hours = pages[_page_of(pages, "Uren en budget")]
    assert "Besloten capaciteit" in hours and "Besloten budget" in hours


def test_venlo_aanpak_keeps_each_sessie_table_whole_and_more_than_one_on_a_page(venlo_documents, tmp_path):
    pages = pdf_pages(tmp_path, {"aanpak": venlo_documents["aanpak_planning"]})["aanpak"]

    def count(page: str, label: str) -> int:
        return sum(1 for line in page.split("\n") if line.strip().startswith(label))

    with_sessies = [page for page in pages if count(page, "Wanneer en waar")]
    sessies = sum(count(page, "Wanneer en waar") for page in with_sessies)
    assert sessies >= 7
    for page in with_sessies:  # a table split over two pages leaves its agenda on the next one
        assert count(page, "Wanneer en waar") == count(page, "Agenda") == count(page, "Stand van zaken")
    assert len(with_sessies) < sessies, "not every sessie on a page of its own"
    assert "Tijdlijn" in pages[-1] or "Tijdlijn" in pages[-2]  # the chart after the text, on a page of its own


def test_venlo_implementatieplan_fits_dates_and_amounts_and_its_chart_on_one_page(venlo_documents, tmp_path):
    data = venlo_documents["implementatieplan"]
    pages = pdf_pages(tmp_path, {"plan": data})["plan"]
    document = Document(io.BytesIO(data))
    lines = [line.replace("\u00a0", " ") for page in pages for line in page.split("\n")]
    tables = _table_with_header(document, "Actie")
    assert tables and [c.text for c in tables[0].rows[0].cells][:4] == ["Actie", "Eigenaar", "Deadline", "Budget"]
    for table in tables:
        for row in table.rows[1:]:
            for text in (row.cells[2].text, row.cells[3].text.replace("\u00a0", " ")):  # deadline and budget
                assert any(text in line for line in lines), (text, "broken over two lines")
    assert "Eigenaar" in pages[_page_of(pages, "Acties per thema")], "the heading stays with the first table"
    chart = timeline_table(document)
    last_label = " ".join(chart.rows[-1].cells[0].text.split()[:3])
    assert last_label in " ".join(pages[_page_of(pages, "Legenda")].split()), "the demo's chart fits one page"
