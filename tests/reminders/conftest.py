"""Shared helpers of the reminder tests: the outbox as the tests read it, and the SMTP server of tests/mail."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from rfz_project.extensions import db
from rfz_project.models import OutboxMail

from ..mail.conftest import inbox, mail_settings, smtp_port  # noqa: F401  (fixtures used by the SMTP test)

MONDAY = __import__("datetime").date(2026, 12, 7)


def outbox(recipient: str | None = None) -> list[OutboxMail]:
    db.session.expire_all()
    query = sa.select(OutboxMail).order_by(OutboxMail.id)
    if recipient is not None:
        query = query.where(OutboxMail.recipient == recipient)
    return list(db.session.scalars(query))


@pytest.fixture
def base_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "RFZ_BASE_URL", "https://rfz.example.nl/")
    return "https://rfz.example.nl"
