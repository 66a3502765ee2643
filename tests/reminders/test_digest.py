"""The weekly digest: who gets it, about which projects, once per ISO week, and only with something to say."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from rfz_project.extensions import db
from rfz_project.models import MailPreference, ReminderKind, SentReminder, TeamMember, TeamRole, User
from rfz_project.reminders import services

from .. import factories
from .conftest import MONDAY, outbox

BEFORE_ANYTHING_IS_DUE = date(2026, 1, 5)  # the Monday the world's projects start: nothing is late yet


def _late_work(world):
    factories.action(world.project, "Folder herschrijven", deadline=MONDAY - timedelta(days=10))
    factories.action(world.project, "Al klaar", deadline=MONDAY - timedelta(days=10), status="afgerond")
    factories.action(world.other_project, "Kampense actie", deadline=MONDAY - timedelta(days=3))
    factories.sessie(world.project, on_date=MONDAY + timedelta(days=2))
    factories.sessie(world.project, on_date=MONDAY + timedelta(days=9))  # after the coming 7 days
    factories.sessie(world.other_project, on_date=MONDAY + timedelta(days=1), mijlpalen=("in_beeld",))


def _body(recipient: str) -> str:
    [mail] = outbox(recipient)
    return mail.body_text


def test_a_projectleider_reads_only_the_projects_of_their_gemeente(world, base_url):
    _late_work(world)

    services.send_reminders(MONDAY)

    body = _body("pl@venlo.nl")
    assert "Beste Petra Leider" in body
    assert "Venlo project (Venlo)" in body and f"{base_url}/projecten/{world.project.id}" in body
    assert "Stappen die te laat zijn:\n- Besluitvorming (" in body
    assert "- Folder herschrijven (10 dagen te laat)" in body
    assert "Al klaar" not in body  # a finished action is not late
    assert "9 december 2026 om 13.30 uur, Stadhuis" in body
    assert "16 december 2026" not in body
    assert "Kampen" not in body
    assert f"{base_url}/account/e-mailberichten" in body
    kampen = _body("pl@kampen.nl")
    assert "Kampense actie (3 dagen te laat)" in kampen and "8 december 2026" in kampen
    assert "Venlo" not in kampen and "Folder herschrijven" not in kampen


def test_a_procesbegeleider_reads_the_projects_of_their_assigned_gemeenten_only(world, base_url):
    _late_work(world)

    services.send_reminders(MONDAY)

    body = _body("pb@vng.nl")
    assert "Beste Paul Begeleider" in body
    assert "Venlo project" in body and "Folder herschrijven" in body
    assert "Kampen" not in body


def test_a_teamlid_hears_of_the_projects_whose_team_they_are_on(world):
    _late_work(world)
    services.send_reminders(MONDAY)
    assert outbox("tl@venlo.nl") == []  # not on the team of any project

    db.session.add(
        TeamMember(project_id=world.project.id, user_id=world.teamlid.id, name="Tom Lid", discipline="beleid")
    )
    db.session.commit()
    services.send_reminders(MONDAY)
    assert "Folder herschrijven" in _body("tl@venlo.nl")


def test_the_coordinator_the_beheerder_and_a_closed_project_get_no_digest(world):
    _late_work(world)
    world.other_project.closed_at = MONDAY
    db.session.commit()

    services.send_reminders(MONDAY)

    recipients = {mail.recipient for mail in outbox()}
    assert recipients == {"pl@venlo.nl", "pb@vng.nl"}


def test_nothing_to_say_sends_nothing_and_records_nothing(world):
    result = services.send_reminders(BEFORE_ANYTHING_IS_DUE)

    assert result.digests == 0
    assert outbox() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SentReminder)) == 0


def test_a_second_run_in_the_same_week_sends_nothing_and_the_next_week_sends_again(world):
    _late_work(world)

    first = services.send_reminders(MONDAY)
    again = services.send_reminders(MONDAY)
    later_that_week = services.send_reminders(MONDAY + timedelta(days=3))
    next_week = services.send_reminders(MONDAY + timedelta(days=7))

    assert (first.digests, again.digests, later_that_week.digests, next_week.digests) == (3, 0, 0, 3)
    assert [m.subject for m in outbox("pl@venlo.nl")] == [
        "Uw weekoverzicht van week 50",
        "Uw weekoverzicht van week 51",
    ]
    keys = set(db.session.scalars(sa.select(SentReminder.key).where(SentReminder.kind == ReminderKind.DIGEST.value)))
    assert keys == {"2026-W50", "2026-W51"}


def test_a_run_later_in_the_week_sends_the_digest_that_monday_missed(world):
    _late_work(world)

    services.send_reminders(MONDAY + timedelta(days=2))  # the timer did not run on Monday and Tuesday

    assert len(outbox("pl@venlo.nl")) == 1


def test_who_switched_the_digest_off_gets_none(world):
    _late_work(world)
    db.session.add(MailPreference(user_id=world.projectleider.id, weekly_digest=False))
    db.session.commit()

    services.send_reminders(MONDAY)

    assert outbox("pl@venlo.nl") == []
    assert len(outbox("pb@vng.nl")) == 1


def test_an_inactive_account_gets_no_digest(world):
    _late_work(world)
    db.session.get(User, world.procesbegeleider.id).active = False
    db.session.commit()

    services.send_reminders(MONDAY)

    assert outbox("pb@vng.nl") == []
    assert len(outbox("pl@venlo.nl")) == 1


def _statements(app, call) -> int:
    counted = []
    engine = db.engine

    def count(*_args) -> None:
        counted.append(1)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        call()
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(counted)


def _more_gemeenten(count: int) -> None:
    for number in range(count):
        gemeente = factories.gemeente(f"Extra {number}")
        factories.user(f"pl{number}@extra.nl", gemeente=gemeente, role="projectleider")
        factories.user(f"tl{number}@extra.nl", gemeente=gemeente, role="teamlid")
        factories.user(f"pb{number}@vng.nl", is_procesbegeleider=True, assigned_to=[gemeente])
        project = factories.project(gemeente, name=f"Extra project {number}")
        factories.action(project, "Te laat", deadline=MONDAY - timedelta(days=1))
        factories.sessie(project, on_date=MONDAY + timedelta(days=1))


def test_the_reading_does_not_grow_with_the_number_of_users_and_projects(app, world):
    _late_work(world)
    few = _statements(app, lambda: services.send_reminders(MONDAY))
    mails_few = len(outbox())
    db.session.execute(sa.delete(SentReminder))
    db.session.commit()
    _more_gemeenten(6)
    many = _statements(app, lambda: services.send_reminders(MONDAY))
    mails_many = len(outbox()) - mails_few

    # Per mail: the claim, the outbox insert and the commit; the reading itself is the same few statements.
    per_mail = 3
    assert mails_many > mails_few
    assert many - per_mail * mails_many <= few - per_mail * mails_few + 2, (few, many, mails_few, mails_many)


def test_a_member_role_other_than_projectleider_does_not_see_all_projects(world):
    other = factories.project(world.home, name="Tweede Venlose project")
    factories.action(other, "Van het tweede project", deadline=MONDAY - timedelta(days=1))
    db.session.add(
        TeamMember(
            project_id=world.project.id,
            user_id=world.lezer.id,
            name="Lotte Lezer",
            discipline="beleid",
            team_role=TeamRole.LID,
        )
    )
    db.session.commit()

    services.send_reminders(MONDAY)

    lezer = _body("lezer@venlo.nl")
    assert "Venlo project (Venlo)" in lezer and "Tweede Venlose project" not in lezer
    assert "Tweede Venlose project" in _body("pl@venlo.nl")


def test_a_long_late_list_names_the_longest_late_and_counts_the_rest(world, base_url):
    late = services.DIGEST_MOST_ACTIONS + 3
    for days in range(1, late + 1):
        factories.action(world.project, f"Actie {days:02d} <&> 🎉", deadline=MONDAY - timedelta(days=days))

    services.send_reminders(MONDAY)

    body = _body("pl@venlo.nl")
    named = [f"Actie {days:02d} <&> 🎉" for days in range(late, 3, -1)]
    assert [line[2:].split(" (")[0] for line in body.splitlines() if line.startswith("- Actie ")] == named
    assert "- en nog 3 acties die te laat zijn\n" in body
    assert f"{base_url}/projecten/{world.project.id}/acties" in body


def test_one_over_the_most_is_counted_in_the_singular(world):
    for days in range(1, services.DIGEST_MOST_ACTIONS + 2):
        factories.action(world.project, f"Actie {days}", deadline=MONDAY - timedelta(days=days))

    services.send_reminders(MONDAY)

    body = _body("pl@venlo.nl")
    assert "- en nog 1 actie die te laat is\n" in body and "Actie 1 (" not in body
