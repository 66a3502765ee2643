"""A login session ends on the server: copied cookies stop working after logout, a password change,
blocking and "log out everywhere"; idle and absolute timeouts; a fresh session at login."""

import time

import pytest

from rfz_project.accounts.views import SESSION_SEEN, SESSION_STARTED
from rfz_project.config import from_environment
from rfz_project.extensions import db
from rfz_project.models import User

from .. import factories

NEW_PASSWORD = "fiets-boom-lantaarn-7"


def _copy_of_the_cookie(app, client):
    """Another browser holding a copy of the session cookie `client` has now."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def _is_sent_to_login(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/inloggen")


def _assert_cookie_is_dead(thief):
    assert _is_sent_to_login(thief.get("/start"))
    assert _is_sent_to_login(thief.post("/projecten/nieuw", data={"scope_type": "een_rol"}))
    assert _is_sent_to_login(thief.get("/account"))


def test_a_copied_cookie_works_while_the_user_is_logged_in(app, world, client, auth):
    """The baseline: without this, the tests below would pass for the wrong reason."""
    auth.login("pl@venlo.nl")
    thief = _copy_of_the_cookie(app, client)
    assert thief.get("/start").status_code == 200


def test_a_cookie_copied_before_logout_no_longer_works(app, world, client, auth):
    auth.login("pl@venlo.nl")
    thief = _copy_of_the_cookie(app, client)
    assert auth.logout().status_code == 302
    _assert_cookie_is_dead(thief)
    assert _is_sent_to_login(client.get("/start"))


def test_a_cookie_copied_before_a_password_change_no_longer_works_but_this_session_goes_on(app, world, client, auth):
    auth.login("pl@venlo.nl")
    thief = _copy_of_the_cookie(app, client)
    response = client.post(
        "/account",
        data={
            "current_password": factories.PASSWORD,
            "new_password": NEW_PASSWORD,
            "repeat_password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == "/start"
    _assert_cookie_is_dead(thief)
    assert client.get("/start").status_code == 200


def test_a_cookie_of_a_blocked_account_stays_dead_after_activating_it_again(app, world, client, auth):
    auth.login("tl@venlo.nl")
    thief = _copy_of_the_cookie(app, client)
    admin = app.test_client()
    admin.post("/inloggen", data={"email": "beheer@rfz.nl", "password": factories.PASSWORD})
    assert admin.post(f"/beheer/gebruikers/{world.teamlid.id}/actief", data={}).status_code == 302
    _assert_cookie_is_dead(thief)
    assert admin.post(f"/beheer/gebruikers/{world.teamlid.id}/actief", data={"active": "y"}).status_code == 302
    assert db.session.get(User, world.teamlid.id).active
    _assert_cookie_is_dead(thief)


def test_log_out_everywhere_ends_every_session_of_the_user(app, world, client, auth):
    auth.login("pl@venlo.nl")
    other_device = app.test_client()
    other_device.post("/inloggen", data={"email": "pl@venlo.nl", "password": factories.PASSWORD})
    thief = _copy_of_the_cookie(app, client)
    response = client.post("/account/overal-uitloggen")
    assert _is_sent_to_login(response)
    _assert_cookie_is_dead(thief)
    _assert_cookie_is_dead(other_device)
    _assert_cookie_is_dead(client)


def test_log_out_everywhere_needs_a_post(world, client, auth):
    auth.login("pl@venlo.nl")
    assert client.get("/account/overal-uitloggen").status_code == 405


def test_another_users_logout_leaves_my_session_alone(app, world, client, auth):
    auth.login("pl@venlo.nl")
    other = app.test_client()
    other.post("/inloggen", data={"email": "tl@venlo.nl", "password": factories.PASSWORD})
    assert other.post("/uitloggen").status_code == 302
    assert client.get("/start").status_code == 200


@pytest.mark.parametrize("idle_minutes, alive", [(29, True), (31, False)])
def test_an_idle_session_ends_after_the_idle_timeout(world, client, auth, idle_minutes, alive):
    auth.login("pl@venlo.nl")
    with client.session_transaction() as session:
        session[SESSION_SEEN] = int(time.time()) - idle_minutes * 60
    response = client.get("/start")
    if alive:
        assert response.status_code == 200
    else:
        assert _is_sent_to_login(response)
        assert "next=/start" in response.headers["Location"]
        assert _is_sent_to_login(client.get("/start"))  # the session is gone, not only refused once


def test_an_idle_post_is_refused_too(world, client, auth):
    auth.login("pl@venlo.nl")
    with client.session_transaction() as session:
        session[SESSION_SEEN] = int(time.time()) - 31 * 60
    assert _is_sent_to_login(client.post("/projecten/nieuw", data={"scope_type": "een_rol"}))


def test_the_idle_timeout_is_configurable(app, world, client, auth, monkeypatch):
    monkeypatch.setitem(app.config, "RFZ_IDLE_TIMEOUT_MINUTES", 5)
    auth.login("pl@venlo.nl")
    with client.session_transaction() as session:
        session[SESSION_SEEN] = int(time.time()) - 6 * 60
    assert _is_sent_to_login(client.get("/start"))


def test_the_idle_timeout_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("RFZ_IDLE_TIMEOUT_MINUTES", "45")
    assert from_environment(tmp_path)["RFZ_IDLE_TIMEOUT_MINUTES"] == 45


def test_using_the_session_keeps_it_alive(world, client, auth):
    auth.login("pl@venlo.nl")
    twenty_minutes_ago = int(time.time()) - 20 * 60
    with client.session_transaction() as session:
        session[SESSION_SEEN] = twenty_minutes_ago
    assert client.get("/start").status_code == 200
    with client.session_transaction() as session:
        assert session[SESSION_SEEN] > twenty_minutes_ago


def test_an_active_session_still_ends_at_the_absolute_limit(app, world, client, auth):
    auth.login("pl@venlo.nl")
    with client.session_transaction() as session:
        session[SESSION_STARTED] = int(time.time()) - int(app.permanent_session_lifetime.total_seconds()) - 60
    assert _is_sent_to_login(client.get("/start"))


def test_login_starts_a_fresh_session_with_a_new_csrf_token(app, world):
    client = app.test_client()
    with client.session_transaction() as session:
        session["csrf_token"] = "planted-by-an-attacker"
        session["planted"] = "x"
    assert client.post("/inloggen", data={"email": "pl@venlo.nl", "password": factories.PASSWORD}).status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("csrf_token") != "planted-by-an-attacker"
        assert session["_user_id"] == f"{world.projectleider.id}:{world.projectleider.session_epoch}"


def test_login_gives_a_different_csrf_token_than_before(app, world):
    client = app.test_client(use_cookies=True)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client.get("/inloggen")
        with client.session_transaction() as session:
            before = session["csrf_token"]
        client.post(
            "/inloggen",
            data={"email": "pl@venlo.nl", "password": factories.PASSWORD, "csrf_token": _token(client)},
        )
        client.get("/start")
        with client.session_transaction() as session:
            assert session["_user_id"].startswith(f"{world.projectleider.id}:")
            assert session["csrf_token"] != before
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def _token(client) -> str:
    page = client.get("/inloggen").get_data(as_text=True)
    marker = 'name="csrf_token" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_a_session_from_before_this_release_is_ended(world, client, auth):
    """An id without the epoch (the old format) finds nobody."""
    auth.login("pl@venlo.nl")
    with client.session_transaction() as session:
        session["_user_id"] = str(world.projectleider.id)
    assert _is_sent_to_login(client.get("/start"))
