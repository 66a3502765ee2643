"""Planning and running the sessies of Fase 2.

Rules from the toolkit: a sessie lasts at most 2.5 hours; plan one to two weeks between sessies;
sessies with inwoners preferably on location; sessies with inwoners or professionals cover mijlpalen and use
option A or B. Warnings (not errors) point out what the toolkit advises against. A finished (afgerond)
sessie is read-only until it is reopened: every change, here and to its results, loads it through
`sessie_to_change` or checks `require_open`. Who comes to a sessie is in participants.py.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import flag_modified

from .. import access
from ..access import Need
from ..errors import NotFound, ValidationError
from ..extensions import db
from ..formatting import datum
from ..inputs_from import input_from
from ..models import (
    CalendarFeed,
    InvitationStatus,
    Participant,
    Project,
    ProjectMijlpaal,
    Sessie,
    SessieMijlpaal,
    SessieMode,
    SessieStatus,
    SessieTimes,
    TeamMember,
    User,
)
from ..projects import facts, planning
from ..projects.summaries import kept_while_unchanged, load_project
from ..routekaart import Routekaart, ScopeType, current_routekaart
from ..services_common import commit_or_conflict, expect_version, lock_project, save_row
from . import invitation_mail
from .calendar import title_from

MAX_DURATION_MINUTES = 150
MIN_DURATION_MINUTES = 15
DEFAULT_START = time(13, 30)
DEFAULT_DURATION = 120
# A sessie of 2.5 hours at a few tables: more people than this and not everyone gets to speak.

# Allowed lifecycle moves, each with the button label the user sees.
TRANSITIONS = {
    SessieStatus.CONCEPT: {SessieStatus.GEPLAND: "Uitnodigingen zijn verstuurd"},
    SessieStatus.GEPLAND: {SessieStatus.BEZIG: "Sessie starten", SessieStatus.CONCEPT: "Terug naar concept"},
    SessieStatus.BEZIG: {SessieStatus.AFGEROND: "Sessie afronden"},
    SessieStatus.AFGEROND: {SessieStatus.BEZIG: "Heropenen om te wijzigen"},
}
# Starting and finishing happen on the sessie's day or later; planning and reopening can happen any day.
ON_THE_DAY = {
    (SessieStatus.GEPLAND, SessieStatus.BEZIG): "starten",
    (SessieStatus.BEZIG, SessieStatus.AFGEROND): "afronden",
}
READ_ONLY_MESSAGE = "Deze sessie is afgerond. Heropen haar eerst als u iets wilt wijzigen."


# --- input and validation --------------------------------------------------------------------------


@dataclass
class SessieInput:
    session_type: str
    on_date: date | None
    start_time: time | None
    duration_minutes: int | None
    mijlpalen: list[str] = field(default_factory=list)
    option: str | None = None
    title: str = ""
    mode: str = "fysiek"
    location: str = ""
    online_url: str = ""
    procesbegeleider: str = ""
    administrator: str = ""
    agenda: str = ""
    route: str = ""
    accessibility: str = ""
    travel_costs: str = ""
    reply_by: date | None = None
    contact_user_id: int | None = None  # None: the invitation names the projectleider


def sessie_input_from(sessie: Sessie) -> SessieInput:
    """A stored sessie as the form would submit it (its mijlpaal rows loaded)."""
    return input_from(SessieInput, sessie, mijlpalen=sessie.mijlpaal_keys)


def sessie_record_errors(rk: Routekaart, data: SessieInput) -> dict[str, list[str]]:
    """The rules a stored sessie keeps for good (an imported one too); validate_sessie adds the project's scope."""
    errors: dict[str, list[str]] = {}
    session_type = rk.get("session_type", data.session_type)
    if session_type is None:
        errors["session_type"] = ["Kies een soort sessie uit de lijst."]
    if data.on_date is None:
        errors["on_date"] = ["Vul de datum van de sessie in."]
    if data.start_time is None:
        errors["start_time"] = ["Vul de begintijd in."]
    if data.duration_minutes is None:
        errors["duration_minutes"] = ["Vul de duur in minuten in."]
    elif data.duration_minutes > MAX_DURATION_MINUTES:
        errors["duration_minutes"] = [
            "Een sessie duurt maximaal 2,5 uur (150 minuten). Splits een langere sessie in tweeën."
        ]
    elif data.duration_minutes < MIN_DURATION_MINUTES:
        errors["duration_minutes"] = [f"Een sessie duurt minstens {MIN_DURATION_MINUTES} minuten."]
    if data.mode not in {m.value for m in SessieMode}:
        errors["mode"] = ["Kies of de sessie op locatie of online is."]
    elif data.mode == SessieMode.ONLINE.value and not data.online_url.strip():
        errors["online_url"] = ["Vul de link naar de online sessie in."]
    elif data.mode == SessieMode.FYSIEK.value and not data.location.strip():
        errors["location"] = ["Vul de plaats van de sessie in, bijvoorbeeld het adres en de zaal."]
    if data.online_url.strip() and not data.online_url.strip().lower().startswith(("https://", "http://")):
        errors["online_url"] = ["Een link begint met https://."]
    if data.reply_by is not None and data.on_date is not None and data.reply_by > data.on_date:
        errors["reply_by"] = ["Kies een dag vóór de sessie of de dag van de sessie zelf."]
    if session_type is not None:
        errors.update(_mijlpaal_errors(rk, session_type, data))
    return errors


def validate_sessie(rk: Routekaart, project: Project, data: SessieInput, sessie: Sessie | None = None) -> None:
    """`sessie`: the stored one being changed (None for a new one), whose contact may stay as it is."""
    errors = sessie_record_errors(rk, data)
    session_type = rk.get("session_type", data.session_type)
    if session_type is not None and session_type.per_mijlpaal:
        errors.update(_scope_errors(project, data))
    errors.update(_contact_errors(project, data, sessie))
    if errors:
        raise ValidationError(errors)


def contact_choices(project: Project, sessie: Sessie | None = None) -> list[User]:
    """Who a sessie may name as the invitation's contact: the team's members with an account that still works
    for the project's gemeente, and the sessie's own contact while they do (so saving leaves them in place
    after they left the team). One query."""
    team_users = sa.select(TeamMember.user_id).where(
        TeamMember.project_id == project.id, TeamMember.user_id.is_not(None)
    )
    wanted: sa.ColumnElement[bool] = User.id.in_(team_users)
    if sessie is not None and sessie.contact_user_id is not None:
        wanted = sa.or_(wanted, User.id == sessie.contact_user_id)
    return list(db.session.scalars(access.gemeente_users_query(project.gemeente_id).where(wanted)))


def _contact_errors(project: Project, data: SessieInput, sessie: Sessie | None) -> dict[str, list[str]]:
    """A contact of another gemeente (or an id that is no one) is refused; the form offers only the team."""
    if data.contact_user_id is None or data.contact_user_id in {u.id for u in contact_choices(project, sessie)}:
        return {}
    return {
        "contact_user_id": [
            "Kies als contactpersoon iemand uit het projectteam die bij deze gemeente werkt, of laat het veld "
            "leeg: dan staat de projectleider in de uitnodiging."
        ]
    }


def _mijlpaal_errors(rk: Routekaart, session_type, data: SessieInput) -> dict:
    errors = {}
    if not session_type.per_mijlpaal:
        if data.mijlpalen:
            errors["mijlpalen"] = [f"Een {session_type.label.lower()} gaat niet over losse mijlpalen; vink ze uit."]
        if data.option:
            errors["option"] = ["Optie A of B hoort alleen bij sessies met inwoners of professionals."]
        return errors
    if not data.mijlpalen:
        errors["mijlpalen"] = ["Kies de mijlpaal of mijlpalen die deze sessie behandelt."]
    if data.option not in {o.key for o in rk.session_options}:
        errors["option"] = ["Kies optie A of optie B."]
    return errors


def _scope_errors(project: Project, data: SessieInput) -> dict:
    """Checked when the sessie is entered, not kept for good: a later change of scope keeps the sessie as it is."""
    if data.mijlpalen and not set(data.mijlpalen) <= set(project.mijlpaal_keys):
        return {"mijlpalen": ["Kies alleen mijlpalen die bij dit project horen."]}
    return {}


def _apply(sessie: Sessie, data: SessieInput, rk: Routekaart) -> None:
    """Copy validated input onto the sessie (validate_sessie has refused a missing date, time or duration)."""
    assert data.on_date is not None and data.start_time is not None and data.duration_minutes is not None
    sessie.session_type = data.session_type
    sessie.option = data.option or None
    sessie.title = data.title.strip()[:200]
    sessie.on_date, sessie.start_time, sessie.duration_minutes = data.on_date, data.start_time, data.duration_minutes
    sessie.mode = SessieMode(data.mode)
    sessie.location = data.location.strip()[:300]
    sessie.online_url = data.online_url.strip()[:500]
    sessie.procesbegeleider = data.procesbegeleider.strip()[:120]
    sessie.administrator = data.administrator.strip()[:120]
    sessie.agenda = data.agenda.strip()
    sessie.route = data.route.strip()
    sessie.accessibility = data.accessibility.strip()
    sessie.travel_costs = data.travel_costs.strip()
    sessie.reply_by = data.reply_by
    sessie.contact_user_id = data.contact_user_id
    wanted = rk.mijlpaal_order(data.mijlpalen)
    current = {row.mijlpaal: row for row in sessie.mijlpaal_rows}
    for key in set(current) - set(wanted):
        sessie.mijlpaal_rows.remove(current[key])
    for key in wanted:
        if key not in current:
            sessie.mijlpaal_rows.append(SessieMijlpaal(mijlpaal=key))


# --- loading ---------------------------------------------------------------------------------------

_SESSIE_OPTIONS = (selectinload(Sessie.mijlpaal_rows), selectinload(Sessie.participants))
_PROJECT_OPTIONS = (joinedload(Project.gemeente), selectinload(Project.mijlpaal_rows))


def _project(actor: User, project_id: int, need: Need) -> Project:
    return access.get_project(actor, project_id, need, options=_PROJECT_OPTIONS)


def project_sessies(project: Project) -> list[Sessie]:
    """The project's sessies in date order (the caller loaded the project through access), their (few) mijlpalen
    joined in, their participants and their own contact person loaded."""
    return list(
        db.session.scalars(
            sa.select(Sessie)
            .where(Sessie.project_id == project.id)
            .options(
                joinedload(Sessie.mijlpaal_rows),
                selectinload(Sessie.participants),
                joinedload(Sessie.contact_user),  # the invitation's own contact, named on the pages and in it
            )
            .order_by(Sessie.on_date, Sessie.start_time, Sessie.id)
        ).unique()
    )


# How many people are coming to a sessie, counted in SQL: the list shows the number, not the participants.
_COMING = (
    sa.select(
        sa.func.coalesce(
            sa.func.sum(sa.case((Participant.invitation == InvitationStatus.AFGEMELD, 0), else_=Participant.headcount)),
            0,
        )
    )
    .where(Participant.sessie_id == Sessie.id)
    .scalar_subquery()
)


@dataclass(frozen=True, slots=True)
class SessieValues(SessieTimes):
    """A sessie as the list shows it, as plain values: a page of the list is kept between requests."""

    id: int
    title: str  # the user's own, or "" (SessieRow.title is the one to show)
    session_type: str
    option: str | None
    on_date: date
    start_time: time
    duration_minutes: int
    mode: SessieMode
    location: str
    status: SessieStatus


_LISTED_COLUMNS = tuple(getattr(Sessie, name) for name in SessieValues.__slots__)


def _listed_sessies(project: Project) -> list[tuple[SessieValues, list[str], int]]:
    """The project's sessies in date order, each with its mijlpalen (in the order chosen) and the number of people
    coming (as `_coming` counts them): one statement for the list."""
    mijlpalen = facts.listed(SessieMijlpaal.mijlpaal, SessieMijlpaal.sessie_id == Sessie.id)
    rows = db.session.execute(
        sa.select(*_LISTED_COLUMNS, mijlpalen, _COMING)
        .where(Sessie.project_id == project.id)
        .order_by(Sessie.on_date, Sessie.start_time, Sessie.id)
    )
    width = len(_LISTED_COLUMNS)
    return [(SessieValues(*row[:width]), list(facts.split_listed(row[width])), int(row[width + 1])) for row in rows]


def _scope_type(rk: Routekaart, project: Project) -> ScopeType:
    return rk.get("scope_type", project.scope_type)


def uitvoering_of(rk: Routekaart, project: Project, mijlpaal_count: int | None = None) -> planning.PlannedPhase:
    """The planned dates of the phase in which the sessies are held; `mijlpaal_count` when the project's
    mijlpaal rows were counted rather than loaded."""
    count = len(project.mijlpaal_rows) if mijlpaal_count is None else mijlpaal_count
    return planning.session_phase(rk, _scope_type(rk, project).selection, count, project.start_date)


def _list_facts(project: Project) -> tuple[int, bool]:
    """How many mijlpalen the project's scope holds and whether it has a calendar feed, in one round trip."""
    mijlpalen = sa.select(sa.func.count()).where(ProjectMijlpaal.project_id == project.id).scalar_subquery()
    feed = sa.exists().where(CalendarFeed.project_id == project.id)
    count, has_feed = db.session.execute(sa.select(mijlpalen, feed)).one()
    return count, bool(has_feed)


def notices(
    rk: Routekaart, sessies: Sequence[Sessie | SessieValues], uitvoering: planning.PlannedPhase
) -> dict[int, list[str]]:
    """Advice per sessie: too close to another one, online with inwoners, outside the Uitvoering."""
    result: dict[int, list[str]] = {s.id: [] for s in sessies}
    for earlier, later in planning.too_soon_after(sessies):
        result[later.id].append(
            f"Minder dan een week na de sessie van {datum(earlier.on_date)}: plan liever één tot twee weken "
            "ertussen, zodat er tijd is om de resultaten uit te werken."
        )
    outside = {s.id for s in planning.outside(sessies, uitvoering)}
    for sessie in sessies:
        session_type = rk.get("session_type", sessie.session_type)
        if session_type is not None and session_type.with_inwoners and sessie.mode == SessieMode.ONLINE:
            result[sessie.id].append(
                "Inwoners doen vaak makkelijker mee op locatie, zeker als hun eigen "
                "begeleider erbij kan zijn. Overweeg een fysieke sessie."
            )
        if sessie.id in outside:
            result[sessie.id].append(
                f"Valt buiten de geplande Uitvoering ({datum(uitvoering.start)} tot en met "
                f"{datum(uitvoering.last_day)})."
            )
    return result


def days_late(sessie: Sessie | SessieValues, today: date) -> int:
    """Days since the sessie's date while it is not marked held (afgerond); 0 when it is not late. The same rule
    as the project's progress (`projects.facts`), so the sessies list and the project page agree."""
    return (today - sessie.on_date).days if sessie.status != SessieStatus.AFGEROND and sessie.on_date < today else 0


@dataclass(frozen=True)
class SessieRow:
    """One sessie as the list shows it, prepared here so that the page only formats."""

    sessie: SessieValues
    title: str
    headcount: int  # who is coming: not those who cancelled
    days_late: int
    notices: list[str]


@dataclass(frozen=True)
class SessieListPage:
    project: Project
    sessies: list[SessieValues]
    rows: list[SessieRow]
    uitvoering: planning.PlannedPhase
    has_feed: bool
    can_write: bool
    can_manage: bool
    today: date
    # What the rows were taken from, the same object while the page is kept: rendered.part_of keeps the table's
    # HTML with it.
    made_from: _ListedSessies

    @property
    def late_count(self) -> int:
        return self.made_from.late_count


def sessie_list_page(actor: User, project_id: int, today: date | None = None) -> SessieListPage:
    rk, today = current_routekaart(), today or date.today()
    project, fingerprint = load_project(actor, project_id, Need.READ, [joinedload(Project.gemeente)], today)

    def listed() -> _ListedSessies:
        mijlpaal_count, has_feed = _list_facts(project)
        found = _listed_sessies(project)
        sessies = [sessie for sessie, _keys, _coming in found]
        uitvoering = uitvoering_of(rk, project, mijlpaal_count)
        advice = notices(rk, sessies, uitvoering)
        rows = [
            SessieRow(
                sessie=s,
                title=title_from(rk, s.title, s.session_type, keys),
                headcount=coming,
                days_late=days_late(s, today),
                notices=advice[s.id],
            )
            for s, keys, coming in found
        ]
        return _ListedSessies(sessies, rows, uitvoering, has_feed)

    # kept while the project is unchanged (summaries.kept_while_unchanged); the day is in its marker
    shown = kept_while_unchanged(("sessies", project.id), fingerprint, listed)
    return SessieListPage(
        project=project,
        sessies=shown.sessies,
        rows=shown.rows,
        uitvoering=shown.uitvoering,
        has_feed=shown.has_feed,
        can_write=access.can(actor, project, Need.WRITE),
        can_manage=access.can(actor, project, Need.MANAGE),
        today=today,
        made_from=shown,
    )


@dataclass(frozen=True)
class _ListedSessies:
    sessies: list[SessieValues]
    rows: list[SessieRow]
    uitvoering: planning.PlannedPhase
    has_feed: bool

    @property
    def late_count(self) -> int:
        return sum(1 for row in self.rows if row.days_late)


@dataclass(frozen=True)
class SessiePage:
    project: Project
    sessie: Sessie
    notices: list[str]
    transitions: dict[SessieStatus, str]  # only the moves that may be made today
    can_write: bool

    @property
    def waits_for_the_day(self) -> str | None:
        """What is held back until the sessie's day ('starten' or 'afronden'), or None."""
        held_back = (t for t in TRANSITIONS[self.sessie.status] if t not in self.transitions)
        return next((ON_THE_DAY[(self.sessie.status, t)] for t in held_back), None)

    @property
    def read_only(self) -> bool:
        return is_read_only(self.sessie)

    @property
    def headcount(self) -> int:
        return people_coming_to(self.sessie.participants)


def sessie_page(actor: User, project_id: int, sessie_id: int, today: date | None = None) -> SessiePage:
    rk, today = current_routekaart(), today or date.today()
    project = _project(actor, project_id, Need.READ)
    sessies = project_sessies(project)  # all of them for the notices; the sessie itself is one of them
    sessie = next((s for s in sessies if s.id == sessie_id), None)
    if sessie is None:
        raise NotFound()
    return SessiePage(
        project=project,
        sessie=sessie,
        notices=notices(rk, sessies, uitvoering_of(rk, project))[sessie.id],
        transitions=transitions_today(sessie, today),
        can_write=access.can(actor, project, Need.WRITE),
    )


def _too_early(sessie: Sessie, target: SessieStatus, today: date) -> bool:
    return (sessie.status, target) in ON_THE_DAY and today < sessie.on_date


def transitions_today(sessie: Sessie, today: date) -> dict[SessieStatus, str]:
    """The moves of TRANSITIONS the sessie may make today: a sessie is not started or finished before its day."""
    return {
        target: label for target, label in TRANSITIONS[sessie.status].items() if not _too_early(sessie, target, today)
    }


def get_sessie(actor: User, project_id: int, sessie_id: int, need: Need = Need.READ) -> tuple[Project, Sessie]:
    """A sessie of the project with its mijlpalen and participants (and the project's own)."""
    return access.get_in_project(
        actor, project_id, Sessie, sessie_id, need, options=_SESSIE_OPTIONS, project_options=_PROJECT_OPTIONS
    )


def is_read_only(sessie: Sessie) -> bool:
    """A finished sessie is read-only, and so are its participants and results, until it is reopened."""
    return sessie.status == SessieStatus.AFGEROND


def require_open(sessie: Sessie) -> None:
    if is_read_only(sessie):
        raise ValidationError(READ_ONLY_MESSAGE)


def sessie_to_change(actor: User, project_id: int, sessie_id: int) -> tuple[Project, Sessie]:
    """A sessie the actor may change and that is still open; ValidationError when it is finished."""
    project, sessie = get_sessie(actor, project_id, sessie_id, Need.WRITE)
    require_open(sessie)
    return project, sessie


def people_coming(headcount: int, invitation: InvitationStatus) -> int:
    """How many people a participant row brings to the sessie: none once they cancelled."""
    return 0 if invitation == InvitationStatus.AFGEMELD else headcount


def people_coming_to(participants: Iterable[Participant]) -> int:
    """How many people these rows bring to the sessie, as they are stored now."""
    return sum(people_coming(p.headcount, p.invitation) for p in participants)


def participants_now(project: Project, sessie: Sessie) -> list[Participant]:
    """The sessie's participants as stored now, read under the project's lock, so two saves at the same moment
    (each checking the sessie's total, or a row someone else just changed) happen one after the other."""
    lock_project(project)
    return list(
        db.session.scalars(
            sa.select(Participant)
            .where(Participant.sessie_id == sessie.id)
            .order_by(Participant.id)
            .execution_options(populate_existing=True)
        )
    )


def project_for_new_sessie(actor: User, project_id: int) -> Project:
    return _project(actor, project_id, Need.WRITE)


# --- changes ---------------------------------------------------------------------------------------


def create_sessie(actor: User, project_id: int, data: SessieInput) -> Sessie:
    rk = current_routekaart()
    project = _project(actor, project_id, Need.WRITE)
    validate_sessie(rk, project, data)
    sessie = Sessie(project_id=project.id, mijlpaal_rows=[])
    _apply(sessie, data, rk)
    return save_row(sessie)


def update_sessie(
    actor: User,
    project_id: int,
    sessie_id: int,
    data: SessieInput,
    expected_version: int | None,
    now: datetime | None = None,
) -> Sessie:
    """Save the sessie; when it moved (day, time, duration, place), those mailed the invitation get an update."""
    rk = current_routekaart()
    project, sessie = get_sessie(actor, project_id, sessie_id, Need.WRITE)
    expect_version(sessie, expected_version)
    require_open(sessie)
    validate_sessie(rk, project, data, sessie)
    before = invitation_mail.snapshot(sessie)
    _apply(sessie, data, rk)
    flag_modified(sessie, "title")  # always UPDATE the row, so the version moves even if only mijlpalen changed
    what = invitation_mail.moved(before, sessie)
    if what is not None and not invitation_mail.has_started(sessie, now):
        # Those mailed an earlier version get this one: the version the UPDATE gives the row. Read under the
        # project's lock, as "Uitnodiging versturen" does, so one mailed at this moment is not left out.
        with db.session.no_autoflush:  # the sessie's UPDATE waits for the commit (and its conflict check)
            participants = participants_now(project, sessie)
        invitation_mail.send_update(rk, project, sessie, participants, what, sessie.version + 1)
    commit_or_conflict()
    return sessie


def change_status(
    actor: User,
    project_id: int,
    sessie_id: int,
    new_status: str,
    expected_version: int | None,
    today: date | None = None,
) -> Sessie:
    _project_record, sessie = get_sessie(actor, project_id, sessie_id, Need.WRITE)
    expect_version(sessie, expected_version)
    try:
        target = SessieStatus(new_status)
    except ValueError:
        raise ValidationError("Onbekende status.") from None
    if target not in TRANSITIONS[sessie.status]:
        raise ValidationError(f"Een sessie met status '{sessie.status.label}' kan niet naar '{target.label}'.")
    if _too_early(sessie, target, today or date.today()):
        raise ValidationError(
            f"Deze sessie is op {datum(sessie.on_date)}. U kunt haar pas op die dag "
            f"{ON_THE_DAY[(sessie.status, target)]}."
        )
    sessie.status = target
    commit_or_conflict()
    return sessie


def delete_sessie(actor: User, project_id: int, sessie_id: int, now: datetime | None = None) -> None:
    """Delete the sessie; those mailed the invitation of a sessie still to come are told it is off."""
    project, sessie = sessie_to_change(actor, project_id, sessie_id)
    if not invitation_mail.has_started(sessie, now):
        participants = participants_now(project, sessie)  # under the lock: who was mailed until now
        invitation_mail.send_cancellation(
            current_routekaart(),
            project,
            sessie,
            participants,
            sessie.version + 1,
            why=invitation_mail.Cancelled.SESSIE_GONE,
        )
    db.session.delete(sessie)
    commit_or_conflict()


def _to_come(project: Project, now: datetime | None) -> list[Sessie]:
    """The project's sessies that have not begun yet, with their participants."""
    sessies = db.session.scalars(
        sa.select(Sessie).where(Sessie.project_id == project.id).order_by(Sessie.id).options(*_SESSIE_OPTIONS)
    ).all()
    return [sessie for sessie in sessies if not invitation_mail.has_started(sessie, now)]


def mailed_to_come(project: Project, now: datetime | None = None) -> int:
    """How many participants were mailed the invitation of a sessie still to come: whom deleting the project
    tells that it is off."""
    return sum(len(invitation_mail.mailed(list(sessie.participants))) for sessie in _to_come(project, now))


def cancel_all_to_come(project: Project, now: datetime | None = None) -> int:
    """Before the whole project is deleted: everyone mailed the invitation of a sessie still to come is told it
    is off, as when that sessie alone is deleted. Returns how many mails; the caller commits."""
    lock_project(project)  # who was mailed until now, as delete_sessie reads it
    rk, sent = current_routekaart(), 0
    for sessie in _to_come(project, now):
        mailed = list(sessie.participants)
        sent += invitation_mail.send_cancellation(
            rk, project, sessie, mailed, sessie.version + 1, why=invitation_mail.Cancelled.SESSIE_GONE
        )
    return sent


def mailed_participants(sessie: Sessie) -> list[Participant]:
    """The participants (loaded with the sessie) whom deleting or moving the sessie sends a mail."""
    return invitation_mail.mailed(list(sessie.participants))


# --- proposed schedule -----------------------------------------------------------------------------


def _first_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _mijlpaal_groups(mijlpalen: list[str], max_groups: int) -> list[list[str]]:
    size = max(1, math.ceil(len(mijlpalen) / max(1, max_groups)))
    return [mijlpalen[i : i + size] for i in range(0, len(mijlpalen), size)]


def _proposed_plan(rk: Routekaart, project: Project, groups: list[list[str]]) -> list[tuple[str, list[str]]]:
    """(session type key, mijlpalen) per sessie: the kick-off, the scope's per-mijlpaal sessies, the rest."""

    def once(purpose: str) -> list[tuple[str, list[str]]]:
        return [(t.key, []) for t in rk.session_types_for(purpose)]

    per_mijlpaal = _scope_type(rk, project).session_type
    return once("kick_off") + [(per_mijlpaal, g) for g in groups] + once("bedrijfsvoering") + once("resultaten")


def propose_schedule(actor: User, project_id: int) -> list[Sessie]:
    """Kick-off, sessies for the project's mijlpalen, bedrijfsvoering and resultaten, as concepts.

    Spaced two weeks apart when the planned Uitvoering has room, otherwise one week; mijlpalen are
    grouped so that everything fits. Only for a project without sessies, so nothing is overwritten; the
    project's row is locked first, so of two clicks at the same moment the second sees the first's sessies.
    """
    rk = current_routekaart()
    project = _project(actor, project_id, Need.WRITE)
    lock_project(project)
    if db.session.scalar(sa.select(sa.func.count()).select_from(Sessie).where(Sessie.project_id == project.id)):
        raise ValidationError(
            "Er zijn al sessies gepland. Een voorstel maken we alleen voor een project "
            "zonder sessies, zodat er niets wordt overschreven."
        )
    uitvoering = uitvoering_of(rk, project)
    weeks = uitvoering.weeks
    mijlpalen = rk.mijlpaal_order(project.mijlpaal_keys)
    plan = _proposed_plan(rk, project, _mijlpaal_groups(mijlpalen, max_groups=weeks - 3))
    spacing = timedelta(weeks=2 if 2 * (len(plan) - 1) < weeks else 1)
    first = _first_weekday(uitvoering.start)
    sessies = []
    for index, (session_type, keys) in enumerate(plan):
        sessie = Sessie(
            project_id=project.id,
            session_type=session_type,
            option="a" if keys else None,
            on_date=first + index * spacing,
            start_time=DEFAULT_START,
            duration_minutes=DEFAULT_DURATION,
            mode=SessieMode.FYSIEK,
            mijlpaal_rows=[SessieMijlpaal(mijlpaal=k) for k in keys],
        )
        db.session.add(sessie)
        sessies.append(sessie)
    commit_or_conflict()
    return sessies


# --- calendar feed ---------------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_feed(actor: User, project_id: int) -> str:
    """A new secret feed address (replacing any old one); the token is returned once, never stored.

    The project's row is locked first: of parallel requests each replaces the one before, none clashes
    with another's new row, and the last one's address is the one that works.
    """
    project = _project(actor, project_id, Need.MANAGE)
    lock_project(project)
    token = secrets.token_urlsafe(32)
    db.session.execute(sa.delete(CalendarFeed).where(CalendarFeed.project_id == project.id))
    db.session.add(CalendarFeed(project_id=project.id, token_hash=_hash(token)))
    commit_or_conflict()
    return token


def revoke_feed(actor: User, project_id: int) -> None:
    project = _project(actor, project_id, Need.MANAGE)
    lock_project(project)  # one after the other with a new feed asked for at the same moment
    db.session.execute(sa.delete(CalendarFeed).where(CalendarFeed.project_id == project.id))
    commit_or_conflict()


def feed_sessies(token: str) -> tuple[Project, list[Sessie]]:
    """The sessies behind a feed token, for the public calendar address; unknown token -> NotFound."""
    if not token or len(token) > 100:
        raise NotFound()
    feed = db.session.scalars(sa.select(CalendarFeed).where(CalendarFeed.token_hash == _hash(token))).one_or_none()
    if feed is None:
        raise NotFound()
    project = db.session.scalars(
        sa.select(Project).where(Project.id == feed.project_id).options(joinedload(Project.gemeente))
    ).one()
    return project, project_sessies(project)
