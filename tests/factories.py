"""Small builders for test data; each commits so requests in the same test see the rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache
from itertools import count
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from werkzeug.security import generate_password_hash

from rfz_project.extensions import db
from rfz_project.models import (
    Action,
    ActionStatus,
    ActionTiming,
    Decision,
    Gemeente,
    Membership,
    MembershipRole,
    Participant,
    ParticipantGroup,
    ProcesbegeleiderAssignment,
    Project,
    ProjectMijlpaal,
    Sessie,
    SessieMijlpaal,
    TeamMember,
    TeamRole,
    Theme,
    User,
)

PASSWORD = "een-goed-wachtwoord"
ALL_MIJLPALEN = [
    "op_zoek",
    "in_beeld",
    "in_contact",
    "in_gesprek",
    "rust_en_overzicht",
    "plaatje_compleet",
    "trots_en_fit",
    "toekomst_tegemoet",
]
_sequence = count(1)


def gemeente(name: str | None = None) -> Gemeente:
    record = Gemeente(name=name or f"Gemeente {next(_sequence)}")
    db.session.add(record)
    db.session.commit()
    return record


def user(
    email: str | None = None,
    *,
    gemeente: Gemeente | None = None,
    role: str | None = None,
    is_beheerder=False,
    is_procesbegeleider=False,
    is_coordinator=False,
    assigned_to=(),
    name: str | None = None,
) -> User:
    number = next(_sequence)
    record = User(
        email=email or f"gebruiker{number}@test.nl",
        name=name or f"Gebruiker {number}",
        is_beheerder=is_beheerder,
        is_procesbegeleider=is_procesbegeleider,
        is_coordinator=is_coordinator,
        active=True,
    )
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
    """The shared test password, hashed once with one PBKDF2 round.

    Logging in checks it with werkzeug's check_password_hash as for any stored hash, but without the
    work factor of the app's scrypt hashes (~100 ms per login, in nearly every request test).
    Passwords set through the app (User.set_password, the demo) still get the app's scrypt hash.
    """
    return generate_password_hash(PASSWORD, method="pbkdf2:sha256:1")


def reload_user(user_id: int) -> User:
    """A user as the login loader gives it: memberships and assignments loaded."""
    user = db.session.execute(
        sa.select(User)
        .where(User.id == user_id)
        .options(selectinload(User.memberships), selectinload(User.assignments))
        .execution_options(populate_existing=True)
    ).scalar_one()
    user.__dict__.pop("_rfz_grants", None)
    user.grants  # noqa: B018  (as the login loader does)
    return user


def project(
    gemeente: Gemeente,
    *,
    name="Project",
    scope_type="hele_routekaart",
    mijlpalen=None,
    rol=None,
    start_date=date(2026, 1, 5),
) -> Project:
    record = Project(
        gemeente_id=gemeente.id,
        name=name,
        scope_type=scope_type,
        rol=rol,
        spoor="inwoner",
        central_question="Wat willen we verbeteren?",
        reasons=["ambitie"],
        reason_note="",
        start_date=start_date,
        mijlpaal_rows=[ProjectMijlpaal(mijlpaal=k) for k in (mijlpalen or ALL_MIJLPALEN)],
    )
    db.session.add(record)
    db.session.commit()
    return record


def team_member(project: Project, name="Anna de Vries") -> TeamMember:
    record = TeamMember(project_id=project.id, name=name, discipline="beleid", team_role=TeamRole.LID)
    db.session.add(record)
    db.session.commit()
    return record


def decision(project: Project, title="Startbesluit", *, step_key="voorbereiding.besluitvorming", **values) -> Decision:
    record = Decision(project_id=project.id, step_key=step_key, title=title, **values)
    db.session.add(record)
    db.session.commit()
    return record


def theme(project: Project, name="Bereikbaarheid", description="") -> Theme:
    record = Theme(project_id=project.id, name=name, description=description)
    db.session.add(record)
    db.session.commit()
    return record


def action(
    project: Project,
    title="Formulier vereenvoudigen",
    *,
    theme: Theme | None = None,
    status=ActionStatus.OPEN,
    timing=ActionTiming.ONBEPAALD,
    **values,
) -> Action:
    """An action as stored, without the service's checks (so tests can also build odd past states)."""
    record = Action(
        project_id=project.id, title=title, theme_id=theme.id if theme else None, status=status, timing=timing, **values
    )
    db.session.add(record)
    db.session.commit()
    return record


def regular_task(
    project: Project, title="Signalen maandelijks bespreken", *, decision: Decision | None = None, **values
):
    """A borging task as stored, without the service's checks."""
    from rfz_project.models import RegularTask, TaskFrequency, TaskKind

    values.setdefault("kind", TaskKind.MONITORING)
    values.setdefault("frequency", TaskFrequency.MAAND)
    record = RegularTask(project_id=project.id, title=title, decision_id=decision.id if decision else None, **values)
    db.session.add(record)
    db.session.commit()
    return record


def risk(project: Project, title="Te weinig inwoners doen mee", **values):
    """A risk of the projectplan as stored, without the service's checks."""
    from rfz_project.models import ProjectRisk, RiskLevel

    values.setdefault("likelihood", RiskLevel.MIDDEL)
    values.setdefault("impact", RiskLevel.HOOG)
    values.setdefault("measure", "Werven via maatschappelijk werk en de bibliotheek.")
    record = ProjectRisk(project_id=project.id, title=title, **values)
    db.session.add(record)
    db.session.commit()
    return record


def sessie(project: Project, *, session_type="inwoners", mijlpalen=("op_zoek",), on_date=date(2026, 3, 3)) -> Sessie:
    from datetime import time

    record = Sessie(
        project_id=project.id,
        session_type=session_type,
        option="a" if mijlpalen else None,
        on_date=on_date,
        start_time=time(13, 30),
        duration_minutes=120,
        location="Stadhuis",
        mijlpaal_rows=[SessieMijlpaal(mijlpaal=k) for k in mijlpalen],
    )
    db.session.add(record)
    db.session.commit()
    return record


def support_request(
    project: Project,
    *,
    support_kind="scope_bepalen",
    message="Wij twijfelen tussen twee mijlpalen.",
    sessie: Sessie | None = None,
    status="nieuw",
    asked_by: User | None = None,
    **values,
):
    """A request for VNG support, stored as the service would store it (without its checks)."""
    from rfz_project.models import SupportRequest, SupportStatus

    record = SupportRequest(
        project_id=project.id,
        support_kind=support_kind,
        message=message,
        sessie_id=sessie.id if sessie else None,
        status=SupportStatus(status),
        asked_by_id=asked_by.id if asked_by else None,
        asked_by_name=asked_by.name if asked_by else "Petra Leider",
        **values,
    )
    db.session.add(record)
    db.session.commit()
    return record


def gemeente_note(gemeente: Gemeente, author: User, text="Belafspraak met de projectleider over de planning."):
    """A procesbegeleider's own note about a gemeente, as the notes service stores it (without its checks)."""
    from rfz_project.models import GemeenteNote

    record = GemeenteNote(gemeente_id=gemeente.id, author_id=author.id, author_name=author.name, text=text)
    db.session.add(record)
    db.session.commit()
    return record


def participant(sessie: Sessie, name="Ans") -> Participant:
    record = Participant(sessie_id=sessie.id, group=ParticipantGroup.INWONER, name=name)
    db.session.add(record)
    db.session.commit()
    return record


def results(sessie: Sessie):
    """A finding, a blueprint column and an agreement of one session."""
    from rfz_project.models import Agreement, BlueprintColumn, Finding

    records = (
        Finding(project_id=sessie.project_id, sessie_id=sessie.id, text="Bevinding"),
        BlueprintColumn(sessie_id=sessie.id, position=0, title="Stap"),
        Agreement(sessie_id=sessie.id, who="Tom"),
    )
    db.session.add_all(records)
    db.session.commit()
    return records


def custom_checklist_item(
    gemeente: Gemeente, text="Wij bellen elke nieuwe aanmelder binnen drie dagen.", mijlpaal: str | None = "in_contact"
):
    """An own checklist item of a gemeente (mijlpaal None: a general item)."""
    from rfz_project.models import CustomChecklistItem

    record = CustomChecklistItem(gemeente_id=gemeente.id, mijlpaal=mijlpaal, text=text)
    db.session.add(record)
    db.session.commit()
    return record


def checklist_answer(
    project: Project,
    item_key: str | None = "in_beeld_dpia",
    *,
    custom_item=None,
    answer="doen_we_al",
    note="",
    action: Action | None = None,
):
    """A stored answer for a routekaart item (by key) or an own item, without the service's checks."""
    from rfz_project.models import ChecklistAnswer, ChecklistStatus

    record = ChecklistAnswer(
        project_id=project.id,
        item_key=None if custom_item else item_key,
        custom_item_id=custom_item.id if custom_item else None,
        answer=ChecklistStatus(answer) if answer else None,
        note=note,
        action_id=action.id if action else None,
    )
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
    coordinator: User
    other_projectleider: User
    project: Project
    other_project: Project

    @classmethod
    def build(cls) -> World:
        home, other = gemeente("Venlo"), gemeente("Kampen")
        world = cls(
            home=home,
            other=other,
            projectleider=user("pl@venlo.nl", gemeente=home, role="projectleider", name="Petra Leider"),
            teamlid=user("tl@venlo.nl", gemeente=home, role="teamlid", name="Tom Lid"),
            lezer=user("lezer@venlo.nl", gemeente=home, role="lezer", name="Lotte Lezer"),
            procesbegeleider=user("pb@vng.nl", is_procesbegeleider=True, assigned_to=[home], name="Paul Begeleider"),
            beheerder=user("beheer@rfz.nl", is_beheerder=True, name="Bert Beheer"),
            coordinator=user("coord@vng.nl", is_coordinator=True, name="Cora Coördinator"),
            other_projectleider=user("pl@kampen.nl", gemeente=other, role="projectleider", name="Karin Kampen"),
            project=project(home, name="Venlo project"),
            other_project=project(
                other, name="Kampen project", scope_type="combinatie", mijlpalen=["op_zoek", "in_beeld"]
            ),
        )
        return world

    def actor(self, user: User) -> User:
        """Fresh copy of a user with access data loaded (as on a new request)."""
        return reload_user(user.id)


@dataclass(frozen=True)
class WorldSnapshot:
    """The rows World.build() writes, taken once, so each test gets its world from one INSERT per table.

    restore() leaves the session as World.build() does (the app does not expire on commit): the same
    rows, ids included, as loaded objects with the same relationships loaded, and each user's access
    grants taken from its memberships as the login loader does. Timestamps filled by a default at
    insert time (created_at) get a fresh value, as in a real build. Ids never collide with a later
    test's rows: the snapshot was taken in the same tables, so every autoincrement counter is past them.
    """

    rows: tuple[tuple[sa.Table, list[dict[str, Any]]], ...]  # in dependency order
    keys: dict[str, tuple[type, int]]  # World field -> (model, primary key)
    loaded: dict[type, tuple[str, ...]]  # model -> relationships World.build() leaves loaded

    @classmethod
    def take(cls) -> WorldSnapshot:
        """Build a world and read back its rows; the caller empties the tables afterwards."""
        world = World.build()
        records = [getattr(world, f.name) for f in fields(World)]
        keys = {f.name: (type(record), record.id) for f, record in zip(fields(World), records, strict=True)}
        loaded = {
            type(record): tuple(
                r.key for r in sa.inspect(type(record)).relationships if r.key not in sa.inspect(record).unloaded
            )
            for record in records
        }
        rows = []
        for table in db.metadata.sorted_tables:
            stored = db.session.execute(sa.select(table)).mappings().all()
            if stored:
                fresh = _insert_time_columns(table)
                rows.append((table, [{k: v for k, v in row.items() if k not in fresh} for row in stored]))
        return cls(tuple(rows), keys, loaded)

    def restore(self) -> World:
        for table, rows in self.rows:
            db.session.execute(table.insert(), rows)
        db.session.commit()
        ids: dict[type, list[int]] = defaultdict(list)
        for model, key in self.keys.values():
            ids[model].append(key)
        records: dict[tuple[type, int], Any] = {}
        for model, model_ids in ids.items():
            query = sa.select(model).where(model.id.in_(model_ids))
            query = query.options(*(selectinload(getattr(model, name)) for name in self.loaded[model]))
            for record in db.session.scalars(query):
                records[model, record.id] = record
                if model is User:
                    record.grants  # noqa: B018  (as the login loader does)
        return World(**{name: records[key] for name, key in self.keys.items()})


def _insert_time_columns(table: sa.Table) -> set[str]:
    return {
        column.name
        for column in table.columns
        if isinstance(column.type, sa.DateTime) and column.default is not None and column.default.is_callable
    }


def initiative(
    project: Project,
    title="Spreekuur in de bibliotheek",
    *,
    status="goedgekeurd",
    mijlpalen=("in_contact",),
    rol: str | None = "professional",
    laag: str | None = "inspiratie",
    how_it_works="Elke dinsdag zonder afspraak binnenlopen.",
    **values,
):
    """An initiative of the project's gemeente as stored, without the service's checks."""
    from rfz_project.models import Initiative, InitiativeMijlpaal, InitiativeStatus

    values.setdefault("contact_name", "Marieke Janssen")
    values.setdefault("contact_email", "m.janssen@venlo.example")
    record = Initiative(
        gemeente_id=project.gemeente_id,
        project_id=project.id,
        title=title,
        how_it_works=how_it_works,
        status=InitiativeStatus(status),
        rol=rol,
        laag=laag,
        mijlpaal_rows=[InitiativeMijlpaal(mijlpaal=k) for k in mijlpalen],
        **values,
    )
    db.session.add(record)
    db.session.commit()
    return record
