"""A new e-mail address for one's own account, confirmed through a link mailed to that address.

Asking needs the current password. The new address gets a link, valid 24 hours and once; the old address
gets a notice without the link (so someone who took over a session cannot quietly move the account away).
Only following the link changes the address, after checking again that no other account took it meanwhile
(and the unique column catches two at the same moment).

The answer to asking is the same whether the new address has an account already or not: that account's
owner gets a notice that explains it, without a link, and the link-less request can never be confirmed.
The link holds a signed token over the user's id and a fingerprint of the current address, the address
asked for and when it was asked: asking again, or the change itself, ends every older link.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa

from .. import security_log
from ..errors import NotFound, ValidationError
from ..extensions import db
from ..mail import services as mail
from ..models import SecurityEvent, User
from ..models.base import utcnow
from ..services_common import commit_or_conflict
from .links import AccountLink, fingerprint
from .services import normalise_email

LINK_VALID_SECONDS = 24 * 3600
_SALT = "rfz-email-change"
REQUESTED = "email_change_requested"
# A user asks at most this many changes an hour (each sends two mails).
REQUESTS_PER_HOUR = 5
TAKEN = "Dit e-mailadres is intussen in gebruik bij een ander account. Uw e-mailadres is niet gewijzigd."


def _asked(user: User) -> str:
    asked = user.pending_email_at.isoformat() if user.pending_email_at else ""
    return fingerprint(user.email, user.pending_email or "", asked)


# The change itself, a newer request or cancelling it changes the fingerprint: only the newest link works, once.
_LINK = AccountLink(_SALT, LINK_VALID_SECONDS, "change", _asked)


def make_token(user: User) -> str:
    return _LINK.token_for(user)


def _taken(email: str, user_id: int) -> bool:
    return db.session.scalar(sa.select(User.id).where(User.email == email, User.id != user_id)) is not None


def _requests_last_hour(user: User) -> int:
    since = utcnow() - timedelta(hours=1)
    query = sa.select(sa.func.count()).where(
        SecurityEvent.kind == REQUESTED,
        SecurityEvent.actor_id == user.id,
        SecurityEvent.result == security_log.SUCCEEDED,
        SecurityEvent.at >= since,
    )
    return db.session.scalar(query) or 0


def request_change(actor: User, new_email: str, password: str, link_for: Callable[[str], str]) -> str:
    """Mail the link to the new address and a notice to the current one; the address asked for."""
    user = db.session.get(User, actor.id)
    if user is None:
        raise NotFound()
    new = normalise_email(new_email)
    errors: dict[str, list[str]] = {}
    if not new or "@" not in new or len(new) > 254:
        errors["new_email"] = ["Vul een geldig e-mailadres in."]
    elif new == user.email:
        errors["new_email"] = ["Dit is al uw e-mailadres. Vul het nieuwe adres in."]
    elif _requests_last_hour(user) >= REQUESTS_PER_HOUR:
        errors["new_email"] = ["U hebt dit het afgelopen uur te vaak gevraagd. Probeer het over een uur opnieuw."]
    if not user.check_password(password or ""):
        errors["password"] = ["Dit is niet uw huidige wachtwoord."]
    if errors:
        security_log.record_and_commit(
            REQUESTED, actor=user, target=user.email, result=security_log.REFUSED, fields=sorted(errors)
        )
        raise ValidationError(errors)
    user.pending_email, user.pending_email_at = new, utcnow()
    if _taken(new, user.id):
        mail.enqueue(new, "Uw e-mailadres is al in gebruik", _taken_text(user.name))
    else:
        mail.enqueue(new, "Bevestig uw nieuwe e-mailadres", _link_text(user, link_for(make_token(user))))
    mail.enqueue(user.email, "Wijziging van uw e-mailadres gevraagd", _notice_text(user, new))
    security_log.record(REQUESTED, actor=user, target=user.email, new_email=new)
    commit_or_conflict()
    return new


def _link_text(user: User, link: str) -> str:
    return (
        f"Beste {user.name},\n\n"
        "U hebt gevraagd om voortaan dit e-mailadres te gebruiken voor uw account bij de "
        "RFZ-implementatietool. Bevestig dat via deze link:\n\n"
        f"{link}\n\n"
        "De link werkt 24 uur lang en één keer. Pas daarna logt u in met dit adres en komt de e-mail van de "
        "tool hier aan.\n\n"
        "Hebt u dit niet gevraagd? Dan kunt u deze e-mail negeren: er verandert niets.\n\n"
        "Met vriendelijke groet,\nRFZ-implementatietool\n"
    )


def _taken_text(name: str) -> str:
    return (
        "Beste lezer,\n\n"
        f"In de RFZ-implementatietool heeft {name} gevraagd om dit e-mailadres voor een account te gebruiken. "
        "Dat kan niet: er is al een account met dit adres, en daarom verandert er niets.\n\n"
        "Was u dat zelf, bijvoorbeeld omdat u twee accounts hebt? Vraag de beheerder van de tool dan om hulp. "
        "Anders kunt u deze e-mail negeren.\n\n"
        "Met vriendelijke groet,\nRFZ-implementatietool\n"
    )


def _notice_text(user: User, new: str) -> str:
    return (
        f"Beste {user.name},\n\n"
        f"Voor uw account bij de RFZ-implementatietool is gevraagd om het e-mailadres te wijzigen in {new}. "
        "Het adres verandert pas als iemand de link volgt die naar dat nieuwe adres is gestuurd.\n\n"
        "Was u dat niet? Wijzig dan meteen uw wachtwoord op de pagina Mijn account en meld het bij de "
        "beheerder van de tool. Zonder de link verandert er niets.\n\n"
        "Met vriendelijke groet,\nRFZ-implementatietool\n"
    )


def _changed_text(user: User, new: str) -> str:
    return (
        f"Beste {user.name},\n\n"
        f"Het e-mailadres van uw account bij de RFZ-implementatietool is gewijzigd in {new}. U logt voortaan "
        "met dat adres in, en de e-mail van de tool gaat daarheen.\n\n"
        "Was u dat niet? Neem dan meteen contact op met de beheerder van de tool.\n\n"
        "Met vriendelijke groet,\nRFZ-implementatietool\n"
    )


def change_of_link(token: str) -> User:
    """The account whose change a link confirms (its `pending_email` is the new address); NotFound when the
    link is forged, older than 24 hours, used, or older than the last request."""
    return _LINK.user_of(token, still_open=lambda user: bool(user.pending_email))


def confirm_change(token: str) -> User:
    """Change the address through a valid link, unless another account took it meanwhile (ValidationError).

    Two accounts confirming the same address at once: the unique column refuses the second commit, which
    commit_or_conflict turns into a ConflictError (the view says the same as for TAKEN).
    """
    user = change_of_link(token)
    new, old = user.pending_email or "", user.email
    if _taken(new, user.id):
        security_log.record_and_commit(
            "email_changed", actor=user, target=old, result=security_log.REFUSED, new_email=new, reason="adres bezet"
        )
        raise ValidationError(TAKEN)
    user.email = new
    user.pending_email = user.pending_email_at = None
    mail.enqueue(old, "Uw e-mailadres is gewijzigd", _changed_text(user, new))
    security_log.record("email_changed", actor=user, target=new, old_email=old)
    commit_or_conflict()
    return user


def cancel_change(actor: User) -> None:
    """Forget the address asked for: its link stops working."""
    user = db.session.get(User, actor.id)
    if user is None:
        raise NotFound()
    if user.pending_email:
        user.pending_email = user.pending_email_at = None
        commit_or_conflict()
