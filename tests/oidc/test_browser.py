"""The organisation login in a real Chromium against the real provider: the button, the provider's form, the
way back, the refusal page and the logout page, each checked with axe (WCAG 2.1 A/AA) at 1280 and 320 px.

Skipped without Chromium, unless RFZ_REQUIRE_BROWSER=1 (then it fails, like tests/browser)."""

from __future__ import annotations

import os
import threading

import pytest
from werkzeug.serving import make_server

from ..browser.conftest import AXE_TAGS, CHROMIUM_ARGS, REPORT_CSP_VIOLATIONS, _find_chromium, _format_violations
from ..factories import PASSWORD
from .conftest import provider_server


@pytest.fixture(scope="module")
def chromium():
    path = _find_chromium()
    if path is None:
        if os.environ.get("RFZ_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "ja", "on"}:
            pytest.fail("Chromium ontbreekt en RFZ_REQUIRE_BROWSER=1.", pytrace=False)
        pytest.skip("Chromium niet gevonden.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def served(app, world, monkeypatch):
    """The test app over HTTP (the provider must reach nothing of ours: the browser carries every redirect)."""
    with provider_server() as provider:
        monkeypatch.setitem(app.config, "RFZ_OIDC_ALLOW_HTTP_LOOPBACK", True)
        monkeypatch.setitem(app.config, "RFZ_OIDC_ISSUER", provider.issuer)
        monkeypatch.setitem(app.config, "RFZ_OIDC_CLIENT_ID", "rfz-tool")
        monkeypatch.setitem(app.config, "RFZ_OIDC_CLIENT_SECRET", "geheim")
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}", provider
        finally:
            server.shutdown()
            thread.join(timeout=10)
            server.server_close()


def _our_console_errors(page, base: str) -> list[str]:
    """The console errors of our own pages, filled in as the page goes (the provider's pages are not ours)."""
    ours = base.split("//")[1]
    errors: list[str] = []

    def collect(message) -> None:
        location = message.location.get("url") or ""
        if message.type != "error" or (ours not in location and ours not in page.url):
            return
        if message.text.startswith("Failed to load resource") and location == page.url:
            return  # a refusal page's own status (403), as tests/browser counts it
        errors.append(f"{page.url}: {message.text}")

    page.on("console", collect)
    page.add_init_script(REPORT_CSP_VIOLATIONS)  # a CSP violation becomes a console error
    return errors


def _accessible(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    assert not violations, f"axe op {page.url}:\n" + _format_violations(violations)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_organisation_login_in_a_browser(chromium, served, width):
    base, provider = served
    provider.set_user("pl-venlo", email="pl@venlo.nl", email_verified=True)
    provider.set_user("onbekend", email="niemand@nergens.nl", email_verified=True)
    page = chromium.new_page(viewport={"width": width, "height": 900})
    errors = _our_console_errors(page, base)
    try:
        page.goto(base + "/inloggen")
        _accessible(page)
        # Someone the tool does not know: the refusal page.
        with page.expect_navigation():
            page.click("text=Inloggen met uw organisatieaccount")
        page.fill("input[name=sub]", "onbekend")
        with page.expect_navigation(url="**/inloggen/organisatie/terug**"):
            page.press("input[name=sub]", "Enter")
        assert page.locator("h1").inner_text() == "Inloggen niet gelukt"
        _accessible(page)
        # The projectleider: logged in, then logged out here and offered the provider's logout.
        page.goto(base + "/inloggen")
        with page.expect_navigation():
            page.click("text=Inloggen met uw organisatieaccount")
        page.fill("input[name=sub]", "pl-venlo")
        with page.expect_navigation(url="**/start"):
            page.press("input[name=sub]", "Enter")
        with page.expect_navigation():
            page.locator("button", has_text="Uitloggen").first.click()
        assert page.locator("h1").inner_text() == "U bent uitgelogd"
        _accessible(page)
        with page.expect_navigation(url="**/oauth2/end_session**"):
            page.click("text=Ook uitloggen bij uw organisatie")
        assert errors == []
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 320])
def test_linking_on_mijn_account_in_a_browser(chromium, served, width):
    """The password, the page on to the provider (a form's POST may not be redirected off-site: CSP
    form-action), the provider, back on Mijn account, and the unlink question; axe on each of our pages."""
    base, provider = served
    provider.set_user("entra-pl", email="p.leider@venlo.onmicrosoft.com")  # as Entra ID: no email_verified
    page = chromium.new_page(viewport={"width": width, "height": 900})
    errors = _our_console_errors(page, base)
    try:
        page.goto(base + "/inloggen")
        page.fill("input[name=email]", "pl@venlo.nl")
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation(url="**/start"):
            page.locator("form.rfz-form button[type=submit]").click()
        page.goto(base + "/account#kop-organisatieaccount")
        _accessible(page)
        section = page.locator("section[aria-labelledby=kop-organisatieaccount]")
        section.locator("input[name=password]").fill(PASSWORD)
        with page.expect_navigation(url="**/koppelen/verder"):
            section.locator("button[type=submit]").click()
        _accessible(page)
        with page.expect_navigation():
            page.click("text=Verder naar uw organisatie")
        page.fill("input[name=sub]", "entra-pl")
        with page.expect_navigation(url="**/account**"):
            page.press("input[name=sub]", "Enter")
        assert "Uw organisatieaccount is gekoppeld" in page.content()
        _accessible(page)
        with page.expect_navigation(url="**/ontkoppelen"):
            page.click("text=Ontkoppelen")
        _accessible(page)
        with page.expect_navigation(url="**/account**"):
            page.click("text=Ja, ontkoppelen")
        assert "Uw organisatieaccount is ontkoppeld" in page.content()
        assert errors == []
    finally:
        page.close()
