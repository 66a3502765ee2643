"""'Wachtwoord vergeten?' end to end: the request, the mail in the outbox (and over SMTP), the link's page."""

from __future__ import annotations

import re
import socket
import time

import pytest
import sqlalchemy as sa
from itsdangerous.timed import TimestampSigner

from rfz_project.accounts import reset
from rfz_project.extensions import db
from rfz_project.mail import worker
from rfz_project.models import SecurityEvent, User

from .. import factories
from ..helpers import outbox

NEW_PASSWORD = "fietsen langs de maas in mei"
_LINK = re.compile(r"http://localhost(/wachtwoord-herstellen/\S+)")


def _request(client, email: str):
    return client.post("/wachtwoord-vergeten", data={"email": email})


def _link_inoutbox() -> str:
    [mail] = outbox()
    match = _LINK.search(mail.body_text)
    assert match, mail.body_text
    return match[1]


def _set_password(client, link: str, password: str = NEW_PASSWORD, repeated: str | None = None):
    return client.post(link, data={"new_password": password, "repeat_password": repeated or password})


def test_the_login_page_offers_the_reset(client, world):
    assert 'href="/wachtwoord-vergeten"' in client.get("/inloggen").get_data(as_text=True)


def test_a_known_and_an_unknown_address_get_the_same_answer(client, world):
    known = _request(client, "pl@venlo.nl")
    unknown = _request(client, "niemand@venlo.nl")

    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True).replace("pl@venlo.nl", "X") == unknown.get_data(as_text=True).replace(
        "niemand@venlo.nl", "X"
    )
    assert [mail.recipient for mail in outbox()] == ["pl@venlo.nl"]


def test_the_reset_mail_reaches_a_real_smtp_server_with_its_link(app, client, world, inbox):
    _request(client, "pl@venlo.nl")
    assert worker.deliver_due(app).sent == 1

    [message] = inbox.messages
    assert inbox.recipients == [["pl@venlo.nl"]]
    assert message["Subject"] == "Nieuw wachtwoord kiezen"
    text = message.get_payload(decode=True).decode()
    link = _LINK.search(text)[1]
    assert client.get(link).status_code == 200


def test_the_link_sets_a_new_password_once(client, world, auth):
    _request(client, "pl@venlo.nl")
    link = _link_inoutbox()

    assert client.get(link).status_code == 200
    response = _set_password(client, link)
    assert response.status_code == 302 and response.headers["Location"] == "/inloggen"
    assert auth.login("pl@venlo.nl", NEW_PASSWORD).status_code == 302
    auth.logout()

    assert client.get(link).status_code == 404
    assert "werkt niet meer" in client.get(link).get_data(as_text=True)
    assert _set_password(client, link, "een heel ander nieuw wachtwoord").status_code == 404
    assert auth.login("pl@venlo.nl", "een heel ander nieuw wachtwoord").status_code == 401


def test_the_old_password_no_longer_works(client, world, auth):
    _request(client, "pl@venlo.nl")
    _set_password(client, _link_inoutbox())
    assert auth.login("pl@venlo.nl", factories.PASSWORD).status_code == 401


def test_a_weak_or_mistyped_password_is_refused_and_the_link_stays_valid(client, world):
    _request(client, "pl@venlo.nl")
    link = _link_inoutbox()

    assert _set_password(client, link, "kort").status_code == 400
    assert _set_password(client, link, NEW_PASSWORD, "iets anders dan dat").status_code == 400
    assert client.get(link).status_code == 200


@pytest.mark.parametrize(("seconds", "status"), [(3500, 200), (3601, 404)])
def test_the_link_works_for_one_hour(client, world, monkeypatch, seconds, status):
    _request(client, "pl@venlo.nl")
    link = _link_inoutbox()
    made = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: made(self) + seconds)
    assert client.get(link).status_code == status


def test_a_forged_link_is_not_found(client, world):
    assert client.get("/wachtwoord-herstellen/eyJ1c2VyIjoxfQ.bogus.signature").status_code == 404


def test_using_the_link_ends_every_other_session(app, client, world, auth):
    elsewhere = app.test_client()
    elsewhere.post("/inloggen", data={"email": "pl@venlo.nl", "password": factories.PASSWORD})
    assert elsewhere.get("/start").status_code == 200

    _request(client, "pl@venlo.nl")
    _set_password(client, _link_inoutbox())

    response = elsewhere.get("/start")
    assert response.status_code == 302 and response.headers["Location"].startswith("/inloggen")


def test_the_reset_is_in_the_security_log(client, world):
    _request(client, "pl@venlo.nl")
    _set_password(client, _link_inoutbox())
    kinds = db.session.scalars(
        sa.select(SecurityEvent.kind).where(SecurityEvent.target == "pl@venlo.nl").order_by(SecurityEvent.id)
    ).all()
    assert kinds[-2:] == ["password_reset_requested", "password_reset_done"]


def test_one_address_gets_a_limited_number_of_links_with_the_same_answer(client, world):
    answers = {_request(client, "pl@venlo.nl").status_code for _ in range(reset.MAILS_PER_ADDRESS + 2)}
    assert answers == {200}
    assert len(outbox()) == reset.MAILS_PER_ADDRESS


def test_a_client_that_asks_too_often_is_held_back(client, world):
    for number in range(reset.REQUESTS_PER_CLIENT):
        assert _request(client, f"iemand{number}@venlo.nl").status_code == 200
    refused = _request(client, "pl@venlo.nl")
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "te vaak" in refused.get_data(as_text=True)
    assert outbox() == []


def test_a_blocked_account_gets_no_link(client, world):
    user = db.session.get(User, world.projectleider.id)
    user.active = False
    db.session.commit()
    assert _request(client, "pl@venlo.nl").status_code == 200
    assert outbox() == []


def test_the_link_uses_the_configured_address_not_the_requests_host(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "RFZ_BASE_URL", "https://rfz.venlo.nl/")
    client.post("/wachtwoord-vergeten", data={"email": "pl@venlo.nl"}, headers={"Host": "aanvaller.example"})
    [mail] = outbox()
    assert "https://rfz.venlo.nl/wachtwoord-herstellen/" in mail.body_text
    assert "aanvaller" not in mail.body_text


def test_a_reset_lets_a_locked_out_user_in_at_once(client, world, auth):
    for _ in range(6):
        auth.login("pl@venlo.nl", "een verkeerde gok van iemand")
    assert auth.login("pl@venlo.nl", factories.PASSWORD).status_code == 429

    _request(client, "pl@venlo.nl")
    _set_password(client, _link_inoutbox())

    assert auth.login("pl@venlo.nl", NEW_PASSWORD).status_code == 302


def test_asking_for_a_link_never_waits_for_the_mail_server(app, client, world, monkeypatch):
    with socket.socket() as silent:  # accepts connections and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", silent.getsockname()[1])
        monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 1)
        started = time.monotonic()
        assert _request(client, "pl@venlo.nl").status_code == 200
        assert time.monotonic() - started < 1

        assert worker.deliver_due(app).failed == 1
    [mail] = outbox()
    assert mail.sent_at is None and mail.attempts == 1 and "timed out" in mail.last_error
