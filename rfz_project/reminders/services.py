"""Reminders and notices by e-mail, and which of them each user wants.

- Preferences: one row per user (`MailPreference`); no row means every kind is on. Mail that answers what the
  user asked for (a password reset, an invitation) is not switchable and does not look here.
- `send_reminders(today)` (`flask rfz send-reminders`, run daily by a timer): the weekly digest, once per ISO
  week, and the reminder the day before a sessie. Each mail is written to the outbox in one transaction with a
  `SentReminder` row that is unique per kind, user and key; a second run (also one at the same moment on
  another machine) finds the row and sends nothing. A run reads its users, projects and sessies in a fixed
  number of statements, whatever their number.
- Notices of support requests (`support_asked`, `support_taken`, `support_closed`): called by
  support/services.py before its own commit, so the mail is saved with the change or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from .. import links
from ..actions.services import days_late, is_overdue
from ..errors import ConflictError, NotAuthorized
from ..extensions import db
from ..formatting import aantal, datum
from ..mail import services as mail
from ..models import (
    Action,
    ActionStatus,
    Gemeente,
    MailPreference,
    Membership,
    MembershipRole,
    ProcesbegeleiderAssignment,
    Project,
    ReminderKind,
    SentReminder,
    Sessie,
    SessieStatus,
    SupportRequest,
    TeamMember,
    User,
)
from ..models.base import utcnow
from ..projects import facts, progress
from ..projects.summaries import summaries_for
from ..routekaart import current_routekaart
from ..services_common import commit_or_conflict, expect_version
from ..sessions.calendar import sessie_title

DIGEST_DAYS_AHEAD = 7  # the digest lists the sessies of today and the six days after
DIGEST_MOST_ACTIONS = 5  # late actions named per project; the rest are counted, the action list is one link away
SIGNATURE = "Met vriendelijke groet,\nRFZ-implementatietool\n"
PREFERENCES_FOOTER = "Welke e-mail u van de tool krijgt, kiest u zelf onder Mijn account, E-mailberichten:\n"

# The three switchable kinds, as the columns of MailPreference.
WEEKLY_DIGEST = "weekly_digest"
SESSIE_REMINDERS = "sessie_reminders"
SUPPORT_NOTICES = "support_notices"
KINDS = (WEEKLY_DIGEST, SESSIE_REMINDERS, SUPPORT_NOTICES)

_SENT = cast(sa.Table, SentReminder.__table__)

LinkFor = Callable[..., str]  # (endpoint, **values) -> full address; links.page_url unless a caller knows better


def _text(value: date) -> str:
    return datum(value, space=" ")


# --- preferences -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preferences:
    weekly_digest: bool = True
    sessie_reminders: bool = True
    support_notices: bool = True
    version: int | None = None  # None: no row yet, the defaults

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, kind))


def _require_user(actor: User | None) -> User:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAuthorized()
    return actor


def preferences(actor: User) -> Preferences:
    """The logged-in user's own choices (the defaults while they never saved any)."""
    actor = _require_user(actor)
    row = db.session.get(MailPreference, actor.id)
    if row is None:
        return Preferences()
    return Preferences(row.weekly_digest, row.sessie_reminders, row.support_notices, row.version)


def save_preferences(actor: User, chosen: Collection[str], expected_version: int | None) -> Preferences:
    """Store which kinds the user wants (the others are off). A form older than the stored row: ConflictError."""
    actor = _require_user(actor)
    row = db.session.get(MailPreference, actor.id)
    if row is None:
        if expected_version is not None:
            raise ConflictError()  # the form was made from a row that is gone (the account was reset meanwhile)
        row = MailPreference(user_id=actor.id)
        db.session.add(row)
    else:
        expect_version(row, expected_version)
    row.weekly_digest = WEEKLY_DIGEST in chosen
    row.sessie_reminders = SESSIE_REMINDERS in chosen
    row.support_notices = SUPPORT_NOTICES in chosen
    commit_or_conflict()
    return Preferences(row.weekly_digest, row.sessie_reminders, row.support_notices, row.version)


def _wanting(kind: str) -> sa.ColumnElement[bool]:
    """For a select joined outer to MailPreference: the user wants this kind (no row: yes)."""
    return sa.or_(MailPreference.user_id.is_(None), getattr(MailPreference, kind).is_(True))


def recipients(user_ids: Iterable[int | None], kind: str) -> list[User]:
    """Of these users, the active ones who want this kind of mail, in one query."""
    ids = {uid for uid in user_ids if uid is not None}
    if not ids:
        return []
    return list(
        db.session.scalars(
            sa.select(User)
            .outerjoin(MailPreference, MailPreference.user_id == User.id)
            .where(User.id.in_(ids), User.active.is_(True), _wanting(kind))
            .order_by(User.id)
        )
    )


def _footer(link_for: LinkFor) -> str:
    return f"\n{PREFERENCES_FOOTER}{link_for('reminders.preferences')}\n\n{SIGNATURE}"


# --- support notices ---------------------------------------------------------------------------------


def _support_link(request: SupportRequest, link_for: LinkFor) -> str:
    return link_for("support.show", project_id=request.project_id, request_id=request.id)


def support_asked(request: SupportRequest, project: Project, kind_label: str, link_for: LinkFor = links.page_url):
    """A new request: the procesbegeleiders assigned to the gemeente hear of it. No commit (the caller's)."""
    db.session.flush()  # the request's id, for the link
    gemeente_name = db.session.scalar(sa.select(Gemeente.name).where(Gemeente.id == project.gemeente_id)) or ""
    assigned = db.session.scalars(
        sa.select(ProcesbegeleiderAssignment.user_id).where(
            ProcesbegeleiderAssignment.gemeente_id == project.gemeente_id
        )
    )
    for user in recipients(assigned, SUPPORT_NOTICES):
        if not user.is_procesbegeleider:
            continue
        body = (
            f"Beste {user.name},\n\n"
            f"{request.asked_by_name or 'Een projectleider'} van de gemeente {gemeente_name} vraagt de VNG om "
            f"ondersteuning bij het project '{project.name}'.\n\n"
            f"Soort ondersteuning: {kind_label}\n\nDe vraag:\n{request.message}\n\n"
            f"Bekijk de hulpvraag en neem hem in behandeling:\n{_support_link(request, link_for)}\n"
            f"{_footer(link_for)}"
        )
        mail.enqueue(user.email, f"Nieuwe hulpvraag van {gemeente_name}", body)


def _to_asker(request: SupportRequest) -> list[User]:
    return recipients([request.asked_by_id], SUPPORT_NOTICES)


def support_taken(request: SupportRequest, project: Project, kind_label: str, link_for: LinkFor = links.page_url):
    """The VNG took the request: the person who asked hears who handles it. No commit (the caller's)."""
    for user in _to_asker(request):
        if user.id == request.handler_id:
            continue
        body = (
            f"Beste {user.name},\n\n"
            f"Uw hulpvraag bij het project '{project.name}' ({kind_label}) is in behandeling genomen door "
            f"{request.handler_name or 'een procesbegeleider van de VNG'}. Die neemt contact met u op.\n\n"
            f"Hier volgt u de hulpvraag:\n{_support_link(request, link_for)}\n{_footer(link_for)}"
        )
        mail.enqueue(user.email, "Uw hulpvraag is in behandeling", body)


def support_closed(request: SupportRequest, project: Project, kind_label: str, link_for: LinkFor = links.page_url):
    """The VNG closed the request: the person who asked gets the outcome and the reply. No commit (the caller's)."""
    for user in _to_asker(request):
        if user.id == request.handler_id:
            continue
        reply = f"Het antwoord van de VNG:\n{request.reply}\n\n" if request.reply else ""
        body = (
            f"Beste {user.name},\n\n"
            f"Uw hulpvraag bij het project '{project.name}' ({kind_label}) is afgesloten als "
            f"'{request.status.label.lower()}' door {request.handler_name or 'de VNG'}.\n\n"
            f"{reply}De hulpvraag in de tool:\n{_support_link(request, link_for)}\n{_footer(link_for)}"
        )
        mail.enqueue(user.email, f"Uw hulpvraag is {request.status.label.lower()}", body)


# --- send-reminders ----------------------------------------------------------------------------------


@dataclass
class RunResult:
    digests: int = 0
    sessie_reminders: int = 0


def week_key(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def sessie_key(sessie: Sessie) -> str:
    return f"{sessie.id}:{sessie.on_date.isoformat()}"


def _claim(kind: ReminderKind, user_id: int, key: str) -> bool:
    """Record that this reminder goes out, in the caller's transaction; False when it was already recorded
    (by an earlier run, or by a run at the same moment: PostgreSQL lets this wait for that one's commit)."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = _SENT  # the table, not the entity: the ORM's bulk path would not say whether a row went in
    statement = (
        insert(table)
        .values(kind=kind.value, user_id=user_id, key=key, sent_at=utcnow())
        .on_conflict_do_nothing(index_elements=["kind", "user_id", "key"])
        .returning(table.c.id)
    )
    return db.session.execute(statement).first() is not None  # no row back: it was recorded already


def _send_once(kind: ReminderKind, user: User, key: str, subject: str, body: str) -> bool:
    """One reminder in one transaction with its record, so it is sent once whatever runs beside it."""
    if not _claim(kind, user.id, key):
        return False  # nothing was written; the next commit ends this transaction
    mail.enqueue(user.email, subject, body)
    commit_or_conflict()
    return True


def send_reminders(today: date, link_for: LinkFor = links.page_url) -> RunResult:
    """What `flask rfz send-reminders` does on `today`: the weekly digests not yet sent this ISO week, and the
    reminders for tomorrow's sessies. One transaction per mail."""
    result = RunResult()
    result.digests = _send_digests(today, link_for)
    result.sessie_reminders = _send_sessie_reminders(today, link_for)
    commit_or_conflict()  # ends the reading transaction (and one whose last claim found the reminder sent)
    return result


# --- the weekly digest -------------------------------------------------------------------------------


@dataclass
class _ProjectNews:
    project_id: int
    name: str
    gemeente_name: str
    late_steps: list[tuple[str, int]] = field(default_factory=list)  # (label, days late)
    late_actions: list[tuple[str, int]] = field(default_factory=list)
    sessies: list[Sessie] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.late_steps or self.late_actions or self.sessies)


def _digest_users(key: str) -> list[User]:
    """Active users who want the digest and have not had this week's."""
    sent = sa.select(SentReminder.id).where(
        SentReminder.kind == ReminderKind.DIGEST.value, SentReminder.key == key, SentReminder.user_id == User.id
    )
    return list(
        db.session.scalars(
            sa.select(User)
            .outerjoin(MailPreference, MailPreference.user_id == User.id)
            .where(User.active.is_(True), _wanting(WEEKLY_DIGEST), ~sent.exists())
            .order_by(User.id)
        )
    )


def _their_projects(users: list[User]) -> tuple[dict[int, set[int]], dict[int, Project], dict[int, str]]:
    """Per user the open projects the digest is about, and those projects with their gemeente's name.

    A projectleider: every open project of their gemeente; a teamlid or lezer: the projects whose team they are
    on; a procesbegeleider: every open project of their assigned gemeenten. (The coördinator and the beheerder
    get no digest for what they do not work on.) Four statements in all."""
    ids = [u.id for u in users]
    if not ids:
        return {}, {}, {}
    by_id = {u.id: u for u in users}
    leads: dict[int, set[int]] = defaultdict(set)  # user -> gemeenten of all of whose projects they hear
    members: dict[int, set[int]] = defaultdict(set)  # user -> gemeenten where they hear of their team's projects
    for user_id, gemeente_id, role in db.session.execute(
        sa.select(Membership.user_id, Membership.gemeente_id, Membership.role).where(Membership.user_id.in_(ids))
    ):
        (leads if role is MembershipRole.PROJECTLEIDER else members)[user_id].add(gemeente_id)
    for user_id, gemeente_id in db.session.execute(
        sa.select(ProcesbegeleiderAssignment.user_id, ProcesbegeleiderAssignment.gemeente_id).where(
            ProcesbegeleiderAssignment.user_id.in_(ids)
        )
    ):
        if by_id[user_id].is_procesbegeleider:
            leads[user_id].add(gemeente_id)
    on_team: dict[int, set[int]] = defaultdict(set)
    for member_id, project_id in db.session.execute(
        sa.select(TeamMember.user_id, TeamMember.project_id).where(TeamMember.user_id.in_(ids))
    ):
        if member_id is not None:
            on_team[member_id].add(project_id)
    gemeente_ids = set().union(*leads.values(), *members.values())
    if not gemeente_ids:
        return {}, {}, {}
    rows = db.session.execute(
        sa.select(Project, Gemeente.name)
        .join(Gemeente, Project.gemeente_id == Gemeente.id)
        .where(Project.gemeente_id.in_(gemeente_ids), Project.closed_at.is_(None))
    ).all()
    projects = {p.id: p for p, _name in rows}
    gemeente_names = {p.id: name for p, name in rows}
    by_gemeente: dict[int, set[int]] = defaultdict(set)
    for p in projects.values():
        by_gemeente[p.gemeente_id].add(p.id)
    theirs: dict[int, set[int]] = {}
    for user_id in ids:
        chosen: set[int] = set()
        for gemeente_id in leads.get(user_id, ()):
            chosen |= by_gemeente.get(gemeente_id, set())
        for gemeente_id in members.get(user_id, ()):
            chosen |= by_gemeente.get(gemeente_id, set()) & on_team.get(user_id, set())
        if chosen:
            theirs[user_id] = chosen
    return theirs, projects, gemeente_names


def _news(projects: dict[int, Project], gemeente_names: dict[int, str], today: date) -> dict[int, _ProjectNews]:
    """What is late in these projects and which sessies come in the next days, by project id.

    Lateness is what the start page shows: `summaries` says which projects have late steps or actions; for
    those the steps come from `progress` and the actions from the actions area's own rule (`is_overdue`)."""
    rk = current_routekaart()
    news = {pid: _ProjectNews(pid, p.name, gemeente_names[pid]) for pid, p in projects.items()}
    if not projects:
        return news
    summaries = summaries_for(list(projects), today)
    with_late_steps = [projects[pid] for pid, s in summaries.items() if s.late_steps]
    for pid, project_facts in facts.facts_for(with_late_steps, today).items():
        derived = progress.project_progress(rk, project_facts)
        news[pid].late_steps = [(s.step.label, s.late_days) for s in derived.late_steps]
    with_late_actions = [pid for pid, s in summaries.items() if s.late_actions]
    if with_late_actions:
        candidates = db.session.scalars(
            sa.select(Action)
            .where(
                Action.project_id.in_(with_late_actions),
                Action.deadline < today,
                Action.status.in_([ActionStatus.OPEN, ActionStatus.BEZIG]),
            )
            .order_by(Action.deadline, Action.id)
        )
        for action in candidates:
            if is_overdue(action, today):
                news[action.project_id].late_actions.append((action.title, days_late(action, today)))
    sessies = db.session.scalars(
        sa.select(Sessie)
        .where(
            Sessie.project_id.in_(list(projects)),
            Sessie.on_date >= today,
            Sessie.on_date < today + timedelta(days=DIGEST_DAYS_AHEAD),
            Sessie.status != SessieStatus.AFGEROND,
        )
        .options(selectinload(Sessie.mijlpaal_rows))
        .order_by(Sessie.on_date, Sessie.start_time, Sessie.id)
    )
    for sessie in sessies:
        news[sessie.project_id].sessies.append(sessie)
    return news


def _days(count: int) -> str:
    return "1 dag" if count == 1 else f"{count} dagen"


def _sessie_line(sessie: Sessie) -> str:
    rk = current_routekaart()
    where = f", {sessie.location}" if sessie.location else ""
    return f"{sessie_title(rk, sessie)}, op {_text(sessie.on_date)} om {sessie.start_time:%H.%M} uur{where}"


def _late_action_lines(late_actions: list[tuple[str, int]]) -> list[str]:
    """The longest late first (the list comes ordered by deadline), at most DIGEST_MOST_ACTIONS of them, so a
    project with a long neglected list does not bury the others in the mail."""
    shown = late_actions[:DIGEST_MOST_ACTIONS]
    lines = [f"- {title} ({_days(days)} te laat)" for title, days in shown]
    rest = len(late_actions) - len(shown)
    if rest:
        lines.append(f"- en nog {aantal(rest, 'actie die', 'acties die')} te laat {'is' if rest == 1 else 'zijn'}")
    return lines


def digest_text(user: User, items: list[_ProjectNews], today: date, link_for: LinkFor) -> str:
    parts = [
        f"Beste {user.name},\n\n"
        f"Dit is uw weekoverzicht van de RFZ-implementatietool voor de week van {_text(today)}: wat te laat is "
        f"in de projecten waar u aan werkt, en de sessies van de komende {DIGEST_DAYS_AHEAD} dagen.\n"
    ]
    for item in items:
        lines = [f"\n== {item.name} ({item.gemeente_name}) ==", link_for("projects.show", project_id=item.project_id)]
        if item.late_steps:
            lines.append("\nStappen die te laat zijn:")
            lines += [f"- {label} ({_days(days)} te laat)" for label, days in item.late_steps]
        if item.late_actions:
            lines.append("\nActies waarvan de deadline voorbij is:")
            lines += _late_action_lines(item.late_actions)
            lines.append(link_for("actions.index", project_id=item.project_id))
        if item.sessies:
            lines.append("\nSessies in de komende dagen:")
            for sessie in item.sessies:
                lines.append(f"- {_sessie_line(sessie)}")
                lines.append(f"  {link_for('sessions.show', project_id=item.project_id, sessie_id=sessie.id)}")
        parts.append("\n".join(lines) + "\n")
    parts.append(_footer(link_for))
    return "".join(parts)


def _send_digests(today: date, link_for: LinkFor) -> int:
    key = week_key(today)
    users = _digest_users(key)
    theirs, projects, gemeente_names = _their_projects(users)
    wanted = {pid: projects[pid] for pids in theirs.values() for pid in pids}
    news = _news(wanted, gemeente_names, today)
    sent = 0
    for user in users:
        items = [news[pid] for pid in theirs.get(user.id, ()) if not news[pid].empty]
        if not items:
            continue  # nothing to say: no mail (a later run this week looks again)
        items.sort(key=lambda n: (n.gemeente_name, n.name, n.project_id))
        body = digest_text(user, items, today, link_for)
        if _send_once(ReminderKind.DIGEST, user, key, f"Uw weekoverzicht van week {today.isocalendar()[1]}", body):
            sent += 1
    return sent


# --- the day before a sessie -------------------------------------------------------------------------


def normalised_name(name: str) -> str:
    return " ".join((name or "").split()).casefold()


def _readers_by_name(projects: dict[int, Project]) -> dict[int, dict[str, set[int]]]:
    """Per project: the active accounts that may read it (its team members with an account, the members of its
    gemeente, the procesbegeleiders assigned to it), by their normalised name. Three statements."""
    gemeente_ids = {p.gemeente_id for p in projects.values()}
    by_project: dict[int, dict[str, set[int]]] = {pid: defaultdict(set) for pid in projects}
    team = db.session.execute(
        sa.select(TeamMember.project_id, User.id, User.name)
        .join(User, TeamMember.user_id == User.id)
        .where(TeamMember.project_id.in_(list(projects)), User.active.is_(True))
    )
    for project_id, user_id, name in team:
        by_project[project_id][normalised_name(name)].add(user_id)
    by_gemeente: dict[int, list[tuple[int, str]]] = defaultdict(list)
    members = db.session.execute(
        sa.select(Membership.gemeente_id, User.id, User.name)
        .join(User, Membership.user_id == User.id)
        .where(Membership.gemeente_id.in_(gemeente_ids), User.active.is_(True))
    )
    assigned = db.session.execute(
        sa.select(ProcesbegeleiderAssignment.gemeente_id, User.id, User.name)
        .join(User, ProcesbegeleiderAssignment.user_id == User.id)
        .where(
            ProcesbegeleiderAssignment.gemeente_id.in_(gemeente_ids),
            User.active.is_(True),
            User.is_procesbegeleider.is_(True),
        )
    )
    for gemeente_id, user_id, name in [*members, *assigned]:
        by_gemeente[gemeente_id].append((user_id, name))
    for pid, project in projects.items():
        for user_id, name in by_gemeente.get(project.gemeente_id, ()):
            by_project[pid][normalised_name(name)].add(user_id)
    return by_project


def resolve(name: str, readers: dict[str, set[int]], contact_user_id: int | None) -> int | None:
    """The account a sessie's name (procesbegeleider, administrator) stands for: the one account of that name
    among those who may read the project; when none or more than one has it, the sessie's contact person."""
    if not normalised_name(name):
        return None
    matches = readers.get(normalised_name(name), set())
    if len(matches) == 1:
        return next(iter(matches))
    return contact_user_id


def sessie_reminder_text(user: User, sessie: Sessie, project_name: str, roles: list[str], link_for: LinkFor) -> str:
    as_what = " en ".join(roles)
    return (
        f"Beste {user.name},\n\n"
        f"Morgen is de sessie van het project '{project_name}' waarbij u als {as_what} genoemd staat.\n\n"
        f"{_sessie_line(sessie)}\n"
        + (f"Online: {sessie.online_url}\n" if sessie.online_url else "")
        + "\nDe sessie, met de deelnemers en de documenten:\n"
        f"{link_for('sessions.show', project_id=sessie.project_id, sessie_id=sessie.id)}\n"
        f"{_footer(link_for)}"
    )


def _send_sessie_reminders(today: date, link_for: LinkFor) -> int:
    tomorrow = today + timedelta(days=1)
    rows = db.session.execute(
        sa.select(Sessie, Project)
        .join(Project, Sessie.project_id == Project.id)
        .where(Sessie.on_date == tomorrow, Sessie.status != SessieStatus.AFGEROND, Project.closed_at.is_(None))
        .options(selectinload(Sessie.mijlpaal_rows))
        .order_by(Sessie.id)
    ).all()
    if not rows:
        return 0
    projects = {project.id: project for _sessie, project in rows}
    readers = _readers_by_name(projects)
    planned: list[tuple[Sessie, dict[int, list[str]]]] = []
    for sessie, _project in rows:
        roles: dict[int, list[str]] = defaultdict(list)
        for role, name in (("procesbegeleider", sessie.procesbegeleider), ("administrator", sessie.administrator)):
            user_id = resolve(name, readers[sessie.project_id], sessie.contact_user_id)
            if user_id is not None and role not in roles[user_id]:
                roles[user_id].append(role)
        planned.append((sessie, roles))
    wanting = {u.id: u for u in recipients({uid for _s, roles in planned for uid in roles}, SESSIE_REMINDERS)}
    sent = 0
    for sessie, roles in planned:
        project = projects[sessie.project_id]
        for user_id, as_roles in sorted(roles.items()):
            user = wanting.get(user_id)
            if user is None:
                continue
            body = sessie_reminder_text(user, sessie, project.name, as_roles, link_for)
            subject = f"Morgen: sessie van {project.name}"[:200]
            if _send_once(ReminderKind.SESSIE, user, sessie_key(sessie), subject, body):
                sent += 1
    return sent
