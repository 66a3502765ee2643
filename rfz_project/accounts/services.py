"""Authentication, with a failed-login limit kept in the database (shared by all workers)."""

from __future__ import annotations

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
from ..services_common import commit_or_conflict
from .passwords import password_problems

# Checked against when the e-mail address is unknown, so both paths cost one hash check
# and response time does not reveal which addresses have an account.
_DUMMY_HASH = "scrypt:32768:8:1$rfzdummysalt0000$" + "0" * 128


@dataclass(frozen=True)
class LoginLimit:
    """The login throttle's settings.

    Failures count within `window` (older ones are deleted). From `max_failures` failures on for one
    account from one address, that pair waits 1, 2, 4, ... minutes after its last failure, never longer
    than `window`. From `max_failures * spray_factor` failures from one address, whatever the accounts
    (password spraying), every account from that address waits the same way, except in a browser that
    logged in to that account before (a known device): a stranger cannot lock a user out.
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


def _recent_failures(email: str, remote_addr: str, since: datetime) -> tuple[_Failures, _Failures]:
    """The recent failures of this (account, address) pair and of the address as a whole, in one query."""
    for_email = LoginAttempt.email == email
    row = db.session.execute(
        sa.select(
            sa.func.count(sa.case((for_email, 1))),
            sa.func.max(sa.case((for_email, LoginAttempt.attempted_at))),
            sa.func.count(),
            sa.func.max(LoginAttempt.attempted_at),
        ).where(LoginAttempt.remote_addr == remote_addr, LoginAttempt.attempted_at >= since)
    ).one()
    return _Failures(row[0] or 0, row[1]), _Failures(row[2] or 0, row[3])


def authenticate(
    email: str, password: str, remote_addr: str | None, limit: LoginLimit, known_device: bool = False
) -> User | None:
    """The user if the credentials are right; None if not; TooManyAttempts while throttled.

    The throttle (see LoginLimit) is keyed on the typed e-mail address whether an account has it or
    not, so neither the answer nor its timing tells which addresses have an account. `known_device`:
    this browser logged in to this account before, so the address's spraying limit does not apply.
    """
    email = normalise_email(email)
    remote_addr = (remote_addr or "onbekend")[:64]
    now = utcnow()
    since = now - limit.window
    pair, address = _recent_failures(email, remote_addr, since)
    wait = pair.wait(limit.max_failures, limit.window, now)
    if not known_device:
        wait = max(wait, address.wait(limit.max_address_failures, limit.window, now))
    if wait:
        security_log.record_and_commit(
            "login_throttled",
            target=email,
            result=security_log.REFUSED,
            address=remote_addr,
            wait_seconds=int(wait.total_seconds()),
        )
        raise TooManyAttempts(wait)
    user = db.session.execute(sa.select(User).where(User.email == email)).scalar_one_or_none()
    password_ok = user.check_password(password) if user else check_password_hash(_DUMMY_HASH, password)
    accepted = user is not None and password_ok and user.active
    if accepted:
        db.session.execute(
            sa.delete(LoginAttempt).where(LoginAttempt.email == email, LoginAttempt.remote_addr == remote_addr)
        )
    else:
        # Failures older than the window count for nothing: deleting them keeps the table small.
        db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.attempted_at < since))
        db.session.add(LoginAttempt(email=email[:254], remote_addr=remote_addr, attempted_at=now))
    security_log.record(
        "login" if accepted else "login_failed",
        actor=user if accepted else None,
        target=email,
        result=security_log.SUCCEEDED if accepted else security_log.REFUSED,
        address=remote_addr,
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
    user.set_password(new)
    user.must_change_password = False
    user.end_all_sessions()
    security_log.record("password_changed", actor=user, target=user.email)
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
