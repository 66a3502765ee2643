"""The documents area: context from a real project, downloads, the zip, and house-style uploads."""

import io
import os
import re
import zipfile
from datetime import date, time
from decimal import Decimal

import pytest
import sqlalchemy as sa
from docx import Document
from pptx import Presentation

from rfz_project.documents import builder, catalog, services, slides, word
from rfz_project.documents.sample import hostile_context, sample_context
from rfz_project.errors import NotAuthorized, NotFound, ValidationError
from rfz_project.extensions import db
from rfz_project.models import (
    Action,
    ActionTiming,
    Decision,
    Finding,
    HouseStyleTemplate,
    RegularTask,
    Sessie,
    SessieMijlpaal,
    TeamMember,
    TeamRole,
    Theme,
)

from .. import factories
from ..helpers import text_of
from ..test_query_counts import count_queries

HOSTILE = "Vraag met <tags> & \"quotes\" 'x' 💶\nen een tweede regel"


@pytest.fixture
def busy(world):
    """The Venlo project with a session of each option, a finding, themes, actions, a decision and a task."""
    project = db.session.get(type(world.project), world.project.id)
    project.central_question = HOSTILE
    theme = Theme(project_id=project.id, name="Bereik")
    decision = Decision(
        project_id=project.id,
        step_key="voorbereiding.besluitvorming",
        title="Startbesluit",
        budget=Decimal("25000"),
        capacity_hours=300,
    )
    db.session.add_all(
        [
            theme,
            decision,
            TeamMember(
                project_id=project.id, name="Directeur Jansen", discipline="directie", team_role=TeamRole.OPDRACHTGEVER
            ),
        ]
    )
    sessies = [
        Sessie(
            project_id=project.id,
            session_type=t,
            option=o,
            on_date=date(2026, 3, 2 + 7 * i),
            start_time=time(13, 30),
            duration_minutes=120,
            location="Stadhuis",
            mijlpaal_rows=[SessieMijlpaal(mijlpaal=k) for k in m],
        )
        for i, (t, o, m) in enumerate(
            [("kick_off", None, []), ("inwoners", "a", ["op_zoek"]), ("professionals", "b", ["in_beeld"])]
        )
    ]
    db.session.add_all(sessies)
    db.session.flush()
    db.session.add_all(
        [
            Action(
                project_id=project.id,
                theme_id=theme.id,
                title="Folder bij de huisarts",
                budget=Decimal("1234.5"),
                timing=ActionTiming.QUICK_WIN,
            ),
            Finding(project_id=project.id, sessie_id=sessies[1].id, text="Inwoners zoeken online", theme_id=theme.id),
            RegularTask(
                project_id=project.id, title="Monitoring", owner="Tom", hours=Decimal("4"), decision_id=decision.id
            ),
        ]
    )
    db.session.commit()
    return world


def test_context_gathers_the_project(busy):
    context = builder.build_context(busy.actor(busy.teamlid), busy.project.id, today=date(2026, 3, 1))
    assert (context.gemeente, context.central_question, context.opdrachtgever) == ("Venlo", HOSTILE, "Directeur Jansen")
    assert [s.type_key for s in context.sessies] == ["kick_off", "inwoners", "professionals"]
    assert context.sessies[1].findings[0].text == "Inwoners zoeken online"
    assert [t.name for t in context.themes] == ["Bereik"] and context.themes[0].quick_wins == 1
    assert context.decided_budget == Decimal("25000") and context.tasks[0].decision == "Startbesluit"
    assert [m.label for m in context.mijlpalen][:2] == ["Op zoek", "In beeld"]
    assert context.mijlpalen[1].checklist, "In beeld has checklist items in the content"


def test_context_of_another_gemeente_is_not_found(busy):
    with pytest.raises(NotFound):
        builder.build_context(busy.actor(busy.other_projectleider), busy.project.id)


def test_context_queries_do_not_grow_with_the_project(busy):
    actor = busy.actor(busy.teamlid)
    with count_queries() as few:
        builder.build_context(actor, busy.project.id)
    for i in range(20):
        factories.sessie(busy.project, on_date=date(2026, 4, 1))
        db.session.add(Action(project_id=busy.project.id, title=f"Actie {i}"))
    db.session.commit()
    with count_queries() as many:
        builder.build_context(actor, busy.project.id)
    assert len(many) == len(few)


def test_catalog_offers_per_session_files_by_option(busy):
    context = builder.build_context(busy.actor(busy.teamlid), busy.project.id)
    refs = [f.ref for f in catalog.files_for(context)]
    inwoners, professionals = context.sessies[1].id, context.sessies[2].id
    assert f"uitnodiging_inwoners--sessie-{inwoners}" in refs
    assert f"uitnodiging_inwoners--sessie-{professionals}" not in refs
    assert {f.document_key for f in catalog.files_for(context) if f.sessie_id == inwoners} >= {"presentatie_optie_a"}
    assert {f.document_key for f in catalog.files_for(context) if f.sessie_id == professionals} >= {
        "presentatie_optie_b"
    }
    assert "opdrachtomschrijving--taak-1" in refs


def test_every_file_has_its_own_reference(busy):
    context = builder.build_context(busy.actor(busy.teamlid), busy.project.id)
    refs = [f.ref for f in catalog.files_for(context)]
    assert len(refs) == len(set(refs))
    assert {"kickoff_presentatie", "presentatie_resultatensessie"} <= set(refs)


def test_each_presentation_download_is_that_presentation(busy):
    actor = busy.actor(busy.teamlid)
    kickoff = text_of(services.render_file(actor, busy.project.id, "kickoff_presentatie"))
    results = text_of(services.render_file(actor, busy.project.id, "presentatie_resultatensessie"))
    assert "Kick-off" in kickoff and "Resultatensessie" in results and kickoff != results


def test_every_file_downloads_filled_with_the_project(busy, client, auth):
    auth.login("lezer@venlo.nl")
    page = client.get(f"/projecten/{busy.project.id}/documenten").get_data(as_text=True)
    refs = re.findall(rf'/projecten/{busy.project.id}/documenten/([a-z_]+(?:--[a-z]+-\d+)?)"', page)
    assert len(refs) >= 12
    for ref in refs:
        response = client.get(f"/projecten/{busy.project.id}/documenten/{ref}")
        assert response.status_code == 200, ref
        disposition = response.headers["Content-Disposition"]
        assert re.search(r'filename="venlo-venlo-project-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.(docx|pptx)"', disposition), (
            disposition
        )
        text = text_of(
            services.RenderedFile(re.search(r'filename="(.+)"', disposition).group(1), response.mimetype, response.data)
        )
        assert "Venlo" in text, ref


def test_the_zip_holds_every_document(busy, client, auth):
    auth.login("tl@venlo.nl")
    response = client.get(f"/projecten/{busy.project.id}/documenten/alle.zip")
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    context = builder.build_context(busy.actor(busy.teamlid), busy.project.id)
    assert len(names) == len(catalog.files_for(context)) == len(set(names))
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="venlo-venlo-project-alle-documenten-'
    )


def test_documents_of_another_gemeente_are_not_found(busy, client, auth):
    auth.login("pl@kampen.nl")
    for path in ("", "/alle.zip", "/projectplan", "/huisstijl/projectplan"):
        assert client.get(f"/projecten/{busy.project.id}/documenten{path}").status_code == 404, path


def test_unknown_document_is_not_found(busy, client, auth):
    auth.login("tl@venlo.nl")
    assert client.get(f"/projecten/{busy.project.id}/documenten/brief_aan_de_koning").status_code == 404


def test_step_page_offers_the_documents_it_names(busy, client, auth):
    auth.login("tl@venlo.nl")
    page = client.get(f"/projecten/{busy.project.id}/stappen/voorbereiding.projectplan").get_data(as_text=True)
    assert f"/projecten/{busy.project.id}/documenten/projectplan" in page


# --- house style -----------------------------------------------------------------------------------


def _standard_docx(key="projectplan") -> bytes:
    return word.word_template_path(key).read_bytes()


def _rezip(data: bytes, replace: dict | None = None, add: dict | None = None, types_extra: str = "") -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = (replace or {}).get(item.filename, source.read(item.filename))
            if item.filename == "[Content_Types].xml" and types_extra:
                content = content.replace(b"</Types>", types_extra.encode() + b"</Types>")
            target.writestr(item.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def _with_body_text(data: bytes, text: str) -> bytes:
    """The template with one more paragraph in its body (as someone editing in Word would add)."""
    document = Document(io.BytesIO(data))
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", b"x")
        target.writestr("word/document.xml", b"0" * (15 * 1024 * 1024))  # under the size limit, ~1000:1
    return out.getvalue()


REFUSALS = [
    ("renamed picture", lambda: b"\x89PNG\r\n\x1a\n" + b"0" * 100, "geen geldig zip-bestand"),
    ("a presentation as Word template", lambda: slides.base_deck_path().read_bytes(), "geen Word-document"),
    (
        "macro-enabled type",
        lambda: _rezip(
            _standard_docx(),
            types_extra='<Override PartName="/word/x.xml" '
            'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/>',
        ),
        "macro",
    ),
    ("vbaProject.bin", lambda: _rezip(_standard_docx(), add={"word/vbaProject.bin": b"\x00\x01"}), "macro"),
    ("ActiveX", lambda: _rezip(_standard_docx(), add={"word/activeX/activeX1.xml": b"<ax/>"}), "ActiveX"),
    ("embedded program", lambda: _rezip(_standard_docx(), add={"word/embeddings/oleObject1.bin": b"MZ"}), "ingebouwde"),
    (
        "DOCTYPE",
        lambda: _rezip(
            _standard_docx(),
            add={"word/extra.xml": b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]><x>&a;</x>'},
        ),
        "DOCTYPE",
    ),
    ("zip bomb", _bomb, "ingepakt"),
    ("unknown placeholder", lambda: _with_body_text(_standard_docx(), "{{ geheime_sleutel }}"), "geheime_sleutel"),
    (
        "sandbox escape",
        lambda: _with_body_text(_standard_docx(), "{{ ''.__class__.__mro__[1].__subclasses__() }}"),
        "niet mag",
    ),
    ("broken field", lambda: _with_body_text(_standard_docx(), "{{ gemeente "), "fout in een veld"),
]


@pytest.mark.parametrize("name, make, message", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_bad_uploads_are_refused_with_a_dutch_reason(busy, name, make, message):
    with pytest.raises(ValidationError) as error:
        services.upload_house_style(busy.actor(busy.projectleider), busy.home.id, "projectplan", "eigen.docx", make())
    assert message in str(error.value)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HouseStyleTemplate)) == 0


def test_oversized_upload_is_refused(busy):
    with pytest.raises(ValidationError, match="groter dan 10 MB"):
        services.upload_house_style(
            busy.actor(busy.projectleider), busy.home.id, "projectplan", "x.docx", b"PK" + b"0" * (11 * 1024 * 1024)
        )


def test_base_deck_without_the_needed_layouts_is_refused(busy):
    deck = Presentation(str(slides.base_deck_path()))
    layout = deck.slide_layouts.get_by_name(slides.REQUIRED_LAYOUTS[0])
    layout.name = "Iets anders"
    out = io.BytesIO()
    deck.save(out)
    with pytest.raises(ValidationError, match=re.escape(slides.REQUIRED_LAYOUTS[0])):
        services.upload_house_style(
            busy.actor(busy.projectleider), busy.home.id, catalog.BASE_DECK, "huisstijl.pptx", out.getvalue()
        )


def test_house_style_is_used_for_downloads_until_reverted(busy, client, auth):
    own = _with_body_text(_standard_docx(), "Gemeente Venlo — huisstijl {{ gemeente }}")
    actor = busy.actor(busy.projectleider)
    services.upload_house_style(actor, busy.home.id, "projectplan", "venlo-projectplan.docx", own)
    text = text_of(services.render_file(actor, busy.project.id, "projectplan"))
    assert "Gemeente Venlo — huisstijl Venlo" in text
    services.remove_house_style(actor, busy.home.id, "projectplan")
    assert "huisstijl" not in text_of(services.render_file(actor, busy.project.id, "projectplan"))


def test_house_style_of_one_gemeente_does_not_reach_another(busy):
    own = _with_body_text(_standard_docx(), "Alleen voor Venlo")
    services.upload_house_style(busy.actor(busy.projectleider), busy.home.id, "projectplan", "v.docx", own)
    kampen = busy.actor(busy.other_projectleider)
    assert "Alleen voor Venlo" not in text_of(services.render_file(kampen, busy.other_project.id, "projectplan"))


def test_only_projectleider_or_beheerder_manages_templates(busy):
    with pytest.raises(NotAuthorized):
        services.upload_house_style(busy.actor(busy.teamlid), busy.home.id, "projectplan", "x.docx", _standard_docx())
    with pytest.raises(NotFound):
        services.upload_house_style(
            busy.actor(busy.other_projectleider), busy.home.id, "projectplan", "x.docx", _standard_docx()
        )
    services.upload_house_style(busy.actor(busy.beheerder), busy.home.id, "projectplan", "x.docx", _standard_docx())


def test_upload_page_shows_the_refusal_next_to_the_field(busy, client, auth):
    auth.login("pl@venlo.nl")
    response = client.post(
        f"/projecten/{busy.project.id}/documenten/huisstijl",
        data={"template_key": "projectplan", "file": (io.BytesIO(b"geen docx"), "plaatje.docx")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="file-fout"' in page and "geen geldig zip-bestand" in page


def test_beheerder_uploads_through_the_admin_page(busy, client, auth):
    auth.login("beheer@rfz.nl")
    response = client.post(
        f"/beheer/gemeenten/{busy.home.id}/huisstijl",
        data={"template_key": "projectplan", "file": (io.BytesIO(_standard_docx()), "venlo.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert db.session.scalars(sa.select(HouseStyleTemplate.filename)).one() == "venlo.docx"


def test_template_cannot_loop_for_hours(busy):
    slow = _with_body_text(
        _standard_docx(), "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}"
    )
    with pytest.raises(ValidationError, match="range"):
        services.upload_house_style(busy.actor(busy.projectleider), busy.home.id, "projectplan", "traag.docx", slow)


def _big_parts(count: int, size: int) -> dict[str, bytes]:
    """Picture-like parts that pack about 100:1, under the per-member ratio limit (200:1)."""
    block = b"".join(os.urandom(100) + b"\0" * 9900 for _ in range(size // 10000))
    return {f"word/media/image{i}.png": block for i in range(count)}


def _rels(data: bytes, name: str, relationship: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    rels = (
        source.read(name)
        if name in source.namelist()
        else (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
        )
    )
    rels = rels.replace(b"</Relationships>", relationship.encode() + b"</Relationships>")
    return _rezip(data, replace={name: rels}) if name in source.namelist() else _rezip(data, add={name: rels})


ATTACHED_TEMPLATE = (
    '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'attachedTemplate" Target="file:///C:/sjablonen/normal.dotm" TargetMode="External"/>'
)
EXTERNAL_PICTURE = (
    '<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
    'Target="https://aanvaller.example/pixel.png" TargetMode="External"/>'
)
UTF16_DOCTYPE = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE lol [<!ENTITY a "aaaa">]><x>&a;</x>'
HEAVY_UPLOADS = [
    "{% for a in 'x' * 60000 %}{% for b in 'x' * 60000 %}{{ a }}{% endfor %}{% endfor %}{{ gemeente }}",
    "{{ '%0200000000d' % 1 }}{{ gemeente }}",
    "{{ gemeente|center(200000000) }}",
    "{{ gemeente.zfill(200000000) }}",
    "{{ gemeente.ljust(200000000) }}",
    "{% set ns = namespace(s=gemeente) %}{% for i in 'x' * 100 %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
]
UPLOAD_REFUSALS = [
    (
        "pictures over 50 MB unpacked",
        lambda: _rezip(_standard_docx(), add=_big_parts(3, 19 * 1024 * 1024)),
        "uitgepakt groter",
    ),
    (
        "already filled in",
        lambda: word.render_word(_standard_docx(), "projectplan", sample_context()),
        "geen enkel veld",
    ),
    ("attached template", lambda: _rels(_standard_docx(), "word/_rels/settings.xml.rels", ATTACHED_TEMPLATE), "buiten"),
    ("external picture", lambda: _rels(_standard_docx(), "word/_rels/document.xml.rels", EXTERNAL_PICTURE), "buiten"),
    ("UTF-16 DOCTYPE", lambda: _rezip(_standard_docx(), add={"word/x.xml": UTF16_DOCTYPE.encode("utf-16")}), "DOCTYPE"),
    (
        "UTF-16 DOCTYPE without BOM",
        lambda: _rezip(_standard_docx(), add={"word/x.xml": UTF16_DOCTYPE.encode("utf-16-be")}),
        "DOCTYPE",
    ),
    (
        "DOCTYPE declared as UTF-32",
        lambda: _rezip(
            _standard_docx(), add={"word/x.xml": UTF16_DOCTYPE.replace("UTF-16", "UTF-32").encode("utf-32")}
        ),
        "DOCTYPE",
    ),
    *(
        (f"heavy {i}", lambda text=text: _with_body_text(_standard_docx(), text), "te veel rekenwerk")
        for i, text in enumerate(HEAVY_UPLOADS)
    ),
]


@pytest.mark.parametrize("name, make, message", UPLOAD_REFUSALS, ids=[r[0] for r in UPLOAD_REFUSALS])
def test_hostile_uploads_are_refused_with_a_dutch_reason(busy, name, make, message):
    with pytest.raises(ValidationError) as error:
        services.upload_house_style(busy.actor(busy.projectleider), busy.home.id, "projectplan", "eigen.docx", make())
    assert message in str(error.value)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HouseStyleTemplate)) == 0


def test_hyperlinks_to_outside_are_fine(busy):
    link = (
        '<Relationship Id="rId97" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'hyperlink" Target="https://www.venlo.nl" TargetMode="External"/>'
    )
    own = _rels(_standard_docx(), "word/_rels/document.xml.rels", link)
    services.upload_house_style(busy.actor(busy.projectleider), busy.home.id, "projectplan", "link.docx", own)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HouseStyleTemplate)) == 1


def _store_house_style(gemeente_id: int, content: bytes) -> None:
    """Straight into the table, as a template that passed an older, weaker upload check would be."""
    db.session.add(
        HouseStyleTemplate(
            gemeente_id=gemeente_id, template_key="projectplan", filename="oud.docx", content=content, size=len(content)
        )
    )
    db.session.commit()


@pytest.mark.parametrize("heavy", HEAVY_UPLOADS)
def test_every_render_of_a_heavy_template_ends_in_the_dutch_message(busy, client, auth, heavy):
    _store_house_style(busy.home.id, _with_body_text(_standard_docx(), heavy))
    auth.login("pl@venlo.nl")
    ref = next(
        f.ref
        for f in services.documents_page(busy.actor(busy.projectleider), busy.project.id).files
        if f.template_key == "projectplan"
    )
    for url in (f"/projecten/{busy.project.id}/documenten/{ref}", f"/projecten/{busy.project.id}/documenten/alle.zip"):
        response = client.get(url)
        assert response.status_code == 422, url
        assert "Dit sjabloon vraagt te veel rekenwerk" in response.get_data(as_text=True)
    assert client.get(f"/projecten/{busy.project.id}/documenten").status_code == 200  # the server carries on


def test_a_template_that_branches_on_the_data_is_stopped_at_the_download(busy, client, auth):
    # The dry render at upload uses the sample project; only the real project takes the heavy branch.
    sample_length = len(hostile_context().project_name)
    assert len(busy.project.name) != sample_length
    heavy = (
        f"{{% if project_name|length != {sample_length} %}}{{% for a in 'x' * 60000 %}}{{% for b in 'x' * 60000 %}}"
        "{{ a }}{% endfor %}{% endfor %}{% endif %}{{ gemeente }}"
    )
    own = _with_body_text(_standard_docx(), heavy)
    services.upload_house_style(busy.actor(busy.projectleider), busy.home.id, "projectplan", "slim.docx", own)
    auth.login("pl@venlo.nl")
    response = client.get(f"/projecten/{busy.project.id}/documenten/alle.zip")
    assert response.status_code == 422
    assert "Dit sjabloon vraagt te veel rekenwerk" in response.get_data(as_text=True)


def test_a_template_that_asks_for_an_unknown_field_only_for_this_project_gets_a_dutch_422(busy, client, auth):
    # Passes the upload check (the sample project takes the other branch), fails for the real project.
    sample_length = len(hostile_context().project_name)
    branching = (
        f"{{% if project_name|length != {sample_length} %}}{{{{ project_name.veld_dat_er_niet_is }}}}{{% endif %}}"
    )
    own = _with_body_text(_standard_docx(), branching + "{{ gemeente }}")
    services.upload_house_style(busy.actor(busy.projectleider), busy.home.id, "projectplan", "eigen.docx", own)
    auth.login("pl@venlo.nl")
    ref = next(
        f.ref
        for f in services.documents_page(busy.actor(busy.projectleider), busy.project.id).files
        if f.template_key == "projectplan"
    )
    for url in (f"/projecten/{busy.project.id}/documenten/{ref}", f"/projecten/{busy.project.id}/documenten/alle.zip"):
        response = client.get(url)
        assert response.status_code == 422, url
        text = response.get_data(as_text=True)
        assert "eigen sjabloon van de gemeente voor" in text
        assert "veld_dat_er_niet_is" in text
        assert "standaardversie terugzetten" in text


def test_a_stored_template_that_no_longer_fits_gets_a_dutch_422(busy, client, auth):
    _store_house_style(busy.home.id, _with_body_text(_standard_docx(), "{{ veld_van_vroeger }}"))
    auth.login("pl@venlo.nl")
    response = client.get(f"/projecten/{busy.project.id}/documenten/alle.zip")
    assert response.status_code == 422
    assert "veld_van_vroeger" in response.get_data(as_text=True)


# --- the command line: `flask rfz render-doc` ------------------------------------------------------


def _render_doc(app, *args):
    return app.test_cli_runner().invoke(args=["rfz", "render-doc", *map(str, args)])


def test_render_doc_writes_the_document_with_the_gemeentes_house_style(app, busy, tmp_path):
    own = _with_body_text(_standard_docx(), "Huisstijl van {{ gemeente }}")
    services.upload_house_style(busy.actor(busy.projectleider), busy.home.id, "projectplan", "venlo.docx", own)
    out = tmp_path / "projectplan.docx"
    result = _render_doc(app, busy.project.id, "projectplan", "--out", out)
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Huisstijl van Venlo" in text and "Gemeente Venlo" in text


def test_render_doc_makes_a_presentation_for_one_sessie(app, busy, tmp_path):
    sessie = db.session.scalars(sa.select(Sessie).where(Sessie.option == "a")).one()
    out = tmp_path / "optie-a.pptx"
    result = _render_doc(app, busy.project.id, "presentatie_optie_a", "--sessie", sessie.id, "--out", out)
    assert result.exit_code == 0, result.output
    deck = Presentation(str(out))
    text = "\n".join(s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame)
    # a sessie with inwoners: the deck speaks to them, with the mijlpaal in plain words
    assert "Praat mee over hulp bij geldzorgen" in text and "Hulp zoeken en vinden" in text
    assert "Op zoek" not in text
    assert deck.core_properties.title == "Presentatie optie A \u2013 Venlo"


def test_render_doc_picks_the_invitation_by_its_template(app, busy, tmp_path):
    sessie = db.session.scalars(sa.select(Sessie).where(Sessie.session_type == "inwoners")).one()
    asked = _render_doc(app, busy.project.id, "uitnodiging", "--sessie", sessie.id)
    assert asked.exit_code == 2 and "--sjabloon: uitnodiging_inwoners, uitnodiging_collegas" in asked.output
    out = tmp_path / "uitnodiging.docx"
    result = _render_doc(
        app, busy.project.id, "uitnodiging", "--sessie", sessie.id, "--sjabloon", "uitnodiging_inwoners", "--out", out
    )
    assert result.exit_code == 0, result.output
    document = Document(str(out))  # the place is in the invitation's table of facts
    assert any("Stadhuis" in cell.text for table in document.tables for row in table.rows for cell in row.cells)


@pytest.mark.parametrize(
    "args, message",
    [
        ((999999, "projectplan"), "Er is geen project met nummer 999999."),
        (("{project}", "brief_aan_de_koning"), "Onbekend document 'brief_aan_de_koning'."),
        (("{project}", "draaiboek_sbp"), "is een vast bestand uit de toolkit"),
        (("{project}", "presentatie_optie_b"), "Dit document is er per sessie: geef --sessie."),
        (("{project}", "projectplan", "--taak", "1"), "Dit document is er niet per taak"),
        (("{project}", "opdrachtomschrijving", "--taak", "7"), "geen reguliere taak met nummer 7"),
    ],
)
def test_render_doc_explains_what_is_wrong_in_dutch(app, busy, tmp_path, args, message):
    args = [str(a).format(project=busy.project.id) for a in args]
    result = _render_doc(app, *args, "--out", tmp_path / "x")
    assert result.exit_code != 0 and message in result.output
    assert not (tmp_path / "x").exists()
