"""Who sees which initiative, and who may approve or withdraw one: the one place that decides.

Initiatives are the only rows that cross gemeente borders, so every initiative route loads through
`get_initiative` and every list filters with `visible`:
- an approved initiative is visible to every logged-in user, of every gemeente;
- one that waits for approval, was rejected or was withdrawn is visible only to those who may read the
  source gemeente's projects (its members, its procesbegeleiders, the coördinator); to anyone else it does
  not exist (NotFound), like a project of another gemeente;
- the source project is named only to those who may read that gemeente's projects.
Approving and rejecting: a procesbegeleider assigned to the source gemeente, or the coördinator.
Withdrawing: those, and a projectleider of the source gemeente.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from .. import access
from ..access import Need
from ..errors import NotFound
from ..extensions import db
from ..models import Initiative, InitiativeStatus, User


def sees_unpublished(actor: User, gemeente_id: int) -> bool:
    """Whether the actor may see the gemeente's initiatives that are not (or no longer) published, and the
    projects they came from: exactly those who may read the gemeente's projects."""
    return Need.READ in access.permissions(actor, gemeente_id)


def is_visible(actor: User, initiative: Initiative) -> bool:
    return initiative.status is InitiativeStatus.GOEDGEKEURD or sees_unpublished(actor, initiative.gemeente_id)


def visible(actor: User) -> sa.ColumnElement[bool]:
    """`is_visible` in SQL, for lists."""
    published = Initiative.status == InitiativeStatus.GOEDGEKEURD
    if actor.grants.is_coordinator:
        return sa.true()
    own = set(actor.grants.roles) | set(actor.grants.assigned)
    return sa.or_(published, Initiative.gemeente_id.in_(own or {-1}))


def get_initiative(actor: User, initiative_id: int, options: Sequence[Any] = ()) -> Initiative:
    """The one loader of an initiative: NotFound when it does not exist or the actor may not see it."""
    initiative = db.session.execute(
        sa.select(Initiative).where(Initiative.id == initiative_id).options(*options)
    ).scalar_one_or_none()
    if initiative is None or not getattr(actor, "is_authenticated", False) or not is_visible(actor, initiative):
        raise NotFound()
    return initiative


def reviewable_gemeente_ids(actor: User) -> set[int] | None:
    """The gemeenten whose initiatives the actor may approve: None for all (the coördinator)."""
    if actor.grants.is_coordinator:
        return None
    return set(actor.grants.assigned) if actor.is_procesbegeleider else set()


def may_review(actor: User, initiative: Initiative) -> bool:
    """A procesbegeleider of the source gemeente or the coördinator approves or rejects."""
    gemeenten = reviewable_gemeente_ids(actor)
    return gemeenten is None or initiative.gemeente_id in gemeenten


def may_withdraw(actor: User, initiative: Initiative) -> bool:
    """The source gemeente's projectleider, or a VNG user who may review it."""
    return may_review(actor, initiative) or Need.MANAGE in access.permissions(actor, initiative.gemeente_id)
