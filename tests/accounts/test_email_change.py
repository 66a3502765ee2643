"""A new e-mail address from "Mijn account": the link to the new address, the notice to the old one, and the
change only after the link, even when another account takes the address in between."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from itsdangerous.timed import TimestampSigner

from rfz_project.accounts import email_change
from rfz_project.errors import ConflictError
from rfz_project.extensions import db
from rfz_project.mail import worker
from rfz_project.models import SecurityEvent, User

from .. import factories
from ..helpers import csrf_token_of, links_in_outbox, login_with_token, outbox
from ..mail.conftest import free_port, smtp_server

_LINK = re.compile(r"http://localhost(/e-mailadres-bevestigen/\S+)")


def _email_of(user_id: int) -> str:
    db.session.expire_all()
    return db.session.get(User, user_id).email


def _ask(client, new="petra@venlo.nl", password=factories.PASSWORD):
    return client.post("/account/e-mailadres", data={"new_email": new, "password": password})


def _events(kind: str) -> list[SecurityEvent]:
    return list(db.session.scalars(sa.select(SecurityEvent).where(SecurityEvent.kind == kind)))


def test_the_profile_offers_the_change(client, world, auth):
    auth.login("pl@venlo.nl")
    page = client.get("/account").get_data(as_text=True)
    assert "E-mailadres wijzigen" in page and 'action="/account/e-mailadres"' in page


def test_asking_mails_a_link_to_the_new_address_and_a_notice_to_the_old(client, world, auth):
    auth.login("pl@venlo.nl")
    response = _ask(client, "Petra@Venlo.nl ")
    assert response.status_code == 302
    assert "We hebben een link gestuurd naar petra@venlo.nl" in client.get("/account").get_data(as_text=True)

    link_mail, notice = outbox()
    assert link_mail.recipient == "petra@venlo.nl" and _LINK.search(link_mail.body_text)
    assert "24 uur" in link_mail.body_text
    assert notice.recipient == "pl@venlo.nl" and "petra@venlo.nl" in notice.body_text
    assert not _LINK.search(notice.body_text) and "e-mailadres-bevestigen" not in notice.body_text
    assert _email_of(world.projectleider.id) == "pl@venlo.nl"  # nothing changes before the link
    assert [e.details["new_email"] for e in _events("email_change_requested")] == ["petra@venlo.nl"]


def test_the_link_changes_the_address_once(client, world, auth):
    auth.login("pl@venlo.nl")
    _ask(client)
    [link] = links_in_outbox(_LINK)

    page = client.get(link)  # a GET only asks: a mail program that opens links changes nothing
    assert page.status_code == 200 and "petra@venlo.nl" in page.get_data(as_text=True)
    assert _email_of(world.projectleider.id) == "pl@venlo.nl"

    response = client.post(link)
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert _email_of(world.projectleider.id) == "petra@venlo.nl"
    assert client.get("/account").status_code == 200  # this session goes on
    assert outbox()[-1].recipient == "pl@venlo.nl" and "is gewijzigd in petra@venlo.nl" in outbox()[-1].body_text
    assert [e.details["old_email"] for e in _events("email_changed")] == ["pl@venlo.nl"]
    auth.logout()

    assert auth.login("pl@venlo.nl").status_code == 401
    assert auth.login("petra@venlo.nl").status_code == 302
    auth.logout()
    used = client.get(link)
    assert used.status_code == 404 and "Deze link werkt niet meer" in used.get_data(as_text=True)
    assert client.post(link).status_code == 404


def test_the_link_works_without_being_logged_in(client, world, auth):
    auth.login("pl@venlo.nl")
    _ask(client)
    auth.logout()
    [link] = links_in_outbox(_LINK)
    response = client.post(link)
    assert response.status_code == 302 and response.headers["Location"] == "/inloggen"
    assert _email_of(world.projectleider.id) == "petra@venlo.nl"


def test_a_wrong_password_or_the_same_address_is_refused_and_nothing_is_mailed(client, world, auth):
    auth.login("pl@venlo.nl")
    wrong = _ask(client, password="niet mijn wachtwoord")
    assert wrong.status_code == 400 and "Dit is niet uw huidige wachtwoord." in wrong.get_data(as_text=True)
    assert 'value="petra@venlo.nl"' in wrong.get_data(as_text=True)  # what was typed stays
    same = _ask(client, "PL@venlo.nl")
    assert same.status_code == 400 and "Dit is al uw e-mailadres" in same.get_data(as_text=True)
    assert _ask(client, "geen-adres").status_code == 400
    assert outbox() == []
    assert {e.result for e in _events("email_change_requested")} == {"geweigerd"}


def test_asking_again_ends_the_earlier_link(client, world, auth):
    auth.login("pl@venlo.nl")
    _ask(client, "eerste@venlo.nl")
    _ask(client, "tweede@venlo.nl")
    first, second = links_in_outbox(_LINK)
    assert client.get(first).status_code == 404
    assert client.post(first).status_code == 404
    assert client.post(second).status_code == 302
    assert _email_of(world.projectleider.id) == "tweede@venlo.nl"


def test_not_changing_after_all_ends_the_link(client, world, auth):
    auth.login("pl@venlo.nl")
    _ask(client)
    assert client.post("/account/e-mailadres/niet-wijzigen").status_code == 302
    [link] = links_in_outbox(_LINK)
    assert client.get(link).status_code == 404
    assert _email_of(world.projectleider.id) == "pl@venlo.nl"


@pytest.mark.parametrize(("seconds", "status"), [(24 * 3600 - 60, 200), (24 * 3600 + 1, 404)])
def test_the_link_works_for_24_hours(client, world, auth, monkeypatch, seconds, status):
    auth.login("pl@venlo.nl")
    _ask(client)
    [link] = links_in_outbox(_LINK)
    made = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: made(self) + seconds)
    assert client.get(link).status_code == status


def test_a_forged_link_is_not_found(client, world):
    assert client.get("/e-mailadres-bevestigen/eyJ1c2VyIjoxfQ.bogus.signature").status_code == 404


def test_an_address_with_an_account_gets_the_same_answer_and_no_link(client, world, auth):
    auth.login("pl@venlo.nl")
    free = _ask(client, "vrij@venlo.nl")
    client.post("/account/e-mailadres/niet-wijzigen")
    taken = _ask(client, "tl@venlo.nl")
    assert free.status_code == taken.status_code == 302
    to_taken = [mail for mail in outbox() if mail.recipient == "tl@venlo.nl"]
    assert len(to_taken) == 1 and "al een account met dit adres" in to_taken[0].body_text
    assert "e-mailadres-bevestigen" not in to_taken[0].body_text
    assert _email_of(world.teamlid.id) == "tl@venlo.nl"


def test_an_address_taken_in_between_is_refused_at_the_link(client, world, auth):
    auth.login("pl@venlo.nl")
    _ask(client, "petra@venlo.nl")
    [link] = links_in_outbox(_LINK)
    factories.user("petra@venlo.nl", gemeente=world.other, role="lezer", name="Een andere Petra")

    response = client.post(link)
    assert response.status_code == 409
    assert "intussen in gebruik bij een ander account" in response.get_data(as_text=True)
    assert _email_of(world.projectleider.id) == "pl@venlo.nl"
    assert [e.result for e in _events("email_changed")] == ["geweigerd"]


def test_two_confirmations_at_the_same_moment_cannot_both_win(ctx, world, app, monkeypatch):
    """The check passes for both, the unique column refuses the second commit: a conflict, nothing changed."""
    with app.test_request_context():
        email_change.request_change(world.actor(world.teamlid), "samen@venlo.nl", factories.PASSWORD, str)
        email_change.request_change(world.actor(world.lezer), "samen@venlo.nl", factories.PASSWORD, str)
    teamlid, lezer = db.session.get(User, world.teamlid.id), db.session.get(User, world.lezer.id)
    first, second = email_change.make_token(teamlid), email_change.make_token(lezer)
    email_change.confirm_change(first)
    monkeypatch.setattr(email_change, "_taken", lambda email, user_id: False)  # as if both checked at once
    with pytest.raises(ConflictError):
        email_change.confirm_change(second)
    db.session.rollback()
    assert _email_of(world.teamlid.id) == "samen@venlo.nl" and _email_of(world.lezer.id) == "lezer@venlo.nl"


def test_asking_too_often_is_refused(client, world, auth):
    auth.login("pl@venlo.nl")
    for number in range(email_change.REQUESTS_PER_HOUR):
        assert _ask(client, f"nieuw{number}@venlo.nl").status_code == 302
    refused = _ask(client, "nog-een@venlo.nl")
    assert refused.status_code == 400 and "te vaak" in refused.get_data(as_text=True)


def test_posts_without_a_csrf_token_are_refused(csrf_client):
    client, world = csrf_client
    login_with_token(client)
    assert _ask(client).status_code == 400
    assert outbox() == []

    token = csrf_token_of(client.get("/account").get_data(as_text=True))
    data = {"new_email": "petra@venlo.nl", "password": factories.PASSWORD, "csrf_token": token}
    assert client.post("/account/e-mailadres", data=data).status_code == 302
    [link] = links_in_outbox(_LINK)
    assert client.post(link).status_code == 400
    assert client.post("/account/e-mailadres/niet-wijzigen").status_code == 400
    assert _email_of(world.projectleider.id) == "pl@venlo.nl"
    token = csrf_token_of(client.get(link).get_data(as_text=True))
    assert client.post(link, data={"csrf_token": token}).status_code == 302
    assert _email_of(world.projectleider.id) == "petra@venlo.nl"


def test_the_link_reaches_a_real_smtp_server(app, client, world, auth, monkeypatch):
    port = free_port()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 5)
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_SENDER", "RFZ-implementatietool <noreply@rfz.test>")
    with smtp_server(port) as inbox:
        auth.login("pl@venlo.nl")
        _ask(client)
        assert worker.deliver_due(app).sent == 2
    assert sorted(r[0] for r in inbox.recipients) == ["petra@venlo.nl", "pl@venlo.nl"]
    [to_new] = [m for m, r in zip(inbox.messages, inbox.recipients, strict=True) if r == ["petra@venlo.nl"]]
    assert to_new["Subject"] == "Bevestig uw nieuwe e-mailadres"
    link = _LINK.search(to_new.get_payload(decode=True).decode())[1]
    assert client.post(link).status_code == 302
    assert _email_of(world.projectleider.id) == "petra@venlo.nl"
