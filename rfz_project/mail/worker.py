"""Delivering the outbox: claim what is due, send it over SMTP, mark it sent or try again later.

More than one worker may run (on one machine or many): a mail is claimed with one UPDATE that only
succeeds while no other worker holds it, so each mail is sent by one worker. The claim lasts `CLAIM`; a
worker that dies mid-send leaves its mails to be claimed again after that (a mail may then go twice, but
is never lost). No database transaction stays open while the SMTP server is talked to.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.text import MIMEText

import sqlalchemy as sa
from flask import Flask, current_app
from flask_mailman import EmailMultiAlternatives
from sqlalchemy.orm import selectinload

from ..extensions import db, mailer
from ..models import OutboxAttachment, OutboxMail
from ..models.base import utcnow

logger = logging.getLogger("rfz.mail")

# Waits after the 1st, 2nd, ... failed attempt; after the last one every hour, until GIVE_UP_AFTER.
BACKOFF = (
    timedelta(seconds=10),
    timedelta(seconds=30),
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
)
HOURLY = timedelta(hours=1)
GIVE_UP_AFTER = timedelta(days=1)
# How long a claim holds: well beyond the SMTP timeout times a pass's mails, so a live worker keeps its claim.
CLAIM = timedelta(minutes=10)
ERROR_LENGTH = 1000


def backoff(attempts: int) -> timedelta:
    """The wait before the next try, after `attempts` failed ones (1 or more)."""
    return BACKOFF[attempts - 1] if attempts <= len(BACKOFF) else HOURLY


def _worker_name() -> str:
    """Unique per pass: machine, process and a random part, so no two passes share a claim."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _claim(limit: int, now: datetime) -> list[OutboxMail]:
    """Take up to `limit` due mails for this pass, atomically; committed before anything is sent."""
    name = _worker_name()
    free = sa.or_(OutboxMail.claimed_until.is_(None), OutboxMail.claimed_until < now)
    due = sa.and_(OutboxMail.sent_at.is_(None), OutboxMail.given_up_at.is_(None), OutboxMail.send_after <= now, free)
    candidates = sa.select(OutboxMail.id).where(due).order_by(OutboxMail.send_after, OutboxMail.id).limit(limit)
    if not db.session.scalars(candidates).first():
        db.session.rollback()  # nothing due: no write at all (on SQLite a write would hold up the web server)
        return []
    if db.session.get_bind().dialect.name == "postgresql":
        # Skip rows another worker is claiming right now instead of waiting for it.
        candidates = candidates.with_for_update(skip_locked=True)
    # The condition is repeated on the UPDATE itself: a row another worker claimed meanwhile no longer matches.
    db.session.execute(
        sa.update(OutboxMail)
        .where(OutboxMail.id.in_(candidates.scalar_subquery()), due)
        .values(claimed_by=name, claimed_until=now + CLAIM)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return list(
        db.session.scalars(
            sa.select(OutboxMail)
            .where(OutboxMail.claimed_by == name)
            .order_by(OutboxMail.id)
            .options(selectinload(OutboxMail.attachments))
        )
    )


def _connection():
    """An SMTP connection from the app's settings as they are now (Flask-Mailman's SMTP backend)."""
    config = current_app.config
    return mailer.get_connection(
        backend="smtp",
        host=config["MAIL_SERVER"],
        port=config.get("MAIL_PORT") or 25,
        username=config.get("MAIL_USERNAME") or "",
        password=config.get("MAIL_PASSWORD") or "",
        use_tls=bool(config.get("MAIL_USE_TLS")),
        use_ssl=bool(config.get("MAIL_USE_SSL")),
        timeout=config.get("MAIL_TIMEOUT") or 30,
    )


def _message(outbox_mail: OutboxMail, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=outbox_mail.subject,
        body=outbox_mail.body_text,
        from_email=current_app.config.get("MAIL_DEFAULT_SENDER"),
        to=[outbox_mail.recipient],
        reply_to=[outbox_mail.reply_to] if outbox_mail.reply_to else None,
        connection=connection,
    )
    if outbox_mail.body_html:
        message.attach_alternative(outbox_mail.body_html, "text/html")
    for attachment in outbox_mail.attachments:
        message.attach(_part(attachment))
    return message


def _part(attachment: OutboxAttachment) -> MIMEBase:
    """One attachment as a MIME part with its full content type, parameters included (an .ics keeps
    `method=REQUEST` or `CANCEL` there, which calendar programs read); text as UTF-8, the rest in base64."""
    header = Message()
    header["Content-Type"] = attachment.content_type
    main, sub = header.get_content_maintype(), header.get_content_subtype()
    part: MIMEBase
    if main == "text":
        part = MIMEText(attachment.content.decode("utf-8"), sub, "utf-8")
    else:
        part = MIMEApplication(attachment.content, sub if main == "application" else "octet-stream")
    for key, value in (header.get_params() or [])[1:]:
        if key.lower() != "charset":
            part.set_param(key, value)
    part.add_header("Content-Disposition", "attachment", filename=attachment.filename)
    return part


def _mark_sent(outbox_mail: OutboxMail) -> None:
    outbox_mail.sent_at = utcnow()
    outbox_mail.claimed_by = outbox_mail.claimed_until = None
    db.session.commit()


def _mark_failed(outbox_mail: OutboxMail, error: Exception, now: datetime) -> None:
    """Count the attempt, keep the error, and plan the next try, or stop once the mail is a day old."""
    outbox_mail.attempts += 1
    reason = f"{type(error).__name__}: {error}"
    if now - outbox_mail.created_at >= GIVE_UP_AFTER:
        outbox_mail.given_up_at = now
        reason = f"Opgegeven na {outbox_mail.attempts} pogingen in een etmaal. Laatste fout: {reason}"
    else:
        outbox_mail.send_after = now + backoff(outbox_mail.attempts)
    outbox_mail.last_error = reason[:ERROR_LENGTH]
    outbox_mail.claimed_by = outbox_mail.claimed_until = None
    db.session.commit()
    logger.warning("E-mail %s aan %s niet verzonden: %s", outbox_mail.id, outbox_mail.recipient, reason)


@dataclass(frozen=True)
class Delivery:
    sent: int
    failed: int


def _send_claimed(claimed: list[OutboxMail], now: datetime) -> Delivery:
    sent = failed = 0
    connection = _connection()
    try:
        for outbox_mail in claimed:
            try:
                _message(outbox_mail, connection).send()
            except Exception as error:  # any SMTP or network failure: try again later
                connection.close()  # a broken connection is opened again for the next mail
                _mark_failed(outbox_mail, error, now)
                failed += 1
            else:
                _mark_sent(outbox_mail)
                sent += 1
    finally:
        connection.close()
    return Delivery(sent=sent, failed=failed)


def deliver_due(app: Flask, limit: int = 50, now: datetime | None = None) -> Delivery:
    """Send what is due, once, in a session of its own. Without MAIL_SERVER nothing is sent: the mail stays."""
    with app.app_context():
        if not app.config.get("MAIL_SERVER"):
            return Delivery(sent=0, failed=0)
        now = now or utcnow()
        try:
            claimed = _claim(limit, now)
            return _send_claimed(claimed, now) if claimed else Delivery(sent=0, failed=0)
        finally:
            db.session.remove()


def run(app: Flask, interval: float = 5.0, limit: int = 50) -> None:
    """The worker's loop (`flask rfz mail-worker`): deliver what is due, then wait `interval` seconds."""
    if not app.config.get("MAIL_SERVER"):
        logger.info("MAIL_SERVER is niet gezet: e-mail blijft in de outbox en staat op de console.")
    while True:
        try:
            delivery = deliver_due(app, limit)
        except sa.exc.OperationalError as error:  # the database is away for a moment: try again next round
            logger.warning("Outbox niet bereikbaar: %s", error)
            delivery = Delivery(sent=0, failed=0)
        if delivery.sent or delivery.failed:
            logger.info("Outbox: %s verzonden, %s mislukt.", delivery.sent, delivery.failed)
        if delivery.sent < limit:  # a full batch means more may be due: go on at once
            time.sleep(interval)
