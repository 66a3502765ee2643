"""SQLAlchemy models, one module per aggregate. Import from here."""
from .accounts import (
    Gemeente,
    LoginAttempt,
    Membership,
    MembershipRole,
    ProcesbegeleiderAssignment,
    User,
)
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

__all__ = [
    "Decision", "Gemeente", "LoginAttempt", "Membership", "MembershipRole", "ProcesbegeleiderAssignment",
    "Project", "ProjectMijlpaal", "ProjectPlan", "StepState", "StepStatus", "TeamMember", "TeamRole", "User",
]
