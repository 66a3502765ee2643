"""The organisation login end to end against a real OpenID provider over HTTP (tests/oidc/conftest.py)."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
import sqlalchemy as sa

from rfz_project.extensions import db
from rfz_project.models import LinkedIdentity, SecurityEvent, User
from rfz_project.oidc import client as oidc_client
from rfz_project.oidc import services

from .conftest import walk


def _logged_in_as(client) -> int | None:
    with client.session_transaction() as session:
        user_id = session.get("_user_id")
    return int(user_id.split(":")[0]) if user_id else None


def _links() -> list[LinkedIdentity]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(LinkedIdentity).order_by(LinkedIdentity.id)))


def _events(kind: str) -> list[SecurityEvent]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(SecurityEvent).where(SecurityEvent.kind == kind)))


def _with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def test_first_login_links_the_account_with_the_verified_address(world, client, installation):
    installation.set_user("medewerker-1", email="PL@venlo.nl", email_verified=True, name="Petra")

    response = walk(client, "medewerker-1")

    assert response.status_code == 302
    assert response.headers["Location"] == "/start"
    assert _logged_in_as(client) == world.projectleider.id
    [link] = _links()
    assert (link.user_id, link.issuer, link.subject) == (world.projectleider.id, installation.issuer, "medewerker-1")
    assert link.last_login_at is not None
    [linked] = _events("oidc_linked")
    assert linked.actor_id == world.projectleider.id
    logins = _events("login")
    assert [event.details.get("method") for event in logins] == ["organisatieaccount"]
    assert client.get("/start").status_code == 200  # the session works like a password login's
    with client.session_transaction() as session:
        # Started by the password login's own code: its times, and no state of the flow left behind.
        assert isinstance(session["_rfz_started"], int) and isinstance(session["_rfz_seen"], int)
        assert session["_user_id"] == f"{world.projectleider.id}:{world.projectleider.session_epoch}"
        assert not [key for key in session if key.startswith("_state_")]


def test_the_start_sends_pkce_state_and_nonce(world, client, installation):
    started = client.get("/inloggen/organisatie")
    query = dict(parse_qsl(urlsplit(started.headers["Location"]).query))
    assert query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) >= 43
    assert query["state"] and query["nonce"]
    assert set(query["scope"].split()) == {"openid", "email", "profile"}
    assert query["redirect_uri"] == "http://localhost/inloggen/organisatie/terug"


def test_a_second_login_finds_the_account_by_sub_not_by_email(world, client, installation):
    installation.set_user("medewerker-2", email="pl@venlo.nl", email_verified=True)
    walk(client, "medewerker-2")
    client.post("/uitloggen")
    # The provider now gives another, unverified address: the link on issuer and sub still holds.
    installation.set_user("medewerker-2", email="petra.nieuw@elders.nl", email_verified=False)

    response = walk(client, "medewerker-2")

    assert response.status_code == 302
    assert _logged_in_as(client) == world.projectleider.id
    assert len(_links()) == 1
    assert len(_events("oidc_linked")) == 1


def test_the_next_page_is_kept_through_the_provider(world, client, installation):
    installation.set_user("medewerker-3", email="pl@venlo.nl", email_verified=True)
    target = f"/projecten/{world.project.id}"

    response = walk(client, "medewerker-3", start=f"/inloggen/organisatie?next={target}")

    assert response.headers["Location"] == target


def test_an_unknown_user_gets_no_account(world, client, installation):
    installation.set_user("vreemde", email="iemand@nergens.nl", email_verified=True)

    response = walk(client, "vreemde")

    assert response.status_code == 403
    assert "geen account in de RFZ-implementatietool" in response.get_data(as_text=True)
    assert _logged_in_as(client) is None
    assert _links() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User).where(User.email == "iemand@nergens.nl")) == 0
    [failed] = _events("login_failed")
    assert failed.details["reason"] == "onbekend account"


def test_an_unverified_email_does_not_link(world, client, installation):
    installation.set_user("niet-bevestigd", email="pl@venlo.nl", email_verified=False)

    response = walk(client, "niet-bevestigd")

    assert response.status_code == 403
    assert "niet bevestigd" in response.get_data(as_text=True)
    assert _logged_in_as(client) is None
    assert _links() == []


def test_an_email_without_email_verified_does_not_link(world, client, installation):
    installation.set_user("zonder-claim", email="pl@venlo.nl")

    assert walk(client, "zonder-claim").status_code == 403
    assert _links() == []


def test_a_blocked_account_is_refused_even_when_linked(world, client, installation):
    installation.set_user("medewerker-4", email="pl@venlo.nl", email_verified=True)
    walk(client, "medewerker-4")
    client.post("/uitloggen")
    db.session.get(User, world.projectleider.id).active = False
    db.session.commit()

    response = walk(client, "medewerker-4")

    assert response.status_code == 403
    assert "geblokkeerd" in response.get_data(as_text=True)
    assert _logged_in_as(client) is None


def test_a_wrong_state_is_refused(world, client, installation):
    installation.set_user("medewerker-5", email="pl@venlo.nl", email_verified=True)

    response = walk(client, "medewerker-5", tamper_callback=lambda url: _with_query(url, state="niet-de-onze"))

    assert response.status_code == 400
    assert _logged_in_as(client) is None
    assert _links() == []
    [failed] = _events("login_failed")
    assert "MismatchingState" in failed.details["reason"]


def test_a_callback_without_a_started_login_is_refused(world, client, installation):
    """A code and state made for another browser (login CSRF): this session never started a login."""
    installation.set_user("medewerker-6", email="pl@venlo.nl", email_verified=True)
    other_browser = client.application.test_client()
    started = other_browser.get("/inloggen/organisatie")
    answer = requests.post(started.headers["Location"], data={"sub": "medewerker-6"}, allow_redirects=False, timeout=10)
    parts = urlsplit(answer.headers["Location"])

    response = client.get(f"{parts.path}?{parts.query}")

    assert response.status_code == 400
    assert _logged_in_as(client) is None


def test_a_wrong_nonce_is_refused(world, client, installation):
    """The provider signs a token for another login's nonce (a replayed or injected token)."""
    installation.set_user("medewerker-7", email="pl@venlo.nl", email_verified=True)

    response = walk(client, "medewerker-7", tamper_authorize=lambda url: _with_query(url, nonce="een-andere-nonce"))

    assert response.status_code == 400
    assert _logged_in_as(client) is None
    assert _links() == []
    [failed] = _events("login_failed")
    assert "nonce" in failed.details["reason"]


def test_a_token_from_another_issuer_is_refused(world, client, installation, app):
    """The token endpoint answers as another issuer (here the same server under 127.0.0.1, so its ID token
    says iss=http://127.0.0.1:<port>): signed with the right key, but not by the issuer we trust."""
    installation.set_user("medewerker-8", email="pl@venlo.nl", email_verified=True)
    provider = services.installation_provider()
    metadata = oidc_client.client_for(provider).load_server_metadata()
    metadata["token_endpoint"] = metadata["token_endpoint"].replace("localhost", "127.0.0.1")

    response = walk(client, "medewerker-8")

    assert response.status_code == 400
    assert _logged_in_as(client) is None
    [failed] = _events("login_failed")
    assert "iss" in failed.details["reason"]


def test_a_discovery_document_naming_another_issuer_is_refused(world, client, installation, app, monkeypatch):
    monkeypatch.setitem(app.config, "RFZ_OIDC_ISSUER", installation.issuer + "/")  # not what the provider says

    response = client.get("/inloggen/organisatie")

    assert response.status_code == 502
    assert "niet bereikbaar" in response.get_data(as_text=True)
    assert _logged_in_as(client) is None


def test_an_expired_token_is_refused(world, client, app, expired_provider, monkeypatch):
    monkeypatch.setitem(app.config, "RFZ_OIDC_ALLOW_HTTP_LOOPBACK", True)
    monkeypatch.setitem(app.config, "RFZ_OIDC_ISSUER", expired_provider.issuer)
    monkeypatch.setitem(app.config, "RFZ_OIDC_CLIENT_ID", "rfz-tool")
    monkeypatch.setitem(app.config, "RFZ_OIDC_CLIENT_SECRET", "geheim")
    expired_provider.set_user("medewerker-9", email="pl@venlo.nl", email_verified=True)

    response = walk(client, "medewerker-9")

    assert response.status_code == 400
    assert _logged_in_as(client) is None
    [failed] = _events("login_failed")
    assert "xpired" in failed.details["reason"]


def test_http_is_refused_without_the_test_setting(world, client, installation, app, monkeypatch):
    monkeypatch.setitem(app.config, "RFZ_OIDC_ALLOW_HTTP_LOOPBACK", False)

    assert client.get("/inloggen/organisatie").status_code == 502


def test_logout_ends_the_local_session_and_the_providers(world, client, installation):
    installation.set_user("medewerker-10", email="pl@venlo.nl", email_verified=True)
    walk(client, "medewerker-10")
    epoch = db.session.get(User, world.projectleider.id).session_epoch

    response = client.post("/uitloggen")

    assert response.status_code == 200
    [href] = re.findall(r'href="([^"]+)">Ook uitloggen bij uw organisatie<', response.get_data(as_text=True))
    location = urlsplit(html.unescape(href))
    assert f"{location.scheme}://{location.netloc}" == installation.issuer
    assert location.path == "/oauth2/end_session"
    query = dict(parse_qsl(location.query))
    assert query["post_logout_redirect_uri"] == "http://localhost/inloggen"
    assert query["client_id"] == "rfz-tool"
    assert requests.get(html.unescape(href), timeout=10).status_code == 200  # the provider's own logout page
    assert _logged_in_as(client) is None
    db.session.expire_all()
    assert db.session.get(User, world.projectleider.id).session_epoch == epoch + 1


def test_a_password_logout_stays_local(world, client, installation, auth):
    auth.login("pl@venlo.nl")

    response = client.post("/uitloggen")

    assert response.headers["Location"] == "/inloggen"


def test_the_login_page_offers_the_installations_button(world, client, installation, app, monkeypatch):
    monkeypatch.setitem(app.config, "RFZ_OIDC_LABEL", "Inloggen met uw VNG-account")

    page = client.get("/inloggen?next=/projecten").get_data(as_text=True)

    assert re.search(r'href="/inloggen/organisatie\?next=/projecten"[^>]*>Inloggen met uw VNG-account<', page)


def test_without_a_provider_the_login_page_has_no_organisation_login(world, client):
    page = client.get("/inloggen").get_data(as_text=True)

    assert "organisatieaccount" not in page
    assert client.get("/inloggen/organisatie").status_code == 404


def test_cancelling_at_the_provider_logs_nobody_in(world, client, installation):
    started = client.get("/inloggen/organisatie")
    answer = requests.post(started.headers["Location"], data={"action": "deny"}, allow_redirects=False, timeout=10)
    parts = urlsplit(answer.headers["Location"])
    assert dict(parse_qsl(parts.query))["error"] == "access_denied"

    response = client.get(f"{parts.path}?{parts.query}")

    assert response.status_code == 400
    assert "afgebroken" in response.get_data(as_text=True)
    assert _logged_in_as(client) is None
