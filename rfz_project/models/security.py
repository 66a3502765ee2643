"""Security events: who did what security-relevant thing, from where, with what result."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .base import utcnow


class SecurityEvent(Model):
    """One security event (login, password change, role change, upload, import, ...), kept for the
    beheerder's 'Beveiligingslog'. `actor_email` stays when the account goes; `details` never holds a
    password or token (security_log.record drops such keys)."""

    __tablename__ = "security_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(sa.String(40), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    actor_email: Mapped[str] = mapped_column(sa.String(254), default="")
    target: Mapped[str] = mapped_column(sa.String(300), default="")
    address: Mapped[str] = mapped_column(sa.String(64), default="")
    result: Mapped[str] = mapped_column(sa.String(20), default="")
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
