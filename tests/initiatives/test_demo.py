"""The demo's initiatives: approved ones from several gemeenten, one taken over elsewhere, one waiting."""

from datetime import date

import sqlalchemy as sa

from rfz_project.demo import load_demo
from rfz_project.extensions import db
from rfz_project.models import Action, Initiative, InitiativeAdoption, InitiativeStatus, Project

TODAY = date(2026, 3, 18)


def test_the_demo_has_approved_initiatives_an_adoption_and_one_waiting(ctx):
    load_demo(TODAY)
    initiatives = db.session.scalars(sa.select(Initiative)).all()
    approved = [i for i in initiatives if i.status is InitiativeStatus.GOEDGEKEURD]
    assert len({i.gemeente_id for i in approved}) >= 3
    assert [i.status for i in initiatives].count(InitiativeStatus.WACHT) == 1
    adoption = db.session.scalars(sa.select(InitiativeAdoption)).one()
    action = db.session.get(Action, adoption.action_id)
    source = db.session.get(Initiative, adoption.initiative_id)
    assert action.source_initiative_id == source.id
    assert db.session.get(Project, adoption.project_id).gemeente_id != source.gemeente_id
    assert load_demo(TODAY) == 0
