"""The project team: people of the gemeente (or named people without an account), their discipline and role.

Disciplines are routekaart content (`Routekaart.disciplines`), so wording them needs no code change.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .. import access
from ..access import Need
from ..errors import ValidationError
from ..extensions import db
from ..models import Project, TeamMember, TeamRole, User
from ..routekaart import current_routekaart
from ..services_common import commit_or_conflict, delete_in_project, expect_version, lock_project, save_row


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


def _same_name(a: str, b: str) -> bool:
    """Names typed with other capitals or extra spaces are the same name."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _duplicate_errors(team: list[TeamMember], user: User | None, display_name: str) -> dict[str, list[str]]:
    """One person is in the team once: an account at most once, and a name without an account not twice."""
    if user is not None:
        if any(m.user_id == user.id for m in team):
            return {"user_id": [f"{user.name} zit al in het projectteam."]}
        return {}
    if display_name and any(_same_name(m.name, display_name) for m in team):
        return {
            "name": [
                f"Er zit al iemand met de naam '{display_name}' in het projectteam. Is het iemand anders, "
                "zet dan bijvoorbeeld een voorletter of de afdeling bij de naam."
            ]
        }
    return {}


def add_team_member(
    actor: User, project_id: int, *, user_id: int | None, name: str, discipline: str, team_role: str
) -> TeamMember:
    project = access.get_project(actor, project_id, Need.MANAGE)
    lock_project(project)  # two submits at once: the second sees the first one's member and is refused
    team = list(db.session.scalars(sa.select(TeamMember).where(TeamMember.project_id == project.id)))
    errors: dict[str, list[str]] = {}
    user = None
    if user_id is not None:
        user = next((u for u in gemeente_staff(project.gemeente_id) if u.id == user_id), None)
        if user is None:
            errors["user_id"] = ["Kies een medewerker van deze gemeente."]
    display_name = (name or "").strip() or (user.name if user else "")
    if not display_name:
        errors["name"] = ["Kies een medewerker of vul een naam in."]
    elif "user_id" not in errors:
        errors.update(_duplicate_errors(team, user, display_name))
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
    return save_row(member)


def remove_team_member(actor: User, project_id: int, member_id: int) -> None:
    delete_in_project(actor, project_id, TeamMember, member_id, Need.MANAGE)


def left_out_choices() -> list[tuple[str, str]]:
    """The core disciplines (the toolkit names them for every team) the team may choose to do without."""
    return [(d.key, d.label) for d in current_routekaart().disciplines if d.core]


def save_left_out_disciplines(actor: User, project_id: int, keys: list[str], expected_version: int | None) -> Project:
    """Record which core disciplines the team does without on purpose (step Projectleider en projectteam)."""
    project = access.get_project(actor, project_id, Need.MANAGE)
    allowed = {key for key, _label in left_out_choices()}
    if not set(keys) <= allowed:
        raise ValidationError({"left_out": ["Kies alleen vakgebieden uit de lijst."]})
    expect_version(project, expected_version)
    project.left_out_disciplines = [key for key, _label in left_out_choices() if key in keys]
    commit_or_conflict()
    return project
