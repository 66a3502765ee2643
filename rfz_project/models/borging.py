"""Fase 3 Borging: the regular tasks that keep the changes alive after the project ends.

The decision log (archivering) needs no table of its own: it is built from Decision, Action and
RegularTask rows, so it cannot disagree with them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .base import InProject, LabelledEnum, Versioned, stored_enum
from .project import Decision, Project


class TaskKind(LabelledEnum):
    MONITORING = "monitoring", "Monitoring"
    RAPPORTAGE = "rapportage", "Tussenrapportage"
    COMMUNICATIE = "communicatie", "Communicatie"
    BELEID = "beleid", "Taak voor beleid"
    TEAMLEIDER = "teamleider", "Taak voor de teamleider"
    ANDERS = "anders", "Anders"


class TaskFrequency(LabelledEnum):
    WEEK = "week", "Per week"
    MAAND = "maand", "Per maand"
    KWARTAAL = "kwartaal", "Per kwartaal"
    JAAR = "jaar", "Per jaar"
    EENMALIG = "eenmalig", "Eenmalig"

    @property
    def per_year(self) -> int:
        """How often the hours come back in a year; a one-off task counts once."""
        return {"week": 52, "maand": 12, "kwartaal": 4, "jaar": 1, "eenmalig": 1}[self.value]


class RegularTask(InProject, Versioned, Model):
    """Work that needs lasting attention; owner and department are names, as they may be outside the tool."""

    __tablename__ = "regular_task"
    __audit_label__ = "Reguliere taak"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[TaskKind] = mapped_column(stored_enum(TaskKind), default=TaskKind.MONITORING)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    owner: Mapped[str] = mapped_column(sa.String(120), default="")
    department: Mapped[str] = mapped_column(sa.String(120), default="")
    hours: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 1))  # per period (see frequency)
    frequency: Mapped[TaskFrequency] = mapped_column(stored_enum(TaskFrequency), default=TaskFrequency.MAAND)
    needs_directiebesluit: Mapped[bool] = mapped_column(default=False)
    needs_opdrachtomschrijving: Mapped[bool] = mapped_column(default=False)
    decision_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decision.id", ondelete="SET NULL"), index=True)
    starts_on: Mapped[date | None]

    project: Mapped[Project] = relationship(lazy="raise")
    decision: Mapped[Decision | None] = relationship(lazy="raise")
