"""iCalendar files for sessies (one sessie, or a project's subscribable feed). No database access."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from ..models import Project, Sessie, SessieMode, SessieStatus
from ..routekaart import Routekaart

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def sessie_title(rk: Routekaart, sessie: Sessie) -> str:
    """The title the user gave, or one made from the type and mijlpalen."""
    return title_from(rk, sessie.title, sessie.session_type, sessie.mijlpaal_keys)


def title_from(rk: Routekaart, title: str, session_type: str, mijlpaal_keys: list[str]) -> str:
    """sessie_title from a sessie's values, for a list that reads them without loading the sessies."""
    if title:
        return title
    label = rk.get("session_type", session_type).label
    mijlpalen = [rk.get("mijlpaal", k).label for k in rk.mijlpaal_order(mijlpaal_keys)]
    return f"{label}: {', '.join(mijlpalen)}" if mijlpalen else label


def _description(rk: Routekaart, sessie: Sessie) -> str:
    lines = []
    if sessie.option:
        option = next(o for o in rk.session_options if o.key == sessie.option)
        lines.append(option.label)
    if sessie.procesbegeleider:
        lines.append(f"Procesbegeleider: {sessie.procesbegeleider}")
    if sessie.administrator:
        lines.append(f"Administrator: {sessie.administrator}")
    if sessie.mode == SessieMode.ONLINE and sessie.online_url:
        lines.append(f"Online: {sessie.online_url}")
    if sessie.agenda:
        lines.extend(["", "Agenda:", sessie.agenda])
    return "\n".join(lines)


def sessie_uid(project: Project, sessie: Sessie) -> str:
    """The UID of a sessie in every calendar file, the feed and the mailed invitations alike: stable for good."""
    return f"sessie-{sessie.id}-project-{project.id}@rfz-implementatietool"


def _event(rk: Routekaart, project: Project, sessie: Sessie, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", sessie_uid(project, sessie))
    event.add("dtstamp", stamp)
    event.add("dtstart", sessie.starts_at.replace(tzinfo=AMSTERDAM))
    event.add("dtend", sessie.ends_at.replace(tzinfo=AMSTERDAM))
    event.add("summary", f"{sessie_title(rk, sessie)} ({project.gemeente.name})")
    event.add("location", sessie.location if sessie.mode == SessieMode.FYSIEK else sessie.online_url)
    event.add("description", _description(rk, sessie))
    # A concept is not yet announced to anyone: mark it tentative in the calendar.
    event.add("status", "TENTATIVE" if sessie.status == SessieStatus.CONCEPT else "CONFIRMED")
    event.add("sequence", sessie.version or 0)
    return event


def calendar_for(rk: Routekaart, project: Project, sessies: list[Sessie]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//RFZ-implementatietool//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Sessies {project.name} ({project.gemeente.name})")
    stamp = datetime.now(UTC)
    for sessie in sessies:
        calendar.add_component(_event(rk, project, sessie, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    address.params.update(params)
    return address


def invitation_for(
    rk: Routekaart,
    project: Project,
    sessie: Sessie,
    *,
    method: str,
    sequence: int,
    organizer: tuple[str, str],
    attendee: tuple[str, str],
    description: str,
    summary: str | None = None,
) -> bytes:
    """The .ics mailed to one participant (RFC 5546): METHOD:REQUEST for an invitation or its update, CANCEL
    when the sessie or the participant's place in it is cancelled; the sessie's own UID, and a SEQUENCE higher
    than any the participant had before. `organizer` and `attendee` are (e-mail, name)."""
    calendar = Calendar()
    calendar.add("prodid", "-//RFZ-implementatietool//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = _event(rk, project, sessie, datetime.now(UTC))
    event.pop("sequence")
    event.add("sequence", sequence)
    if summary is not None:  # inwoners read plain words, not the toolkit's name of the sessie
        event.pop("summary")
        event.add("summary", summary)
    event.pop("description")
    event.add("description", description)
    event.pop("status")
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("organizer", _address(*organizer))
    event.add(
        "attendee",
        _address(*attendee, ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="FALSE", CUTYPE="INDIVIDUAL"),
    )
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
