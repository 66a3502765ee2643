"""A user's own organisation accounts, on "Mijn account": which are linked, linking one while logged in, and
unlinking one; and the same list on the beheerder's page of an account, who may unlink any of them.

Linking from the account page is the way in for a provider that does not say whether an e-mail address is
verified (Entra ID sends no `email_verified`): the user proves the account with its current password, and the
provider proves the person, so the provider's e-mail address does not matter. The same rules hold as for the
first login (services.login_with_identity): one identity per provider per account, an identity belongs to one
account, and a gemeente's provider only reaches that gemeente's own plain members.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from .. import security_log
from ..admin.services import require_beheerder
from ..errors import NotFound, ValidationError
from ..extensions import db
from ..models import Gemeente, LinkedIdentity, Membership, OidcProvider, User
from ..services_common import commit_or_conflict, delete_row
from . import services
from .policy import passwords_off_for

WRONG_PASSWORD = "Dit is niet uw huidige wachtwoord."
NOT_REACHED = "Met deze organisatie kunt u uw account hier niet koppelen."
ALREADY_LINKED = (
    "Uw account is al gekoppeld aan een organisatieaccount bij deze organisatie. Wilt u een ander koppelen? "
    "Ontkoppel dan eerst het eerste."
)
ONLY_WAY_IN = (
    "U logt alleen met dit organisatieaccount in. Als u het ontkoppelt, kunt u niet meer inloggen. "
    "Vraag de beheerder om hulp als het niet meer klopt."
)


@dataclass(frozen=True)
class OwnIdentity:
    id: int
    label: str  # the provider's button text, or its issuer when that provider is no longer set up
    subject: str  # the provider's id of the person (`sub`), for the beheerder and the provider's IT to compare
    linked_at: datetime
    last_login_at: datetime | None


@dataclass(frozen=True)
class OwnOrganisationLogin:
    """The section "Organisatieaccount" of the account page."""

    identities: list[OwnIdentity]
    to_link: list[services.LoginChoice]  # providers that reach the account and have no identity of it yet
    may_link: bool  # linking asks for the current password: an account without one links at its login
    may_unlink: bool  # False when an identity is the account's only way in

    @property
    def shown(self) -> bool:
        return bool(self.identities or self.to_link)


def organisation_login_of(user: User) -> OwnOrganisationLogin:
    providers = _providers_reaching(user)
    rows = _linked_rows(user)
    identities = _identities(rows)
    linked = {row.issuer for row in rows}
    return OwnOrganisationLogin(
        identities=identities,
        to_link=[services.LoginChoice(p.label, p.gemeente_id) for p in providers if p.issuer not in linked],
        may_link=user.has_usable_password,
        # asked only when there is something to unlink (passwords_off_for is a statement of its own)
        may_unlink=bool(identities) and (len(identities) > 1 or _has_a_password_login(user)),
    )


def identities_of(user: User) -> list[OwnIdentity]:
    """The account's linked identities, oldest first, each named by its provider's button text."""
    return _identities(_linked_rows(user))


def _identities(rows: list[LinkedIdentity]) -> list[OwnIdentity]:
    if not rows:
        return []  # most accounts: no need to look up the providers' names
    labels = _provider_labels()
    return [
        OwnIdentity(row.id, labels.get(row.issuer, row.issuer), row.subject, row.created_at, row.last_login_at)
        for row in rows
    ]


def _provider_labels() -> dict[str, str]:
    """The button text of every provider by its issuer (a gemeente's first, so the installation's wins a tie)."""
    labels = {
        issuer: label or services.default_label(name)
        for issuer, label, name in db.session.execute(
            sa.select(OidcProvider.issuer, OidcProvider.label, Gemeente.name).join(
                Gemeente, Gemeente.id == OidcProvider.gemeente_id
            )
        )
    }
    installation = services.installation_provider()
    if installation is not None:
        labels[installation.issuer] = installation.label
    return labels


def _linked_rows(user: User) -> list[LinkedIdentity]:
    return list(
        db.session.scalars(
            sa.select(LinkedIdentity)
            .where(LinkedIdentity.user_id == user.id)
            .order_by(LinkedIdentity.created_at, LinkedIdentity.id)
        )
    )


def _providers_reaching(user: User) -> list[services.ProviderSettings]:
    """The providers that may log this account in: its gemeenten's own (for a plain member), then the
    installation's. A provider whose stored secret cannot be read is left out, as on the login page."""
    found = []
    if not (user.is_beheerder or user.is_procesbegeleider or user.is_coordinator):
        gemeente_ids = db.session.scalars(
            sa.select(OidcProvider.gemeente_id)
            .join(Membership, Membership.gemeente_id == OidcProvider.gemeente_id)
            .join(Gemeente, Gemeente.id == OidcProvider.gemeente_id)
            .where(Membership.user_id == user.id)
            .order_by(Gemeente.name)
        ).all()
        for gemeente_id in gemeente_ids:
            try:
                found.append(services.provider_for(gemeente_id))
            except NotFound:
                continue
    installation = services.installation_provider()
    return found + ([installation] if installation else [])


def _has_a_password_login(user: User) -> bool:
    return user.has_usable_password and not passwords_off_for(user)


def check_may_link(actor: User, gemeente_id: int | None, password: str) -> services.ProviderSettings:
    """Before the way to the provider: the current password, and a provider that reaches the account and has
    no identity of it yet. ValidationError (Dutch, next to the field) otherwise; a wrong password is recorded."""
    provider = services.provider_for(gemeente_id)
    if provider.issuer not in {p.issuer for p in _providers_reaching(actor)}:
        raise ValidationError(NOT_REACHED)
    if any(i.issuer == provider.issuer for i in _linked_rows(actor)):  # e.g. a second tab with the old form
        raise ValidationError(ALREADY_LINKED)
    if not actor.check_password(password or ""):
        security_log.record_and_commit(
            "oidc_linked", actor=actor, target=actor.email, result=security_log.REFUSED, reason="wachtwoord"
        )
        raise ValidationError({"password": [WRONG_PASSWORD]})
    return provider


def link_own_identity(actor: User, provider: services.ProviderSettings, claims: Mapping[str, Any]) -> bool:
    """Link the identity the provider vouched for (checked ID token claims) to the logged-in account that
    started it; False when it was already linked to this account. ValidationError (Dutch) when the identity
    belongs to another account, or the account already has another identity at this provider."""
    subject = str(claims.get("sub") or "")
    if not subject or claims.get("iss") != provider.issuer:
        raise ValidationError("Het antwoord van de inlogdienst van uw organisatie was niet volledig.")
    if provider.issuer not in {p.issuer for p in _providers_reaching(actor)}:
        raise ValidationError(NOT_REACHED)
    services.lock_account(actor)  # two tabs coming back at once: the second sees the first one's identity
    holder = db.session.scalar(
        sa.select(LinkedIdentity.user_id).where(
            LinkedIdentity.issuer == provider.issuer, LinkedIdentity.subject == subject
        )
    )
    if holder == actor.id:
        return False
    if holder is not None:
        raise ValidationError("Dit organisatieaccount is al gekoppeld aan een ander account in deze tool.")
    if any(i.issuer == provider.issuer for i in _linked_rows(actor)):
        raise ValidationError(ALREADY_LINKED)
    db.session.add(LinkedIdentity(user_id=actor.id, issuer=provider.issuer, subject=subject))
    security_log.record(
        "oidc_linked", actor=actor, target=actor.email, issuer=provider.issuer, subject=subject, how="Mijn account"
    )
    commit_or_conflict()  # the same identity linked by two requests at once: the unique key refuses the second
    return True


def own_identity(actor: User, identity_id: int) -> OwnIdentity:
    """One of the account's own identities, for the unlink question; NotFound for any other id."""
    found = next((i for i in organisation_login_of(actor).identities if i.id == identity_id), None)
    if found is None:
        raise NotFound()
    return found


def unlink_own_identity(actor: User, identity_id: int) -> None:
    identity = db.session.scalar(
        sa.select(LinkedIdentity).where(LinkedIdentity.id == identity_id, LinkedIdentity.user_id == actor.id)
    )
    if identity is None:
        raise NotFound()
    if not organisation_login_of(actor).may_unlink:
        raise ValidationError(ONLY_WAY_IN)
    security_log.record(
        "oidc_unlinked", actor=actor, target=actor.email, issuer=identity.issuer, subject=identity.subject
    )
    delete_row(identity)


def unlink_by_beheerder(actor: User, user_id: int, identity_id: int) -> None:
    """The beheerder unlinks any identity of an account (a wrong link, a person who left the organisation):
    the next login with it links again only as a first login would."""
    require_beheerder(actor)
    identity = db.session.scalar(
        sa.select(LinkedIdentity).where(LinkedIdentity.id == identity_id, LinkedIdentity.user_id == user_id)
    )
    if identity is None:
        raise NotFound()
    owner = db.session.get(User, user_id)
    security_log.record(
        "oidc_unlinked",
        actor=actor,
        target=owner.email if owner else "",
        issuer=identity.issuer,
        subject=identity.subject,
    )
    delete_row(identity)
