"""One project's facts are kept per process while its audit trail and the day stay the same."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa

from rfz_project import kept
from rfz_project.access import Need
from rfz_project.extensions import db
from rfz_project.models import AuditEvent, Decision, Project
from rfz_project.projects import summaries
from rfz_project.projects.page import project_page

from .. import factories
from ..test_query_counts import count_queries

TODAY = date.today()


def _project(world) -> Project:
    return db.session.get(Project, world.project.id)


def test_unchanged_facts_cost_one_statement(world):
    first = summaries.facts_of(_project(world), TODAY)
    with count_queries() as statements:
        again = summaries.facts_of(_project(world), TODAY)
    assert again is first
    assert len(statements) == 1


def test_a_change_is_seen_at_once(world):
    before = summaries.facts_of(_project(world), TODAY)
    factories.team_member(world.project, name="Nieuw teamlid")
    after = summaries.facts_of(_project(world), TODAY)
    assert after.team_size == before.team_size + 1


def test_a_change_committed_after_a_later_one_is_seen(world):
    """A transaction may commit after a later one, with events older than the newest: the number of events
    tells. Here the decision is written around the ORM, with one such event."""
    factories.team_member(world.project)
    before = summaries.facts_of(_project(world), TODAY)
    assert before.decided_budget is None
    db.session.execute(
        sa.insert(Decision).values(
            project_id=world.project.id, step_key="voorbereiding.besluitvorming", title="Laat", budget=1000, version=1
        )
    )
    db.session.add(
        AuditEvent(project_id=world.project.id, at=datetime(2020, 1, 1), entity="Besluit", action="aangemaakt")
    )
    db.session.commit()
    assert summaries.facts_of(_project(world), TODAY).decided_budget == 1000


def test_a_new_day_derives_again(world):
    first = summaries.facts_of(_project(world), TODAY)
    tomorrow = summaries.facts_of(_project(world), TODAY + timedelta(days=1))
    assert tomorrow is not first and tomorrow.today == TODAY + timedelta(days=1)


def test_what_the_audit_trail_does_not_see_is_trusted_for_a_minute_only(world, monkeypatch):
    first = summaries.facts_of(_project(world), TODAY)
    later = kept.time.monotonic() + summaries.PAGE_MAX_AGE + 1
    monkeypatch.setattr(kept.time, "monotonic", lambda: later)
    assert summaries.facts_of(_project(world), TODAY) is not first


def test_a_page_reads_the_project_and_its_fingerprint_in_one_statement(world):
    actor = world.actor(world.projectleider)
    with count_queries() as statements:
        project, fingerprint = summaries.load_project(actor, world.project.id, Need.READ, (), TODAY)
    assert len(statements) == 1 and project.id == world.project.id
    assert fingerprint == summaries.fingerprint_of(world.project.id, TODAY)
    factories.team_member(world.project, name="Nog een teamlid")
    assert summaries.load_project(actor, world.project.id, Need.READ, (), TODAY)[1] != fingerprint


def test_the_project_page_is_kept_and_costs_one_statement_while_unchanged(world):
    actor = world.actor(world.projectleider)
    first = project_page(actor, world.project.id, today=TODAY)
    with count_queries() as statements:
        again = project_page(actor, world.project.id, today=TODAY)
    assert again.figures is first.figures and len(statements) == 1
    factories.decision(world.project, decided_on=TODAY, budget=1000)
    assert project_page(actor, world.project.id, today=TODAY).budget.decided == 1000
