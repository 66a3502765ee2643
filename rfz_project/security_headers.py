"""Security headers on every response the app sends.

A small `after_request` hook instead of a library: the policy is fixed, the app has no inline script or style
(everything lives in rfz_project/static/), and a view that needs something else sets its own header, which
this hook then leaves alone.
"""

from __future__ import annotations

from flask import Flask, Response, request

# Only the app's own files; no inline script or style, no plug-ins, never inside a frame. `data:` images are
# the icons the NL Design System stylesheets embed (checkboxes, select arrows).
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    )
)

# Every response, whatever its kind. `same-origin`: the app's own pages get the full referrer (Flask-WTF's
# CSRF check over HTTPS needs it), other sites get none, so no project id or calendar token in a URL
# ever leaves the installation.
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # for browsers that do not know frame-ancestors
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}

STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"

# Pages and downloads show project data: no browser or proxy keeps a copy (a shared computer at the
# gemeente, the back button after logging out). Static files may be cached; Flask revalidates them by ETag.
NO_STORE = "no-store"


def _is_static() -> bool:
    endpoint = request.endpoint or ""
    return endpoint == "static" or endpoint.endswith(".static")


def add_security_headers(response: Response) -> Response:
    """Set the headers a view has not set itself; never weaken what a view chose."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    if "Cache-Control" not in response.headers and not _is_static():
        response.headers["Cache-Control"] = NO_STORE
    return response


def register(app: Flask) -> None:
    app.after_request(add_security_headers)
