"""Which gemeenten a VNG user oversees: the coördinator all of them, a procesbegeleider those assigned to them.

Only VNG users (access.is_vng_user) reach the oversight pages; anyone else gets "not found", so the pages do
not even show that they exist. A gemeente outside the actor's reach is not found either.
"""

from __future__ import annotations

import sqlalchemy as sa

from .. import access
from ..errors import NotFound
from ..models import User


def require_vng(actor: User) -> None:
    if not access.is_vng_user(actor):
        raise NotFound()


def in_reach(actor: User, gemeente_id_column) -> sa.ColumnElement[bool]:
    """A condition on a gemeente id column: the gemeenten this VNG user oversees (none for anyone else).

    The coördinator's condition is no condition at all, so the national picture needs no list of 342 ids.
    """
    if not access.is_vng_user(actor):
        return sa.false()
    if actor.grants.is_coordinator:
        return sa.true()
    return gemeente_id_column.in_(sorted(actor.grants.assigned) or [-1])


def reach_key(actor: User) -> str | tuple[int, ...]:
    """What `in_reach` depends on, as a key for results kept per view (kept.py)."""
    return "alle" if actor.grants.is_coordinator else tuple(sorted(actor.grants.assigned))


def oversees(actor: User, gemeente_id: int) -> bool:
    if not access.is_vng_user(actor):
        return False
    return actor.grants.is_coordinator or gemeente_id in actor.grants.assigned


def may_write_notes(actor: User, gemeente_id: int) -> bool:
    """A procesbegeleider writes notes about the gemeenten assigned to them; the coördinator only reads."""
    return bool(actor.is_procesbegeleider) and gemeente_id in actor.grants.assigned
