"""The VNG-coördinator: reads the projects of every gemeente, changes nothing, manages nothing."""

import sqlalchemy as sa

from rfz_project import access
from rfz_project.access import Need
from rfz_project.extensions import db
from rfz_project.models import User
from rfz_project.projects.page import project_overview_for
from rfz_project.projects.scope import can_start_project


def test_coordinator_reads_every_gemeente_and_changes_none(world):
    coordinator = world.actor(world.coordinator)
    for project in (world.project, world.other_project):
        assert access.can(coordinator, project, Need.READ)
        assert not access.can(coordinator, project, Need.WRITE)
        assert not access.can(coordinator, project, Need.MANAGE)
    assert access.readable_gemeente_ids(coordinator) == {world.home.id, world.other.id}
    assert access.gemeente_ids_where(coordinator, Need.WRITE) == set()
    assert not can_start_project(coordinator)


def test_coordinator_start_page_lists_every_project(world):
    names = {item.project.name for item in project_overview_for(world.actor(world.coordinator))}
    assert names == {"Venlo project", "Kampen project"}


def test_is_vng_user_only_for_procesbegeleider_and_coordinator(world):
    assert access.is_vng_user(world.actor(world.coordinator))
    assert access.is_vng_user(world.actor(world.procesbegeleider))
    for other in (world.projectleider, world.lezer, world.beheerder, world.other_projectleider):
        assert not access.is_vng_user(world.actor(other))


def test_coordinator_gets_a_404_nowhere_and_a_403_on_a_change(world, client, auth):
    auth.login("coord@vng.nl")
    assert client.get(f"/projecten/{world.other_project.id}").status_code == 200
    response = client.post(f"/projecten/{world.other_project.id}/team", data={"name": "x"})
    assert response.status_code == 403


def test_beheerder_creates_a_coordinator_account(world, client, auth):
    auth.login("beheer@rfz.nl")
    response = client.post(
        "/beheer/gebruikers/nieuw",
        data={
            "name": "Nina Landelijk",
            "email": "nina@vng.nl",
            "password": "een-heel-goed-wachtwoord-42",
            "kind": "coordinator",
        },
    )
    assert response.status_code == 302
    user = db.session.scalars(sa.select(User).where(User.email == "nina@vng.nl")).one()
    assert user.is_coordinator and not user.is_procesbegeleider and not user.is_beheerder
    page = client.get(f"/beheer/gebruikers/{user.id}").get_data(as_text=True)
    assert "VNG-coördinator" in page
