"""Sessions of Fase 2 (kick-off, inwoners, professionals, bedrijfsvoering, resultaten) and who takes part.

The model is called Sessie: 'Session' would blur with the database session everywhere in the code.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .accounts import User
from .base import InProject, InSessie, LabelledEnum, Versioned, stored_enum, utcnow
from .project import Project

# Without a day of its own, an invitation asks for a yes or no this many days before the sessie.
REPLY_DAYS_BEFORE = 7


class SessieStatus(LabelledEnum):
    CONCEPT = "concept", "Concept"
    GEPLAND = "gepland", "Gepland (uitnodigingen verstuurd)"
    BEZIG = "bezig", "Bezig"
    AFGEROND = "afgerond", "Afgerond"


class SessieMode(LabelledEnum):
    FYSIEK = "fysiek", "Op locatie"
    ONLINE = "online", "Online"


class ParticipantGroup(LabelledEnum):
    INWONER = "inwoner", "Inwoner"
    PROFESSIONAL = "professional", "Professional"
    KETENPARTNER = "ketenpartner", "Ketenpartner"
    COLLEGA = "collega", "Collega"


class InvitationStatus(LabelledEnum):
    UITGENODIGD = "uitgenodigd", "Uitgenodigd"
    AANGEMELD = "aangemeld", "Aangemeld"
    AFGEMELD = "afgemeld", "Afgemeld"
    AANWEZIG = "aanwezig", "Aanwezig"


class SessieTimes:
    """When a sessie begins and ends (Dutch clock, naive), for the model and for the plain values of its lists."""

    __slots__ = ()
    on_date: date
    start_time: time
    duration_minutes: int

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.on_date, self.start_time)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class Sessie(SessieTimes, InProject, Versioned, Model):
    __tablename__ = "sessie"
    __audit_label__ = "Sessie"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_type: Mapped[str] = mapped_column(sa.String(40))
    option: Mapped[str | None] = mapped_column(sa.String(10))
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    on_date: Mapped[date]
    start_time: Mapped[time]
    duration_minutes: Mapped[int]
    mode: Mapped[SessieMode] = mapped_column(stored_enum(SessieMode), default=SessieMode.FYSIEK)
    location: Mapped[str] = mapped_column(sa.String(300), default="")
    online_url: Mapped[str] = mapped_column(sa.String(500), default="")
    procesbegeleider: Mapped[str] = mapped_column(sa.String(120), default="")
    administrator: Mapped[str] = mapped_column(sa.String(120), default="")
    agenda: Mapped[str] = mapped_column(sa.Text, default="")
    # What the invitation tells participants besides the place: how to get there, how accessible it is,
    # whether travel costs are paid, and the day to say yes or no by (empty: a week before the sessie).
    route: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    accessibility: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    travel_costs: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    reply_by: Mapped[date | None]
    # Whom the invitation names to call or mail (a user of the project's gemeente); None: the projectleider.
    # SET NULL: when the account goes, the invitation falls back to the projectleider.
    contact_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    status: Mapped[SessieStatus] = mapped_column(stored_enum(SessieStatus), default=SessieStatus.CONCEPT)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project] = relationship(lazy="raise")
    mijlpaal_rows: Mapped[list[SessieMijlpaal]] = relationship(
        lazy="raise", cascade="all, delete-orphan", back_populates="sessie", order_by="SessieMijlpaal.id"
    )
    participants: Mapped[list[Participant]] = relationship(
        lazy="raise", cascade="all, delete-orphan", back_populates="sessie", order_by="Participant.id"
    )
    contact_user: Mapped[User | None] = relationship(lazy="raise")

    @property
    def mijlpaal_keys(self) -> list[str]:
        """In the order they were chosen; show them through Routekaart.mijlpaal_order."""
        return [row.mijlpaal for row in self.mijlpaal_rows]

    @property
    def reply_deadline(self) -> date:
        """The day participants say yes or no by: as set, or a week before the sessie."""
        return self.reply_by or self.on_date - timedelta(days=REPLY_DAYS_BEFORE)


class SessieMijlpaal(InSessie, Model):
    __tablename__ = "sessie_mijlpaal"
    __audit_label__ = "Mijlpaal van een sessie"
    __table_args__ = (sa.UniqueConstraint("sessie_id", "mijlpaal", name="uq_sessie_mijlpaal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mijlpaal: Mapped[str] = mapped_column(sa.String(40))

    sessie: Mapped[Sessie] = relationship(back_populates="mijlpaal_rows", lazy="raise")


class Participant(InSessie, Versioned, Model):
    """Someone invited to a session. Inwoners may be a first name only, or an anonymous count."""

    __tablename__ = "participant"
    __audit_label__ = "Deelnemer"
    __audit_private__ = {"name", "organisation", "email"}

    id: Mapped[int] = mapped_column(primary_key=True)
    group: Mapped[ParticipantGroup] = mapped_column("participant_group", stored_enum(ParticipantGroup))
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    headcount: Mapped[int] = mapped_column(default=1)
    invitation: Mapped[InvitationStatus] = mapped_column(
        stored_enum(InvitationStatus), default=InvitationStatus.UITGENODIGD
    )
    # Where the invitation is mailed (empty: not mailed; the participant is still counted).
    email: Mapped[str] = mapped_column(sa.String(254), default="", server_default="")
    # The SEQUENCE of the last invitation or update mailed to this participant (sessions/invitations.py);
    # None: never mailed. Updates go only to those with a number, and "send again" only to those without.
    mailed_sequence: Mapped[int | None] = mapped_column(default=None)

    sessie: Mapped[Sessie] = relationship(back_populates="participants", lazy="raise")

    @property
    def is_anonymous(self) -> bool:
        return not self.name


class CalendarFeed(Model):
    """A secret address for subscribing to a project's sessions; only a hash of the token is kept."""

    __tablename__ = "calendar_feed"
    __audit_label__ = "Agenda-abonnement"
    __audit_private__ = {"token_hash"}

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
