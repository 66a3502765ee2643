"""Authentication, with a failed-login limit kept in the database (shared by all workers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from werkzeug.security import check_password_hash

from ..extensions import db
from ..models import LoginAttempt, User
from ..models.base import utcnow
from ..services_common import commit_or_conflict

# Checked against when the e-mail address is unknown, so both paths cost one hash check
# and response time does not reveal which addresses have an account.
_DUMMY_HASH = "scrypt:32768:8:1$rfzdummysalt0000$" + "0" * 128


@dataclass(frozen=True)
class LoginLimit:
    max_failures: int
    window: timedelta


class TooManyAttempts(Exception):
    """Login refused without checking the password: too many recent failures."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user with what access checks need (User.grants), once per request."""
    if not str(user_id).isdigit():
        return None
    user = db.session.execute(
        sa.select(User)
        .where(User.id == int(user_id), User.active.is_(True))
        .options(selectinload(User.memberships), selectinload(User.assignments))
    ).scalar_one_or_none()
    if user is not None:
        user.grants  # noqa: B018  (computed now, while memberships are loaded)
    return user


def _recent_failures(email: str, remote_addr: str, since) -> tuple[int, int]:
    by_email = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.email == email, LoginAttempt.attempted_at >= since)
    )
    by_addr = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.remote_addr == remote_addr, LoginAttempt.attempted_at >= since)
    )
    return by_email or 0, by_addr or 0


def authenticate(email: str, password: str, remote_addr: str | None, limit: LoginLimit) -> User | None:
    """The user if the credentials are right; None if not; TooManyAttempts when locked.

    Per address a larger budget applies, so one office behind a NAT is not locked out by one user.
    """
    email = normalise_email(email)
    remote_addr = (remote_addr or "onbekend")[:64]
    since = utcnow() - limit.window
    by_email, by_addr = _recent_failures(email, remote_addr, since)
    if by_email >= limit.max_failures or by_addr >= limit.max_failures * 4:
        raise TooManyAttempts()
    user = db.session.execute(sa.select(User).where(User.email == email)).scalar_one_or_none()
    password_ok = user.check_password(password) if user else check_password_hash(_DUMMY_HASH, password)
    accepted = user is not None and password_ok and user.active
    if accepted:
        db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.email == email))
    else:
        db.session.add(LoginAttempt(email=email[:254], remote_addr=remote_addr))
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
