"""The four presentations: built from the base deck's layouts by name, complete, and robust to odd input.

Pure tests: no database, only DocumentContexts from rfz_project.documents.sample.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.shapes.group import GroupShape

from rfz_project.documents import slides
from rfz_project.documents.context import MISSING, BlueprintStepInfo
from rfz_project.documents.sample import HOSTILE, LONG, empty_context, hostile_context, sample_context

KEYS = slides.DOCUMENT_KEYS
CONTEXTS = {"sample": sample_context, "hostile": hostile_context, "empty": empty_context}
BUILD_SCRIPT = slides.base_deck_path().parent / "build_base_deck.py"


@pytest.fixture(scope="module")
def base() -> bytes:
    return slides.base_deck_path().read_bytes()


def render(base, key, context, session_id=None) -> Presentation:
    return Presentation(io.BytesIO(slides.render_deck(base, key, context, session_id)))


def shape_texts(shapes):
    for shape in shapes:
        if isinstance(shape, GroupShape):
            yield from shape_texts(shape.shapes)
        if shape.has_text_frame:
            yield shape.text_frame.text
        if getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                for cell in row.cells:
                    yield cell.text_frame.text


def deck_text(prs) -> str:
    """All text of the deck; line breaks inside a paragraph ("\\v") read as newlines."""
    return "\n".join(text for slide in prs.slides for text in shape_texts(slide.shapes)).replace("\v", "\n")


def slide_titles(prs) -> list[str]:
    return [
        slide.shapes.title.text_frame.text.replace("\v", "\n") if slide.shapes.title else "" for slide in prs.slides
    ]


def charts(prs):
    return [shape.chart for slide in prs.slides for shape in slide.shapes if getattr(shape, "has_chart", False)]


def with_layout_renamed(data: bytes, old: str, new: str) -> bytes:
    prs = Presentation(io.BytesIO(data))
    layout = prs.slide_layouts.get_by_name(old)
    layout._element.cSld.set("name", new)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


# --- every deck with every kind of context -------------------------------------------------------------------


@pytest.mark.parametrize("kind", CONTEXTS)
@pytest.mark.parametrize("key", KEYS)
def test_every_deck_renders_on_the_named_layouts(base, key, kind):
    context = CONTEXTS[kind]()
    # the first option A session of the sample is about a mijlpaal outside the project, without hostile text
    session_id = 2 if key == "presentatie_optie_a" and kind != "empty" else None
    prs = render(base, key, context, session_id)
    assert len(prs.slides) >= 4
    used = {slide.slide_layout.name for slide in prs.slides}
    assert used <= set(slides.REQUIRED_LAYOUTS)
    assert prs.slides[0].slide_layout.name == "RFZ titel"
    text = deck_text(prs)
    assert context.gemeente in text
    for slide in prs.slides:
        assert slide.shapes.title is not None and slide.shapes.title.text_frame.text.strip()
        for placeholder in slide.placeholders:  # no "click to add text" boxes left over
            assert not placeholder.has_text_frame or placeholder.text_frame.text.strip()
    if kind == "hostile":
        assert HOSTILE in text, "markup characters, emoji and the newline come through unchanged"
        assert "💶🧾" in text
    if kind == "empty":
        assert MISSING in text or "Nog geen" in text


# --- kick-off ------------------------------------------------------------------------------------------------


def test_kickoff_tells_why_what_when_and_who(base):
    context = sample_context()
    prs = render(base, "kickoff_presentatie", context)
    text = deck_text(prs)
    for expected in (
        context.gemeente,
        context.central_question,
        context.project_name,
        context.scope_label,
        context.spoor,
        "16 februari 2026, 13:30\u201315:00 uur",
        "Wat we van u vragen",
        "routekaart",
    ):
        assert expected in text
    for session in context.sessies:
        assert session.title in text
    for member in context.team:
        assert member.name in text
    for phase in context.phases:
        assert phase.label in text
    for mijlpaal in context.mijlpalen:
        assert mijlpaal.label in text
    for reason in context.reasons:
        assert reason in text
    assert "Petra Leider, projectleider" in text
    layouts = {slide_titles(prs)[i]: slide.slide_layout.name for i, slide in enumerate(prs.slides)}
    assert layouts["Fasen en planning"] == layouts["De sessies"] == layouts["Het projectteam"] == "RFZ tabel"


def test_kickoff_keeps_10000_characters_whole_and_lets_the_box_shrink(base):
    context = hostile_context()
    assert len(context.central_question) > 10_000
    prs = render(base, "kickoff_presentatie", context)
    text = deck_text(prs)
    assert context.central_question in text
    assert LONG in text
    slide = prs.slides[slide_titles(prs).index(context.central_question.replace("\r\n", "\n"))]
    body = slide.shapes.title  # the statement slide: the question is the slide's only text
    xml = body.text_frame._txBody.bodyPr.xml
    assert "normAutofit" in xml and "fontScale" in xml
    assert body.text_frame.word_wrap is True


def test_kickoff_of_a_new_project_says_what_is_missing(base):
    text = deck_text(render(base, "kickoff_presentatie", empty_context()))
    for expected in ("Nog geen sessies gepland.", "Nog geen projectteam vastgelegd."):
        assert expected in text
    # no heading over nothing, no contact line that only says "nog in te vullen"
    assert "Onze aanleiding" not in text and "contact op met nog in te vullen" not in text


def test_text_with_newlines_becomes_separate_lines(base):
    context = sample_context()
    prs = render(base, "presentatie_optie_a", context, session_id=1)  # agenda "Welkom\nKennismaken"
    paragraphs = [
        p for slide in prs.slides for shape in slide.shapes if shape.has_text_frame for p in shape.text_frame.paragraphs
    ]
    agenda = next(p for p in paragraphs if "Welkom" in p.text)
    assert agenda.text == "Welkom\vKennismaken"  # a line break in one paragraph, not a literal newline
    assert "\n" not in "".join(run.text for run in agenda.runs)


def test_long_tables_continue_on_the_next_slide(base):
    context = sample_context()
    many = tuple(replace(context.sessies[1], id=100 + n, title=f"Sessie nummer {n}") for n in range(40))
    prs = render(base, "kickoff_presentatie", replace(context, sessies=many))
    titles = [t for t in slide_titles(prs) if t.startswith("De sessies")]
    assert len(titles) > 1 and titles[0] == f"De sessies (1 van {len(titles)})"
    text = deck_text(prs)
    for session in many:
        assert f"{session.title}\n" in text or text.endswith(session.title)
    for title, slide in zip(slide_titles(prs), prs.slides, strict=True):
        if title.startswith("De sessies"):
            table = next(shape for shape in slide.shapes if getattr(shape, "has_table", False) and shape.has_table)
            assert table.top + table.height <= prs.slide_height, "each part fits on its slide"
            assert table.table.cell(0, 0).text == "Sessie", "each part repeats the header"


# --- option A ------------------------------------------------------------------------------------------------


def with_professionals(context):
    """The sample with its sessie with inwoners (2) held with professionals instead: the toolkit's own deck."""
    return replace(context, sessies=tuple(replace(s, with_inwoners=False) for s in context.sessies))


def test_option_a_per_mijlpaal_need_checklist_and_room_to_note(base):
    context = with_professionals(sample_context())
    prs = render(base, "presentatie_optie_a", context, session_id=2)
    text = deck_text(prs)
    titles = slide_titles(prs)
    for mijlpaal in context.mijlpalen:
        assert f"Mijlpaal {mijlpaal.number}: {mijlpaal.label}" in titles
        assert mijlpaal.description in text
        assert f"Wat heeft de gemeente nodig? \u2013 {mijlpaal.label}" in titles
        for item in mijlpaal.checklist:
            assert item.text in text and item.answer in text
    assert "Sinds 2025" in text
    assert "Nog geen checklistpunten bij deze mijlpaal." in text  # Op zoek has none
    assert context.sessies[1].findings[0].text in text  # already noted for In beeld
    need = prs.slides[titles.index("Wat heeft de gemeente nodig? \u2013 Op zoek")]
    table = next(shape.table for shape in need.shapes if getattr(shape, "has_table", False) and shape.has_table)
    assert len(table.rows) == 1 + slides.EMPTY_NOTE_ROWS
    assert "Werkt de resultaten uit" in text  # the agreements


def test_option_a_picks_the_first_option_a_session_and_copes_with_an_unknown_mijlpaal(base):
    context = sample_context()
    prs = render(base, "presentatie_optie_a", context)
    text = deck_text(prs)
    assert "Sessie met professionals: In contact" in text
    assert "Mijlpaal: In contact" in slide_titles(prs)  # not among the project's mijlpalen: no number
    assert MISSING in text and "Online: https://meet.example/rfz" in text


def test_option_a_hostile_checklist_is_intact(base):
    context = with_professionals(hostile_context())
    text = deck_text(render(base, "presentatie_optie_a", context, session_id=2))
    assert context.mijlpalen[1].checklist
    for item in context.mijlpalen[1].checklist:
        assert item.text in text


def test_option_a_without_sessions_is_a_blank_deck_for_the_projects_mijlpalen(base):
    context = empty_context()
    prs = render(base, "presentatie_optie_a", context)
    text = deck_text(prs)
    assert f"Sessie optie A ({MISSING})" in text
    assert "Nog geen checklistpunten bij deze mijlpaal." in text and "Nog geen afspraken." in text
    for mijlpaal in context.mijlpalen:
        assert mijlpaal.label in text


@pytest.mark.parametrize("key", KEYS)
def test_unknown_session_gives_a_dutch_error(base, key):
    with pytest.raises(ValueError, match="Sessie 999 hoort niet bij dit project"):
        slides.render_deck(base, key, sample_context(), sessie_id=999)


def test_control_characters_in_chart_labels_do_not_break_the_deck(base):
    context = sample_context()
    odd = "a\x00b\x1bc\x0cd\te & <x>"
    themes = tuple(replace(theme, name=theme.name + odd) for theme in context.themes)
    prs = render(base, "presentatie_resultatensessie", replace(context, themes=themes, central_question=odd))
    assert list(charts(prs)[0].plots[0].categories)[0] == "Communicatieabcd\te & <x>"


# --- option B ------------------------------------------------------------------------------------------------


def test_option_b_explains_the_blueprint_and_shows_it_so_far(base):
    context = with_professionals(sample_context())
    prs = render(base, "presentatie_optie_b", context)  # the first option B session: 2
    text = deck_text(prs)
    for lane, explanation, _ in slides.BLUEPRINT_LANES:
        assert lane in text and explanation in text
    step = context.sessies[1].blueprint[0]
    for value in (step.title, step.inwoner, step.frontstage, step.backstage, step.support):
        assert value in text
    for mijlpaal in context.mijlpalen:
        assert mijlpaal.description in text
    slide = prs.slides[slide_titles(prs).index("Service Blueprint tot nu toe")]
    texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    lanes = [lane for lane, _, _ in slides.BLUEPRINT_LANES]
    # reading order: the title, the step, then per lane its label and the step's box (tests/documents/
    # test_deck_layout.py checks where the boxes are)
    assert texts == [
        "Service Blueprint tot nu toe",
        f"1. {step.title}",
        *(
            part
            for lane, value in zip(lanes, (step.inwoner, step.frontstage, step.backstage, step.support), strict=True)
            for part in (lane, value)
        ),
    ]


def test_option_b_splits_a_long_blueprint_five_steps_per_slide(base):
    context = with_professionals(sample_context())
    steps = tuple(
        BlueprintStepInfo(f"Stap titel {n}", f"doet {n}", "" if n == 3 else f"ziet {n}", f"achter {n}", f"systeem {n}")
        for n in range(1, 13)
    )
    sessions = (context.sessies[0], replace(context.sessies[1], blueprint=steps), context.sessies[2])
    prs = render(base, "presentatie_optie_b", replace(context, sessies=sessions), session_id=2)
    titles = [t for t in slide_titles(prs) if t.startswith("Service Blueprint")]
    assert titles == [
        "Service Blueprint tot nu toe (stap 1\u20135 van 12)",
        "Service Blueprint tot nu toe (stap 6\u201310 van 12)",
        "Service Blueprint tot nu toe (stap 11\u201312 van 12)",
    ]
    text = deck_text(prs)
    for step in steps:
        assert step.title in text
    assert MISSING in text  # step 3 has nothing in view of the inwoner yet


def test_option_b_hostile_and_empty(base):
    hostile = hostile_context()
    text = deck_text(render(base, "presentatie_optie_b", hostile))
    assert hostile.sessies[1].blueprint[0].title in text
    empty = deck_text(render(base, "presentatie_optie_b", empty_context()))
    assert "nog geen stappen vastgelegd" in empty.lower() and "Nog geen afspraken." in empty


# --- resultatensessie ----------------------------------------------------------------------------------------


def test_results_deck_shows_themes_findings_and_choices(base):
    context = sample_context()
    prs = render(base, "presentatie_resultatensessie", context)
    text = deck_text(prs)
    titles = slide_titles(prs)
    for theme in context.themes:
        # a theme without findings (Samenwerking has actions only) gets no slide of its own, not an empty one
        assert (f"Thema: {theme.name}" in titles) == bool(theme.findings)
        for finding in theme.findings:
            assert finding.text in text
    for action in context.actions:
        assert action.title in text
    assert context.quick_wins and context.later
    quick = prs.slides[titles.index("Quick wins: nu")]
    assert context.quick_wins[0].title in "\n".join(shape_texts(quick.shapes))
    later = prs.slides[titles.index("Later")]
    assert context.later[0].title in "\n".join(shape_texts(later.shapes))
    assert "Te nemen besluiten" in titles and "Nog te nemen" in text
    assert "€ 45.000,00" in text and "€ 2.500,50" in text  # Dutch amounts in the tables
    assert "Nog geen bevindingen bij dit thema." not in text
    assert "Datum: nog in te vullen" not in text  # no resultatensessie planned: the title slide leaves the date out


def test_results_deck_has_native_charts_of_budget_and_actions_per_theme(base):
    context = sample_context()
    found = charts(render(base, "presentatie_resultatensessie", context))
    assert len(found) == 2
    budget, actions = found
    assert budget.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert list(budget.plots[0].categories) == [theme.name for theme in context.themes]
    assert list(budget.series[0].values) == [float(theme.budget) for theme in context.themes]
    assert "€" in budget.value_axis.tick_labels.number_format
    assert "€" in budget.plots[0].data_labels.number_format
    assert [s.name for s in actions.series][:2] == ["Quick win (nu)", "Later"]
    assert list(actions.series[0].values) == [theme.quick_wins for theme in context.themes]
    assert list(actions.series[1].values) == [theme.later for theme in context.themes]


def test_results_deck_hostile_and_empty(base):
    hostile = hostile_context()
    prs = render(base, "presentatie_resultatensessie", hostile)
    text = deck_text(prs)
    for theme in hostile.themes:
        assert theme.description in text or not theme.description
        for finding in theme.findings:
            assert finding.text in text
    assert [theme.name for theme in hostile.themes] == list(charts(prs)[0].plots[0].categories)
    empty = render(base, "presentatie_resultatensessie", empty_context())
    text = deck_text(empty)
    for expected in (
        "Nog geen thema's",
        "Nog geen quick wins gekozen.",
        "Nog geen acties voor later.",
        "Nog geen besluiten nodig.",
        "nog geen grafiek",
    ):
        assert expected in text
    assert charts(empty) == []


# --- the base deck -------------------------------------------------------------------------------------------


def test_base_deck_has_the_required_layouts_with_their_placeholders(base):
    assert slides.check_base_deck(base) == []
    assert slides.missing_layouts(slides.base_deck_path()) == []
    prs = Presentation(io.BytesIO(base))
    kinds = {
        layout.name: {str(ph.placeholder_format.type).split()[0] for ph in layout.placeholders}
        for layout in prs.slide_layouts
    }
    assert set(kinds) == set(slides.REQUIRED_LAYOUTS)
    assert {"CENTER_TITLE", "SUBTITLE"} <= kinds["RFZ titel"]
    assert {"TITLE", "OBJECT"} <= kinds["RFZ tekst"]
    assert {"TITLE", "TABLE"} <= kinds["RFZ tabel"]
    assert {"TITLE", "CHART"} <= kinds["RFZ grafiek"]


def test_a_deck_missing_a_layout_gives_a_dutch_error_naming_it(base):
    renamed = with_layout_renamed(base, "RFZ grafiek", "Grafiek oud")
    for key in KEYS:  # every deck checks all layouts up front, also one that would not use it
        with pytest.raises(ValueError, match="Het basisdeck mist de dia-indeling \u201cRFZ grafiek\u201d"):
            slides.render_deck(renamed, key, sample_context())
    assert slides.missing_layouts(renamed) == ["RFZ grafiek"]
    assert "RFZ grafiek" in slides.check_base_deck(renamed)[0]


def test_layouts_are_found_by_name_not_by_position(base):
    # swap the names of the table and text layouts: the table slides must follow the name
    swapped = with_layout_renamed(
        with_layout_renamed(with_layout_renamed(base, "RFZ tabel", "tijdelijk"), "RFZ tekst", "RFZ tabel"),
        "tijdelijk",
        "rfz  TEKST",
    )
    prs = render(swapped, "kickoff_presentatie", sample_context())
    by_title = dict(zip(slide_titles(prs), prs.slides, strict=True))
    table_slide = by_title["De sessies"]
    assert table_slide.slide_layout.name == "RFZ tabel"
    assert any(getattr(shape, "has_table", False) and shape.has_table for shape in table_slide.shapes)
    assert by_title["Wat we van u vragen"].slide_layout.name == "rfz  TEKST"  # case and spaces do not matter
    assert "Sessie met professionals: In contact" in deck_text(prs)


def test_a_house_style_deck_with_example_slides_and_plain_placeholders_works(base):
    """An uploaded deck: example slides in it, and table/chart layouts with an ordinary content placeholder."""
    prs = Presentation(io.BytesIO(base))
    for name, kind in (("RFZ tabel", "tbl"), ("RFZ grafiek", "chart")):
        layout = prs.slide_layouts.get_by_name(name)
        for placeholder in layout.placeholders:
            ph = placeholder._element.ph
            if ph.get("type") == kind:
                del ph.attrib["type"]  # an "object" placeholder, as PowerPoint makes by default
    example = prs.slides.add_slide(prs.slide_layouts.get_by_name("RFZ tekst"))
    example.shapes.title.text_frame.text = "Voorbeelddia van de huisstijl"
    out = io.BytesIO()
    prs.save(out)
    result = render(out.getvalue(), "presentatie_resultatensessie", sample_context())
    text = deck_text(result)
    assert "Voorbeelddia van de huisstijl" not in text
    assert len(charts(result)) == 2 and "Brief herschrijven op B1-niveau" in text


def test_not_a_pptx_gives_a_dutch_error(base, tmp_path):
    with pytest.raises(ValueError, match="geen geldig PowerPoint-bestand"):
        slides.render_deck(b"dit is geen powerpoint", "kickoff_presentatie", sample_context())
    (tmp_path / "leeg.pptx").write_bytes(b"")
    assert "geen geldig PowerPoint-bestand" in slides.check_base_deck(tmp_path / "leeg.pptx")[0]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(CT.PML_PRESENTATION_MAIN.encode(), CT.PML_PRES_MACRO_MAIN.encode())
            target.writestr(name, data)
    assert "macro's" in slides.check_base_deck(out.getvalue())[0]
    with pytest.raises(ValueError, match="Onbekende presentatie"):
        slides.render_deck(base, "projectplan", sample_context())


def test_build_script_recreates_the_base_deck_reproducibly():
    spec = importlib.util.spec_from_file_location("build_base_deck", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    first, second = module.build(), module.build()
    assert first == second
    assert slides.check_base_deck(first) == []
    prs = Presentation(io.BytesIO(first))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 16:9


# --- LibreOffice can open and print every deck ---------------------------------------------------------------


def test_sample_decks_convert_to_pdf_with_libreoffice(base, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("RFZ_REQUIRE_OFFICE") == "1":
            pytest.fail("LibreOffice (soffice) ontbreekt en RFZ_REQUIRE_OFFICE=1")
        pytest.skip("LibreOffice (soffice) is niet geïnstalleerd")
    context = sample_context()
    files = {}
    for key in KEYS:
        data = slides.render_deck(base, key, context)
        path = tmp_path / f"{key}.pptx"
        path.write_bytes(data)
        files[key] = (path, len(Presentation(io.BytesIO(data)).slides))
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *(str(p) for p, _ in files.values()),
        ],
        check=True,
        timeout=120,
        capture_output=True,
    )
    for key, (path, slide_count) in files.items():
        pdf = path.with_suffix(".pdf")
        assert pdf.exists(), f"LibreOffice kon {path.name} niet openen"
        pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))
        assert pages == slide_count >= 1, key
