"""Walks every URL rule of the app: tenancy and roles are enforced on all of them.

A new route must fall in one of the groups below, or this test fails until someone decides which.
"""

import pytest
import sqlalchemy as sa

from rfz_project.extensions import db
from rfz_project.projects import lifecycle

from .helpers import project_record_ids, url_for_rule

# sessions.feed is public on purpose (calendar apps cannot log in); its secret token is tested separately.
# The password reset pages are for who cannot log in; the link's signed token is tested in tests/mail.
PUBLIC = {
    "pages.index",
    "accounts.login",
    "accounts.forgot_password",
    "accounts.reset_password",
    "pages.accessibility",
    "pages.favicon",
    "static",
    "sessions.feed",
    # The links of an invitation and of an e-mail change, for who has the mail: their signed tokens are tested
    # in tests/accounts/test_invites.py and tests/accounts/test_email_change.py.
    "accounts.accept_invitation",
    "accounts.confirm_email",
    # A participant's "Ik kom" / "Ik kom niet" link of a sessie invitation: its signed token is tested in
    # tests/sessions/test_invitation_mail.py.
    "sessions.rsvp",
    # The organisation login (oidc/): the way to the provider and back is for who is not logged in yet.
    "oidc.start",
    "oidc.start_gemeente",
    "oidc.choose",
    "oidc.callback",
    "oidc.callback_gemeente",
}
# Beheer pages that live in their own area (the organisation login of a gemeente): like "admin.".
BEHEERDER_ONLY = {"oidc.provider", "oidc.remove_provider"}
LOGGED_IN_NOT_PROJECT = {
    "pages.home",
    "accounts.logout",
    "accounts.profile",
    "accounts.contact",
    "accounts.logout_everywhere",
    "accounts.email_change_request",
    "accounts.email_change_cancel",
    # One's own organisation accounts (oidc/own.py loads only the actor's own identities).
    "oidc.link",
    "oidc.link_continue",
    "oidc.link_go",
    "oidc.unlink",
    # A projectleider's people of their gemeente (invitations); accounts/invites.py checks the gemeente.
    "accounts.gemeente_people",
    "accounts.resend_invitation",
    "accounts.withdraw_invitation",
    "projects.new",
    "projects.new_details",
    "archive.import_project",
    "support.queue",
    "reminders.preferences",  # one's own mail preferences
}
# The initiatives' catalogue (/initiatieven/...) is the one deliberate exception to tenant isolation: it holds
# what gemeenten share with each other. initiatives/visibility.py decides what each user sees there, and
# tests/initiatives/test_views.py walks these routes to prove that an initiative that waits, was rejected or
# was withdrawn is not found by other gemeenten. Publishing one (/projecten/<id>/...) is project-scoped.
CROSS_GEMEENTE = {
    "initiatives.index",
    "initiatives.show",
    "initiatives.adopt",
    "initiatives.approve",
    "initiatives.reject",
    "initiatives.withdraw",
    "initiatives.queue",
}
# The VNG's oversight pages (/vng/...): for procesbegeleiders and coördinatoren only; everyone else gets 404.
VNG_ONLY_PREFIX = "oversight."


def _rules(app):
    return [r for r in app.url_map.iter_rules()]


@pytest.fixture
def venlo_ids(world):
    """Ids of records that belong to the Venlo project, to put in every URL."""
    return project_record_ids(world)


def _url(app, rule, values):
    return url_for_rule(app, rule, values)


def _snapshot():
    """Every row of every table, to prove a refused request changed nothing."""
    return {
        table.name: sorted(map(tuple, db.session.execute(sa.select(table)).all()), key=repr)
        for table in db.metadata.sorted_tables
        if table.name not in ("login_attempt", "security_event")  # the log records refusals too
    }


def _methods(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def test_every_rule_is_classified(app):
    for rule in _rules(app):
        assert (
            "project_id" in rule.arguments
            or rule.endpoint.startswith(("admin.", VNG_ONLY_PREFIX))
            or rule.endpoint in PUBLIC | LOGGED_IN_NOT_PROJECT | CROSS_GEMEENTE | BEHEERDER_ONLY
        ), f"unclassified route {rule.rule}"


def test_user_of_another_gemeente_gets_404_on_every_project_route(app, world, venlo_ids, client, auth):
    auth.login("pl@kampen.nl")
    before = _snapshot()
    checked = 0
    for rule in _rules(app):
        if "project_id" not in rule.arguments:
            continue
        url = _url(app, rule, venlo_ids)
        for method in _methods(rule):
            response = client.open(url, method=method, data={"name": "gekaapt", "title": "gekaapt"})
            assert response.status_code == 404, f"{method} {url} gave {response.status_code}"
            assert "Venlo project" not in response.get_data(as_text=True)
            checked += 1
    assert checked >= 15
    db.session.expire_all()
    assert _snapshot() == before


@pytest.mark.parametrize("email", ["lezer@venlo.nl", "coord@vng.nl"])
def test_lezer_and_coordinator_can_read_but_not_change_anything(app, world, venlo_ids, client, auth, email):
    """The VNG-coördinator reads every gemeente's projects as a lezer reads their own, and changes nothing."""
    auth.login(email)
    before = _snapshot()
    for rule in _rules(app):
        if "project_id" not in rule.arguments:
            continue
        url = _url(app, rule, venlo_ids)
        for method in _methods(rule):
            response = client.open(
                url,
                method=method,
                data={"name": "gewijzigd", "title": "gewijzigd", "status": "afgerond", "version": "1"},
            )
            allowed = {200, 403} if method == "GET" else {403}
            assert response.status_code in allowed, f"{method} {url} gave {response.status_code}"
    db.session.expire_all()
    assert _snapshot() == before


# What a projectleider still does with a closed project itself, and the gemeente's house style (not the project's).
OPEN_WHEN_CLOSED = {"projects.reopen_project", "projects.delete_project", "documents.upload", "documents.revert"}


def test_a_closed_project_refuses_every_change_and_changes_nothing(app, world, venlo_ids, client, auth):
    """The projectleider may do everything, so the closing is the only reason for every refusal."""
    lifecycle.close(world.actor(world.projectleider), world.project.id, "Overgedragen aan de lijn")
    auth.login("pl@venlo.nl")
    before = _snapshot()
    checked = 0
    for rule in _rules(app):
        if "project_id" not in rule.arguments or "POST" not in rule.methods or rule.endpoint in OPEN_WHEN_CLOSED:
            continue
        url = _url(app, rule, venlo_ids)
        response = client.post(url, data={"name": "gewijzigd", "title": "gewijzigd", "reason": "x", "version": "1"})
        assert response.status_code == 403, f"POST {url} gave {response.status_code}"
        assert "Project afgesloten" in response.get_data(as_text=True), url
        checked += 1
    assert checked >= 40
    db.session.expire_all()
    assert _snapshot() == before


def test_every_page_of_a_closed_project_says_it_is_closed(app, world, venlo_ids, client, auth):
    lifecycle.close(world.actor(world.projectleider), world.project.id, "Overgedragen aan de lijn")
    auth.login("pl@venlo.nl")
    pages = 0
    for rule in _rules(app):
        if "project_id" not in rule.arguments or "GET" not in rule.methods:
            continue
        url = _url(app, rule, venlo_ids)
        response = client.get(url)
        assert response.status_code in (200, 403), f"GET {url} gave {response.status_code}"
        if response.mimetype == "text/html" and response.status_code == 200:
            assert "Dit project is afgesloten" in response.get_data(as_text=True), url
            pages += 1
        elif response.status_code == 403:  # a form that only opens to change something
            assert "Project afgesloten" in response.get_data(as_text=True), url
    assert pages >= 20


def test_project_pages_are_readable_for_the_lezer(world, client, auth):
    auth.login("lezer@venlo.nl")
    page = client.get(f"/projecten/{world.project.id}/stappen/voorbereiding.reikwijdte")
    assert page.status_code == 200 and "Stap opslaan" not in page.get_data(as_text=True)


@pytest.mark.parametrize("email", ["pl@venlo.nl", "lezer@venlo.nl", "pl@kampen.nl", "beheer@rfz.nl"])
def test_vng_pages_do_not_exist_for_anyone_but_the_vng(app, world, venlo_ids, client, auth, email):
    """A gemeente's own people (and the beheerder) get 404 on every oversight route, and change nothing."""
    auth.login(email)
    before = _snapshot()
    checked = 0
    for rule in _rules(app):
        if not rule.endpoint.startswith(VNG_ONLY_PREFIX):
            continue
        url = _url(app, rule, venlo_ids)
        for method in _methods(rule):
            response = client.open(url, method=method, data={"text": "gekaapt", "version": "1"})
            assert response.status_code == 404, f"{email}: {method} {url} gave {response.status_code}"
            assert "Belafspraak" not in response.get_data(as_text=True)
            checked += 1
    assert checked >= 6
    db.session.expire_all()
    assert _snapshot() == before


@pytest.mark.parametrize("email", ["pl@venlo.nl", "tl@venlo.nl", "pb@vng.nl"])
def test_admin_routes_are_for_the_beheerder_only(app, world, venlo_ids, client, auth, email):
    auth.login(email)
    for rule in _rules(app):
        if rule.endpoint.startswith("admin.") or rule.endpoint in BEHEERDER_ONLY:
            url = _url(app, rule, venlo_ids)
            for method in _methods(rule):
                assert client.open(url, method=method).status_code == 403, f"{method} {url}"


def test_anonymous_visitors_are_sent_to_the_login_page(app, world, venlo_ids, client):
    for rule in _rules(app):
        if rule.endpoint in PUBLIC:
            continue
        url = _url(app, rule, venlo_ids)
        for method in _methods(rule):
            response = client.open(url, method=method)
            assert response.status_code == 302, f"{method} {url}"
            assert response.headers["Location"].startswith("/inloggen"), url


def test_calendar_feed_needs_a_valid_token(world, client):
    assert client.get("/agenda/geen-echte-token.ics").status_code == 404
