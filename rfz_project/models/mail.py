"""The outbox: every e-mail the tool sends, written in the transaction of the change that causes it."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .base import LabelledEnum, utcnow


class MailStatus(LabelledEnum):
    """What the beheerder reads on the "Verzonden e-mail" page."""

    WAITING = "wacht", "Wacht op verzending"
    SENT = "verzonden", "Verzonden"
    FAILED = "mislukt", "Mislukt"


class OutboxMail(Model):
    """One e-mail, kept after it is sent so the beheerder can see what went out.

    A worker (mail/worker.py) claims a due mail by setting `claimed_by` and `claimed_until` in one UPDATE
    that only succeeds while nobody else holds it, so two workers never send the same mail; a claim that
    outlives `claimed_until` (a worker that died) is free again. `given_up_at` is set when retrying stopped.
    """

    __tablename__ = "outbox_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(200))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str | None] = mapped_column(sa.Text)
    # Where an answer to the mail goes, when not to the sender (an invitation: its contact person); "" = sender.
    reply_to: Mapped[str] = mapped_column(sa.String(254), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    send_after: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_error: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    given_up_at: Mapped[datetime | None] = mapped_column()
    claimed_by: Mapped[str | None] = mapped_column(sa.String(80))
    claimed_until: Mapped[datetime | None] = mapped_column()

    attachments: Mapped[list[OutboxAttachment]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="OutboxAttachment.id"
    )

    @property
    def status(self) -> MailStatus:
        if self.sent_at is not None:
            return MailStatus.SENT
        return MailStatus.FAILED if self.given_up_at is not None else MailStatus.WAITING

    def __repr__(self) -> str:
        return f"<OutboxMail {self.id} to {self.recipient}>"


class OutboxAttachment(Model):
    """A file sent with an outbox mail, e.g. a sessie's .ics (`content_type` "text/calendar; method=REQUEST")."""

    __tablename__ = "outbox_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    mail_id: Mapped[int] = mapped_column(sa.ForeignKey("outbox_mail.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(200))
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
