"""The login throttle: per (account, address) with growing delays, a spraying limit per address that a
known browser passes, and the client's address taken from X-Forwarded-For only behind trusted proxies."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from rfz_project import create_app
from rfz_project.accounts import devices
from rfz_project.config import ConfigError, from_environment
from rfz_project.extensions import db
from rfz_project.models import LoginAttempt
from rfz_project.models.base import utcnow

from .. import factories

STRANGER = "198.51.100.66"
OFFICE = "203.0.113.10"
HOME = "192.0.2.20"


def login(client, email, password=factories.PASSWORD, addr=OFFICE, headers=None):
    return client.post(
        "/inloggen",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": addr},
        headers=headers or {},
    )


def fail(client, email, times, addr=OFFICE):
    for _ in range(times):
        assert login(client, email, "fout", addr).status_code == 401


def age_attempts(delta: timedelta) -> None:
    """Move every stored failure `delta` into the past, as if that much time went by."""
    db.session.remove()
    for attempt in db.session.scalars(sa.select(LoginAttempt)):
        attempt.attempted_at -= delta
    db.session.commit()


def stored_attempts() -> list[tuple[str, str]]:
    db.session.remove()
    return sorted(tuple(row) for row in db.session.execute(sa.select(LoginAttempt.email, LoginAttempt.remote_addr)))


def test_a_strangers_failures_do_not_lock_the_user_out_from_another_address(world, app, client):
    fail(client, "pl@venlo.nl", app.config["RFZ_LOGIN_MAX_FAILURES"], addr=STRANGER)
    assert login(client, "pl@venlo.nl", addr=STRANGER).status_code == 429  # right password, wrong place
    assert login(app.test_client(), "pl@venlo.nl", addr=HOME).status_code == 302


def test_the_delay_grows_and_says_when_to_try_again(world, client):
    fail(client, "pl@venlo.nl", 5)
    for minutes, text in [(1, "1 minuut"), (2, "2 minuten"), (4, "4 minuten")]:
        refused = login(client, "pl@venlo.nl")  # the right password does not help while waiting
        page = refused.get_data(as_text=True)
        assert refused.status_code == 429
        assert f"Te veel mislukte pogingen. Probeer het over {text} opnieuw." in page
        assert minutes * 60 - 5 <= int(refused.headers["Retry-After"]) <= minutes * 60
        assert 'value="pl@venlo.nl"' in page and factories.PASSWORD not in page
        age_attempts(timedelta(minutes=minutes, seconds=1))
        fail(client, "pl@venlo.nl", 1)  # after the wait one more try; wrong again doubles the wait


def test_the_delay_never_exceeds_the_window(world, app, client):
    now = utcnow()
    db.session.add_all(LoginAttempt(email="pl@venlo.nl", remote_addr=OFFICE, attempted_at=now) for _ in range(40))
    db.session.commit()
    page = login(client, "pl@venlo.nl").get_data(as_text=True)
    assert f"Probeer het over {app.config['RFZ_LOGIN_WINDOW_MINUTES']} minuten opnieuw." in page


def test_a_successful_login_clears_only_that_pairs_failures(world, app, client):
    fail(client, "pl@venlo.nl", 2, addr=OFFICE)
    fail(client, "pl@venlo.nl", 1, addr=STRANGER)
    fail(client, "tl@venlo.nl", 1, addr=OFFICE)
    assert login(app.test_client(), "pl@venlo.nl", addr=OFFICE).status_code == 302
    assert stored_attempts() == [("pl@venlo.nl", STRANGER), ("tl@venlo.nl", OFFICE)]


def test_an_unknown_account_gets_the_same_answers(world, app):
    """Same status, message and page for an account that does not exist: nothing tells them apart."""
    pages = {}
    for email in ("pl@venlo.nl", "niemand@venlo.nl"):
        client = app.test_client()
        wrong = [login(client, email, "fout") for _ in range(5)]
        refused = login(client, email)
        assert [response.status_code for response in wrong] == [401] * 5
        assert refused.status_code == 429 and "Retry-After" in refused.headers
        pages[email] = [r.get_data(as_text=True).replace(email, "E-MAIL") for r in (wrong[0], refused)]
    assert pages["pl@venlo.nl"] == pages["niemand@venlo.nl"]
    assert "Probeer het over 1 minuut opnieuw." in pages["niemand@venlo.nl"][1]


def spray(client, addr=OFFICE, accounts=20):
    """A stranger tries one password for many accounts (none reaches the per-account limit)."""
    for number in range(accounts):
        assert login(client, f"gok{number}@venlo.nl", "Welkom2024!", addr).status_code == 401


def test_spraying_from_one_address_is_slowed_down_for_every_account(world, app, client):
    spray(client)
    assert login(client, "gok99@venlo.nl", "Welkom2024!").status_code == 429  # an account not tried yet
    assert login(app.test_client(), "pl@venlo.nl").status_code == 429  # a new browser on that address
    assert login(app.test_client(), "pl@venlo.nl", addr=HOME).status_code == 302  # other addresses go on
    age_attempts(timedelta(minutes=1, seconds=1))
    fail(client, "gok99@venlo.nl", 1)  # after the delay one more guess, then a longer wait
    page = login(client, "gok100@venlo.nl", "Welkom2024!").get_data(as_text=True)
    assert "Probeer het over 2 minuten opnieuw." in page


def test_a_browser_that_logged_in_before_passes_the_spraying_limit(world, app):
    colleague = app.test_client()
    assert login(colleague, "pl@venlo.nl").status_code == 302
    assert colleague.get_cookie(devices.COOKIE, path="/inloggen") is not None
    colleague.post("/uitloggen")
    spray(app.test_client())
    assert login(colleague, "tl@venlo.nl").status_code == 429  # the cookie is for pl only
    assert login(colleague, "pl@venlo.nl", "fout").status_code == 401  # only with the right password
    assert login(colleague, "pl@venlo.nl").status_code == 302


def test_a_forged_device_cookie_is_ignored(world, app):
    browser = app.test_client()
    browser.set_cookie(devices.COOKIE, "namaak", path="/inloggen")
    spray(app.test_client())
    assert login(browser, "pl@venlo.nl").status_code == 429


def test_old_attempts_are_deleted_so_the_table_stays_small(world, app, client):
    long_ago = utcnow() - timedelta(minutes=app.config["RFZ_LOGIN_WINDOW_MINUTES"] + 1)
    db.session.add_all(
        LoginAttempt(email=f"oud{n}@venlo.nl", remote_addr=f"10.0.0.{n}", attempted_at=long_ago) for n in range(50)
    )
    db.session.commit()
    fail(client, "pl@venlo.nl", 1)
    assert stored_attempts() == [("pl@venlo.nl", OFFICE)]


def test_x_forwarded_for_is_ignored_without_trusted_proxies(world, app, client):
    for number in range(5):  # a client that types a new address each time still counts as itself
        response = login(client, "pl@venlo.nl", "fout", STRANGER, {"X-Forwarded-For": f"10.9.9.{number}"})
        assert response.status_code == 401
    assert login(client, "pl@venlo.nl", addr=STRANGER, headers={"X-Forwarded-For": HOME}).status_code == 429
    assert {addr for _, addr in stored_attempts()} == {STRANGER}


@pytest.fixture
def behind_proxy(app):
    """A second app (another worker) on the same database, behind one trusted proxy."""
    proxied = create_app(dict(app.config, RFZ_TRUSTED_PROXIES=1))
    with proxied.app_context():
        yield proxied
        db.session.remove()
        db.engine.dispose()


def test_x_forwarded_for_gives_the_address_behind_a_trusted_proxy(world, behind_proxy):
    proxy = "10.0.0.1"
    client = behind_proxy.test_client()
    for _ in range(5):  # the client prepends a forged address; the proxy appends the real one
        headers = {"X-Forwarded-For": f"{HOME}, {STRANGER}"}
        assert login(client, "pl@venlo.nl", "fout", proxy, headers).status_code == 401
    assert login(client, "pl@venlo.nl", addr=proxy, headers={"X-Forwarded-For": STRANGER}).status_code == 429
    user = behind_proxy.test_client()
    assert login(user, "pl@venlo.nl", addr=proxy, headers={"X-Forwarded-For": HOME}).status_code == 302
    assert stored_attempts() == [("pl@venlo.nl", STRANGER)] * 5


def test_trusted_proxies_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("RFZ_TRUSTED_PROXIES", "2")
    assert from_environment(tmp_path)["RFZ_TRUSTED_PROXIES"] == 2
    monkeypatch.setenv("RFZ_TRUSTED_PROXIES", "twee")
    with pytest.raises(ConfigError, match="RFZ_TRUSTED_PROXIES"):
        from_environment(tmp_path)
