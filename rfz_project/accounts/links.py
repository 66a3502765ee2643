"""Signed links for one account that work once: "Wachtwoord vergeten?" (reset.py), an invitation (invites.py) and
a new e-mail address (email_change.py).

A token holds the user's id and a fingerprint of what the link is about (the password hash, the invitation's
moment, the address asked for). When that changes, because the link was used or a newer one was sent, the
fingerprint no longer matches and the link stops working; the signature's age ends it after `max_age`. Every
way a link fails (forged, expired, used, replaced, a blocked account) is the same NotFound, so a link never tells
whether an account exists.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..errors import NotFound
from ..extensions import db
from ..models import User


def fingerprint(*parts: str) -> str:
    """A short digest of the values a link depends on."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:20]


@dataclass(frozen=True)
class AccountLink:
    """One kind of link: its salt, how long it works, and the fingerprint of the user it checks."""

    salt: str
    max_age: int  # seconds
    claim: str  # the token's key for the fingerprint
    fingerprint_of: Callable[[User], str]

    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=self.salt)

    def token_for(self, user: User) -> str:
        return self._serializer().dumps({"user": user.id, self.claim: self.fingerprint_of(user)})

    def user_of(self, token: str, still_open: Callable[[User], bool] = lambda _user: True) -> User:
        """The active account the link is for, while `still_open` says what it is about is still there;
        NotFound otherwise."""
        try:
            claims = self._serializer().loads(token, max_age=self.max_age)
        except BadSignature as error:  # also SignatureExpired
            raise NotFound() from error
        user_id = claims.get("user") if isinstance(claims, dict) else None
        user = db.session.get(User, user_id) if isinstance(user_id, int) else None
        if user is None or not user.active or not still_open(user):
            raise NotFound()
        if claims.get(self.claim) != self.fingerprint_of(user):
            raise NotFound()
        return user
