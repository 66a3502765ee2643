"""Full addresses of the tool's pages for mail, also where there is no request (send-reminders from a timer).

RFZ_BASE_URL, when set, is the start of every link: a mail must not point at whatever Host header a visitor
sent. Without it a request's own address is used, and outside a request `http://localhost`, which is only
good for trying things locally (the command warns about it).
"""

from __future__ import annotations

from flask import current_app, has_request_context, url_for

LOCAL_BASE = "http://localhost"


def has_base_url() -> bool:
    return bool(current_app.config.get("RFZ_BASE_URL"))


def page_url(endpoint: str, **values) -> str:
    """The full address of a page of the tool, from its endpoint and URL arguments."""
    base = current_app.config.get("RFZ_BASE_URL")
    if not base and has_request_context():
        return url_for(endpoint, _external=True, **values)
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return (base or LOCAL_BASE).rstrip("/") + path
