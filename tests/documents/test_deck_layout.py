"""The decks as a presenter and a room see them: speaker notes, the content file, the statement slide, the
Service Blueprint's swimlanes and the kick-off's timeline.

Pure tests: no database, only DocumentContexts from rfz_project.documents.sample. Positions are read back from
the saved .pptx, so a box that lands outside its lane, its slide or its date shows up here.
"""

from __future__ import annotations

import importlib
import io
import pkgutil
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE
from pptx.enum.text import PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from rfz_project.documents import slides
from rfz_project.documents.context import MISSING, BlueprintStepInfo
from rfz_project.documents.sample import LONG, empty_context, hostile_context, sample_context

CONTEXTS = {"sample": sample_context, "hostile": hostile_context, "empty": empty_context}


@pytest.fixture(scope="module")
def base() -> bytes:
    return slides.base_deck_path().read_bytes()


def render(base, key, context, session_id=None) -> Presentation:
    return Presentation(io.BytesIO(slides.render_deck(base, key, context, session_id)))


def professionals(context):
    return replace(context, sessies=tuple(replace(s, with_inwoners=False) for s in context.sessies))


def titles(prs) -> list[str]:
    return [slide.shapes.title.text_frame.text.replace("\v", "\n") for slide in prs.slides]


def notes_of(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def autoshapes(slide):
    return [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]


def inside(shape, box) -> bool:
    left, top, width, height = box
    return (
        shape.left >= left
        and shape.top >= top
        and shape.left + shape.width <= left + width
        and shape.top + shape.height <= top + height
    )


# --- 1. speaker notes on every slide -------------------------------------------------------------------------

# (deck, context, sessie): every deck, for a full, a hostile and an empty project, and the inwoner variants
VARIANTS = [
    *((key, kind, None) for key in slides.DOCUMENT_KEYS for kind in CONTEXTS),
    ("presentatie_optie_a", "sample", 2),  # sessie 2 is with inwoners: the plain-words decks
    ("presentatie_optie_b", "sample", 2),
    ("presentatie_optie_a", "sample", 3),  # a sessie with professionals
]


@pytest.mark.parametrize(("key", "kind", "sessie"), VARIANTS)
def test_every_slide_has_a_note_for_the_presenter(base, key, kind, sessie):
    prs = render(base, key, CONTEXTS[kind](), sessie)
    all_notes = set(_all_prose_notes())
    for number, slide in enumerate(prs.slides, start=1):
        note = notes_of(slide)
        assert note.strip(), f"dia {number} ({titles(prs)[number - 1]!r}) heeft geen notitie"
        assert note in all_notes, "the note is one of the content file's notes, unchanged"
    names = [slide.notes_slide.part.partname for slide in prs.slides]
    assert len(set(names)) == len(names), "each slide its own notes page"


def _all_prose_notes() -> list[str]:
    return [slides.PROSE(key) for key in slides.PROSE_KEYS if key.endswith("notitie")]


def test_notes_say_what_to_ask_how_long_and_what_to_record():
    notes = _all_prose_notes()
    assert len(notes) >= 30
    text = " ".join(notes).lower()
    assert "minuten" in text and "noteer" in text and "vraag" in text
    for note in notes:
        assert len(note) < 400, "a note is read at a glance during the session"


def test_inwoner_deck_notes_differ_from_the_professional_deck(base):
    context = sample_context()
    inwoners = [notes_of(s) for s in render(base, "presentatie_optie_b", context, 2).slides]
    professional = [notes_of(s) for s in render(base, "presentatie_optie_b", professionals(context), 2).slides]
    assert slides.PROSE("inwoners.weg_notitie") in inwoners
    assert slides.PROSE("optie_b.blueprint_notitie") in professional
    assert slides.PROSE("optie_b.blueprint_notitie") not in inwoners


# --- 2. the decks' words come from presentaties.toml ---------------------------------------------------------


def package_modules() -> list:
    """The slides package and every module in it."""
    names = [f"{slides.__name__}.{module.name}" for module in pkgutil.iter_modules(slides.__path__)]
    return [slides, *(importlib.import_module(name) for name in names)]


def test_every_key_the_code_asks_for_is_listed_and_every_listed_key_is_used():
    source = "\n".join(Path(module.__file__).read_text(encoding="utf-8") for module in package_modules())
    used = set(re.findall(r"(?:PROSE|PROSE\.lines|_items)\(\s*[\"']([a-z_]+\.[a-z_]+)[\"']", source))
    # the action lists are asked for by a pattern: resultaten.{quick_wins,later}_{titel,leeg,notitie}, and
    # resultaten.open_{titel,notitie} (a list that is only there when it has actions)
    used |= {f"resultaten.{k}_{p}" for k in ("quick_wins", "later") for p in ("titel", "leeg", "notitie")}
    used |= {"resultaten.open_titel", "resultaten.open_notitie"}
    assert used <= set(slides.PROSE_KEYS), used - set(slides.PROSE_KEYS)
    assert set(slides.PROSE_KEYS) <= used, set(slides.PROSE_KEYS) - used


def _write(tmp_path, text: str) -> Path:
    path = tmp_path / "presentaties.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_text_stops_loading_with_a_message_that_names_it(tmp_path):
    shipped = slides.PROSE_PATH.read_text(encoding="utf-8")
    without = re.sub(r"(?m)^tijdlijn_titel = .*\n", "", shipped)
    assert without != shipped
    with pytest.raises(ValueError, match=r"kickoff\.tijdlijn_titel ontbreekt"):
        slides.load_prose(_write(tmp_path, without))


def test_an_unknown_field_an_empty_text_or_a_lost_lane_stops_loading(tmp_path):
    shipped = slides.PROSE_PATH.read_text(encoding="utf-8")
    typo = shipped.replace('titel = "Kick-off: {project}"', 'titel = "Kick-off: {projekt}"')
    with pytest.raises(ValueError, match=r"kickoff\.titel noemt een onbekend veld: projekt"):
        slides.load_prose(_write(tmp_path, typo))
    empty = shipped.replace('later_titel = "Later"', 'later_titel = " "')
    with pytest.raises(ValueError, match=r"resultaten\.later_titel ontbreekt of is leeg"):
        slides.load_prose(_write(tmp_path, empty))
    one_lane_less = shipped.replace('[[optie_b.lagen]]\nnaam = "Ondersteuning"', '[optie_b.extra]\nnaam = "x"')
    with pytest.raises(ValueError, match=r"optie_b\.lagen moet precies 4 lagen"):
        slides.load_prose(_write(tmp_path, one_lane_less))
    with pytest.raises(ValueError, match="niet te lezen"):
        slides.load_prose(_write(tmp_path, "[kickoff\n"))


def test_the_shipped_file_loads_and_an_edit_shows_in_the_deck(base, tmp_path, monkeypatch):
    shipped = slides.PROSE_PATH.read_text(encoding="utf-8")
    assert slides.load_prose()("kickoff.titel", project="X") == "Kick-off: X"
    edited = shipped.replace('vragen_titel = "Wat we van u vragen"', 'vragen_titel = "Onze vraag aan u"')
    loaded, edited_prose = slides.PROSE, slides.load_prose(_write(tmp_path, edited))
    for module in package_modules():  # each module that makes slides imports PROSE by name
        if getattr(module, "PROSE", None) is loaded:
            monkeypatch.setattr(module, "PROSE", edited_prose)
    assert "Onze vraag aan u" in titles(render(base, "kickoff_presentatie", sample_context()))


def test_user_text_with_braces_is_never_read_as_a_field(base):
    context = replace(sample_context(), project_name="Project {gemeente} {0}")
    assert titles(render(base, "kickoff_presentatie", context))[0] == "Kick-off: Project {gemeente} {0}"


# --- 3. the central question as a statement slide ------------------------------------------------------------


@pytest.mark.parametrize("key", ["kickoff_presentatie", "presentatie_resultatensessie"])
def test_the_central_question_is_a_statement_slide_with_nothing_else(base, key):
    context = sample_context()
    prs = render(base, key, context)
    slide = prs.slides[titles(prs).index(context.central_question)]
    assert slide.slide_layout.name == slides.TITLE_LAYOUT
    assert [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame] == [context.central_question]
    assert len(slide.shapes) == 1
    title = slide.shapes.title
    assert all(p.alignment == PP_ALIGN.CENTER for p in title.text_frame.paragraphs)
    assert all(run.font.size == slides.STATEMENT_FONT for p in title.text_frame.paragraphs for run in p.runs)
    assert title.width > prs.slide_width * 0.7 and title.height > prs.slide_height * 0.6, "large, not a title bar"
    assert inside(title, (0, 0, prs.slide_width, prs.slide_height))
    assert "fontScale" not in title.text_frame._txBody.bodyPr.xml, "a short question keeps its full size"


@pytest.mark.parametrize("key", ["kickoff_presentatie", "presentatie_resultatensessie"])
def test_without_a_central_question_there_is_no_statement_slide(base, key):
    context = replace(sample_context(), central_question="  ")
    prs = render(base, key, context)
    assert all(slide.slide_layout.name != slides.TITLE_LAYOUT for slide in list(prs.slides)[1:])
    assert MISSING not in titles(prs)


# --- 4. the Service Blueprint as swimlanes -------------------------------------------------------------------


def blueprint_deck(base, steps):
    context = professionals(sample_context())
    sessions = (context.sessies[0], replace(context.sessies[1], blueprint=tuple(steps)), context.sessies[2])
    return render(base, "presentatie_optie_b", replace(context, sessies=sessions), 2)


def blueprint_slides(prs):
    return [
        slide for slide, title in zip(prs.slides, titles(prs), strict=True) if title.startswith("Service Blueprint")
    ]


def lane_boxes(slide):
    """Lane label shapes by name, top to bottom."""
    names = [lane for lane, _, _ in slides.BLUEPRINT_LANES]
    return sorted((s for s in autoshapes(slide) if s.name in names), key=lambda s: s.top)


def steps(count, text=lambda n: f"doet {n}"):
    return [
        BlueprintStepInfo(f"Stap titel {n}", text(n), f"ziet {n}", f"achter {n}", f"systeem {n}")
        for n in range(1, count + 1)
    ]


def test_blueprint_lanes_have_labels_on_the_left_lines_between_and_steps_left_to_right(base):
    prs = blueprint_deck(base, steps(4))
    (slide,) = blueprint_slides(prs)
    assert slide.shapes[0] == slide.shapes.title or slide.shapes[0].shape_id == slide.shapes.title.shape_id
    labels = lane_boxes(slide)
    assert [s.text_frame.text for s in labels] == [lane for lane, _, _ in slides.BLUEPRINT_LANES]
    lines = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.LINE]
    assert len(lines) == len(labels) - 1
    for line, lower in zip(lines, labels[1:], strict=True):
        assert line.top <= lower.top and line.height == 0, "a horizontal line just above each next lane"
    by_text = {s.text_frame.text: s for s in autoshapes(slide)}
    for lane_label, prefix in zip(labels, ("doet", "ziet", "achter", "systeem"), strict=True):
        cards = [by_text[f"{prefix} {n}"] for n in range(1, 5)]
        assert [c.left for c in cards] == sorted(c.left for c in cards), "steps in order, left to right"
        for card in cards:
            assert card.left >= lane_label.left + lane_label.width, "the label is left of the steps"
            assert lane_label.top <= card.top and card.top + card.height <= lane_label.top + lane_label.height + 1
    for n in range(1, 5):
        header, first_card = by_text[f"{n}. Stap titel {n}"], by_text[f"doet {n}"]
        assert header.top + header.height <= first_card.top and header.left == first_card.left
    for shape in slide.shapes:
        assert inside(shape, (0, 0, prs.slide_width, prs.slide_height)), shape.name


def test_a_long_blueprint_continues_five_steps_a_slide_and_long_text_wraps_and_shrinks(base):
    prs = blueprint_deck(base, steps(12, text=lambda n: LONG[: 40 * n] if n == 7 else f"doet {n}"))
    parts = blueprint_slides(prs)
    assert [
        len([s for s in autoshapes(p) if s.text_frame.text.startswith("doet") or s.text_frame.text.startswith("Lange")])
        for p in parts
    ] == [5, 5, 2]
    long_card = next(s for s in autoshapes(parts[1]) if s.text_frame.text.startswith("Lange"))
    frame = long_card.text_frame
    assert frame.text == LONG[: 40 * 7], "never cut"
    assert frame.word_wrap is True and "fontScale" in frame._txBody.bodyPr.xml
    short_card = next(s for s in autoshapes(parts[0]) if s.text_frame.text == "doet 1")
    assert "fontScale" not in short_card.text_frame._txBody.bodyPr.xml


def test_an_empty_blueprint_is_empty_lanes_to_fill_in_and_a_missing_value_is_marked(base):
    prs = blueprint_deck(base, [])
    (slide,) = blueprint_slides(prs)
    assert titles(prs)[list(prs.slides).index(slide)] == slides.PROSE("optie_b.blueprint_leeg")
    dashed = [s for s in autoshapes(slide) if s.text_frame.text == MISSING]
    assert len(dashed) == 3 * len(slides.BLUEPRINT_LANES)
    assert all('prstDash val="dash"' in s.line._ln.xml for s in dashed)
    prs = blueprint_deck(base, [BlueprintStepInfo("Brief", "leest", "", "maakt op", "zaaksysteem")])
    (slide,) = blueprint_slides(prs)
    assert [s.text_frame.text for s in autoshapes(slide)].count(MISSING) == 1


# --- 5. the kick-off's timeline ------------------------------------------------------------------------------


def timeline(prs):
    return [slide for slide, title in zip(prs.slides, titles(prs), strict=True) if title.startswith("Tijdlijn")]


def bars(slide, shape_type):
    return {s.name: s for s in autoshapes(slide) if s.auto_shape_type == shape_type}


def test_timeline_has_a_bar_per_phase_a_marker_per_sessie_months_and_today(base):
    context = sample_context()  # phases 5 jan - 7 jun 2026, today 2 March 2026
    prs = render(base, "kickoff_presentatie", context)
    (slide,) = timeline(prs)
    phase_bars = bars(slide, MSO_SHAPE.RECTANGLE)
    phase_bars = {name: bar for name, bar in phase_bars.items() if bar.text_frame.text == ""}
    assert list(phase_bars) == [f"{p.number}. {p.label}" for p in context.phases]
    ordered = list(phase_bars.values())
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        assert earlier.left < later.left and earlier.top < later.top, "later phases to the right, one row each"
        assert abs(earlier.left + earlier.width - later.left) < 120_000, "one phase ends where the next starts"
    markers = bars(slide, MSO_SHAPE.DIAMOND)
    assert list(markers) == [s.title for s in context.sessies]
    texts = [s.text_frame.text for s in autoshapes(slide)]
    for month in ("jan 2026", "feb", "mrt", "apr", "mei", "jun"):
        assert month in texts
    today_label = next(s for s in autoshapes(slide) if s.text_frame.text == "vandaag")
    kickoff_day = markers[context.sessies[0].title]  # 16 February, two weeks before today
    second = markers[context.sessies[1].title]  # 2 March: today
    today_x = today_label.left + today_label.width / 2
    assert kickoff_day.left < today_x and abs(second.left + second.width / 2 - today_x) < 60_000
    assert notes_of(slide) == slides.PROSE("kickoff.tijdlijn_notitie")
    for shape in slide.shapes:
        assert inside(shape, (0, 0, prs.slide_width, prs.slide_height)), shape.name


def test_timeline_without_today_in_range_has_no_today_marker_and_many_rows_continue(base):
    context = sample_context(today=date(2027, 1, 1))
    many = tuple(
        replace(context.sessies[2], id=100 + n, title=f"Sessie {n}", on_date=date(2026, 2, 16) + timedelta(days=3 * n))
        for n in range(20)
    )
    prs = render(base, "kickoff_presentatie", replace(context, sessies=many))
    parts = timeline(prs)
    # ten rows a slide: the three phases on every slide, so each can be read alone, and seven sessies
    assert [titles(prs)[list(prs.slides).index(part)] for part in parts] == [f"Tijdlijn ({n} van 3)" for n in (1, 2, 3)]
    markers = [list(bars(part, MSO_SHAPE.DIAMOND)) for part in parts]
    assert [name for names in markers for name in names] == [s.title for s in many], "every sessie once, in order"
    assert [len(names) for names in markers] == [7, 7, 6]
    axis = None
    for part in parts:
        assert "vandaag" not in [s.text_frame.text for s in autoshapes(part)]
        phase_bars = [s for s in autoshapes(part) if s.auto_shape_type == MSO_SHAPE.RECTANGLE and not s.text_frame.text]
        assert [b.name for b in phase_bars] == [f"{p.number}. {p.label}" for p in context.phases]
        assert axis in (None, [b.left for b in phase_bars]), "the same date axis on every part"
        axis = [b.left for b in phase_bars]
        for shape in part.shapes:
            assert inside(shape, (0, 0, prs.slide_width, prs.slide_height))


def test_a_project_without_planning_or_sessies_gets_no_empty_timeline(base):
    context = replace(empty_context(), phases=(), sessies=())
    assert timeline(render(base, "kickoff_presentatie", context)) == []


# --- the XML written directly ---------------------------------------------------------------------------------


def test_control_characters_and_markup_in_tables_and_drawings_are_written_safely(base):
    odd = 'A\x01b\x0c <c> & "d" \U0001f9fe\nregel twee'
    context = professionals(sample_context())
    step = BlueprintStepInfo(odd, odd, odd, odd, odd)
    sessions = (context.sessies[0], replace(context.sessies[1], blueprint=(step,), title=odd), context.sessies[2])
    context = replace(context, sessies=sessions, project_name=odd)
    for key in ("kickoff_presentatie", "presentatie_optie_b"):
        prs = render(base, key, context, 2 if key == "presentatie_optie_b" else None)
        texts = [s.text_frame.text for slide in prs.slides for s in slide.shapes if s.has_text_frame]
        cells = [
            c.text_frame.text
            for slide in prs.slides
            for s in slide.shapes
            if s.has_table
            for row in s.table.rows
            for c in row.cells
        ]
        clean = 'Ab <c> & "d" \U0001f9fe\vregel twee'  # the line break stays a line break, in one paragraph
        assert any(clean in text for text in texts + cells), key
        assert not any("\x01" in text or "\x0c" in text for text in texts + cells)


def test_the_phone_number_on_an_inwoner_deck_never_breaks_over_two_lines(base):
    context = sample_context()
    closing = list(render(base, "presentatie_optie_a", context, 2).slides)[-1]
    text = "\n".join(s.text_frame.text for s in closing.shapes if s.has_text_frame)
    assert "bel 077\u00a0123\u00a045\u00a067 of mail naar pl@venlo.example" in text


def test_a_long_table_is_spread_evenly_over_its_slides(base):
    context = sample_context()
    many = tuple(replace(context.sessies[1], id=100 + n, title=f"Sessie nummer {n}") for n in range(40))
    prs = render(base, "kickoff_presentatie", replace(context, sessies=many))
    parts = [s for s, t in zip(prs.slides, titles(prs), strict=True) if t.startswith("De sessies")]
    rows = [len(next(sh for sh in part.shapes if sh.has_table).table.rows) - 1 for part in parts]
    assert sum(rows) == 40 and len(rows) > 1
    assert max(rows) - min(rows) <= 1, rows  # no last slide with a row or two
    for part in parts:
        table = next(sh for sh in part.shapes if sh.has_table)
        assert table.top + table.height <= prs.slide_height - 200_000, "each part stays above the footer band"


def test_a_house_style_deck_with_its_own_notes_and_example_slides_keeps_one_notes_master(base):
    prs = Presentation(io.BytesIO(base))
    example = prs.slides.add_slide(prs.slide_layouts[1])
    example.notes_slide.notes_text_frame.text = "Voorbeeldnotitie van de huisstijl"
    master_xml = prs.notes_master._element
    master_xml.cSld.set("name", "Huisstijl notities")
    out = io.BytesIO()
    prs.save(out)
    deck = render(out.getvalue(), "kickoff_presentatie", sample_context())
    masters = {slide.notes_slide.part.part_related_by(RT.NOTES_MASTER).partname for slide in deck.slides}
    assert len(masters) == 1 and deck.notes_master._element.cSld.get("name") == "Huisstijl notities"
    assert all(notes_of(slide).strip() for slide in deck.slides)
    assert "Voorbeeldnotitie van de huisstijl" not in [notes_of(slide) for slide in deck.slides]
    # and the product's deck after it still gets its own (python-pptx's) notes master, not the house style's
    again = render(base, "kickoff_presentatie", sample_context())
    assert again.notes_master._element.cSld.get("name") != "Huisstijl notities"
    listed = again.part._element.xpath("./p:notesMasterIdLst/p:notesMasterId/@r:id")
    assert len(listed) == 1 and again.part.related_part(listed[0]) is again.notes_master.part


def test_the_title_is_read_first_even_when_the_house_style_layout_puts_it_last(base):
    prs = Presentation(io.BytesIO(base))
    for layout in prs.slide_layouts:
        tree = layout.shapes._spTree
        title = next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 0)._element
        tree.append(title)  # the title box last in the layout's shape tree
    out = io.BytesIO()
    prs.save(out)
    for key in ("kickoff_presentatie", "presentatie_resultatensessie"):
        deck = render(out.getvalue(), key, sample_context())
        for slide in deck.slides:
            assert slide.shapes[0].shape_id == slide.shapes.title.shape_id, titles(deck)[list(deck.slides).index(slide)]
