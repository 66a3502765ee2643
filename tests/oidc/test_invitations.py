"""An invitation taken up with the organisation account instead of a password (accounts/invites.py + oidc/)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from rfz_project.accounts import invites
from rfz_project.extensions import db
from rfz_project.models import LinkedIdentity, SecurityEvent, User
from rfz_project.models.base import utcnow

from .conftest import _switch_passwords, walk


def _invited(world, days_ago: float = 1) -> User:
    """The Venlo teamlid as an account that was invited and has not used its link yet."""
    user = db.session.get(User, world.teamlid.id)
    user.set_unusable_password()
    user.invited_at = utcnow() - timedelta(days=days_ago)
    user.invited_by_id = world.projectleider.id
    db.session.commit()
    return user


def _logged_in(client) -> bool:
    with client.session_transaction() as session:
        return "_user_id" in session


def test_an_invited_account_is_taken_up_by_its_first_organisation_login(world, client, installation):
    user = _invited(world)
    token = invites.make_token(user)
    installation.set_user("tl-venlo", email=user.email, email_verified=True)

    assert walk(client, "tl-venlo").headers["Location"] == "/start" and _logged_in(client)

    db.session.expire_all()
    taken = db.session.get(User, user.id)
    assert taken.invited_at is None and not taken.invitation_pending
    [event] = db.session.scalars(sa.select(SecurityEvent).where(SecurityEvent.kind == "invitation_accepted"))
    assert event.details["how"] == "organisatieaccount"
    client.post("/uitloggen")
    assert client.get(f"/welkom/{token}").status_code == 404  # the link is used up


def test_an_expired_invitation_is_not_taken_up_by_the_organisation_login_either(world, client, installation):
    user = _invited(world, days_ago=8)
    installation.set_user("tl-venlo", email=user.email, email_verified=True)

    page = walk(client, "tl-venlo").get_data(as_text=True)

    assert not _logged_in(client) and "Uw uitnodiging voor de RFZ-implementatietool is verlopen" in page
    db.session.expire_all()
    assert db.session.get(User, user.id).invitation_pending


def test_the_accept_page_offers_the_organisation_login_beside_the_password(world, client, installation):
    token = invites.make_token(_invited(world))
    page = client.get(f"/welkom/{token}").get_data(as_text=True)
    assert "Inloggen met uw organisatieaccount" in page and "Of kies een wachtwoord" in page
    assert 'name="new_password"' in page


def test_with_passwords_off_the_accept_page_offers_only_the_gemeentes_own_login(world, client, venlo_provider):
    _switch_passwords(world, off=True)
    user = _invited(world)
    token = invites.make_token(user)

    page = client.get(f"/welkom/{token}").get_data(as_text=True)
    assert f"/inloggen/organisatie/{world.home.id}" in page and 'name="new_password"' not in page

    posted = client.post(
        f"/welkom/{token}",
        data={"new_password": "een lang en goed wachtwoord 42", "repeat_password": "een lang en goed wachtwoord 42"},
    )
    assert posted.status_code == 400 and not _logged_in(client)
    db.session.expire_all()
    assert db.session.get(User, user.id).invitation_pending


def _start_on_the_accept_page(client, token: str) -> str:
    """The address of the organisation button on the invitation's accept page."""
    page = client.get(f"/welkom/{token}").get_data(as_text=True)
    start = page.split('href="/inloggen/organisatie', 1)[1].split('"', 1)[0]
    return "/inloggen/organisatie" + start.replace("&amp;", "&")


def test_from_the_accept_page_an_identity_without_a_verified_address_takes_the_invitation_up(
    world, client, installation
):
    """As Entra ID answers: an address, but no email_verified. The link proves the address."""
    user = _invited(world)
    token = invites.make_token(user)
    installation.set_user("entra-tl", email="tom.lid@venlo.onmicrosoft.com")
    start = _start_on_the_accept_page(client, token)
    assert f"uitnodiging={token}" in start, start

    assert walk(client, "entra-tl", start=start).headers["Location"] == "/start" and _logged_in(client)

    db.session.expire_all()
    assert not db.session.get(User, user.id).invitation_pending
    [identity] = db.session.scalars(sa.select(LinkedIdentity))
    assert (identity.user_id, identity.subject) == (user.id, "entra-tl")
    client.post("/uitloggen")
    assert walk(client, "entra-tl").headers["Location"] == "/start"  # from now on by sub, from the login page


def test_a_used_or_forged_invitation_link_does_not_link_an_unverified_identity(world, client, installation):
    user = _invited(world)
    token = invites.make_token(user)
    installation.set_user("entra-tl", email="tom.lid@venlo.onmicrosoft.com")
    start = _start_on_the_accept_page(client, token)
    for forged in (start.replace(token, token[:-2] + "xx"), start.replace(f"uitnodiging={token}", "uitnodiging=")):
        page = walk(client, "entra-tl", start=forged).get_data(as_text=True)
        assert not _logged_in(client) and "niet bevestigd" in page
    invites.accept(token, "een lang en goed wachtwoord 42", "een lang en goed wachtwoord 42")  # used meanwhile
    page = walk(client, "entra-tl", start=start).get_data(as_text=True)
    assert not _logged_in(client) and "niet bevestigd" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LinkedIdentity)) == 0


def test_an_invitation_does_not_open_an_account_the_gemeentes_provider_may_not_reach(
    world, client, gemeente_provider, venlo_provider
):
    """A Kampen account's invitation, with Venlo's own provider: refused as at the login page."""
    user = db.session.get(User, world.other_projectleider.id)
    user.set_unusable_password()
    user.invited_at = utcnow()
    db.session.commit()
    gemeente_provider.set_user("venlo-iemand", email="iemand@venlo.nl")
    start = f"/inloggen/organisatie/{world.home.id}?uitnodiging={invites.make_token(user)}"

    page = walk(client, "venlo-iemand", start=start).get_data(as_text=True)

    assert not _logged_in(client) and "Met het organisatieaccount van deze gemeente kunt u niet" in page
    db.session.expire_all()
    assert db.session.get(User, user.id).invitation_pending
