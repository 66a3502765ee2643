"""An archive is imported only when every value and every record fits the tool's own rules (those of the forms
and services); its history is the origin's."""

import io
import json
import zipfile
from datetime import date, time

import pytest
import sqlalchemy as sa
from flask import url_for

from rfz_project.actions import services as actions
from rfz_project.archive import services
from rfz_project.borging import services as borging
from rfz_project.errors import ValidationError
from rfz_project.extensions import db
from rfz_project.models import Action, AuditEvent, Project, RegularTask, Sessie, SessieMijlpaal, TeamMember
from rfz_project.projects import scope
from rfz_project.sessions import services as sessions

from .. import factories
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


# --- the rules of whole records, as the forms and services apply them ------------------------------


def _keep_mijlpalen(document: dict, keys: list[str]) -> None:
    rows = document["tables"]["project_mijlpaal"]
    document["tables"]["project_mijlpaal"] = [r for r in rows if r["mijlpaal"] in keys]


def _one_mijlpaal_with_three(document: dict) -> None:
    document["tables"]["project"][0]["scope_type"] = "een_mijlpaal"
    _keep_mijlpalen(document, factories.ALL_MIJLPALEN[:3])


def _sessie(document: dict, **changes) -> None:
    document["tables"]["sessie"][0].update(changes)


RECORD_PROBLEMS = [
    pytest.param(
        _one_mijlpaal_with_three,
        "project: Kies precies één mijlpaal",
        id="een_mijlpaal_with_three",
    ),
    pytest.param(
        lambda d: d["tables"]["project"][0].update(scope_type="combinatie"),
        "project: U koos alle mijlpalen. Kies dan 'Hele routekaart'",
        id="combinatie_with_all_eight",
    ),
    pytest.param(
        lambda d: _sessie(d, duration_minutes=1000),
        "sessie 1 (Sessie met inwoners): Een sessie duurt maximaal 2,5 uur (150 minuten)",
        id="sessie_too_long",
    ),
    pytest.param(
        lambda d: _sessie(d, duration_minutes=5),
        "sessie 1 (Sessie met inwoners): Een sessie duurt minstens 15 minuten",
        id="sessie_too_short",
    ),
    pytest.param(
        lambda d: _sessie(d, mode="online", online_url=""),
        "sessie 1 (Sessie met inwoners): Vul de link naar de online sessie in",
        id="online_without_link",
    ),
    pytest.param(
        lambda d: d["tables"].update(sessie_mijlpaal=[]),
        "sessie 1 (Sessie met inwoners): Kies de mijlpaal of mijlpalen die deze sessie behandelt",
        id="per_mijlpaal_without_mijlpalen",
    ),
    pytest.param(
        lambda d: _sessie(d, option=None),
        "sessie 1 (Sessie met inwoners): Kies optie A of optie B",
        id="per_mijlpaal_without_option",
    ),
    pytest.param(
        lambda d: _sessie(d, session_type="kick_off", title="Start"),
        "sessie 1 (Start): Optie A of B hoort alleen bij sessies met inwoners of professionals",
        id="kick_off_with_option",
    ),
    pytest.param(
        lambda d: d["tables"]["action"][0].update(title=""),
        "actie 1: Geef de actie een titel: wat gaat er gebeuren?",
        id="action_without_title",
    ),
    pytest.param(
        lambda d: d["tables"]["regular_task"][0].update(hours="5000"),
        "taak 1 (Monitoring): Vul hoogstens 2000 uur per keer in",
        id="task_hours_too_many",
    ),
    pytest.param(
        lambda d: d["tables"]["regular_task"][0].update(title=" "),
        "taak 1: Geef de taak een titel",
        id="task_without_title",
    ),
    pytest.param(
        lambda d: d["tables"]["decision"][0].update(title=""),
        "besluit 1: Geef het besluit een titel",
        id="decision_without_title",
    ),
    # These break a record rule and a column rule at once; the column check refuses them first.
    pytest.param(
        lambda d: d["tables"]["decision"][0].update(budget="-5"),
        "decision.budget (rij 1): -5 is negatief",
        id="negative_decision_budget",
    ),
    pytest.param(
        lambda d: d["tables"]["action"][0].update(budget="-0.01"),
        "action.budget (rij 1): -0.01 is negatief",
        id="negative_action_budget",
    ),
    pytest.param(
        lambda d: d["tables"]["regular_task"][0].update(hours="2.25"),
        "regular_task.hours (rij 1): 2.25 heeft meer dan 1 decimalen",
        id="task_hours_two_decimals",
    ),
    pytest.param(
        lambda d: d["tables"]["regular_task"][0].update(hours="-1"),
        "regular_task.hours (rij 1): -1 is negatief",
        id="negative_task_hours",
    ),
]


def _project_count() -> int | None:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Project))


@pytest.mark.parametrize("change, problem", RECORD_PROBLEMS)
def test_a_record_that_breaks_a_rule_of_the_forms_refuses_the_archive(world, change, problem):
    document = _document(world)
    change(document)
    before = _row_counts()
    with pytest.raises(ValidationError) as error:
        services.import_archive(world.actor(world.projectleider), world.home.id, _zip(document))
    message = error.value.errors["archive"][0]
    assert message.startswith("Het archief is niet ingelezen")
    assert problem in message
    db.session.rollback()
    assert _row_counts() == before


def test_every_broken_record_rule_is_listed_at_once(world):
    document = _document(world)
    document["tables"]["project"][0].update(scope_type="combinatie")
    _sessie(document, duration_minutes=1000, mode="online", online_url="")
    document["tables"]["action"][0].update(title="")
    document["tables"]["decision"][0].update(title="")
    before = _project_count()
    with pytest.raises(ValidationError) as error:
        services.import_archive(world.actor(world.projectleider), world.home.id, _zip(document))
    message = error.value.errors["archive"][0]
    for problem in (
        "project: U koos alle mijlpalen",
        "sessie 1 (Sessie met inwoners): Een sessie duurt maximaal 2,5 uur",
        "sessie 1 (Sessie met inwoners): Vul de link naar de online sessie in",
        "actie 1: Geef de actie een titel",
        "besluit 1: Geef het besluit een titel",
    ):
        assert problem in message
    assert ".;" not in message and not message.endswith("..")
    db.session.rollback()
    assert _project_count() == before


def test_a_genuine_export_imports_although_it_breaks_rules_that_only_hold_at_entry(world):
    """The start date moved after the action and task were planned; the sessie's mijlpaal left the scope."""
    leider, project = world.actor(world.projectleider), world.project
    sessions.create_sessie(
        leider,
        project.id,
        sessions.SessieInput(
            "inwoners", date(2026, 3, 3), time(13, 30), 120, mijlpalen=["op_zoek"], option="a", location="Stadhuis"
        ),
    )
    action = actions.save_action(leider, project.id, actions.ActionInput("Formulier korter", deadline=date(2026, 2, 1)))
    borging.save_task(leider, project.id, borging.TaskInput("Monitoring", starts_on=date(2026, 2, 1)))
    moved = scope.scope_input_from(scope.project_for_scope_edit(leider, project.id))
    moved.scope_type, moved.mijlpalen, moved.start_date = "combinatie", ["in_beeld", "in_contact"], date(2026, 4, 1)
    version = db.session.get_one(Project, project.id).version
    # The records about the mijlpalen that leave stay; the scope form asks to confirm that, and so does this.
    confirmed = scope.change_impact(leider, project.id, moved, version).confirmation
    scope.update_scope(leider, project.id, moved, version, confirmed)
    exported = services.export_project(leider, project.id).content

    imported = services.import_archive(world.actor(world.projectleider), world.home.id, exported)

    assert imported.start_date == date(2026, 4, 1)
    deadlines = db.session.scalars(sa.select(Action.deadline).where(Action.project_id == imported.id)).all()
    assert deadlines == [action.deadline]
    starts = db.session.scalars(sa.select(RegularTask.starts_on).where(RegularTask.project_id == imported.id)).all()
    assert starts == [date(2026, 2, 1)]
    covered = db.session.scalars(
        sa.select(SessieMijlpaal.mijlpaal).join(Sessie).where(Sessie.project_id == imported.id)
    ).all()
    assert covered == ["op_zoek"]
