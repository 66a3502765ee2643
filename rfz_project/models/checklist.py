"""The routekaart as checklist: a project's answers per checklist item, and a gemeente's own items.

An answer points at exactly one item: a routekaart checklist item (by its stable key, never its text)
or one of the gemeente's own items. Two nullable columns with a check keep both kinds as real
references: an own item's answers go when the item goes, and a routekaart key stays a plain key.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .accounts import Gemeente
from .actions import Action
from .base import InProject, LabelledEnum, Versioned, stored_enum, utcnow
from .project import Project


class ChecklistStatus(LabelledEnum):
    DOEN_WE_AL = "doen_we_al", "Doen we al"
    NOG_NIET = "nog_niet", "Doen we nog niet"
    AAN_DE_SLAG = "aan_de_slag", "Gaan we mee aan de slag"
    NVT = "nvt", "Niet van toepassing"


class CustomChecklistItem(Model):
    """A point the gemeente adds itself; it belongs to the gemeente, so all its projects share it."""

    __tablename__ = "custom_checklist_item"
    __audit_label__ = "Eigen checklistpunt"

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id", ondelete="CASCADE"), index=True)
    mijlpaal: Mapped[str | None] = mapped_column(sa.String(40))  # None: a general item
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    gemeente: Mapped[Gemeente] = relationship(lazy="raise")


class ChecklistAnswer(InProject, Versioned, Model):
    """How far a project is with one checklist item; no row (or no answer) means not answered yet."""

    __tablename__ = "checklist_answer"
    __audit_label__ = "Checklistantwoord"
    __table_args__ = (
        sa.UniqueConstraint("project_id", "item_key", name="uq_checklist_answer_project_item_key"),
        sa.UniqueConstraint("project_id", "custom_item_id", name="uq_checklist_answer_project_custom_item"),
        sa.CheckConstraint("(item_key IS NULL) <> (custom_item_id IS NULL)", name="one_item"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_key: Mapped[str | None] = mapped_column(sa.String(80))
    custom_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("custom_checklist_item.id", ondelete="CASCADE"), index=True
    )
    # Nullable: a note may be written before the team has decided, and an answer can be taken back.
    answer: Mapped[ChecklistStatus | None] = mapped_column(stored_enum(ChecklistStatus))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    action_id: Mapped[int | None] = mapped_column(sa.ForeignKey("action.id", ondelete="SET NULL"), index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    project: Mapped[Project] = relationship(lazy="raise")
    custom_item: Mapped[CustomChecklistItem | None] = relationship(lazy="raise")
    action: Mapped[Action | None] = relationship(lazy="raise")
