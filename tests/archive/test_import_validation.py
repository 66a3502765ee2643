"""An archive is imported only when every value fits the tool's own rules; its history is the origin's."""

import io
import json
import zipfile

import pytest
import sqlalchemy as sa
from flask import url_for

from rfz_project.archive import services
from rfz_project.errors import ValidationError
from rfz_project.extensions import db
from rfz_project.models import AuditEvent, Project, TeamMember

from ..conftest import AuthActions
from .test_archive import rich_project


def _document(world) -> dict:
    project = rich_project(world)
    exported = services.export_project(world.actor(world.teamlid), project.id).content
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        return json.loads(archive.read("project.json"))


def _zip(document: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.json", json.dumps(document))
    return buffer.getvalue()


# The security log records the refused import itself; everything else stays as it was.
NOT_COUNTED = {"security_event"}


def _row_counts() -> dict[str, int]:
    return {
        name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for name, table in db.metadata.tables.items()
        if name not in NOT_COUNTED
    }


BAD_VALUES = [
    ("project", "scope_type", "bogus"),
    ("project", "start_date", "9999-12-31"),
    ("project", "start_date", "1999-12-31"),
    ("project", "spoor", "onbekend"),
    ("project", "reasons", ["verzonnen"]),
    ("decision", "budget", "NaN"),
    ("decision", "budget", "1E+400"),
    ("decision", "budget", "-5"),
    ("action", "budget", "10000000000"),
    ("decision", "capacity_hours", 10**20),
    ("decision", "capacity_hours", -1),
    ("decision", "step_key", "geen.stap"),
    ("sessie", "session_type", "onbekend"),
    ("sessie", "option", "z"),
    ("sessie_mijlpaal", "mijlpaal", "nergens"),
    ("action", "status", "weg"),
    ("action", "title", "x" * 201),
    ("checklist_answer", "item_key", "geen_punt"),
    ("team_member", "discipline", "toverkunst"),
    ("audit_event", "changes", {"Naam": {"a": 1}}),
    ("audit_event", "changes", "rommel"),
    ("audit_event", "at", "9999-12-31T00:00:00"),
]


@pytest.mark.parametrize("table, column, value", BAD_VALUES)
def test_a_bad_value_refuses_the_whole_archive_and_changes_nothing(world, table, column, value):
    document = _document(world)
    document["tables"][table][0][column] = value
    before = _row_counts()
    with pytest.raises(ValidationError) as error:
        services.import_archive(world.actor(world.projectleider), world.home.id, _zip(document))
    message = error.value.errors["archive"][0]
    assert "niet ingelezen" in message
    assert f"{table}.{column} (rij 1)" in message
    db.session.rollback()
    assert _row_counts() == before


def test_every_problem_is_listed_at_once_up_to_twenty(world):
    document = _document(world)
    document["tables"]["project"][0].update(scope_type="bogus", start_date="9999-12-31")
    document["tables"]["audit_event"] = [dict(document["tables"]["audit_event"][0], id=90000 + n) for n in range(25)]
    for event in document["tables"]["audit_event"]:
        event["changes"] = "rommel"
    with pytest.raises(ValidationError) as error:
        services.import_archive(world.actor(world.projectleider), world.home.id, _zip(document))
    message = error.value.errors["archive"][0]
    assert "project.scope_type" in message and "project.start_date" in message
    assert "en nog 7" in message  # 27 problems, 20 listed


def test_after_a_refused_import_every_page_of_the_gemeente_answers(world, client, auth):
    document = _document(world)
    document["tables"]["project"][0].update(scope_type="bogus", start_date="9999-12-31")
    document["tables"]["sessie"][0]["session_type"] = "onbekend"
    document["tables"]["decision"][0].update(budget="NaN", capacity_hours=10**20)
    auth.login("pl@venlo.nl")
    response = client.post(
        "/projecten/importeren",
        data={"gemeente_id": str(world.home.id), "archive": (io.BytesIO(_zip(document)), "venlo.zip")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "project.scope_type" in response.get_data(as_text=True)
    pages = ["/start"]
    with client.application.test_request_context():
        for project_id in db.session.scalars(sa.select(Project.id).where(Project.gemeente_id == world.home.id)):
            pages += [
                url_for("projects.show", project_id=project_id),
                url_for("sessions.index", project_id=project_id),
                url_for("documents.index", project_id=project_id),
            ]
    for email in ("pl@venlo.nl", "tl@venlo.nl", "lezer@venlo.nl", "pb@vng.nl"):
        browser = client.application.test_client()
        AuthActions(browser).login(email)
        for page in pages:
            assert browser.get(page).status_code == 200, (email, page)


def test_imported_history_is_marked_and_never_attributed_to_a_local_account(world):
    document = _document(world)
    document["users"]["990001"] = {"email": "pl@venlo.nl", "name": "Bea Beheerder"}
    forged = dict(document["tables"]["audit_event"][0], id=990001, actor_id=990001, actor_name="Bea Beheerder")
    document["tables"]["audit_event"].append(forged)
    imported = services.import_archive(world.actor(world.projectleider), world.home.id, _zip(document))
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.project_id == imported.id, AuditEvent.action != "geïmporteerd")
    ).all()
    assert events and all(e.actor_id is None and e.actor_name.endswith(services.IMPORTED_MARK) for e in events)
    assert "Bea Beheerder (uit archief)" in {e.actor_name for e in events}
    own = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.project_id == imported.id, AuditEvent.action == "geïmporteerd")
    ).one()
    assert own.actor_id == world.projectleider.id  # the import itself is done here, by this user


def test_an_email_of_another_gemeente_links_to_nobody(world):
    document = _document(world)
    document["users"]["990002"] = {"email": "pl@kampen.nl", "name": "Karin Kampen"}
    member = dict(document["tables"]["team_member"][0], id=990002, user_id=990002, name="Iemand van elders")
    document["tables"]["team_member"].append(member)
    document["tables"]["project"][0]["created_by_id"] = 990002
    imported = services.import_archive(world.actor(world.projectleider), world.home.id, _zip(document))
    members = {
        m.name: m.user_id for m in db.session.scalars(sa.select(TeamMember).where(TeamMember.project_id == imported.id))
    }
    assert members["Iemand van elders"] is None
    assert members["Tom Lid"] == world.teamlid.id  # a member of the importing gemeente is linked
    assert db.session.get(Project, imported.id).created_by_id is None


def test_an_inactive_member_links_to_nobody(world):
    document = _document(world)
    world.teamlid.active = False
    db.session.commit()
    imported = services.import_archive(world.actor(world.projectleider), world.home.id, _zip(document))
    member = db.session.scalars(sa.select(TeamMember).where(TeamMember.project_id == imported.id)).one()
    assert member.user_id is None and member.name == "Tom Lid"


@pytest.mark.parametrize(
    "change, refused",
    [
        (lambda d: d["users"].update({"1": "geen object"}), False),
        (lambda d: d["users"].update({"2": {"email": ["lijst"]}}), False),
        (lambda d: d["tables"]["action"][0].update(theme_id=[1]), True),
        (lambda d: d["tables"]["team_member"][0].update(user_id="tl@venlo.nl"), True),
        (lambda d: d["tables"].update(project=["geen rij"]), True),
    ],
)
def test_malformed_parts_are_refused_or_link_to_nobody(world, change, refused):
    document = _document(world)
    change(document)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Project))
    if refused:
        with pytest.raises(ValidationError) as error:
            services.import_archive(world.actor(world.projectleider), world.home.id, _zip(document))
        assert "archive" in error.value.errors
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == before
    else:  # a users entry that cannot be read links to nobody, and the rest is imported
        services.import_archive(world.actor(world.projectleider), world.home.id, _zip(document))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == before + 1
