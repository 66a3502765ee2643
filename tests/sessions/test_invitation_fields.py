"""A sessie's route, accessibility, travel costs and the day to answer by: what the invitation tells."""

from datetime import date

import pytest
import sqlalchemy as sa

from rfz_project.errors import ValidationError
from rfz_project.extensions import db
from rfz_project.models import Sessie
from rfz_project.projects.history import FIELD_LABELS
from rfz_project.sessions import services

from ..helpers import errors_in, sessie_form_data
from .test_services import sessie_input

HOSTILE = "Bus <3> & \"tram\" 'één' 🚌\nTweede regel"


def test_the_invitation_fields_are_stored_intact(leider, world):
    data = sessie_input(route=HOSTILE, accessibility=HOSTILE, travel_costs=HOSTILE, reply_by=date(2026, 2, 24))
    sessie = services.create_sessie(leider, world.project.id, data)
    stored = db.session.get(Sessie, sessie.id)
    assert (stored.route, stored.accessibility, stored.travel_costs) == (HOSTILE, HOSTILE, HOSTILE)
    assert stored.reply_by == stored.reply_deadline == date(2026, 2, 24)


def test_without_a_day_to_answer_by_the_invitation_asks_a_week_before(leider, world):
    sessie = services.create_sessie(leider, world.project.id, sessie_input())
    assert sessie.reply_by is None and sessie.reply_deadline == date(2026, 2, 24)


def test_the_day_to_answer_by_is_not_after_the_sessie(leider, world):
    with pytest.raises(ValidationError) as refused:
        services.create_sessie(leider, world.project.id, sessie_input(reply_by=date(2026, 3, 4)))
    assert list(refused.value.errors) == ["reply_by"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Sessie)) == 0


def test_the_history_names_the_new_fields():
    labels = FIELD_LABELS[Sessie]
    assert labels["route"] == "Route" and labels["travel_costs"] == "Reiskosten"
    assert labels["accessibility"] == "Toegankelijkheid" and labels["reply_by"] == "Aanmelden of afmelden vóór"


def test_the_form_saves_them_and_the_page_shows_them(logged_in_leider, client):
    url = f"/projecten/{logged_in_leider.project.id}/sessies/nieuw"
    data = sessie_form_data(route=HOSTILE, accessibility="Lift", travel_costs="Vergoed", reply_by="2026-02-27")
    response = client.post(url, data=data, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "De sessie is gepland." in page
    assert "Bus &lt;3&gt; &amp; &#34;tram&#34; &#39;één&#39; 🚌" in page and "27" in page
    sessie = db.session.scalars(sa.select(Sessie)).one()
    assert sessie.route == HOSTILE.replace("\n", "\r\n") or sessie.route == HOSTILE
    assert sessie.reply_by == date(2026, 2, 27)


def test_a_day_after_the_sessie_is_refused_next_to_the_field_and_the_input_kept(logged_in_leider, client):
    url = f"/projecten/{logged_in_leider.project.id}/sessies/nieuw"
    response = client.post(url, data=sessie_form_data(route="Bus 3", reply_by="2026-03-10"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert any("vóór de sessie" in e for e in errors_in(page)) and 'id="reply_by-fout"' in page
    assert "Bus 3" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Sessie)) == 0


def test_an_empty_field_says_it_stays_out_of_the_invitation(logged_in_leider, client):
    client.post(f"/projecten/{logged_in_leider.project.id}/sessies/nieuw", data=sessie_form_data())
    sessie = db.session.scalars(sa.select(Sessie)).one()
    page = client.get(f"/projecten/{logged_in_leider.project.id}/sessies/{sessie.id}").get_data(as_text=True)
    assert "staat niet in de uitnodiging" in page and "een week voor de sessie" in page
