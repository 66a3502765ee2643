"""Sessions of Fase 2 (kick-off, inwoners, professionals, bedrijfsvoering, resultaten) and who takes part.

The model is called Sessie: 'Session' would blur with the database session everywhere in the code.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow
from .project import Project, _enum


class SessieStatus(str, enum.Enum):
    CONCEPT = "concept"
    GEPLAND = "gepland"
    BEZIG = "bezig"
    AFGEROND = "afgerond"

    @property
    def label(self) -> str:
        return {
            "concept": "Concept",
            "gepland": "Gepland (uitnodigingen verstuurd)",
            "bezig": "Bezig",
            "afgerond": "Afgerond",
        }[self.value]


class SessieMode(str, enum.Enum):
    FYSIEK = "fysiek"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return {"fysiek": "Op locatie", "online": "Online"}[self.value]


class ParticipantGroup(str, enum.Enum):
    INWONER = "inwoner"
    PROFESSIONAL = "professional"
    KETENPARTNER = "ketenpartner"
    COLLEGA = "collega"

    @property
    def label(self) -> str:
        return {
            "inwoner": "Inwoner",
            "professional": "Professional",
            "ketenpartner": "Ketenpartner",
            "collega": "Collega",
        }[self.value]


class InvitationStatus(str, enum.Enum):
    UITGENODIGD = "uitgenodigd"
    AANGEMELD = "aangemeld"
    AFGEMELD = "afgemeld"
    AANWEZIG = "aanwezig"

    @property
    def label(self) -> str:
        return {"uitgenodigd": "Uitgenodigd", "aangemeld": "Aangemeld", "afgemeld": "Afgemeld", "aanwezig": "Aanwezig"}[
            self.value
        ]


class Sessie(db.Model):
    __tablename__ = "sessie"
    __audit_label__ = "Sessie"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)
    session_type: Mapped[str] = mapped_column(sa.String(40))
    option: Mapped[str | None] = mapped_column(sa.String(10))
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    on_date: Mapped[date]
    start_time: Mapped[time]
    duration_minutes: Mapped[int]
    mode: Mapped[SessieMode] = mapped_column(_enum(SessieMode), default=SessieMode.FYSIEK)
    location: Mapped[str] = mapped_column(sa.String(300), default="")
    online_url: Mapped[str] = mapped_column(sa.String(500), default="")
    procesbegeleider: Mapped[str] = mapped_column(sa.String(120), default="")
    administrator: Mapped[str] = mapped_column(sa.String(120), default="")
    agenda: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[SessieStatus] = mapped_column(_enum(SessieStatus), default=SessieStatus.CONCEPT)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(nullable=False)

    __mapper_args__ = {"version_id_col": version}

    project: Mapped[Project] = relationship(lazy="raise")
    mijlpaal_rows: Mapped[list[SessieMijlpaal]] = relationship(
        lazy="raise", cascade="all, delete-orphan", back_populates="sessie", order_by="SessieMijlpaal.id"
    )
    participants: Mapped[list[Participant]] = relationship(
        lazy="raise", cascade="all, delete-orphan", back_populates="sessie", order_by="Participant.id"
    )

    @property
    def mijlpaal_keys(self) -> list[str]:
        """In the order they were chosen; show them through Routekaart.mijlpaal_order."""
        return [row.mijlpaal for row in self.mijlpaal_rows]

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.on_date, self.start_time)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class SessieMijlpaal(db.Model):
    __tablename__ = "sessie_mijlpaal"
    __audit_label__ = "Mijlpaal van een sessie"
    __table_args__ = (sa.UniqueConstraint("sessie_id", "mijlpaal", name="uq_sessie_mijlpaal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sessie_id: Mapped[int] = mapped_column(sa.ForeignKey("sessie.id", ondelete="CASCADE"), index=True)
    mijlpaal: Mapped[str] = mapped_column(sa.String(40))

    sessie: Mapped[Sessie] = relationship(back_populates="mijlpaal_rows", lazy="raise")


class Participant(db.Model):
    """Someone invited to a session. Inwoners may be a first name only, or an anonymous count."""

    __tablename__ = "participant"
    __audit_label__ = "Deelnemer"
    __audit_private__ = {"name", "organisation"}

    id: Mapped[int] = mapped_column(primary_key=True)
    sessie_id: Mapped[int] = mapped_column(sa.ForeignKey("sessie.id", ondelete="CASCADE"), index=True)
    group: Mapped[ParticipantGroup] = mapped_column("participant_group", _enum(ParticipantGroup))
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    headcount: Mapped[int] = mapped_column(default=1)
    invitation: Mapped[InvitationStatus] = mapped_column(_enum(InvitationStatus), default=InvitationStatus.UITGENODIGD)

    sessie: Mapped[Sessie] = relationship(back_populates="participants", lazy="raise")

    @property
    def is_anonymous(self) -> bool:
        return not self.name


class CalendarFeed(db.Model):
    """A secret address for subscribing to a project's sessions; only a hash of the token is kept."""

    __tablename__ = "calendar_feed"
    __audit_label__ = "Agenda-abonnement"
    __audit_private__ = {"token_hash"}

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
