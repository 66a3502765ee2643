"""Invitations by e-mail: an account that exists at once, without a password, and a link to choose one.

A beheerder invites anyone (a gemeente's medewerker with a role, a procesbegeleider, a coördinator, a
beheerder); a projectleider invites for a gemeente where they are projectleider, with a gemeente's roles
only. The account exists at once with an unusable password (nobody can log in with it) and shows as
"Uitgenodigd" until the link is used. The mail goes through the outbox in the same transaction.

The link holds a signed token over the user's id and a fingerprint of the password hash and the moment
the open invitation was sent (`User.invited_at`): accepting sets a password and clears `invited_at`,
sending again gives a new random unusable password and a new moment, withdrawing deletes the account, so
every older link stops working; the signature's age ends a link after seven days.

An address that already has an account is not invited again. The beheerder is told so and gets a link to
that account (where they give it a role). A projectleider is told whether the person is already a member of
their gemeente; about an account outside it they learn only that the address cannot be invited and that the
beheerder can give it access: they never see another gemeente's people, and no account gets a role in a
gemeente without the beheerder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from .. import access, security_log
from ..access import Need
from ..errors import NotAuthorized, NotFound, ValidationError
from ..extensions import db
from ..formatting import AMSTERDAM, datum
from ..mail import services as mail
from ..models import Gemeente, Membership, MembershipRole, ProcesbegeleiderAssignment, User
from ..models.accounts import INVITATION_VALID
from ..models.base import utcnow
from ..oidc.policy import passwords_off_for
from ..services_common import commit_or_conflict
from .links import AccountLink, fingerprint
from .passwords import validate_chosen_password
from .services import normalise_email

LINK_VALID_SECONDS = int(INVITATION_VALID.total_seconds())
PASSWORDS_OFF = (
    "Bij uw gemeente logt u in met uw organisatieaccount, niet met een wachtwoord. Kies hierboven de knop van uw "
    "organisatie."
)
_SALT = "rfz-invitation"

# What the beheerder may invite as, besides a gemeente's medewerker (UserForm's kinds).
KINDS = ("gemeente", "procesbegeleider", "coordinator", "beheerder")

LinkFor = Callable[[str], str]  # a token -> the full address of the accept page (the web layer knows the host)


class ExistingAccount(ValidationError):
    """The address has an account already; `user_id` is given to the beheerder only (to link to it)."""

    def __init__(self, message: str, user_id: int | None = None, others: dict[str, list[str]] | None = None) -> None:
        super().__init__({**(others or {}), "email": [message]})
        self.user_id = user_id


# --- the token ---------------------------------------------------------------------------------------


def _sent(user: User) -> str:
    return fingerprint(user.password_hash, user.invited_at.isoformat() if user.invited_at else "")


# Accepting sets a password, sending again a new unusable one and a new moment: either ends every older link.
_LINK = AccountLink(_SALT, LINK_VALID_SECONDS, "invitation", _sent)


def make_token(user: User) -> str:
    return _LINK.token_for(user)


def _user_of_token(token: str) -> User:
    return _LINK.user_of(token, still_open=lambda user: user.invitation_pending)


# --- what an invitation is for -------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    """What the accept page and the mail say: who is invited, by whom, for what, until when."""

    user: User
    inviter_name: str  # "" when the inviter's account is gone
    inviter_job_title: str
    grants: list[str]  # "projectleider bij gemeente Venlo", "procesbegeleider van de VNG", ...
    ends: datetime
    gemeente_id: int | None  # the gemeente the account is invited to (its organisation login is offered)
    passwords_off: bool  # that gemeente lets its members in through its own provider only


def _grants_of(user: User) -> list[str]:
    memberships = db.session.execute(
        sa.select(Membership.role, Gemeente.name)
        .join(Gemeente, Membership.gemeente_id == Gemeente.id)
        .where(Membership.user_id == user.id)
        .order_by(Gemeente.name)
    ).all()
    assigned = list(
        db.session.scalars(
            sa.select(Gemeente.name)
            .join(ProcesbegeleiderAssignment, ProcesbegeleiderAssignment.gemeente_id == Gemeente.id)
            .where(ProcesbegeleiderAssignment.user_id == user.id)
            .order_by(Gemeente.name)
        )
    )
    grants = []
    if user.is_beheerder:
        grants.append("beheerder van de tool")
    if user.is_procesbegeleider:
        grants.append("procesbegeleider van de VNG" + (f" voor gemeente {', '.join(assigned)}" if assigned else ""))
    if user.is_coordinator:
        grants.append("VNG-coördinator (u bekijkt de projecten van alle gemeenten)")
    grants += [f"{role.label.lower()} bij gemeente {name}" for role, name in memberships]
    return grants


def _invitation(user: User) -> Invitation:
    inviter = db.session.get(User, user.invited_by_id) if user.invited_by_id else None
    assert user.invited_at is not None
    gemeente_id = db.session.scalar(
        sa.select(Membership.gemeente_id).where(Membership.user_id == user.id).order_by(Membership.id).limit(1)
    )
    return Invitation(
        user=user,
        inviter_name=inviter.name if inviter else "",
        inviter_job_title=inviter.job_title if inviter else "",
        grants=_grants_of(user),
        ends=user.invited_at + INVITATION_VALID,
        gemeente_id=gemeente_id,
        passwords_off=passwords_off_for(user),
    )


def _local_date(moment: datetime) -> str:
    return datum(moment.replace(tzinfo=UTC).astimezone(AMSTERDAM), space=" ")


def _mail_text(invitation: Invitation, link: str) -> str:
    who = invitation.inviter_name or "De beheerder van de tool"
    if invitation.inviter_name and invitation.inviter_job_title:
        who += f" ({invitation.inviter_job_title})"
    what = " en ".join(invitation.grants) if invitation.grants else "gebruiker"
    return (
        f"Beste {invitation.user.name},\n\n"
        f"{who} nodigt u uit voor de RFZ-implementatietool, als {what}.\n\n"
        "In deze tool werkt een gemeente de routekaart Financiële Zorgen van de VNG uit: van de eerste "
        "verkenning en de sessies met inwoners en collega's tot de acties en wat daarna blijvend geregeld "
        "moet zijn. Het projectteam plant, legt vast en volgt hier samen de voortgang.\n\n"
        "Kies via deze link uw wachtwoord. Daarna bent u meteen ingelogd:\n\n"
        f"{link}\n\n"
        f"De link werkt zeven dagen (tot {_local_date(invitation.ends)}) en één keer. Werkt hij niet meer, "
        f"vraag {invitation.inviter_name or 'de beheerder'} dan om een nieuwe uitnodiging.\n\n"
        f"U logt voortaan in met dit e-mailadres: {invitation.user.email}\n\n"
        "Verwachtte u deze uitnodiging niet? Dan kunt u deze e-mail negeren. Zonder de link kan niemand "
        "het account gebruiken.\n\n"
        "Met vriendelijke groet,\nRFZ-implementatietool\n"
    )


def _send(user: User, actor: User, link_for: LinkFor) -> None:
    """A new link (older ones stop working) in the outbox; the caller commits."""
    user.set_unusable_password()
    user.invited_at = utcnow()
    user.invited_by_id = actor.id
    db.session.flush()
    mail.enqueue(
        user.email,
        "Uitnodiging voor de RFZ-implementatietool",
        _mail_text(_invitation(user), link_for(make_token(user))),
    )


# --- inviting ------------------------------------------------------------------------------------------


def _person_problems(email: str, name: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not email or "@" not in email or len(email) > 254:
        errors["email"] = ["Vul een geldig e-mailadres in."]
    if not name:
        errors["name"] = ["Vul de naam in van wie u uitnodigt."]
    return errors


def _role(role: str | None) -> MembershipRole | None:
    try:
        return MembershipRole(role or "")
    except ValueError:
        return None


def _new_account(email: str, name: str, **kind: bool) -> User:
    user = User(email=email, name=name[:120], active=True, must_change_password=False, **kind)
    user.set_unusable_password()
    db.session.add(user)
    return user


def invite_by_beheerder(
    actor: User,
    *,
    email: str,
    name: str,
    kind: str,
    gemeente_id: int | None,
    role: str | None,
    link_for: LinkFor,
) -> User:
    """The beheerder invites: a gemeente's medewerker (gemeente and role needed), a procesbegeleider (with
    the gemeente they support, if given), a coördinator or a beheerder (no gemeente)."""
    if not (actor and actor.is_authenticated and actor.is_beheerder):
        raise NotAuthorized()
    email, name = normalise_email(email), (name or "").strip()
    errors = _person_problems(email, name)
    if kind not in KINDS:
        errors["kind"] = ["Kies een soort account."]
    gemeente = db.session.get(Gemeente, gemeente_id) if gemeente_id else None
    role_value = _role(role)
    if kind == "gemeente":
        if gemeente is None:
            errors["gemeente_id"] = ["Kies de gemeente waarvoor u uitnodigt."]
        if role_value is None:
            errors["role"] = ["Kies een rol bij de gemeente."]
    elif kind == "procesbegeleider":
        if gemeente_id and gemeente is None:
            errors["gemeente_id"] = ["Kies een gemeente uit de lijst."]
    elif kind in KINDS and gemeente_id:
        errors["gemeente_id"] = [
            "Een VNG-coördinator of beheerder krijgt bij de uitnodiging geen gemeente. Laat dit leeg; "
            "een rol bij een gemeente geeft u daarna op de pagina van het account."
        ]
    if "email" not in errors:
        existing = db.session.scalar(sa.select(User.id).where(User.email == email))
        if existing is not None:
            security_log.record_and_commit(
                "invitation_sent", actor=actor, target=email, result=security_log.REFUSED, reason="bestaand account"
            )
            raise ExistingAccount(
                "Er is al een account met dit e-mailadres. Open dat account om het een rol te geven.", existing, errors
            )
    if errors:
        raise ValidationError(errors)
    user = _new_account(
        email,
        name,
        is_beheerder=kind == "beheerder",
        is_procesbegeleider=kind == "procesbegeleider",
        is_coordinator=kind == "coordinator",
    )
    db.session.flush()
    if kind == "gemeente" and gemeente is not None and role_value is not None:
        db.session.add(Membership(user_id=user.id, gemeente_id=gemeente.id, role=role_value))
    elif kind == "procesbegeleider" and gemeente is not None:
        db.session.add(ProcesbegeleiderAssignment(user_id=user.id, gemeente_id=gemeente.id))
    _send(user, actor, link_for)
    security_log.record(
        "invitation_sent",
        actor=actor,
        target=email,
        account_kind=kind,
        **({"gemeente": gemeente.name} if gemeente else {}),
        **({"role": role_value.value} if kind == "gemeente" and role_value else {}),
    )
    commit_or_conflict()
    return user


def _managed_gemeente(actor: User, gemeente_id: int) -> Gemeente:
    """A gemeente where the actor is projectleider: not found for who may not read it, refused for the rest."""
    access.require(actor, gemeente_id, Need.MANAGE)
    gemeente = db.session.get(Gemeente, gemeente_id)
    if gemeente is None or actor.grants.roles.get(gemeente_id) is not MembershipRole.PROJECTLEIDER:
        raise NotAuthorized()
    return gemeente


def invite_for_gemeente(
    actor: User, gemeente_id: int, *, email: str, name: str, role: str | None, link_for: LinkFor
) -> User:
    """A projectleider invites someone for their own gemeente, as projectleider, teamlid or lezer."""
    gemeente = _managed_gemeente(actor, gemeente_id)
    email, name = normalise_email(email), (name or "").strip()
    errors = _person_problems(email, name)
    role_value = _role(role)
    if role_value is None:
        errors["role"] = ["Kies een rol uit de lijst."]
    if "email" not in errors:
        existing = db.session.execute(sa.select(User).where(User.email == email)).scalar_one_or_none()
        if existing is not None:
            member = db.session.scalar(
                sa.select(Membership).where(Membership.user_id == existing.id, Membership.gemeente_id == gemeente.id)
            )
            security_log.record_and_commit(
                "invitation_sent",
                actor=actor,
                target=email,
                result=security_log.REFUSED,
                gemeente=gemeente.name,
                reason="al lid van de gemeente" if member else "bestaand account buiten de gemeente",
            )
            if member is not None:
                raise ExistingAccount(
                    f"{existing.name} heeft al een account bij gemeente {gemeente.name}, als "
                    f"{member.role.label.lower()}. U vindt deze persoon in de lijst hieronder.",
                    others=errors,
                )
            raise ExistingAccount(
                "Dit e-mailadres kunt u niet uitnodigen, want er bestaat al een account mee. Vraag de beheerder "
                f"van de tool om dit account toegang te geven tot gemeente {gemeente.name}.",
                others=errors,
            )
    if errors:
        raise ValidationError(errors)
    user = _new_account(email, name)
    db.session.flush()
    assert role_value is not None
    db.session.add(Membership(user_id=user.id, gemeente_id=gemeente.id, role=role_value))
    _send(user, actor, link_for)
    security_log.record(
        "invitation_sent",
        actor=actor,
        target=email,
        account_kind="gemeente",
        gemeente=gemeente.name,
        role=role_value.value,
    )
    commit_or_conflict()
    return user


# --- the inviter's pages: sending again, withdrawing ------------------------------------------------------


def _pending_invitee(actor: User, user_id: int, gemeente_id: int | None) -> tuple[User, Gemeente | None]:
    """The invited account the actor may act on: any for the beheerder (gemeente_id None), a member of a
    gemeente the actor leads otherwise; not found when there is no such open invitation."""
    if gemeente_id is None:
        if not (actor and actor.is_authenticated and actor.is_beheerder):
            raise NotAuthorized()
        gemeente = None
        query = sa.select(User).where(User.id == user_id)
    else:
        gemeente = _managed_gemeente(actor, gemeente_id)
        query = (
            sa.select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(User.id == user_id, Membership.gemeente_id == gemeente.id)
        )
    user = db.session.execute(query).scalar_one_or_none()
    if user is None or not user.invitation_pending:
        raise NotFound()
    return user, gemeente


def resend(actor: User, user_id: int, link_for: LinkFor, gemeente_id: int | None = None) -> User:
    """A new link, valid seven days from now; every older link of this invitation stops working."""
    user, gemeente = _pending_invitee(actor, user_id, gemeente_id)
    _send(user, actor, link_for)
    security_log.record("invitation_resent", actor=actor, target=user.email, **_where(gemeente))
    commit_or_conflict()
    return user


def _where(gemeente: Gemeente | None) -> dict[str, str]:
    return {"gemeente": gemeente.name} if gemeente else {}


def withdraw(actor: User, user_id: int, gemeente_id: int | None = None) -> str:
    """The invitation ends and the account, never used, is deleted (its address is free again); the name.

    A projectleider withdraws only what their gemeente gave: an account that also has something from
    elsewhere (a beheerder gave it more) is the beheerder's to withdraw.
    """
    user, gemeente = _pending_invitee(actor, user_id, gemeente_id)
    if gemeente is not None:
        led = {gid for gid, role in actor.grants.roles.items() if role is MembershipRole.PROJECTLEIDER}
        elsewhere = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Membership)
            .where(Membership.user_id == user.id, Membership.gemeente_id.not_in(led))
        )
        assigned = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(ProcesbegeleiderAssignment)
            .where(ProcesbegeleiderAssignment.user_id == user.id)
        )
        if elsewhere or assigned or user.is_beheerder or user.is_procesbegeleider or user.is_coordinator:
            raise ValidationError(
                "Deze uitnodiging geeft ook toegang buiten uw gemeente. Vraag de beheerder om haar in te trekken."
            )
    name, email = user.name, user.email
    db.session.execute(sa.delete(Membership).where(Membership.user_id == user.id))
    db.session.execute(sa.delete(ProcesbegeleiderAssignment).where(ProcesbegeleiderAssignment.user_id == user.id))
    db.session.delete(user)
    security_log.record("invitation_withdrawn", actor=actor, target=email, **_where(gemeente))
    commit_or_conflict()
    return name


# --- the gemeente's people, for its projectleider -------------------------------------------------------


@dataclass(frozen=True)
class Person:
    user: User
    role: MembershipRole


@dataclass(frozen=True)
class GemeentePeople:
    gemeente: Gemeente
    people: list[Person]  # every account with a role in the gemeente, invited ones included, by name
    roles: list[tuple[str, str]]


def gemeente_people(actor: User, gemeente_id: int) -> GemeentePeople:
    gemeente = _managed_gemeente(actor, gemeente_id)
    rows = db.session.execute(
        sa.select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.gemeente_id == gemeente.id)
        .order_by(User.name, User.id)
    ).all()
    return GemeentePeople(
        gemeente=gemeente,
        people=[Person(user=user, role=role) for user, role in rows],
        roles=[(r.value, r.label) for r in MembershipRole],
    )


def led_gemeenten(actor: User) -> list[Gemeente]:
    """The gemeenten where the actor is projectleider (where they may invite), by name."""
    led = [gid for gid, role in actor.grants.roles.items() if role is MembershipRole.PROJECTLEIDER]
    if not led:
        return []
    return list(db.session.scalars(sa.select(Gemeente).where(Gemeente.id.in_(led)).order_by(Gemeente.name)))


# --- the invited person ----------------------------------------------------------------------------------


def invitation_of_link(token: str) -> Invitation:
    """What a valid link invites to; NotFound when it is forged, older than seven days, used, sent again
    (an older link) or withdrawn. The page says the same in every case: nothing about whether an account exists."""
    return _invitation(_user_of_token(token))


def invited_by_link(token: str | None) -> User | None:
    """The account a still valid invitation link names, or None (no link, or forged, expired, used, sent
    again or withdrawn): for the organisation login started from the accept page, where the link proves that
    the person read the mail sent to the account's address."""
    if not token:
        return None
    try:
        return _user_of_token(token)
    except NotFound:
        return None


def accept(token: str, new: str, repeated: str) -> User:
    """Choose a password through a valid link: the invitation is used up, and the account may log in."""
    user = _user_of_token(token)
    if passwords_off_for(user):
        raise ValidationError({"new_password": [PASSWORDS_OFF]})
    validate_chosen_password(new, repeated, name=user.name, email=user.email)
    user.set_password(new)
    invitation_taken_up(user)
    security_log.record("invitation_accepted", actor=user, target=user.email, how="wachtwoord")
    commit_or_conflict()
    return user


def invitation_taken_up(user: User) -> None:
    """The open invitation ends because the account is in use (a password chosen through the link, or a
    first login with the organisation account); the caller records it and commits."""
    user.invited_at = None
    user.end_all_sessions()
