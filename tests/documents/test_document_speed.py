"""What makes the documents fast keeps them the same: the context's own queries, its cleaning, and the zip
rendered in other processes."""

import io
import os
import sys
import zipfile
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from docx import Document
from pptx import Presentation

from rfz_project.actions.services import NO_THEME_LABEL, action_list
from rfz_project.documents import builder, services, word
from rfz_project.extensions import db
from rfz_project.inputs import clean_text
from rfz_project.models import ActionStatus, ActionTiming, HouseStyleTemplate

from .. import factories

TODAY = date(2026, 5, 1)


@pytest.fixture
def project(world):
    """Sessies of each kind (more files than render_all keeps in one process), themes and varied actions."""
    project = world.project
    for i, (kind, mijlpalen) in enumerate([("kick_off", ()), ("inwoners", ("op_zoek",)), ("professionals", ())] * 2):
        sessie = factories.sessie(
            project, session_type=kind, mijlpalen=mijlpalen, on_date=date(2026, 3, 2) + timedelta(weeks=i)
        )
        factories.results(sessie)
    bereik, geld = factories.theme(project, "bereik"), factories.theme(project, "Aanpak geld", "Over geld")
    besluit = factories.decision(project, "Startbesluit", budget=Decimal("5000"))
    for i in range(12):
        factories.action(
            project,
            f"Actie {i}",
            theme=(bereik, geld, None)[i % 3],
            status=list(ActionStatus)[i % len(ActionStatus)],
            timing=list(ActionTiming)[i % len(ActionTiming)],
            deadline=TODAY + timedelta(days=10 * (i % 4) - 15) if i % 5 else None,
            budget=Decimal(100 * i) if i % 2 else None,
            needs_decision=i % 3 == 0,
            decision_id=besluit.id if i % 6 == 0 else None,
            mijlpaal="in_beeld" if i % 2 else None,
        )
    factories.regular_task(project, decision=besluit, hours=Decimal("3"))
    return world


# --- the context -------------------------------------------------------------------------------------


def test_the_context_reads_the_actions_as_the_action_list_shows_them(project):
    """The builder reads the actions as plain rows itself; they must be what the action list says."""
    actor = project.actor(project.teamlid)
    context = builder.build_context(actor, project.project.id, today=TODAY)
    listing = action_list(actor, project.project.id, today=TODAY)
    assert [a.title for a in context.actions] == [r.action.title for r in listing.rows]
    assert [(a.theme, a.mijlpaal, a.decision, a.overdue, a.status) for a in context.actions] == [
        (r.theme_label or NO_THEME_LABEL, r.mijlpaal_label, r.decision_label, r.overdue, r.action.status.label)
        for r in listing.rows
    ]
    assert context.actions_budget == listing.total_budget
    assert [t.name for t in context.themes] == [t.name for t in listing.themes] + [NO_THEME_LABEL]
    assert sum(t.budget for t in context.themes) == listing.total_budget
    waiting = [
        r.action.title
        for r in listing.rows
        if r.action.needs_decision and r.decision_title is None and not r.action.status.is_closed
    ]
    assert [a.title for a in context.decisions_needed] == waiting and waiting


def test_the_context_reads_each_sessies_results(project):
    context = builder.build_context(project.actor(project.teamlid), project.project.id)
    for sessie in context.sessies:
        assert [f.text for f in sessie.findings] == ["Bevinding"] and sessie.findings[0].session == sessie.title
        assert [b.title for b in sessie.blueprint] == ["Stap"]
        assert [a.who for a in sessie.agreements] == ["Tom"] and sessie.agreements[0].kind


@dataclass(frozen=True)
class _Inner:
    texts: tuple[str, ...]
    amount: Decimal | None


@dataclass(frozen=True)
class _Outer:
    name: str
    inner: tuple[_Inner, ...]


def test_cleaning_the_context_cleans_what_a_document_cannot_hold_and_copies_nothing_else():
    clean = _Outer("Venlo €\u00a012.000", (_Inner(("regel één", "twee"), Decimal("1")),))
    assert builder._writable(clean) is clean
    dirty = _Outer("Ven\x00lo", (_Inner(("a\r\nb", "c\ufffe"), None), clean.inner[0]))
    cleaned = builder._writable(dirty)
    assert cleaned == _Outer("Venlo", (_Inner(("a\nb", "c"), None), clean.inner[0]))
    assert cleaned.inner[1] is clean.inner[0]  # the clean part is kept as it was


def test_a_printable_text_is_one_clean_text_leaves_as_it_is():
    """The reason `_writable_text` may skip clean_text for a printable text, for every code point."""
    changed = [c for c in map(chr, range(sys.maxunicode + 1)) if clean_text(c) != c and c.isprintable()]
    assert changed == []
    assert builder._writable_text("a\tb\x0bc") == "a\tb\nc"  # not printable: cleaned as before


# --- the zip -----------------------------------------------------------------------------------------


def _texts(zip_bytes: bytes) -> dict[str, str]:
    """Each file of a zip by name, as its text (paragraphs, table cells, text on slides)."""
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes))
    texts = {}
    for name in archive.namelist():
        data = io.BytesIO(archive.read(name))
        if name.endswith(".docx"):
            document = Document(data)
            parts = [p.text for p in document.paragraphs]
            parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
        else:
            parts = [s.text_frame.text for slide in Presentation(data).slides for s in slide.shapes if s.has_text_frame]
        texts[name] = "\n".join(parts)
    return texts


@pytest.fixture
def renders_here(monkeypatch):
    """The files this process renders itself (those made in a render process are not counted)."""
    made = []
    render = services._render

    def counted(context, file, own):
        made.append(file.ref)
        return render(context, file, own)

    monkeypatch.setattr(services, "_render", counted)
    return made


def test_the_zip_made_side_by_side_holds_what_one_process_makes(project, app, monkeypatch, renders_here):
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: the zip is always made in the request's own process")
    actor, project_id = project.actor(project.teamlid), project.project.id
    monkeypatch.setitem(app.config, "RFZ_DOCUMENT_PROCESSES", 2)
    side_by_side = services.render_all(actor, project_id, today=TODAY)
    assert renders_here == []  # every file came from the render processes
    monkeypatch.setitem(app.config, "RFZ_DOCUMENT_PROCESSES", 0)
    alone = services.render_all(actor, project_id, today=TODAY)
    assert len(renders_here) >= services.PARALLEL_FROM
    assert side_by_side.filename == alone.filename
    assert _texts(side_by_side.content) == _texts(alone.content)


def test_a_house_style_that_fails_in_a_render_process_fails_as_its_download_does(
    project, app, monkeypatch, renders_here
):
    own = word.word_template_path("projectplan").read_bytes()
    document = Document(io.BytesIO(own))
    document.add_paragraph("{{ veld_van_vroeger }}")  # as an older, weaker upload check let through
    out = io.BytesIO()
    document.save(out)
    db.session.add(
        HouseStyleTemplate(
            gemeente_id=project.home.id,
            template_key="projectplan",
            filename="oud.docx",
            content=out.getvalue(),
            size=len(out.getvalue()),
        )
    )
    db.session.commit()
    actor, project_id = project.actor(project.teamlid), project.project.id
    with pytest.raises(services.HouseStyleFailed) as single:
        services.render_file(actor, project_id, "projectplan")
    monkeypatch.setitem(app.config, "RFZ_DOCUMENT_PROCESSES", 2)
    renders_here.clear()
    with pytest.raises(services.HouseStyleFailed) as in_zip:
        services.render_all(actor, project_id)
    assert str(in_zip.value) == str(single.value) and "veld_van_vroeger" in str(in_zip.value)
    if (os.cpu_count() or 1) > 1:
        assert renders_here == ["projectplan"]  # only the file that failed was rendered again here


def test_a_broken_render_pool_still_gives_the_zip(project, app, monkeypatch, renders_here):
    def broken(_processes):
        raise BrokenProcessPool("a render process was killed")

    monkeypatch.setattr(services, "_render_pool", broken)
    monkeypatch.setattr(services.os, "cpu_count", lambda: 2)
    monkeypatch.setitem(app.config, "RFZ_DOCUMENT_PROCESSES", 2)
    made = services.render_all(project.actor(project.teamlid), project.project.id, today=TODAY)
    names = zipfile.ZipFile(io.BytesIO(made.content)).namelist()
    assert len(names) == len(renders_here) >= services.PARALLEL_FROM  # all made here instead


def test_a_templates_xml_is_cleaned_for_jinja_once_per_process_and_each_render_stays_its_own(monkeypatch):
    from docxtpl import DocxTemplate

    from rfz_project.documents.sample import sample_context

    cleaned: list[int] = []
    original = DocxTemplate.patch_xml

    def counted(self, src_xml):
        cleaned.append(len(src_xml))
        return original(self, src_xml)

    monkeypatch.setattr(DocxTemplate, "patch_xml", counted)
    monkeypatch.setattr(word, "_PATCHED", word.OrderedDict())
    context = sample_context()
    path = word.word_template_path("projectplan")
    first = Document(io.BytesIO(word.render_word(path, "projectplan", context)))
    parts = len(cleaned)  # the body, its header and footer
    other = replace(context, project_name="Een ander project & <meer>")
    second = Document(io.BytesIO(word.render_word(path, "projectplan", other)))
    assert parts >= 2 and len(cleaned) == parts  # the second render cleaned nothing again
    texts = ["\n".join(p.text for p in d.paragraphs) for d in (first, second)]
    assert "Een ander project & <meer>" in texts[1] and "Een ander project" not in texts[0]
