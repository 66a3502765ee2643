"""Browser tests: a real Chromium (Debian's, not Playwright's download) drives the app over HTTP.

Skipped when Chromium is missing, unless RFZ_REQUIRE_BROWSER=1 (set by .ci/run): then they fail,
so CI can never go green by silently skipping the accessibility checks.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urljoin

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_PASSWORD = "rfz-demo-wachtwoord"
BROWSER_DIR = Path(__file__).resolve().parent


def _find_chromium() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def _require_browser() -> bool:
    return os.environ.get("RFZ_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "ja", "on"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = _find_chromium()
    if path is None:
        message = (
            "Chromium niet gevonden (/usr/bin/chromium of 'chromium' op PATH); "
            "installeer het met 'apt-get install chromium'."
        )
        if _require_browser():
            pytest.fail(
                message + " RFZ_REQUIRE_BROWSER=1, dus de browsertests mogen niet worden overgeslagen.", pytrace=False
            )
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app with demo data that `live_server` serves; tests read the demo's ids from its database."""
    from rfz_project import create_app
    from rfz_project.demo import load_demo
    from rfz_project.extensions import db

    vendor = Path(__file__).resolve().parents[2] / "rfz_project" / "static" / "vendor"
    missing = [name for name in ("utrecht-components.css", "voorbeeld-theme.css") if not (vendor / name).exists()]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} ontbreekt in {vendor}: draai eerst 'make install' "
            "(zonder de NL Design System-CSS zegt de kleurcontrastcontrole niets).",
            pytrace=False,
        )

    tmp = tmp_path_factory.mktemp("browser")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "browser-test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/browser.sqlite",
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
        }
    )
    with app.app_context():
        db.create_all()
        load_demo()
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app):
    """The app with demo data, served over HTTP on a free port in a background thread."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="rfz-live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# Runs before any script of every document (injected by the browser, so the page's CSP does not apply to it):
# each Content-Security-Policy violation becomes a console error, which the `page` fixture collects.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP-overtreding: ${event.violatedDirective} blokkeerde ${event.blockedURI || "inline"}`
    + ` op ${event.documentURI} (${event.sourceFile || ""}:${event.lineNumber})`);
});
"""


@pytest.fixture
def console_errors() -> list[str]:
    """What the `page` fixture collected: console errors, script errors and CSP violations, one line each."""
    return []


@pytest.fixture
def page(browser, live_server, console_errors):
    """A fresh page in a fresh context (own cookies) per test; base_url is the live server.

    Every console error and uncaught script error on any page the test visits fails the test, so does every
    Content-Security-Policy violation (the browser logs those as console errors too).
    """
    context = browser.new_context(base_url=live_server, locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.on("console", lambda message: _collect_console_error(console_errors, page, message))
    page.on("pageerror", lambda error: console_errors.append(f"{page.url}: scriptfout {error}"))
    try:
        yield page
    finally:
        context.close()
    assert not console_errors, "fouten in de browserconsole:\n" + "\n".join(console_errors)


def _collect_console_error(problems: list[str], page, message) -> None:
    if message.type != "error":
        return
    # A form shown again with its errors answers 400 on purpose, and Chromium logs every document that is not
    # 2xx as a failed resource; so does the favicon it asks for by itself (the app has none). Any other failed
    # resource (a style sheet, an image) is a problem.
    location = message.location.get("url", "")
    if message.text.startswith("Failed to load resource") and location in {page.url, urljoin(page.url, "/favicon.ico")}:
        return
    problems.append(f"{page.url}: {message.text} ({location})")


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        for node in violation["nodes"]:
            target = ", ".join(str(t) for t in node["target"])
            lines.append(f"    {target}: {node.get('failureSummary', '').replace(chr(10), ' ')}")
    return "\n".join(lines)


@pytest.fixture
def axe_check(axe):
    """axe_check(page): assert the current page has no WCAG 2.1 A/AA violations."""

    def check(page) -> None:
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
        violations = results.response["violations"]
        assert not violations, (
            f"axe vond {len(violations)} toegankelijkheidsfout(en) op {page.url}:\n" + _format_violations(violations)
        )

    return check


@pytest.fixture
def login():
    """login(page, email): log in through the form as one of the demo accounts."""
    from playwright.sync_api import expect

    def do_login(page, email: str, password: str = DEMO_PASSWORD) -> None:
        page.goto("/inloggen")
        page.locator("input[name=email]").fill(email)
        page.locator("input[name=password]").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()

    return do_login
