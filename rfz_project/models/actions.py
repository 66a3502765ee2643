"""A project's action list (Fase 2 Uitvoering: Resultaten and Implementatieplan): themes and actions.

Actions store routekaart keys (mijlpaal, rol), never labels, like the rest of the project's rows.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .base import InProject, LabelledEnum, Versioned, stored_enum, utcnow
from .project import Decision, Project


class ActionStatus(LabelledEnum):
    OPEN = "open", "Open"
    BEZIG = "bezig", "Bezig"
    AFGEROND = "afgerond", "Afgerond"
    GESCHRAPT = "geschrapt", "Geschrapt"

    @property
    def is_closed(self) -> bool:
        """Closed actions are never late and claim no budget any more."""
        return self in (ActionStatus.AFGEROND, ActionStatus.GESCHRAPT)


class ActionTiming(LabelledEnum):
    ONBEPAALD = "onbepaald", "Nog niet bepaald"
    QUICK_WIN = "quick_win", "Quick win (nu)"
    LATER = "later", "Later"


class Theme(InProject, Versioned, Model):
    """A theme in which the results of the sessions are bundled (as Venlo did)."""

    __tablename__ = "theme"
    __audit_label__ = "Thema"
    __table_args__ = (sa.UniqueConstraint("project_id", "name", name="uq_theme_project_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")

    project: Mapped[Project] = relationship(lazy="raise")


class Action(InProject, Versioned, Model):
    """One change the gemeente will make; the owner is a name, as owners may work outside the tool."""

    __tablename__ = "action"
    __audit_label__ = "Actie"

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int | None] = mapped_column(sa.ForeignKey("theme.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    mijlpaal: Mapped[str | None] = mapped_column(sa.String(40))
    rol: Mapped[str | None] = mapped_column(sa.String(40))
    owner: Mapped[str] = mapped_column(sa.String(120), default="")
    deadline: Mapped[date | None]
    budget: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    status: Mapped[ActionStatus] = mapped_column(stored_enum(ActionStatus), default=ActionStatus.OPEN)
    timing: Mapped[ActionTiming] = mapped_column(stored_enum(ActionTiming), default=ActionTiming.ONBEPAALD)
    needs_decision: Mapped[bool] = mapped_column(default=False)
    decision_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decision.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Taken over from another gemeente's initiative ("Overnemen"); the link goes if the initiative goes.
    # use_alter: the initiative points back at the action it came from, and the tables need an order.
    source_initiative_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("initiative.id", ondelete="SET NULL", use_alter=True), index=True
    )

    project: Mapped[Project] = relationship(lazy="raise")
    theme: Mapped[Theme | None] = relationship(lazy="raise")
    decision: Mapped[Decision | None] = relationship(lazy="raise")
