"""SQLAlchemy models, one module per aggregate. Import from here."""

from .accounts import (
    Gemeente,
    LoginAttempt,
    Membership,
    MembershipRole,
    ProcesbegeleiderAssignment,
    User,
)
from .actions import Action, ActionStatus, ActionTiming, Theme
from .audit import AuditEvent
from .borging import RegularTask, TaskFrequency, TaskKind
from .checklist import ChecklistAnswer, ChecklistStatus, CustomChecklistItem
from .documents import HouseStyleTemplate
from .project import (
    Decision,
    Project,
    ProjectMijlpaal,
    ProjectPlan,
    StepState,
    StepStatus,
    TeamMember,
    TeamRole,
)
from .results import Agreement, AgreementKind, BlueprintColumn, Finding
from .security import SecurityEvent
from .sessions import (
    CalendarFeed,
    InvitationStatus,
    Participant,
    ParticipantGroup,
    Sessie,
    SessieMijlpaal,
    SessieMode,
    SessieStatus,
)

__all__ = [
    "HouseStyleTemplate",
    "ChecklistAnswer",
    "ChecklistStatus",
    "CustomChecklistItem",
    "AuditEvent",
    "Agreement",
    "AgreementKind",
    "BlueprintColumn",
    "Finding",
    "Action",
    "ActionStatus",
    "ActionTiming",
    "Theme",
    "RegularTask",
    "TaskFrequency",
    "TaskKind",
    "CalendarFeed",
    "InvitationStatus",
    "Participant",
    "ParticipantGroup",
    "SecurityEvent",
    "Sessie",
    "SessieMijlpaal",
    "SessieMode",
    "SessieStatus",
    "Decision",
    "Gemeente",
    "LoginAttempt",
    "Membership",
    "MembershipRole",
    "ProcesbegeleiderAssignment",
    "Project",
    "ProjectMijlpaal",
    "ProjectPlan",
    "StepState",
    "StepStatus",
    "TeamMember",
    "TeamRole",
    "User",
]
