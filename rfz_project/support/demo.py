"""The demo's support requests: one the VNG answered (Venlo) and one new request for a sessie (Enschede),
read from demo.toml beside this module. Called by `demo.load_demo` once its projects exist; creates nothing on
a second run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from ..extensions import db
from ..models import Gemeente, Project, Sessie, SessieStatus, SupportRequest, SupportStatus, User
from ..toml_files import read_beside


@dataclass(frozen=True)
class DemoRequest:
    gemeente: str
    project: str
    support_kind: str
    message: str
    days_ago: int
    status: SupportStatus
    reply: str = ""
    for_next_sessie: bool = False  # a request for the project's first sessie still to come


def _request(raw: dict[str, Any]) -> DemoRequest:
    return DemoRequest(**{**raw, "status": SupportStatus(raw["status"])})


DEMO_REQUESTS = tuple(_request(raw) for raw in read_beside(__file__, "demo.toml")["requests"])


def add_demo_requests(today: date, begeleider_id: int, begeleider_name: str) -> int:
    """Add the demo's requests that are missing; returns how many were created."""
    created = 0
    for spec in DEMO_REQUESTS:
        project = db.session.scalars(
            sa.select(Project).join(Gemeente).where(Gemeente.name == spec.gemeente, Project.name == spec.project)
        ).first()
        if project is None:
            continue
        exists = db.session.scalars(
            sa.select(SupportRequest.id).filter_by(project_id=project.id, support_kind=spec.support_kind)
        ).first()
        if exists is not None:
            continue
        sessie_id = None
        if spec.for_next_sessie:
            sessie_id = db.session.scalars(
                sa.select(Sessie.id)
                .where(Sessie.project_id == project.id, Sessie.status != SessieStatus.AFGEROND)
                .order_by(Sessie.on_date, Sessie.id)
            ).first()
        leider = db.session.scalars(
            sa.select(User).filter_by(email=f"projectleider.{spec.gemeente.lower().replace(' ', '-')}@demo.rfz")
        ).first()
        asked_at = datetime.combine(today - timedelta(days=spec.days_ago), time(9, 30))
        closed = spec.status in (SupportStatus.AFGEROND, SupportStatus.AFGEWEZEN)
        db.session.add(
            SupportRequest(
                project_id=project.id,
                support_kind=spec.support_kind,
                message=spec.message,
                sessie_id=sessie_id,
                status=spec.status,
                reply=spec.reply,
                asked_by_id=leider.id if leider else None,
                asked_by_name=leider.name if leider else "",
                handler_id=begeleider_id if closed else None,
                handler_name=begeleider_name if closed else "",
                created_at=asked_at,
                taken_at=asked_at + timedelta(days=1) if closed else None,
                closed_at=asked_at + timedelta(days=6) if closed else None,
            )
        )
        created += 1
    db.session.flush()
    return created
