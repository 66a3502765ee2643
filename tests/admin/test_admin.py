import pytest
import sqlalchemy as sa

from rfz_project.admin import services
from rfz_project.errors import NotAuthorized, ValidationError
from rfz_project.extensions import db
from rfz_project.models import Gemeente, Membership, MembershipRole, ProcesbegeleiderAssignment, User


@pytest.fixture
def beheerder(world, auth):
    auth.login("beheer@rfz.nl")
    return world


def test_beheerder_adds_a_gemeente(beheerder, client):
    assert client.post("/beheer/", data={"name": "Súdwest-Fryslân"}).status_code == 302
    assert db.session.scalar(sa.select(Gemeente.id).where(Gemeente.name == "Súdwest-Fryslân"))


def test_duplicate_gemeente_is_refused(beheerder, client):
    response = client.post("/beheer/", data={"name": "venlo"})
    assert response.status_code == 400 and "Deze gemeente bestaat al." in response.get_data(as_text=True)


def test_beheerder_creates_an_account_and_gives_it_a_role(beheerder, client):
    response = client.post(
        "/beheer/gebruikers/nieuw",
        data={
            "name": "Nieuwe Collega",
            "email": "nieuw@venlo.nl",
            "password": "lang-genoeg-wachtwoord",
            "kind": "gemeente",
        },
    )
    assert response.status_code == 302
    user = db.session.scalars(sa.select(User).where(User.email == "nieuw@venlo.nl")).one()
    assert user.check_password("lang-genoeg-wachtwoord")
    client.post(
        f"/beheer/gebruikers/{user.id}/lidmaatschap", data={"gemeente_id": str(beheerder.home.id), "role": "teamlid"}
    )
    membership = db.session.scalars(sa.select(Membership).where(Membership.user_id == user.id)).one()
    assert membership.role == MembershipRole.TEAMLID


def test_short_password_and_taken_email_are_refused_and_input_kept(beheerder, client):
    response = client.post(
        "/beheer/gebruikers/nieuw",
        data={"name": "Dubbel", "email": "pl@venlo.nl", "password": "kort", "kind": "gemeente"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Er bestaat al een account met dit e-mailadres." in page and 'value="Dubbel"' in page


def test_procesbegeleider_is_assigned_and_unassigned(beheerder, client):
    user_id = beheerder.procesbegeleider.id
    client.post(f"/beheer/gebruikers/{user_id}/gemeenten", data={"gemeente_id": str(beheerder.other.id)})
    assignment = db.session.scalars(
        sa.select(ProcesbegeleiderAssignment).where(ProcesbegeleiderAssignment.gemeente_id == beheerder.other.id)
    ).one()
    assert client.post(f"/beheer/gebruikers/{user_id}/gemeenten/{assignment.id}/verwijderen").status_code == 302
    assert db.session.get(ProcesbegeleiderAssignment, assignment.id) is None


def test_only_procesbegeleiders_can_be_assigned(world):
    with pytest.raises(ValidationError):
        services.assign_procesbegeleider(world.actor(world.beheerder), world.teamlid.id, world.home.id)


def test_unknown_gemeente_is_refused(world):
    with pytest.raises(ValidationError):
        services.set_membership(world.actor(world.beheerder), world.teamlid.id, 999999, "lezer")


def test_blocking_an_account_stops_its_login(beheerder, client, app):
    client.post(f"/beheer/gebruikers/{beheerder.teamlid.id}/actief", data={})
    assert db.session.get(User, beheerder.teamlid.id).active is False
    other = app.test_client()
    assert other.post("/inloggen", data={"email": "tl@venlo.nl", "password": "een-goed-wachtwoord"}).status_code == 401


def test_beheerder_cannot_block_themselves(world):
    with pytest.raises(ValidationError):
        services.set_active(world.actor(world.beheerder), world.beheerder.id, False)


def test_admin_services_refuse_non_beheerders(world):
    with pytest.raises(NotAuthorized):
        services.create_gemeente(world.actor(world.projectleider), "Nergens")


def test_new_account_form_reports_every_problem_at_once(beheerder, client):
    """An empty name, a taken address and a weak password: all three after one submit, not one at a time."""
    accounts = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    response = client.post(
        "/beheer/gebruikers/nieuw",
        data={"name": "", "email": "pl@venlo.nl", "password": "kort", "kind": "gemeente"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vul een naam in." in page
    assert "Er bestaat al een account met dit e-mailadres." in page
    assert "Kies een wachtwoord van minstens 12 tekens." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == accounts


def test_a_field_the_form_faulted_gets_no_second_message(beheerder, client):
    response = client.post(
        "/beheer/gebruikers/nieuw", data={"name": "Iemand", "email": "", "password": "", "kind": "gemeente"}
    )
    page = response.get_data(as_text=True)
    assert "Vul een e-mailadres in." in page and "Vul een geldig e-mailadres in." not in page
    assert "Kies een wachtwoord." in page and "minstens 12 tekens" not in page


def test_new_user_problems_lists_every_field(world):
    problems = services.new_user_problems(
        world.actor(world.beheerder), email="tl@venlo.nl", name=" ", password="wachtwoord123"
    )
    assert set(problems) == {"email", "name", "password"}
    with pytest.raises(NotAuthorized):
        services.new_user_problems(world.actor(world.teamlid), email="x@y.nl", name="X", password="p" * 12)
