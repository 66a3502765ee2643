"""Support a gemeente asks of the VNG ("Ondersteuning vragen") and how a procesbegeleider handles it.

The kind of support is a routekaart key (`support_kinds` in routekaart.toml); who asked and who handles are
kept by id and by name, so the history still reads well after an account is removed.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .base import InProject, LabelledEnum, Versioned, stored_enum, utcnow
from .project import Project
from .sessions import Sessie


class SupportStatus(LabelledEnum):
    NIEUW = "nieuw", "Nieuw"
    IN_BEHANDELING = "in_behandeling", "In behandeling"
    AFGEROND = "afgerond", "Afgerond"
    AFGEWEZEN = "afgewezen", "Afgewezen"

    @property
    def is_open(self) -> bool:
        """Still waiting for the VNG: new, or taken but not yet closed."""
        return self in OPEN_SUPPORT_STATUSES


OPEN_SUPPORT_STATUSES = (SupportStatus.NIEUW, SupportStatus.IN_BEHANDELING)


class SupportRequest(InProject, Versioned, Model):
    """One request for support from a project's projectleider to the VNG."""

    __tablename__ = "support_request"
    __audit_label__ = "Hulpvraag"
    __table_args__ = (sa.Index("ix_support_request_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    support_kind: Mapped[str] = mapped_column(sa.String(40))
    message: Mapped[str] = mapped_column(sa.Text, default="")
    sessie_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sessie.id", ondelete="SET NULL"), index=True)
    status: Mapped[SupportStatus] = mapped_column(stored_enum(SupportStatus), default=SupportStatus.NIEUW)
    reply: Mapped[str] = mapped_column(sa.Text, default="")
    asked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    asked_by_name: Mapped[str] = mapped_column(sa.String(120), default="")
    handler_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    handler_name: Mapped[str] = mapped_column(sa.String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    taken_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    project: Mapped[Project] = relationship(lazy="raise")
    sessie: Mapped[Sessie | None] = relationship(lazy="raise")
