"""The project team: people of the gemeente (or named people without an account), their discipline and role.

Disciplines are routekaart content (`Routekaart.disciplines`), so wording them needs no code change.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from .. import access
from ..access import Need
from ..errors import ValidationError
from ..extensions import db
from ..models import Project, TeamMember, TeamRole, User
from ..routekaart import current_routekaart
from ..services_common import commit_or_conflict


def gemeente_staff(gemeente_id: int) -> list[User]:
    """The gemeente's active users: who can join the team or own a step."""
    return list(db.session.scalars(access.gemeente_users_query(gemeente_id)))


@dataclass(frozen=True)
class TeamPage:
    project: Project  # with its team loaded
    staff: list[User]
    disciplines: dict[str, str]  # label per discipline key
    can_manage: bool


def team_page(actor: User, project_id: int, need: Need = Need.READ) -> TeamPage:
    project = access.get_project(actor, project_id, need, options=[selectinload(Project.team)])
    return TeamPage(
        project=project,
        staff=gemeente_staff(project.gemeente_id),
        disciplines={d.key: d.label for d in current_routekaart().disciplines},
        can_manage=access.can(actor, project, Need.MANAGE),
    )


def add_team_member(
    actor: User, project_id: int, *, user_id: int | None, name: str, discipline: str, team_role: str
) -> TeamMember:
    project = access.get_project(actor, project_id, Need.MANAGE)
    errors: dict[str, list[str]] = {}
    user = None
    if user_id is not None:
        user = next((u for u in gemeente_staff(project.gemeente_id) if u.id == user_id), None)
        if user is None:
            errors["user_id"] = ["Kies een medewerker van deze gemeente."]
    display_name = (name or "").strip() or (user.name if user else "")
    if not display_name:
        errors["name"] = ["Kies een medewerker of vul een naam in."]
    if current_routekaart().get("discipline", discipline) is None:
        errors["discipline"] = ["Kies een discipline uit de lijst."]
    if team_role not in {r.value for r in TeamRole}:
        errors["team_role"] = ["Kies een rol in het team."]
    if errors:
        raise ValidationError(errors)
    member = TeamMember(
        project_id=project.id,
        user_id=user.id if user else None,
        name=display_name[:120],
        discipline=discipline,
        team_role=TeamRole(team_role),
    )
    db.session.add(member)
    commit_or_conflict()
    return member


def remove_team_member(actor: User, project_id: int, member_id: int) -> None:
    _project, member = access.get_in_project(actor, project_id, TeamMember, member_id, Need.MANAGE)
    db.session.delete(member)
    commit_or_conflict()
