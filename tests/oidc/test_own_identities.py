"""Linking and unlinking one's own organisation account on "Mijn account" (oidc/own.py), with a real provider."""

from __future__ import annotations

from urllib.parse import urlsplit

import requests
import sqlalchemy as sa

from rfz_project.extensions import db
from rfz_project.models import LinkedIdentity, SecurityEvent, User
from rfz_project.oidc import own, services
from rfz_project.oidc import views as oidc_views

from ..factories import PASSWORD
from .conftest import _switch_passwords, walk

LINK = "/account/organisatieaccount/koppelen"


def _link(client, sub: str, provider: str = "installatie", password: str = PASSWORD):
    """The account page's form, the provider's form (choosing `sub`), and back: our callback's response."""
    confirmed = client.post(LINK, data={"provider": provider, "password": password})
    assert confirmed.headers["Location"] == f"{LINK}/verder", confirmed.get_data(as_text=True)
    assert f'href="{LINK}/naar-organisatie"' in client.get(f"{LINK}/verder").get_data(as_text=True)
    started = client.get(f"{LINK}/naar-organisatie")
    assert started.status_code == 302 and started.headers["Location"].startswith("http://localhost:")
    answer = requests.post(started.headers["Location"], data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    callback = urlsplit(answer.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")


def _identities(user_id: int) -> list[LinkedIdentity]:
    return list(db.session.scalars(sa.select(LinkedIdentity).where(LinkedIdentity.user_id == user_id)))


def test_a_logged_in_user_links_an_identity_without_a_verified_address(world, client, auth, installation):
    """Entra ID sends no email_verified: the current password proves the account, the provider the person."""
    installation.set_user("entra-pl", email="p.leider@venlo.onmicrosoft.com")
    auth.login("pl@venlo.nl")
    page = client.get("/account").get_data(as_text=True)
    assert "Organisatieaccount koppelen" in page and 'autocomplete="current-password"' in page

    done = _link(client, "entra-pl")

    assert done.headers["Location"] == "/account#kop-organisatieaccount"
    shown = client.get("/account").get_data(as_text=True)
    assert "Uw organisatieaccount is gekoppeld" in shown and "‘Inloggen met uw organisatieaccount’" in shown
    [identity] = _identities(world.projectleider.id)
    assert identity.subject == "entra-pl"
    [event] = db.session.scalars(
        sa.select(SecurityEvent).where(SecurityEvent.kind == "oidc_linked", SecurityEvent.result == "gelukt")
    )
    assert event.details["how"] == "Mijn account"
    client.post("/uitloggen")
    assert walk(client, "entra-pl").headers["Location"] == "/start"  # the login page's button works now


def test_a_wrong_password_starts_nothing_and_says_so_next_to_the_field(world, client, auth, installation):
    auth.login("pl@venlo.nl")
    response = client.post(LINK, data={"provider": "installatie", "password": "niet-mijn-wachtwoord"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Dit is niet uw huidige wachtwoord." in page
    assert 'id="password-fout"' in page
    assert not _identities(world.projectleider.id)
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(SecurityEvent).where(SecurityEvent.result == "geweigerd")
    )


def test_the_way_to_the_provider_is_open_once_and_only_shortly_after_the_password(
    world, client, auth, installation, monkeypatch
):
    auth.login("pl@venlo.nl")
    assert client.get(f"{LINK}/naar-organisatie").headers["Location"] == "/account#kop-organisatieaccount"
    client.post(LINK, data={"provider": "installatie", "password": PASSWORD})
    assert client.get(f"{LINK}/naar-organisatie").status_code == 302
    again = client.get(f"{LINK}/naar-organisatie")
    assert again.headers["Location"] == "/account#kop-organisatieaccount"  # once per password
    client.post(LINK, data={"provider": "installatie", "password": PASSWORD})
    monkeypatch.setattr(oidc_views, "LINK_CONFIRMED_FOR", -1)  # as if the page waited too long
    late = client.get(f"{LINK}/verder")
    assert late.headers["Location"] == "/account#kop-organisatieaccount"
    assert "Vul uw wachtwoord opnieuw in" in client.get("/account").get_data(as_text=True)


def test_an_identity_of_another_account_is_not_linked_again(world, client, auth, installation):
    installation.set_user("gedeeld", email="tl@venlo.nl", email_verified=True)
    walk(client, "gedeeld")  # the teamlid's first login links it to the teamlid
    client.post("/uitloggen")
    auth.login("pl@venlo.nl")

    _link(client, "gedeeld")

    assert "al gekoppeld aan een ander account" in client.get("/account").get_data(as_text=True)
    assert not _identities(world.projectleider.id)
    assert [i.subject for i in _identities(world.teamlid.id)] == ["gedeeld"]


def test_linking_again_is_refused_with_a_reason(world, client, auth, installation):
    installation.set_user("entra-pl", email="p.leider@venlo.onmicrosoft.com")
    auth.login("pl@venlo.nl")
    _link(client, "entra-pl")
    client.get("/account")  # the flashed message of the first link
    assert "Organisatieaccount koppelen" not in client.get("/account").get_data(as_text=True)  # nothing left to link
    # A second tab that still showed the form:
    again = client.post(LINK, data={"provider": "installatie", "password": PASSWORD})
    assert again.status_code == 400 and "al gekoppeld aan een organisatieaccount bij deze organisatie" in (
        again.get_data(as_text=True)
    )
    # Two tabs that both went to the provider: the second comes back to an identity that is there already.
    provider = services.provider_for(None)
    claims = {"iss": provider.issuer, "sub": "entra-pl"}
    assert own.link_own_identity(db.session.get(User, world.projectleider.id), provider, claims) is False
    assert len(_identities(world.projectleider.id)) == 1


def test_a_gemeentes_provider_is_offered_only_to_its_own_members(world, client, auth, venlo_provider):
    auth.login("pl@kampen.nl")
    assert "Organisatieaccount koppelen" not in client.get("/account").get_data(as_text=True)
    forged = client.post(LINK, data={"provider": f"gemeente-{world.home.id}", "password": PASSWORD})
    assert forged.status_code == 400 and "kunt u uw account hier niet koppelen" in forged.get_data(as_text=True)
    auth.logout()
    auth.login("coord@vng.nl")  # nor to a coördinator, who is no member of a gemeente
    assert "Organisatieaccount" not in client.get("/account").get_data(as_text=True)
    auth.logout()
    auth.login("tl@venlo.nl")
    assert f'value="gemeente-{world.home.id}"' in client.get("/account").get_data(as_text=True)


def test_unlinking_asks_first_and_then_the_button_no_longer_logs_in(world, client, auth, installation):
    installation.set_user("entra-pl", email="p.leider@venlo.onmicrosoft.com")
    auth.login("pl@venlo.nl")
    _link(client, "entra-pl")
    [identity] = _identities(world.projectleider.id)
    url = f"/account/organisatieaccount/{identity.id}/ontkoppelen"
    assert "Weet u zeker" in client.get(url).get_data(as_text=True)
    assert _identities(world.projectleider.id)

    assert client.post(url).headers["Location"] == "/account#kop-organisatieaccount"

    assert not _identities(world.projectleider.id)
    assert db.session.scalar(sa.select(SecurityEvent).where(SecurityEvent.kind == "oidc_unlinked")) is not None
    client.post("/uitloggen")
    assert "niet bevestigd" in walk(client, "entra-pl").get_data(as_text=True)  # unknown again, and unverified


def test_another_accounts_identity_cannot_be_unlinked(world, client, auth, installation):
    installation.set_user("van-tom", email="tl@venlo.nl", email_verified=True)
    walk(client, "van-tom")
    client.post("/uitloggen")
    [identity] = _identities(world.teamlid.id)
    auth.login("pl@venlo.nl")
    url = f"/account/organisatieaccount/{identity.id}/ontkoppelen"
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    assert _identities(world.teamlid.id)


def test_the_only_way_in_is_not_unlinked(world, client, auth, venlo_provider):
    venlo_provider.set_user("tom", email="tl@venlo.nl", email_verified=True)
    _switch_passwords(world, off=True)  # Venlo's members log in only through Venlo's provider
    walk(client, "tom", start=f"/inloggen/organisatie/{world.home.id}")
    [identity] = _identities(world.teamlid.id)
    page = client.get("/account").get_data(as_text=True)
    assert "daarom kunt u het hier niet ontkoppelen" in page and 'ontkoppelen"' not in page

    client.post(f"/account/organisatieaccount/{identity.id}/ontkoppelen")

    assert "U logt alleen met dit organisatieaccount in" in client.get("/account").get_data(as_text=True)
    assert _identities(world.teamlid.id)
    assert db.session.get(User, world.teamlid.id).active


# --- the beheerder ----------------------------------------------------------------------------------


def test_the_beheerder_sees_and_unlinks_an_accounts_identity(world, client, auth, installation):
    installation.set_user("van-tom", email="tl@venlo.nl", email_verified=True)
    walk(client, "van-tom")
    client.post("/uitloggen")
    [identity] = _identities(world.teamlid.id)
    auth.login("beheer@rfz.nl")
    page = client.get(f"/beheer/gebruikers/{world.teamlid.id}").get_data(as_text=True)
    assert "‘Inloggen met uw organisatieaccount’, als van-tom" in page

    url = f"/beheer/gebruikers/{world.teamlid.id}/organisatieaccounts/{identity.id}/ontkoppelen"
    assert (
        client.post(
            f"/beheer/gebruikers/{world.projectleider.id}/organisatieaccounts/{identity.id}/ontkoppelen"
        ).status_code
        == 404
    )
    assert client.post(url).headers["Location"] == f"/beheer/gebruikers/{world.teamlid.id}"

    assert not _identities(world.teamlid.id)
    event = db.session.scalar(sa.select(SecurityEvent).where(SecurityEvent.kind == "oidc_unlinked"))
    assert (event.actor_email, event.target) == ("beheer@rfz.nl", "tl@venlo.nl")


def test_only_the_beheerder_unlinks_someone_elses_identity(world, client, auth, installation):
    installation.set_user("van-tom", email="tl@venlo.nl", email_verified=True)
    walk(client, "van-tom")
    client.post("/uitloggen")
    [identity] = _identities(world.teamlid.id)
    auth.login("pl@venlo.nl")
    url = f"/beheer/gebruikers/{world.teamlid.id}/organisatieaccounts/{identity.id}/ontkoppelen"
    assert client.post(url).status_code in (403, 404)
    assert _identities(world.teamlid.id)
