"""The reminder the day before a sessie, to its procesbegeleider and administrator."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from rfz_project.extensions import db
from rfz_project.models import MailPreference, ReminderKind, SentReminder, Sessie, SessieStatus, TeamMember, User
from rfz_project.reminders import services

from .. import factories
from .conftest import MONDAY, outbox

TOMORROW = MONDAY + timedelta(days=1)


def _sessie(world, *, procesbegeleider="", administrator="", contact=None, on_date=TOMORROW, project=None) -> Sessie:
    sessie = factories.sessie(project or world.project, on_date=on_date)
    sessie.procesbegeleider = procesbegeleider
    sessie.administrator = administrator
    sessie.contact_user_id = contact.id if contact else None
    db.session.commit()
    return sessie


def _reminders() -> dict[str, str]:
    return {m.recipient: m.body_text for m in outbox() if m.subject.startswith("Morgen:")}


def test_the_names_on_the_sessie_are_resolved_to_the_accounts_that_may_read_the_project(world, base_url):
    sessie = _sessie(
        world, procesbegeleider="Paul Begeleider", administrator="  tom  LID ", contact=world.projectleider
    )

    result = services.send_reminders(MONDAY)

    sent = _reminders()
    assert result.sessie_reminders == 2
    assert set(sent) == {"pb@vng.nl", "tl@venlo.nl"}  # the contact person is not needed
    assert "als procesbegeleider genoemd" in sent["pb@vng.nl"]
    assert "als administrator genoemd" in sent["tl@venlo.nl"]
    assert "8 december 2026 om 13.30 uur, Stadhuis" in sent["tl@venlo.nl"]
    assert f"{base_url}/projecten/{world.project.id}/sessies/{sessie.id}" in sent["tl@venlo.nl"]


def test_a_team_member_with_an_account_is_found_by_name(world):
    outsider = factories.user("extern@adviesbureau.nl", name="Eva Extern")
    db.session.add(TeamMember(project_id=world.project.id, user_id=outsider.id, name="Eva", discipline="beleid"))
    db.session.commit()
    _sessie(world, administrator="Eva Extern")

    services.send_reminders(MONDAY)

    assert set(_reminders()) == {"extern@adviesbureau.nl"}


def test_an_ambiguous_name_goes_to_the_contact_person(world):
    factories.user("tweede.tom@venlo.nl", gemeente=world.home, role="lezer", name="Tom Lid")
    _sessie(world, administrator="Tom Lid", contact=world.projectleider)

    services.send_reminders(MONDAY)

    sent = _reminders()
    assert set(sent) == {"pl@venlo.nl"}
    assert "als administrator genoemd" in sent["pl@venlo.nl"]


def test_a_name_nobody_who_reads_the_project_has_goes_to_the_contact_person(world):
    # Karin Kampen has an account, but of another gemeente: her name means nothing for this project.
    _sessie(world, procesbegeleider="Karin Kampen", administrator="Iemand Zonder Account", contact=world.teamlid)

    services.send_reminders(MONDAY)

    sent = _reminders()
    assert set(sent) == {"tl@venlo.nl"}  # one mail, naming both roles
    assert "als procesbegeleider en administrator genoemd" in sent["tl@venlo.nl"]


def test_no_names_and_no_contact_person_send_nothing(world):
    _sessie(world)

    assert services.send_reminders(MONDAY).sessie_reminders == 0
    assert _reminders() == {}


def test_one_person_in_both_roles_gets_one_mail(world):
    _sessie(world, procesbegeleider="Paul Begeleider", administrator="Paul Begeleider")

    services.send_reminders(MONDAY)

    assert list(_reminders()) == ["pb@vng.nl"]


def test_only_tomorrows_open_sessies_of_open_projects_are_reminded(world):
    _sessie(world, administrator="Tom Lid", on_date=TOMORROW + timedelta(days=1))
    finished = _sessie(world, administrator="Tom Lid")
    finished.status = SessieStatus.AFGEROND
    _sessie(world, administrator="Karin Kampen", project=world.other_project)
    world.other_project.closed_at = MONDAY
    db.session.commit()

    services.send_reminders(MONDAY)

    assert _reminders() == {}


def test_twice_sends_once_and_a_moved_sessie_is_reminded_for_its_new_date(world):
    sessie = _sessie(world, administrator="Tom Lid")

    assert services.send_reminders(MONDAY).sessie_reminders == 1
    assert services.send_reminders(MONDAY).sessie_reminders == 0
    sessie = db.session.get(Sessie, sessie.id)
    sessie.on_date = TOMORROW + timedelta(days=2)
    db.session.commit()
    assert services.send_reminders(MONDAY + timedelta(days=2)).sessie_reminders == 1

    assert len([m for m in outbox("tl@venlo.nl") if m.subject.startswith("Morgen:")]) == 2
    keys = set(db.session.scalars(sa.select(SentReminder.key).where(SentReminder.kind == ReminderKind.SESSIE.value)))
    assert keys == {f"{sessie.id}:2026-12-08", f"{sessie.id}:2026-12-10"}


def test_who_switched_sessie_reminders_off_gets_none(world):
    db.session.add(MailPreference(user_id=world.teamlid.id, sessie_reminders=False))
    db.session.commit()
    _sessie(world, procesbegeleider="Paul Begeleider", administrator="Tom Lid")

    services.send_reminders(MONDAY)

    assert set(_reminders()) == {"pb@vng.nl"}


def test_an_inactive_account_is_not_a_match_and_gets_nothing(world):
    db.session.get(User, world.teamlid.id).active = False
    db.session.commit()
    _sessie(world, administrator="Tom Lid", contact=world.projectleider)

    services.send_reminders(MONDAY)

    assert set(_reminders()) == {"pl@venlo.nl"}


def test_an_inactive_contact_person_gets_nothing(world):
    db.session.get(User, world.projectleider.id).active = False
    db.session.commit()
    _sessie(world, administrator="Niemand Bekend", contact=world.projectleider)

    services.send_reminders(MONDAY)

    assert _reminders() == {}
