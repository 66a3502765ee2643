"""Invitations by e-mail, end to end: the beheerder's and the projectleider's, the mail in the outbox (and
over a real SMTP server), the link's page, and every way a link stops working."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from itsdangerous.timed import TimestampSigner

from rfz_project.accounts import invites
from rfz_project.errors import NotAuthorized, NotFound, ValidationError
from rfz_project.extensions import db
from rfz_project.mail import worker
from rfz_project.models import Membership, MembershipRole, SecurityEvent, TeamMember, User

from .. import factories
from ..helpers import csrf_token_of, links_in_outbox, login_with_token, outbox
from ..mail.conftest import free_port, smtp_server

NEW_PASSWORD = "fietsen langs de maas in mei"
_LINK = re.compile(r"http://localhost(/welkom/\S+)")


def _account(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalars(sa.select(User).where(User.email == email)).one_or_none()


def _events(kind: str) -> list[SecurityEvent]:
    return list(db.session.scalars(sa.select(SecurityEvent).where(SecurityEvent.kind == kind)))


def _invite_as_leider(client, world, email="nieuw@venlo.nl", name="Nina Nieuw", role="teamlid"):
    return client.post(f"/gemeenten/{world.home.id}/mensen", data={"email": email, "name": name, "role": role})


def _accept(client, link, password=NEW_PASSWORD, repeated=None):
    return client.post(link, data={"new_password": password, "repeat_password": repeated or password})


# --- a projectleider invites for their gemeente ------------------------------------------------------


def test_the_team_page_leads_the_projectleider_to_the_invitation(client, world, auth):
    auth.login("pl@venlo.nl")
    page = client.get(f"/projecten/{world.project.id}/team").get_data(as_text=True)
    assert f'href="/gemeenten/{world.home.id}/mensen?project={world.project.id}"' in page
    people = client.get(f"/gemeenten/{world.home.id}/mensen?project={world.project.id}")
    assert people.status_code == 200
    text = people.get_data(as_text=True)
    assert "Iemand uitnodigen" in text and "Tom Lid" in text
    assert f'href="/projecten/{world.project.id}/team"' in text


def test_a_projectleider_invites_and_the_invited_person_chooses_a_password(client, world, auth):
    auth.login("pl@venlo.nl")
    response = _invite_as_leider(client, world)
    assert response.status_code == 302

    invited = _account("nieuw@venlo.nl")
    assert invited is not None and invited.invitation_pending and not invited.has_usable_password
    assert invited.invited_by_id == world.projectleider.id
    unusable = invited.password_hash
    membership = db.session.scalars(sa.select(Membership).where(Membership.user_id == invited.id)).one()
    assert (membership.gemeente_id, membership.role) == (world.home.id, MembershipRole.TEAMLID)

    [mail] = outbox()
    assert mail.recipient == "nieuw@venlo.nl"
    assert mail.subject == "Uitnodiging voor de RFZ-implementatietool"
    assert "Petra Leider nodigt u uit" in mail.body_text and "teamlid bij gemeente Venlo" in mail.body_text
    assert "zeven dagen" in mail.body_text and "één keer" in mail.body_text

    people = client.get(f"/gemeenten/{world.home.id}/mensen").get_data(as_text=True)
    assert "Nina Nieuw" in people and "Uitgenodigd op" in people
    # the invited person can be put in a team at once: they are among the gemeente's staff
    assert "Nina Nieuw" in client.get(f"/projecten/{world.project.id}/team").get_data(as_text=True)
    auth.logout()

    # nobody logs in with the account before the link is used
    assert auth.login("nieuw@venlo.nl", "").status_code in (400, 401)
    assert auth.login("nieuw@venlo.nl", unusable).status_code == 401

    [link] = links_in_outbox(_LINK)
    page = client.get(link)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Petra Leider" in text and "teamlid bij gemeente Venlo" in text and "nieuw@venlo.nl" in text

    accepted = _accept(client, link)
    assert accepted.status_code == 302 and accepted.headers["Location"] == "/start"
    assert client.get("/start").status_code == 200  # logged in
    auth.logout()
    assert auth.login("nieuw@venlo.nl", NEW_PASSWORD).status_code == 302
    assert not _account("nieuw@venlo.nl").invitation_pending
    assert [e.target for e in _events("invitation_sent")] == ["nieuw@venlo.nl"]
    assert [e.actor_email for e in _events("invitation_accepted")] == ["nieuw@venlo.nl"]


def test_a_used_link_no_longer_works(client, world, auth):
    auth.login("pl@venlo.nl")
    _invite_as_leider(client, world)
    auth.logout()
    [link] = links_in_outbox(_LINK)
    _accept(client, link)
    auth.logout()

    page = client.get(link)
    assert page.status_code == 404 and "Deze uitnodiging werkt niet meer" in page.get_data(as_text=True)
    assert _accept(client, link, "een heel ander nieuw wachtwoord").status_code == 404
    assert auth.login("nieuw@venlo.nl", "een heel ander nieuw wachtwoord").status_code == 401


def test_sending_again_gives_a_new_link_and_ends_the_old_one(client, world, auth):
    auth.login("pl@venlo.nl")
    _invite_as_leider(client, world)
    invited = _account("nieuw@venlo.nl")
    response = client.post(f"/gemeenten/{world.home.id}/mensen/{invited.id}/opnieuw-uitnodigen")
    assert response.status_code == 302
    auth.logout()

    old, new = links_in_outbox(_LINK)
    assert old != new
    assert client.get(old).status_code == 404
    assert _accept(client, old).status_code == 404
    assert client.get(new).status_code == 200
    assert [e.target for e in _events("invitation_resent")] == ["nieuw@venlo.nl"]


def test_a_withdrawn_invitation_deletes_the_account_and_its_link(client, world, auth):
    auth.login("pl@venlo.nl")
    _invite_as_leider(client, world)
    invited = _account("nieuw@venlo.nl")
    member = factories.team_member(world.project, name="Nina Nieuw")
    member.user_id = invited.id
    db.session.commit()
    member_id = member.id

    response = client.post(f"/gemeenten/{world.home.id}/mensen/{invited.id}/uitnodiging-intrekken")
    assert response.status_code == 302
    auth.logout()

    assert _account("nieuw@venlo.nl") is None
    [link] = links_in_outbox(_LINK)
    assert client.get(link).status_code == 404
    member = db.session.get(TeamMember, member_id)
    assert member.user_id is None and member.name == "Nina Nieuw"  # the team keeps the name
    assert [e.target for e in _events("invitation_withdrawn")] == ["nieuw@venlo.nl"]


def test_the_withdrawal_asks_for_confirmation_first(client, world, auth):
    auth.login("pl@venlo.nl")
    _invite_as_leider(client, world)
    page = client.get(f"/gemeenten/{world.home.id}/mensen").get_data(as_text=True)
    assert '<details class="rfz-confirm"><summary>Uitnodiging intrekken' in page
    assert "Weet u het zeker?" in page


@pytest.mark.parametrize(("seconds", "status"), [(7 * 86400 - 60, 200), (7 * 86400 + 1, 404)])
def test_the_link_works_for_seven_days(client, world, auth, monkeypatch, seconds, status):
    auth.login("pl@venlo.nl")
    _invite_as_leider(client, world)
    auth.logout()
    [link] = links_in_outbox(_LINK)
    made = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: made(self) + seconds)
    assert client.get(link).status_code == status


def test_a_forged_link_gets_the_same_page_as_an_expired_one(client, world, auth):
    auth.login("pl@venlo.nl")
    _invite_as_leider(client, world)
    auth.logout()
    [link] = links_in_outbox(_LINK)
    client.get("/inloggen")  # shows the flashed "U bent uitgelogd" once
    forged = client.get(link[:-3] + "abc")
    unknown = client.get("/welkom/eyJ1c2VyIjoxfQ.bogus.signature")
    assert forged.status_code == unknown.status_code == 404
    assert forged.get_data(as_text=True) == unknown.get_data(as_text=True)
    assert "Vraag wie u uitnodigde om een nieuwe uitnodiging" in unknown.get_data(as_text=True)


def test_a_token_for_an_account_with_a_password_is_refused(ctx, world, app):
    """A signed token for an existing account (no open invitation) is no way in."""
    with app.test_request_context():
        token = invites.make_token(world.teamlid)
    with pytest.raises(NotFound):
        invites.invitation_of_link(token)


def test_the_password_rules_hold_and_a_refusal_keeps_the_link(client, world, auth):
    auth.login("pl@venlo.nl")
    _invite_as_leider(client, world)
    auth.logout()
    [link] = links_in_outbox(_LINK)

    short = _accept(client, link, "kort")
    assert short.status_code == 400 and "minstens 12 tekens" in short.get_data(as_text=True)
    common = _accept(client, link, "wachtwoord123!")
    assert common.status_code == 400 and "komt te veel voor" in common.get_data(as_text=True)
    own_name = _accept(client, link, "nina nieuw 2026")
    assert own_name.status_code == 400 and "naam of e-mailadres" in own_name.get_data(as_text=True)
    mistyped = _accept(client, link, NEW_PASSWORD, "iets anders dan dat")
    assert mistyped.status_code == 400 and "niet gelijk" in mistyped.get_data(as_text=True)
    assert client.get(link).status_code == 200
    assert _account("nieuw@venlo.nl").invitation_pending


def test_a_projectleider_cannot_invite_for_another_gemeente(client, world, auth):
    auth.login("pl@venlo.nl")
    assert client.get(f"/gemeenten/{world.other.id}/mensen").status_code == 404
    assert _invite_as_leider(client, type("W", (), {"home": world.other})()).status_code == 404
    assert _account("nieuw@venlo.nl") is None and outbox() == []


@pytest.mark.parametrize("email", ["tl@venlo.nl", "lezer@venlo.nl", "pb@vng.nl"])
def test_only_a_projectleider_of_the_gemeente_invites(client, world, auth, email):
    auth.login(email)
    assert client.get(f"/gemeenten/{world.home.id}/mensen").status_code == 403
    assert _invite_as_leider(client, world).status_code == 403
    assert _account("nieuw@venlo.nl") is None


def test_a_projectleider_cannot_use_the_beheerders_invitation(client, world, auth, leider):
    auth.login("pl@venlo.nl")
    response = client.post(
        "/beheer/gebruikers/uitnodigen", data={"email": "baas@venlo.nl", "name": "Baas", "kind": "beheerder"}
    )
    assert response.status_code == 403
    with pytest.raises(NotAuthorized):
        invites.invite_by_beheerder(
            leider, email="baas@venlo.nl", name="Baas", kind="beheerder", gemeente_id=None, role=None, link_for=str
        )
    assert _account("baas@venlo.nl") is None


def test_a_projectleider_invites_only_with_a_gemeentes_roles(ctx, world, leider):
    with pytest.raises(ValidationError) as refused:
        invites.invite_for_gemeente(
            leider, world.home.id, email="baas@venlo.nl", name="Baas", role="beheerder", link_for=str
        )
    assert "role" in refused.value.errors
    assert _account("baas@venlo.nl") is None


def test_an_existing_member_of_the_gemeente_is_named(client, world, auth):
    auth.login("pl@venlo.nl")
    response = _invite_as_leider(client, world, email="TL@venlo.nl", name="Tom")
    assert response.status_code == 400
    assert "Tom Lid heeft al een account bij gemeente Venlo, als teamlid" in response.get_data(as_text=True)
    assert outbox() == []


def test_an_account_of_another_gemeente_is_not_revealed_to_a_projectleider(client, world, auth):
    auth.login("pl@venlo.nl")
    response = _invite_as_leider(client, world, email="pl@kampen.nl", name="Karin")
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vraag de beheerder" in text
    assert "Karin Kampen" not in text and "Kampen" not in text
    assert outbox() == []
    db.session.expire_all()
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(Membership).where(Membership.role.is_not(None))) == 4
    )
    assert [e.result for e in _events("invitation_sent")] == ["geweigerd"]


def test_a_projectleider_cannot_resend_or_withdraw_for_another_gemeente(client, world, auth):
    auth.login("pl@kampen.nl")
    client.post(f"/gemeenten/{world.other.id}/mensen", data={"email": "k@kampen.nl", "name": "K", "role": "lezer"})
    invited = _account("k@kampen.nl")
    auth.logout()
    auth.login("pl@venlo.nl")
    assert client.post(f"/gemeenten/{world.home.id}/mensen/{invited.id}/opnieuw-uitnodigen").status_code == 404
    assert client.post(f"/gemeenten/{world.home.id}/mensen/{invited.id}/uitnodiging-intrekken").status_code == 404
    assert client.post(f"/gemeenten/{world.other.id}/mensen/{invited.id}/uitnodiging-intrekken").status_code == 404
    assert _account("k@kampen.nl") is not None and len(outbox()) == 1


def test_an_accepted_invitation_cannot_be_withdrawn_or_sent_again(client, world, auth):
    auth.login("pl@venlo.nl")
    assert client.post(f"/gemeenten/{world.home.id}/mensen/{world.teamlid.id}/uitnodiging-intrekken").status_code == 404
    assert client.post(f"/gemeenten/{world.home.id}/mensen/{world.teamlid.id}/opnieuw-uitnodigen").status_code == 404
    assert _account("tl@venlo.nl") is not None


# --- the beheerder invites ----------------------------------------------------------------------------------


def test_the_beheerder_invites_a_procesbegeleider_from_the_admin_area(client, world, auth):
    auth.login("beheer@rfz.nl")
    assert 'href="/beheer/gebruikers/uitnodigen"' in client.get("/beheer/").get_data(as_text=True)
    response = client.post(
        "/beheer/gebruikers/uitnodigen",
        data={
            "email": "pb2@vng.nl",
            "name": "Pim Begeleider",
            "kind": "procesbegeleider",
            "gemeente_id": world.other.id,
        },
    )
    assert response.status_code == 302
    invited = _account("pb2@vng.nl")
    assert invited.is_procesbegeleider and invited.invitation_pending
    assert "Uitgenodigd, link tot" in client.get("/beheer/").get_data(as_text=True)
    user_page = client.get(f"/beheer/gebruikers/{invited.id}").get_data(as_text=True)
    assert "Opnieuw uitnodigen" in user_page and "Uitnodiging intrekken" in user_page
    auth.logout()

    [mail] = outbox()
    assert "Bert Beheer nodigt u uit" in mail.body_text
    assert "procesbegeleider van de VNG voor gemeente Kampen" in mail.body_text
    [link] = links_in_outbox(_LINK)
    assert _accept(client, link).status_code == 302
    assert client.get("/ondersteuning").status_code == 200  # logged in as the procesbegeleider


def test_the_beheerder_invites_a_gemeentes_medewerker_with_a_role(client, world, auth):
    auth.login("beheer@rfz.nl")
    data = {"email": "nieuw@kampen.nl", "name": "Nico", "kind": "gemeente", "gemeente_id": "", "role": ""}
    missing = client.post("/beheer/gebruikers/uitnodigen", data=data)
    assert missing.status_code == 400
    assert "Kies de gemeente waarvoor u uitnodigt." in missing.get_data(as_text=True)
    assert "Kies een rol bij de gemeente." in missing.get_data(as_text=True)
    assert 'value="nieuw@kampen.nl"' in missing.get_data(as_text=True)  # nothing typed is lost

    data.update(gemeente_id=world.other.id, role="projectleider")
    assert client.post("/beheer/gebruikers/uitnodigen", data=data).status_code == 302
    invited = _account("nieuw@kampen.nl")
    membership = db.session.scalars(sa.select(Membership).where(Membership.user_id == invited.id)).one()
    assert (membership.gemeente_id, membership.role) == (world.other.id, MembershipRole.PROJECTLEIDER)


def test_the_beheerder_is_sent_to_an_existing_account(client, world, auth):
    auth.login("beheer@rfz.nl")
    response = client.post(
        "/beheer/gebruikers/uitnodigen",
        data={
            "email": "pl@kampen.nl",
            "name": "Karin",
            "kind": "gemeente",
            "gemeente_id": world.home.id,
            "role": "lezer",
        },
    )
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Er is al een account met dit e-mailadres" in text
    assert f'href="/beheer/gebruikers/{world.other_projectleider.id}"' in text
    assert outbox() == []


def test_the_beheerder_resends_and_withdraws(client, world, auth):
    auth.login("beheer@rfz.nl")
    client.post("/beheer/gebruikers/uitnodigen", data={"email": "c@vng.nl", "name": "Cees", "kind": "coordinator"})
    invited = _account("c@vng.nl")
    assert client.post(f"/beheer/gebruikers/{invited.id}/uitnodiging/opnieuw").status_code == 302
    old, new = links_in_outbox(_LINK)
    assert client.post(f"/beheer/gebruikers/{invited.id}/uitnodiging/intrekken").status_code == 302
    assert _account("c@vng.nl") is None
    auth.logout()
    assert client.get(old).status_code == client.get(new).status_code == 404
    kinds = [e.kind for e in db.session.scalars(sa.select(SecurityEvent).order_by(SecurityEvent.id))]
    assert [kind for kind in kinds if kind.startswith("invitation")] == [
        "invitation_sent",
        "invitation_resent",
        "invitation_withdrawn",
    ]


def test_a_projectleider_leaves_what_the_beheerder_added_to_the_beheerder(ctx, world, leider, app):
    with app.test_request_context():
        invited = invites.invite_for_gemeente(
            leider, world.home.id, email="n@venlo.nl", name="Nina", role="lezer", link_for=str
        )
    db.session.add(Membership(user_id=invited.id, gemeente_id=world.other.id, role=MembershipRole.LEZER))
    db.session.commit()
    with pytest.raises(ValidationError, match="Vraag de beheerder"):
        invites.withdraw(factories.reload_user(world.projectleider.id), invited.id, world.home.id)
    assert _account("n@venlo.nl") is not None


# --- CSRF, and the mail over a real SMTP server -------------------------------------------------------------


def test_posts_without_a_csrf_token_are_refused(csrf_client):
    client, world = csrf_client
    login_with_token(client)

    refused = client.post(
        f"/gemeenten/{world.home.id}/mensen", data={"email": "x@venlo.nl", "name": "X", "role": "lezer"}
    )
    assert refused.status_code == 400
    assert _account("x@venlo.nl") is None

    page = client.get(f"/gemeenten/{world.home.id}/mensen").get_data(as_text=True)
    data = {"email": "x@venlo.nl", "name": "X", "role": "lezer", "csrf_token": csrf_token_of(page)}
    assert client.post(f"/gemeenten/{world.home.id}/mensen", data=data).status_code == 302
    invited = _account("x@venlo.nl")
    assert client.post(f"/gemeenten/{world.home.id}/mensen/{invited.id}/uitnodiging-intrekken").status_code == 400
    assert client.post(f"/gemeenten/{world.home.id}/mensen/{invited.id}/opnieuw-uitnodigen").status_code == 400
    client.post("/uitloggen", data={"csrf_token": csrf_token_of(page)})

    [link] = links_in_outbox(_LINK)
    refused = client.post(link, data={"new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD})
    assert refused.status_code == 400
    assert _account("x@venlo.nl").invitation_pending


def test_the_invitation_reaches_a_real_smtp_server_and_its_link_works(app, client, world, auth, monkeypatch):
    port = free_port()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 5)
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_SENDER", "RFZ-implementatietool <noreply@rfz.test>")
    with smtp_server(port) as inbox:
        auth.login("pl@venlo.nl")
        _invite_as_leider(client, world)
        auth.logout()
        assert worker.deliver_due(app).sent == 1
    [message] = inbox.messages
    assert inbox.recipients == [["nieuw@venlo.nl"]]
    assert message["Subject"] == "Uitnodiging voor de RFZ-implementatietool"
    text = message.get_payload(decode=True).decode()
    link = _LINK.search(text)[1]
    assert _accept(client, link).status_code == 302
    assert auth.logout().status_code == 302
    assert auth.login("nieuw@venlo.nl", NEW_PASSWORD).status_code == 302


def test_a_password_chosen_through_wachtwoord_vergeten_ends_the_invitation(client, world, auth):
    """The reset link proves the address as the invitation does; the invitation is then no longer open."""
    auth.login("pl@venlo.nl")
    _invite_as_leider(client, world)
    auth.logout()
    [invitation] = links_in_outbox(_LINK)
    client.post("/wachtwoord-vergeten", data={"email": "nieuw@venlo.nl"})
    reset_link = re.search(r"http://localhost(/wachtwoord-herstellen/\S+)", outbox()[-1].body_text)[1]
    assert (
        client.post(reset_link, data={"new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD}).status_code == 302
    )

    assert not _account("nieuw@venlo.nl").invitation_pending
    assert client.get(invitation).status_code == 404
    assert auth.login("nieuw@venlo.nl", NEW_PASSWORD).status_code == 302
    auth.logout()
    auth.login("pl@venlo.nl")
    invited = _account("nieuw@venlo.nl")
    assert client.post(f"/gemeenten/{world.home.id}/mensen/{invited.id}/opnieuw-uitnodigen").status_code == 404
    assert "Uitgenodigd op" not in client.get(f"/gemeenten/{world.home.id}/mensen").get_data(as_text=True)


def test_a_blocked_invited_account_cannot_use_its_link(client, world, auth):
    auth.login("pl@venlo.nl")
    _invite_as_leider(client, world)
    invited = _account("nieuw@venlo.nl")
    auth.logout()
    auth.login("beheer@rfz.nl")
    client.post(f"/beheer/gebruikers/{invited.id}/actief", data={})
    auth.logout()
    [link] = links_in_outbox(_LINK)
    assert client.get(link).status_code == 404
    assert _accept(client, link).status_code == 404


def test_the_beheerder_sees_every_problem_after_one_submit_with_an_existing_address(client, world, auth):
    auth.login("beheer@rfz.nl")
    data = {"email": "tl@venlo.nl", "name": "Tom", "kind": "gemeente", "gemeente_id": "", "role": ""}
    response = client.post("/beheer/gebruikers/uitnodigen", data=data)
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert (
        "Er is al een account met dit e-mailadres" in text and f'href="/beheer/gebruikers/{world.teamlid.id}"' in text
    )
    assert "Kies de gemeente waarvoor u uitnodigt." in text and "Kies een rol bij de gemeente." in text
