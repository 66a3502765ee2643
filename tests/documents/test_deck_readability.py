"""What a page-by-page read of the decks asked for: text that stays readable and says things once.

Pure tests: no database, only DocumentContexts from rfz_project.documents.sample. Each reopens the saved .pptx
and reads the sizes, titles, tables and charts as PowerPoint or LibreOffice would get them.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Pt

from rfz_project.documents import slides
from rfz_project.documents.context import FindingInfo
from rfz_project.documents.sample import sample_context

ROUTE = (
    "Op zoek",
    "In beeld",
    "In contact",
    "In gesprek",
    "Rust en overzicht",
    "Plaatje compleet en perspectief",
    "Trots en financieel fit",
    "Met vertrouwen de toekomst tegemoet",
)


@pytest.fixture(scope="module")
def base() -> bytes:
    return slides.base_deck_path().read_bytes()


def render(base, key, context, sessie_id=None) -> Presentation:
    return Presentation(io.BytesIO(slides.render_deck(base, key, context, sessie_id)))


def titles(prs) -> list[str]:
    return [slide.shapes.title.text_frame.text.replace("\v", "\n") for slide in prs.slides]


def slides_titled(prs, start: str) -> list:
    return [slide for slide, title in zip(prs.slides, titles(prs), strict=True) if title.startswith(start)]


def body_text(slide) -> str:
    """The slide's text without its title."""
    return "\n".join(
        shape.text_frame.text
        for shape in slide.shapes
        if shape.has_text_frame and shape != slide.shapes.title and shape.text_frame.text
    )


def table_of(slide):
    return next(shape.table for shape in slide.shapes if getattr(shape, "has_table", False) and shape.has_table)


def rows_of(slide) -> list[list[str]]:
    return [[cell.text_frame.text.replace("\v", "\n") for cell in row.cells] for row in table_of(slide).rows]


def sizes_of_table(slide) -> set[float]:
    return {
        run.font.size.pt
        for row in table_of(slide).rows
        for cell in row.cells
        for paragraph in cell.text_frame.paragraphs
        for run in paragraph.runs
    }


def shrinks(slide) -> bool:
    """Whether any text on the slide (its title aside) carries a hint to shrink."""
    return any(
        "fontScale" in shape.text_frame._txBody.bodyPr.xml
        for shape in slide.shapes
        if shape.has_text_frame and shape != slide.shapes.title
    )


def whole_route(context):
    first = context.mijlpalen[0]
    mijlpalen = tuple(
        replace(first, key=f"m{number}", number=number, label=label) for number, label in enumerate(ROUTE, start=1)
    )
    return replace(context, mijlpalen=mijlpalen)


# --- kick-off ------------------------------------------------------------------------------------------------


def test_eight_mijlpalen_get_their_own_slide_in_full_size(base):
    prs = render(base, "kickoff_presentatie", whole_route(sample_context()))
    (what,) = slides_titled(prs, "Wat we gaan doen")
    (route,) = slides_titled(prs, "De mijlpalen van dit project")
    assert titles(prs).index("De mijlpalen van dit project") == titles(prs).index("Wat we gaan doen") + 1
    assert "Mijlpalen: 8, zie de volgende dia" in body_text(what)
    assert not any(label in body_text(what) for label in ROUTE[1:])  # "Op zoek" is no word of the scope text
    assert body_text(route).splitlines() == [f"{n}. {label}" for n, label in enumerate(ROUTE, start=1)]
    assert not shrinks(what) and not shrinks(route), "neither slide needs smaller text"


def test_two_mijlpalen_stay_on_the_slide_of_what_we_do(base):
    context = sample_context()
    prs = render(base, "kickoff_presentatie", context)
    (what,) = slides_titled(prs, "Wat we gaan doen")
    assert not slides_titled(prs, "De mijlpalen van dit project")
    for mijlpaal in context.mijlpalen:
        assert f"{mijlpaal.number}. {mijlpaal.label}" in body_text(what)


def test_the_timeline_labels_all_have_one_size_also_when_a_sessie_name_takes_two_lines(base):
    context = sample_context()
    long_name = "Sessie met professionals: Trots en financieel fit, Met vertrouwen de toekomst tegemoet"
    sessies = (*context.sessies[:-1], replace(context.sessies[-1], title=long_name))
    context = replace(context, sessies=sessies)
    prs = render(base, "kickoff_presentatie", context)
    (slide,) = slides_titled(prs, "Tijdlijn")
    labels = {f"{p.number}. {p.label}" for p in context.phases} | {s.title for s in context.sessies}
    boxes = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and s.text_frame.text in labels]
    assert {box.text_frame.text for box in boxes} == labels
    sizes = {run.font.size for box in boxes for paragraph in box.text_frame.paragraphs for run in paragraph.runs}
    assert sizes == {Pt(12)}, "one size, and the long name still fits at full size"
    assert not any("normAutofit" in box.text_frame._txBody.bodyPr.xml for box in boxes), "none shrinks on its own"


def test_many_sessies_make_the_labels_smaller_but_still_one_size(base):
    context = sample_context()
    many = tuple(
        replace(context.sessies[1], id=100 + n, title=f"Sessie met inwoners: {ROUTE[n % 8]}, {ROUTE[(n + 1) % 8]}")
        for n in range(8)
    )
    prs = render(base, "kickoff_presentatie", replace(context, sessies=many))
    names = {f"{p.number}. {p.label}" for p in context.phases} | {s.title for s in many}
    sizes = {
        run.font.size
        for slide in slides_titled(prs, "Tijdlijn")
        for box in slide.shapes
        if box.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and box.text_frame.text in names
        for paragraph in box.text_frame.paragraphs
        for run in paragraph.runs
    }
    assert len(sizes) == 1 and Pt(9) <= sizes.pop() <= Pt(12), "one size on every slide of the timeline"


def test_the_sessies_table_names_the_mijlpalen_once(base):
    context = sample_context()
    own = replace(context.sessies[2], title="Werkatelier bij de bibliotheek", has_own_title=True)
    context = replace(context, sessies=(context.sessies[0], context.sessies[1], own))
    prs = render(base, "kickoff_presentatie", context)
    (slide,) = slides_titled(prs, "De sessies")
    header, *rows = rows_of(slide)
    assert header[0] == "Sessie" and header[-1] == "Mijlpalen"
    for row, sessie in zip(rows, context.sessies, strict=True):
        assert row[0] == (sessie.title if sessie.has_own_title else sessie.type_label)
        for mijlpaal in sessie.mijlpalen:
            assert mijlpaal in row[-1] and mijlpaal not in row[0], (row, "a mijlpaal said twice")


# --- the inwoners' deck: what they said ------------------------------------------------------------------------


def _said(context, texts):
    inwoners = context.sessies[1]
    found = tuple(FindingInfo(text, "Op zoek", "Inwoner", "", inwoners.title, False) for text in texts)
    return replace(context, sessies=(context.sessies[0], replace(inwoners, findings=found), *context.sessies[2:]))


def test_what_inwoners_said_is_shown_as_large_quotes_not_a_small_table(base):
    said = ["Ik wist niet waar ik moest beginnen.", "Op de website vond ik niets in gewone woorden."]
    prs = render(base, "presentatie_optie_a", _said(sample_context(), said), 2)
    (slide,) = slides_titled(prs, "Hulp zoeken en vinden: wat we van u hoorden")
    assert not any(getattr(shape, "has_table", False) and shape.has_table for shape in slide.shapes)
    assert body_text(slide).splitlines() == [f"\u201c{text}\u201d" for text in said]
    body = next(s for s in slide.shapes if s.has_text_frame and s.text_frame.text.startswith("\u201c"))
    assert {run.font.size for p in body.text_frame.paragraphs for run in p.runs} == {slides.QUOTE_FONT}
    assert not shrinks(slide)


def test_many_quotes_continue_evenly_over_slides_in_full_size(base):
    said = [f"Verhaal {n}: " + "ik moest steeds opnieuw uitleggen wat er aan de hand was. " * 2 for n in range(9)]
    prs = render(base, "presentatie_optie_a", _said(sample_context(), said), 2)
    parts = slides_titled(prs, "Hulp zoeken en vinden: wat we van u hoorden")
    assert len(parts) > 1
    counts = [len(body_text(part).splitlines()) for part in parts]
    assert sum(counts) == 9 and max(counts) - min(counts) <= 1, counts
    assert all(f"({n} van {len(parts)})" in slide.shapes.title.text_frame.text for n, slide in enumerate(parts, 1))
    assert not any(shrinks(part) for part in parts)


# --- option B ------------------------------------------------------------------------------------------------


def _professionals(context, status: str):
    sessies = tuple(replace(s, with_inwoners=False, status=status) for s in context.sessies)
    return replace(context, sessies=sessies)


@pytest.mark.parametrize(
    ("status", "title"),
    [("Afgerond", "De Service Blueprint die we maakten"), ("Concept", "Service Blueprint tot nu toe")],
)
def test_the_blueprint_of_a_held_sessie_is_what_it_made(base, status, title):
    prs = render(base, "presentatie_optie_b", _professionals(sample_context(), status), 2)
    blueprint = [t for t in titles(prs) if "Service Blueprint" in t and t != "Van reis naar Service Blueprint"]
    assert blueprint == [title]


def test_the_title_slides_of_option_a_and_b_name_the_project(base):
    context = _professionals(sample_context(), "Concept")
    for key, sessie in (("presentatie_optie_a", 3), ("presentatie_optie_b", 2)):
        first = render(base, key, context, sessie).slides[0]
        assert f"Project: {context.project_name}" in body_text(first), key


# --- resultatensessie ----------------------------------------------------------------------------------------


def test_where_a_finding_came_from_does_not_repeat_its_mijlpalen(base):
    context = sample_context()
    prs = render(base, "presentatie_resultatensessie", context)
    (slide,) = slides_titled(prs, "Thema: Communicatie")
    header, row = rows_of(slide)
    assert header == ["Bevinding", "Mijlpaal", "Uit sessie"]
    sessie = context.sessies[1]
    assert row[1] == "In beeld"
    assert row[2] == f"{sessie.type_label}\n2 maart 2026"
    assert not any(mijlpaal in row[2] for mijlpaal in sessie.mijlpalen)


def _actions(context, quick: int, later: int):
    template = context.actions[0]
    made = [
        replace(template, title=f"Actie {timing} {n}", timing_key=timing)
        for timing, count in (("quick_win", quick), ("later", later))
        for n in range(count)
    ]
    return replace(context, actions=tuple(made))


def test_short_tables_take_larger_text(base):
    prs = render(base, "presentatie_resultatensessie", _actions(sample_context(), quick=3, later=2))
    for title in ("Quick wins: nu", "Later"):
        (slide,) = slides_titled(prs, title)
        assert sizes_of_table(slide) == {slides.TABLE_FONTS[0].pt}, (title, "a few rows fill their slide in large text")


def test_a_long_table_keeps_its_rows_in_one_size_spread_evenly(base):
    prs = render(base, "presentatie_resultatensessie", _actions(sample_context(), quick=0, later=60))
    later = slides_titled(prs, "Later")
    assert len(later) > 1
    assert len({frozenset(sizes_of_table(part)) for part in later}) == 1, "one size on every slide"
    assert all(max(sizes_of_table(part)) < slides.TABLE_FONTS[0].pt for part in later), "sixty rows: smaller text"
    # as many slides as the smallest text needs, filled evenly (never eight rows and then one)
    counts = [len(table_of(part).rows) - 1 for part in later]
    assert sum(counts) == 60 and max(counts) - min(counts) <= 2, counts


def test_the_action_tables_share_one_size(base):
    prs = render(base, "presentatie_resultatensessie", _actions(sample_context(), quick=9, later=14))
    parts = slides_titled(prs, "Quick wins: nu") + slides_titled(prs, "Later")
    assert len({frozenset(sizes_of_table(part)) for part in parts}) == 1


def test_the_tables_of_the_themes_share_one_size(base):
    context = sample_context()
    finding = context.themes[0].findings[0]
    long = tuple(replace(finding, text=f"Bevinding {n}: " + "lang verhaal over de brief. " * 3) for n in range(6))
    themes = (context.themes[0], replace(context.themes[1], findings=long), *context.themes[2:])
    prs = render(base, "presentatie_resultatensessie", replace(context, themes=themes))
    parts = slides_titled(prs, "Thema: ")
    assert len(parts) >= 2
    assert len({frozenset(sizes_of_table(part)) for part in parts}) == 1, "one finding or six: the same size"
    # on its own, the short table would have taken a larger size than the long one
    area, widths = slides._table_geometry(slides._Deck(base), (5, 2, 3))
    header = ("Bevinding", "Mijlpaal", "Uit sessie")
    alone = [
        slides._plan_table(
            header, [(f.text, "In beeld", "Sessie met inwoners") for f in found], widths, area[3] / 12700
        )
        for found in ((finding,), long)
    ]
    assert alone[0].size > alone[1].size


def test_a_larger_size_never_breaks_a_word_or_an_amount(base):
    widths = [120.0, 300.0]
    rows = [("€ 45.000,00", "kort")]  # the space after € is a plain one, as in every amount of the decks
    longest = slides._longest_words(rows, widths, 14)
    assert longest == [11, 4]  # "€ 45.000,00" is one word of eleven characters
    assert not slides._words_fit(longest, widths, 18) and slides._words_fit(longest, widths, 16)
    plan = slides._plan_table(("Budget", "Actie"), rows, widths, 400)
    assert plan.size == Pt(16) and plan.per_slide == [1], "the largest size at which the amount stays whole"


def test_a_web_address_that_breaks_anyway_does_not_keep_the_text_small(base):
    widths = [100.0, 300.0]
    rows = [("https://meet.example/venlo-bedrijfsvoering", "kort")]
    assert slides._plan_table(("Waar", "Wat"), rows, widths, 400).size == slides.TABLE_FONTS[0]


def test_the_budget_axis_has_a_few_round_steps_and_the_action_legend_starts_with_quick_wins(base):
    context = sample_context()  # budgets up to € 45.000
    prs = render(base, "presentatie_resultatensessie", context)
    budget, actions = [shape.chart for slide in prs.slides for shape in slide.shapes if shape.has_chart]
    largest = max(float(theme.budget) for theme in context.themes)
    assert budget.value_axis.major_unit == 10_000 and largest / budget.value_axis.major_unit <= slides.AXIS_TICKS
    # upright columns: the legend lists the series in their order in PowerPoint and LibreOffice alike
    assert actions.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert [s.name for s in actions.plots[0].series][:2] == ["Quick win (nu)", "Later"]
    assert actions.has_legend and actions.value_axis.major_unit == 1


@pytest.mark.parametrize(
    ("largest", "whole", "step"),
    [(47_500, False, 10_000), (3_750, False, 1_000), (120_000, False, 25_000), (3, True, 1), (12, True, 3)],
)
def test_axis_steps_are_round_and_at_most_five(largest, whole, step):
    assert slides._axis_step(largest, whole=whole) == step
    assert largest / step <= slides.AXIS_TICKS


def test_an_axis_without_values_is_left_to_the_program():
    assert slides._axis_step(0) is None and slides._axis_step(0, whole=True) == 1
