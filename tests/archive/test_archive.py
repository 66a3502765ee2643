"""A project exported from one installation and imported into another loses nothing."""

import io
import json
import zipfile
from datetime import date, time
from decimal import Decimal

import pytest
import sqlalchemy as sa

from rfz_project import create_app
from rfz_project.archive import graph, services
from rfz_project.archive.services import EXCLUDED_TABLES
from rfz_project.errors import NotFound, ValidationError
from rfz_project.extensions import db
from rfz_project.models import (
    Action,
    ActionTiming,
    Agreement,
    AuditEvent,
    BlueprintColumn,
    CalendarFeed,
    ChecklistAnswer,
    ChecklistStatus,
    CustomChecklistItem,
    Decision,
    Finding,
    Participant,
    ParticipantGroup,
    Project,
    ProjectPlan,
    ProjectRisk,
    RegularTask,
    RiskLevel,
    Sessie,
    SessieMijlpaal,
    StepState,
    StepStatus,
    SupportRequest,
    SupportStatus,
    TeamMember,
    TeamRole,
    Theme,
)

from .. import factories
from ..conftest import FreshSessionClient, app_config

HOSTILE = "Tekst met <tags> & \"quotes\" 'en' emoji 🧾\nen een tweede regel"


def rich_project(world) -> Project:
    """The Venlo project with at least one row in every table a project owns."""
    project = world.project
    decision = Decision(
        project_id=project.id,
        step_key="voorbereiding.besluitvorming",
        title=HOSTILE,
        decided_on=date(2026, 1, 20),
        budget=Decimal("12345.67"),
        capacity_hours=300,
    )
    theme = Theme(project_id=project.id, name="Bereik", description=HOSTILE)
    sessie = Sessie(
        project_id=project.id,
        session_type="inwoners",
        option="b",
        on_date=date(2026, 3, 3),
        start_time=time(13, 30),
        duration_minutes=150,
        location=HOSTILE,
        agenda=HOSTILE,
        route=HOSTILE,
        accessibility=HOSTILE,
        travel_costs=HOSTILE,
        reply_by=date(2026, 2, 24),
        mijlpaal_rows=[SessieMijlpaal(mijlpaal="op_zoek")],
    )
    custom = CustomChecklistItem(gemeente_id=world.home.id, mijlpaal="in_beeld", text="Eigen punt " + HOSTILE)
    db.session.add_all([decision, theme, sessie, custom])
    db.session.flush()
    action = Action(
        project_id=project.id,
        theme_id=theme.id,
        title="Actie",
        description=HOSTILE,
        mijlpaal="op_zoek",
        owner="Tom",
        deadline=date(2026, 6, 1),
        budget=Decimal("2500.50"),
        timing=ActionTiming.QUICK_WIN,
        needs_decision=True,
        decision_id=decision.id,
    )
    db.session.add(action)
    db.session.flush()
    db.session.add_all(
        [
            StepState(
                project_id=project.id,
                step_key="voorbereiding.reikwijdte",
                status=StepStatus.AFGEROND,
                owner_id=world.teamlid.id,
                due_date=date(2026, 1, 12),
                notes=HOSTILE,
            ),
            TeamMember(
                project_id=project.id,
                user_id=world.teamlid.id,
                name="Tom Lid",
                discipline="beleid",
                team_role=TeamRole.OPDRACHTNEMER,
            ),
            ProjectPlan(project_id=project.id, aim=HOSTILE, risks="Geen"),
            Participant(sessie_id=sessie.id, group=ParticipantGroup.INWONER, headcount=5),
            Finding(
                project_id=project.id,
                sessie_id=sessie.id,
                mijlpaal="op_zoek",
                text=HOSTILE,
                theme_id=theme.id,
                action_id=action.id,
            ),
            BlueprintColumn(sessie_id=sessie.id, position=0, title="Brief", inwoner=HOSTILE, support="KCC"),
            Agreement(sessie_id=sessie.id, who="Tom", description=HOSTILE, due_date=date(2026, 3, 10)),
            ChecklistAnswer(
                project_id=project.id,
                item_key="in_beeld_registratiesysteem",
                answer=ChecklistStatus.AAN_DE_SLAG,
                note=HOSTILE,
                action_id=action.id,
            ),
            ChecklistAnswer(project_id=project.id, custom_item_id=custom.id, answer=ChecklistStatus.NOG_NIET, note=""),
            RegularTask(
                project_id=project.id,
                title="Monitoring",
                description=HOSTILE,
                owner="Tom",
                department="Sociaal",
                hours=Decimal("4.5"),
                needs_directiebesluit=True,
                decision_id=decision.id,
                starts_on=date(2026, 9, 1),
            ),
            ProjectRisk(
                project_id=project.id,
                title=HOSTILE[:150],
                likelihood=RiskLevel.HOOG,
                impact=RiskLevel.LAAG,
                measure=HOSTILE,
            ),
            CalendarFeed(project_id=project.id, token_hash="a" * 64),
            SupportRequest(
                project_id=project.id,
                support_kind="sessie_begeleiden",
                message=HOSTILE,
                sessie_id=sessie.id,
                status=SupportStatus.AFGEROND,
                reply=HOSTILE,
                asked_by_id=world.projectleider.id,
                asked_by_name="Petra Leider",
                handler_name="Paul Begeleider",  # the VNG's account is no member: an import links nobody
            ),
        ]
    )
    db.session.commit()
    return project


def document_of(content: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return json.loads(archive.read("project.json"))


def canonical(document: dict) -> dict:
    """The archive with ids replaced by positions and users by e-mail, so two installations compare."""
    positions = {
        name: {row["id"]: index for index, row in enumerate(rows)} for name, rows in document["tables"].items()
    }
    users = {int(k): v["email"] for k, v in document["users"].items()}
    result = {}
    for name, rows in document["tables"].items():
        table = db.metadata.tables[name]
        canon_rows = []
        for row in rows:
            canon = {}
            for key, value in row.items():
                column = table.c[key]
                if key == "id":
                    continue
                if column.foreign_keys and value is not None:
                    target = next(iter(column.foreign_keys)).column.table.name
                    value = (
                        users.get(value)
                        if target == graph.USER_TABLE
                        else None
                        if target == graph.GEMEENTE_TABLE
                        else positions[target][value]
                    )
                canon[key] = value
            canon_rows.append(canon)
        result[name] = canon_rows
    return result


@pytest.fixture
def second_installation(tmp_path):
    """Another installation with its own database, the same people, and a gemeente to import into."""
    other = create_app(app_config(f"sqlite:///{tmp_path / 'elders.sqlite'}"))
    other.test_client_class = FreshSessionClient
    with other.app_context():
        db.create_all()
        gemeente = factories.gemeente("Venlo")
        leider = factories.user("pl@venlo.nl", gemeente=gemeente, role="projectleider", name="Petra Leider")
        factories.user("tl@venlo.nl", gemeente=gemeente, role="teamlid", name="Tom Lid")
        ids = (gemeente.id, leider.id)
        db.session.remove()
    yield other, ids
    with other.app_context():
        db.engine.dispose()


def test_export_holds_every_table_the_project_owns(world):
    project = rich_project(world)
    document = document_of(services.export_project(world.actor(world.teamlid), project.id).content)
    owned = {o.table.name for o in graph.owned_tables(db.metadata)} - EXCLUDED_TABLES
    empty = {name for name in owned if not document["tables"].get(name)}
    assert empty == set(), "extend rich_project() so the round trip covers these tables too"
    assert "calendar_feed" not in document["tables"]
    assert document["tables"]["custom_checklist_item"][0]["text"].startswith("Eigen punt")


def test_round_trip_into_another_installation_loses_nothing(world, second_installation):
    project = rich_project(world)
    exported = services.export_project(world.actor(world.teamlid), project.id)
    original = document_of(exported.content)
    other, (gemeente_id, leider_id) = second_installation
    with other.app_context():
        leider = factories.reload_user(leider_id)
        imported = services.import_archive(leider, gemeente_id, exported.content)
        again = document_of(services.export_project(leider, imported.id).content)
        assert db.session.get(Project, imported.id).gemeente_id == gemeente_id
        assert (
            db.session.scalars(
                sa.select(AuditEvent.action).where(AuditEvent.project_id == imported.id).order_by(AuditEvent.id.desc())
            ).first()
            == "geïmporteerd"
        )
        db.session.remove()
    again["tables"]["audit_event"] = again["tables"]["audit_event"][:-1]  # minus the import itself
    expected = canonical(original)
    for event in expected["audit_event"]:  # history of the origin: marked, and linked to nobody here
        event.update(actor_id=None, actor_name=event["actor_name"] + services.IMPORTED_MARK)
    assert canonical(again) == expected


def test_archive_also_holds_the_action_list_as_csv_and_excel(world):
    project = rich_project(world)
    content = services.export_project(world.actor(world.teamlid), project.id).content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert {"acties.csv", "acties.xlsx", "project.json", "LEESMIJ.txt"} <= set(archive.namelist())
        assert "Actie" in archive.read("acties.csv").decode("utf-8-sig")


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _valid_document(world) -> dict:
    return document_of(services.export_project(world.actor(world.teamlid), world.project.id).content)


def _tamper(document: dict, change) -> bytes:
    change(document)
    return _zip({"project.json": json.dumps(document).encode()})


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda w: b"geen zip", "geen geldig zip-bestand"),
        (lambda w: _zip({"iets.txt": b"x"}), "ontbreekt"),
        (lambda w: _zip({"project.json": b"{niet json"}), "leesbare projectgegevens"),
        (lambda w: _zip({"project.json": json.dumps({"format": "anders"}).encode()}), "geen projectarchief"),
        (lambda w: _tamper(_valid_document(w), lambda d: d.update(version=99)), "andere versie"),
        (lambda w: _tamper(_valid_document(w), lambda d: d["tables"].update(user_account=[{"id": 1}])), "niet kent"),
        (
            lambda w: _tamper(_valid_document(w), lambda d: d["tables"]["project"][0].update(hacked=1)),
            "onbekende velden",
        ),
        (
            lambda w: _tamper(_valid_document(w), lambda d: d["tables"]["project"][0].update(start_date="gisteren")),
            "ongeldige waarde",
        ),
        (
            lambda w: _tamper(
                _valid_document(w), lambda d: d["tables"]["project_mijlpaal"][0].update(project_id=424242)
            ),
            "verwijst naar iets",
        ),
        (
            lambda w: _tamper(
                _valid_document(w), lambda d: d["tables"]["project"].append(dict(d["tables"]["project"][0]))
            ),
            "precies één project",
        ),
    ],
)
def test_broken_or_foreign_archives_are_refused_and_change_nothing(world, make, message):
    data = make(world)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Project))
    with pytest.raises(ValidationError) as error:
        services.import_archive(world.actor(world.projectleider), world.home.id, data)
    assert message in str(error.value)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == before


def test_zip_bomb_is_refused(world):
    bomb = _zip({"project.json": b"0" * (60 * 1024 * 1024)})
    with pytest.raises(ValidationError, match="ingepakt|te groot"):
        services.import_archive(world.actor(world.projectleider), world.home.id, bomb)


def test_only_a_projectleider_imports_into_their_own_gemeente(world):
    data = services.export_project(world.actor(world.teamlid), world.project.id).content
    for who, gemeente in (("teamlid", world.home), ("projectleider", world.other)):
        with pytest.raises(ValidationError, match="gemeente"):
            services.import_archive(world.actor(getattr(world, who)), gemeente.id, data)


def test_export_of_another_gemeente_is_not_found(world):
    with pytest.raises(NotFound):
        services.export_project(world.actor(world.other_projectleider), world.project.id)


def test_import_page_reads_an_upload_and_names_a_duplicate(world, client, auth):
    data = services.export_project(world.actor(world.teamlid), world.project.id).content
    auth.login("pl@venlo.nl")
    response = client.post(
        "/projecten/importeren",
        data={"gemeente_id": str(world.home.id), "archive": (io.BytesIO(data), "venlo.zip")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Venlo project (geïmporteerd)" in response.get_data(as_text=True)


def test_import_page_explains_a_wrong_file_next_to_the_field(world, client, auth):
    auth.login("pl@venlo.nl")
    response = client.post(
        "/projecten/importeren",
        data={"gemeente_id": str(world.home.id), "archive": (io.BytesIO(b"x"), "plaatje.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and 'id="archive-fout"' in response.get_data(as_text=True)


def test_export_download_has_a_clear_name(world, client, auth):
    auth.login("lezer@venlo.nl")
    response = client.get(f"/projecten/{world.project.id}/archief.zip")
    assert response.mimetype == "application/zip"
    assert 'filename="venlo-venlo-project-projectarchief-' in response.headers["Content-Disposition"]
