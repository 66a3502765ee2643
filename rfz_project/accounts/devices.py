"""Known devices: a browser that logged in to an account before is not held up by its address's spraying limit.

After a successful login the browser gets a signed cookie (only sent to the login page, HttpOnly) that
lists the accounts that logged in successfully in it, as keyed hashes of the e-mail address, so the cookie
names nobody and cannot be made for an account without logging in to it. A stranger spraying passwords
from a shared address (an office, a proxy) has no such cookie for the accounts he tries, so the address
limit slows him down, while a colleague on the same address who logged in here before still gets in with
the right password. This is the web side of the throttle; `services.authenticate` decides.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import Request, current_app, url_for
from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from .services import normalise_email

COOKIE = "rfz_apparaat"
MAX_AGE = timedelta(days=90)
MAX_ACCOUNTS = 5  # a shared computer may know a few accounts; the oldest is forgotten first


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="rfz-bekend-apparaat")


def _tag(email: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, normalise_email(email).encode(), hashlib.sha256).hexdigest()[:32]


def _known_tags(request: Request) -> list[str]:
    value = request.cookies.get(COOKIE)
    if not value:
        return []
    try:
        tags = _serializer().loads(value, max_age=int(MAX_AGE.total_seconds()))
    except BadData:
        return []
    return [tag for tag in tags if isinstance(tag, str)] if isinstance(tags, list) else []


def is_known(request: Request, email: str) -> bool:
    """Whether this browser logged in to the account with this e-mail address before."""
    return _tag(email) in _known_tags(request)


def remember(request: Request, response: Response, email: str) -> None:
    """After a successful login: this browser now knows this account (for another MAX_AGE)."""
    tag = _tag(email)
    tags = [tag] + [known for known in _known_tags(request) if known != tag][: MAX_ACCOUNTS - 1]
    response.set_cookie(
        COOKIE,
        _serializer().dumps(tags),
        max_age=int(MAX_AGE.total_seconds()),
        path=url_for("accounts.login"),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
