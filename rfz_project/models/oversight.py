"""What the VNG keeps for itself about a gemeente: the procesbegeleiders' own notes, and their history.

A note belongs to a gemeente, not to a project, so the project audit trail (AuditEvent, one project each)
cannot hold it. Its history is a table of its own, written by the notes service in the same transaction as
the change (oversight/notes.py), and shown on the VNG's page of the gemeente. No page of a project reads
either table: the gemeente never sees them.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .base import Versioned, utcnow


class GemeenteNote(Versioned, Model):
    """A procesbegeleider's own note about a gemeente; only its author changes or deletes it."""

    __tablename__ = "gemeente_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    # Kept as text too: the note still says who wrote it after the account is removed.
    author_name: Mapped[str] = mapped_column(sa.String(120), default="")
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]  # None: never changed after it was written


class GemeenteNoteEvent(Model):
    """One change of a note (added, changed, deleted): who, when, and the note's text after it (before it,
    for a deletion). Outlives the note: `note_id` is a plain number, not a reference."""

    __tablename__ = "gemeente_note_event"
    __table_args__ = (sa.Index("ix_gemeente_note_event_gemeente_at", "gemeente_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id", ondelete="CASCADE"))
    note_id: Mapped[int]
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(sa.String(120), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(sa.String(20))  # aangemaakt, gewijzigd, verwijderd (as in audit.ACTIONS)
    summary: Mapped[str] = mapped_column(sa.String(300), default="")
