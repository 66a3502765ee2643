"""The demo's initiatives: a few approved ones from different gemeenten (one taken over elsewhere) and one
that waits for approval, read from demo.toml beside this module. Called by `demo.load_demo` once its projects
exist; creates nothing on a second run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    Action,
    Gemeente,
    Initiative,
    InitiativeAdoption,
    InitiativeMijlpaal,
    InitiativeStatus,
    Project,
    User,
)
from ..routekaart import Routekaart
from ..toml_files import read_beside
from .services import adopted_description


@dataclass(frozen=True)
class DemoInitiative:
    gemeente: str
    title: str
    how_it_works: str
    link: str
    mijlpalen: tuple[str, ...]
    rol: str
    laag: str
    contact: tuple[str, str, str, str]  # name, function, phone, e-mail
    status: InitiativeStatus
    days_ago: int
    adopted_by: tuple[str, ...] = ()  # gemeenten whose project took it over


def _initiative(raw: dict[str, Any]) -> DemoInitiative:
    contact = raw["contact"]
    return DemoInitiative(
        **{
            **raw,
            "mijlpalen": tuple(raw["mijlpalen"]),
            "contact": (contact["name"], contact["function"], contact["phone"], contact["email"]),
            "status": InitiativeStatus(raw["status"]),
            "adopted_by": tuple(raw.get("adopted_by", ())),
        }
    )


DEMO_INITIATIVES = tuple(_initiative(raw) for raw in read_beside(__file__, "demo.toml")["initiatives"])


def _project_of(gemeente_name: str) -> Project | None:
    return db.session.scalars(
        sa.select(Project).join(Gemeente).where(Gemeente.name == gemeente_name).order_by(Project.id)
    ).first()


def _demo_user_name(role: str, gemeente_name: str) -> str:
    """The name of the demo's own account for a role in a gemeente (`demo.load_demo` made it just before)."""
    email = f"{role}.{gemeente_name.lower().replace(' ', '-')}@demo.rfz"
    return db.session.scalars(sa.select(User.name).where(User.email == email)).first() or role.capitalize()


def add_demo_initiatives(rk: Routekaart, today: date, reviewer_id: int, reviewer_name: str) -> int:
    """Create the demo's initiatives (and the adoption) unless there are any; returns the rows created."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(Initiative)):
        return 0
    created = 0
    for spec in DEMO_INITIATIVES:
        project = _project_of(spec.gemeente)
        if project is None:
            continue
        source = db.session.scalars(
            sa.select(Action.id).where(Action.project_id == project.id).order_by(Action.id.desc())
        ).first()
        submitted = datetime.combine(today - timedelta(days=spec.days_ago), time(10, 0))
        name, function, phone, email = spec.contact
        approved = spec.status is InitiativeStatus.GOEDGEKEURD
        initiative = Initiative(
            gemeente_id=project.gemeente_id,
            project_id=project.id,
            source_action_id=source,
            title=spec.title,
            how_it_works=spec.how_it_works,
            link=spec.link,
            rol=spec.rol,
            laag=spec.laag,
            contact_name=name,
            contact_function=function,
            contact_phone=phone,
            contact_email=email,
            consent_at=submitted,
            consent_by_name=_demo_user_name("projectleider", spec.gemeente),
            status=spec.status,
            created_at=submitted,
            reviewed_at=submitted + timedelta(days=2) if approved else None,
            reviewed_by_id=reviewer_id if approved else None,
            reviewed_by_name=reviewer_name if approved else "",
            mijlpaal_rows=[InitiativeMijlpaal(mijlpaal=k) for k in rk.mijlpaal_order(spec.mijlpalen)],
        )
        db.session.add(initiative)
        db.session.flush()
        created += 1 + len(spec.mijlpalen)
        initiative.gemeente = db.session.get_one(Gemeente, project.gemeente_id)
        for adopter in spec.adopted_by:
            target = _project_of(adopter)
            if target is None:
                continue
            action = Action(
                project_id=target.id,
                title=initiative.title,
                description=adopted_description(initiative),
                mijlpaal=rk.mijlpaal_order(spec.mijlpalen)[0],
                rol=spec.rol,
                owner=_demo_user_name("teamlid", adopter),
                deadline=today + timedelta(weeks=8),
                budget=Decimal("0"),
                source_initiative_id=initiative.id,
            )
            db.session.add(action)
            db.session.add(
                InitiativeAdoption(
                    initiative_id=initiative.id,
                    project_id=target.id,
                    action=action,
                    adopted_at=submitted + timedelta(days=10),
                )
            )
            created += 2
    db.session.flush()
    return created
