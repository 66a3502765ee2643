"""Gemeenten, users and who may do what where."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import Model, db
from .base import LabelledEnum, stored_enum, utcnow

# A password hash never starts with this (werkzeug's start with the method's name), so no password matches it.
UNUSABLE_PASSWORD_PREFIX = "!"
# How long an invitation's link works (accounts/invites.py).
INVITATION_VALID = timedelta(days=7)


class MembershipRole(LabelledEnum):
    """A user's role within one gemeente."""

    PROJECTLEIDER = "projectleider", "Projectleider"
    TEAMLID = "teamlid", "Teamlid"
    LEZER = "lezer", "Lezer"


@dataclass(frozen=True)
class AccessGrants:
    roles: dict[int, MembershipRole]
    assigned: frozenset[int]
    is_beheerder: bool
    # A VNG-coördinator reads the projects of every gemeente (the national picture) and changes nothing.
    is_coordinator: bool = False


class Gemeente(Model):
    __tablename__ = "gemeente"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="gemeente", lazy="raise")

    def __repr__(self) -> str:
        return f"<Gemeente {self.name}>"


class User(UserMixin, Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    # What an invitation gives as the contact's details (set on "Mijn account"); empty when not given.
    phone: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")
    job_title: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    is_beheerder: Mapped[bool] = mapped_column(default=False)
    is_procesbegeleider: Mapped[bool] = mapped_column(default=False)
    is_coordinator: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Part of every login session's id (get_id): raising it ends every session of this user, on every
    # device, including copied cookies (logout, password change, blocking, "log out everywhere").
    session_epoch: Mapped[int] = mapped_column(default=0, server_default="0")
    # A beheerder set a temporary password: the user must choose their own before doing anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # An invitation by e-mail (accounts/invites.py): when the link that is open now was sent (None: none is
    # open) and who invited. Until the link is used the password is unusable (UNUSABLE_PASSWORD_PREFIX).
    invited_at: Mapped[datetime | None] = mapped_column(default=None)
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), default=None
    )
    # A new e-mail address asked for on "Mijn account", and when: it waits for the link mailed to that
    # address (accounts/email_change.py); the address the account logs in with changes only then.
    pending_email: Mapped[str | None] = mapped_column(sa.String(254), default=None)
    pending_email_at: Mapped[datetime | None] = mapped_column(default=None)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", lazy="raise", cascade="all, delete-orphan"
    )
    assignments: Mapped[list[ProcesbegeleiderAssignment]] = relationship(
        back_populates="user", lazy="raise", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def grants(self) -> AccessGrants:
        """What this user may reach, taken once from the loaded memberships and assignments.

        Kept outside the ORM state so it survives a rollback (which expires every loaded row) and
        access checks later in the same request still work without a query.
        """
        cached = self.__dict__.get("_rfz_grants")
        if cached is None:
            memberships, assignments = self._loaded_or_queried()
            cached = AccessGrants(
                roles={m.gemeente_id: m.role for m in memberships},
                assigned=frozenset(a.gemeente_id for a in assignments) if self.is_procesbegeleider else frozenset(),
                is_beheerder=self.is_beheerder,
                is_coordinator=self.is_coordinator,
            )
            self.__dict__["_rfz_grants"] = cached
        return cached

    def _loaded_or_queried(self):
        """Memberships and assignments: as eagerly loaded, or with one explicit query each."""
        unloaded: set[str] = sa.inspect(self).unloaded
        if "memberships" not in unloaded and "assignments" not in unloaded:
            return self.memberships, self.assignments
        memberships = db.session.scalars(sa.select(Membership).where(Membership.user_id == self.id)).all()
        assignments = db.session.scalars(
            sa.select(ProcesbegeleiderAssignment).where(ProcesbegeleiderAssignment.user_id == self.id)
        ).all()
        return memberships, assignments

    @property
    def kind_label(self) -> str:
        """What sort of account this is, as the beheerder reads it."""
        if self.is_beheerder:
            return "Beheerder"
        if self.is_procesbegeleider:
            return "Procesbegeleider van de VNG"
        return "VNG-coördinator" if self.is_coordinator else "Medewerker van een gemeente"

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session: the user and the current session epoch."""
        return f"{self.id}:{self.session_epoch}"

    def end_all_sessions(self) -> None:
        """Every session cookie issued so far (on any device, copied or not) stops working."""
        self.session_epoch = (self.session_epoch or 0) + 1

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def replace_password(self, password: str, *, temporary: bool = False) -> None:
        """A new password for an account in use: every session made with the old one ends, and a temporary one
        (given by a beheerder) must be replaced by the user's own at the next login."""
        self.set_password(password)
        self.must_change_password = temporary
        self.end_all_sessions()

    def set_unusable_password(self) -> None:
        """No password matches (an invited account before its link is used); a new random value each time."""
        self.password_hash = UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(16)

    @property
    def has_usable_password(self) -> bool:
        return not (self.password_hash or "").startswith(UNUSABLE_PASSWORD_PREFIX)

    @property
    def invitation_pending(self) -> bool:
        """Invited and the link not used yet: the account has no password and was not taken up otherwise."""
        return self.invited_at is not None and not self.has_usable_password

    @property
    def invitation_ends(self) -> datetime | None:
        return self.invited_at + INVITATION_VALID if self.invited_at is not None else None

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class UserAtGemeente:
    """A link between a user and a gemeente, at most one of its kind per pair; it goes when either goes."""

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id", ondelete="CASCADE"), index=True)


class Membership(UserAtGemeente, Model):
    """A user works for a gemeente in one role."""

    __tablename__ = "membership"
    __table_args__ = (sa.UniqueConstraint("user_id", "gemeente_id", name="uq_membership_user_gemeente"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[MembershipRole] = mapped_column(stored_enum(MembershipRole))

    user: Mapped[User] = relationship(back_populates="memberships", lazy="raise")
    gemeente: Mapped[Gemeente] = relationship(back_populates="memberships", lazy="raise")


class ProcesbegeleiderAssignment(UserAtGemeente, Model):
    """A VNG procesbegeleider supports the projects of this gemeente."""

    __tablename__ = "procesbegeleider_assignment"
    __table_args__ = (sa.UniqueConstraint("user_id", "gemeente_id", name="uq_assignment_user_gemeente"),)

    id: Mapped[int] = mapped_column(primary_key=True)

    user: Mapped[User] = relationship(back_populates="assignments", lazy="raise")
    gemeente: Mapped[Gemeente] = relationship(lazy="raise")


class LoginAttempt(Model):
    """Failed logins, kept in the database so the limit holds across all app workers.

    `device_id` is set when the failure came from a known browser of that account (accounts/devices.py): a
    keyed hash that identifies the browser, never the cookie's content. Such a failure counts against that
    browser only; one without counts against the (account, address) pair and the address.
    """

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    remote_addr: Mapped[str] = mapped_column(sa.String(64), index=True)
    device_id: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
