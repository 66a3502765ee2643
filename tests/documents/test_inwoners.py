"""What inwoners read: the invitations and the decks of a sessie with inwoners, reopened as a reader would.

For the Venlo demo, a sessie with nothing filled in and an empty project: plain words (no jargon, no names
of mijlpalen), the contact's real phone and e-mail, the agenda, duration and the day to answer by, nothing
empty printed, and each invitation on one page when LibreOffice prints it.
"""

import io
import os
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date, time

import pytest
import sqlalchemy as sa
from docx import Document
from pptx import Presentation

from rfz_project.demo import load_demo
from rfz_project.documents import catalog, slides, word
from rfz_project.documents import services as documents
from rfz_project.documents.builder import build_context
from rfz_project.documents.sample import empty_context, sample_context
from rfz_project.extensions import db
from rfz_project.models import Gemeente, Project, Sessie, SessieMijlpaal, User
from rfz_project.routekaart import get_routekaart

from ..factories import reload_user

TODAY = date(2026, 3, 11)
# Words an inwoner should not meet: the toolkit's terms, laws and checklists, and the app's placeholders.
JARGON = (
    "mijlpaal",
    "mijlpalen",
    "wgs",
    "uavg",
    "dpia",
    "artikel",
    "checklist",
    "blueprint",
    "routekaart",
    "optie a",
    "optie b",
    "werkvorm",
    "quick win",
    "implementatie",
    "bedrijfsvoering",
    "ketenpartner",
    "nog in te vullen",
    "staan hieronder",
    "....",
)


def forbidden_in(text: str) -> list[str]:
    """The jargon and the mijlpalen's own names (as the routekaart writes them) found in `text`."""
    lowered = text.casefold()
    found = [word for word in JARGON if word in lowered]
    return found + [m.label for m in get_routekaart().mijlpalen if m.label in text]


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def pptx_text(data: bytes) -> str:
    """All text of a deck; the no-break spaces that keep a phone number on one line read as spaces
    (tests/documents/test_deck_layout.py checks that they are there)."""
    prs = Presentation(io.BytesIO(data))
    texts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(texts).replace("\u00a0", " ")


@pytest.fixture
def venlo(ctx):
    """The demo loaded; the Venlo projectleider (with phone and function) as the actor, and the project."""
    load_demo(TODAY)
    leider = db.session.scalars(sa.select(User).where(User.email == "projectleider.venlo@demo.rfz")).one()
    project = db.session.scalars(sa.select(Project).join(Gemeente).where(Gemeente.name == "Venlo")).one()
    return reload_user(leider.id), project


def _files(actor, project, keep):
    context = build_context(actor, project.id, today=TODAY)
    chosen = [f for f in catalog.files_for(context) if keep(f, context)]
    return context, [(f, documents.render_file(actor, project.id, f.ref, today=TODAY)) for f in chosen]


def _inwoner_file(file, context) -> bool:
    sessie = context.sessie(file.sessie_id) if file.sessie_id is not None else None
    if file.template_key == "uitnodiging_inwoners":
        return True
    return file.document_key in slides.OPTION_DECKS.values() and sessie is not None and sessie.with_inwoners


def test_the_venlo_demo_has_inwoner_invitations_and_decks_in_plain_words(venlo):
    actor, project = venlo
    context, files = _files(actor, project, _inwoner_file)
    kinds = {f.template_key if f.format == "docx" else "deck" for f, _ in files}
    assert kinds == {"uitnodiging_inwoners", "deck"}
    for file, rendered in files:
        text = docx_text(rendered.content) if file.format == "docx" else pptx_text(rendered.content)
        assert forbidden_in(text) == [], (file.ref, forbidden_in(text))
        assert "06 1234 56" in text and "projectleider.venlo@demo.rfz" in text, file.ref
        sessie = context.sessie(file.sessie_id)
        for phrase in sessie.topics_for_inwoners:
            assert phrase[0].upper() + phrase[1:] in text, (file.ref, phrase)
        if file.format == "docx":
            for phrase in ("Hoe laat", "(2 uur)", "Het programma", "Komt u?", "vóór ", "Neem die gerust mee"):
                assert phrase in text, (file.ref, phrase)
            assert sessie.route in text and sessie.accessibility in text and sessie.travel_costs in text
            assert "Projectleider schuldhulpverlening" in text


def test_the_venlo_demo_invitations_for_colleagues_name_the_sessie_once_and_miss_nothing(venlo):
    actor, project = venlo
    context, files = _files(actor, project, lambda f, c: f.template_key == "uitnodiging_collegas")
    assert files
    for file, rendered in files:
        text = docx_text(rendered.content)
        body = "\n".join(p.text for p in Document(io.BytesIO(rendered.content)).paragraphs)
        sessie = context.sessie(file.sessie_id)
        # named once: by its own title, or by its type in the heading's sentence ("… voor de sessie met inwoners over")
        named = sessie.title if sessie.has_own_title else f"voor de {sessie.type_label.lower()}"
        assert body.count(named) == 1, file.ref
        assert sessie.has_own_title or "Uitnodiging:" not in body, file.ref  # no "Uitnodiging: Sessie met …: …"
        assert "nog in te vullen" not in text and "[invullen" not in text, file.ref
        assert "06 1234 56" in text and "projectleider.venlo@demo.rfz" in text
        assert "Aanmelden of afmelden" in text and "vóór " in text and "uur (" in text
        assert sessie.agenda.splitlines()[0] in text


def test_an_inwonersessie_with_little_filled_in_prints_nothing_empty(world, leider):
    """A sessie with only its date, time and place, and a projectleider without phone or function."""
    sessie = Sessie(
        project_id=world.project.id,
        session_type="inwoners",
        option="a",
        on_date=date(2026, 4, 7),
        start_time=time(19, 0),
        duration_minutes=90,
        location="Bibliotheek <Centrum> & \"zaal\" 'één' 🧾",
        mijlpaal_rows=[SessieMijlpaal(mijlpaal="in_gesprek")],
    )
    db.session.add(sessie)
    db.session.commit()
    context = build_context(leider, world.project.id, today=TODAY)
    invitation = word.render_word(
        word.word_template_path("uitnodiging_inwoners"), "uitnodiging_inwoners", context, sessie.id
    )
    text = docx_text(invitation)
    assert forbidden_in(text) == []
    assert "Bibliotheek <Centrum> & \"zaal\" 'één' 🧾" in text
    assert "Samen praten over wat er aan de hand is" in text
    assert "vóór dinsdag 31 maart 2026" in text  # a week before the sessie
    for left_out in ("Zo komt u er", "Toegankelijk", "Reiskosten", "Het programma"):
        assert left_out not in text
    if context.contact.email:
        assert context.contact.email in text
    if not context.contact.phone:
        assert "[invullen: telefoonnummer]" in text  # marked for the sender, never a dotted line
    deck = pptx_text(slides.render_deck(slides.base_deck_path(), "presentatie_optie_a", context, sessie.id))
    assert forbidden_in(deck) == []
    assert "Samen praten over wat er aan de hand is" in deck and "Wat we van u hoorden" not in deck


def test_the_sample_inwoner_decks_hold_no_checklist_law_or_empty_slide():
    context = sample_context()
    sessie = context.sessies[1]  # with inwoners, optie B, a blueprint step and a finding
    for key in ("presentatie_optie_a", "presentatie_optie_b"):
        text = pptx_text(slides.render_deck(slides.base_deck_path(), key, context, sessie.id))
        assert forbidden_in(text) == [], (key, forbidden_in(text))
        assert "Hulp zoeken en vinden" in text and "Waar zocht u hulp?" in text
        assert "077 123 45 67" in text and "pl@venlo.example" in text
        assert sessie.findings[0].text in text
    legal = replace(context.mijlpalen[1], description="Artikel 2 Wgs, UAVG en een DPIA")
    with_law = replace(context, mijlpalen=(context.mijlpalen[0], legal))
    text = pptx_text(slides.render_deck(slides.base_deck_path(), "presentatie_optie_a", with_law, sessie.id))
    assert "Wgs" not in text and "DPIA" not in text


def test_a_deck_without_a_blueprint_or_findings_leaves_those_slides_out():
    context = sample_context()
    bare = replace(context.sessies[1], blueprint=(), findings=(), agreements=())
    context = replace(context, sessies=(context.sessies[0], bare, context.sessies[2]))
    prs = Presentation(io.BytesIO(slides.render_deck(slides.base_deck_path(), "presentatie_optie_b", context, 2)))
    titles = [slide.shapes.title.text for slide in prs.slides if slide.shapes.title is not None]
    assert "Uw weg tot nu toe" not in titles and "Wat we van u hoorden" not in titles
    assert titles[-1] == "Hoe verder?"


# --- one page in LibreOffice -----------------------------------------------------------------------------


def _soffice():
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("RFZ_REQUIRE_OFFICE") == "1":
            pytest.fail("LibreOffice (soffice) ontbreekt en RFZ_REQUIRE_OFFICE=1")
        pytest.skip("LibreOffice (soffice) is niet geïnstalleerd")
    return soffice


def _pdf_pages(soffice, tmp_path, files: dict[str, bytes]) -> dict[str, int]:
    for name, data in files.items():
        (tmp_path / f"{name}.docx").write_bytes(data)
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *(str(tmp_path / f"{name}.docx") for name in files),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    return {
        name: len(re.findall(rb"/Type\s*/Page(?![s\w])", (tmp_path / "pdf" / f"{name}.pdf").read_bytes()))
        for name in files
    }


def test_every_invitation_prints_on_one_page(venlo, tmp_path):
    soffice = _soffice()
    actor, project = venlo
    _, files = _files(actor, project, lambda f, c: f.format == "docx" and f.template_key.startswith("uitnodiging"))
    chosen = {}
    for file, rendered in files:  # the first invitation of each kind, and the one with the longest agenda
        chosen.setdefault(file.template_key, rendered.content)
    for name, context in (("sample", sample_context()), ("empty", empty_context())):
        for key in ("uitnodiging_inwoners", "uitnodiging_collegas"):
            item = 2 if name == "sample" else None
            chosen[f"{key}-{name}"] = word.render_word(word.word_template_path(key), key, context, item)
    assert _pdf_pages(soffice, tmp_path, chosen) == dict.fromkeys(chosen, 1)
