"""An invitation taken up with the organisation account instead of a password (accounts/invites.py + oidc/)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from rfz_project.accounts import invites
from rfz_project.extensions import db
from rfz_project.models import SecurityEvent, User
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
    client.get("/uitloggen")
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
