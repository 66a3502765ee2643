"""The demo: accounts that log in, and projects whose dates follow the day it is loaded, at every stage."""

import io
import re
from datetime import date, timedelta

import sqlalchemy as sa
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from pptx import Presentation

from rfz_project.demo import DEMO_PASSWORD, MIJLPAAL_FINDINGS, load_demo
from rfz_project.documents import services as documents
from rfz_project.documents.catalog import DocumentFile
from rfz_project.documents.context import MISSING
from rfz_project.extensions import db
from rfz_project.models import (
    Action,
    BlueprintColumn,
    ChecklistAnswer,
    CustomChecklistItem,
    Decision,
    Finding,
    Gemeente,
    Participant,
    Project,
    ProjectMijlpaal,
    ProjectPlan,
    RegularTask,
    Sessie,
    SessieMijlpaal,
    SessieStatus,
    StepState,
    StepStatus,
    TeamMember,
    TeamRole,
    User,
)
from rfz_project.projects import planning
from rfz_project.projects.facts import facts_for
from rfz_project.projects.plan import PLAN_FIELDS
from rfz_project.projects.progress import check_step
from rfz_project.routekaart import current_routekaart

from .conftest import empty_tables
from .factories import reload_user

TODAY = date(2026, 3, 11)  # a Wednesday: the demo counts from the Monday of the week it is loaded
GEMEENTEN = {"Leeuwarden", "Amsterdam", "Enschede", "Venlo", "Nijmegen", "Kampen", "Apeldoorn", "Hilversum"}


def _project(gemeente: str) -> Project:
    return db.session.scalars(sa.select(Project).join(Gemeente).where(Gemeente.name == gemeente)).one()


def _all(model, *where):
    return list(db.session.scalars(sa.select(model).where(*where)))


def _sessies(project: Project) -> list[Sessie]:
    return _all(Sessie, Sessie.project_id == project.id)


def _purpose(sessie: Sessie) -> str:
    return current_routekaart().get("session_type", sessie.session_type).purpose


def _planned(project: Project) -> list[planning.PlannedPhase]:
    rk = current_routekaart()
    selection = rk.get("scope_type", project.scope_type).selection
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(ProjectMijlpaal).where(ProjectMijlpaal.project_id == project.id)
    )
    return planning.planned_phases(rk, selection, count, project.start_date)


def _open_steps(project: Project) -> int:
    finished = _all(StepState, StepState.project_id == project.id, StepState.status == StepStatus.AFGEROND)
    return len(current_routekaart().steps) - len(finished)


def _stage(project: Project) -> str:
    """How far a project is, by its records: before its sessies, among them, after the resultatensessie."""
    sessies = _sessies(project)
    if not sessies:
        return "voorbereiding"
    if any(_purpose(s) == "resultaten" and s.status != SessieStatus.AFGEROND for s in sessies):
        return "uitvoering"
    return "borging" if _open_steps(project) else "afgerond"


def test_demo_creates_eight_gemeenten_with_a_project_each(ctx):
    assert load_demo() > 0
    assert set(db.session.scalars(sa.select(Gemeente.name))) == GEMEENTEN
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 8
    statuses = {s.value for s in db.session.scalars(sa.select(StepState.status))}
    assert {"afgerond", "bezig"} <= statuses


def test_demo_is_idempotent_also_on_a_later_day(ctx):
    load_demo(TODAY)
    counts = {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in db.metadata.sorted_tables}
    assert load_demo(TODAY + timedelta(days=40)) == 0
    assert counts == {
        t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in db.metadata.sorted_tables
    }


def test_demo_accounts_log_in(ctx, client):
    load_demo()
    user = db.session.scalars(sa.select(User).where(User.email == "projectleider.venlo@demo.rfz")).one()
    assert user.check_password(DEMO_PASSWORD)
    response = client.post("/inloggen", data={"email": "procesbegeleider@demo.rfz", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    page = client.get("/start").get_data(as_text=True)
    assert page.count('href="/projecten/') == 8


def test_demo_command_via_cli(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["rfz", "demo"])
    second = runner.invoke(args=["rfz", "demo"])
    assert "Demogegevens geladen" in first.output and "niets veranderd" in second.output


def test_check_content_command_reports_counts(app):
    result = app.test_cli_runner().invoke(args=["rfz", "check-content"])
    assert result.exit_code == 0 and "8 mijlpalen, 12 stappen" in result.output


# --- dates that follow the day of loading ------------------------------------------------------------


def _stored_dates() -> dict[str, list[date]]:
    """Every date the demo stored, per column, sorted (ids differ between loads, the order of values not)."""
    found = {}
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, sa.Date) and not isinstance(column.type, sa.DateTime):
                values = db.session.scalars(sa.select(column).where(column.is_not(None)))
                found[f"{table.name}.{column.name}"] = sorted(values)
    return found


def test_every_date_moves_with_the_day_the_demo_is_loaded(ctx):
    load_demo(TODAY)
    first = _stored_dates()
    empty_tables()
    db.session.expunge_all()  # the rows are gone; so are the objects that stood for them
    later = TODAY + timedelta(weeks=11)
    load_demo(later)
    moved = _stored_dates()
    assert sum(len(values) for values in first.values()) > 200
    assert {name for name, values in first.items() if values} >= {
        "project.start_date",
        "step_state.due_date",
        "sessie.on_date",
        "decision.decided_on",
        "action.deadline",
        "agreement.due_date",
        "regular_task.starts_on",
    }
    assert moved == {name: [d + timedelta(weeks=11) for d in values] for name, values in first.items()}


def test_a_date_that_is_not_a_monday_counts_from_the_monday_of_its_week(ctx):
    load_demo(TODAY)
    starts = set(db.session.scalars(sa.select(Project.start_date)))
    assert all(start.weekday() == 0 and start < TODAY for start in starts)
    assert all(s.on_date.weekday() < 5 for s in _all(Sessie)), "sessies fall on weekdays"


# --- every stage of the route --------------------------------------------------------------------------


def test_demo_projects_are_at_every_stage_of_the_route(ctx):
    load_demo(TODAY)
    stages = {name: _stage(_project(name)) for name in GEMEENTEN}
    assert set(stages.values()) == {"voorbereiding", "uitvoering", "borging", "afgerond"}, stages
    assert list(stages.values()).count("uitvoering") >= 2, stages
    # Venlo is the main demo project, far enough along for every document; Kampen has no sessies yet, so a
    # planning can be proposed there (the browser tests do).
    assert stages["Venlo"] == "borging" and stages["Kampen"] == "voorbereiding"
    kampen, venlo = _planned(_project("Kampen")), _planned(_project("Venlo"))
    assert kampen[0].start <= TODAY < kampen[0].end, "still in its planned Voorbereiding"
    assert venlo[-1].start <= TODAY < venlo[-1].end, "in its planned Borging"
    finished = next(name for name, stage in stages.items() if stage == "afgerond")
    assert _planned(_project(finished))[-1].end <= TODAY
    assert not _all(Decision, Decision.project_id == _project("Kampen").id), "Kampen waits for its go-ahead"


def test_one_project_is_clearly_behind_schedule(ctx):
    load_demo(TODAY)
    behind = []
    for name in GEMEENTEN:
        project = _project(name)
        if _planned(project)[-1].end <= TODAY and _open_steps(project):
            behind.append(name)
    assert behind == ["Leeuwarden"]
    states = _all(StepState, StepState.project_id == _project("Leeuwarden").id)
    assert any(s.status == StepStatus.BEZIG and s.due_date < TODAY and s.notes for s in states)


def test_sessies_held_in_the_past_and_planned_to_come(ctx):
    load_demo(TODAY)
    sessies = _all(Sessie)
    past = [s for s in sessies if s.on_date < TODAY]
    coming = [s for s in sessies if s.on_date > TODAY]
    assert past and coming and len(past) + len(coming) == len(sessies)
    assert {s.status for s in past} == {SessieStatus.AFGEROND}
    assert {s.status for s in coming} == {SessieStatus.GEPLAND, SessieStatus.CONCEPT}
    findings = {s_id for s_id in db.session.scalars(sa.select(Finding.sessie_id))}
    columns = {s_id for s_id in db.session.scalars(sa.select(BlueprintColumn.sessie_id))}
    assert all(s.id in findings | columns for s in past if _purpose(s) != "resultaten")
    invited = {s_id for s_id in db.session.scalars(sa.select(Participant.sessie_id))}
    planned = [s for s in coming if s.status == SessieStatus.GEPLAND]
    assert planned and all(s.procesbegeleider and s.administrator and s.id in invited for s in planned)


def test_an_optie_b_sessie_was_held_with_a_service_blueprint(ctx):
    load_demo(TODAY)
    venlo = _project("Venlo")
    held_b = [s for s in _sessies(venlo) if s.option == "b" and s.status == SessieStatus.AFGEROND]
    assert held_b
    for sessie in held_b:
        columns = _all(BlueprintColumn, BlueprintColumn.sessie_id == sessie.id)
        assert columns and all(c.title and c.inwoner and c.frontstage and c.backstage and c.support for c in columns)


def test_actions_late_and_on_time_each_with_owner_deadline_and_budget(ctx):
    load_demo(TODAY)
    actions = _all(Action)
    assert all(a.owner and a.deadline and a.budget is not None for a in actions)
    assert any(a.budget == 0 for a in actions), "0: geen budget nodig"
    late = [a for a in actions if a.deadline < TODAY and not a.status.is_closed]
    on_time = [a for a in actions if a.deadline >= TODAY and not a.status.is_closed]
    assert late and on_time
    assert any(a.needs_decision and a.decision_id for a in actions)
    assert any(a.needs_decision and a.decision_id is None for a in actions), "one still waits for its decision"
    venlo = _project("Venlo")
    waiting = [a for a in actions if a.project_id == venlo.id and a.needs_decision and a.decision_id is None]
    assert [a.title for a in waiting] == ["Koppeling voor signalen in het registratiesysteem"], "one waits its turn"
    assert any(a.project_id == venlo.id and a.needs_decision and a.decision_id for a in actions)
    assert any(a.project_id == venlo.id for a in late)


def test_the_checklist_project_has_answers_and_actions_from_them(ctx):
    load_demo(TODAY)
    rk = current_routekaart()
    project = next(p for p in _all(Project) if rk.get("scope_type", p.scope_type).selection == "checklist")
    answers = _all(ChecklistAnswer, ChecklistAnswer.project_id == project.id)
    assert len(answers) >= 10 and all(a.note for a in answers)
    assert any(a.action_id for a in answers) and any(a.custom_item_id for a in answers)


def test_a_finished_archivering_meets_its_criteria(ctx):
    load_demo(TODAY)
    rk = current_routekaart()
    step = rk.get("step", "borging.archivering")
    done = _all(StepState, StepState.step_key == step.full_key, StepState.status == StepStatus.AFGEROND)
    projects = _all(Project, Project.id.in_([s.project_id for s in done]))
    assert projects
    facts = facts_for(projects, TODAY)
    assert all(c.met for p in projects for c in check_step(rk, step, facts[p.id]))


def test_venlo_has_a_full_team_plan_decisions_and_regular_tasks(ctx):
    load_demo(TODAY)
    venlo = _project("Venlo")
    team = _all(TeamMember, TeamMember.project_id == venlo.id)
    assert {m.team_role for m in team} >= {TeamRole.PROJECTLEIDER, TeamRole.OPDRACHTGEVER, TeamRole.OPDRACHTNEMER}
    assert {m.discipline for m in team} >= {"beleid", "juridisch", "uitvoering", "kwaliteit"}
    (plan,) = _all(ProjectPlan, ProjectPlan.project_id == venlo.id)
    assert all(getattr(plan, name).strip() for name in PLAN_FIELDS)
    decisions = _all(Decision, Decision.project_id == venlo.id)
    assert all(d.rationale for d in decisions)
    start = [d for d in decisions if d.step_key == "voorbereiding.besluitvorming"]
    assert start and all(d.decided_on and d.decided_by and d.budget and d.capacity_hours for d in start)
    tasks = _all(RegularTask, RegularTask.project_id == venlo.id)
    assert tasks and all(t.owner and t.hours and t.department and t.starts_on for t in tasks)
    assert any(t.needs_directiebesluit for t in tasks)
    assert all(t.decision_id for t in tasks if t.needs_directiebesluit)


def test_demo_rows_use_only_routekaart_keys(ctx):
    load_demo(TODAY)
    rk = current_routekaart()
    keys = {
        "mijlpaal": [
            *db.session.scalars(sa.select(ProjectMijlpaal.mijlpaal)),
            *db.session.scalars(sa.select(SessieMijlpaal.mijlpaal)),
            *db.session.scalars(sa.select(Finding.mijlpaal).where(Finding.mijlpaal.is_not(None))),
            *db.session.scalars(sa.select(Action.mijlpaal).where(Action.mijlpaal.is_not(None))),
            *db.session.scalars(
                sa.select(CustomChecklistItem.mijlpaal).where(CustomChecklistItem.mijlpaal.is_not(None))
            ),
        ],
        "rol": [
            *db.session.scalars(sa.select(Finding.rol).where(Finding.rol.is_not(None))),
            *db.session.scalars(sa.select(Action.rol).where(Action.rol.is_not(None))),
        ],
        "step": [*db.session.scalars(sa.select(StepState.step_key)), *db.session.scalars(sa.select(Decision.step_key))],
        "session_type": list(db.session.scalars(sa.select(Sessie.session_type))),
        "discipline": list(db.session.scalars(sa.select(TeamMember.discipline))),
        "scope_type": list(db.session.scalars(sa.select(Project.scope_type))),
        "spoor": list(db.session.scalars(sa.select(Project.spoor))),
        "reason": [r for reasons in db.session.scalars(sa.select(Project.reasons)) for r in reasons],
    }
    unknown = {kind: [k for k in found if rk.get(kind, k) is None] for kind, found in keys.items()}
    assert unknown == {kind: [] for kind in keys}
    answered = set(db.session.scalars(sa.select(ChecklistAnswer.item_key).where(ChecklistAnswer.item_key.is_not(None))))
    assert answered and answered <= {i.key for i in rk.checklist}


# --- the documents of the main demo project --------------------------------------------------------------


# What an unfinished project prints and a complete demo never may: the app's placeholder, empty counts and
# an empty list's line ("Nog geen besluiten nodig.").
UNFINISHED = re.compile(
    rf"{MISSING}|(?<![\d.,])0 (sessies|bevindingen|thema's|acties|taken|uur)\b|Deelnemers: 0\b|(^|\n)Nog geen ",
    re.IGNORECASE,
)


def _docx_parts(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """Every paragraph of a Word file (body, table cells, headers and footers) and its tables as rows of cells."""
    document = Document(io.BytesIO(data))
    texts = [Paragraph(p, document).text for p in document.element.body.iter(qn("w:p"))]
    for section in document.sections:
        texts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return texts, tables


def _pptx_parts(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """Every text frame and the speaker notes of a deck, and its tables as rows of cells."""
    texts, tables = [], []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                tables.append([[cell.text for cell in row.cells] for row in shape.table.rows])
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return texts, tables


def _parts(rendered: documents.RenderedFile) -> tuple[str, list[list[list[str]]]]:
    texts, tables = (_docx_parts if rendered.filename.endswith(".docx") else _pptx_parts)(rendered.content)
    cells = [cell for table in tables for row in table for cell in row]
    return "\n".join(texts + cells), tables


def _venlo_files() -> list[tuple[DocumentFile, documents.RenderedFile]]:
    """The Venlo demo project's files as its projectleider downloads them, each rendered."""
    venlo = _project("Venlo")
    leider = db.session.scalars(sa.select(User).where(User.email == "projectleider.venlo@demo.rfz")).one()
    actor = reload_user(leider.id)
    files = documents.documents_page(actor, venlo.id).files
    return [(file, documents.render_file(actor, venlo.id, file.ref, today=TODAY)) for file in files]


def _check_every_variant(files: list[DocumentFile]) -> None:
    generated = {d.key for d in current_routekaart().documents if d.generated}
    assert len(generated) == 10 and {f.document_key for f in files} == generated
    made = {f.template_key if f.format == "docx" else f.document_key for f in files}
    assert {"uitnodiging_inwoners", "uitnodiging_collegas", "presentatie_optie_a", "presentatie_optie_b"} <= made
    tasks = [f for f in files if f.document_key == "opdrachtomschrijving" and f.task_index is not None]
    assert len(tasks) == 5, "the opdrachtomschrijving of all tasks, and one per task"


def _check_complete(file: DocumentFile, text: str, tables: list[list[list[str]]]) -> None:
    """Nothing to fill in, no empty count, no table with only its header, no empty row, no label without value.
    (A cell of a wider table may be empty: a timeline marks only the weeks of its bar.)"""
    found = [m.group(0) for m in UNFINISHED.finditer(text)]
    assert found == [], (file.ref, found)
    for table in tables:
        assert len(table) > 1, (file.ref, "a table with only its header row", table)
        assert all(any(cell.strip() for cell in row) for row in table), (file.ref, "an empty row", table)
        if len(table[0]) == 2:  # label and value
            assert all(value.strip() for _label, value in table), (file.ref, "a label without its value", table)


def _check_real_people(file: DocumentFile, text: str) -> None:
    """Invitations name a person to call, with a phone and an e-mail address; no document names an account's role
    as if it were a person."""
    text = text.replace("\u00a0", " ")  # a phone number may be kept on one line with no-break spaces
    if file.document_key == "uitnodiging":
        assert "Anouk Hermans" in text and "06 1234 56" in text and "projectleider.venlo@demo.rfz" in text, file.ref
    assert not re.search(r"\b(Projectleider|Teamlid) Venlo\b", text), file.ref


def test_the_venlo_demo_yields_all_ten_documents_with_nothing_left_to_fill_in(ctx):
    load_demo(TODAY)
    rendered_files = _venlo_files()
    _check_every_variant([file for file, _ in rendered_files])
    for file, rendered in rendered_files:
        text, tables = _parts(rendered)
        assert "Venlo" in text, file.ref
        _check_complete(file, text, tables)
        _check_real_people(file, text)


def test_what_inwoners_said_is_written_in_their_own_words(ctx):
    """A sessie with inwoners writes down what they said as they said it; their deck shows it back to them."""
    load_demo(TODAY)
    rk = current_routekaart()
    said = {f.inwoner for found in MIJLPAAL_FINDINGS.values() for f in found}
    held = [s for s in _all(Sessie) if s.status == SessieStatus.AFGEROND]
    with_inwoners = [s.id for s in held if rk.get("session_type", s.session_type).with_inwoners]
    findings = _all(Finding, Finding.sessie_id.in_(with_inwoners))
    assert findings and all(f.text in said for f in findings)
    others = _all(Finding, Finding.sessie_id.not_in(with_inwoners))
    assert others and not any(f.text in said for f in others), "professionals keep their own words"


def test_a_demo_sessie_with_inwoners_names_its_own_contact_person(ctx):
    load_demo(TODAY)
    rk = current_routekaart()
    enschede = _project("Enschede")
    lid = db.session.scalars(sa.select(User).where(User.email == "teamlid.enschede@demo.rfz")).one()
    assert lid.phone and lid.job_title
    for sessie in _sessies(enschede):
        with_inwoners = rk.get("session_type", sessie.session_type).with_inwoners
        assert sessie.contact_user_id == (lid.id if with_inwoners else None)
    assert all(s.contact_user_id is None for s in _sessies(_project("Venlo")))


def test_a_coming_demo_sessie_with_inwoners_has_someone_to_mail_the_invitation_to(ctx):
    """So 'Uitnodiging per e-mail versturen' can be tried on the demo (the address's domain receives no mail)."""
    load_demo(TODAY)
    rk = current_routekaart()
    coming = [s for s in _all(Sessie) if s.on_date > TODAY and rk.get("session_type", s.session_type).with_inwoners]
    addressed = set(
        db.session.scalars(sa.select(Participant.sessie_id).where(Participant.email.endswith("@example.org")))
    )
    assert coming and any(s.id in addressed for s in coming)
