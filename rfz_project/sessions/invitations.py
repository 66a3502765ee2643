"""Sending a sessie's invitation by e-mail, and the participants' answers through their personal link.

"Uitnodiging versturen" mails every participant with an address who has not had it yet (so sending again
later reaches only those added since), with the .ics and two links, "Ik kom" and "Ik kom niet". A concept
sessie becomes "gepland": that status means the invitations went out. The links open a public page; only its
POST changes the participant's status (mail scanners follow the links with GET), and it can be changed again
until the sessie starts. What moving or deleting a sessie sends is in services.py, the texts in
invitation_mail.py.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from .. import access, audit
from ..errors import NotFound, ValidationError
from ..extensions import db
from ..models import InvitationStatus, Participant, Project, Sessie, SessieStatus, User
from ..routekaart import current_routekaart
from ..services_common import commit_or_conflict
from . import invitation_mail
from .calendar import sessie_title
from .participants import has_room_to_come_back
from .services import participants_now, require_open, sessie_to_change

STARTED_MESSAGE = (
    "Deze sessie is al begonnen of voorbij. Uitnodigingen versturen kan alleen voor een sessie die nog komt."
)
PAST_MESSAGE = "Deze sessie is al begonnen of voorbij. U kunt uw antwoord niet meer veranderen."


@dataclass(frozen=True)
class InvitationPlan:
    """What "Uitnodiging versturen" would do now: who gets a mail, who had it, who has no address."""

    project: Project
    sessie: Sessie
    title: str
    to_mail: list[Participant]
    already_mailed: list[Participant]
    without_email: list[Participant]
    started: bool

    @property
    def people_without_email(self) -> int:
        """Counted as ever: an anonymous row of five inwoners is five people."""
        return sum(p.headcount for p in self.without_email)

    @property
    def can_send(self) -> bool:
        return bool(self.to_mail) and not self.started

    @property
    def becomes_planned(self) -> bool:
        return self.sessie.status == SessieStatus.CONCEPT


def _split(participants: list[Participant]) -> tuple[list[Participant], list[Participant], list[Participant]]:
    to_mail = [p for p in participants if p.email and p.mailed_sequence is None]
    already = [p for p in participants if p.email and p.mailed_sequence is not None]
    without = [p for p in participants if not p.email]
    return to_mail, already, without


def invitation_plan(actor: User, project_id: int, sessie_id: int, now: datetime | None = None) -> InvitationPlan:
    project, sessie = sessie_to_change(actor, project_id, sessie_id)
    to_mail, already, without = _split(list(sessie.participants))
    return InvitationPlan(
        project=project,
        sessie=sessie,
        title=sessie_title(current_routekaart(), sessie),
        to_mail=to_mail,
        already_mailed=already,
        without_email=without,
        started=invitation_mail.has_started(sessie, now),
    )


def send_invitations(actor: User, project_id: int, sessie_id: int, now: datetime | None = None) -> int:
    """Mail the invitation to every participant with an address who has not had it; returns how many.

    The project is locked while the participants are read, so two clicks at the same moment mail nobody twice.
    """
    rk = current_routekaart()
    project, sessie = sessie_to_change(actor, project_id, sessie_id)
    participants = participants_now(project, sessie)  # takes the project's lock
    # The sessie as it is now that the lock is held: a move saved meanwhile is in the mail, not the old date.
    db.session.refresh(sessie, [column.key for column in sa.inspect(Sessie).column_attrs])
    require_open(sessie)
    if invitation_mail.has_started(sessie, now):
        raise ValidationError(STARTED_MESSAGE)
    to_mail, _already, _without = _split(participants)
    if not to_mail:
        return 0
    contact = invitation_mail.contact_of(project, sessie)  # read before the sessie changes: nothing flushed early
    # The sessie row changes (and its version moves on, at the commit) only when a concept becomes gepland.
    planned = sessie.status == SessieStatus.CONCEPT
    if planned:
        sessie.status = SessieStatus.GEPLAND
    sequence = sessie.version + (1 if planned else 0)
    for participant in to_mail:
        invitation_mail.send_invitation(rk, project, sessie, participant, contact, sequence)
    commit_or_conflict()
    return len(to_mail)


# --- the participant's answer ----------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerPage:
    project: Project
    sessie: Sessie
    participant: Participant
    title: str
    past: bool


# Who the history names for a change made through the link: the participant, not a user.
@dataclass(frozen=True)
class _ThroughTheLink:
    id: None = None
    name: str = "Deelnemer, via de link in de uitnodiging"


def _of_token(token: str) -> tuple[Project, Sessie, Participant]:
    """The participant a personal link is for, in the sessie and project it names: NotFound for a forged
    token, a participant since removed, one of another sessie or project, or a link mailed to an address the
    participant no longer has."""
    claims = invitation_mail.claims_of(token)
    project = db.session.scalars(
        sa.select(Project).where(Project.id == claims.project_id).options(joinedload(Project.gemeente))
    ).one_or_none()
    if project is None:
        raise NotFound()
    sessie = access.record_in_project(project, Sessie, claims.sessie_id, options=[selectinload(Sessie.mijlpaal_rows)])
    participant = access.record_in_project(project, Participant, claims.participant_id)
    if participant.sessie_id != sessie.id:
        raise NotFound()
    if claims.address is not None and not hmac.compare_digest(
        claims.address, invitation_mail.address_tag(participant.email)
    ):
        raise NotFound()
    return project, sessie, participant


def _past(project: Project, sessie: Sessie, now: datetime | None) -> bool:
    """Too late to answer: the sessie began, was marked held, or its project was closed (read-only)."""
    return (
        invitation_mail.has_started(sessie, now)
        or sessie.status == SessieStatus.AFGEROND
        or project.closed_at is not None
    )


def answer_page(token: str, now: datetime | None = None) -> AnswerPage:
    project, sessie, participant = _of_token(token)
    return AnswerPage(
        project=project,
        sessie=sessie,
        participant=participant,
        title=invitation_mail.title_for(current_routekaart(), sessie, participant),
        past=_past(project, sessie, now),
    )


def _full_message(contact: invitation_mail.Contact) -> str:
    """For one who said no and now says yes when the sessie has filled up meanwhile: whom to ask instead."""
    how = ", ".join(part for part in (contact.email, contact.phone) if part)
    who = f"{contact.name} ({how})" if contact.name and how else contact.name or how or "de gemeente"
    return (
        "Er is helaas geen plaats meer: de bijeenkomst is intussen vol. Uw antwoord is niet veranderd. "
        f"Wilt u toch komen? Neem dan contact op met {who}."
    )


ANSWERS = {"ja": InvitationStatus.AANGEMELD, "nee": InvitationStatus.AFGEMELD}


def answer(token: str, choice: str, now: datetime | None = None) -> AnswerPage:
    """Set the participant's status to aangemeld ("ja") or afgemeld ("nee"), until the sessie starts."""
    project, sessie, participant = _of_token(token)
    if choice not in ANSWERS:
        raise ValidationError({"answer": ["Kies 'Ik kom' of 'Ik kom niet'."]})
    if _past(project, sessie, now):
        raise ValidationError(PAST_MESSAGE)
    if choice == "ja" and not has_room_to_come_back(project, sessie, participant):
        raise ValidationError(_full_message(invitation_mail.contact_of(project, sessie)))
    audit.set_context(db.session, project.id, _ThroughTheLink())
    participant.invitation = ANSWERS[choice]
    commit_or_conflict()
    return AnswerPage(
        project=project,
        sessie=sessie,
        participant=participant,
        title=invitation_mail.title_for(current_routekaart(), sessie, participant),
        past=False,
    )
