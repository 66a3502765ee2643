"""The sessies list says which sessies are late: their day has passed and they are not marked held."""

from datetime import date, timedelta

import pytest

from rfz_project.extensions import db
from rfz_project.models import InvitationStatus, Sessie, SessieStatus
from rfz_project.sessions import services

from .. import factories

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    "on_date, status, late",
    [
        (date(2026, 3, 3), SessieStatus.CONCEPT, 7),
        (date(2026, 3, 3), SessieStatus.GEPLAND, 7),
        (date(2026, 3, 9), SessieStatus.BEZIG, 1),
        (date(2026, 3, 3), SessieStatus.AFGEROND, 0),
        (TODAY, SessieStatus.GEPLAND, 0),
        (date(2026, 3, 17), SessieStatus.GEPLAND, 0),
    ],
)
def test_a_sessie_is_late_from_the_day_after_its_date_until_it_is_held(world, on_date, status, late):
    sessie = factories.sessie(world.project, on_date=on_date)
    sessie.status = status
    db.session.commit()
    assert services.days_late(sessie, TODAY) == late
    page = services.sessie_list_page(world.actor(world.lezer), world.project.id, TODAY)
    assert [row.days_late for row in page.rows] == [late]
    assert page.late_count == (1 if late else 0)


def _set_status(sessie: Sessie, status: SessieStatus) -> None:
    db.session.get(Sessie, sessie.id).status = status
    db.session.commit()


def test_the_list_says_te_laat_with_the_days_in_words(logged_in_leider, client):
    today = date.today()
    late = factories.sessie(logged_in_leider.project, on_date=today - timedelta(days=5))
    held = factories.sessie(logged_in_leider.project, on_date=today - timedelta(days=20))
    _set_status(held, SessieStatus.AFGEROND)
    factories.sessie(logged_in_leider.project, on_date=today + timedelta(days=14))
    page = client.get(f"/projecten/{logged_in_leider.project.id}/sessies").get_data(as_text=True)
    assert page.count('<strong class="rfz-late">Te laat: 5 dagen</strong>') == 1
    assert page.count("Te laat:") == 1  # not the held one, not the coming one
    assert "Geplande sessies (3), waarvan 1 te laat" in page
    row = page[page.index(f"/sessies/{late.id}") :]
    assert row.index("Te laat: 5 dagen") < row.index("</tr>")


def test_one_day_late_is_said_in_the_singular(logged_in_leider, client):
    factories.sessie(logged_in_leider.project, on_date=date.today() - timedelta(days=1))
    page = client.get(f"/projecten/{logged_in_leider.project.id}/sessies").get_data(as_text=True)
    assert "Te laat: 1 dag</strong>" in page


def test_the_list_counts_who_is_coming_not_who_cancelled(world):
    sessie = factories.sessie(world.project)
    factories.participant(sessie, name="Ans")
    cancelled = factories.participant(sessie, name="Bram")
    cancelled.invitation = InvitationStatus.AFGEMELD
    db.session.commit()
    page = services.sessie_list_page(world.actor(world.lezer), world.project.id, TODAY)
    assert [row.headcount for row in page.rows] == [1]
