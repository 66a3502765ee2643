"""The password rule, changing one's own password, and the temporary password a beheerder sets."""

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo

from rfz_project.accounts import services
from rfz_project.accounts.passwords import password_problems, validate_new_password
from rfz_project.admin import services as admin
from rfz_project.cli import rfz
from rfz_project.demo import DEMO_PASSWORD, load_demo
from rfz_project.errors import ValidationError
from rfz_project.extensions import db
from rfz_project.models import User

from .. import factories

GOOD = "fiets-boom-lantaarn-7"


@pytest.mark.parametrize(
    "password",
    [
        "kort",
        "elf-tekens!",  # 11
        "aaaaaaaaaaaa",
        "123456789012",
        "wachtwoord12",
        "Wachtwoord2024!",
        "password1234",
        "abcdefabcdef",
        "qwertyqwerty",
        "zomerzomer12",
        "121212121212",
        "9876543210987",
        "x" * 129,
    ],
)
def test_weak_passwords_are_refused(password):
    assert password_problems(password) != []


@pytest.mark.parametrize(
    "password",
    [
        GOOD,
        "lang-genoeg-wachtwoord",
        factories.PASSWORD,
        DEMO_PASSWORD,
        "Koffie met 3 klontjes",
        "correct horse battery",
    ],
)
def test_good_passwords_pass(password):
    assert password_problems(password) == []


def test_the_users_own_name_or_email_is_refused():
    assert password_problems("petraleider1!", name="Petra Leider", email="pl@venlo.nl") != []
    assert password_problems("venlo-venlo-12", name="Petra Leider", email="pl@venlo.nl") != []
    assert password_problems("petra-drinkt-graag-thee", name="Petra Leider", email="pl@venlo.nl") == []


def test_messages_are_dutch_and_on_the_field():
    with pytest.raises(ValidationError) as refused:
        validate_new_password("wachtwoord12", field="new_password")
    assert list(refused.value.errors) == ["new_password"]
    assert "komt te veel voor" in refused.value.errors["new_password"][0]


# --- changing one's own password ------------------------------------------------------------------


def _change(client, current=factories.PASSWORD, new=GOOD, repeat=None):
    return client.post(
        "/account", data={"current_password": current, "new_password": new, "repeat_password": repeat or new}
    )


def test_the_account_page_is_linked_from_the_header(logged_in_leider, client):
    page = client.get("/start").get_data(as_text=True)
    assert 'href="/account"' in page and "Mijn account" in page
    account = client.get("/account")
    assert account.status_code == 200 and "Wachtwoord wijzigen" in account.get_data(as_text=True)


def test_change_own_password(app, logged_in_leider, client):
    response = _change(client)
    assert response.status_code == 302
    user = db.session.get(User, logged_in_leider.projectleider.id)
    assert user.check_password(GOOD) and not user.check_password(factories.PASSWORD)
    fresh = app.test_client()
    assert fresh.post("/inloggen", data={"email": "pl@venlo.nl", "password": GOOD}).status_code == 302


def test_changing_needs_the_current_password(logged_in_leider, client):
    response = _change(client, current="niet-het-goede-wachtwoord")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Dit is niet uw huidige wachtwoord." in page and 'id="current_password-fout"' in page
    assert db.session.get(User, logged_in_leider.projectleider.id).check_password(factories.PASSWORD)


@pytest.mark.parametrize("new", ["aaaaaaaaaaaa", "123456789012", "wachtwoord12", "kort"])
def test_a_weak_new_password_is_refused_next_to_the_field(logged_in_leider, client, new):
    response = _change(client, new=new)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="new_password-fout"' in page
    assert new not in page
    assert db.session.get(User, logged_in_leider.projectleider.id).check_password(factories.PASSWORD)


def test_the_new_password_must_be_repeated(logged_in_leider, client):
    response = _change(client, repeat=GOOD + "x")
    assert response.status_code == 400
    assert "De twee nieuwe wachtwoorden zijn niet gelijk." in response.get_data(as_text=True)


def test_change_own_password_service_raises_the_session_epoch(leider):
    before = leider.session_epoch
    user = services.change_own_password(leider, factories.PASSWORD, GOOD, GOOD)
    assert user.session_epoch == before + 1 and not user.must_change_password


# --- a temporary password set by a beheerder ------------------------------------------------------


def _beheerder_client(app):
    client = app.test_client()
    client.post("/inloggen", data={"email": "beheer@rfz.nl", "password": factories.PASSWORD})
    return client


def test_beheerder_reset_sets_a_temporary_password_and_ends_the_users_sessions(app, world, client, auth):
    auth.login("tl@venlo.nl")
    beheerder = _beheerder_client(app)
    response = beheerder.post(f"/beheer/gebruikers/{world.teamlid.id}/wachtwoord", data={"password": GOOD})
    assert response.status_code == 302
    user = db.session.get(User, world.teamlid.id)
    assert user.must_change_password and user.check_password(GOOD)
    assert client.get("/start").status_code == 302


def test_beheerder_reset_refuses_a_weak_password_next_to_the_field(app, world):
    beheerder = _beheerder_client(app)
    response = beheerder.post(f"/beheer/gebruikers/{world.teamlid.id}/wachtwoord", data={"password": "123456789012"})
    assert response.status_code == 400 and 'id="password-fout"' in response.get_data(as_text=True)
    assert db.session.get(User, world.teamlid.id).check_password(factories.PASSWORD)


def test_beheerder_create_refuses_a_common_password(beheerder_actor):
    with pytest.raises(ValidationError) as refused:
        admin.create_user(beheerder_actor, email="nieuw@venlo.nl", name="Nieuw", password="wachtwoord12")
    assert "password" in refused.value.errors


@pytest.fixture
def beheerder_actor(world):
    return world.actor(world.beheerder)


def test_a_temporary_password_must_be_changed_at_the_first_login(app, world, beheerder_actor):
    admin.create_user(beheerder_actor, email="nieuw@venlo.nl", name="Nina Nieuw", password=GOOD)
    client = app.test_client()
    response = client.post("/inloggen", data={"email": "nieuw@venlo.nl", "password": GOOD})
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    # every other page, GET or POST, sends the user back until they chose their own
    for response in (client.get("/start"), client.post("/projecten/nieuw", data={"scope_type": "een_rol"})):
        assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert "tijdelijk wachtwoord" in client.get("/account").get_data(as_text=True)
    own = "mijn-eigen-fiets-is-rood"
    changed = client.post("/account", data={"current_password": GOOD, "new_password": own, "repeat_password": own})
    assert changed.status_code == 302
    assert client.get("/start").status_code == 200
    assert not db.session.scalar(db.select(User).where(User.email == "nieuw@venlo.nl")).must_change_password


def test_logging_out_is_possible_with_a_temporary_password(app, world, beheerder_actor):
    admin.create_user(beheerder_actor, email="nieuw@venlo.nl", name="Nina Nieuw", password=GOOD)
    client = app.test_client()
    client.post("/inloggen", data={"email": "nieuw@venlo.nl", "password": GOOD})
    response = client.post("/uitloggen")
    assert response.status_code == 302 and response.headers["Location"] == "/inloggen"


def test_the_command_line_applies_the_rule_and_sets_no_temporary_password(app, ctx):
    runner = CliRunner()
    weak = runner.invoke(
        rfz, ["create-user", "--email", "a@b.nl", "--name", "A", "--password", "123456789012"], obj=_script_info(app)
    )
    assert weak.exit_code != 0 and "makkelijk te raden" in weak.output
    ok = runner.invoke(
        rfz, ["create-user", "--email", "a@b.nl", "--name", "A", "--password", GOOD], obj=_script_info(app)
    )
    assert ok.exit_code == 0, ok.output
    user = db.session.scalar(db.select(User).where(User.email == "a@b.nl"))
    assert user is not None and not user.must_change_password


def _script_info(app):
    return ScriptInfo(create_app=lambda: app)


def test_demo_accounts_log_in_without_a_forced_change(app, ctx):
    load_demo()
    client = app.test_client()
    response = client.post("/inloggen", data={"email": "procesbegeleider@demo.rfz", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/start"
    assert client.get("/start").status_code == 200
