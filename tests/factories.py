"""Small builders for test data; each commits so requests in the same test see the rows."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from itertools import count

from rfz_project.extensions import db
from rfz_project.models import (Decision, Gemeente, Membership, MembershipRole, ProcesbegeleiderAssignment,
                                Project, ProjectMijlpaal, TeamMember, TeamRole, User)

PASSWORD = "een-goed-wachtwoord"
ALL_MIJLPALEN = ["op_zoek", "in_beeld", "in_contact", "in_gesprek", "rust_en_overzicht", "plaatje_compleet",
                 "trots_en_fit", "toekomst_tegemoet"]
_sequence = count(1)


def gemeente(name: str | None = None) -> Gemeente:
    record = Gemeente(name=name or f"Gemeente {next(_sequence)}")
    db.session.add(record)
    db.session.commit()
    return record


def user(email: str | None = None, *, gemeente: Gemeente | None = None, role: str | None = None,
         is_beheerder=False, is_procesbegeleider=False, assigned_to=(), name: str | None = None) -> User:
    number = next(_sequence)
    record = User(email=email or f"gebruiker{number}@test.nl", name=name or f"Gebruiker {number}",
                  is_beheerder=is_beheerder, is_procesbegeleider=is_procesbegeleider, active=True)
    record.password_hash = _password_hash()
    db.session.add(record)
    db.session.flush()
    if gemeente is not None and role:
        db.session.add(Membership(user_id=record.id, gemeente_id=gemeente.id, role=MembershipRole(role)))
    for assigned in assigned_to:
        db.session.add(ProcesbegeleiderAssignment(user_id=record.id, gemeente_id=assigned.id))
    db.session.commit()
    return reload_user(record.id)


@lru_cache(maxsize=1)
def _password_hash() -> str:
    """Hash the shared test password once: a real scrypt hash costs ~50 ms per user."""
    from werkzeug.security import generate_password_hash

    return generate_password_hash(PASSWORD)


def reload_user(user_id: int) -> User:
    """A user as the login loader gives it: memberships and assignments loaded."""
    import sqlalchemy as sa
    from sqlalchemy.orm import selectinload

    user = db.session.execute(
        sa.select(User).where(User.id == user_id)
        .options(selectinload(User.memberships), selectinload(User.assignments))
        .execution_options(populate_existing=True)).scalar_one()
    user.__dict__.pop("_rfz_grants", None)
    user.grants  # noqa: B018  (as the login loader does)
    return user


def project(gemeente: Gemeente, *, name="Project", scope_type="hele_routekaart", mijlpalen=None,
            rol=None, start_date=date(2026, 1, 5)) -> Project:
    record = Project(
        gemeente_id=gemeente.id, name=name, scope_type=scope_type, rol=rol, spoor="inwoner",
        central_question="Wat willen we verbeteren?", reasons=["ambitie"], reason_note="", start_date=start_date,
        mijlpaal_rows=[ProjectMijlpaal(mijlpaal=k) for k in (mijlpalen or ALL_MIJLPALEN)])
    db.session.add(record)
    db.session.commit()
    return record


def team_member(project: Project, name="Anna de Vries") -> TeamMember:
    record = TeamMember(project_id=project.id, name=name, discipline="beleid", team_role=TeamRole.LID)
    db.session.add(record)
    db.session.commit()
    return record


def decision(project: Project, title="Startbesluit") -> Decision:
    record = Decision(project_id=project.id, step_key="voorbereiding.besluitvorming", title=title)
    db.session.add(record)
    db.session.commit()
    return record


@dataclass
class World:
    home: Gemeente
    other: Gemeente
    projectleider: User
    teamlid: User
    lezer: User
    procesbegeleider: User
    beheerder: User
    other_projectleider: User
    project: Project
    other_project: Project

    @classmethod
    def build(cls) -> World:
        home, other = gemeente("Venlo"), gemeente("Kampen")
        world = cls(
            home=home, other=other,
            projectleider=user("pl@venlo.nl", gemeente=home, role="projectleider", name="Petra Leider"),
            teamlid=user("tl@venlo.nl", gemeente=home, role="teamlid", name="Tom Lid"),
            lezer=user("lezer@venlo.nl", gemeente=home, role="lezer", name="Lotte Lezer"),
            procesbegeleider=user("pb@vng.nl", is_procesbegeleider=True, assigned_to=[home], name="Paul Begeleider"),
            beheerder=user("beheer@rfz.nl", is_beheerder=True, name="Bert Beheer"),
            other_projectleider=user("pl@kampen.nl", gemeente=other, role="projectleider", name="Karin Kampen"),
            project=project(home, name="Venlo project"),
            other_project=project(other, name="Kampen project", scope_type="combinatie",
                                  mijlpalen=["op_zoek", "in_beeld"]),
        )
        return world

    def actor(self, user: User) -> User:
        """Fresh copy of a user with access data loaded (as on a new request)."""
        return reload_user(user.id)
