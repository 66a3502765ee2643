"""A sessie is started and finished on its day or later, never before."""

from datetime import date, timedelta

import pytest

from rfz_project.errors import ValidationError
from rfz_project.extensions import db
from rfz_project.models import Sessie, SessieStatus
from rfz_project.sessions import services

from .. import factories

DAY = date(2027, 1, 12)
DAY_BEFORE = DAY - timedelta(days=1)


@pytest.fixture
def teamlid(world):
    return world.actor(world.teamlid)


def sessie_with(world, status: SessieStatus, on_date: date = DAY) -> Sessie:
    sessie = factories.sessie(world.project, on_date=on_date)
    sessie.status = status
    db.session.commit()
    return sessie


def move(world, actor, sessie, target, today):
    return services.change_status(actor, world.project.id, sessie.id, target, sessie.version, today=today)


def stored_status(sessie) -> SessieStatus:
    db.session.expire_all()
    return db.session.get(Sessie, sessie.id).status


def test_a_sessie_cannot_be_started_before_its_day(world, teamlid):
    sessie = sessie_with(world, SessieStatus.GEPLAND)
    with pytest.raises(ValidationError) as error:
        move(world, teamlid, sessie, "bezig", DAY_BEFORE)
    assert str(error.value) == "Deze sessie is op 12\u00a0januari 2027. U kunt haar pas op die dag starten."
    assert stored_status(sessie) == SessieStatus.GEPLAND


def test_a_sessie_cannot_be_finished_before_its_day(world, teamlid):
    sessie = sessie_with(world, SessieStatus.BEZIG)
    with pytest.raises(ValidationError, match="pas op die dag afronden"):
        move(world, teamlid, sessie, "afgerond", DAY_BEFORE)
    assert stored_status(sessie) == SessieStatus.BEZIG


@pytest.mark.parametrize("today", [DAY, DAY + timedelta(days=30)])
def test_on_its_day_or_later_a_sessie_is_started_and_finished(world, teamlid, today):
    sessie = sessie_with(world, SessieStatus.GEPLAND)
    sessie = move(world, teamlid, sessie, "bezig", today)
    assert move(world, teamlid, sessie, "afgerond", today).status == SessieStatus.AFGEROND


def test_planning_and_reopening_can_happen_any_day(world, teamlid):
    sessie = sessie_with(world, SessieStatus.CONCEPT)
    sessie = move(world, teamlid, sessie, "gepland", DAY_BEFORE)
    sessie = move(world, teamlid, sessie, "concept", DAY_BEFORE)
    assert sessie.status == SessieStatus.CONCEPT
    finished = sessie_with(world, SessieStatus.AFGEROND)  # e.g. from before this rule
    assert move(world, teamlid, finished, "bezig", DAY_BEFORE).status == SessieStatus.BEZIG


def test_the_page_offers_starting_only_from_the_day(world, teamlid):
    sessie = sessie_with(world, SessieStatus.GEPLAND)
    before = services.sessie_page(teamlid, world.project.id, sessie.id, today=DAY_BEFORE)
    assert list(before.transitions) == [SessieStatus.CONCEPT] and before.waits_for_the_day
    on_the_day = services.sessie_page(teamlid, world.project.id, sessie.id, today=DAY)
    assert on_the_day.transitions == services.TRANSITIONS[SessieStatus.GEPLAND]
    assert not on_the_day.waits_for_the_day


def test_the_status_buttons_wait_for_the_day_in_the_page(logged_in_leider, client):
    soon = date.today() + timedelta(days=14)
    sessie = sessie_with(logged_in_leider, SessieStatus.GEPLAND, on_date=soon)
    url = f"/projecten/{logged_in_leider.project.id}/sessies/{sessie.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Sessie starten" not in page and "Terug naar concept" in page
    assert "U kunt de sessie starten vanaf de dag van de sessie" in page
    response = client.post(f"{url}/status", data={"status": "bezig", "version": str(sessie.version)})
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "U kunt haar pas op die dag starten." in page
    assert stored_status(sessie) == SessieStatus.GEPLAND
