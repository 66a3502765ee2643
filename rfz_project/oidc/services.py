"""Organisation login (OpenID Connect): which providers there are, who an identity is, and the beheerder's
settings per gemeente.

Two kinds of provider:
- the installation's own (RFZ_OIDC_ISSUER, RFZ_OIDC_CLIENT_ID, RFZ_OIDC_CLIENT_SECRET, RFZ_OIDC_LABEL), set
  by the operator, e.g. the VNG's: it may log in any active account;
- a gemeente's own, set by the beheerder (OidcProvider): it may log in only the gemeente's own members, and
  never a beheerder, procesbegeleider or coördinator. A gemeente's IT department runs that provider and could
  make it claim any e-mail address: it must not be a way into another gemeente or into the VNG's accounts.

An account is found by the issuer and the provider's `sub` (LinkedIdentity). The first login links the
identity to an existing active account only when the provider says the e-mail address is verified and it is
that account's address, or when the login started from the account's invitation link; a logged-in user links
one on "Mijn account" (own.py). Nobody gets an account by logging in.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
import sqlalchemy as sa
from flask import current_app

from .. import security_log
from ..accounts import invites
from ..accounts.services import normalise_email
from ..admin.services import require_beheerder
from ..errors import NotAuthorized, NotFound, ValidationError
from ..extensions import db
from ..models import Gemeente, LinkedIdentity, Membership, OidcProvider, User
from ..models.base import utcnow
from ..services_common import commit_or_conflict, expect_version
from . import secrets
from .policy import passwords_off_for

INSTALLATION = "installatie"
DISCOVERY_PATH = "/.well-known/openid-configuration"
# Seconds the app waits for a provider (discovery, token, keys) before it gives up.
PROVIDER_TIMEOUT = 10
SCOPE = "openid email profile"


@dataclass(frozen=True)
class ProviderSettings:
    """One provider as the login needs it. `key`: INSTALLATION or "gemeente-<id>"."""

    key: str
    issuer: str
    client_id: str
    client_secret: str
    label: str
    gemeente_id: int | None = None

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + DISCOVERY_PATH


@dataclass(frozen=True)
class LoginChoice:
    """A button on the login page (or the invitation's accept page)."""

    label: str
    gemeente_id: int | None  # None: the installation's provider
    gemeente_name: str = ""

    @property
    def endpoint(self) -> str:
        """Link it with url_for(choice.endpoint, next=..., **choice.url_args)."""
        return "oidc.start" if self.gemeente_id is None else "oidc.start_gemeente"

    @property
    def url_args(self) -> dict[str, int]:
        return {} if self.gemeente_id is None else {"gemeente_id": self.gemeente_id}


@dataclass(frozen=True)
class LoginChoices:
    installation: LoginChoice | None
    gemeenten: list[LoginChoice]

    @property
    def any(self) -> bool:
        return self.installation is not None or bool(self.gemeenten)


class LoginRefused(NotAuthorized):
    """The provider vouched for someone, but this tool does not let them in. `reason` is for the security
    log; the message (Dutch) is for the page."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


_UNKNOWN = (
    "Met dit organisatieaccount kunt u nog niet inloggen: er is geen account in de RFZ-implementatietool dat "
    "erbij hoort. Vraag de projectleider of de beheerder om een uitnodiging, of log in met uw wachtwoord."
)
_UNVERIFIED = (
    "Uw organisatie heeft niet bevestigd dat het e-mailadres van dit organisatieaccount van u is. Daarom kunnen we "
    "het niet zelf aan uw account koppelen. Log in met uw wachtwoord en koppel het bij Mijn account, of vraag de "
    "beheerder om hulp."
)
_BLOCKED = "Uw account is geblokkeerd. Neem contact op met de beheerder."
_INVITATION_EXPIRED = (
    "Uw uitnodiging voor de RFZ-implementatietool is verlopen. Vraag wie u uitnodigde om een nieuwe uitnodiging."
)
_NOT_HERE = (
    "Met het organisatieaccount van deze gemeente kunt u niet bij dit account. "
    "Kies de knop van uw eigen organisatie of log in met uw wachtwoord."
)
_OTHER_LINK = (
    "Bij uw account hoort al een ander account van deze organisatie. Log daarmee in, of vraag de beheerder om hulp."
)


# --- which providers there are ---------------------------------------------------------------------


def gemeente_key(gemeente_id: int) -> str:
    return f"gemeente-{gemeente_id}"


def installation_provider() -> ProviderSettings | None:
    config = current_app.config
    if not config.get("RFZ_OIDC_ISSUER"):
        return None
    return ProviderSettings(
        key=INSTALLATION,
        issuer=config["RFZ_OIDC_ISSUER"],
        client_id=config["RFZ_OIDC_CLIENT_ID"],
        client_secret=config["RFZ_OIDC_CLIENT_SECRET"],
        label=config.get("RFZ_OIDC_LABEL") or "Inloggen met uw organisatieaccount",
    )


def default_label(gemeente_name: str) -> str:
    return f"Inloggen met uw account van {gemeente_name}"


def provider_for(gemeente_id: int | None) -> ProviderSettings:
    """The installation's provider (None) or the gemeente's; NotFound when there is none (or its stored secret
    cannot be read any more, after a new SECRET_KEY)."""
    if gemeente_id is None:
        provider = installation_provider()
        if provider is None:
            raise NotFound()
        return provider
    row = db.session.execute(
        sa.select(OidcProvider, Gemeente.name)
        .join(Gemeente, Gemeente.id == OidcProvider.gemeente_id)
        .where(OidcProvider.gemeente_id == gemeente_id)
    ).one_or_none()
    if row is None:
        raise NotFound()
    stored, name = row
    try:
        secret = secrets.decrypt(stored.client_secret_encrypted)
    except secrets.SecretUnreadable as error:
        raise NotFound() from error
    return ProviderSettings(
        key=gemeente_key(gemeente_id),
        issuer=stored.issuer,
        client_id=stored.client_id,
        client_secret=secret,
        label=stored.label or default_label(name),
        gemeente_id=gemeente_id,
    )


def login_choices() -> LoginChoices:
    """What the login page offers: the installation's button, and one per gemeente with its own provider."""
    installation = installation_provider()
    rows = db.session.execute(
        sa.select(Gemeente.id, Gemeente.name, OidcProvider.label)
        .join(OidcProvider, OidcProvider.gemeente_id == Gemeente.id)
        .order_by(Gemeente.name)
    ).all()
    return LoginChoices(
        installation=LoginChoice(installation.label, None) if installation else None,
        gemeenten=[LoginChoice(label or default_label(name), gemeente_id, name) for gemeente_id, name, label in rows],
    )


def login_choices_for(gemeente_id: int | None) -> list[LoginChoice]:
    """The buttons for someone who belongs to this gemeente (e.g. on an invitation's accept page): the
    gemeente's own provider first, then the installation's. Link each with
    url_for(choice.endpoint, next=..., **choice.url_args)."""
    choices = login_choices()
    own = [choice for choice in choices.gemeenten if gemeente_id is not None and choice.gemeente_id == gemeente_id]
    return own + ([choices.installation] if choices.installation else [])


# --- transport: https, or http on loopback in tests --------------------------------------------------


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def url_problem(url: str) -> str | None:
    """Why the app will not talk to this provider address, or None. https always; plain http only on the
    loopback address and only when the test configuration allows it (RFZ_OIDC_ALLOW_HTTP_LOOPBACK)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "Dit is geen geldig webadres."
    if not parts.hostname or parts.query or parts.fragment:
        return "Vul het adres van de provider in, zoals https://login.voorbeeld.nl/realms/gemeente."
    if parts.scheme == "https":
        return None
    allow_http = current_app.config.get("RFZ_OIDC_ALLOW_HTTP_LOOPBACK")
    if parts.scheme == "http" and allow_http and _is_loopback(parts.hostname):
        return None
    return "Het adres moet met https:// beginnen."


def check_metadata(provider: ProviderSettings, metadata: Mapping[str, Any]) -> None:
    """What OpenID Connect Discovery requires of the document: the issuer it names is exactly the one asked
    for, and every endpoint the login uses is there and reached safely. ValueError otherwise."""
    if metadata.get("issuer") != provider.issuer:
        raise ValueError(f"discovery names issuer {metadata.get('issuer')!r}, not {provider.issuer!r}")
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        value = metadata.get(name)
        if not isinstance(value, str) or url_problem(value) is not None:
            raise ValueError(f"discovery has no usable {name}")
    end_session = metadata.get("end_session_endpoint")
    if end_session is not None and (not isinstance(end_session, str) or url_problem(end_session) is not None):
        raise ValueError("discovery has an unusable end_session_endpoint")


def _discover(provider: ProviderSettings) -> None:
    """Fetch and check the discovery document; ValueError (with a Dutch message) when it fails."""
    try:
        response = requests.get(provider.discovery_url, timeout=PROVIDER_TIMEOUT)
        response.raise_for_status()
        metadata = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ValueError(
            f"Op {provider.discovery_url} vonden we geen OpenID-provider. Controleer het adres."
        ) from error
    try:
        check_metadata(provider, metadata if isinstance(metadata, dict) else {})
    except ValueError as error:
        raise ValueError(
            "Deze provider noemt een ander adres als zijn eigen (issuer) of mist een onderdeel. "
            f"Vul het adres in dat de provider zelf opgeeft: {metadata.get('issuer', 'onbekend')}."
        ) from error


# --- who an identity is ----------------------------------------------------------------------------


def _verified(claims: Mapping[str, Any]) -> bool:
    value = claims.get("email_verified")
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _may_reach(provider: ProviderSettings, user: User) -> bool:
    """The installation's provider reaches every account; a gemeente's only its own plain members."""
    if provider.gemeente_id is None:
        return True
    if user.is_beheerder or user.is_procesbegeleider or user.is_coordinator:
        return False
    member = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Membership)
        .where(Membership.user_id == user.id, Membership.gemeente_id == provider.gemeente_id)
    )
    return bool(member)


def _refuse(provider: ProviderSettings, reason: str, message: str, target: str, subject: str) -> LoginRefused:
    db.session.rollback()
    security_log.record_and_commit(
        "login_failed",
        target=target,
        result=security_log.REFUSED,
        method="organisatieaccount",
        issuer=provider.issuer,
        subject=subject,
        reason=reason,
    )
    return LoginRefused(reason, message)


def record_failed_flow(provider: ProviderSettings, reason: str) -> None:
    """A login that broke off before the provider vouched for anyone (wrong state, nonce, issuer, signature,
    an expired token, the provider away or refusing)."""
    db.session.rollback()
    security_log.record_and_commit(
        "login_failed",
        target=provider.issuer,
        result=security_log.REFUSED,
        method="organisatieaccount",
        issuer=provider.issuer,
        reason=reason[:200],
    )


def lock_account(user: User) -> None:
    """Hold other links to this account until this transaction ends (PostgreSQL: the account's row lock), so
    that two first logins at once cannot give it two identities at one provider. SQLite writes one at a time."""
    db.session.execute(sa.select(User.id).where(User.id == user.id).with_for_update())


def _account_of_verified_address(
    provider: ProviderSettings, claims: Mapping[str, Any], email: str, target: str, subject: str
) -> User:
    if not email:
        raise _refuse(provider, "geen e-mailadres van de provider", _UNKNOWN, target, subject)
    if not _verified(claims):
        raise _refuse(provider, "e-mailadres niet bevestigd door de provider", _UNVERIFIED, target, subject)
    found = db.session.execute(sa.select(User).where(User.email == email)).scalar_one_or_none()
    if found is None:
        raise _refuse(provider, "onbekend account", _UNKNOWN, target, subject)
    return found


def login_with_identity(
    provider: ProviderSettings, claims: Mapping[str, Any], invitation_token: str | None = None
) -> User:
    """The account this identity (checked ID token claims: iss, sub, email, email_verified) logs in to.

    An unknown identity is linked to the account that a still valid invitation link names (`invitation_token`:
    the login started from the link's accept page, so the link proves the address and the provider the
    person; Entra ID, for one, does not say whether an address is verified), else to the account with the
    provider's address when the provider says it verified that address.
    Raises LoginRefused (recorded in the Beveiligingslog) for an unknown identity without either, a blocked
    account, or an account this provider may not reach.
    """
    subject = str(claims.get("sub") or "")
    email = normalise_email(str(claims.get("email") or ""))[:254]
    target = email or subject
    if not subject or claims.get("iss") != provider.issuer:
        raise _refuse(provider, "onvolledig antwoord van de provider", _UNKNOWN, target, subject)
    identity = db.session.execute(
        sa.select(LinkedIdentity).where(LinkedIdentity.issuer == provider.issuer, LinkedIdentity.subject == subject)
    ).scalar_one_or_none()
    linked_now = False
    if identity is not None:
        user = db.session.get(User, identity.user_id)
        if user is None:  # pragma: no cover  (the link goes with its account: ON DELETE CASCADE)
            raise _refuse(provider, "onbekend account", _UNKNOWN, target, subject)
    else:
        user = invites.invited_by_link(invitation_token) or _account_of_verified_address(
            provider, claims, email, target, subject
        )
        lock_account(user)
        other = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(LinkedIdentity)
            .where(LinkedIdentity.user_id == user.id, LinkedIdentity.issuer == provider.issuer)
        )
        if other:
            raise _refuse(provider, "account al gekoppeld aan een andere identiteit", _OTHER_LINK, target, subject)
    if not user.active:
        raise _refuse(provider, "geblokkeerd account", _BLOCKED, target, subject)
    if not _may_reach(provider, user):
        raise _refuse(provider, "account niet van deze gemeente", _NOT_HERE, target, subject)
    # An invited account may be taken up with the organisation account instead of the link's password, within
    # the invitation's seven days like the link: afterwards the inviter sends a new invitation.
    if user.invitation_pending:
        ends = user.invitation_ends
        if ends is not None and ends < utcnow():
            raise _refuse(provider, "uitnodiging verlopen", _INVITATION_EXPIRED, target, subject)
        invites.invitation_taken_up(user)
        security_log.record("invitation_accepted", actor=user, target=user.email, how="organisatieaccount")
    if identity is None:
        identity = LinkedIdentity(user_id=user.id, issuer=provider.issuer, subject=subject)
        db.session.add(identity)
        linked_now = True
    identity.last_login_at = utcnow()
    if user.must_change_password and passwords_off_for(user):
        user.must_change_password = False  # a password they can no longer use
    if linked_now:
        security_log.record("oidc_linked", actor=user, target=user.email, issuer=provider.issuer, subject=subject)
    security_log.record("login", actor=user, target=user.email, method="organisatieaccount", issuer=provider.issuer)
    commit_or_conflict()
    return user


# --- the beheerder's settings per gemeente -----------------------------------------------------------


@dataclass(frozen=True)
class ProviderPage:
    gemeente: Gemeente
    provider: OidcProvider | None
    members: int
    linked_members: int
    secret_unreadable: bool


def _gemeente(gemeente_id: int) -> Gemeente:
    gemeente = db.session.get(Gemeente, gemeente_id)
    if gemeente is None:
        raise NotFound()
    return gemeente


def _stored(gemeente_id: int) -> OidcProvider | None:
    return db.session.execute(
        sa.select(OidcProvider).where(OidcProvider.gemeente_id == gemeente_id)
    ).scalar_one_or_none()


def provider_page(actor: User, gemeente_id: int) -> ProviderPage:
    """The beheerder's page of one gemeente's provider: its settings (never the secret) and how many members
    already linked their organisation account (those who have not cannot log in once passwords are off)."""
    require_beheerder(actor)
    gemeente = _gemeente(gemeente_id)
    provider = _stored(gemeente_id)
    count_members = sa.select(sa.func.count()).select_from(Membership).where(Membership.gemeente_id == gemeente_id)
    members = db.session.scalar(count_members) or 0
    linked = 0
    unreadable = False
    if provider is not None:
        linked = (
            db.session.scalar(
                sa.select(sa.func.count(sa.distinct(Membership.user_id)))
                .select_from(Membership)
                .join(LinkedIdentity, LinkedIdentity.user_id == Membership.user_id)
                .where(Membership.gemeente_id == gemeente_id, LinkedIdentity.issuer == provider.issuer)
            )
            or 0
        )
        try:
            secrets.decrypt(provider.client_secret_encrypted)
        except secrets.SecretUnreadable:
            unreadable = True
    return ProviderPage(gemeente, provider, members, linked, unreadable)


def save_provider(
    actor: User,
    gemeente_id: int,
    *,
    issuer: str,
    client_id: str,
    client_secret: str,
    label: str,
    passwords_off: bool,
    expected_version: int | None = None,
) -> OidcProvider:
    """Set (or change) the gemeente's provider. An empty secret keeps the stored one; a new provider needs
    one. The discovery document is fetched and checked first, so a typing error cannot lock members out."""
    require_beheerder(actor)
    gemeente = _gemeente(gemeente_id)
    provider = _stored(gemeente_id)
    if provider is not None:
        expect_version(provider, expected_version)
    issuer, client_id, label = (issuer or "").strip(), (client_id or "").strip(), (label or "").strip()
    errors: dict[str, list[str]] = {}
    problem = url_problem(issuer) if issuer else "Vul het adres van de provider in."
    if problem:
        errors["issuer"] = [problem]
    if not client_id:
        errors["client_id"] = ["Vul de client-id in die de provider voor deze tool heeft gemaakt."]
    if not client_secret and provider is None:
        errors["client_secret"] = ["Vul het clientgeheim in."]
    elif not client_secret and provider is not None and issuer != provider.issuer:
        errors["client_secret"] = [
            "Vul het clientgeheim voor dit nieuwe adres in: "
            "het opgeslagen geheim sturen we niet naar een andere provider."
        ]
    if not errors:
        try:
            _discover(ProviderSettings(gemeente_key(gemeente_id), issuer, client_id, client_secret, label, gemeente_id))
        except ValueError as error:
            errors["issuer"] = [str(error)]
    if errors:
        raise ValidationError(errors)
    if provider is None:
        provider = OidcProvider(gemeente_id=gemeente.id, issuer=issuer, client_secret_encrypted="")
        db.session.add(provider)
    changed_issuer = provider.issuer != issuer
    provider.issuer, provider.client_id, provider.label = issuer, client_id, label
    provider.passwords_off = bool(passwords_off)
    if client_secret:
        provider.client_secret_encrypted = secrets.encrypt(client_secret)
    details: dict[str, Any] = {"issuer": issuer, "organisation_login_only": provider.passwords_off}
    if changed_issuer:
        details["new_issuer"] = True
    security_log.record("oidc_provider_saved", actor=actor, target=gemeente.name, **details)
    commit_or_conflict()
    return provider


def remove_provider(actor: User, gemeente_id: int) -> Gemeente:
    """The gemeente goes back to passwords only. Linked identities stay: set up again with the same issuer,
    the members log in as before."""
    require_beheerder(actor)
    gemeente = _gemeente(gemeente_id)
    provider = _stored(gemeente_id)
    if provider is None:
        raise NotFound()
    db.session.delete(provider)
    security_log.record("oidc_provider_removed", actor=actor, target=gemeente.name, issuer=provider.issuer)
    commit_or_conflict()
    return gemeente
