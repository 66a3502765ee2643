"""Who may read or change what. Every project-scoped view loads its project through here.

Rules:
- projectleider of the gemeente: read, change and manage (scope, team, new projects);
- teamlid: read and change; lezer: read only;
- VNG procesbegeleider assigned to the gemeente: read and change (they support, not steer);
- VNG-coördinator: read the projects of every gemeente, change nothing (the national picture);
- beheerder: manages accounts and gemeenten, sees no project content unless also a member.
A project the actor may not read is reported as not found, so its existence does not leak.
A closed project is read-only for everyone: WRITE and MANAGE are refused with ProjectClosed, except for
reopening and deleting it (`even_closed=True`, projects/lifecycle.py only).

Services load a project with `get_project` and a record inside it with `get_in_project` (or, with the
project already loaded, `record_in_project`); nothing else looks a project-scoped row up by id.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any, TypeVar

import sqlalchemy as sa

from . import audit
from .errors import NotAuthorized, NotFound, ProjectClosed
from .extensions import db
from .formatting import tijdstip
from .models import Gemeente, Membership, MembershipRole, Project, Sessie, User

M = TypeVar("M")


class Need(enum.Enum):
    READ = "read"
    WRITE = "write"
    MANAGE = "manage"


_ROLE_PERMISSIONS = {
    MembershipRole.PROJECTLEIDER: frozenset({Need.READ, Need.WRITE, Need.MANAGE}),
    MembershipRole.TEAMLID: frozenset({Need.READ, Need.WRITE}),
    MembershipRole.LEZER: frozenset({Need.READ}),
}
_PROCESBEGELEIDER_PERMISSIONS = frozenset({Need.READ, Need.WRITE})
_COORDINATOR_PERMISSIONS = frozenset({Need.READ})


def permissions(actor: User | None, gemeente_id: int) -> frozenset[Need]:
    """What the actor may do with the projects of one gemeente."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return frozenset()
    grants = actor.grants
    granted: set[Need] = set()
    if gemeente_id in grants.roles:
        granted |= _ROLE_PERMISSIONS[grants.roles[gemeente_id]]
    if gemeente_id in grants.assigned:
        granted |= _PROCESBEGELEIDER_PERMISSIONS
    if grants.is_coordinator:
        granted |= _COORDINATOR_PERMISSIONS
    return frozenset(granted)


def is_vng_user(actor: User | None) -> bool:
    """A procesbegeleider or coördinator of the VNG: who sees what the VNG keeps for itself."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return bool(actor.is_procesbegeleider or actor.grants.is_coordinator)


def can(actor: User | None, project_or_gemeente_id, need: Need, *, even_closed: bool = False) -> bool:
    """Whether the actor may do this; given a project, a closed one allows only reading (unless
    `even_closed`: what a projectleider may do to a closed project itself, reopen or delete it)."""
    gemeente_id = getattr(project_or_gemeente_id, "gemeente_id", project_or_gemeente_id)
    if _refused_as_closed(project_or_gemeente_id, need, even_closed):
        return False
    return need in permissions(actor, gemeente_id)


def _refused_as_closed(project_or_gemeente_id, need: Need, even_closed: bool) -> bool:
    return need is not Need.READ and not even_closed and getattr(project_or_gemeente_id, "closed_at", None) is not None


def closed_message(project: Project) -> str:
    """Why nothing can be changed in a closed project, and who can change that."""
    by = f" door {project.closed_by_name}" if project.closed_by_name else ""
    return (
        f"Dit project is afgesloten op {tijdstip(project.closed_at)}{by} en kan daarom niet meer worden "
        "gewijzigd. Een projectleider van de gemeente kan het project heropenen."
    )


def require(actor: User | None, gemeente_id: int, need: Need) -> None:
    """Raise unless allowed: NotFound when the actor may not even read, else NotAuthorized."""
    granted = permissions(actor, gemeente_id)
    if Need.READ not in granted:
        raise NotFound()
    if need not in granted:
        raise NotAuthorized()


def readable_gemeente_ids(actor: User) -> set[int]:
    if actor.grants.is_coordinator:
        return set(db.session.scalars(sa.select(Gemeente.id)))
    return set(actor.grants.roles) | set(actor.grants.assigned)


def gemeente_ids_where(actor: User, need: Need) -> set[int]:
    if need is Need.READ:
        return readable_gemeente_ids(actor)
    # Only a role or an assignment grants more than reading: no need to list every gemeente.
    own = set(actor.grants.roles) | set(actor.grants.assigned)
    return {gid for gid in own if need in permissions(actor, gid)}


def get_project(
    actor: User, project_id: int, need: Need = Need.READ, options: Sequence[Any] = (), *, even_closed: bool = False
) -> Project:
    """The one loader for project-scoped pages; `options` are eager loads for the page.

    A closed project refuses WRITE and MANAGE with ProjectClosed; `even_closed` lifts that for the two
    services that act on the closed project itself (reopen, delete), never for a change inside it.
    """
    return get_project_with(actor, project_id, (), need, options, even_closed=even_closed)[0]


def get_project_with(
    actor: User,
    project_id: int,
    columns: Sequence[sa.ColumnElement[Any]],
    need: Need = Need.READ,
    options: Sequence[Any] = (),
    *,
    even_closed: bool = False,
) -> tuple[Project, tuple]:
    """get_project, with `columns` (of or correlated to Project) read in the same statement and returned beside
    the project: what a page needs of it besides its row, without a round trip of its own."""
    row = db.session.execute(
        sa.select(Project, *columns).where(Project.id == project_id).options(*options)
    ).one_or_none()
    if row is None:
        raise NotFound()
    project = row[0]
    require(actor, project.gemeente_id, need)
    if _refused_as_closed(project, need, even_closed):
        raise ProjectClosed(closed_message(project))
    audit.set_context(db.session, project.id, actor)
    return project, tuple(row[1:])


def record_in_project(project: Project, model: type[M], record_id: int, options: Sequence[Any] = ()) -> M:
    """One record of an already loaded project, or NotFound: an id of another project is simply not there.

    A record belongs to a project through its own `project_id`, through its session (`sessie_id`), or,
    for what a gemeente shares across its projects, through `gemeente_id`.
    """
    query = sa.select(model).where(model.id == record_id).options(*options)  # type: ignore[attr-defined]
    if hasattr(model, "project_id"):
        query = query.where(model.project_id == project.id)  # type: ignore[attr-defined]
    elif hasattr(model, "sessie_id"):
        query = query.join(Sessie, model.sessie_id == Sessie.id).where(  # type: ignore[attr-defined]
            Sessie.project_id == project.id
        )
    elif hasattr(model, "gemeente_id"):
        query = query.where(model.gemeente_id == project.gemeente_id)  # type: ignore[attr-defined]
    else:
        raise TypeError(f"{model.__name__} does not belong to a project")
    record = db.session.execute(query).scalar_one_or_none()
    if record is None:
        raise NotFound()
    return record


def record_in_sessie(
    project: Project, sessie: Sessie, model: type[M], record_id: int, options: Sequence[Any] = ()
) -> M:
    """One record of a loaded sessie of a loaded project (a participant, a board column, a finding), or
    NotFound: the URL names both, so a record of another sessie of the same project is not found here."""
    record = record_in_project(project, model, record_id, options)
    if record.sessie_id != sessie.id:  # type: ignore[attr-defined]
        raise NotFound()
    return record


def get_in_project(
    actor: User,
    project_id: int,
    model: type[M],
    record_id: int,
    need: Need = Need.READ,
    options: Sequence[Any] = (),
    project_options: Sequence[Any] = (),
) -> tuple[Project, M]:
    """The one loader for a record inside a project: the project through `get_project`, then the record
    within it. Not found for a project the actor may not read and for a record of another project."""
    project = get_project(actor, project_id, need, project_options)
    return project, record_in_project(project, model, record_id, options)


def readable_key(actor: User) -> str | tuple[int, ...]:
    """What `visible_projects_query` depends on, as a key for results kept per view (kept.py)."""
    return "alle" if actor.grants.is_coordinator else tuple(sorted(readable_gemeente_ids(actor)))


def visible_projects_query(actor: User):
    """Projects the actor may read, as a select to refine (order, eager loads)."""
    if actor.grants.is_coordinator:
        return sa.select(Project)
    return sa.select(Project).where(Project.gemeente_id.in_(readable_gemeente_ids(actor) or {-1}))


def gemeente_users_query(gemeente_id: int):
    """Users who work for a gemeente (owners and team members are picked from these)."""
    return (
        sa.select(User)
        .join(Membership)
        .where(Membership.gemeente_id == gemeente_id)
        .where(User.active.is_(True))
        .order_by(User.name)
    )
