"""Small helpers shared by the request tests."""

from __future__ import annotations

import io
import re

import sqlalchemy as sa
from docx import Document
from flask import url_for
from pptx import Presentation
from sqlalchemy.orm import selectinload

from rfz_project.documents import services as documents
from rfz_project.extensions import db
from rfz_project.models import LinkedIdentity, OutboxMail

from . import factories

_ERROR = re.compile(r"Fout:</span>([^<]*)")


def errors_in(page: str) -> list[str]:
    """The field error messages on a rendered page (the text after each visually hidden 'Fout:')."""
    return [e.strip() for e in _ERROR.findall(page)]


def project_record_ids(world) -> dict:
    """Rows of every kind in world.project, and the ids to put in every URL argument of the app's rules."""
    member = factories.team_member(world.project)
    decision = factories.decision(world.project)
    theme = factories.theme(world.project)
    action = factories.action(world.project, theme=theme, decision_id=decision.id)
    sessie = factories.sessie(world.project)
    participant = factories.participant(sessie)
    finding, column, agreement = factories.results(sessie)
    task = factories.regular_task(world.project, decision=decision)
    risk = factories.risk(world.project)
    custom_item = factories.custom_checklist_item(world.home, mijlpaal="in_beeld")
    factories.checklist_answer(world.project, custom_item=custom_item, answer="nog_niet")
    factories.checklist_answer(world.project, "in_beeld_dpia", answer="doen_we_al")  # may be shared
    initiative = factories.initiative(world.project)
    support = factories.support_request(world.project, support_kind="sessie_begeleiden", sessie=sessie)
    note = factories.gemeente_note(world.home, world.procesbegeleider)
    identity = LinkedIdentity(user_id=world.teamlid.id, issuer="https://login.venlo.example", subject="tom")
    db.session.add(identity)
    db.session.commit()
    return {
        "identity_id": identity.id,
        "initiative_id": initiative.id,
        "item_key": "in_beeld_dpia",
        "note_id": note.id,
        "request_id": support.id,
        "finding_id": finding.id,
        "column_id": column.id,
        "agreement_id": agreement.id,
        "task_id": task.id,
        "risk_id": risk.id,
        "custom_item_id": custom_item.id,
        "action_id": action.id,
        "theme_id": theme.id,
        "sessie_id": sessie.id,
        "participant_id": participant.id,
        "token": "geen-echte-token",
        "project_id": world.project.id,
        "step_key": "voorbereiding.reikwijdte",
        "scope_type": "combinatie",
        "member_id": member.id,
        "decision_id": decision.id,
        "ref": "projectplan",
        "template_key": "projectplan",
        "gemeente_id": world.home.id,
        "user_id": world.teamlid.id,
        "membership_id": 1,
        "assignment_id": 1,
        "filename": "rfz.css",
    }


def url_for_rule(app, rule, values: dict) -> str:
    """The URL of a rule, its arguments taken from `values` (as from project_record_ids)."""
    with app.test_request_context():
        return url_for(rule.endpoint, **{arg: values[arg] for arg in rule.arguments})


def sessie_form_data(**changes):
    """What the new-sessie form posts for a valid sessie with inwoners; `changes` override fields."""
    data = {
        "session_type": "inwoners",
        "mijlpalen": ["in_beeld"],
        "option": "a",
        "title": "",
        "on_date": "2026-03-03",
        "start_time": "13:30",
        "duration_minutes": "120",
        "mode": "fysiek",
        "location": "Stadhuis",
        "online_url": "",
        "procesbegeleider": "",
        "administrator": "",
        "agenda": "",
        "version": "",
    }
    data.update(changes)
    return data


def text_of(rendered: documents.RenderedFile) -> str:
    """The text of a rendered Word file or deck: paragraphs, text frames and table cells."""
    if rendered.filename.endswith(".docx"):
        document = Document(io.BytesIO(rendered.content))
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join(parts)
    deck = Presentation(io.BytesIO(rendered.content))
    parts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def csrf_token_of(page: str) -> str:
    """The CSRF token of the first form on a page."""
    return re.search(r'name="csrf_token" value="([^"]+)"', page)[1]


def login_with_token(client, email: str = "pl@venlo.nl") -> None:
    """Log in through the login form with its CSRF token (for `csrf_client`)."""
    token = csrf_token_of(client.get("/inloggen").get_data(as_text=True))
    client.post("/inloggen", data={"email": email, "password": factories.PASSWORD, "csrf_token": token})


def outbox() -> list[OutboxMail]:
    """Every mail in the outbox, oldest first, with its attachments (read afresh)."""
    db.session.expire_all()
    return list(
        db.session.scalars(sa.select(OutboxMail).order_by(OutboxMail.id).options(selectinload(OutboxMail.attachments)))
    )


def links_in_outbox(link: re.Pattern) -> list[str]:
    """The first group of `link` in each mail of the outbox that has one."""
    return [match[1] for mail in outbox() if (match := link.search(mail.body_text))]
