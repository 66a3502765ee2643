"""Whether an account may still log in with a password: the one rule, asked by the password login, the
"Wachtwoord vergeten?" link and the organisation login.

Kept apart from oidc/services.py so the accounts area can ask it without importing the organisation login.
"""

from __future__ import annotations

import sqlalchemy as sa

from ..errors import NotAuthorized
from ..extensions import db
from ..models import Membership, OidcProvider, User


def passwords_off_for(user: User) -> bool:
    """True when one of the user's gemeenten switched passwords off (it logs in through its own provider).

    One is enough: otherwise a password would still reach that gemeente's projects. A beheerder always keeps
    the password, so that a provider that is down or wrongly set up never locks the installation out: the
    beheerder logs in and switches passwords on again.
    """
    if user.is_beheerder:
        return False
    query = sa.select(
        sa.exists().where(
            Membership.user_id == user.id,
            Membership.gemeente_id == OidcProvider.gemeente_id,
            OidcProvider.passwords_off.is_(True),
        )
    )
    return bool(db.session.scalar(query))


class PasswordLoginOff(NotAuthorized):
    """The password was right, but this account's gemeente lets its members in through its provider only."""
