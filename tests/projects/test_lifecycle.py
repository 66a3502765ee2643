"""A projectleider closes a project (read-only with a reason, undoable) and deletes one (typing its name)."""

import pytest
import sqlalchemy as sa

from rfz_project import access
from rfz_project.access import Need
from rfz_project.errors import NotAuthorized, NotFound, ProjectClosed, ValidationError
from rfz_project.extensions import db
from rfz_project.models import AuditEvent, Project, SecurityEvent, StepStatus
from rfz_project.projects import lifecycle, steps
from rfz_project.projects import plan as project_plan
from rfz_project.projects.history import history_page
from rfz_project.projects.page import project_overview_for, project_page
from rfz_project.projects.steps import StepInput

from ..helpers import errors_in, project_record_ids

REASON = "Alle acties zijn overgedragen aan de lijn."


def _closed(world):
    lifecycle.close(world.actor(world.projectleider), world.project.id, REASON)
    db.session.expire_all()
    return db.session.get(Project, world.project.id)


def _rows_of(project_id: int) -> dict[str, int]:
    """How many rows each table holds for the project: by project_id, or through its sessies."""
    counts = {}
    sessie = db.metadata.tables["sessie"]
    sessie_ids = sa.select(sessie.c.id).where(sessie.c.project_id == project_id)
    for table in db.metadata.sorted_tables:
        if table.name == "project":
            where = table.c.id == project_id
        elif "project_id" in table.c:
            where = table.c.project_id == project_id
        elif "sessie_id" in table.c:
            where = table.c.sessie_id.in_(sessie_ids)
        else:
            continue
        counts[table.name] = db.session.scalar(sa.select(sa.func.count()).select_from(table).where(where))
    return counts


# --- closing ---------------------------------------------------------------------------------------


def test_closing_records_when_why_and_by_whom(world):
    project = _closed(world)
    assert project.is_closed and project.closed_reason == REASON
    assert project.closed_by_id == world.projectleider.id and project.closed_by_name == "Petra Leider"


@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_closing_needs_a_reason_at_the_field(world, reason):
    with pytest.raises(ValidationError) as refused:
        lifecycle.close(world.actor(world.projectleider), world.project.id, reason)
    assert refused.value.errors == {"reason": [lifecycle.REASON_REQUIRED]}
    db.session.rollback()
    assert not db.session.get(Project, world.project.id).is_closed


def test_a_closed_project_can_be_read_but_not_changed(world):
    _closed(world)
    leider = world.actor(world.projectleider)
    page = project_page(leider, world.project.id)
    assert not page.can_write and not page.can_manage
    with pytest.raises(ProjectClosed) as refused:
        steps.update_step(
            leider, world.project.id, "voorbereiding.reikwijdte", StepInput(StepStatus.BEZIG, None, None, "x"), None
        )
    assert "afgesloten" in str(refused.value) and "Petra Leider" in str(refused.value)
    assert "heropenen" in str(refused.value)
    with pytest.raises(ProjectClosed):
        project_plan.save_plan(world.actor(world.teamlid), world.project.id, {"aim": "nieuw"}, None)


def test_a_closed_project_refuses_every_need_but_reading(world):
    project = _closed(world)
    leider = world.actor(world.projectleider)
    assert access.can(leider, project, Need.READ)
    assert not access.can(leider, project, Need.WRITE) and not access.can(leider, project, Need.MANAGE)
    assert access.can(leider, project, Need.MANAGE, even_closed=True)
    assert access.get_project(leider, project.id, Need.READ).id == project.id
    for need in (Need.WRITE, Need.MANAGE):
        with pytest.raises(ProjectClosed):
            access.get_project(leider, project.id, need)


def test_a_closed_project_cannot_be_closed_again(world):
    _closed(world)
    with pytest.raises(ProjectClosed):
        lifecycle.close(world.actor(world.projectleider), world.project.id, "Nog een keer")


def test_reopening_makes_the_project_writable_again(world):
    _closed(world)
    lifecycle.reopen(world.actor(world.projectleider), world.project.id)
    db.session.expire_all()
    project = db.session.get(Project, world.project.id)
    assert not project.is_closed and project.closed_reason == "" and project.closed_by_id is None
    project_plan.save_plan(world.actor(world.teamlid), world.project.id, {"aim": "Weer aan het werk"}, None)


def test_an_open_project_cannot_be_reopened(world):
    with pytest.raises(ValidationError, match="niet afgesloten"):
        lifecycle.reopen(world.actor(world.projectleider), world.project.id)


def test_closing_and_reopening_are_in_the_history_in_words(world):
    _closed(world)
    lifecycle.reopen(world.actor(world.projectleider), world.project.id)
    entries = history_page(world.actor(world.lezer), world.project.id).events
    reopened, closed = entries[0], entries[1]
    assert (closed.entity, closed.action, closed.actor_name) == ("Project", "afgesloten", "Petra Leider")
    assert {c.field: c.after for c in closed.changes}["Reden van afsluiten"] == REASON
    assert {c.field for c in closed.changes} == {"Afgesloten op", "Reden van afsluiten", "Afgesloten door"}
    assert reopened.action == "heropend"
    assert {c.field: c.before for c in reopened.changes}["Afgesloten door"] == "Petra Leider"


@pytest.mark.parametrize("who", ["teamlid", "lezer", "procesbegeleider"])
def test_only_a_projectleider_closes_reopens_or_deletes(world, who):
    actor = world.actor(getattr(world, who))
    with pytest.raises(NotAuthorized):
        lifecycle.close(actor, world.project.id, REASON)
    _closed(world)
    actor = world.actor(getattr(world, who))
    for attempt in (
        lambda: lifecycle.reopen(actor, world.project.id),
        lambda: lifecycle.delete(actor, world.project.id, "Venlo project"),
    ):
        with pytest.raises(NotAuthorized) as refused:
            attempt()
        assert not isinstance(refused.value, ProjectClosed)  # the role is the reason, not the closing
    assert db.session.get(Project, world.project.id).is_closed


def test_a_projectleider_of_another_gemeente_finds_no_project(world):
    other = world.actor(world.other_projectleider)
    for attempt in (
        lambda: lifecycle.close(other, world.project.id, REASON),
        lambda: lifecycle.reopen(other, world.project.id),
        lambda: lifecycle.delete(other, world.project.id, "Venlo project"),
        lambda: lifecycle.deletion_page(other, world.project.id),
    ):
        with pytest.raises(NotFound):
            attempt()


def test_the_start_page_tells_closed_projects_apart(world):
    _closed(world)
    overview = project_overview_for(world.actor(world.procesbegeleider))
    assert [(s.project.name, s.project.is_closed) for s in overview] == [("Venlo project", True)]


# --- deleting --------------------------------------------------------------------------------------


def test_the_delete_page_counts_what_goes(world):
    project_record_ids(world)
    contents = lifecycle.deletion_page(world.actor(world.projectleider), world.project.id).contents
    counted = {content.many: content.count for content in contents}
    assert counted["sessies"] == 1 and counted["acties"] == 1 and counted["bevindingen"] == 1
    assert counted["deelnemers"] == 1 and counted["reguliere taken"] == 1 and counted["teamleden"] == 1


@pytest.mark.parametrize("typed", ["", "venlo project", "Venlo", "Venlo project!"])
def test_deleting_needs_the_exact_name_and_a_wrong_one_changes_nothing(world, typed):
    project_record_ids(world)
    before = _rows_of(world.project.id)
    with pytest.raises(ValidationError) as refused:
        lifecycle.delete(world.actor(world.projectleider), world.project.id, typed)
    assert "Venlo project" in refused.value.errors["name"][0]
    db.session.rollback()
    assert _rows_of(world.project.id) == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SecurityEvent)) == 0


def test_deleting_removes_the_project_with_everything_in_it(world):
    project_record_ids(world)
    steps.update_step(
        world.actor(world.projectleider),
        world.project.id,
        "voorbereiding.reikwijdte",
        StepInput(StepStatus.BEZIG, None, None, "x"),
        None,
    )
    other_before = _rows_of(world.other_project.id)
    assert sum(_rows_of(world.project.id).values()) > 10
    name = lifecycle.delete(world.actor(world.projectleider), world.project.id, "  Venlo project ")
    db.session.expire_all()
    assert name == "Venlo project"
    assert set(_rows_of(world.project.id).values()) == {0}
    assert _rows_of(world.other_project.id) == other_before


def test_a_deletion_is_kept_in_the_security_log(world):
    project_record_ids(world)
    lifecycle.delete(world.actor(world.projectleider), world.project.id, "Venlo project")
    event = db.session.scalars(sa.select(SecurityEvent)).one()
    assert (event.kind, event.actor_id, event.target) == (
        "project_deleted",
        world.projectleider.id,
        "Venlo project (gemeente Venlo)",
    )
    assert event.details["project_id"] == world.project.id and event.details["sessies"] == 1
    history = sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.project_id == world.project.id)
    assert db.session.scalar(history) == 0  # gone with the project: hence the security log


def test_a_closed_project_can_be_deleted(world):
    _closed(world)
    lifecycle.delete(world.actor(world.projectleider), world.project.id, "Venlo project")
    db.session.expire_all()
    assert db.session.get(Project, world.project.id) is None
    assert db.session.scalars(sa.select(SecurityEvent)).one().details["afgesloten"] == "ja"


# --- the pages ---------------------------------------------------------------------------------------


def test_the_project_page_offers_closing_and_deleting_to_the_projectleider_only(world, client, auth):
    url = f"/projecten/{world.project.id}"
    auth.login("pl@venlo.nl")
    page = client.get(url).get_data(as_text=True)
    assert "Project afsluiten" in page and "Project verwijderen" in page
    auth.logout()
    auth.login("tl@venlo.nl")
    page = client.get(url).get_data(as_text=True)
    assert "Project afsluiten" not in page and "Project verwijderen" not in page


def test_closing_through_the_form(logged_in_leider, client):
    world = logged_in_leider
    url = f"/projecten/{world.project.id}/afsluiten"
    form = client.get(url)
    assert form.status_code == 200 and "Reden van afsluiten" in form.get_data(as_text=True)
    response = client.post(url, data={"reason": REASON})
    assert response.status_code == 302 and response.headers["Location"] == f"/projecten/{world.project.id}"
    page = client.get(f"/projecten/{world.project.id}").get_data(as_text=True)
    assert "Dit project is afgesloten" in page and REASON in page and "door Petra Leider" in page
    assert "Project heropenen" in page and "Project verwijderen" in page
    assert "Project afsluiten" not in page and "Reikwijdte wijzigen" not in page


def test_closing_without_a_reason_says_so_at_the_field(logged_in_leider, client):
    response = client.post(f"/projecten/{logged_in_leider.project.id}/afsluiten", data={"reason": "  "})
    assert response.status_code == 400
    assert errors_in(response.get_data(as_text=True)) == [lifecycle.REASON_REQUIRED]
    assert "Er ging iets mis" in response.get_data(as_text=True)


def test_a_refused_reason_stays_in_the_form(logged_in_leider, client):
    too_long = "Overgedragen aan de lijn. " * 100
    response = client.post(f"/projecten/{logged_in_leider.project.id}/afsluiten", data={"reason": too_long})
    assert response.status_code == 400
    assert errors_in(response.get_data(as_text=True)) == ["Maximaal 2000 tekens."]
    assert too_long.strip() in response.get_data(as_text=True)


def test_a_teamlid_reads_why_the_project_is_closed_and_who_can_reopen_it(world, client, auth):
    _closed(world)
    auth.login("tl@venlo.nl")
    page = client.get(f"/projecten/{world.project.id}/projectplan").get_data(as_text=True)
    assert "Dit project is afgesloten" in page and REASON in page
    assert "Een projectleider van de gemeente kan het project heropenen" in page
    assert "Project heropenen" not in page and "Projectplan opslaan" not in page


def test_a_change_to_a_closed_project_is_refused_with_the_reason(world, client, auth):
    _closed(world)
    auth.login("tl@venlo.nl")
    response = client.post(f"/projecten/{world.project.id}/projectplan", data={"aim": "nieuw", "version": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Project afgesloten" in page and "Petra Leider" in page and "Uw rol" not in page


def test_reopening_through_the_banner(world, client, auth):
    _closed(world)
    auth.login("pl@venlo.nl")
    response = client.post(f"/projecten/{world.project.id}/heropenen")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Het project is heropend" in page and "Dit project is afgesloten" not in page


def test_the_delete_page_warns_what_goes_and_what_to_type(logged_in_leider, client):
    world = logged_in_leider
    project_record_ids(world)
    page = client.get(f"/projecten/{world.project.id}/verwijderen").get_data(as_text=True)
    assert "Dit kunt u niet ongedaan maken" in page and "1 sessie" in page and "1 actie" in page
    assert "Typ de naam van het project ter bevestiging" in page
    assert "Typ precies, met dezelfde hoofdletters en leestekens: Venlo project" in page


def test_a_wrong_name_keeps_the_project_and_what_was_typed(logged_in_leider, client):
    world = logged_in_leider
    response = client.post(f"/projecten/{world.project.id}/verwijderen", data={"name": "Venlo projekt"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert errors_in(page) == [
        "De naam klopt niet. Typ precies, met dezelfde hoofdletters en leestekens: Venlo project"
    ]
    assert 'value="Venlo projekt"' in page
    db.session.expire_all()
    assert db.session.get(Project, world.project.id) is not None


def test_deleting_through_the_form_goes_to_the_start_page(logged_in_leider, client):
    world = logged_in_leider
    response = client.post(f"/projecten/{world.project.id}/verwijderen", data={"name": "Venlo project"})
    assert response.status_code == 302 and response.headers["Location"] == "/start"
    start = client.get("/start").get_data(as_text=True)
    assert "Project &#39;Venlo project&#39; is verwijderd" in start
    assert client.get(f"/projecten/{world.project.id}").status_code == 404


def test_the_start_page_lists_closed_projects_apart(world, client, auth):
    _closed(world)
    auth.login("pb@vng.nl")
    page = client.get("/start").get_data(as_text=True)
    assert "Projecten (" not in page
    assert "Afgesloten projecten (1)" in page and REASON in page
