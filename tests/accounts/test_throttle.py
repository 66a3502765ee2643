"""The login throttle: per (account, address) with growing delays, a spraying limit per address, a known
browser that counts on its own, and the client's address taken from X-Forwarded-For only behind trusted
proxies."""

import threading
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


def known_browser(app, email="pl@venlo.nl", addr=OFFICE):
    """A browser in which the user logged in (and out again): it knows the account from now on."""
    browser = app.test_client()
    assert login(browser, email, addr=addr).status_code == 302
    browser.post("/uitloggen")
    return browser


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
    colleague = known_browser(app)
    assert colleague.get_cookie(devices.COOKIE, path="/inloggen") is not None
    spray(app.test_client())
    assert login(colleague, "tl@venlo.nl").status_code == 429  # the cookie is for pl only
    assert login(colleague, "pl@venlo.nl", "fout").status_code == 401  # only with the right password
    assert login(colleague, "pl@venlo.nl").status_code == 302


def test_a_stranger_on_the_same_address_does_not_lock_out_the_users_known_browser(world, app, client):
    colleague = known_browser(app)
    guesses = [login(client, "pl@venlo.nl", "fout").status_code for _ in range(10)]  # from the office too
    assert guesses == [401] * 5 + [429] * 5
    assert login(app.test_client(), "pl@venlo.nl").status_code == 429  # an untrusted browser waits, as before
    assert login(colleague, "pl@venlo.nl").status_code == 302  # the known browser does not


def test_a_known_browser_waits_after_its_own_failures(world, app):
    browser = known_browser(app)
    fail(browser, "pl@venlo.nl", 5)
    assert login(browser, "pl@venlo.nl").status_code == 429  # the right password does not help while waiting
    age_attempts(timedelta(minutes=1, seconds=1))
    fail(browser, "pl@venlo.nl", 1)  # after the wait one more try; wrong again doubles the wait
    assert "Probeer het over 2 minuten opnieuw." in login(browser, "pl@venlo.nl").get_data(as_text=True)


def test_a_known_browsers_failures_do_not_count_against_the_untrusted_pair(world, app):
    fail(known_browser(app), "pl@venlo.nl", 5)
    assert login(app.test_client(), "pl@venlo.nl").status_code == 302


def test_known_browsers_failures_do_not_count_against_the_address(world, app):
    now = utcnow()
    db.session.add_all(
        LoginAttempt(email=f"collega{n}@venlo.nl", remote_addr=OFFICE, device_id=f"{n:032x}", attempted_at=now)
        for n in range(app.config["RFZ_LOGIN_MAX_FAILURES"] * 4)  # as many as spraying takes, all from known browsers
    )
    db.session.commit()
    assert login(app.test_client(), "tl@venlo.nl").status_code == 302


def test_a_known_browsers_success_leaves_the_strangers_failures_standing(world, app, client):
    colleague = known_browser(app)
    fail(client, "pl@venlo.nl", 3)
    fail(colleague, "pl@venlo.nl", 2)
    assert login(colleague, "pl@venlo.nl").status_code == 302
    assert stored_attempts() == [("pl@venlo.nl", OFFICE)] * 3
    fail(client, "pl@venlo.nl", 2)
    assert login(client, "pl@venlo.nl").status_code == 429


def test_the_stored_device_id_is_not_in_the_cookie(world, app):
    browser = known_browser(app)
    fail(browser, "pl@venlo.nl", 1)
    db.session.remove()
    stored = db.session.scalars(sa.select(LoginAttempt.device_id)).one()
    cookie = browser.get_cookie(devices.COOKIE, path="/inloggen")
    assert stored is not None and len(stored) == 32
    assert stored not in cookie.value
    assert all(stored not in part for entry in devices._serializer().loads(cookie.value) for part in entry)


def test_a_cookie_of_the_first_form_counts_as_an_untrusted_browser(world, app):
    """Before browsers counted on their own the cookie listed only the accounts' tags, no random value."""
    browser = app.test_client()
    browser.set_cookie(devices.COOKIE, devices._serializer().dumps([devices._tag("pl@venlo.nl")]), path="/inloggen")
    fail(app.test_client(), "pl@venlo.nl", 5)
    assert login(browser, "pl@venlo.nl").status_code == 429


def test_parallel_wrong_guesses_take_turns(world, app, backend):
    """Without the lock every guess sent at the same moment would pass the count before any was stored."""
    if backend != "postgresql":
        pytest.skip("SQLite takes no lock for a login (see accounts.services._one_login_at_a_time)")
    guesses = 2 * app.config["RFZ_LOGIN_MAX_FAILURES"]
    start = threading.Barrier(guesses, timeout=30)
    statuses: list[int] = []

    def guess() -> None:
        browser = app.test_client()
        start.wait()
        statuses.append(login(browser, "pl@venlo.nl", "fout").status_code)

    threads = [threading.Thread(target=guess) for _ in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [401] * app.config["RFZ_LOGIN_MAX_FAILURES"] + [429] * (guesses // 2)


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
