"""'Wachtwoord vergeten?': a single-use link, valid one hour, mailed through the outbox.

The link holds a signed token over the user's id and a fingerprint of their current password hash: setting
a new password changes the hash, so a used link (and every older one) stops working; the signature's age
ends it after an hour. The answer to a request is the same whether the address has an account or not, and
requests are throttled without a table of their own: the Beveiligingslog already holds every request.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa

from .. import security_log
from ..extensions import db
from ..mail import services as mail
from ..models import LoginAttempt, SecurityEvent, User
from ..models.base import utcnow
from ..oidc.policy import passwords_off_for
from ..services_common import commit_or_conflict
from .links import AccountLink, fingerprint
from .passwords import validate_chosen_password
from .services import TooManyAttempts, normalise_email

LINK_VALID_SECONDS = 3600
_SALT = "rfz-password-reset"
REQUESTED = "password_reset_requested"
# Within THROTTLE_WINDOW: at most MAILS_PER_ADDRESS links go to one e-mail address (more requests get the
# same answer and no mail, so nobody can flood a mailbox), and one client address may ask REQUESTS_PER_CLIENT
# times in all (more get a 429, which says nothing about any account).
THROTTLE_WINDOW = timedelta(hours=1)
MAILS_PER_ADDRESS = 3
REQUESTS_PER_CLIENT = 10


# A new password changes the hash: the link works once (and every older one stops).
_LINK = AccountLink(_SALT, LINK_VALID_SECONDS, "password", lambda user: fingerprint(user.password_hash))


def make_token(user: User) -> str:
    return _LINK.token_for(user)


def _recent_requests(*conditions: sa.ColumnElement[bool]) -> int:
    since = utcnow() - THROTTLE_WINDOW
    query = sa.select(sa.func.count()).where(SecurityEvent.kind == REQUESTED, SecurityEvent.at >= since, *conditions)
    return db.session.scalar(query) or 0


def _mail_text(user: User, link: str) -> str:
    return (
        f"Beste {user.name},\n\n"
        "Er is gevraagd om een nieuw wachtwoord voor uw account bij de RFZ-implementatietool. "
        "Was u dat? Kies dan via deze link een nieuw wachtwoord:\n\n"
        f"{link}\n\n"
        "De link werkt één uur lang en één keer. Met het nieuwe wachtwoord wordt u op andere apparaten uitgelogd.\n\n"
        "Hebt u niets aangevraagd? Dan kunt u deze e-mail negeren: uw wachtwoord blijft hetzelfde.\n\n"
        "Met vriendelijke groet,\nRFZ-implementatietool\n"
    )


def request_reset(email: str, remote_addr: str | None, link_for: Callable[[str], str]) -> None:
    """Mail a reset link if an active account has this address; otherwise do nothing, visibly the same.

    `link_for` turns a token into the full address of the reset page (the web layer knows the host).
    Raises TooManyAttempts when this client asked too often, whatever the address.
    """
    email = normalise_email(email)[:254]
    address = (remote_addr or "onbekend")[:64]
    if _recent_requests(SecurityEvent.address == address) >= REQUESTS_PER_CLIENT:
        security_log.record_and_commit(REQUESTED, target=email, result=security_log.REFUSED, address=address)
        raise TooManyAttempts(THROTTLE_WINDOW)
    user = db.session.execute(sa.select(User).where(User.email == email)).scalar_one_or_none()
    mailed = _recent_requests(SecurityEvent.target == email, SecurityEvent.result == security_log.SUCCEEDED)
    if user is None or not user.active:
        outcome = "geen actief account"
    elif passwords_off_for(user):
        outcome = "wachtwoord uit"  # the gemeente logs its members in through its own provider
    elif mailed >= MAILS_PER_ADDRESS:
        outcome = "te vaak aangevraagd"
    else:
        mail.enqueue(user.email, "Nieuw wachtwoord kiezen", _mail_text(user, link_for(make_token(user))))
        outcome = ""
    security_log.record(
        REQUESTED,
        actor=None,
        target=email,
        result=security_log.REFUSED if outcome else security_log.SUCCEEDED,
        address=address,
        **({"reason": outcome} if outcome else {}),
    )
    commit_or_conflict()


def user_of_link(token: str) -> User:
    """The account a reset link is for; NotFound when the link is forged, older than an hour or used."""
    return _LINK.user_of(token, still_open=lambda user: not passwords_off_for(user))


def reset_password(token: str, new: str, repeated: str) -> User:
    """Set the new password through a valid link; the link and every session of the account end."""
    user = user_of_link(token)
    validate_chosen_password(new, repeated, name=user.name, email=user.email)
    user.replace_password(new)
    # The failed logins that locked the account out were guesses at the old password: the new one may be used now.
    db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.email == user.email))
    security_log.record("password_reset_done", actor=user, target=user.email)
    commit_or_conflict()
    return user
