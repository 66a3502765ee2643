"""`flask rfz send-reminders` end to end: the command, the outbox, the worker and a real SMTP server; and two
runs at the same moment."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from rfz_project.extensions import db
from rfz_project.mail import worker
from rfz_project.models import SentReminder
from rfz_project.reminders import services

from .. import factories
from .conftest import MONDAY, outbox


def _late_action_and_tomorrows_sessie(world):
    factories.action(world.project, "Folder herschrijven", deadline=MONDAY - timedelta(days=10))
    sessie = factories.sessie(world.project, on_date=MONDAY + timedelta(days=1))
    sessie.administrator = "Tom Lid"
    db.session.commit()


def test_the_command_puts_the_reminders_in_the_outbox_and_they_reach_a_real_smtp_server(app, world, inbox, base_url):
    _late_action_and_tomorrows_sessie(world)
    db.session.remove()
    runner = app.test_cli_runner()

    first = runner.invoke(args=["rfz", "send-reminders", "--today", MONDAY.isoformat()])
    again = runner.invoke(args=["rfz", "send-reminders", "--today", MONDAY.isoformat()])

    assert first.exit_code == 0, first.output
    assert "2026-12-07: 3 weekoverzicht(en) en 1 herinnering(en)" in first.output
    assert "0 weekoverzicht(en) en 0 herinnering(en)" in again.output
    assert worker.deliver_due(app).sent == 4
    by_recipient = {tuple(to): message for to, message in zip(inbox.recipients, inbox.messages, strict=True)}
    assert set(by_recipient) == {("pl@venlo.nl",), ("pb@vng.nl",), ("pl@kampen.nl",), ("tl@venlo.nl",)}
    digest = by_recipient[("pl@venlo.nl",)]
    assert digest["Subject"] == "Uw weekoverzicht van week 50"
    text = digest.get_payload(decode=True).decode(digest.get_content_charset() or "utf-8")
    assert "Folder herschrijven (10 dagen te laat)" in text
    assert f"{base_url}/projecten/{world.project.id}" in text
    assert by_recipient[("tl@venlo.nl",)]["Subject"] == "Morgen: sessie van Venlo project"


def test_the_command_warns_when_the_links_have_no_base_address(app, world):
    result = app.test_cli_runner().invoke(args=["rfz", "send-reminders", "--today", MONDAY.isoformat()])

    assert result.exit_code == 0
    assert "RFZ_BASE_URL is niet gezet" in result.output


def test_a_wrong_date_is_refused(app, world):
    result = app.test_cli_runner().invoke(args=["rfz", "send-reminders", "--today", "7-12-2026"])
    assert result.exit_code != 0


def test_two_runs_at_the_same_moment_send_each_reminder_once(app, world, backend):
    if backend != "postgresql":
        pytest.skip("SQLite has one writer at a time; two machines share a PostgreSQL database")
    _late_action_and_tomorrows_sessie(world)
    for number in range(8):  # enough mails that the two runs overlap
        colleague = factories.user(f"collega{number}@venlo.nl", gemeente=world.home, role="projectleider")
        assert colleague.active
    db.session.remove()
    runs = 4
    barrier = threading.Barrier(runs)
    results: list[object] = [None] * runs

    def run(index: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                results[index] = services.send_reminders(MONDAY)
            except Exception as exc:  # noqa: BLE001  (asserted below)
                results[index] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(isinstance(r, services.RunResult) for r in results), results
    assert sum(r.digests for r in results) == 11  # type: ignore[union-attr]
    assert sum(r.sessie_reminders for r in results) == 1  # type: ignore[union-attr]
    recipients = [m.recipient for m in outbox()]
    assert len(recipients) == len(set(recipients)) == 12
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SentReminder)) == 12
