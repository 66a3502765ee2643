"""Mail with attachments: kept in the outbox with the mail, sent by the worker as MIME parts with their full
content type (an .ics keeps `method=REQUEST`), and named on the beheerder's "Verzonden e-mail" page."""

from __future__ import annotations

import sqlalchemy as sa

from rfz_project.extensions import db
from rfz_project.mail import services as mail
from rfz_project.mail import worker
from rfz_project.models import OutboxAttachment, OutboxMail

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//NL\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
    "UID:sessie-1@test\r\nSUMMARY:Koffie & praten 😀\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
).encode()
PDF = b"%PDF-1.4\n\x00\x01\x02\xff binary \r\n\x00"


def _enqueue_with_attachments() -> OutboxMail:
    row = mail.enqueue(
        "ans@example.nl",
        "Uitnodiging",
        "Tekst met een bijlage",
        attachments=[
            mail.Attachment("uitnodiging.ics", "text/calendar; method=REQUEST; charset=utf-8", ICS),
            mail.Attachment("folder.pdf", "application/pdf", PDF),
        ],
    )
    db.session.commit()
    return row


def test_the_attachments_are_saved_with_the_mail_in_its_transaction(world):
    row = _enqueue_with_attachments()
    db.session.expire_all()
    stored = db.session.scalars(
        sa.select(OutboxAttachment).where(OutboxAttachment.mail_id == row.id).order_by(OutboxAttachment.id)
    ).all()
    assert [(a.filename, a.content_type, a.content) for a in stored] == [
        ("uitnodiging.ics", "text/calendar; method=REQUEST; charset=utf-8", ICS),
        ("folder.pdf", "application/pdf", PDF),
    ]


def test_a_rolled_back_change_leaves_no_attachment(world):
    mail.enqueue("ans@example.nl", "Weg", "tekst", attachments=[mail.Attachment("a.ics", "text/calendar", ICS)])
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxAttachment)) == 0


def test_the_worker_sends_each_attachment_with_its_content_type(app, world, inbox):
    _enqueue_with_attachments()

    assert worker.deliver_due(app).sent == 1

    [message] = inbox.messages
    assert message.get_content_type() == "multipart/mixed"
    parts = {p.get_filename(): p for p in message.walk() if p.get_filename()}
    ics, pdf = parts["uitnodiging.ics"], parts["folder.pdf"]
    assert ics.get_content_type() == "text/calendar" and ics.get_param("method") == "REQUEST"
    assert ics.get_content_charset() == "utf-8"
    assert ics.get_payload(decode=True) == ICS
    assert pdf.get_content_type() == "application/pdf" and pdf.get_payload(decode=True) == PDF
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain" and not p.get_filename())
    assert body.get_payload(decode=True).decode() == "Tekst met een bijlage"


def test_a_cancellation_keeps_its_method(app, world, inbox):
    cancel = ICS.replace(b"METHOD:REQUEST", b"METHOD:CANCEL")
    mail.enqueue(
        "ans@example.nl",
        "Gaat niet door",
        "tekst",
        attachments=[mail.Attachment("afzegging.ics", "text/calendar; method=CANCEL; charset=utf-8", cancel)],
    )
    db.session.commit()
    worker.deliver_due(app)

    [message] = inbox.messages
    [ics] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert ics.get_param("method") == "CANCEL" and ics.get_payload(decode=True) == cancel


def test_a_mail_without_attachments_is_sent_as_before(app, world, inbox):
    mail.enqueue("ans@example.nl", "Gewoon", "Alleen tekst")
    db.session.commit()
    worker.deliver_due(app)

    [message] = inbox.messages
    assert message.get_content_type() == "text/plain" and not message.is_multipart()


def test_the_outbox_page_says_which_mail_has_an_attachment(app, world, auth, client):
    _enqueue_with_attachments()
    mail.enqueue("tl@venlo.nl", "Zonder bijlage", "tekst")
    db.session.commit()
    auth.login("beheer@rfz.nl")

    text = client.get("/beheer/verzonden-email").get_data(as_text=True)

    assert "Bijlagen" in text
    assert "uitnodiging.ics (agenda-uitnodiging)" in text and "folder.pdf (application/pdf)" in text
    without = text[text.index("Zonder bijlage") :]
    assert "<dt>Bijlagen</dt><dd>geen</dd>" in without[: without.index("</dl>")]


def test_the_console_names_the_attachments_while_there_is_no_server(app, world, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    with caplog.at_level("INFO", logger="rfz.mail"):
        _enqueue_with_attachments()
    assert "Bijlage: uitnodiging.ics (text/calendar; method=REQUEST; charset=utf-8)" in caplog.text


def test_a_reply_to_address_reaches_the_message(app, world, inbox):
    mail.enqueue("ans@example.nl", "Uitnodiging", "tekst", reply_to="tl@venlo.nl")
    mail.enqueue("bram@example.nl", "Zonder", "tekst")
    db.session.commit()
    worker.deliver_due(app)

    with_reply, without = inbox.messages
    assert with_reply["Reply-To"] == "tl@venlo.nl"
    assert without["Reply-To"] is None
