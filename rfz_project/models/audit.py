"""The history of a project: who changed what, when. Written in the same transaction as the change."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .base import utcnow


class AuditEvent(Model):
    __tablename__ = "audit_event"
    __table_args__ = (sa.Index("ix_audit_event_project_at", "project_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    # Kept as text too: the history must still say who it was after an account is removed.
    actor_name: Mapped[str] = mapped_column(sa.String(120), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
    entity: Mapped[str] = mapped_column(sa.String(60))
    entity_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(sa.String(20))
    summary: Mapped[str] = mapped_column(sa.String(300), default="")
    # {column name: [before, after]} as display text (older events: {Dutch label: ...}); the history page
    # turns the names into Dutch labels (projects/history.py).
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)
