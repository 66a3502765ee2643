"""Known devices: a browser that logged in to an account before has a login throttle of its own.

After a successful login the browser gets a signed cookie (only sent to the login page, HttpOnly) that
lists the accounts that logged in successfully in it: per account a keyed hash of the e-mail address (so the
cookie names nobody and cannot be made for an account without logging in to it) and a random value of this
browser, new at every login. Failed logins with that cookie count against this browser only (OWASP's "device
cookies"): a stranger on the same address (an office, a proxy) who guesses the account's password or
sprays passwords slows down the untrusted logins from that address, not a colleague who logged in here
before, while this browser's own failures still make it wait. This is the web side of the throttle;
`services.authenticate` decides.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
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


def _keyed_hash(*parts: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, "\0".join(parts).encode(), hashlib.sha256).hexdigest()[:32]


def _tag(email: str) -> str:
    return _keyed_hash(normalise_email(email))


def _known(request: Request) -> dict[str, str]:
    """The cookie's accounts: tag -> this browser's random value, newest first. An entry of the cookie's
    first form (a tag alone, no random value) counts for nothing: that browser is known again at its next
    login."""
    value = request.cookies.get(COOKIE)
    if not value:
        return {}
    try:
        entries = _serializer().loads(value, max_age=int(MAX_AGE.total_seconds()))
    except BadData:
        return {}
    if not isinstance(entries, list):
        return {}
    return {
        entry[0]: entry[1]
        for entry in entries
        if isinstance(entry, list) and len(entry) == 2 and all(isinstance(part, str) for part in entry)
    }


def device_id(request: Request, email: str) -> str | None:
    """What the login throttle calls this browser for the account with this e-mail address, or None if it
    did not log in to that account before. A keyed hash, so the stored failures do not hold the cookie."""
    tag = _tag(email)
    nonce = _known(request).get(tag)
    return None if nonce is None else _keyed_hash("apparaat", tag, nonce)


def remember(request: Request, response: Response, email: str) -> None:
    """After a successful login: this browser now knows this account for another MAX_AGE, under a new random
    value (authenticate has just cleared the failures of the old one)."""
    tag = _tag(email)
    others = [[known, nonce] for known, nonce in _known(request).items() if known != tag]
    entries = [[tag, secrets.token_urlsafe(16)], *others[: MAX_ACCOUNTS - 1]]
    response.set_cookie(
        COOKIE,
        _serializer().dumps(entries),
        max_age=int(MAX_AGE.total_seconds()),
        path=url_for("accounts.login"),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
