"""Organisation login (OpenID Connect): a gemeente's own provider, and the accounts linked to identities."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .base import Versioned, utcnow


class OidcProvider(Versioned, Model):
    """The OpenID Connect provider a beheerder set for one gemeente (its Entra ID, Keycloak, ...).

    The client secret is stored encrypted with a key derived from SECRET_KEY (oidc/secrets.py) and never
    shown again. `passwords_off`: the gemeente's members (not beheerders) log in with this provider only.
    """

    __tablename__ = "oidc_provider"

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id", ondelete="CASCADE"), unique=True)
    issuer: Mapped[str] = mapped_column(sa.String(255))
    client_id: Mapped[str] = mapped_column(sa.String(255))
    client_secret_encrypted: Mapped[str] = mapped_column(sa.Text)
    # The button's text; empty: "Inloggen met het account van <gemeente>".
    label: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    passwords_off: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<OidcProvider {self.issuer} for gemeente {self.gemeente_id}>"


class LinkedIdentity(Model):
    """An account reached through an OpenID provider: keyed on the issuer and the provider's `sub`, never on
    the e-mail address (which a person or a provider may change)."""

    __tablename__ = "linked_identity"
    __table_args__ = (sa.UniqueConstraint("issuer", "subject", name="uq_linked_identity_issuer_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(sa.String(255))
    subject: Mapped[str] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()

    def __repr__(self) -> str:
        return f"<LinkedIdentity {self.issuer} {self.subject} -> {self.user_id}>"
