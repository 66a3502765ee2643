"""Support on request ("Ondersteuning vragen").

A projectleider asks the VNG for one of the kinds of support the toolkit names (`support_kinds` in
routekaart.toml, with `needs_session` for the kind that names one of the project's sessies); the
procesbegeleiders assigned to the gemeente see it in their queue, take it, and close it with a reply the
gemeente reads. The coördinator sees every request and changes none. Every change lands in the project's
history through the audit trail (the request is loaded through access, which names the actor).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from .. import access
from ..access import Need
from ..errors import NotAuthorized, NotFound, ValidationError
from ..extensions import db
from ..formatting import datum
from ..models import OPEN_SUPPORT_STATUSES, Gemeente, Project, Sessie, SessieStatus, SupportRequest, SupportStatus, User
from ..models.base import utcnow
from ..paging import Paging, page_of
from ..reminders import services as notices
from ..routekaart import SupportKind, current_routekaart
from ..services_common import commit_or_conflict, expect_version, lock_project, read_columns
from ..sessions.calendar import sessie_title

MAX_MESSAGE = 4000
MAX_REPLY = 4000
NAME_LENGTH = 120  # the name columns (asked_by_name, handler_name, Sessie.procesbegeleider)
RECENT_REPLY_DAYS = 14  # the start page of a gemeente mentions replies of this many days

KIND_MISSING = "Kies waarmee u hulp wilt."
KIND_UNKNOWN = "Kies een van de soorten ondersteuning uit de lijst."
MESSAGE_MISSING = "Schrijf kort op waarmee de VNG u kan helpen."
MESSAGE_TOO_LONG = f"Uw vraag mag maximaal {MAX_MESSAGE} tekens lang zijn."
SESSIE_MISSING = "Kies de sessie waarvoor u een procesbegeleider vraagt."
SESSIE_UNKNOWN = "Kies een sessie van dit project."
SESSIE_FINISHED = "Deze sessie is al afgerond; kies een sessie die nog moet plaatsvinden."
SESSIE_ASKED = "Voor deze sessie staat al een hulpvraag open."
REPLY_MISSING = "Schrijf bij een afwijzing waarom de VNG deze vraag niet oppakt; de gemeente leest dit antwoord."
REPLY_TOO_LONG = f"Het antwoord mag maximaal {MAX_REPLY} tekens lang zijn."
OUTCOME_MISSING = "Kies of de hulpvraag is afgerond of afgewezen."
NOT_A_HANDLER = "Alleen een procesbegeleider die aan deze gemeente is toegewezen, kan hulpvragen behandelen."
ALREADY_CLOSED = "Deze hulpvraag is al afgesloten."
TAKEN_MEANWHILE = (
    "Een andere procesbegeleider heeft deze hulpvraag net in behandeling genomen. Hieronder ziet u wie dat is."
)
CHANGED_MEANWHILE = (
    "Iemand anders heeft deze hulpvraag intussen gewijzigd. Bekijk de nieuwe stand en probeer het opnieuw."
)

CLOSING_STATUSES = (SupportStatus.AFGEROND, SupportStatus.AFGEWEZEN)
QUEUE_OPEN = "open"  # the queue's default filter: nieuw and in behandeling
QUEUE_ALL = "alle"
QUEUE_FILTERS = (
    (QUEUE_OPEN, "Nog open"),
    *((status.value, status.label) for status in SupportStatus),
    (QUEUE_ALL, "Alle hulpvragen"),
)


def support_kinds() -> tuple[SupportKind, ...]:
    return current_routekaart().support_kinds


def kind_label(key: str) -> str:
    """The Dutch label of a kind; a key the content no longer knows stays as it was stored."""
    kind = current_routekaart().get("support_kind", key)
    return kind.label if kind is not None else key


def sessie_label(sessie: Sessie | None) -> str:
    """A sessie as a request names it: its title and date ('' for none). Its mijlpalen must be loaded."""
    if sessie is None:
        return ""
    return f"{sessie_title(current_routekaart(), sessie)} ({datum(sessie.on_date)})"


def is_handler(actor: User, project: Project) -> bool:
    """Whether the actor may take and close this project's requests: a procesbegeleider assigned to its
    gemeente, while the project is open (the coördinator only reads)."""
    return (
        bool(actor.is_procesbegeleider)
        and project.gemeente_id in actor.grants.assigned
        and access.can(actor, project, Need.WRITE)
    )


_REQUEST_LOADS = (joinedload(SupportRequest.sessie).selectinload(Sessie.mijlpaal_rows),)


# --- the gemeente's side: asking, and the project's requests ----------------------------------------


@dataclass(frozen=True)
class RequestInput:
    support_kind: str
    message: str
    sessie_id: int | None = None


@dataclass(frozen=True)
class ProjectSupport:
    project: Project
    requests: list[SupportRequest]
    can_ask: bool
    can_handle: bool
    kinds: tuple[SupportKind, ...]
    sessies: list[Sessie]  # what a session request can name: the project's sessies not yet finished

    @property
    def open_count(self) -> int:
        return sum(1 for r in self.requests if r.status.is_open)


def project_support(actor: User, project_id: int, need: Need = Need.READ) -> ProjectSupport:
    """The project's requests, newest first, and what the form to ask for support chooses from."""
    project = access.get_project(actor, project_id, need)
    requests = list(
        db.session.scalars(
            sa.select(SupportRequest)
            .where(SupportRequest.project_id == project.id)
            .options(*_REQUEST_LOADS)
            .order_by(SupportRequest.created_at.desc(), SupportRequest.id.desc())
        ).unique()
    )
    can_ask = access.can(actor, project, Need.MANAGE)
    sessies: list[Sessie] = []
    if can_ask:
        sessies = list(
            db.session.scalars(
                sa.select(Sessie)
                .where(Sessie.project_id == project.id, Sessie.status != SessieStatus.AFGEROND)
                .options(selectinload(Sessie.mijlpaal_rows))
                .order_by(Sessie.on_date, Sessie.start_time, Sessie.id)
            )
        )
    return ProjectSupport(
        project=project,
        requests=requests,
        can_ask=can_ask,
        can_handle=is_handler(actor, project),
        kinds=support_kinds(),
        sessies=sessies,
    )


def _chosen_sessie(project: Project, kind: SupportKind, sessie_id: int | None) -> tuple[Sessie | None, list[str]]:
    if not kind.needs_session:
        return None, []
    if sessie_id is None:
        return None, [SESSIE_MISSING]
    try:
        sessie = access.record_in_project(project, Sessie, sessie_id)
    except NotFound:
        return None, [SESSIE_UNKNOWN]
    if sessie.status is SessieStatus.AFGEROND:
        return None, [SESSIE_FINISHED]
    return sessie, []


def _request_errors(project: Project, data: RequestInput) -> tuple[SupportKind | None, Sessie | None, dict]:
    errors: dict[str, list[str]] = {}
    kind = current_routekaart().get("support_kind", data.support_kind) if data.support_kind else None
    if not data.support_kind:
        errors["support_kind"] = [KIND_MISSING]
    elif kind is None:
        errors["support_kind"] = [KIND_UNKNOWN]
    message = data.message.strip()
    if not message:
        errors["message"] = [MESSAGE_MISSING]
    elif len(message) > MAX_MESSAGE:
        errors["message"] = [MESSAGE_TOO_LONG]
    sessie = None
    if kind is not None:
        sessie, sessie_errors = _chosen_sessie(project, kind, data.sessie_id)
        if sessie_errors:
            errors["sessie_id"] = sessie_errors
    return kind, sessie, errors


def validate_request(actor: User, project_id: int, data: RequestInput) -> None:
    """The domain rules of a request, for the form to show with its own checks (see submitted_and_valid)."""
    project = access.get_project(actor, project_id, Need.MANAGE)
    _kind, _sessie, errors = _request_errors(project, data)
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class Asked:
    request: SupportRequest
    created: bool  # False: the same request was already open (a second click, or two posts at once)


def ask_support(actor: User, project_id: int, data: RequestInput) -> Asked:
    """A projectleider asks the VNG for support. The same request twice (a double click, two tabs) makes one:
    the project is locked while this looks for an identical open request, so two posts at once cannot both
    miss it."""
    project = access.get_project(actor, project_id, Need.MANAGE)
    lock_project(project)
    kind, sessie, errors = _request_errors(project, data)
    if errors or kind is None:
        raise ValidationError(errors)
    message = data.message.strip()
    sessie_id = sessie.id if sessie is not None else None
    open_ones = list(
        db.session.scalars(
            sa.select(SupportRequest).where(
                SupportRequest.project_id == project.id,
                SupportRequest.status.in_(OPEN_SUPPORT_STATUSES),
                SupportRequest.support_kind == kind.key,
            )
        )
    )
    same = next((r for r in open_ones if r.message == message and r.sessie_id == sessie_id), None)
    if same is not None:
        return Asked(same, created=False)
    if sessie_id is not None and any(r.sessie_id == sessie_id for r in open_ones):
        raise ValidationError({"sessie_id": [SESSIE_ASKED]})
    request = SupportRequest(
        project_id=project.id,
        support_kind=kind.key,
        message=message,
        sessie_id=sessie_id,
        status=SupportStatus.NIEUW,
        asked_by_id=actor.id,
        asked_by_name=actor.name[:NAME_LENGTH],
    )
    db.session.add(request)
    notices.support_asked(request, project, kind.label)  # the assigned procesbegeleiders, with this commit
    commit_or_conflict()
    return Asked(request, created=True)


# --- one request, and handling it ---------------------------------------------------------------


@dataclass(frozen=True)
class RequestPage:
    project: Project
    request: SupportRequest
    can_handle: bool

    @property
    def can_take(self) -> bool:
        return self.can_handle and self.request.status is SupportStatus.NIEUW

    @property
    def can_close(self) -> bool:
        return self.can_handle and self.request.status.is_open

    @property
    def leads_sessie(self) -> bool:
        return leads_sessie(self.request)


def request_page(actor: User, project_id: int, request_id: int, need: Need = Need.READ) -> RequestPage:
    project, request = access.get_in_project(actor, project_id, SupportRequest, request_id, need, _REQUEST_LOADS)
    return RequestPage(project=project, request=request, can_handle=is_handler(actor, project))


def request_to_handle(actor: User, project_id: int, request_id: int) -> RequestPage:
    """The request's page for one who is about to change it: a procesbegeleider of the gemeente."""
    project, request = _to_handle(actor, project_id, request_id)
    return RequestPage(project=project, request=request, can_handle=True)


def needs_session(request: SupportRequest) -> bool:
    kind = current_routekaart().get("support_kind", request.support_kind)
    return kind is not None and kind.needs_session


def leads_sessie(request: SupportRequest) -> bool:
    """Whether taking the request makes its handler the sessie's procesbegeleider: a request of the kind that
    needs a session, for a sessie still to come (a finished sessie stays as it was). The sessie must be loaded."""
    return needs_session(request) and request.sessie is not None and request.sessie.status is not SessieStatus.AFGEROND


def _to_handle(actor: User, project_id: int, request_id: int) -> tuple[Project, SupportRequest]:
    project, request = access.get_in_project(actor, project_id, SupportRequest, request_id, Need.WRITE, _REQUEST_LOADS)
    if not is_handler(actor, project):
        raise NotAuthorized()
    return project, request


def take_request(actor: User, project_id: int, request_id: int, expected_version: int | None) -> SupportRequest:
    """The procesbegeleider takes the request: they handle it, and for a session request they become the
    sessie's procesbegeleider. Two at once: the first wins, the second is told who has it."""
    project, request = _to_handle(actor, project_id, request_id)
    if request.status is not SupportStatus.NIEUW:
        if request.status.is_open:
            raise ValidationError(f"Deze hulpvraag is al in behandeling bij {request.handler_name or 'een collega'}.")
        raise ValidationError(ALREADY_CLOSED)
    expect_version(request, expected_version)
    request.status = SupportStatus.IN_BEHANDELING
    request.handler_id = actor.id
    request.handler_name = actor.name[:NAME_LENGTH]
    request.taken_at = utcnow()
    if request.sessie is not None and leads_sessie(request):
        request.sessie.procesbegeleider = actor.name[:NAME_LENGTH]
    notices.support_taken(request, project, kind_label(request.support_kind))  # to who asked, with this commit
    commit_or_conflict()
    return request


@dataclass(frozen=True)
class Closing:
    outcome: str  # a value of CLOSING_STATUSES
    reply: str


def closing_errors(data: Closing) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    outcome = next((s for s in CLOSING_STATUSES if s.value == data.outcome), None)
    reply = data.reply.strip()
    if outcome is None:
        errors["outcome"] = [OUTCOME_MISSING]
    if len(reply) > MAX_REPLY:
        errors["reply"] = [REPLY_TOO_LONG]
    elif outcome is SupportStatus.AFGEWEZEN and not reply:
        errors["reply"] = [REPLY_MISSING]
    return errors


def close_request(
    actor: User, project_id: int, request_id: int, data: Closing, expected_version: int | None
) -> SupportRequest:
    """Close the request as afgerond or afgewezen, with the reply the gemeente reads (needed for a refusal).
    A new request can be closed at once (refused, or answered straight away): the closer then handles it."""
    project, request = _to_handle(actor, project_id, request_id)
    errors = closing_errors(data)
    if errors:
        raise ValidationError(errors)
    if not request.status.is_open:
        raise ValidationError(ALREADY_CLOSED)
    expect_version(request, expected_version)
    request.status = SupportStatus(data.outcome)
    request.reply = data.reply.strip()
    request.closed_at = utcnow()
    if request.handler_id is None and not request.handler_name:
        request.handler_id = actor.id
        request.handler_name = actor.name[:NAME_LENGTH]
    notices.support_closed(request, project, kind_label(request.support_kind))  # to who asked, with this commit
    commit_or_conflict()
    return request


# --- the VNG's queue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    request: SupportRequest
    project_name: str
    gemeente_name: str
    can_handle: bool


@dataclass(frozen=True)
class Queue:
    rows: list[QueueRow]
    paging: Paging
    status_filter: str
    counts: dict[str, int]  # per status value, over every gemeente of the queue
    read_only: bool  # the coördinator: sees all, handles none

    @property
    def new_count(self) -> int:
        return self.counts.get(SupportStatus.NIEUW.value, 0)

    @property
    def filter_label(self) -> str:
        return dict(QUEUE_FILTERS).get(self.status_filter, "")

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        return [(status.label, self.counts.get(status.value, 0)) for status in SupportStatus]


def queue_gemeente_ids(actor: User) -> set[int] | None:
    """Whose requests the actor's queue holds; None: every gemeente (the coördinator)."""
    if not access.is_vng_user(actor):
        raise NotFound()  # as the VNG's other pages: for anyone else the queue does not exist
    if actor.grants.is_coordinator:
        return None
    return set(actor.grants.assigned)


def _in_queue(statement, gemeente_ids: set[int] | None):
    statement = statement.join(Project, SupportRequest.project_id == Project.id)
    if gemeente_ids is not None:
        statement = statement.where(Project.gemeente_id.in_(gemeente_ids or {-1}))
    return statement


def _status_condition(status_filter: str):
    if status_filter == QUEUE_ALL:
        return sa.true()
    if status_filter == QUEUE_OPEN:
        return SupportRequest.status.in_(OPEN_SUPPORT_STATUSES)
    return SupportRequest.status == SupportStatus(status_filter)


def queue(actor: User, status_filter: str = QUEUE_OPEN, page: int | None = None) -> Queue:
    """The requests of the actor's gemeenten, newest first, a page at a time: a count per status, the
    page's rows with their project and gemeente, and their sessies (a fixed number of queries)."""
    gemeente_ids = queue_gemeente_ids(actor)
    if status_filter not in {value for value, _label in QUEUE_FILTERS}:
        status_filter = QUEUE_OPEN
    counts = {
        status.value if isinstance(status, SupportStatus) else str(status): count
        for status, count in db.session.execute(
            _in_queue(sa.select(SupportRequest.status, sa.func.count()), gemeente_ids).group_by(SupportRequest.status)
        )
    }
    condition = _status_condition(status_filter)
    total = db.session.scalar(_in_queue(sa.select(sa.func.count(SupportRequest.id)), gemeente_ids).where(condition))
    paging = page_of(page, total or 0)
    rows = db.session.execute(
        _in_queue(
            sa.select(SupportRequest, Project.name, Gemeente.name, Project.gemeente_id, Project.closed_at), gemeente_ids
        )
        .join(Gemeente, Project.gemeente_id == Gemeente.id)
        .where(condition)
        .options(*_REQUEST_LOADS)
        .order_by(SupportRequest.created_at.desc(), SupportRequest.id.desc())
        .offset(paging.offset)
        .limit(paging.size)
    ).unique()
    assigned = actor.grants.assigned if actor.is_procesbegeleider else frozenset()
    queue_rows = [
        QueueRow(
            request=request,
            project_name=project_name,
            gemeente_name=gemeente_name,
            can_handle=closed_at is None and request.status.is_open and gemeente_id in assigned,
        )
        for request, project_name, gemeente_name, gemeente_id, closed_at in rows
    ]
    return Queue(rows=queue_rows, paging=paging, status_filter=status_filter, counts=counts, read_only=not assigned)


# --- counts for the start pages and the portfolio -------------------------------------------------


def open_request_counts(project_ids: Collection[int]) -> dict[int, int]:
    """Per project, how many of its requests still wait for the VNG (nieuw or in behandeling).

    One grouped query; a project without open requests is absent. No access check: the caller passes the
    projects it already may read.
    """
    if not project_ids:
        return {}
    rows = db.session.execute(
        sa.select(SupportRequest.project_id, sa.func.count())
        .where(SupportRequest.project_id.in_(list(project_ids)))
        .where(SupportRequest.status.in_(OPEN_SUPPORT_STATUSES))
        .group_by(SupportRequest.project_id)
    )
    return {project_id: count for project_id, count in rows}


@dataclass(frozen=True)
class StartSummary:
    """The one line about support on a start page."""

    for_vng: bool
    new_count: int = 0  # VNG: new requests in the queue
    open_count: int = 0  # gemeente: requests of its projects that still wait for the VNG
    replied_count: int = 0  # gemeente: requests closed with a reply in the last RECENT_REPLY_DAYS days
    recent_days: int = RECENT_REPLY_DAYS


def start_summary(actor: User) -> StartSummary | None:
    """What the start page says about support, in one query; None for a user with nothing to see."""
    return start_summary_from(actor, read_columns(start_summary_columns(actor)))


def start_summary_columns(actor: User) -> tuple[sa.ScalarSelect, ...]:
    """What start_summary counts, as columns another statement can carry (the start page's marker): for a VNG
    user the new requests in their queue, for a member of a gemeente the open and recently answered requests of
    its projects; none for a user with nothing to see."""
    if access.is_vng_user(actor):
        new = _in_queue(sa.select(sa.func.count(SupportRequest.id)), queue_gemeente_ids(actor)).where(
            SupportRequest.status == SupportStatus.NIEUW
        )
        return (new.scalar_subquery(),)
    own = set(actor.grants.roles)
    if not own:
        return ()
    since = utcnow() - timedelta(days=RECENT_REPLY_DAYS)
    replied = sa.and_(
        SupportRequest.status.in_(CLOSING_STATUSES), SupportRequest.reply != "", SupportRequest.closed_at >= since
    )
    of_own = (
        sa.select(sa.func.count(SupportRequest.id))
        .join(Project, SupportRequest.project_id == Project.id)
        .where(Project.gemeente_id.in_(own))
    )
    return (
        of_own.where(SupportRequest.status.in_(OPEN_SUPPORT_STATUSES)).scalar_subquery(),
        of_own.where(replied).scalar_subquery(),
    )


def start_summary_from(actor: User, values: tuple) -> StartSummary | None:
    """start_summary from the values of start_summary_columns."""
    if access.is_vng_user(actor):
        return StartSummary(for_vng=True, new_count=values[0] or 0)
    if not values:
        return None
    open_count, replied_count = values
    return StartSummary(for_vng=False, open_count=int(open_count or 0), replied_count=int(replied_count or 0))
