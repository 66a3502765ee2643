"""A gemeente's routekaart project: its scope, step progress, team, plan and decisions.

Rows store routekaart keys (mijlpaal, rol, step ...), never labels: the content may be reworded.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .accounts import Gemeente, User
from .base import utcnow


def _enum(enum_cls) -> sa.Enum:
    """Store the enum's value as a short string (portable between SQLite and PostgreSQL)."""
    return sa.Enum(enum_cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class StepStatus(str, enum.Enum):
    TE_DOEN = "te_doen"
    BEZIG = "bezig"
    AFGEROND = "afgerond"
    NIET_VAN_TOEPASSING = "nvt"

    @property
    def label(self) -> str:
        return {"te_doen": "Te doen", "bezig": "Bezig", "afgerond": "Afgerond", "nvt": "Niet van toepassing"}[
            self.value
        ]


class TeamRole(str, enum.Enum):
    OPDRACHTGEVER = "opdrachtgever"
    OPDRACHTNEMER = "opdrachtnemer"
    PROJECTLEIDER = "projectleider"
    LID = "lid"

    @property
    def label(self) -> str:
        return {
            "opdrachtgever": "Opdrachtgever",
            "opdrachtnemer": "Opdrachtnemer",
            "projectleider": "Projectleider",
            "lid": "Teamlid",
        }[self.value]


class Project(db.Model):
    __tablename__ = "project"
    __audit_label__ = "Project"

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    scope_type: Mapped[str] = mapped_column(sa.String(40))
    rol: Mapped[str | None] = mapped_column(sa.String(40))
    spoor: Mapped[str] = mapped_column(sa.String(40))
    central_question: Mapped[str] = mapped_column(sa.Text)
    reasons: Mapped[list] = mapped_column(sa.JSON, default=list)
    reason_note: Mapped[str] = mapped_column(sa.Text, default="")
    start_date: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(nullable=False)

    __mapper_args__ = {"version_id_col": version}

    gemeente: Mapped[Gemeente] = relationship(lazy="raise")
    mijlpaal_rows: Mapped[list[ProjectMijlpaal]] = relationship(
        lazy="raise", cascade="all, delete-orphan", back_populates="project", order_by="ProjectMijlpaal.id"
    )
    step_states: Mapped[list[StepState]] = relationship(
        lazy="raise", cascade="all, delete-orphan", back_populates="project"
    )
    team: Mapped[list[TeamMember]] = relationship(
        lazy="raise", cascade="all, delete-orphan", back_populates="project", order_by="TeamMember.id"
    )
    plan: Mapped[ProjectPlan | None] = relationship(
        lazy="raise", cascade="all, delete-orphan", back_populates="project", uselist=False
    )
    decisions: Mapped[list[Decision]] = relationship(
        lazy="raise",
        cascade="all, delete-orphan",
        back_populates="project",
        order_by="(Decision.decided_on, Decision.id)",
    )

    @property
    def mijlpaal_keys(self) -> list[str]:
        return [row.mijlpaal for row in self.mijlpaal_rows]


class ProjectMijlpaal(db.Model):
    """One mijlpaal in a project's scope (a table, so oversight can query by mijlpaal)."""

    __tablename__ = "project_mijlpaal"
    __audit_label__ = "Mijlpaal in de reikwijdte"
    __table_args__ = (sa.UniqueConstraint("project_id", "mijlpaal", name="uq_project_mijlpaal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)
    mijlpaal: Mapped[str] = mapped_column(sa.String(40), index=True)

    project: Mapped[Project] = relationship(back_populates="mijlpaal_rows", lazy="raise")


class StepState(db.Model):
    """Progress of one toolkit step in one project; absent row = not started."""

    __tablename__ = "step_state"
    __audit_label__ = "Stap"
    __table_args__ = (sa.UniqueConstraint("project_id", "step_key", name="uq_step_state_project_step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)
    step_key: Mapped[str] = mapped_column(sa.String(80))
    status: Mapped[StepStatus] = mapped_column(_enum(StepStatus), default=StepStatus.TE_DOEN)
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    due_date: Mapped[date | None]
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(nullable=False)

    __mapper_args__ = {"version_id_col": version}

    project: Mapped[Project] = relationship(back_populates="step_states", lazy="raise")
    owner: Mapped[User | None] = relationship(lazy="raise")


class TeamMember(db.Model):
    """Someone in the project team; a user of the gemeente, or a named person without an account."""

    __tablename__ = "team_member"
    __audit_label__ = "Teamlid"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(sa.String(120))
    discipline: Mapped[str] = mapped_column(sa.String(40))
    team_role: Mapped[TeamRole] = mapped_column(_enum(TeamRole), default=TeamRole.LID)

    project: Mapped[Project] = relationship(back_populates="team", lazy="raise")


class ProjectPlan(db.Model):
    """The content of the projectplan, recorded in Voorbereiding for the document later."""

    __tablename__ = "project_plan"
    __audit_label__ = "Projectplan"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"), unique=True)
    aim: Mapped[str] = mapped_column(sa.Text, default="")
    scope: Mapped[str] = mapped_column(sa.Text, default="")
    result: Mapped[str] = mapped_column(sa.Text, default="")
    approach: Mapped[str] = mapped_column(sa.Text, default="")
    organisation: Mapped[str] = mapped_column(sa.Text, default="")
    planning: Mapped[str] = mapped_column(sa.Text, default="")
    risks: Mapped[str] = mapped_column(sa.Text, default="")
    version: Mapped[int] = mapped_column(nullable=False)

    __mapper_args__ = {"version_id_col": version}

    project: Mapped[Project] = relationship(back_populates="plan", lazy="raise")


class Decision(db.Model):
    """A decision about the project (in Voorbereiding: the go-ahead with budget and capacity)."""

    __tablename__ = "decision"
    __audit_label__ = "Besluit"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)
    step_key: Mapped[str] = mapped_column(sa.String(80))
    title: Mapped[str] = mapped_column(sa.String(200))
    decided_on: Mapped[date | None]
    decided_by: Mapped[str] = mapped_column(sa.String(200), default="")
    budget: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    capacity_hours: Mapped[int | None]
    rationale: Mapped[str] = mapped_column(sa.Text, default="")
    version: Mapped[int] = mapped_column(nullable=False)

    __mapper_args__ = {"version_id_col": version}

    project: Mapped[Project] = relationship(back_populates="decisions", lazy="raise")
