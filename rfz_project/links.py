"""Full addresses of the tool's pages: for links in mail, also where there is no request (send-reminders from a
timer), and for the redirect addresses an OpenID provider must know exactly.

RFZ_BASE_URL, when set, is the start of every such address: a mail must not point at whatever Host header a
visitor sent (a reset link pointing elsewhere would hand its token to whoever chose it), and a redirect URI must
be the one registered at the provider. Without it a request's own address is used, and outside a request
`http://localhost`, which is only good for trying things locally (the command warns about it).
"""

from __future__ import annotations

from flask import current_app, has_request_context, url_for

LOCAL_BASE = "http://localhost"


def has_base_url() -> bool:
    return bool(current_app.config.get("RFZ_BASE_URL"))


def page_url(endpoint: str, **values) -> str:
    """The full address of a page of the tool, from its endpoint and URL arguments."""
    base = current_app.config.get("RFZ_BASE_URL")
    if not has_request_context():
        path = current_app.url_map.bind("localhost").build(endpoint, values)
        return (base or LOCAL_BASE).rstrip("/") + path
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
