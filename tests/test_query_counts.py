"""Pages issue a fixed number of queries, however many rows they show (no N+1)."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa

from rfz_project.extensions import db
from rfz_project.models import ProcesbegeleiderAssignment, StepState, StepStatus

from . import factories


@contextmanager
def count_queries():
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def _grow(world, n):
    """n more gemeenten with a busy project, all assigned to the procesbegeleider."""
    for i in range(n):
        gemeente = factories.gemeente(f"Extra {n}-{i}")
        project = factories.project(gemeente, name=f"Project {n}-{i}")
        db.session.add(ProcesbegeleiderAssignment(user_id=world.procesbegeleider.id, gemeente_id=gemeente.id))
        db.session.add_all(
            [
                StepState(project_id=project.id, step_key=s.full_key, status=StepStatus.AFGEROND)
                for s in world_routekaart().steps[:5]
            ]
        )
        for j in range(3):
            factories.team_member(project, name=f"Lid {j}")
    db.session.commit()


def world_routekaart():
    from flask import current_app

    return current_app.extensions["routekaart"]


def _queries_for(client, url):
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_start_page_queries_do_not_grow_with_projects(world, client, auth):
    auth.login("pb@vng.nl")
    _grow(world, 2)
    few = _queries_for(client, "/start")
    _grow(world, 10)
    many = _queries_for(client, "/start")
    assert few == many


@pytest.mark.parametrize(
    "url", ["/projecten/{id}", "/projecten/{id}/team", "/projecten/{id}/stappen/voorbereiding.besluitvorming"]
)
def test_project_pages_queries_do_not_grow_with_rows(world, client, auth, url):
    auth.login("pl@venlo.nl")
    url = url.format(id=world.project.id)
    steps = world_routekaart().steps
    # One row of each kind first: eager loads skip their query when there is nothing to load.
    db.session.add(StepState(project_id=world.project.id, step_key=steps[0].full_key, owner_id=world.teamlid.id))
    factories.team_member(world.project, name="Eerste lid")
    factories.decision(world.project, title="Eerste besluit")
    few = _queries_for(client, url)
    for step in steps[1:]:
        db.session.add(
            StepState(
                project_id=world.project.id,
                step_key=step.full_key,
                status=StepStatus.BEZIG,
                owner_id=world.teamlid.id if step.number % 2 else world.projectleider.id,
            )
        )
    for i in range(10):
        factories.team_member(world.project, name=f"Lid {i}")
        factories.decision(world.project, title=f"Besluit {i}")
    db.session.commit()
    assert _queries_for(client, url) == few


def test_sessions_page_queries_do_not_grow_with_sessions(world, client, auth):
    auth.login("pl@venlo.nl")
    url = f"/projecten/{world.project.id}/sessies"
    first = factories.sessie(world.project)
    factories.participant(first)
    few = _queries_for(client, url)
    for week in range(1, 12):
        sessie = factories.sessie(
            world.project, mijlpalen=("op_zoek", "in_beeld"), on_date=first.on_date + timedelta(weeks=week)
        )
        factories.participant(sessie)
        factories.participant(sessie, name="Bram")
    assert _queries_for(client, url) == few


def test_history_page_queries_do_not_grow_with_events(world, client, auth):
    """The names behind the ids of a whole page (accounts, themes, decisions, actions) come in one query."""
    auth.login("pl@venlo.nl")
    url = f"/projecten/{world.project.id}/geschiedenis"
    steps = world_routekaart().steps
    # One row of each referring kind first, so the few-rows page already looks names up.
    theme, decision = factories.theme(world.project, name="Thema 0"), factories.decision(world.project, title="B 0")
    action = factories.action(world.project, title="Actie 0", theme=theme, decision_id=decision.id)
    factories.checklist_answer(world.project, action=action)
    db.session.add(StepState(project_id=world.project.id, step_key=steps[0].full_key, owner_id=world.teamlid.id))
    db.session.commit()
    few = _queries_for(client, url)
    for i in range(1, 8):
        theme, decision = (
            factories.theme(world.project, name=f"Thema {i}"),
            factories.decision(world.project, title=f"B {i}"),
        )
        factories.action(world.project, title=f"Actie {i}", theme=theme, decision_id=decision.id)
        factories.regular_task(world.project, title=f"Taak {i}", decision=decision)
    for step in steps[1:8]:
        db.session.add(StepState(project_id=world.project.id, step_key=step.full_key, owner_id=world.projectleider.id))
    db.session.commit()
    assert _queries_for(client, url) == few
