"""A gemeente's routekaart project: its scope, step progress, team, plan and decisions.

Rows store routekaart keys (mijlpaal, rol, step ...), never labels: the content may be reworded.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .accounts import Gemeente, User
from .base import InProject, LabelledEnum, Versioned, stored_enum, utcnow


class StepStatus(LabelledEnum):
    TE_DOEN = "te_doen", "Te doen"
    BEZIG = "bezig", "Bezig"
    AFGEROND = "afgerond", "Afgerond"
    NIET_VAN_TOEPASSING = "nvt", "Niet van toepassing"


class RiskLevel(LabelledEnum):
    """How likely a risk of the projectplan is, or how much it would do: a small scale a directie reads."""

    LAAG = "laag", "Laag"
    MIDDEL = "middel", "Middel"
    HOOG = "hoog", "Hoog"


class TeamRole(LabelledEnum):
    OPDRACHTGEVER = "opdrachtgever", "Opdrachtgever"
    OPDRACHTNEMER = "opdrachtnemer", "Opdrachtnemer"
    PROJECTLEIDER = "projectleider", "Projectleider"
    LID = "lid", "Teamlid"


class Project(Versioned, Model):
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
    # Core disciplines (routekaart keys) the team chose to do without: step "Projectleider en projectteam".
    left_out_disciplines: Mapped[list] = mapped_column(sa.JSON, default=list, server_default="[]")
    # The team's agreements on where and how choices, decisions and documents are kept: step "Archivering".
    record_keeping: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    # Closed by a projectleider: read-only for everyone until reopened (access.py enforces it); null = open.
    closed_at: Mapped[datetime | None]
    closed_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    # Kept as text too: every project page names who closed it without loading the account, and the name
    # stays when the account is removed.
    closed_by_name: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")

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
    risks: Mapped[list[ProjectRisk]] = relationship(
        lazy="raise", cascade="all, delete-orphan", back_populates="project", order_by="ProjectRisk.id"
    )

    @property
    def mijlpaal_keys(self) -> list[str]:
        return [row.mijlpaal for row in self.mijlpaal_rows]

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class ProjectMijlpaal(InProject, Model):
    """One mijlpaal in a project's scope (a table, so oversight can query by mijlpaal)."""

    __tablename__ = "project_mijlpaal"
    __audit_label__ = "Mijlpaal in de reikwijdte"
    __table_args__ = (sa.UniqueConstraint("project_id", "mijlpaal", name="uq_project_mijlpaal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mijlpaal: Mapped[str] = mapped_column(sa.String(40), index=True)

    project: Mapped[Project] = relationship(back_populates="mijlpaal_rows", lazy="raise")


class StepState(InProject, Versioned, Model):
    """Progress of one toolkit step in one project; absent row = not started."""

    __tablename__ = "step_state"
    __audit_label__ = "Stap"
    __table_args__ = (sa.UniqueConstraint("project_id", "step_key", name="uq_step_state_project_step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    step_key: Mapped[str] = mapped_column(sa.String(80))
    status: Mapped[StepStatus] = mapped_column(stored_enum(StepStatus), default=StepStatus.TE_DOEN)
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    due_date: Mapped[date | None]
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    project: Mapped[Project] = relationship(back_populates="step_states", lazy="raise")
    owner: Mapped[User | None] = relationship(lazy="raise")


class TeamMember(InProject, Model):
    """Someone in the project team; a user of the gemeente, or a named person without an account."""

    __tablename__ = "team_member"
    __audit_label__ = "Teamlid"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(sa.String(120))
    discipline: Mapped[str] = mapped_column(sa.String(40))
    team_role: Mapped[TeamRole] = mapped_column(stored_enum(TeamRole), default=TeamRole.LID)

    project: Mapped[Project] = relationship(back_populates="team", lazy="raise")


class ProjectPlan(Versioned, Model):
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

    project: Mapped[Project] = relationship(back_populates="plan", lazy="raise")


class ProjectRisk(InProject, Versioned, Model):
    """One risk of the projectplan: what could go wrong, how likely and how bad, and what the project does."""

    __tablename__ = "project_risk"
    __audit_label__ = "Risico"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))  # the risk itself ("title": the record pages name it so)
    likelihood: Mapped[RiskLevel] = mapped_column(stored_enum(RiskLevel), default=RiskLevel.MIDDEL)
    impact: Mapped[RiskLevel] = mapped_column(stored_enum(RiskLevel), default=RiskLevel.MIDDEL)
    measure: Mapped[str] = mapped_column(sa.Text, default="")

    project: Mapped[Project] = relationship(back_populates="risks", lazy="raise")


class Decision(InProject, Versioned, Model):
    """A decision about the project (in Voorbereiding: the go-ahead with budget and capacity)."""

    __tablename__ = "decision"
    __audit_label__ = "Besluit"

    id: Mapped[int] = mapped_column(primary_key=True)
    step_key: Mapped[str] = mapped_column(sa.String(80))
    title: Mapped[str] = mapped_column(sa.String(200))
    decided_on: Mapped[date | None]
    decided_by: Mapped[str] = mapped_column(sa.String(200), default="")
    budget: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    capacity_hours: Mapped[int | None]
    rationale: Mapped[str] = mapped_column(sa.Text, default="")

    project: Mapped[Project] = relationship(back_populates="decisions", lazy="raise")
