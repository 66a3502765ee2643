"""The Content-Security-Policy in a real browser: inline script and style are blocked, and the browser tests see it."""

from __future__ import annotations

INJECTED = (
    '<script>window.rfzInline = "uitgevoerd";</script>'
    "<style>body { background: red; }</style>"
    '<p id="rfz-injected" style="color: red">ingevoegd</p>'
)


def test_inline_script_and_style_are_blocked_and_reported(page, console_errors):
    """Inline markup slipped into a page (as an injection would) does nothing, and fails the browser tests."""

    def inject(route):
        response = route.fetch()  # the app's own answer, with its own headers
        body = response.text().replace("</main>", INJECTED + "</main>")
        route.fulfill(response=response, body=body)

    page.route("**/toegankelijkheid", inject)
    page.goto("/toegankelijkheid")
    page.locator("#rfz-injected").wait_for()
    assert page.evaluate("window.rfzInline") is None
    assert page.evaluate("getComputedStyle(document.getElementById('rfz-injected')).color") != "rgb(255, 0, 0)"
    page.wait_for_function("1")  # let the violation events reach the console listener
    reported = "\n".join(console_errors)
    for directive in ("script-src-elem", "style-src-elem", "style-src-attr"):
        assert f"CSP-overtreding: {directive}" in reported, reported
    console_errors.clear()  # seen on purpose; the `page` fixture would fail the test on them otherwise
