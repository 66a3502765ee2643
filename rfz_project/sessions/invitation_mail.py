"""What a sessie's participants get by e-mail: the invitation, an update when the sessie moves, and a
cancellation, each with an .ics (RFC 5546) and, for the first two, personal links to say yes or no.

No commits here: the callers (invitations.py, and the sessie's own changes in services.py) enqueue these
mails before their commit, so a mail goes out with the change it is about or not at all.

The .ics keeps the sessie's UID (the same as the calendar download and the feed). Its SEQUENCE is the
sessie's `version` as it is after the change (the number the feed shows too), and one higher for a
cancellation: every later version of the sessie has a higher number, so a calendar replaces the earlier one.
`Participant.mailed_sequence` keeps the number each participant was sent: updates go to those with one.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parseaddr

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from ..errors import NotFound
from ..extensions import db
from ..formatting import AMSTERDAM, datum
from ..links import page_url
from ..mail import services as mail
from ..models import Participant, ParticipantGroup, Project, Sessie, SessieMode, TeamMember, TeamRole, User
from ..routekaart import Routekaart
from .calendar import invitation_for, sessie_title

_SALT = "rfz-sessie-antwoord"
RSVP_ENDPOINT = "sessions.rsvp"
DAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
# What moving a sessie means for its participants: a change of any of these sends them an update.
MOVE_FIELDS = {
    "on_date": "Datum",
    "start_time": "Begintijd",
    "duration_minutes": "Duur",
    "mode": "Op locatie of online",
    "location": "Plaats",
    "online_url": "Link naar de online sessie",
}
FALLBACK_SENDER = "noreply@rfz-implementatietool.invalid"


def now_local() -> datetime:
    """The time in the Netherlands, naive like the sessies' own date and time."""
    return datetime.now(AMSTERDAM).replace(tzinfo=None)


def has_started(sessie: Sessie, now: datetime | None = None) -> bool:
    return sessie.starts_at <= (now or now_local())


# --- the personal link -----------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _normal_address(email: str) -> str:
    return email.strip().casefold()


def same_address(one: str, other: str) -> bool:
    """Whether two spellings are one address, by the rule the personal link is tied to (so a change the link
    survives is exactly one that needs no new invitation)."""
    return _normal_address(one) == _normal_address(other)


def address_tag(email: str) -> str:
    """A short keyed digest of the address a link was mailed to: a link sent to an address the participant no
    longer has stops working, without the address itself being in the link."""
    key = f"{current_app.config['SECRET_KEY']}:{_SALT}:adres".encode()
    return hmac.new(key, _normal_address(email).encode(), hashlib.sha256).hexdigest()[:16]


def token_for(project_id: int, sessie_id: int, participant_id: int, email: str = "") -> str:
    """Signed, without an age limit: the link works until the sessie (the page then says it is past), and, when
    it names the address it was mailed to, while the participant keeps that address."""
    claims: dict[str, int | str] = {"project": project_id, "sessie": sessie_id, "participant": participant_id}
    if email:
        claims["to"] = address_tag(email)
    return _serializer().dumps(claims)


@dataclass(frozen=True)
class LinkClaims:
    project_id: int
    sessie_id: int
    participant_id: int
    address: str | None  # address_tag of where it was mailed; None: a link that names no address


def claims_of(token: str) -> LinkClaims:
    """What a genuine token says; NotFound for anything else."""
    if not token or len(token) > 300:
        raise NotFound()
    try:
        claims = _serializer().loads(token)
    except BadSignature as error:
        raise NotFound() from error
    values = [claims.get(key) for key in ("project", "sessie", "participant")] if isinstance(claims, dict) else []
    numbers = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    if len(numbers) != 3:
        raise NotFound()
    address = claims.get("to")
    if address is not None and not isinstance(address, str):
        raise NotFound()
    return LinkClaims(numbers[0], numbers[1], numbers[2], address)


def answer_url(project_id: int, sessie_id: int, participant_id: int, email: str = "") -> str:
    return page_url(RSVP_ENDPOINT, token=token_for(project_id, sessie_id, participant_id, email))


# --- who the mail is from --------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    name: str = ""
    job_title: str = ""
    phone: str = ""
    email: str = ""


def contact_of(project: Project, sessie: Sessie) -> Contact:
    """The sessie's own contact person while their account is in use, else the projectleider (as in the
    invitation documents); at most two queries, which flush nothing: a changed sessie is written at the
    caller's commit, where a conflict becomes a ConflictError."""
    with db.session.no_autoflush:
        return _contact_of(project, sessie)


def _contact_of(project: Project, sessie: Sessie) -> Contact:
    user = db.session.get(User, sessie.contact_user_id) if sessie.contact_user_id is not None else None
    if user is not None and user.active:
        return Contact(user.name, user.job_title, user.phone, user.email)
    leider = db.session.scalars(
        sa.select(TeamMember)
        .where(TeamMember.project_id == project.id, TeamMember.team_role == TeamRole.PROJECTLEIDER)
        .order_by(TeamMember.id)
        .limit(1)
    ).first()
    if leider is None:
        return Contact()
    user = db.session.get(User, leider.user_id) if leider.user_id is not None else None
    if user is None or not user.active:
        return Contact(name=leider.name)
    return Contact(leider.name, user.job_title, user.phone, user.email)


def _organizer(contact: Contact) -> tuple[str, str]:
    if contact.email:
        return contact.email, contact.name
    name, address = parseaddr(current_app.config.get("MAIL_DEFAULT_SENDER") or "")
    return address or FALLBACK_SENDER, name or "RFZ-implementatietool"


# --- the texts -------------------------------------------------------------------------------------


def _day(value: date) -> str:
    return f"{DAGEN[value.weekday()]} {datum(value, space=' ')}"


def _one_line(text: str) -> str:
    """A subject is one line: a title with a newline in it must not break the mail's headers."""
    return " ".join(text.split())


def _for_inwoners(participant: Participant) -> bool:
    return participant.group == ParticipantGroup.INWONER


INWONER_TITLE = "Praat mee over hulp bij geldzorgen"


def title_for(rk: Routekaart, sessie: Sessie, participant: Participant) -> str:
    """What the sessie is called for this participant: inwoners get plain words, not the toolkit's names."""
    return INWONER_TITLE if _for_inwoners(participant) else sessie_title(rk, sessie)


def _place(sessie: Sessie) -> str:
    if sessie.mode == SessieMode.ONLINE:
        return f"online, via deze link: {sessie.online_url}" if sessie.online_url else "online"
    return sessie.location


def _facts(sessie: Sessie, inwoner: bool) -> list[str]:
    lines = [
        f"Wanneer: {_day(sessie.on_date)}",
        f"Hoe laat: van {sessie.start_time:%H:%M} tot {sessie.ends_at:%H:%M} uur",
        f"Waar: {_place(sessie)}",
    ]
    if sessie.route:
        lines.append(f"{'Zo komt u er' if inwoner else 'Route'}: {sessie.route}")
    if sessie.accessibility:
        lines.append(f"{'Toegankelijk' if inwoner else 'Toegankelijkheid'}: {sessie.accessibility}")
    if sessie.travel_costs:
        lines.append(f"Reiskosten: {sessie.travel_costs}")
    return lines


def _contact_lines(contact: Contact) -> list[str]:
    lines = []
    if contact.phone:
        lines.append(f"Telefoon: {contact.phone}")
    if contact.email:
        lines.append(f"E-mail: {contact.email}")
    return lines


def _signature(project: Project, contact: Contact) -> list[str]:
    gemeente = project.gemeente.name
    role = f"{contact.job_title}, gemeente {gemeente}" if contact.job_title else f"Gemeente {gemeente}"
    return ["Met vriendelijke groet,", *([contact.name] if contact.name else []), role]


def _answer_lines(sessie: Sessie, links: tuple[str, str], inwoner: bool) -> list[str]:
    yes, no = links
    if sessie.reply_deadline < now_local().date():  # invited late: the day to answer by has gone
        ask = "Komt u? Laat het ons zo snel mogelijk weten." if inwoner else "Laat zo snel mogelijk weten of u komt."
    elif inwoner:
        ask = f"Komt u? Laat het ons weten vóór {_day(sessie.reply_deadline)}."
    else:
        ask = f"Laat vóór {_day(sessie.reply_deadline)} weten of u komt."
    return [
        f"{ask} Klik op een van deze twee links:",
        "",
        f"Ik kom: {yes}",
        f"Ik kom niet: {no}",
        "",
        "Verandert er iets? Dan kunt u met dezelfde links uw antwoord later nog aanpassen.",
    ]


def _topics(rk: Routekaart, sessie: Sessie, inwoner: bool) -> list[str]:
    keys = rk.mijlpaal_order(sessie.mijlpaal_keys)
    if not keys:
        return []
    if inwoner:
        topics = [rk.get("mijlpaal", k).for_inwoners or rk.get("mijlpaal", k).label for k in keys]
        return ["", "Waar praten we over?", *(f"- {t[:1].upper()}{t[1:]}" for t in topics)]
    return ["", "Mijlpalen: " + ", ".join(rk.get("mijlpaal", k).label for k in keys)]


def _agenda(sessie: Sessie, inwoner: bool) -> list[str]:
    return ["", "Het programma:" if inwoner else "Agenda:", sessie.agenda] if sessie.agenda else []


def invitation_text(
    rk: Routekaart, project: Project, sessie: Sessie, participant: Participant, contact: Contact, links
) -> tuple[str, str]:
    """(subject, text) of the first invitation: plain words for inwoners, the colleagues' letter for the rest."""
    who = contact.name or "de projectleider"
    if _for_inwoners(participant):
        subject = f"Uitnodiging: praat mee over hulp bij geldzorgen, {_day(sessie.on_date)}"
        lines = [
            f"Beste {participant.name or 'inwoner'},",
            "",
            "Heeft u zorgen over geld gehad? Of heeft u die nu? Dan weet u goed wat helpt en wat niet. "
            f"De gemeente {project.gemeente.name} wil de hulp bij geldzorgen beter maken. "
            "Daarom praten we graag met u.",
            "",
            *_facts(sessie, True),
            *_topics(rk, sessie, True),
            *_agenda(sessie, True),
            "",
            "Hoe gaat het?",
            "We praten in een kleine groep. Iemand van de gemeente leidt het gesprek, iemand anders schrijft op "
            "wat er gezegd wordt. U vertelt alleen wat u zelf wilt. Er zijn geen foute antwoorden, en uw naam "
            "schrijven we er niet bij. Heeft u een maatje, een vrijwilliger of een andere begeleider? Neem die "
            "gerust mee. Meedoen kost u niets.",
            "",
            *_answer_lines(sessie, links, True),
            "",
            f"Heeft u een vraag? Bel of mail dan met {who}.",
            *_contact_lines(contact),
            "",
            "In de bijlage van deze e-mail zit de afspraak. Daarmee zet u hem in uw agenda.",
            "",
            "We hopen u te zien!",
            "",
            *_signature(project, contact),
        ]
    else:
        title = sessie_title(rk, sessie)
        subject = f"Uitnodiging: {title}, {_day(sessie.on_date)}"
        lines = [
            f"Beste {participant.name or 'collega'},",
            "",
            f"De gemeente {project.gemeente.name} werkt aan het project {project.name}, met de routekaart "
            "Financiële Zorgen van de VNG: wat heeft een inwoner met geldzorgen nodig, en hoe zorgen we samen dat "
            f"die dat ook krijgt? Uw kennis uit de praktijk helpt daarbij. Daarom nodigen we u uit voor: {title}.",
            "",
            *_facts(sessie, False),
            *_topics(rk, sessie, False),
            *_agenda(sessie, False),
            "",
            "Wat vragen we van u?",
            "Neem uw ervaring mee: wat gaat goed voor inwoners met geldzorgen, en waar loopt het vast? Aan het "
            "eind spreken we af wie de uitkomsten uitwerkt en wie ze controleert.",
            "",
            *_answer_lines(sessie, links, False),
            "Kunt u niet? Een collega in uw plaats is ook welkom.",
            "",
            f"Vragen? Neem contact op met {who}.",
            *_contact_lines(contact),
            "",
            "De afspraak zit als agendabestand (.ics) in de bijlage.",
            "",
            *_signature(project, contact),
        ]
    return _one_line(subject), "\n".join(lines) + "\n"


def _shown(field: str, value) -> str:
    if value is None or value == "":
        return "niet ingevuld"
    if field == "on_date":
        return _day(value)
    if field == "start_time":
        return f"{value:%H:%M} uur"
    if field == "duration_minutes":
        return f"{value} minuten"
    if field == "mode":
        return "online" if value == SessieMode.ONLINE else "op locatie"
    return str(value)


@dataclass(frozen=True)
class Moved:
    """What changed about when or where a sessie is, as (label, before, after) texts."""

    changes: tuple[tuple[str, str, str], ...]
    was_on: date


def snapshot(sessie: Sessie) -> dict:
    return {field: getattr(sessie, field) for field in MOVE_FIELDS}


def moved(before: dict, sessie: Sessie) -> Moved | None:
    changes = tuple(
        (label, _shown(field, before[field]), _shown(field, getattr(sessie, field)))
        for field, label in MOVE_FIELDS.items()
        if before[field] != getattr(sessie, field)
    )
    return Moved(changes=changes, was_on=before["on_date"]) if changes else None


def update_text(
    rk: Routekaart, project: Project, sessie: Sessie, participant: Participant, contact: Contact, links, what: Moved
) -> tuple[str, str]:
    inwoner = _for_inwoners(participant)
    greeting = participant.name or ("inwoner" if inwoner else "collega")
    title = "de bijeenkomst over hulp bij geldzorgen" if inwoner else sessie_title(rk, sessie)
    lines = [
        f"Beste {greeting},",
        "",
        f"U bent uitgenodigd voor {title} op {_day(what.was_on)}. Daarin is iets veranderd:",
        "",
        *(f"- {label}: was {before}, nu {after}" for label, before, after in what.changes),
        "",
        "Zo ziet de afspraak er nu uit:",
        *_facts(sessie, inwoner),
        "",
        "Kunt u nu niet meer, of juist wel? Geef het door met een van deze links:",
        "",
        f"Ik kom: {links[0]}",
        f"Ik kom niet: {links[1]}",
        "",
        "In de bijlage zit de nieuwe afspraak voor uw agenda. Die vervangt de oude.",
        "",
        f"Vragen? Neem contact op met {contact.name or 'de projectleider'}.",
        *_contact_lines(contact),
        "",
        *_signature(project, contact),
    ]
    subject = f"Gewijzigd: {title}, nu op {_day(sessie.on_date)}"
    return _one_line(subject[:1].upper() + subject[1:]), "\n".join(lines) + "\n"


class Cancelled(enum.Enum):
    """Why an address gets a METHOD:CANCEL: each says it in its own words."""

    SESSIE_GONE = "sessie_gone"  # the sessie (or its whole project) was deleted
    REMOVED = "removed"  # the participant was taken off the list
    READDRESSED = "readdressed"  # the participant's address was changed: this one is no longer theirs to use


def _cancel_news(why: Cancelled, title: str, when: str) -> str:
    if why is Cancelled.REMOVED:
        return f"U staat niet meer op de lijst voor {title} op {when}. U hoeft dus niet te komen."
    if why is Cancelled.READDRESSED:
        return (
            f"U kreeg op dit e-mailadres een uitnodiging voor {title} op {when}. De uitnodiging gaat voortaan "
            "naar een ander e-mailadres; de afspraak op dit adres vervalt."
        )
    return f"{title[:1].upper()}{title[1:]} op {when} gaat niet door."


def cancel_text(
    rk: Routekaart, project: Project, sessie: Sessie, participant: Participant, contact: Contact, *, why: Cancelled
) -> tuple[str, str]:
    inwoner = _for_inwoners(participant)
    greeting = participant.name or ("inwoner" if inwoner else "collega")
    title = "de bijeenkomst over hulp bij geldzorgen" if inwoner else sessie_title(rk, sessie)
    when = f"{_day(sessie.on_date)} om {sessie.start_time:%H:%M} uur"
    lines = [
        f"Beste {greeting},",
        "",
        _cancel_news(why, title, when),
        "In de bijlage zit een bericht voor uw agenda: daarmee haalt u de afspraak weg.",
        "",
        f"Vragen? Neem contact op met {contact.name or 'de projectleider'}.",
        *_contact_lines(contact),
        "",
        *_signature(project, contact),
    ]
    subject = "Uitnodiging vervalt op dit adres" if why is Cancelled.READDRESSED else "Gaat niet door"
    return _one_line(f"{subject}: {title}, {when}"), "\n".join(lines) + "\n"


# --- enqueueing --------------------------------------------------------------------------------------


def _links(project: Project, sessie: Sessie, participant: Participant) -> tuple[str, str]:
    url = answer_url(project.id, sessie.id, participant.id, participant.email)
    return f"{url}?antwoord=ja", f"{url}?antwoord=nee"


def _enqueue(
    rk: Routekaart,
    project: Project,
    sessie: Sessie,
    participant: Participant,
    contact: Contact,
    text: tuple[str, str],
    *,
    method: str,
    sequence: int,
) -> None:
    subject, body = text
    ics = invitation_for(
        rk,
        project,
        sessie,
        method=method,
        sequence=sequence,
        organizer=_organizer(contact),
        attendee=(participant.email, participant.name),
        description=body,
        summary=f"{INWONER_TITLE} (gemeente {project.gemeente.name})" if _for_inwoners(participant) else None,
    )
    filename = "afzegging.ics" if method == "CANCEL" else "uitnodiging.ics"
    attachment = mail.Attachment(filename, f"text/calendar; method={method}; charset=utf-8", ics)
    # A participant who answers the mail itself reaches the contact person, not the tool's sender address.
    mail.enqueue(participant.email, subject, body, attachments=[attachment], reply_to=contact.email)


def send_invitation(
    rk: Routekaart, project: Project, sessie: Sessie, participant: Participant, contact: Contact, sequence: int
) -> None:
    """The first invitation to one participant (the caller checked the address and that it was not sent)."""
    text = invitation_text(rk, project, sessie, participant, contact, _links(project, sessie, participant))
    _enqueue(rk, project, sessie, participant, contact, text, method="REQUEST", sequence=sequence)
    participant.mailed_sequence = sequence


def mailed(participants: list[Participant]) -> list[Participant]:
    """Who had an invitation by mail and still has an address to send news to."""
    return [p for p in participants if p.mailed_sequence is not None and p.email]


def send_update(
    rk: Routekaart, project: Project, sessie: Sessie, participants: list[Participant], what: Moved, sequence: int
) -> int:
    """The moved sessie to everyone who had an earlier version; returns how many mails."""
    receivers = mailed(participants)
    contact = contact_of(project, sessie) if receivers else Contact()
    for participant in receivers:
        text = update_text(rk, project, sessie, participant, contact, _links(project, sessie, participant), what)
        _enqueue(rk, project, sessie, participant, contact, text, method="REQUEST", sequence=sequence)
        participant.mailed_sequence = sequence
    return len(receivers)


def send_cancellation(
    rk: Routekaart,
    project: Project,
    sessie: Sessie,
    participants: list[Participant],
    sequence: int,
    *,
    why: Cancelled,
) -> int:
    """METHOD:CANCEL to everyone of `participants` who had the invitation; returns how many mails."""
    receivers = mailed(participants)
    contact = contact_of(project, sessie) if receivers else Contact()
    for participant in receivers:
        text = cancel_text(rk, project, sessie, participant, contact, why=why)
        _enqueue(rk, project, sessie, participant, contact, text, method="CANCEL", sequence=sequence)
        participant.mailed_sequence = sequence
    return len(receivers)
