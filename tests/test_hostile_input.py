"""Odd and hostile input never breaks the tool: control characters in text, versions and page numbers that
are no number, ids beyond what the database holds, dates outside the tool's range, a `next` with a line
break. Each ends in the stored value cleaned, a Dutch message next to the field, or a 404 — never a 5xx.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa
from docx import Document
from openpyxl import load_workbook
from pptx import Presentation

from rfz_project.errors import ConflictError, ValidationError
from rfz_project.extensions import db
from rfz_project.inputs import DATE_RANGE_MESSAGE
from rfz_project.models import (
    Action,
    Agreement,
    BlueprintColumn,
    ChecklistAnswer,
    CustomChecklistItem,
    Decision,
    Finding,
    Gemeente,
    Participant,
    Project,
    ProjectPlan,
    RegularTask,
    Sessie,
    StepState,
    TeamMember,
    Theme,
)
from rfz_project.projects import scope

from . import factories
from .helpers import errors_in, project_record_ids, url_for_rule

# What a user may paste: NUL, other C0 and C1 controls, noncharacters, Windows and old Mac newlines, next to
# markup characters, an emoji and a tab, which must all survive.
TYPED = "Begin\x00 <b>&\"'</b> 💶\x01\x1b\x7f\x9f\ufffe\uffff\ufdd0\U0010ffff eind\r\ntweede\tregel\rderde"
STORED = "Begin <b>&\"'</b> 💶 eind\ntweede\tregel\nderde"
# One line (a title): the cleaning comes before the trimming, so a NUL in front does not keep a space.
TYPED_LINE = "\x00 Folder \ufffebij de huisarts 🙂 <&> \x1b"
STORED_LINE = "Folder bij de huisarts 🙂 <&>"

HUGE = "99999999999999999999"  # beyond 64 bits
JUST_BEYOND = str(2**31)  # beyond PostgreSQL's INTEGER, which every id column is


def _base(world) -> str:
    return f"/projecten/{world.project.id}"


# --- control characters in text fields -------------------------------------------------------------------


def test_action_text_is_stored_cleaned(logged_in_leider, client):
    response = client.post(
        f"{_base(logged_in_leider)}/acties/nieuw",
        data={
            "title": TYPED_LINE,
            "description": TYPED,
            "owner": "\x00Sanne\ufffe",
            "status": "open",
            "timing": "onbepaald",
            "theme_id": "",
            "decision_id": "",
            "mijlpaal": "",
            "rol": "",
            "version": "",
        },
    )
    assert response.status_code == 302, errors_in(response.get_data(as_text=True))
    action = db.session.scalars(sa.select(Action)).one()
    assert (action.title, action.description, action.owner) == (STORED_LINE, STORED, "Sanne")


def test_projectplan_text_is_stored_cleaned(logged_in_leider, client):
    fields = ("aim", "scope", "result", "approach", "organisation", "planning", "risks")
    response = client.post(
        f"{_base(logged_in_leider)}/projectplan", data={**dict.fromkeys(fields, TYPED), "version": ""}
    )
    assert response.status_code == 302
    plan = db.session.scalars(sa.select(ProjectPlan)).one()
    assert {getattr(plan, f) for f in fields} == {STORED}


def test_checklist_note_is_stored_cleaned(logged_in_leider, client):
    """The answers are sub-forms without a CSRF token of their own (PlainForm): the same rules apply."""
    response = client.post(
        f"{_base(logged_in_leider)}/checklist",
        data={"in_beeld_dpia-answer": "nog_niet", "in_beeld_dpia-seen": "", "in_beeld_dpia-note": TYPED},
    )
    assert response.status_code == 302
    assert db.session.scalars(sa.select(ChecklistAnswer.note)).one() == STORED


def test_scope_text_is_stored_cleaned(logged_in_leider, client):
    project = db.session.get(Project, logged_in_leider.project.id)
    response = client.post(
        f"{_base(logged_in_leider)}/reikwijdte/{project.scope_type}",
        data={
            "name": TYPED_LINE,
            "mijlpalen": ["op_zoek", "in_contact"],
            "spoor": "inwoner",
            "central_question": TYPED,
            "reasons": [],
            "reason_note": "\x00\ufffe",
            "start_date": "2026-03-02",
            "version": str(project.version),
        },
    )
    assert response.status_code == 302, errors_in(response.get_data(as_text=True))
    db.session.expire_all()
    project = db.session.get(Project, logged_in_leider.project.id)
    assert (project.name, project.central_question, project.reason_note) == (STORED_LINE, STORED, "")


def test_text_of_only_control_characters_counts_as_empty(logged_in_leider, client):
    response = client.post(
        f"{_base(logged_in_leider)}/acties/nieuw",
        data={"title": "\x00\x01\ufffe", "status": "open", "timing": "onbepaald", "version": ""},
    )
    assert response.status_code == 400
    assert "Geef de actie een titel: wat gaat er gebeuren?" in errors_in(response.get_data(as_text=True))


def test_gemeente_name_is_stored_cleaned(world, client, auth):
    auth.login("beheer@rfz.nl")
    assert client.post("/beheer/", data={"name": "Súdwest\x00-Fryslân\ufffe"}).status_code == 302
    assert db.session.scalar(sa.select(Gemeente.id).where(Gemeente.name == "Súdwest-Fryslân"))


def test_filter_in_the_query_string_is_cleaned(logged_in_leider, client):
    factories.action(logged_in_leider.project, owner="Sanne")
    response = client.get(f"{_base(logged_in_leider)}/acties", query_string={"owner": "San\x00ne\ufffe"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'value="Sanne"' in page and "\x00" not in page


# --- what is stored already: every document still renders ------------------------------------------------

# (model, its free-text columns): every one gets junk appended directly in the database, as rows stored
# before the forms cleaned input, or written some other way, may hold.
TEXT_COLUMNS = [
    (Gemeente, ("name",)),
    (Project, ("name", "central_question", "reason_note")),
    (StepState, ("notes",)),
    (TeamMember, ("name",)),
    (ProjectPlan, ("aim", "scope", "result", "approach", "organisation", "planning", "risks")),
    (Decision, ("title", "decided_by", "rationale")),
    (Sessie, ("title", "location", "procesbegeleider", "administrator", "agenda")),
    (Participant, ("name", "organisation")),
    (Finding, ("text",)),
    (BlueprintColumn, ("title", "inwoner", "frontstage", "backstage", "support")),
    (Agreement, ("who", "description")),
    (Theme, ("name", "description")),
    (Action, ("title", "description", "owner")),
    (RegularTask, ("title", "description", "owner", "department")),
    (CustomChecklistItem, ("text",)),
    (ChecklistAnswer, ("note",)),
]


@pytest.fixture
def junk_in_the_database(logged_in_leider, backend):
    """The Venlo project with a row of every kind, and control characters and noncharacters in all its
    text; a NUL too on SQLite (PostgreSQL cannot store one at all)."""
    world = logged_in_leider
    project = world.project
    decision = factories.decision(project, rationale="Waarom")
    theme = factories.theme(project, description="Omschrijving")
    factories.action(project, theme=theme, owner="Tom", description="Doen", needs_decision=True)
    factories.regular_task(project, decision=decision, owner="Tom", department="Schuldhulp")
    factories.team_member(project)
    factories.sessie(project, session_type="kick_off", mijlpalen=(), on_date=date(2026, 3, 2))
    option_a = factories.sessie(project, mijlpalen=("op_zoek",), on_date=date(2026, 3, 9))
    option_b = factories.sessie(
        project, session_type="professionals", mijlpalen=("in_beeld",), on_date=date(2026, 3, 16)
    )
    db.session.get(Sessie, option_b.id).option = "b"
    factories.sessie(project, session_type="resultaten", mijlpalen=(), on_date=date(2026, 3, 23))
    for sessie in (option_a, option_b):
        factories.participant(sessie)
        finding, *_ = factories.results(sessie)
        db.session.get(Finding, finding.id).theme_id = theme.id
    item = factories.custom_checklist_item(world.home, mijlpaal="op_zoek")
    factories.checklist_answer(project, custom_item=item, note="Notitie")
    factories.checklist_answer(project, "in_beeld_dpia", note="Notitie")
    db.session.add_all(
        [
            ProjectPlan(project_id=project.id, aim="Doel"),
            StepState(project_id=project.id, step_key="voorbereiding.reikwijdte"),
        ]
    )
    db.session.commit()
    junk = "\x01\x08\x0b\x0c\x1b\x7f\ufffe\uffff\U0001fffe" + ("\x00" if backend == "sqlite" else "")
    for model, columns in TEXT_COLUMNS:
        db.session.execute(sa.update(model).values({c: getattr(model, c) + junk for c in columns}))
    db.session.commit()
    stored = db.session.scalar(sa.select(Project.central_question).where(Project.id == project.id))
    assert stored.endswith(junk), "the junk is in the database"
    return world


def _opens(filename: str, content: bytes) -> str:
    """The text of a downloaded file, opened as Word, PowerPoint or Excel would read it."""
    if filename.endswith(".docx"):
        document = Document(io.BytesIO(content))
        return "\n".join(p.text for p in document.paragraphs) + "\n".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        )
    if filename.endswith(".pptx"):
        deck = Presentation(io.BytesIO(content))
        return "\n".join(
            shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
        )
    if filename.endswith(".xlsx"):
        sheet = load_workbook(io.BytesIO(content)).active
        return "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)
    return content.decode("utf-8")


def test_every_document_renders_and_opens_with_junk_in_the_database(junk_in_the_database, client):
    base = _base(junk_in_the_database)
    page = client.get(f"{base}/documenten").get_data(as_text=True)
    refs = set(re.findall(rf'{base}/documenten/([a-z_]+(?:--[a-z]+-\d+)?)"', page)) - {"huisstijl"}
    expected = {"kickoff_presentatie", "presentatie_resultatensessie", "projectplan", "implementatieplan"}
    assert expected <= refs and any(r.startswith("presentatie_optie_a--") for r in refs)
    for ref in sorted(refs):
        response = client.get(f"{base}/documenten/{ref}")
        assert response.status_code == 200, ref
        filename = re.search(r'filename="(.+)"', response.headers["Content-Disposition"]).group(1)
        text = _opens(filename, response.data)
        assert "\ufffe" not in text and "\x01" not in text, ref


def test_the_zips_and_exports_hold_readable_files_with_junk_in_the_database(junk_in_the_database, client):
    base = _base(junk_in_the_database)
    for url in (f"{base}/documenten/alle.zip", f"{base}/archief.zip"):
        response = client.get(url)
        assert response.status_code == 200, url
        archive = zipfile.ZipFile(io.BytesIO(response.data))
        assert archive.namelist(), url
        for name in archive.namelist():
            _opens(name, archive.read(name))
    for url in (f"{base}/acties/export.csv", f"{base}/acties/export.xlsx"):
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith(".xlsx"):
            assert "\ufffe" not in _opens("x.xlsx", response.data)


def test_pages_render_with_junk_in_the_database(junk_in_the_database, client):
    base = _base(junk_in_the_database)
    for path in ("", "/sessies", "/acties", "/acties/resultatensessie", "/resultaten", "/checklist", "/geschiedenis"):
        assert client.get(f"{base}{path}").status_code == 200, path
    for sessie_id in db.session.scalars(sa.select(Sessie.id)):
        for path in ("", "/resultaten", "/bewerken", "/agenda.ics"):
            assert client.get(f"{base}/sessies/{sessie_id}{path}").status_code == 200, path
    assert client.get("/start").status_code == 200


# --- versions and page numbers that are no number --------------------------------------------------------


def test_superscript_version_is_a_conflict_not_an_error(logged_in_leider, client):
    """'²'.isdigit() is true, but int('²') fails: the version is unreadable, so the save is a conflict."""
    factories.action(logged_in_leider.project)
    action = db.session.scalars(sa.select(Action)).one()
    response = client.post(
        f"{_base(logged_in_leider)}/acties/{action.id}",
        data={"title": "Nieuwe titel", "status": "open", "timing": "onbepaald", "version": "²"},
    )
    assert response.status_code == 400 and ConflictError.MESSAGE in response.get_data(as_text=True)
    assert db.session.get(Action, action.id).title != "Nieuwe titel"


@pytest.mark.parametrize("version", ["²", "٣", HUGE, "-1", " "])
def test_unreadable_version_on_the_plan_never_errors(logged_in_leider, client, version):
    db.session.add(ProjectPlan(project_id=logged_in_leider.project.id, aim="Oud"))
    db.session.commit()
    response = client.post(f"{_base(logged_in_leider)}/projectplan", data={"aim": "Nieuw", "version": version})
    assert response.status_code == 400 and ConflictError.MESSAGE in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(ProjectPlan.aim)).one() == "Oud"


def test_superscript_in_the_resultatensessie_form(logged_in_leider, client):
    action = factories.action(logged_in_leider.project)
    url = f"{_base(logged_in_leider)}/acties/resultatensessie"
    response = client.post(
        url, data={f"timing-{action.id}": "quick_win", f"version-{action.id}": "²", "timing-²": "later"}
    )
    assert response.status_code == 400 and "Uw keuzes zijn nog niet opgeslagen" in response.get_data(as_text=True)
    assert db.session.get(Action, action.id).timing.value == "onbepaald"  # the unreadable version: a conflict


def test_superscript_version_of_a_checklist_answer(logged_in_leider, client):
    factories.checklist_answer(logged_in_leider.project, "in_beeld_dpia", answer="doen_we_al")
    response = client.post(
        f"{_base(logged_in_leider)}/checklist",
        data={"in_beeld_dpia-answer": "nog_niet", "in_beeld_dpia-seen": "", "in_beeld_dpia-version": "²"},
    )
    assert response.status_code < 500
    assert db.session.scalars(sa.select(ChecklistAnswer.answer)).one().value == "doen_we_al"


def test_superscript_version_when_a_finding_becomes_an_action(logged_in_leider, client):
    finding, *_ = factories.results(factories.sessie(logged_in_leider.project))
    response = client.post(f"{_base(logged_in_leider)}/bevindingen/{finding.id}/actie", data={"version": "²"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Action)) == 0


@pytest.mark.parametrize("pagina", ["²", "٣", HUGE, JUST_BEYOND, "-1", "1e3", ""])
def test_history_page_number_that_is_no_page(logged_in_leider, client, pagina):
    response = client.get(f"{_base(logged_in_leider)}/geschiedenis", query_string={"pagina": pagina})
    assert response.status_code == 200


def test_every_post_with_a_superscript_version_never_errors(app, world, client, auth):
    """Whatever else is missing, no form fails on its version field."""
    ids = project_record_ids(world)
    auth.login("pl@venlo.nl")
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in (
            "accounts.logout",
            "accounts.logout_everywhere",
            "accounts.login",
        ):
            continue
        url = url_for_rule(app, rule, ids)
        response = client.post(url, data={"version": "²", "in_beeld_dpia-version": "²", "in_beeld_dpia-seen": ""})
        assert response.status_code < 500, url


# --- ids beyond what the database holds ------------------------------------------------------------------


def test_huge_ids_in_every_url_are_not_found(app, world, client, auth):
    ids = project_record_ids(world)
    auth.login("pl@venlo.nl")
    checked = 0
    for rule in app.url_map.iter_rules():
        numeric = [arg for arg in rule.arguments if isinstance(ids.get(arg), int) and arg.endswith("_id")]
        for arg in numeric:
            for huge in (HUGE, JUST_BEYOND):
                path = _path_with(rule, ids, arg, huge)
                for method in sorted(rule.methods & {"GET", "POST"}):
                    response = client.open(path, method=method)
                    assert response.status_code == 404, (method, path)
                    checked += 1
    assert checked > 100


def _path_with(rule, ids: dict, arg: str, value: str) -> str:
    """The rule's path with `value` for `arg` and the real ids for the other arguments."""
    out = []
    for part in re.split(r"(<[^>]+>)", rule.rule):
        match = re.fullmatch(r"<(?:[a-z]+:)?([a-z_]+)>", part)
        if match is None:
            out.append(part)
        else:
            name = match.group(1)
            out.append(value if name == arg else str(ids[name]))
    return "".join(out)


def test_largest_id_the_database_holds_is_simply_not_found(logged_in_leider, client):
    assert client.get(f"/projecten/{2**31 - 1}").status_code == 404
    assert client.get("/projecten/٣").status_code == 404  # an Arabic-Indic three is no id in a URL


HUGE_FORM_IDS = [
    ("action theme", "/acties/nieuw", {"title": "Actie", "status": "open", "timing": "onbepaald", "theme_id": HUGE}),
    (
        "action decision",
        "/acties/nieuw",
        {"title": "Actie", "status": "open", "timing": "onbepaald", "decision_id": JUST_BEYOND},
    ),
    ("step owner", "/stappen/voorbereiding.reikwijdte", {"status": "bezig", "owner_id": HUGE, "notes": ""}),
    ("team user", "/team", {"user_id": HUGE, "name": "", "discipline": "beleid", "team_role": "lid"}),
    ("bundle findings", "/resultaten", {"finding_ids": [HUGE], "theme_id": ""}),
    ("bundle theme", "/resultaten", {"finding_ids": ["1"], "theme_id": HUGE}),
    (
        "task decision",
        "/borging/taken/nieuw",
        {"title": "Taak", "kind": "monitoring", "frequency": "maand", "decision_id": HUGE},
    ),
    ("decision capacity", "/besluiten/nieuw", {"title": "Besluit", "capacity_hours": HUGE}),
    (
        "sessie duration",
        "/sessies/nieuw",
        {
            "session_type": "kick_off",
            "on_date": "2026-03-03",
            "start_time": "13:30",
            "duration_minutes": HUGE,
            "mode": "fysiek",
        },
    ),
]


@pytest.mark.parametrize("path, data", [c[1:] for c in HUGE_FORM_IDS], ids=[c[0] for c in HUGE_FORM_IDS])
def test_huge_ids_and_numbers_in_forms_get_a_message(logged_in_leider, client, path, data):
    response = client.post(f"{_base(logged_in_leider)}{path}", data={**data, "version": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert errors_in(page) or "Er ging iets mis" in page  # next to the field, or in the summary above the form


def test_huge_headcount_gets_the_fields_message(logged_in_leider, client):
    sessie = factories.sessie(logged_in_leider.project)
    response = client.post(
        f"{_base(logged_in_leider)}/sessies/{sessie.id}/deelnemers",
        data={"group": "inwoner", "name": "Ans", "organisation": "", "headcount": HUGE, "invitation": "uitgenodigd"},
    )
    assert response.status_code == 400
    assert "Dit getal is te groot." in errors_in(response.get_data(as_text=True))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) == 0


def test_huge_gemeente_id_at_the_admin_pages(world, client, auth):
    auth.login("beheer@rfz.nl")
    for path in ("lidmaatschap", "gemeenten"):
        response = client.post(
            f"/beheer/gebruikers/{world.procesbegeleider.id}/{path}", data={"gemeente_id": HUGE, "role": "lezer"}
        )
        assert response.status_code < 500, path


# --- dates outside the tool's range ----------------------------------------------------------------------

DATE_FIELDS = [
    ("scope start", "/reikwijdte/{scope_type}", "start_date"),
    ("sessie", "/sessies/nieuw", "on_date"),
    ("action deadline", "/acties/nieuw", "deadline"),
    ("decision", "/besluiten/nieuw", "decided_on"),
    ("task start", "/borging/taken/nieuw", "starts_on"),
    ("step due", "/stappen/voorbereiding.reikwijdte", "due_date"),
]


@pytest.mark.parametrize("value", ["9999-12-31", "1999-12-31", "0001-01-01", "2101-01-01"])
@pytest.mark.parametrize("path, field", [d[1:] for d in DATE_FIELDS], ids=[d[0] for d in DATE_FIELDS])
def test_date_outside_the_range_gets_a_message_next_to_the_field(logged_in_leider, client, path, field, value):
    project = db.session.get(Project, logged_in_leider.project.id)
    url = _base(logged_in_leider) + path.format(scope_type=project.scope_type)
    response = client.post(url, data={field: value, "title": "X", "version": str(project.version)})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-fout"' in page and DATE_RANGE_MESSAGE in page


def test_dates_at_the_edges_of_the_range_are_accepted(logged_in_leider, client):
    for deadline in ("2000-01-01", "2100-12-31"):
        response = client.post(
            f"{_base(logged_in_leider)}/acties/nieuw",
            data={
                "title": f"Actie {deadline}",
                "status": "open",
                "timing": "onbepaald",
                "deadline": deadline,
                "version": "",
            },
        )
        page = response.get_data(as_text=True)
        assert DATE_RANGE_MESSAGE not in page, deadline


def test_service_refuses_a_start_date_outside_the_range(leider, world):
    project = scope.project_for_scope_edit(leider, world.project.id)
    data, version = scope.scope_input_from(project), project.version
    for start in (date(9999, 12, 31), date(1999, 12, 31)):
        data.start_date = start
        with pytest.raises(ValidationError) as error:
            scope.update_scope(leider, world.project.id, data, version)
        assert error.value.errors["start_date"] == [DATE_RANGE_MESSAGE]


# --- a `next` with a line break at login -----------------------------------------------------------------


@pytest.mark.parametrize(
    "target", ["/start\r\nSet-Cookie: x=1", "/projecten\nX-Injected: 1", "/start\rX: 1", "/ start", "/start\x00"]
)
def test_next_with_a_line_break_is_ignored(world, client, target):
    assert client.get("/inloggen", query_string={"next": target}).status_code == 200
    response = client.post("/inloggen", data={"email": "pl@venlo.nl", "password": factories.PASSWORD, "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/start"
    assert "X-Injected" not in response.headers and "x=1" not in response.headers.get("Set-Cookie", "")


def test_next_to_a_page_of_the_site_still_works(world, client):
    response = client.post(
        "/inloggen", data={"email": "pl@venlo.nl", "password": factories.PASSWORD, "next": "/projecten/1?a=b"}
    )
    assert response.headers["Location"] == "/projecten/1?a=b"
