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
from .initiatives import Initiative, InitiativeAdoption, InitiativeMijlpaal, InitiativeStatus
from .mail import MailStatus, OutboxAttachment, OutboxMail
from .oidc import LinkedIdentity, OidcProvider
from .oversight import GemeenteNote, GemeenteNoteEvent
from .project import (
    Decision,
    Project,
    ProjectMijlpaal,
    ProjectPlan,
    ProjectRisk,
    RiskLevel,
    StepState,
    StepStatus,
    TeamMember,
    TeamRole,
)
from .reminders import MailPreference, ReminderKind, SentReminder
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
    SessieTimes,
)
from .support import OPEN_SUPPORT_STATUSES, SupportRequest, SupportStatus

__all__ = [
    "MailPreference",
    "ReminderKind",
    "SentReminder",
    "LinkedIdentity",
    "OidcProvider",
    "Initiative",
    "InitiativeAdoption",
    "InitiativeMijlpaal",
    "InitiativeStatus",
    "HouseStyleTemplate",
    "MailStatus",
    "OutboxAttachment",
    "OutboxMail",
    "GemeenteNote",
    "GemeenteNoteEvent",
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
    "RiskLevel",
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
    "SessieTimes",
    "OPEN_SUPPORT_STATUSES",
    "SupportRequest",
    "SupportStatus",
    "Decision",
    "Gemeente",
    "LoginAttempt",
    "Membership",
    "MembershipRole",
    "ProcesbegeleiderAssignment",
    "Project",
    "ProjectMijlpaal",
    "ProjectPlan",
    "ProjectRisk",
    "StepState",
    "StepStatus",
    "TeamMember",
    "TeamRole",
    "User",
]
