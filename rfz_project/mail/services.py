"""Writing mail to the outbox, and the beheerder's view of it.

A service that causes a mail calls `enqueue` before its own commit: the mail and the change are saved
together or not at all, and no page waits for an SMTP server. The worker (worker.py) sends it later.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session, selectinload

from .. import paging
from ..errors import NotAuthorized
from ..extensions import db
from ..models import OutboxAttachment, OutboxMail, User

logger = logging.getLogger("rfz.mail")

OUTBOX_PAGE_SIZE = 25
# Mails added in a session that is not committed yet; printed to the console once it is (never on rollback).
_TO_PRINT = "rfz_mail_to_print"


def configure_logging() -> None:
    """Let the console lines of unsent mail reach stderr at INFO, unless the deployment set a handler."""
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)


@dataclass(frozen=True)
class Attachment:
    """A file to send with a mail. `content_type` may carry parameters: "text/calendar; method=REQUEST"."""

    filename: str
    content_type: str
    content: bytes


def enqueue(
    to: str,
    subject: str,
    body: str,
    html: str | None = None,
    attachments: Sequence[Attachment] = (),
    reply_to: str = "",
) -> OutboxMail:
    """Add a mail to the session WITHOUT committing: the caller's commit saves it with the change it is about.
    `reply_to`: where answers go, when not to the sender (MAIL_DEFAULT_SENDER)."""
    mail = OutboxMail(
        recipient=to.strip()[:254],
        reply_to=reply_to.strip()[:254],
        subject=subject[:200],
        body_text=body,
        body_html=html,
        attachments=[
            OutboxAttachment(filename=a.filename[:200], content_type=a.content_type[:200], content=a.content)
            for a in attachments
        ],
    )
    db.session.add(mail)
    if not current_app.config.get("MAIL_SERVER"):
        db.session.info.setdefault(_TO_PRINT, []).append(mail)
    return mail


def console_text(mail: OutboxMail) -> str:
    """A mail as the console shows it while there is no SMTP server (so a link can be followed locally)."""
    rule = "-" * 72
    return (
        f"{rule}\nE-mail in de outbox (MAIL_SERVER is niet gezet, dus niet verzonden)\n"
        f"Aan: {mail.recipient}\nOnderwerp: {mail.subject}\n\n{mail.body_text}\n"
        + "".join(f"Bijlage: {a.filename} ({a.content_type})\n" for a in mail.attachments)
        + rule
    )


@sa.event.listens_for(Session, "after_commit")
def _print_committed(session: Session) -> None:
    for mail in session.info.pop(_TO_PRINT, []):
        logger.info(console_text(mail))


@sa.event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_TO_PRINT, None)


@dataclass(frozen=True)
class OutboxPage:
    mails: list[OutboxMail]
    paging: paging.Paging
    delivering: bool  # whether MAIL_SERVER is set: otherwise nothing is sent, by design


def outbox_page(actor: User, page: int = 1) -> OutboxPage:
    """Every mail the tool wrote, newest first, a page at a time; for the beheerder only."""
    # The admin area checks this too; admin.services is not imported here, as it will enqueue mail itself.
    if not (actor and actor.is_authenticated and actor.is_beheerder):
        raise NotAuthorized()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMail)) or 0
    shown = paging.page_of(page, total, OUTBOX_PAGE_SIZE)
    mails = db.session.scalars(
        sa.select(OutboxMail)
        .order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
        .offset(shown.offset)
        .limit(shown.size)
        .options(selectinload(OutboxMail.attachments))
    ).all()
    return OutboxPage(mails=list(mails), paging=shown, delivering=bool(current_app.config.get("MAIL_SERVER")))
