import itertools
from datetime import date, time, timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from rfz_project.errors import ConflictError, NotAuthorized, NotFound, ValidationError
from rfz_project.extensions import db
from rfz_project.models import Participant, Sessie, SessieStatus
from rfz_project.sessions import participants, services
from rfz_project.sessions.calendar import calendar_for
from rfz_project.sessions.participants import ParticipantInput
from rfz_project.sessions.services import SessieInput

from .. import factories


def sessie_input(**changes) -> SessieInput:
    values = dict(
        session_type="inwoners",
        on_date=date(2026, 3, 3),
        start_time=time(13, 30),
        duration_minutes=120,
        mijlpalen=["in_beeld"],
        option="a",
        mode="fysiek",
        location="Stadhuis, zaal 2",
        procesbegeleider="Paul",
        administrator="Tom",
    )
    values.update(changes)
    return SessieInput(**values)


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def teamlid(world):
    return world.actor(world.teamlid)


def test_teamlid_plans_an_inwoner_session(world, teamlid):
    sessie = services.create_sessie(teamlid, world.project.id, sessie_input(mijlpalen=["in_gesprek", "op_zoek"]))
    db.session.expire_all()
    _project, stored = services.get_sessie(teamlid, world.project.id, sessie.id)
    assert _rk().mijlpaal_order(stored.mijlpaal_keys) == ["op_zoek", "in_gesprek"] and stored.option == "a"
    assert stored.status == SessieStatus.CONCEPT
    assert stored.ends_at.time() == time(15, 30)


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (dict(duration_minutes=180), "duration_minutes", "maximaal 2,5 uur"),
        (dict(duration_minutes=151), "duration_minutes", "maximaal 2,5 uur"),
        (dict(duration_minutes=5), "duration_minutes", "minstens"),
        (dict(duration_minutes=None), "duration_minutes", "duur"),
        (dict(on_date=None), "on_date", "datum"),
        (dict(session_type="borrel"), "session_type", "soort sessie"),
        (dict(mijlpalen=[]), "mijlpalen", "Kies de mijlpaal"),
        (dict(mijlpalen=["bestaat_niet"]), "mijlpalen", "bij dit project"),
        (dict(option=None), "option", "optie A of optie B"),
        (dict(option="c"), "option", "optie A of optie B"),
        (dict(session_type="kick_off"), "mijlpalen", "niet over losse mijlpalen"),
        (dict(session_type="resultaten", mijlpalen=[]), "option", "alleen bij sessies"),
        (dict(mode="online", online_url=""), "online_url", "link"),
        (dict(mode="online", online_url="javascript:alert(1)"), "online_url", "https://"),
        (dict(location=""), "location", "plaats"),
        (dict(mode="hybride"), "mode", "locatie of online"),
    ],
)
def test_invalid_session_is_refused_and_nothing_is_stored(world, teamlid, changes, field, message):
    with pytest.raises(ValidationError) as error:
        services.create_sessie(teamlid, world.project.id, sessie_input(**changes))
    assert message in " ".join(error.value.errors[field])
    assert count(Sessie) == 0


def test_exactly_two_and_a_half_hours_is_allowed(world, teamlid):
    assert services.create_sessie(teamlid, world.project.id, sessie_input(duration_minutes=150)).id


def test_mijlpaal_outside_the_project_scope_is_refused(world):
    actor = world.actor(world.other_projectleider)  # Kampen: Op zoek and In beeld only
    with pytest.raises(ValidationError, match="bij dit project"):
        services.create_sessie(actor, world.other_project.id, sessie_input(mijlpalen=["in_gesprek"]))


def test_lezer_cannot_plan_and_other_gemeente_cannot_see(world):
    with pytest.raises(NotAuthorized):
        services.create_sessie(world.actor(world.lezer), world.project.id, sessie_input())
    with pytest.raises(NotFound):
        services.sessie_list_page(world.actor(world.other_projectleider), world.project.id)


def test_notices_warn_about_close_sessions_online_inwoners_and_dates_outside_uitvoering(world, teamlid):
    # The project starts 5 January 2026; hele routekaart: Voorbereiding 6 weeks, Uitvoering 16 Feb - 26 Apr.
    first = services.create_sessie(teamlid, world.project.id, sessie_input(on_date=date(2026, 3, 3)))
    close = services.create_sessie(
        teamlid,
        world.project.id,
        sessie_input(on_date=date(2026, 3, 6), mode="online", online_url="https://meet.example/abc", location=""),
    )
    late = services.create_sessie(teamlid, world.project.id, sessie_input(on_date=date(2026, 6, 1)))
    page = services.sessie_list_page(teamlid, world.project.id)
    notices = {row.sessie.id: row.notices for row in page.rows}
    assert notices[first.id] == []
    assert any("Minder dan een week" in n for n in notices[close.id])
    assert any("op locatie" in n for n in notices[close.id])
    assert any("buiten de geplande Uitvoering" in n for n in notices[late.id])


def test_proposed_schedule_for_the_whole_routekaart(world, teamlid):
    sessies = services.propose_schedule(teamlid, world.project.id)
    types = [s.session_type for s in sessies]
    assert types[0] == "kick_off" and types[-2:] == ["bedrijfsvoering", "resultaten"]
    covered = [k for s in sessies for k in s.mijlpaal_keys]
    assert covered == factories.ALL_MIJLPALEN  # every mijlpaal once, in route order
    uitvoering = services.uitvoering_of(_rk(), world.project)
    gaps = {(b.on_date - a.on_date).days for a, b in itertools.pairwise(sessies)}
    assert gaps <= {7, 14} and all(uitvoering.start <= s.on_date < uitvoering.end for s in sessies)
    assert all(s.on_date.weekday() < 5 and s.duration_minutes <= 150 for s in sessies)
    assert all(s.status == SessieStatus.CONCEPT for s in sessies)


def _rk():
    from flask import current_app

    return current_app.extensions["routekaart"]


def test_proposal_for_one_mijlpaal_spaces_sessions_two_weeks_apart(world):
    actor = world.actor(world.projectleider)
    project = factories.project(world.home, name="Klein", scope_type="een_mijlpaal", mijlpalen=["in_contact"])
    sessies = services.propose_schedule(actor, project.id)
    assert [s.session_type for s in sessies] == ["kick_off", "inwoners", "bedrijfsvoering", "resultaten"]
    assert {(b.on_date - a.on_date).days for a, b in itertools.pairwise(sessies)} == {14}


def test_proposal_for_one_rol_uses_professional_sessions(world):
    project = factories.project(world.home, name="Rol", scope_type="een_rol", rol="communicatie")
    sessies = services.propose_schedule(world.actor(world.projectleider), project.id)
    assert {s.session_type for s in sessies[1:-2]} == {"professionals"}


def test_proposal_refuses_when_sessions_exist(world, teamlid):
    services.create_sessie(teamlid, world.project.id, sessie_input())
    with pytest.raises(ValidationError, match="al sessies"):
        services.propose_schedule(teamlid, world.project.id)
    assert count(Sessie) == 1


def test_lifecycle_moves_and_finished_sessions_are_read_only(world, teamlid):
    sessie = services.create_sessie(teamlid, world.project.id, sessie_input())
    for status in ["gepland", "bezig", "afgerond"]:
        sessie = services.change_status(teamlid, world.project.id, sessie.id, status, sessie.version)
    with pytest.raises(ValidationError, match="afgerond"):
        services.update_sessie(teamlid, world.project.id, sessie.id, sessie_input(), sessie.version)
    with pytest.raises(ValidationError, match="afgerond"):
        participants.add_participant(teamlid, world.project.id, sessie.id, ParticipantInput("inwoner"))
    with pytest.raises(ValidationError, match="afgerond"):
        services.delete_sessie(teamlid, world.project.id, sessie.id)
    sessie = services.change_status(teamlid, world.project.id, sessie.id, "bezig", sessie.version)
    assert (
        services.update_sessie(
            teamlid, world.project.id, sessie.id, sessie_input(agenda="Nieuw"), sessie.version
        ).agenda
        == "Nieuw"
    )


@pytest.mark.parametrize("target", ["afgerond", "bezig", "onzin"])
def test_status_cannot_skip_steps(world, teamlid, target):
    sessie = services.create_sessie(teamlid, world.project.id, sessie_input())
    with pytest.raises(ValidationError):
        services.change_status(teamlid, world.project.id, sessie.id, target, sessie.version)


def test_second_editor_gets_a_conflict(world, teamlid):
    sessie = services.create_sessie(teamlid, world.project.id, sessie_input())
    loaded = sessie.version
    services.update_sessie(teamlid, world.project.id, sessie.id, sessie_input(agenda="eerste"), loaded)
    with pytest.raises(ConflictError):
        services.update_sessie(
            world.actor(world.projectleider), world.project.id, sessie.id, sessie_input(agenda="tweede"), loaded
        )
    db.session.expire_all()
    assert db.session.get(Sessie, sessie.id).agenda == "eerste"


def test_participants_inwoners_anonymous_count_and_named_professional(world, teamlid):
    sessie = services.create_sessie(teamlid, world.project.id, sessie_input())
    participants.add_participant(teamlid, world.project.id, sessie.id, ParticipantInput("inwoner", headcount=4))
    named = participants.add_participant(
        teamlid,
        world.project.id,
        sessie.id,
        ParticipantInput("professional", name="Sanne", organisation="Schuldhulp", invitation="aangemeld"),
    )
    participants.set_invitations(
        teamlid, world.project.id, sessie.id, {named.id: participants.InvitationChoice("aangemeld", "aanwezig")}
    )
    page = services.sessie_page(teamlid, world.project.id, sessie.id)
    assert page.headcount == 5
    assert [p.is_anonymous for p in page.sessie.participants] == [True, False]


@pytest.mark.parametrize(
    "data, field",
    [
        (ParticipantInput("inwoner", name="Ans", headcount=3), "headcount"),
        (ParticipantInput("inwoner", headcount=0), "headcount"),
        (ParticipantInput("inwoner", headcount=None), "headcount"),
        (ParticipantInput("buurman"), "group"),
        (ParticipantInput("inwoner", invitation="misschien"), "invitation"),
    ],
)
def test_invalid_participant_is_refused(world, teamlid, data, field):
    sessie = services.create_sessie(teamlid, world.project.id, sessie_input())
    with pytest.raises(ValidationError) as error:
        participants.add_participant(teamlid, world.project.id, sessie.id, data)
    assert field in error.value.errors and count(Participant) == 0


def test_participant_of_another_session_is_not_found(world, teamlid):
    mine = services.create_sessie(teamlid, world.project.id, sessie_input())
    kampen = world.actor(world.other_projectleider)
    foreign_sessie = services.create_sessie(kampen, world.other_project.id, sessie_input(mijlpalen=["op_zoek"]))
    foreign = participants.add_participant(
        kampen, world.other_project.id, foreign_sessie.id, ParticipantInput("inwoner")
    )
    with pytest.raises(NotFound):
        participants.remove_participant(teamlid, world.project.id, mine.id, foreign.id)
    with pytest.raises(NotFound):
        services.get_sessie(teamlid, world.project.id, foreign_sessie.id)
    assert count(Participant) == 1


def test_calendar_file_has_the_session_in_amsterdam_time(world, teamlid):
    sessie = services.create_sessie(
        teamlid,
        world.project.id,
        sessie_input(agenda="Welkom & kennismaken <intro>\n💬 Gesprek", title='Inwoners over "In beeld"'),
    )
    project, loaded = services.get_sessie(teamlid, world.project.id, sessie.id)
    parsed = Calendar.from_ical(calendar_for(_rk(), project, [loaded]))
    event = parsed.walk("VEVENT")[0]
    assert str(event["summary"]) == 'Inwoners over "In beeld" (Venlo)'
    assert event.decoded("dtstart").isoformat() == "2026-03-03T13:30:00+01:00"
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=2)
    assert "Welkom & kennismaken <intro>\n💬 Gesprek" in str(event["description"])
    assert str(event["location"]) == "Stadhuis, zaal 2" and str(event["status"]) == "TENTATIVE"


def test_feed_token_works_until_revoked_and_is_not_stored(world):
    actor = world.actor(world.projectleider)
    services.create_sessie(actor, world.project.id, sessie_input())
    token = services.create_feed(actor, world.project.id)
    project, sessies = services.feed_sessies(token)
    assert project.id == world.project.id and len(sessies) == 1
    stored = db.session.scalars(sa.select(services.CalendarFeed.token_hash)).one()
    assert token not in stored
    new_token = services.create_feed(actor, world.project.id)
    with pytest.raises(NotFound):
        services.feed_sessies(token)
    services.revoke_feed(actor, world.project.id)
    with pytest.raises(NotFound):
        services.feed_sessies(new_token)


def test_only_the_projectleider_manages_the_feed(world, teamlid):
    with pytest.raises(NotAuthorized):
        services.create_feed(teamlid, world.project.id)
