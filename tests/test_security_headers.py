"""Security headers on every response: pages, redirects, errors and downloads, on every URL rule of the app."""

from __future__ import annotations

import pytest

from rfz_project.security_headers import CONTENT_SECURITY_POLICY
from rfz_project.sessions import services as sessions_services

from .helpers import project_record_ids, url_for_rule

EXPECTED = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
HSTS = "max-age=31536000; includeSubDomains"


def _methods(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def _assert_security_headers(response, where: str) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, f"{where}: {name} is {response.headers.get(name)!r}"
    policy = response.headers.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy, f"{where}: Permissions-Policy {policy!r} lacks {feature}"


def test_policy_forbids_inline_script_and_framing():
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


def test_every_route_of_a_logged_in_projectleider_sends_the_headers_and_no_store(app, logged_in_leider, client):
    """GET every rule first, then POST every rule (empty forms; deletions are fine), logging out last."""
    values = project_record_ids(logged_in_leider)
    ending = ("accounts.logout_everywhere", "accounts.logout")  # each ends the session: posted last
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint not in ending]
    requests = [(m, r) for m in ("GET", "POST") for r in rules if m in _methods(r)]
    requests += [("POST", rule) for rule in app.url_map.iter_rules() if rule.endpoint in ending]
    statuses: dict[int, int] = {}
    downloads = []
    for method, rule in requests:
        url = url_for_rule(app, rule, values)
        response = client.open(url, method=method)
        where = f"{method} {url} ({response.status_code})"
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        _assert_security_headers(response, where)
        assert "Strict-Transport-Security" not in response.headers, f"{where}: HSTS over plain http"
        if rule.endpoint == "static":
            assert "no-store" not in response.headers.get("Cache-Control", ""), where
        else:
            assert response.headers.get("Cache-Control") == "no-store", where
        if "attachment" in response.headers.get("Content-Disposition", ""):
            downloads.append(rule.endpoint)
    # The walk really saw pages, redirects, refusals, errors and every kind of download.
    assert statuses.get(200, 0) >= 30 and statuses.get(302) and statuses.get(404), statuses
    assert {
        "actions.export_csv",
        "actions.export_xlsx",
        "archive.export",
        "documents.download",
        "documents.download_all",
        "sessions.sessie_ics",
    } <= set(downloads), downloads


def test_anonymous_pages_and_the_404_page_send_the_headers(client, app):
    for url in ("/", "/inloggen", "/toegankelijkheid", "/start", "/bestaat-niet", "/agenda/geen-echte-token.ics"):
        response = client.get(url)
        _assert_security_headers(response, url)
        assert response.headers["Cache-Control"] == "no-store", url


def test_the_500_page_sends_the_headers(app, client, monkeypatch):
    def broken():
        raise RuntimeError("kapot")

    monkeypatch.setitem(app.view_functions, "pages.accessibility", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get("/toegankelijkheid")
    assert response.status_code == 500
    _assert_security_headers(response, "500")
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", ["/inloggen", "/start", "/static/rfz.css"])
def test_hsts_only_over_https(client, app, url):
    assert client.get(url, base_url="https://localhost").headers["Strict-Transport-Security"] == HSTS
    assert "Strict-Transport-Security" not in client.get(url, base_url="http://localhost").headers


def test_hsts_on_logged_in_pages_over_https(app, logged_in_leider, client):
    response = client.get(f"/projecten/{logged_in_leider.project.id}", base_url="https://localhost")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == HSTS


@pytest.mark.parametrize("path", ["rfz.css", "vendor/utrecht-components.css"])
def test_static_files_stay_cacheable(client, app, path):
    response = client.get(f"/static/{path}")
    assert response.status_code == 200
    _assert_security_headers(response, path)
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert response.headers.get("ETag")  # revalidated, so a browser may keep it
    assert client.get(f"/static/{path}", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_a_cache_control_the_view_chose_is_kept(app, world, leider, client):
    """The calendar feed is polled by calendar apps and sets its own short private cache; the hook keeps it."""
    token = sessions_services.create_feed(leider, world.project.id)
    response = client.get(f"/agenda/{token}.ics")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, max-age=300"
    _assert_security_headers(response, "feed")
