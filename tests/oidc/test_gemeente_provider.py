"""A gemeente's own provider, set by the beheerder: the settings page, the secret kept encrypted, the login
through it (only for the gemeente's own members), and passwords switched off for its members."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from rfz_project.extensions import db
from rfz_project.models import LinkedIdentity, Membership, MembershipRole, OidcProvider, OutboxMail, User
from rfz_project.oidc import services
from rfz_project.oidc.policy import passwords_off_for

from .. import factories
from .conftest import SECRET, _save, _stored, _switch_passwords, walk


def test_the_beheerder_sets_a_provider_and_the_secret_is_never_shown(
    world, client, auth, gemeente_provider, allow_loopback
):
    auth.login("beheer@rfz.nl")

    response = _save(client, world.home.id, gemeente_provider, label="Inloggen met uw Venlo-account")

    assert response.status_code == 302
    stored = _stored(world.home.id)
    assert (stored.issuer, stored.client_id, stored.label) == (gemeente_provider.issuer, "rfz-venlo", stored.label)
    assert SECRET not in stored.client_secret_encrypted
    assert services.provider_for(world.home.id).client_secret == SECRET
    page = client.get(f"/beheer/gemeenten/{world.home.id}/organisatielogin").get_data(as_text=True)
    assert SECRET not in page
    assert f"http://localhost/inloggen/organisatie/{world.home.id}/terug" in page
    assert 'name="client_secret"' in page and f'value="{SECRET}"' not in page


def test_an_empty_secret_keeps_the_stored_one(world, client, auth, venlo_provider):
    auth.login("beheer@rfz.nl")
    version = _stored(world.home.id).version

    response = _save(
        client, world.home.id, venlo_provider, client_secret="", label="Nieuwe tekst", version=str(version)
    )

    assert response.status_code == 302
    assert _stored(world.home.id).label == "Nieuwe tekst"
    assert services.provider_for(world.home.id).client_secret == SECRET


def test_an_address_that_is_no_provider_is_refused_next_to_the_field(world, client, auth, allow_loopback):
    from ..mail.conftest import free_port

    auth.login("beheer@rfz.nl")

    response = client.post(
        f"/beheer/gemeenten/{world.home.id}/organisatielogin",
        data={"issuer": f"http://127.0.0.1:{free_port()}", "client_id": "x", "client_secret": SECRET, "version": ""},
    )

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(r'id="issuer-fout".*geen OpenID-provider', page, re.S)
    assert 'value="x"' in page  # what was typed stays
    assert _stored(world.home.id) is None


def test_a_plain_http_provider_is_refused_outside_tests(world, client, auth, gemeente_provider):
    auth.login("beheer@rfz.nl")

    response = _save(client, world.home.id, gemeente_provider)

    assert response.status_code == 400
    assert "https://" in response.get_data(as_text=True)
    assert _stored(world.home.id) is None


def test_a_member_logs_in_through_the_gemeentes_provider(world, client, venlo_provider):
    venlo_provider.set_user("venlo-42", email="tl@venlo.nl", email_verified=True)

    response = walk(client, "venlo-42", start=f"/inloggen/organisatie/{world.home.id}")

    assert response.status_code == 302
    [link] = db.session.scalars(sa.select(LinkedIdentity)).all()
    assert (link.user_id, link.issuer) == (world.teamlid.id, venlo_provider.issuer)


@pytest.mark.parametrize("email", ["beheer@rfz.nl", "pb@vng.nl", "pl@kampen.nl"])
def test_a_gemeentes_provider_cannot_reach_other_accounts(world, client, venlo_provider, email):
    """Venlo's IT runs this provider and could make it claim any address: not a way into Kampen or the VNG."""
    venlo_provider.set_user("ingebroken", email=email, email_verified=True)

    response = walk(client, "ingebroken", start=f"/inloggen/organisatie/{world.home.id}")

    assert response.status_code == 403
    assert db.session.scalars(sa.select(LinkedIdentity)).all() == []


def test_the_login_page_lists_the_gemeenten_with_their_own_provider(world, client, venlo_provider):
    page = client.get("/inloggen").get_data(as_text=True)

    assert "Uw organisatie" in page
    assert f'href="/inloggen/organisatie/{world.home.id}"' in page
    assert "Inloggen met uw account van Venlo" in page


def test_many_gemeenten_are_offered_as_one_list(world, client, venlo_provider):
    for number in range(7):
        gemeente = factories.gemeente(f"Gemeente {number}")
        db.session.add(
            OidcProvider(
                gemeente_id=gemeente.id, issuer="https://x.example", client_id="c", client_secret_encrypted="-"
            )
        )
    db.session.commit()

    page = client.get("/inloggen").get_data(as_text=True)

    assert '<select class="utrecht-select utrecht-select--html-select" id="kies-gemeente" name="gemeente"' in page
    chosen = client.get(f"/inloggen/organisatie/kies?gemeente={world.home.id}")
    assert chosen.headers["Location"] == f"/inloggen/organisatie/{world.home.id}"


def test_login_choices_for_an_invitation_put_the_gemeentes_own_first(world, venlo_provider, installation):
    choices = services.login_choices_for(world.home.id)

    assert [choice.gemeente_id for choice in choices] == [world.home.id, None]
    assert [choice.gemeente_id for choice in services.login_choices_for(world.other.id)] == [None]


# --- passwords switched off -------------------------------------------------------------------------


def test_with_passwords_off_a_member_cannot_log_in_with_the_password(world, client, auth, venlo_provider):
    _switch_passwords(world, off=True)

    response = auth.login("pl@venlo.nl")

    assert response.status_code == 403
    assert "alleen inloggen met uw organisatieaccount" in response.get_data(as_text=True)
    assert client.get("/start").status_code == 302  # not logged in


def test_with_passwords_off_a_member_gets_no_reset_link(world, client, venlo_provider):
    _switch_passwords(world, off=True)

    response = client.post("/wachtwoord-vergeten", data={"email": "pl@venlo.nl"})

    assert response.status_code == 200  # the same answer as for any address
    assert db.session.scalars(sa.select(OutboxMail)).all() == []


def test_a_reset_link_sent_before_passwords_went_off_stops_working(world, client, venlo_provider, app):
    from rfz_project.accounts import reset

    token = reset.make_token(db.session.get(User, world.projectleider.id))
    _switch_passwords(world, off=True)

    assert client.get(f"/wachtwoord-herstellen/{token}").status_code == 404


def test_with_passwords_off_the_member_logs_in_through_the_provider(world, client, venlo_provider):
    _switch_passwords(world, off=True)
    venlo_provider.set_user("venlo-pl", email="pl@venlo.nl", email_verified=True)

    response = walk(client, "venlo-pl", start=f"/inloggen/organisatie/{world.home.id}")

    assert response.status_code == 302
    assert client.get("/start").status_code == 200


def test_the_beheerder_always_keeps_the_password(world, client, auth, venlo_provider):
    """No lock-out: with the provider down or wrongly set up, the beheerder still gets in and switches back."""
    membership = Membership(user_id=world.beheerder.id, gemeente_id=world.home.id, role=MembershipRole.PROJECTLEIDER)
    db.session.add(membership)
    db.session.commit()
    _switch_passwords(world, off=True)

    assert passwords_off_for(db.session.get(User, world.beheerder.id)) is False
    assert auth.login("beheer@rfz.nl").status_code == 302


def test_passwords_stay_on_for_other_gemeenten(world, client, auth, venlo_provider):
    _switch_passwords(world, off=True)

    assert auth.login("pl@kampen.nl").status_code == 302


def test_the_beheerder_switches_passwords_off_on_the_page(world, client, auth, venlo_provider):
    auth.login("beheer@rfz.nl")
    version = _stored(world.home.id).version

    response = _save(client, world.home.id, venlo_provider, client_secret="", passwords_off=True, version=str(version))

    assert response.status_code == 302
    assert _stored(world.home.id).passwords_off is True
    page = client.get(f"/beheer/gemeenten/{world.home.id}/organisatielogin").get_data(as_text=True)
    assert "0 van de 3 medewerkers" in page
    assert "Nog niet iedereen heeft gekoppeld" in page


def test_removing_the_provider_asks_first_and_turns_passwords_on_again(world, client, auth, venlo_provider):
    _switch_passwords(world, off=True)
    auth.login("beheer@rfz.nl")

    asked = client.get(f"/beheer/gemeenten/{world.home.id}/organisatielogin/verwijderen")
    assert asked.status_code == 200 and "Weet u zeker" in asked.get_data(as_text=True)
    assert _stored(world.home.id) is not None

    done = client.post(f"/beheer/gemeenten/{world.home.id}/organisatielogin/verwijderen")

    assert done.status_code == 302
    assert _stored(world.home.id) is None
    assert passwords_off_for(db.session.get(User, world.projectleider.id)) is False


def test_a_secret_under_another_secret_key_is_unreadable(world, client, venlo_provider, app, monkeypatch):
    monkeypatch.setitem(app.config, "SECRET_KEY", "een-nieuwe-sleutel")

    assert client.get(f"/inloggen/organisatie/{world.home.id}").status_code == 404
