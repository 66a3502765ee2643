"""The outbox against a real SMTP server: nothing lost, nothing sent twice, nothing sent from a rollback."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from rfz_project.extensions import db
from rfz_project.mail import services as mail
from rfz_project.mail import worker
from rfz_project.models import MailStatus, User
from rfz_project.models.base import utcnow
from rfz_project.services_common import commit_or_conflict

from ..helpers import outbox
from .conftest import smtp_server


def _change_with_mail(world, subject: str = "Uw telefoonnummer is gewijzigd") -> None:
    """A change and the mail about it, in one transaction (as a service does it)."""
    user = db.session.get(User, world.projectleider.id)
    user.phone = "077 359 60 00"
    mail.enqueue(user.email, subject, "Goedemiddag,\n\nUw telefoonnummer is nu 077 359 60 00.\n")


def test_a_mail_saved_with_its_change_is_delivered(app, world, inbox):
    _change_with_mail(world)
    commit_or_conflict()

    assert worker.deliver_due(app) == worker.Delivery(sent=1, failed=0)

    assert [m["Subject"] for m in inbox.messages] == ["Uw telefoonnummer is gewijzigd"]
    assert inbox.recipients == [["pl@venlo.nl"]]
    assert "077 359 60 00" in inbox.messages[0].get_payload(decode=True).decode()
    assert inbox.messages[0]["From"] == "RFZ-implementatietool <noreply@rfz.test>"
    [row] = outbox()
    assert row.status is MailStatus.SENT and row.attempts == 0 and row.claimed_by is None


def test_a_delivered_mail_is_not_sent_again(app, world, inbox):
    _change_with_mail(world)
    commit_or_conflict()
    worker.deliver_due(app)
    assert worker.deliver_due(app, now=utcnow() + timedelta(days=2)) == worker.Delivery(sent=0, failed=0)
    assert len(inbox.messages) == 1


def test_a_rolled_back_change_sends_nothing(app, world, inbox):
    _change_with_mail(world)
    db.session.rollback()

    assert worker.deliver_due(app) == worker.Delivery(sent=0, failed=0)
    assert inbox.messages == []
    assert outbox() == []
    assert db.session.get(User, world.projectleider.id).phone != "077 359 60 00"


def test_a_server_that_is_down_at_first_gets_the_mail_once_it_is_up(app, world, mail_settings):
    _change_with_mail(world)
    commit_or_conflict()
    started = utcnow()

    assert worker.deliver_due(app, now=started) == worker.Delivery(sent=0, failed=1)
    [row] = outbox()
    assert row.attempts == 1 and row.sent_at is None and row.status is MailStatus.WAITING
    assert "Connection refused" in row.last_error or "ConnectionRefused" in row.last_error
    assert row.send_after == started + timedelta(seconds=10)  # the first retry within a minute
    assert row.claimed_by is None

    with smtp_server(mail_settings) as inbox:
        assert worker.deliver_due(app, now=started + timedelta(seconds=5)).sent == 0  # not due yet
        assert worker.deliver_due(app, now=started + timedelta(seconds=11)) == worker.Delivery(sent=1, failed=0)

    assert len(inbox.messages) == 1
    [row] = outbox()
    assert row.status is MailStatus.SENT and row.attempts == 1


def test_retries_come_quickly_first_then_hourly():
    waits = [worker.backoff(attempt) for attempt in range(1, 9)]
    assert waits[:3] == [timedelta(seconds=10), timedelta(seconds=30), timedelta(minutes=1)]
    assert waits == sorted(waits) and waits[-1] == timedelta(hours=1)


def test_a_mail_still_undelivered_after_a_day_is_given_up_with_the_reason(app, world, mail_settings):
    _change_with_mail(world)
    commit_or_conflict()
    a_day_later = utcnow() + timedelta(days=1, minutes=1)

    assert worker.deliver_due(app, now=a_day_later).failed == 1
    [row] = outbox()
    assert row.status is MailStatus.FAILED and row.given_up_at is not None
    assert row.last_error.startswith("Opgegeven na 1 pogingen")
    assert worker.deliver_due(app, now=a_day_later + timedelta(days=1)) == worker.Delivery(sent=0, failed=0)


def test_two_workers_at_once_send_every_mail_once(app, world, inbox):
    for number in range(30):
        mail.enqueue(f"deelnemer{number}@venlo.nl", f"Uitnodiging {number}", "U bent uitgenodigd.")
    commit_or_conflict()
    start = threading.Barrier(2)
    results: list[worker.Delivery] = []

    def one_worker() -> None:
        # Small batches until nothing is left, so the two workers' claims interleave.
        start.wait()
        while (delivery := worker.deliver_due(app, limit=3)).sent:
            results.append(delivery)

    threads = [threading.Thread(target=one_worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sum(result.sent for result in results) == 30
    sent_to = sorted(to for recipients in inbox.recipients for to in recipients)
    assert sent_to == sorted(f"deelnemer{number}@venlo.nl" for number in range(30))
    assert all(row.status is MailStatus.SENT for row in outbox())


def test_a_claim_of_a_worker_that_died_is_taken_over_after_it_lapses(app, world, inbox):
    _change_with_mail(world)
    commit_or_conflict()
    now = utcnow()
    [row] = outbox()
    row.claimed_by, row.claimed_until = "een-gestopte-worker", now + timedelta(minutes=3)
    db.session.commit()

    assert worker.deliver_due(app, now=now).sent == 0  # still held
    assert worker.deliver_due(app, now=now + timedelta(minutes=4)).sent == 1
    assert len(inbox.messages) == 1


def test_without_a_mail_server_the_mail_is_kept_and_printed_after_the_commit(app, world, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    caplog.set_level(logging.INFO, logger="rfz.mail")
    _change_with_mail(world, subject="Volg deze link")
    assert "Volg deze link" not in caplog.text  # not before the commit: a rollback would make it untrue
    commit_or_conflict()

    assert "Volg deze link" in caplog.text and "pl@venlo.nl" in caplog.text
    assert worker.deliver_due(app) == worker.Delivery(sent=0, failed=0)
    [row] = outbox()
    assert row.status is MailStatus.WAITING and row.attempts == 0


def test_a_rolled_back_mail_is_not_printed(app, world, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    caplog.set_level(logging.INFO, logger="rfz.mail")
    _change_with_mail(world, subject="Nooit verstuurd")
    db.session.rollback()
    commit_or_conflict()
    assert "Nooit verstuurd" not in caplog.text


def test_the_worker_command_sends_what_is_due_once(app, world, inbox):
    _change_with_mail(world)
    commit_or_conflict()
    runner = app.test_cli_runner()

    first = runner.invoke(args=["rfz", "mail-worker", "--once"])
    second = runner.invoke(args=["rfz", "mail-worker", "--once"])

    assert first.exit_code == 0 and "1 verzonden, 0 mislukt" in first.output
    assert "0 verzonden, 0 mislukt" in second.output
    assert len(inbox.messages) == 1


def test_a_mail_with_html_arrives_with_both_parts(app, world, inbox):
    mail.enqueue("pl@venlo.nl", "Uitnodiging", "Tekst zonder opmaak", html="<p>Tekst <strong>met</strong> opmaak</p>")
    commit_or_conflict()
    worker.deliver_due(app)

    [message] = inbox.messages
    assert message.get_content_type() == "multipart/alternative"
    parts = {part.get_content_type(): part.get_payload(decode=True).decode() for part in message.get_payload()}
    assert parts == {"text/plain": "Tekst zonder opmaak", "text/html": "<p>Tekst <strong>met</strong> opmaak</p>"}
