"""Initiatives: what one gemeente shares with every other ("van elkaar leren"), and who took one over.

The only rows that cross gemeente borders; who sees which is decided in one place,
`initiatives/visibility.py`. An initiative belongs to its gemeente: when its source project is deleted the
initiative stays (other gemeenten may have adopted it), without the project (`project_id` SET NULL); when
the gemeente goes, its initiatives go. Rows store routekaart keys (mijlpalen, rol, laag), never labels.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .accounts import Gemeente
from .actions import Action
from .base import LabelledEnum, Versioned, stored_enum, utcnow
from .project import Project


class InitiativeStatus(LabelledEnum):
    WACHT = "wacht_op_goedkeuring", "Wacht op goedkeuring"
    GOEDGEKEURD = "goedgekeurd", "Goedgekeurd"
    AFGEWEZEN = "afgewezen", "Afgewezen"
    INGETROKKEN = "ingetrokken", "Ingetrokken"


class Initiative(Versioned, Model):
    """One initiative as its gemeente offers it: what it is, how it works, and whom to ask."""

    __tablename__ = "initiative"
    __audit_label__ = "Initiatief"
    __audit_private__ = ("contact_name", "contact_phone", "contact_email", "consent_by_name")

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int | None] = mapped_column(sa.ForeignKey("project.id", ondelete="SET NULL"), index=True)
    # The source: an action of the project, or a routekaart checklist item the project answered "doen we al".
    source_action_id: Mapped[int | None] = mapped_column(sa.ForeignKey("action.id", ondelete="SET NULL"), index=True)
    source_item_key: Mapped[str | None] = mapped_column(sa.String(80))
    title: Mapped[str] = mapped_column(sa.String(200))
    how_it_works: Mapped[str] = mapped_column(sa.Text, default="")
    link: Mapped[str] = mapped_column(sa.String(500), default="")
    rol: Mapped[str | None] = mapped_column(sa.String(40))
    laag: Mapped[str | None] = mapped_column(sa.String(40))
    contact_name: Mapped[str] = mapped_column(sa.String(120))
    contact_function: Mapped[str] = mapped_column(sa.String(120), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    # Explicit consent to show the contact details to every gemeente: when, and by whom (the name stays
    # when the account is removed).
    consent_at: Mapped[datetime] = mapped_column(default=utcnow)
    consent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    consent_by_name: Mapped[str] = mapped_column(sa.String(120), default="")
    status: Mapped[InitiativeStatus] = mapped_column(stored_enum(InitiativeStatus), default=InitiativeStatus.WACHT)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Approved or rejected by a VNG procesbegeleider or coördinator; the reason of a rejection is for the gemeente.
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    reviewed_by_name: Mapped[str] = mapped_column(sa.String(120), default="")
    rejection_reason: Mapped[str] = mapped_column(sa.Text, default="")
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    withdrawn_by_name: Mapped[str] = mapped_column(sa.String(120), default="")

    gemeente: Mapped[Gemeente] = relationship(lazy="raise")
    project: Mapped[Project | None] = relationship(lazy="raise")
    source_action: Mapped[Action | None] = relationship(lazy="raise", foreign_keys=[source_action_id])
    mijlpaal_rows: Mapped[list[InitiativeMijlpaal]] = relationship(
        lazy="raise", cascade="all, delete-orphan", back_populates="initiative", order_by="InitiativeMijlpaal.id"
    )

    @property
    def mijlpaal_keys(self) -> list[str]:
        return [row.mijlpaal for row in self.mijlpaal_rows]


class InitiativeMijlpaal(Model):
    """One mijlpaal an initiative is about (a table, like the project's, so the catalogue filters in SQL)."""

    __tablename__ = "initiative_mijlpaal"
    __table_args__ = (sa.UniqueConstraint("initiative_id", "mijlpaal", name="uq_initiative_mijlpaal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(sa.ForeignKey("initiative.id", ondelete="CASCADE"), index=True)
    mijlpaal: Mapped[str] = mapped_column(sa.String(40), index=True)

    initiative: Mapped[Initiative] = relationship(back_populates="mijlpaal_rows", lazy="raise")


class InitiativeAdoption(Model):
    """A project took an initiative over into its action list; goes with the project (or the initiative)."""

    __tablename__ = "initiative_adoption"
    __table_args__ = (sa.UniqueConstraint("initiative_id", "project_id", name="uq_initiative_adoption_project"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(sa.ForeignKey("initiative.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int | None] = mapped_column(sa.ForeignKey("action.id", ondelete="SET NULL"), index=True)
    adopted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    adopted_at: Mapped[datetime] = mapped_column(default=utcnow)

    initiative: Mapped[Initiative] = relationship(lazy="raise")
    project: Mapped[Project] = relationship(lazy="raise")
    action: Mapped[Action | None] = relationship(lazy="raise")
