"""Managing gemeenten and accounts. Only a beheerder may call these (checked in each function)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .. import paging, security_log
from ..accounts.passwords import password_problems, validate_new_password
from ..accounts.services import normalise_email
from ..errors import NotAuthorized, NotFound, ValidationError
from ..extensions import db
from ..models import Gemeente, Membership, MembershipRole, ProcesbegeleiderAssignment, SecurityEvent, User
from ..services_common import commit_or_conflict, save_row


def require_beheerder(actor: User) -> None:
    if not (actor and actor.is_authenticated and actor.is_beheerder):
        raise NotAuthorized()


@dataclass(frozen=True)
class AdminOverview:
    gemeenten: list[Gemeente]
    users: list[User]


# A user with their roles and gemeenten, as the overview and the user page show them.
_WITH_GRANTS = (
    selectinload(User.memberships).selectinload(Membership.gemeente),
    selectinload(User.assignments).selectinload(ProcesbegeleiderAssignment.gemeente),
)


def overview(actor: User) -> AdminOverview:
    require_beheerder(actor)
    gemeenten = all_gemeenten()
    users = list(db.session.scalars(sa.select(User).order_by(User.name).options(*_WITH_GRANTS)))
    return AdminOverview(gemeenten=gemeenten, users=users)


def create_gemeente(actor: User, name: str) -> Gemeente:
    require_beheerder(actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ["Vul de naam van de gemeente in."]})
    if db.session.scalar(sa.select(Gemeente.id).where(sa.func.lower(Gemeente.name) == name.lower())):
        raise ValidationError({"name": ["Deze gemeente bestaat al."]})
    gemeente = Gemeente(name=name[:120])
    return save_row(gemeente)


def new_user_problems(actor: User, *, email: str, name: str, password: str) -> dict[str, list[str]]:
    """Everything wrong with a new account, per field, at once: the form shows all of it after one submit."""
    require_beheerder(actor)
    return _account_problems(email=email, name=name, password=password)


def _account_problems(*, email: str, name: str, password: str) -> dict[str, list[str]]:
    email = normalise_email(email)
    errors: dict[str, list[str]] = {}
    if not email or "@" not in email:
        errors["email"] = ["Vul een geldig e-mailadres in."]
    elif db.session.scalar(sa.select(User.id).where(User.email == email)):
        errors["email"] = ["Er bestaat al een account met dit e-mailadres."]
    if not (name or "").strip():
        errors["name"] = ["Vul een naam in."]
    if problems := password_problems(password, name=name, email=email):
        errors["password"] = problems
    return errors


def create_user(
    actor: User | None,
    *,
    email: str,
    name: str,
    password: str,
    is_beheerder: bool = False,
    is_procesbegeleider: bool = False,
    is_coordinator: bool = False,
) -> User:
    """actor None is the command line (flask rfz), which runs with the operator's rights.

    A password a beheerder sets is temporary: the user must choose their own at the first login.
    The operator at the command line sets their own account's password, which stays.
    """
    if actor is not None:
        require_beheerder(actor)
    if errors := _account_problems(email=email, name=name, password=password):
        raise ValidationError(errors)
    email = normalise_email(email)
    user = User(
        email=email,
        name=name.strip()[:120],
        is_beheerder=is_beheerder,
        is_procesbegeleider=is_procesbegeleider,
        is_coordinator=is_coordinator,
        active=True,
        must_change_password=actor is not None,
    )
    user.set_password(password)
    db.session.add(user)
    kind = _account_kind(is_beheerder, is_procesbegeleider, is_coordinator)
    security_log.record("account_created", actor=actor, target=email, account_kind=kind)
    commit_or_conflict()
    return user


def _account_kind(is_beheerder: bool, is_procesbegeleider: bool, is_coordinator: bool) -> str:
    if is_beheerder:
        return "beheerder"
    if is_procesbegeleider:
        return "procesbegeleider"
    return "coordinator" if is_coordinator else "gebruiker"


def get_user(actor: User, user_id: int) -> User:
    require_beheerder(actor)
    user = db.session.scalars(sa.select(User).where(User.id == user_id).options(*_WITH_GRANTS)).one_or_none()
    if user is None:
        raise NotFound()
    return user


def _gemeente(gemeente_id: int | None) -> Gemeente:
    gemeente = db.session.get(Gemeente, gemeente_id) if gemeente_id else None
    if gemeente is None:
        raise ValidationError({"gemeente_id": ["Kies een gemeente uit de lijst."]})
    return gemeente


def set_membership(actor: User, user_id: int, gemeente_id: int | None, role: str) -> Membership:
    """Give a user a role in a gemeente, or change the role they have there."""
    user = get_user(actor, user_id)
    gemeente = _gemeente(gemeente_id)
    try:
        role_value = MembershipRole(role)
    except ValueError:
        raise ValidationError({"role": ["Kies een rol uit de lijst."]}) from None
    membership = next((m for m in user.memberships if m.gemeente_id == gemeente.id), None)
    if membership is None:
        membership = Membership(user_id=user.id, gemeente_id=gemeente.id, role=role_value)
        db.session.add(membership)
    membership.role = role_value
    security_log.record("role_set", actor=actor, target=user.email, gemeente=gemeente.name, role=role_value.value)
    commit_or_conflict()
    return membership


def _delete_one_of(
    actor: User, user: User, rows: list[Membership] | list[ProcesbegeleiderAssignment], row_id: int, kind: str
) -> None:
    """Delete one of a user's own rows by id; an id of another user's row is not found."""
    row = next((r for r in rows if r.id == row_id), None)
    if row is None:
        raise NotFound()
    details = {"gemeente": row.gemeente.name}
    if isinstance(row, Membership):
        details["role"] = row.role.value
    db.session.delete(row)
    security_log.record(kind, actor=actor, target=user.email, **details)
    commit_or_conflict()


def remove_membership(actor: User, user_id: int, membership_id: int) -> None:
    user = get_user(actor, user_id)
    _delete_one_of(actor, user, user.memberships, membership_id, "role_removed")


def assign_procesbegeleider(actor: User, user_id: int, gemeente_id: int | None) -> ProcesbegeleiderAssignment:
    """Link a procesbegeleider to a gemeente; linking again keeps the one link there is."""
    user = get_user(actor, user_id)
    if not user.is_procesbegeleider:
        raise ValidationError({"gemeente_id": ["Alleen een procesbegeleider kan aan gemeenten worden gekoppeld."]})
    gemeente = _gemeente(gemeente_id)
    existing = next((a for a in user.assignments if a.gemeente_id == gemeente.id), None)
    if existing is not None:
        return existing
    assignment = ProcesbegeleiderAssignment(user_id=user.id, gemeente_id=gemeente.id)
    db.session.add(assignment)
    security_log.record("assignment_added", actor=actor, target=user.email, gemeente=gemeente.name)
    commit_or_conflict()
    return assignment


def unassign_procesbegeleider(actor: User, user_id: int, assignment_id: int) -> None:
    user = get_user(actor, user_id)
    _delete_one_of(actor, user, user.assignments, assignment_id, "assignment_removed")


def set_active(actor: User, user_id: int, active: bool) -> User:
    user = get_user(actor, user_id)
    if user.id == actor.id and not active:
        raise ValidationError("U kunt uw eigen account niet blokkeren.")
    user.active = active
    if not active:
        user.end_all_sessions()  # and activating again does not bring an old session back
    security_log.record("account_unblocked" if active else "account_blocked", actor=actor, target=user.email)
    commit_or_conflict()
    return user


def reset_password(actor: User, user_id: int, password: str) -> User:
    """Give a user a temporary password: their sessions end and they choose their own at the next login."""
    user = get_user(actor, user_id)
    validate_new_password(password, name=user.name, email=user.email)
    user.replace_password(password, temporary=True)
    security_log.record("password_reset", actor=actor, target=user.email)
    commit_or_conflict()
    return user


def all_gemeenten() -> list[Gemeente]:
    return list(db.session.scalars(sa.select(Gemeente).order_by(Gemeente.name)))


# --- the Beveiligingslog -------------------------------------------------------------------------------

SECURITY_PAGE_SIZE = 50


@dataclass(frozen=True)
class SecurityLogPage:
    events: list[SecurityEvent]
    kinds: dict[str, str]
    kind: str
    text: str
    page: int
    pages: int
    total: int


def security_log_page(actor: User, kind: str = "", text: str = "", page: int = 1) -> SecurityLogPage:
    """Security events, newest first, 50 a page; `kind` one of security_log.KINDS, `text` a part of the
    actor's e-mail address or the target."""
    require_beheerder(actor)
    query = sa.select(SecurityEvent)
    kind = kind if kind in security_log.KINDS else ""
    if kind:
        query = query.where(SecurityEvent.kind == kind)
    text = (text or "").strip()[:200]
    if text:
        pattern = "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            sa.or_(
                sa.func.lower(SecurityEvent.actor_email).like(pattern, escape="\\"),
                sa.func.lower(SecurityEvent.target).like(pattern, escape="\\"),
            )
        )
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    shown = paging.page_of(page, total, SECURITY_PAGE_SIZE)
    events = list(
        db.session.scalars(
            query.order_by(SecurityEvent.at.desc(), SecurityEvent.id.desc()).offset(shown.offset).limit(shown.size)
        )
    )
    return SecurityLogPage(
        events=events,
        kinds=security_log.KINDS,
        kind=kind,
        text=text,
        page=shown.number,
        pages=shown.pages,
        total=total,
    )
