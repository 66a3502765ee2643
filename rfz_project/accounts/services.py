"""Authentication, with a failed-login limit kept in the database (shared by all workers)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from werkzeug.security import check_password_hash

from .. import security_log
from ..errors import NotFound, ValidationError
from ..extensions import db
from ..models import LoginAttempt, User
from ..models.base import utcnow
from ..oidc.policy import PasswordLoginOff, passwords_off_for
from ..services_common import commit_or_conflict
from .passwords import password_problems

# Checked against when the e-mail address is unknown, so both paths cost one hash check
# and response time does not reveal which addresses have an account.
_DUMMY_HASH = "scrypt:32768:8:1$rfzdummysalt0000$" + "0" * 128


@dataclass(frozen=True)
class LoginLimit:
    """The login throttle's settings.

    Failures count within `window` (older ones are deleted). A browser that logged in to the account
    before (a known device, accounts/devices.py) counts on its own: from `max_failures` of its failures on
    it waits 1, 2, 4, ... minutes after its last failure, never longer than `window`, and nothing else
    holds it back. Every other login counts as untrusted: from `max_failures` untrusted failures for one
    account from one address that pair waits the same way, and from `max_failures * spray_factor`
    untrusted failures from one address, whatever the accounts (password spraying), every untrusted login
    from that address waits. So a stranger, even on the user's own address, cannot lock out a user's
    known browser.
    """

    max_failures: int
    window: timedelta
    spray_factor: int = 4

    @property
    def max_address_failures(self) -> int:
        return self.max_failures * self.spray_factor


class TooManyAttempts(Exception):
    """Login refused without checking the password: too many recent failures; wait `retry_after`."""

    def __init__(self, retry_after: timedelta) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


_SESSION_ID = re.compile(r"([0-9]{1,9}):([0-9]{1,9})")  # both fit the INTEGER columns


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user with what access checks need (User.grants), once per request.

    The session holds "<id>:<epoch>" (User.get_id): a session from before the user's epoch was raised
    (logout, password change, blocking, "log out everywhere") finds nobody.
    """
    match = _SESSION_ID.fullmatch(str(user_id))
    if match is None:
        return None
    user = db.session.execute(
        sa.select(User)
        .where(
            User.id == int(match[1]),
            User.session_epoch == int(match[2]),
            User.active.is_(True),
        )
        .options(selectinload(User.memberships), selectinload(User.assignments))
    ).scalar_one_or_none()
    if user is not None:
        user.grants  # noqa: B018  (computed now, while memberships are loaded)
    return user


@dataclass(frozen=True)
class _Failures:
    count: int
    last: datetime | None

    def wait(self, threshold: int, window: timedelta, now: datetime) -> timedelta:
        """How long until the next try: 1, 2, 4, ... minutes after the last failure from `threshold`
        failures on, capped at the window; nothing below the threshold."""
        if self.count < threshold or self.last is None:
            return timedelta(0)
        delay = min(timedelta(minutes=2 ** min(self.count - threshold, 30)), window)
        return max(self.last + delay - now, timedelta(0))


def _counted_against(remote_addr: str, device_id: str | None) -> sa.ColumnElement[bool]:
    """The failures that hold this login back: a known device's own, or the address's untrusted ones."""
    if device_id is not None:
        return LoginAttempt.device_id == device_id
    return sa.and_(LoginAttempt.remote_addr == remote_addr, LoginAttempt.device_id.is_(None))


def _recent_failures(
    email: str, remote_addr: str, device_id: str | None, since: datetime
) -> tuple[_Failures, _Failures]:
    """In one query: the recent failures of this account (the known device's, or the untrusted ones from
    this address) and of all accounts (for an untrusted login: the address's untrusted failures)."""
    for_email = LoginAttempt.email == email
    row = db.session.execute(
        sa.select(
            sa.func.count(sa.case((for_email, 1))),
            sa.func.max(sa.case((for_email, LoginAttempt.attempted_at))),
            sa.func.count(),
            sa.func.max(LoginAttempt.attempted_at),
        ).where(_counted_against(remote_addr, device_id), LoginAttempt.attempted_at >= since)
    ).one()
    return _Failures(row[0] or 0, row[1]), _Failures(row[2] or 0, row[3])


def _one_login_at_a_time(email: str) -> None:
    """Hold other logins for this e-mail address until this one commits, so that parallel wrong guesses
    each see the failures before them instead of all passing the count at once.

    PostgreSQL: a transaction-level advisory lock on a 64-bit hash of the e-mail address, released by the
    commit (or the rollback); logins for other accounts do not wait. SQLite: nothing; taking its write lock
    here would hold up every other write in the tool during the password check.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return
    digest = hashlib.sha256(b"rfz-login\0" + email.encode()).digest()
    db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(int.from_bytes(digest[:8], "big", signed=True))))


def _device_detail(device_id: str | None) -> dict[str, bool]:
    """For the security log: whether the attempt came from a known browser (its id stays out of the log)."""
    return {"known_device": True} if device_id is not None else {}


def authenticate(
    email: str, password: str, remote_addr: str | None, limit: LoginLimit, device_id: str | None = None
) -> User | None:
    """The user if the credentials are right; None if not; TooManyAttempts while throttled.

    The throttle (see LoginLimit) is keyed on the typed e-mail address whether an account has it or
    not, so neither the answer nor its timing tells which addresses have an account. `device_id`: this
    browser's id for this account (devices.device_id) if it logged in to it before, else None; a known
    device's failures count against it alone, and the untrusted failures do not hold it back. Logins for
    one e-mail address take turns (PostgreSQL), so parallel guesses cannot all pass the count.
    """
    email = normalise_email(email)
    remote_addr = (remote_addr or "onbekend")[:64]
    now = utcnow()
    since = now - limit.window
    _one_login_at_a_time(email)
    account, address = _recent_failures(email, remote_addr, device_id, since)
    wait = account.wait(limit.max_failures, limit.window, now)
    if device_id is None:
        wait = max(wait, address.wait(limit.max_address_failures, limit.window, now))
    if wait:
        security_log.record_and_commit(
            "login_throttled",
            target=email,
            result=security_log.REFUSED,
            address=remote_addr,
            wait_seconds=int(wait.total_seconds()),
            **_device_detail(device_id),
        )
        raise TooManyAttempts(wait)
    user = db.session.execute(sa.select(User).where(User.email == email)).scalar_one_or_none()
    password_ok = user.check_password(password) if user else check_password_hash(_DUMMY_HASH, password)
    accepted = user is not None and password_ok and user.active
    if accepted and user is not None and passwords_off_for(user):
        # Not a wrong guess (nothing counts against the throttle), but no way in: the gemeente uses its provider.
        security_log.record_and_commit(
            "login_failed", target=email, result=security_log.REFUSED, address=remote_addr, reason="wachtwoord uit"
        )
        raise PasswordLoginOff()
    if accepted:
        # Only the failures this login was counted against: a known device's success leaves a stranger's
        # failures on the same address standing.
        db.session.execute(
            sa.delete(LoginAttempt).where(LoginAttempt.email == email, _counted_against(remote_addr, device_id))
        )
    else:
        # Failures older than the window count for nothing: deleting them keeps the table small.
        db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.attempted_at < since))
        db.session.add(LoginAttempt(email=email[:254], remote_addr=remote_addr, device_id=device_id, attempted_at=now))
    security_log.record(
        "login" if accepted else "login_failed",
        actor=user if accepted else None,
        target=email,
        result=security_log.SUCCEEDED if accepted else security_log.REFUSED,
        address=remote_addr,
        **_device_detail(device_id),
        **({} if accepted else {"reason": "geblokkeerd account" if user and password_ok else "onjuiste gegevens"}),
    )
    commit_or_conflict()
    return user if accepted else None


def safe_next_url(target: str | None) -> str | None:
    """Only a path on this site: no scheme, no host, no '//' or backslash tricks, and no line breaks,
    spaces or control characters (a redirect puts it in a header: a CR or LF there would end it)."""
    if not target:
        return None
    target = target.strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(char.isspace() or not char.isprintable() for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


# --- a user's own account: password and sessions --------------------------------------------------


def _own_account(actor: User) -> User:
    """The actor's row, loaded fresh in this session (the loader's copy may be detached)."""
    user = db.session.get(User, actor.id)
    if user is None:
        raise NotFound()
    return user


def change_own_password(actor: User, current: str, new: str, repeated: str) -> User:
    """Set a new password (the current one proves it is the user); every other session ends."""
    user = _own_account(actor)
    errors: dict[str, list[str]] = {}
    if not user.check_password(current or ""):
        errors["current_password"] = ["Dit is niet uw huidige wachtwoord."]
    problems = password_problems(new, name=user.name, email=user.email)
    if not problems and new == current:
        problems = ["Kies een ander wachtwoord dan uw huidige."]
    if problems:
        errors["new_password"] = problems
    elif new != repeated:
        errors["repeat_password"] = ["De twee nieuwe wachtwoorden zijn niet gelijk."]
    if errors:
        security_log.record_and_commit(
            "password_changed", actor=user, target=user.email, result=security_log.REFUSED, fields=sorted(errors)
        )
        raise ValidationError(errors)
    user.replace_password(new)
    security_log.record("password_changed", actor=user, target=user.email)
    commit_or_conflict()
    return user


# A phone number as people write it: digits, spaces, +, -, brackets and dots; 6 to 15 digits in all.
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()./-]+$")
PHONE_PROBLEM = "Vul een telefoonnummer in met alleen cijfers, spaties en eventueel een + of -, zoals 077 359 60 00."


def phone_problems(phone: str) -> list[str]:
    if not phone:
        return []
    digits = sum(character.isdigit() for character in phone)
    if not _PHONE_CHARACTERS.match(phone) or not 6 <= digits <= 15:
        return [PHONE_PROBLEM]
    return []


def update_own_contact(actor: User, phone: str, job_title: str) -> User:
    """The phone number and function the user's invitations give (both may be empty)."""
    user = _own_account(actor)
    phone, job_title = (phone or "").strip(), (job_title or "").strip()
    problems = phone_problems(phone)
    if problems:
        raise ValidationError({"phone": problems})
    user.phone, user.job_title = phone, job_title
    commit_or_conflict()
    return user


def end_all_own_sessions(actor: User, everywhere: bool = True) -> None:
    """'Log out everywhere': every session of the user, this one too, stops working. A plain logout does
    the same (`everywhere` False only names it so in the security log)."""
    user = _own_account(actor)
    user.end_all_sessions()
    security_log.record("logout_everywhere" if everywhere else "logout", actor=user, target=user.email)
    commit_or_conflict()


def session_expired(actor: User, reason: str) -> None:
    """Record that the actor's login ended by the idle or the absolute time limit."""
    security_log.record_and_commit("session_expired", actor=actor, target=actor.email, result="verlopen", reason=reason)
