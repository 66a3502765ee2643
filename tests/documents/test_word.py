"""The Word renderer: the standard templates filled from sample, hostile and empty contexts, and a sandbox
that keeps templates (including uploaded ones) from breaking the document or running code.

Pure: no database. One test converts the rendered documents to PDF with LibreOffice.
"""

from __future__ import annotations

import functools
import io
import os
import re
import runpy
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError

from rfz_project.documents import word
from rfz_project.documents.context import MISSING
from rfz_project.documents.sample import HOSTILE, LONG, empty_context, hostile_context, sample_context

KEYS = word.WORD_TEMPLATE_KEYS
CONTEXTS = {"sample": sample_context, "hostile": hostile_context, "empty": empty_context}
BUILD_SCRIPT = Path(word.TEMPLATE_DIR) / "build_word_templates.py"


# --- helpers ----------------------------------------------------------------------------------------


def document_text(data: bytes) -> str:
    """All text in document order (tables included), then headers and footers; a <w:br/> reads as "\\n"."""
    document = Document(io.BytesIO(data))
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    return "\n".join(Paragraph(p, document).text for part in parts for p in part.iter(qn("w:p")))


@functools.cache
def rendered(key: str, context_name: str) -> bytes:
    return word.render_word(word.word_template_path(key), key, CONTEXTS[context_name]())


@functools.cache
def text_of(key: str, context_name: str) -> str:
    return document_text(rendered(key, context_name))


def make_template(*paragraphs: str, header: str = "", title: str = "") -> bytes:
    """A .docx template made on the spot, one paragraph per string."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if title:
        document.core_properties.title = title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_one(text: str, context=None, key: str = "projectplan") -> str:
    """The body text of a one-paragraph template (the empty header and footer paragraphs left off)."""
    return document_text(word.render_word(make_template(text), key, context or sample_context())).rstrip("\n")


# --- the standard templates -------------------------------------------------------------------------


@pytest.mark.parametrize("context_name", CONTEXTS)
@pytest.mark.parametrize("key", KEYS)
def test_document_shows_the_projects_own_data(key, context_name):
    context = CONTEXTS[context_name]()
    text = text_of(key, context_name)

    assert "Venlo" in text
    held = key.startswith("uitnodiging") and context.sessies and context.sessies[0].on_date < context.today
    assert context.today.year == 2026 and ("2 maart 2026" in text) != held  # a held sessie's letter is undated
    if key != "uitnodiging_inwoners":  # the letter to inwoners speaks plain language, not project titles
        assert context.project_name in text
        assert context.central_question in text


@pytest.mark.parametrize("key", KEYS)
def test_hostile_text_arrives_intact_with_its_line_break(key):
    text = text_of(key, "hostile")

    # markup characters, quotes, template syntax and emoji as typed; the newline became a real line break
    assert HOSTILE in text
    assert "<b>tags</b> & \"aanhalingstekens\" 'enkel' {{ geen_code }} 💶🧾\nop een tweede regel" in text


@pytest.mark.parametrize("key", [k for k in KEYS if k != "uitnodiging_inwoners"])
def test_ten_thousand_characters_of_text_are_all_there(key):
    assert hostile_context().central_question.endswith(LONG)
    assert LONG in text_of(key, "hostile")


def test_newline_in_user_text_is_a_word_line_break_not_a_new_paragraph():
    data = rendered("projectplan", "hostile")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    document = Document(io.BytesIO(data))

    paragraph = next(p for p in document.paragraphs if "op een tweede regel" in p.text)
    assert "\nop een tweede regel" in paragraph.text
    assert "<w:br/>" in xml
    assert "&lt;b&gt;tags&lt;/b&gt; &amp; " in xml  # escaped in the XML, so Word shows it as text


@pytest.mark.parametrize("key", KEYS)
def test_empty_project_prints_no_placeholder_text(key):
    """What is empty is left out; what the reader must fill in is a marked field ("[invullen: …]")."""
    text = text_of(key, "empty")

    assert MISSING == "nog in te vullen"
    assert MISSING not in text.lower()
    assert "None" not in text


@pytest.mark.parametrize("context_name", CONTEXTS)
@pytest.mark.parametrize("key", KEYS)
def test_no_template_syntax_is_left_in_the_document(key, context_name):
    text = text_of(key, context_name).replace("{{ geen_code }}", "")  # that one is user text

    assert "{{" not in text and "{%" not in text and "}}" not in text


def test_profiel_projectleider_names_scope_phases_and_hours():
    text = text_of("profiel_projectleider", "sample")

    assert "Combinatie van mijlpalen" in text
    assert "Op zoek, In beeld" in text
    assert "1. Voorbereiding" in text and "3. Borging" in text
    assert "5 januari 2026 tot en met 7 juni 2026 (22 weken)" in text
    assert "320 uur voor het hele project" in text
    assert "14,5 uur, over 22 weken" in text
    assert "€\u00a025.000,00" in text
    assert "Competenties" in text


def test_projectplan_has_every_chapter_filled():
    context = sample_context()
    text = text_of("projectplan", "sample")

    for value in (
        context.plan.aim,
        context.plan.scope,
        context.plan.approach,
        context.plan.risks,
        context.opdrachtgever,
        context.projectleider,
        context.reason_note,
        "Ambitie van de organisatie",
        "Directie sociaal domein",
        "20 januari 2026",
        "2. Uitvoering:",
    ):
        assert value in text
    assert "[invullen: naam]\nOpdrachtnemer" in text  # not set in the sample: the approval block asks for it
    for member in context.team:
        assert member.name in text and member.discipline in text


def test_projectplan_carries_ten_thousand_characters_of_risks():
    assert hostile_context().plan.risks in text_of("projectplan", "hostile")


@pytest.mark.parametrize("context_name", ["sample", "hostile"])
def test_aanpak_planning_lists_every_session(context_name):
    context = CONTEXTS[context_name]()
    text = text_of("aanpak_planning", context_name)

    for session in context.sessies:
        assert session.title in text
        assert f"maandag {session.on_date.day} maart 2026" in text or "16 februari 2026" in text
        assert f"{session.start_time:%H:%M}–{session.end_time:%H:%M}" in text
    assert "1 uur en 30 minuten" in text and "2 uur en 30 minuten" in text
    assert "online: https://meet.example/rfz" in text
    assert context.sessies[0].location in text
    assert "Paul Begeleider" in text and "Tom Lid" in text
    assert "Welkom\nKennismaken" in text  # the agenda keeps its lines
    assert "16 februari 2026\n26 april 2026" in text or "16 februari 2026 tot en met 26 april 2026" in text


def test_aanpak_planning_without_sessions_prints_no_empty_sessions_table():
    text = text_of("aanpak_planning", "empty")
    assert "Per sessie" not in text and "Begeleiding" not in text
    assert "Tijdlijn" in text


@pytest.mark.parametrize("context_name", ["sample", "hostile"])
def test_implementatieplan_lists_every_action_with_its_budget(context_name):
    context = CONTEXTS[context_name]()
    text = text_of("implementatieplan", context_name)

    for action in context.actions:
        assert action.title in text
        if action.budget is not None:
            assert word.euro(action.budget) in text  # with a no-break space between € and the amount
    assert "€\u00a02.500,50" in text and "€\u00a045.000,00" in text
    assert "€\u00a047.500,50" in text  # all actions
    assert "tekort €\u00a022.500,50" in text  # decided budget minus the actions, said as a directie reads it
    assert "€ -" not in text and "€\u00a0-" not in text
    for theme in context.themes:
        assert theme.name in text


def test_implementatieplan_timeline_groups_actions_by_deadline_month():
    # `timeline` stays for gemeenten' own templates; the standard one draws `tijdlijn` (test_word_layout.py)
    months = word.template_context("implementatieplan", sample_context())["timeline"]
    assert [m.label for m in months] == ["april 2026", "september 2026", "Zonder deadline"]
    assert [a.title for a in months[0].actions] == ["Brief herschrijven op B1-niveau"]
    text = text_of("implementatieplan", "sample")
    assert "Voor deze acties staat de deadline nog open:\nFolder bij de huisarts (Anna" in text


def test_implementatieplan_names_the_decisions_needed():
    assert "Eén dossier voor alle hulpverleners: €\u00a045.000,00" in text_of("implementatieplan", "sample")
    empty = text_of("implementatieplan", "empty")
    assert "Besluiten die nodig zijn" not in empty and "Begroting" not in empty and "Samenvatting" not in empty


@pytest.mark.parametrize("context_name", ["sample", "hostile"])
def test_opdrachtomschrijving_describes_the_task(context_name):
    task = CONTEXTS[context_name]().tasks[0]
    text = text_of("opdrachtomschrijving", context_name)

    for value in (
        task.title,
        task.owner,
        task.department,
        f"4,5 uur {task.frequency.lower()}, 54 uur per jaar",  # the hours said once, with those of a year
        task.decision,
        "1 september 2026",
        task.description,
    ):
        assert value in text
    assert "Directiebesluit nodig\nja" in text


def test_opdrachtomschrijving_for_one_task_and_for_an_unknown_task():
    context = replace(sample_context(), tasks=sample_context().tasks * 2)
    context = replace(context, tasks=(context.tasks[0], replace(context.tasks[1], title="Tussenrapportage")))

    one = document_text(
        word.render_word(word.word_template_path("opdrachtomschrijving"), "opdrachtomschrijving", context, 1)
    )
    both = document_text(
        word.render_word(word.word_template_path("opdrachtomschrijving"), "opdrachtomschrijving", context)
    )
    assert "Tussenrapportage" in one and "Monitoring van de doorlooptijden" not in one
    assert "Tussenrapportage" in both and "Monitoring van de doorlooptijden" in both
    with pytest.raises(LookupError):
        word.render_word(word.word_template_path("opdrachtomschrijving"), "opdrachtomschrijving", context, 2)


def test_uitnodiging_inwoners_is_plain_and_tells_what_to_expect():
    text = text_of("uitnodiging_inwoners", "sample")

    for phrase in (
        "Beste inwoner",
        "Hoe gaat het?",
        "begeleider",
        "Neem die gerust mee",
        "Uw naam schrijven we er niet bij",
        "koffie en thee",
        "Ook als u niet kunt komen",
        "Petra Leider",
        "maandag 16 februari 2026",
        "van 13:30 tot 15:00 uur (1 uur en 30 minuten)",
        "Stadhuis, zaal 2",
        "Welkom\nKennismaken",  # the programme
        "077 123 45 67",
        "pl@venlo.example",
    ):
        assert phrase in text


def test_uitnodiging_inwoners_gives_plain_topics_route_access_costs_and_the_day_to_answer_by():
    context = sample_context()
    key = "uitnodiging_inwoners"
    text = document_text(word.render_word(word.word_template_path(key), key, context, 2))
    sessie = context.sessies[1]
    for phrase in (
        "Waar praten we over?",
        "Hulp zoeken en vinden",
        "Een brief of telefoontje als rekeningen blijven liggen",
        sessie.route,
        sessie.accessibility,
        sessie.travel_costs,
        "vóór maandag 23 februari 2026",
        "van 13:30 tot 16:00 uur (2 uur en 30 minuten)",
    ):
        assert phrase in text
    assert "Op zoek" not in text and "In beeld" not in text  # the mijlpalen's own names are for professionals


@pytest.mark.parametrize("key", ["uitnodiging_inwoners", "uitnodiging_collegas"])
def test_uitnodiging_is_for_the_chosen_session(key):
    context = sample_context()
    text = document_text(word.render_word(word.word_template_path(key), key, context, 3))

    assert "maandag 16 maart 2026" in text
    assert "https://meet.example/rfz" in text
    assert "In contact" in text if key == "uitnodiging_collegas" else "In contact" not in text
    with pytest.raises(LookupError):
        word.render_word(word.word_template_path(key), key, context, 99)


def test_uitnodiging_collegas_has_agenda_and_begeleiders():
    text = text_of("uitnodiging_collegas", "sample")

    for phrase in (
        "Beste collega, beste ketenpartner",
        "Uitnodiging voor de kick-off",  # a sessie without a title of its own: its type, in a sentence
        "Welkom\nKennismaken",
        "Paul Begeleider",
        "Tom Lid",
        "13:30–15:00 uur (1 uur en 30 minuten)",
        "Neem contact op met Petra Leider",
        "077 123 45 67",
        "pl@venlo.example",
    ):
        assert phrase in text
    assert text.lower().count("kick-off") == 1, "the sessie's name is printed once"


def test_uitnodiging_without_a_session_asks_for_the_details():
    inwoners = text_of("uitnodiging_inwoners", "empty")
    assert "[invullen: dag, tijd en plaats van de bijeenkomst]" in inwoners
    assert "[invullen: soort sessie, datum, tijd, plaats en agenda]" in text_of("uitnodiging_collegas", "empty")
    for marker in ("[invullen: telefoonnummer]", "[invullen: e-mailadres]", "[invullen: naam van de projectleider]"):
        assert marker in inwoners
    assert "staan hieronder" not in inwoners and "....." not in inwoners


# --- the sandbox ------------------------------------------------------------------------------------


def test_unknown_placeholder_raises():
    with pytest.raises(UndefinedError):
        render_one("Hallo {{ onbekend_veld }}")


def test_unknown_attribute_raises():
    with pytest.raises(UndefinedError):
        render_one("{{ plan.doel }}")


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ gemeente.__class__ }}",
        "{{ plan.__class__.__init__.__globals__ }}",
        "{% for c in ''.__class__.__mro__[1].__subclasses__() %}{{ c }}{% endfor %}",
        "{{ 'x' * 10000000 }}",
        "{{ 9 ** 9 ** 9 }}",
    ],
)
def test_template_that_reaches_for_python_is_refused(attack):
    with pytest.raises(SecurityError):
        render_one(attack)


@pytest.mark.parametrize(
    "unsafe",
    [
        "{{ project_name|safe }}",
        "{{ project_name|urlize }}",
        "{% autoescape false %}{{ project_name }}{% endautoescape %}",
    ],
)
def test_template_cannot_switch_off_escaping(unsafe):
    with pytest.raises(TemplateError):
        render_one(unsafe, hostile_context())


def test_control_characters_and_windows_newlines_do_not_break_the_document():
    context = replace(sample_context(), gemeente="A\x00B\x07C\r\nD\x0bE\rF\x0cG")

    assert render_one("{{ gemeente }}", context) == "ABC\nD\nE\nFG"


def test_values_without_a_filter_are_printed_the_dutch_way():
    text = render_one(
        "{{ start_date }} | {{ decided_hours }} | {{ plan.result }} | {{ sessions[0].start_time }}"
        " | {{ decided_budget }} | {{ sessions[0].is_online }}"
    )

    assert text == "5 januari 2026 | 320 |  | 13:30 | 25.000 | nee"


def test_placeholders_in_header_and_properties_are_filled():
    data = word.render_word(
        make_template("x", header="{{ gemeente }} – {{ project_name }}", title="{{ project_name }}"),
        "projectplan",
        hostile_context(),
    )

    assert f"Venlo – {hostile_context().project_name}" in document_text(data)
    assert Document(io.BytesIO(data)).core_properties.title == hostile_context().project_name  # not "&amp;"


# --- filters ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, value, expected",
    [
        ("uren", Decimal("4.5"), "4,5"),
        ("uren", Decimal("54.00"), "54"),
        ("uren", 1280, "1.280"),
        ("uren", Decimal("1234.25"), "1.234,25"),
        ("uren", None, MISSING),
        ("duur", 90, "1 uur en 30 minuten"),
        ("duur", 120, "2 uur"),
        ("duur", 45, "45 minuten"),
        ("tijd", time(9, 5), "09:05"),
        ("tijd", None, MISSING),
        ("datum", date(2025, 3, 3), "3 maart 2025"),
        ("datum", None, MISSING),
        ("weekdag", date(2026, 3, 2), "maandag"),
        ("euro", Decimal("12345.5"), "€\u00a012.345,50"),
        ("saldo", Decimal("-34500"), "tekort €\u00a034.500,00"),
        ("saldo", Decimal("500"), "overschot €\u00a0500,00"),
        ("saldo", Decimal("0"), "geen tekort en geen overschot"),
        ("saldo", None, MISSING),
        ("euro", None, MISSING),
        ("ingevuld", "", MISSING),
        ("ingevuld", "  ", MISSING),
        ("ingevuld", None, MISSING),
        ("ingevuld", (), MISSING),
        ("ingevuld", "Tom", "Tom"),
        ("ja_nee", True, "ja"),
        ("ja_nee", False, "nee"),
    ],
)
def test_dutch_filters(name, value, expected):
    assert word.FILTERS[name](value) == expected


# --- what a template may use ------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_standard_template_uses_only_known_placeholders(key):
    used = word.template_variables(word.word_template_path(key).read_bytes())

    assert "gemeente" in used and used & {"today", "letter_date"}  # an invitation is dated by letter_date
    assert used <= word.placeholders_for(key)


def test_template_variables_reads_body_header_and_properties_but_not_loop_variables():
    data = make_template(
        "{%p for s in sessions %}",
        "{{ s.title }} {{ gemeente }}",
        "{%p endfor %}",
        header="{{ project_name }}",
        title="{{ scope_label }}",
    )

    assert word.template_variables(data) == {"sessions", "gemeente", "project_name", "scope_label"}


def test_template_variables_refuses_broken_syntax():
    with pytest.raises(TemplateSyntaxError):
        word.template_variables(make_template("{{ gemeente "))


def test_placeholders_differ_per_document():
    assert "session" in word.placeholders_for("uitnodiging_inwoners")
    assert "tasks" in word.placeholders_for("opdrachtomschrijving")
    assert "session" not in word.placeholders_for("projectplan")


def test_unknown_document_key_is_refused():
    with pytest.raises(KeyError):
        word.placeholders_for("offerte")
    with pytest.raises(KeyError):
        word.word_template_path("offerte")


def test_build_script_writes_every_standard_template(tmp_path):
    runpy.run_path(str(BUILD_SCRIPT), run_name="build")["main"](["build", str(tmp_path)])

    assert sorted(p.stem for p in tmp_path.glob("*.docx")) == sorted(KEYS)
    for key in KEYS:
        built = word.template_variables((tmp_path / f"{key}.docx").read_bytes())
        assert built <= word.placeholders_for(key)
        assert word.word_template_path(key).is_file()


# --- LibreOffice ------------------------------------------------------------------------------------


def test_rendered_documents_open_in_libreoffice(tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("RFZ_REQUIRE_OFFICE") == "1":
            pytest.fail("soffice (LibreOffice) is niet geïnstalleerd en RFZ_REQUIRE_OFFICE=1")
        pytest.skip("soffice (LibreOffice) is niet geïnstalleerd")
    files = []
    for key in KEYS:
        path = tmp_path / f"{key}.docx"
        path.write_bytes(rendered(key, "sample"))
        files.append(str(path))
    out = tmp_path / "pdf"

    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *files,
        ],
        check=True,
        timeout=120,
        capture_output=True,
    )

    # soffice exits 0 even when it cannot read a file: the PDF is the proof
    for key in KEYS:
        pdf = (out / f"{key}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF")
        assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 1, key


def test_sandbox_also_guards_document_properties():
    with pytest.raises(SecurityError):
        word.render_word(make_template("x", title="{{ ''.__class__.__mro__ }}"), "projectplan", sample_context())


# --- the render budget: no template ties up a worker --------------------------------------------------

HEAVY = [
    "{% for a in 'x' * 60000 %}{% for b in 'x' * 60000 %}{% endfor %}{% endfor %}",
    "{% for a in 'x' * 60000 %}{% for b in 'x' * 60000 %}{{ a }}{% endfor %}{% endfor %}",
    "{{ '%0200000000d' % 1 }}",
    "{{ '%.200000000f' % 1.5 }}",
    "{{ '%*d' % (200000000, 1) }}",
    "{{ '%0200000000d'|format(1) }}",
    "{{ 'x'|center(200000000) }}",
    "{{ 'x'.center(200000000) }}",
    "{{ 'x'.zfill(200000000) }}",
    "{{ 'x'.ljust(200000000) }}",
    "{{ 'x'.rjust(200000000) }}",
    "{{ '{:>200000000}'.format(1) }}",
    "{{ '{:>{}}'.format(1, 200000000) }}",
    "{{ 'x'|indent(200000000) }}",
    "{% set ns = namespace(s='xx') %}{% for i in 'x' * 100 %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "{% set ns = namespace(s='xx') %}{% for i in 'x' * 100 %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "{% set ns = namespace(s=['x']) %}{% for i in 'x' * 100 %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "{{ (['x' * 100000] * 100000)|join }}",
    "{{ ''.join(['x' * 100000] * 100000) }}",
    "{{ ('x' * 100000)|replace('x', 'x' * 100000) }}",
    "{{ ('x' * 100000).replace('x', 'x' * 100000) }}",
    "{% macro m() %}{{ m() }}{{ m() }}{% endmacro %}{{ m() }}",
    "{% for a in 'x' * 90000 %}{{ 'y' * 90000 }}{% endfor %}",
    "{{ 'ab'|slice(100000000)|list }}",
    "{% set ns = namespace(n=99) %}{% for i in 'x' * 100 %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
]


@pytest.mark.parametrize("heavy", HEAVY)
def test_template_that_asks_too_much_ends_in_the_dutch_message(heavy):
    # Each of these would run for minutes or take gigabytes; the budget stops them early (the suite
    # would hang, not fail, if it did not).
    with pytest.raises(word.TemplateTooHeavy, match="Dit sjabloon vraagt te veel rekenwerk"):
        render_one(heavy)


def test_the_budget_leaves_ordinary_templates_alone():
    text = render_one(
        "{{ '%05d' % 42 }} {{ 'ab'|center(6) }}|{{ '{:>4}'.format(7) }} {{ gemeente ~ '!' }} "
        "{{ (['a', 'b'])|join('-') }} {{ 'x'.zfill(3) }} {% for s in sessions %}{{ loop.index }}{% endfor %}"
    )
    assert text.startswith("00042   ab  |   7 Venlo! a-b 00x 1")


def test_the_budget_is_for_the_whole_render_not_per_string(monkeypatch):
    monkeypatch.setattr(word, "MAX_OUTPUT_LENGTH", 50_000)
    with pytest.raises(word.TemplateTooHeavy):
        render_one("{% for s in 'x' * 1000 %}{{ 'y' * 100 }}{% endfor %}")


def test_a_render_that_takes_too_long_is_stopped(monkeypatch):
    monkeypatch.setattr(word, "MAX_SECONDS", 0.0)
    with pytest.raises(word.TemplateTooHeavy) as error:
        render_one("{% for a in 'x' * 5000 %}{% endfor %}")
    assert error.value.detail == "te lang bezig"


def test_a_template_compiled_once_is_filled_anew_and_kept_to_its_budget_each_time(monkeypatch):
    """The compiled code of a template is kept per process; every render still gets its own values and its
    own budget (the kept code holds no environment), and a changed template is compiled again."""
    template = "{{ gemeente }}: {% for s in sessions %}{{ loop.index }}{% endfor %}"
    first = render_one(template)
    assert render_one(template) == first and first.startswith("Venlo: 1")
    assert render_one(template.replace(": ", " - ")).startswith("Venlo - 1")
    heavy = "{% for s in 'x' * 1000 %}{{ 'y' * 100 }}{% endfor %}"
    render_one(heavy)  # within the budget, and compiled
    monkeypatch.setattr(word, "MAX_OUTPUT_LENGTH", 50_000)
    with pytest.raises(word.TemplateTooHeavy):
        render_one(heavy)


def test_only_so_many_compiled_templates_are_kept(monkeypatch):
    monkeypatch.setattr(word, "COMPILED_KEPT", 3)
    for number in range(6):
        render_one(f"{{{{ gemeente }}}} {number}")
    assert len(word._COMPILED) <= 3


# --- what a page-by-page read of the Venlo documents found (issue 11) ------------------------------------


def _invitation(key: str, sessie_id: int, context=None) -> str:
    context = context or sample_context()
    return document_text(word.render_word(word.word_template_path(key), key, context, item=sessie_id))


@pytest.mark.parametrize("key", ["uitnodiging_inwoners", "uitnodiging_collegas"])
def test_an_invitation_is_dated_today_only_for_a_sessie_still_to_come(key):
    context = sample_context()
    held, today, coming = context.sessies  # 16 February, 2 March (today) and 16 March
    assert held.on_date < context.today == today.on_date < coming.on_date
    dated = word.datum(context.today)
    assert _invitation(key, coming.id).startswith(f"{dated}\n")
    assert _invitation(key, today.id).startswith(f"{dated}\n")
    held_text = _invitation(key, held.id)
    assert dated not in held_text and word.datum(held.on_date) in held_text  # its own date, not the letter's


def test_collegas_invitation_names_the_sessie_in_a_sentence_and_the_werkvorm_once():
    text = _invitation("uitnodiging_collegas", 2)  # "Sessie met inwoners: Op zoek, In beeld", option B
    assert "Uitnodiging voor de sessie met inwoners over Op zoek en In beeld\n" in text
    three = replace(sample_context().sessies[1], mijlpalen=("Op zoek", "In beeld", "In contact"))
    context = replace(sample_context(), sessies=(three,))
    assert "over Op zoek, In beeld en In contact\n" in _invitation("uitnodiging_collegas", three.id, context)
    assert text.count("Service Blueprint") == 1 and "Werkwijze" not in text and "Optie B" not in text
    assert "Werkvorm\nWe maken samen een nieuwe inwonersreis" in text
    own = replace(sample_context().sessies[1], title="Samen op zoek", has_own_title=True)
    titled = _invitation("uitnodiging_collegas", own.id, replace(sample_context(), sessies=(own,)))
    assert "Uitnodiging: Samen op zoek\n" in titled and "Soort sessie\nSessie met inwoners" in titled


def test_opdrachtomschrijving_of_one_task_speaks_of_one_and_says_its_hours_once():
    text = text_of("opdrachtomschrijving", "sample")  # the sample has one task: 4,5 uur per maand
    assert "krijgt de taak hieronder een vaste plek" in text
    assert "1 taak" not in text and "Totaal" not in text and "taken" not in text
    assert text.count("54") == 1 and "Uren per jaar" not in text
    yearly = replace(sample_context().tasks[0], frequency="Per jaar", hours=Decimal("24"), hours_per_year=Decimal(24))
    context = replace(sample_context(), tasks=(yearly, replace(yearly, title="Tweede taak")))
    both = document_text(word.render_word(word.word_template_path("opdrachtomschrijving"), "opdrachtomschrijving",
                                          context))  # fmt: skip
    assert "Uren\n24 uur per jaar\n" in both and "24 uur, per jaar" not in both
    assert "krijgen de taken hieronder" in both and "2 taken, samen 48 uur per jaar" in both


def _phases_done(context, done: int):
    """The context with its first `done` phases finished and the next one running."""
    phases = tuple(
        replace(p, status="Afgerond" if n < done else "Bezig" if n == done else "Nog niet gestart")
        for n, p in enumerate(context.phases)
    )
    return replace(context, phases=phases)


def _version_row(key: str, context) -> list[str]:
    document = Document(io.BytesIO(word.render_word(word.word_template_path(key), key, context)))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Versie")
    return [c.text for c in table.rows[1].cells]


@pytest.mark.parametrize(("key", "settled_after"), [("projectplan", 1), ("implementatieplan", 2)])
def test_a_plan_is_a_concept_while_its_phase_runs_and_settled_once_it_is_done(key, settled_after):
    context = sample_context()
    concept = "Concept, ter besluitvorming door de directie"
    assert _version_row(key, _phases_done(context, settled_after - 1))[2] == concept
    assert _version_row(key, _phases_done(context, settled_after))[2] == (
        f"Vastgesteld; bijgewerkt in de fase {context.phases[settled_after].label}"
    )
    assert _version_row(key, _phases_done(context, 3))[2] == "Vastgesteld; het project is afgerond"
