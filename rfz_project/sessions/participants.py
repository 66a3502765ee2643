"""Who comes to a sessie: the participant rows, the limit of people per row and per sessie, each row's status
(all in one submit), their own edit page, and telling an address that had the invitation when it lapses there.

Every change that can bring more people counts the sessie's rows under the project's lock
(`services.participants_now`), so two saves (or two answers through the link) at the same moment cannot both
take the last place. A participant's mail (invitation, update, cancellation) is in invitation_mail.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from .. import access
from ..errors import ValidationError
from ..models import InvitationStatus, Participant, ParticipantGroup, Project, Sessie, User
from ..routekaart import current_routekaart
from ..services_common import commit_or_conflict, delete_row, expect_version
from . import invitation_mail
from .calendar import sessie_title
from .services import participants_now, people_coming, people_coming_to, sessie_to_change

MAX_HEADCOUNT = 30  # on one participant row (an anonymous group of inwoners)
MAX_SESSIE_HEADCOUNT = 40  # in the whole sessie, not counting those who cancelled


@dataclass
class ParticipantInput:
    group: str
    name: str = ""
    organisation: str = ""
    headcount: int | None = 1
    invitation: str = "uitgenodigd"
    email: str = ""


# An address the invitation can go to: one @, a dot in the domain, no spaces (the form checks it more closely).
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
TOO_MANY_ON_A_ROW = (
    f"Noteer hoogstens {MAX_HEADCOUNT} personen op één regel. Een sessie duurt 2,5 uur, aan een paar tafels: "
    "met een grotere groep komt niet iedereen aan het woord."
)
PARTICIPANT_GONE = (
    "Een deelnemer in de lijst is intussen verwijderd. Er is nog niets opgeslagen; "
    "controleer de lijst hieronder en sla opnieuw op."
)


def _validate_participant(data: ParticipantInput) -> None:
    errors = {}
    if data.group not in {g.value for g in ParticipantGroup}:
        errors["group"] = ["Kies een groep uit de lijst."]
    if data.invitation not in {s.value for s in InvitationStatus}:
        errors["invitation"] = ["Kies een status uit de lijst."]
    if data.headcount is None or data.headcount < 1:
        errors["headcount"] = ["Vul een aantal van 1 of meer in."]
    elif data.headcount > MAX_HEADCOUNT:
        errors["headcount"] = [TOO_MANY_ON_A_ROW]
    elif data.name.strip() and data.headcount != 1:
        errors["headcount"] = [
            "Met een naam erbij gaat het om één persoon. Laat de naam leeg om een aantal "
            "anonieme deelnemers te noteren."
        ]
    email = data.email.strip()
    if email and (len(email) > 254 or not _EMAIL.fullmatch(email)):
        errors["email"] = ["Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl, of laat het veld leeg."]
    if errors:
        raise ValidationError(errors)


def _over_the_limit(before: int, after: int) -> str | None:
    """The message when a change brings the sessie over MAX_SESSIE_HEADCOUNT (a sessie already over it, from
    before the limit, may still lose people)."""
    if after <= MAX_SESSIE_HEADCOUNT or after <= before:
        return None
    room = MAX_SESSIE_HEADCOUNT - before
    advice = (
        f"Er {'kan' if room == 1 else 'kunnen'} er nog {room} bij; plan anders een tweede sessie."
        if room > 0
        else "De sessie is vol; plan een tweede sessie."
    )
    return (
        f"Dan komen er {after} mensen naar de sessie; er passen er hoogstens {MAX_SESSIE_HEADCOUNT}. Een sessie "
        f"duurt 2,5 uur, aan een paar tafels: met meer mensen komt niet iedereen aan het woord. {advice}"
    )


def has_room_to_come_back(project: Project, sessie: Sessie, participant: Participant) -> bool:
    """Whether a participant who had cancelled fits in the sessie again. Read under the project's lock (which
    also reloads `participant`), so two answers at the same moment are counted one after the other."""
    participants = participants_now(project, sessie)
    if participant.invitation != InvitationStatus.AFGEMELD:
        return True  # already counted
    before = people_coming_to(participants)
    return _over_the_limit(before, before + participant.headcount) is None


def _apply(participant: Participant, data: ParticipantInput) -> Participant:
    """Who the participant is, from a validated input (the status is set apart: it has its own form)."""
    assert data.headcount is not None  # refused by _validate_participant
    participant.group = ParticipantGroup(data.group)
    participant.name = data.name.strip()[:120]
    participant.organisation = data.organisation.strip()[:200]
    participant.headcount = data.headcount
    participant.email = data.email.strip()
    return participant


def add_participant(actor: User, project_id: int, sessie_id: int, data: ParticipantInput) -> Participant:
    project, sessie = sessie_to_change(actor, project_id, sessie_id)
    _validate_participant(data)
    assert data.headcount is not None  # refused above
    before = people_coming_to(participants_now(project, sessie))
    too_many = _over_the_limit(before, before + people_coming(data.headcount, InvitationStatus(data.invitation)))
    if too_many:
        raise ValidationError({"headcount": [too_many]})
    participant = _apply(Participant(invitation=InvitationStatus(data.invitation)), data)
    sessie.participants.append(participant)  # through the loaded collection, so it stays current
    commit_or_conflict()
    return participant


@dataclass(frozen=True)
class ParticipantContext:
    """A participant to edit on their own page, with what the page says about their invitation."""

    project: Project
    sessie: Sessie
    participant: Participant
    title: str  # the sessie's
    started: bool  # the sessie began: a changed address is no longer told anything

    @property
    def mailed(self) -> bool:
        return self.participant.mailed_sequence is not None


def participant_form(
    actor: User, project_id: int, sessie_id: int, participant_id: int, now: datetime | None = None
) -> ParticipantContext:
    project, sessie = sessie_to_change(actor, project_id, sessie_id)
    participant = access.record_in_sessie(project, sessie, Participant, participant_id)
    title = sessie_title(current_routekaart(), sessie)
    return ParticipantContext(project, sessie, participant, title, invitation_mail.has_started(sessie, now))


@dataclass(frozen=True)
class ParticipantChange:
    participant: Participant
    old_address_told: bool  # the invitation had gone to the old address, which was now told it lapses there


def update_participant(
    actor: User,
    project_id: int,
    sessie_id: int,
    participant_id: int,
    data: ParticipantInput,
    expected_version: int | None,
    now: datetime | None = None,
) -> ParticipantChange:
    """Change who a participant is (the status has its own form, beside the others' in the list).

    A participant who was mailed and gets another address: the old address is told that the invitation lapses
    there (while the sessie is still to come), and the participant counts as not mailed, so "Uitnodiging per
    e-mail versturen" reaches the new address."""
    project, sessie = sessie_to_change(actor, project_id, sessie_id)
    participant = access.record_in_sessie(project, sessie, Participant, participant_id)
    participants = participants_now(project, sessie)  # locks the project and reloads `participant` too
    expect_version(participant, expected_version)
    data = replace(data, invitation=participant.invitation.value)
    _validate_participant(data)
    assert data.headcount is not None  # refused above
    before = people_coming_to(participants)
    after = before - people_coming(participant.headcount, participant.invitation)
    too_many = _over_the_limit(before, after + people_coming(data.headcount, participant.invitation))
    if too_many:
        raise ValidationError({"headcount": [too_many]})
    told = False
    if participant.mailed_sequence is not None and not invitation_mail.same_address(participant.email, data.email):
        told = _cancel_for(project, sessie, participant, invitation_mail.Cancelled.READDRESSED, now)
        participant.mailed_sequence = None  # the new address has had nothing yet
    _apply(participant, data)
    commit_or_conflict()
    return ParticipantChange(participant, told)


@dataclass(frozen=True)
class InvitationChoice:
    """One participant's row in the status form: the status the page showed, and the one chosen."""

    shown: str
    chosen: str


def invitation_field(participant_id: int) -> str:
    """The name of a participant's status field in the form; the service's messages use it too."""
    return f"invitation-{participant_id}"


def _invitation_errors(
    participants: dict[int, Participant], choices: dict[int, InvitationChoice]
) -> tuple[dict[str, list[str]], dict[int, InvitationStatus]]:
    """The messages per row, and the new status of each row the user changed (a row left as shown is not
    written, so a change someone else made to it meanwhile stays)."""
    errors: dict[str, list[str]] = {}
    changes: dict[int, InvitationStatus] = {}
    valid = {s.value for s in InvitationStatus}
    for participant_id, choice in choices.items():
        if choice.chosen == choice.shown:
            continue
        participant = participants.get(participant_id)
        if participant is None:  # removed meanwhile (or never of this sessie: the same for the user)
            errors[""] = [PARTICIPANT_GONE]
        elif choice.chosen not in valid:
            errors[invitation_field(participant_id)] = ["Kies een status uit de lijst."]
        elif participant.invitation.value not in (choice.shown, choice.chosen):
            errors[invitation_field(participant_id)] = [
                f"Iemand anders heeft deze status intussen op '{participant.invitation.label}' gezet. "
                "Uw keuze staat er nog; sla opnieuw op als die moet blijven."
            ]
        else:
            changes[participant_id] = InvitationStatus(choice.chosen)
    return errors, changes


def set_invitations(
    actor: User, project_id: int, sessie_id: int, choices: dict[int, InvitationChoice]
) -> list[Participant]:
    """The status of every participant of the sessie in one save; returns the rows that changed.

    The form covers every row, so rather than versions it says per row which status it showed: a row whose
    status someone else changed since the page was loaded is refused with a message at that row. Nothing is
    saved unless every row is right, and the form then shows the stored status as the one to overwrite.
    """
    project, sessie = sessie_to_change(actor, project_id, sessie_id)
    participants = {p.id: p for p in participants_now(project, sessie)}
    errors, changes = _invitation_errors(participants, choices)
    before = people_coming_to(participants.values())
    after = sum(people_coming(p.headcount, changes.get(p.id, p.invitation)) for p in participants.values())
    too_many = _over_the_limit(before, after)
    if too_many:  # at the rows that bring people back: those who had cancelled
        for participant_id, status in changes.items():
            if (
                participants[participant_id].invitation == InvitationStatus.AFGEMELD
                and status != InvitationStatus.AFGEMELD
            ):
                errors.setdefault(invitation_field(participant_id), []).append(too_many)
    if errors:
        raise ValidationError(errors)
    changed = [participants[i] for i, status in changes.items() if participants[i].invitation != status]
    for participant in changed:
        participant.invitation = changes[participant.id]
    commit_or_conflict()
    return changed


def remove_participant(
    actor: User, project_id: int, sessie_id: int, participant_id: int, now: datetime | None = None
) -> None:
    """Remove a participant; one who was mailed the invitation of a sessie still to come is told (CANCEL)."""
    project, sessie = sessie_to_change(actor, project_id, sessie_id)
    participant = access.record_in_sessie(project, sessie, Participant, participant_id)
    participants_now(project, sessie)  # under the lock, so a mail sent to them just now counts
    _cancel_for(project, sessie, participant, invitation_mail.Cancelled.REMOVED, now)
    delete_row(participant)


def _cancel_for(
    project: Project, sessie: Sessie, participant: Participant, why: invitation_mail.Cancelled, now: datetime | None
) -> bool:
    """The participant's address, if it had the invitation, hears that it lapses (not once the sessie began);
    whether a mail went out."""
    if invitation_mail.has_started(sessie, now):
        return False
    sent = invitation_mail.send_cancellation(
        current_routekaart(), project, sessie, [participant], sessie.version + 1, why=why
    )
    return sent > 0
