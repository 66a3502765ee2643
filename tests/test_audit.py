"""The history records every change in the same transaction, with who did it."""

from datetime import date, time

import pytest
import sqlalchemy as sa

from rfz_project.errors import ConflictError, ValidationError
from rfz_project.extensions import db
from rfz_project.models import AuditEvent, Project
from rfz_project.projects.decisions import DecisionInput, delete_decision, save_decision
from rfz_project.projects.scope import ScopeInput, create_project
from rfz_project.projects.steps import StepInput, update_step
from rfz_project.sessions import participants
from rfz_project.sessions import services as sessions
from rfz_project.sessions.participants import ParticipantInput
from rfz_project.sessions.services import SessieInput


def events(project_id):
    """Events caused by users (the test fixtures' own set-up is recorded as 'systeem')."""
    return list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.project_id == project_id, AuditEvent.actor_id.is_not(None))
            .order_by(AuditEvent.id)
        )
    )


def test_set_up_without_a_user_is_recorded_as_systeem(world):
    names = set(db.session.scalars(sa.select(AuditEvent.actor_name).where(AuditEvent.project_id == world.project.id)))
    assert names == {"systeem"}


def test_step_change_is_recorded_with_actor_and_before_after(world):
    actor = world.actor(world.teamlid)
    state = update_step(
        actor, world.project.id, "voorbereiding.reikwijdte", StepInput("bezig", None, date(2026, 2, 1), "eerste"), None
    )
    update_step(
        actor,
        world.project.id,
        "voorbereiding.reikwijdte",
        StepInput("afgerond", None, date(2026, 2, 1), "eerste"),
        state.version,
    )
    created, changed = events(world.project.id)
    assert (created.entity, created.action, created.actor_name) == ("Stap", "aangemaakt", "Tom Lid")
    assert changed.action == "gewijzigd" and changed.actor_id == world.teamlid.id
    assert changed.changes == {"status": ["Bezig", "Afgerond"]}


def test_new_project_and_its_mijlpalen_are_recorded(world):
    actor = world.actor(world.projectleider)
    project = create_project(
        actor,
        world.home.id,
        ScopeInput(
            name="Nieuw",
            scope_type="combinatie",
            mijlpalen=["op_zoek", "in_beeld"],
            central_question="Waarom?",
            start_date=date(2026, 2, 2),
        ),
    )
    recorded = events(project.id)
    assert {(e.entity, e.action) for e in recorded} == {
        ("Project", "aangemaakt"),
        ("Mijlpaal in de reikwijdte", "aangemaakt"),
    }
    assert all(e.actor_name == "Petra Leider" for e in recorded)


def test_refused_change_leaves_no_history(world):
    with pytest.raises(ValidationError):
        update_step(
            world.actor(world.teamlid),
            world.project.id,
            "voorbereiding.reikwijdte",
            StepInput("onzin", None, None, ""),
            None,
        )
    assert events(world.project.id) == []


def test_participant_names_are_not_copied_into_the_history(world):
    actor = world.actor(world.teamlid)
    sessie = sessions.create_sessie(
        actor, world.project.id, SessieInput("kick_off", date(2026, 3, 3), time(13, 30), 90, location="Stadhuis")
    )
    participants.add_participant(actor, world.project.id, sessie.id, ParticipantInput("inwoner", name="Ans"))
    participant_event = next(e for e in events(world.project.id) if e.entity == "Deelnemer")
    assert "Ans" not in str(participant_event.changes) and "Ans" not in participant_event.summary


def test_deleting_is_recorded_with_what_was_deleted(world):
    actor = world.actor(world.teamlid)
    decision = save_decision(actor, world.project.id, DecisionInput("Startbesluit", None, "", None, None, ""))
    delete_decision(actor, world.project.id, decision.id)
    deleted = events(world.project.id)[-1]
    assert (deleted.entity, deleted.action, deleted.summary) == ("Besluit", "verwijderd", "Startbesluit")


def test_history_page_is_readable_by_the_team_and_paginated(world, client, auth):
    actor = world.actor(world.teamlid)
    for i in range(60):
        update_step(
            actor,
            world.project.id,
            "voorbereiding.reikwijdte",
            StepInput("bezig" if i % 2 else "afgerond", None, None, f"notitie {i} <b>&</b>"),
            None if i == 0 else i,
        )
    auth.login("lezer@venlo.nl")
    page = client.get(f"/projecten/{world.project.id}/geschiedenis").get_data(as_text=True)
    assert "pagina 1 van 2" in page and "Tom Lid" in page and "notitie 59 &lt;b&gt;&amp;&lt;/b&gt;" in page
    second = client.get(f"/projecten/{world.project.id}/geschiedenis?pagina=2").get_data(as_text=True)
    assert "notitie 0 &lt;b&gt;" in second


def test_history_of_another_gemeente_is_not_found(world, client, auth):
    auth.login("pl@kampen.nl")
    assert client.get(f"/projecten/{world.project.id}/geschiedenis").status_code == 404


def test_history_is_written_in_the_same_transaction(world):
    """A change that fails to commit leaves no history behind either."""
    actor = world.actor(world.teamlid)
    update_step(actor, world.project.id, "voorbereiding.reikwijdte", StepInput("bezig", None, None, ""), None)
    before = len(events(world.project.id))
    with pytest.raises(ConflictError):
        update_step(actor, world.project.id, "voorbereiding.reikwijdte", StepInput("afgerond", None, None, ""), 999)
    db.session.rollback()
    assert len(events(world.project.id)) == before
    assert db.session.get(Project, world.project.id) is not None


def test_amounts_read_as_euros_and_hours_as_numbers():
    from decimal import Decimal

    from rfz_project.audit import _display

    assert _display(Decimal("12345.50"), "budget") == "€\u00a012.345,50"
    assert _display(Decimal("4.50"), "hours") == "4,5"
