"""The page "E-mailberichten": the defaults, saving, CSRF, and the link from Mijn account."""

from __future__ import annotations

import re

import pytest

from rfz_project.extensions import db
from rfz_project.models import MailPreference
from rfz_project.reminders import services

from ..helpers import csrf_token_of, login_with_token

PAGE = "/account/e-mailberichten"


def _checked(html: str) -> set[str]:
    return set(re.findall(r'name="kinds" id="[^"]+" value="(\w+)"\s+checked', html))


def test_the_profile_page_links_to_the_preferences(client, logged_in_leider):
    html = client.get("/account").get_data(as_text=True)
    assert f'href="{PAGE}"' in html


def test_every_kind_is_on_until_the_user_chooses(client, logged_in_leider):
    response = client.get(PAGE)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _checked(html) == set(services.KINDS)
    assert "gaat de herinnering naar de contactpersoon van de sessie" in html  # the rule for the names
    assert db.session.get(MailPreference, logged_in_leider.projectleider.id) is None


def test_saving_stores_what_is_ticked_and_shows_it_again(client, logged_in_leider):
    response = client.post(PAGE, data={"kinds": ["sessie_reminders"], "version": ""})

    assert response.status_code == 302
    stored = services.preferences(logged_in_leider.projectleider)
    assert (stored.weekly_digest, stored.sessie_reminders, stored.support_notices) == (False, True, False)
    html = client.get(PAGE).get_data(as_text=True)
    assert _checked(html) == {"sessie_reminders"}
    assert "opgeslagen" in html

    client.post(PAGE, data={"kinds": [], "version": str(stored.version)})
    stored = services.preferences(logged_in_leider.projectleider)
    assert (stored.weekly_digest, stored.sessie_reminders, stored.support_notices) == (False, False, False)


def test_a_form_older_than_the_stored_choice_is_a_conflict_that_keeps_the_ticks(client, logged_in_leider):
    client.post(PAGE, data={"kinds": ["weekly_digest"], "version": ""})  # another tab saved first

    response = client.post(PAGE, data={"kinds": ["support_notices"], "version": ""})

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Er ging iets mis" in html
    assert _checked(html) == {"support_notices"}  # what the user ticked stays
    assert services.preferences(logged_in_leider.projectleider).support_notices is False


def test_the_page_needs_a_login(client, world):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


@pytest.fixture
def logged_in_csrf_client(csrf_client):
    client, world = csrf_client
    login_with_token(client)
    return client, world


def test_a_post_without_the_csrf_token_is_refused(logged_in_csrf_client):
    client, world = logged_in_csrf_client

    refused = client.post(PAGE, data={"kinds": [], "version": ""})

    assert refused.status_code == 400
    assert db.session.get(MailPreference, world.projectleider.id) is None
    token = csrf_token_of(client.get(PAGE).get_data(as_text=True))
    saved = client.post(PAGE, data={"kinds": [], "version": "", "csrf_token": token})
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(MailPreference, world.projectleider.id).weekly_digest is False
