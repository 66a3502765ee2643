"""What mail a user wants, and which reminders were already sent (so a second run sends nothing twice)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .base import LabelledEnum, Versioned, utcnow


class MailPreference(Versioned, Model):
    """One user's choices; no row means the defaults: every kind of mail on.

    Mail that answers what the user asked for (a password reset, an invitation) is never switchable.
    """

    __tablename__ = "mail_preference"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    weekly_digest: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    sessie_reminders: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    support_notices: Mapped[bool] = mapped_column(default=True, server_default=sa.true())


class ReminderKind(LabelledEnum):
    DIGEST = "weekoverzicht", "Weekoverzicht"
    SESSIE = "sessie_morgen", "Herinnering sessie morgen"


class SentReminder(Model):
    """A reminder that went to the outbox: inserted in the same transaction as its mail, and unique per kind,
    user and key (the ISO week of a digest, "sessie id:date" of a day-before reminder), so two runs of
    send-reminders, even at the same time on two machines, send it once. A moved sessie has a new key."""

    __tablename__ = "sent_reminder"
    __table_args__ = (sa.UniqueConstraint("kind", "user_id", "key", name="uq_sent_reminder_kind_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(sa.String(40))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
