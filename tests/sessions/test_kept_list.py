"""The sessie list is kept per process while its project stays the same (summaries.kept_while_unchanged)."""

from __future__ import annotations

from datetime import date

from rfz_project.extensions import db
from rfz_project.models import Participant, ParticipantGroup
from rfz_project.sessions import services
from rfz_project.sessions.services import SessieValues

from .. import factories
from ..test_query_counts import count_queries

TODAY = date(2026, 3, 10)


def test_an_unchanged_list_costs_the_access_check_and_one_small_statement(world):
    factories.sessie(world.project, on_date=date(2026, 3, 17))
    lezer = world.actor(world.lezer)
    first = services.sessie_list_page(lezer, world.project.id, TODAY)
    with count_queries() as statements:
        again = services.sessie_list_page(lezer, world.project.id, TODAY)
    assert again.rows is first.rows and isinstance(again.rows[0].sessie, SessieValues)
    assert len(statements) == 1  # the project with its fingerprint (summaries.load_project)


def test_a_new_participant_and_a_new_day_show_at_once(world):
    sessie = factories.sessie(world.project, on_date=date(2026, 3, 17))
    lezer = world.actor(world.lezer)
    assert services.sessie_list_page(lezer, world.project.id, TODAY).rows[0].headcount == 0
    db.session.add(Participant(sessie_id=sessie.id, group=ParticipantGroup.COLLEGA, organisation="Team", headcount=3))
    db.session.commit()
    assert services.sessie_list_page(lezer, world.project.id, TODAY).rows[0].headcount == 3
    later = services.sessie_list_page(lezer, world.project.id, date(2026, 3, 20))
    assert later.rows[0].days_late == 3 and later.late_count == 1
