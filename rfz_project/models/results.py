"""What sessions produce: findings (bevindingen), a Service Blueprint board (option B), agreements."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .actions import Action, Theme
from .base import InProject, InSessie, LabelledEnum, Versioned, stored_enum, utcnow
from .sessions import Sessie


class Finding(InProject, InSessie, Versioned, Model):
    """Something learned in a session, later bundled in a theme and possibly turned into an action.

    project_id is kept beside sessie_id so the results of a whole project load in one query.
    """

    __tablename__ = "finding"
    __audit_label__ = "Bevinding"

    id: Mapped[int] = mapped_column(primary_key=True)
    mijlpaal: Mapped[str | None] = mapped_column(sa.String(40))
    rol: Mapped[str | None] = mapped_column(sa.String(40))
    text: Mapped[str] = mapped_column(sa.Text)
    theme_id: Mapped[int | None] = mapped_column(sa.ForeignKey("theme.id", ondelete="SET NULL"), index=True)
    action_id: Mapped[int | None] = mapped_column(sa.ForeignKey("action.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    sessie: Mapped[Sessie] = relationship(lazy="raise")
    theme: Mapped[Theme | None] = relationship(lazy="raise")
    action: Mapped[Action | None] = relationship(lazy="raise")


class BlueprintColumn(InSessie, Versioned, Model):
    """One step of the inwoner's journey on a Service Blueprint board, with what happens in each lane."""

    __tablename__ = "blueprint_column"
    __audit_label__ = "Stap in de Service Blueprint"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    inwoner: Mapped[str] = mapped_column(sa.Text, default="")
    frontstage: Mapped[str] = mapped_column(sa.Text, default="")
    backstage: Mapped[str] = mapped_column(sa.Text, default="")
    support: Mapped[str] = mapped_column(sa.Text, default="")


class AgreementKind(LabelledEnum):
    UITWERKEN = "uitwerken", "Werkt de resultaten uit"
    MEELEZEN = "meelezen", "Leest mee"
    ANDERS = "anders", "Anders"


class Agreement(InSessie, Versioned, Model):
    """An agreement made at the end of a session: who works out or reviews what, and when."""

    __tablename__ = "agreement"
    __audit_label__ = "Afspraak"

    id: Mapped[int] = mapped_column(primary_key=True)
    who: Mapped[str] = mapped_column(sa.String(120))
    kind: Mapped[AgreementKind] = mapped_column(stored_enum(AgreementKind), default=AgreementKind.UITWERKEN)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    due_date: Mapped[date | None]
