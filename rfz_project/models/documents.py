"""A gemeente's own (house-style) version of a Word template or of the PowerPoint base deck."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .base import utcnow


class HouseStyleTemplate(Model):
    """Stored in the database (not on disk) so every app server behind a load balancer sees it."""

    __tablename__ = "house_style_template"
    __table_args__ = (sa.UniqueConstraint("gemeente_id", "template_key", name="uq_house_style_gemeente_template"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id", ondelete="CASCADE"), index=True)
    template_key: Mapped[str] = mapped_column(sa.String(60))
    filename: Mapped[str] = mapped_column(sa.String(200))
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    size: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    uploaded_by_name: Mapped[str] = mapped_column(sa.String(120), default="")
