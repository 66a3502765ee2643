"""Support on request: asking, the VNG's queue, taking and closing, and the counts others show."""

import pytest
import sqlalchemy as sa

from rfz_project.errors import ConflictError, NotAuthorized, NotFound, ProjectClosed, ValidationError
from rfz_project.extensions import db
from rfz_project.models import AuditEvent, Sessie, SessieStatus, SupportRequest, SupportStatus
from rfz_project.projects import lifecycle
from rfz_project.projects.history import history_page
from rfz_project.support import services
from rfz_project.support.services import Closing, RequestInput

from .. import factories
from ..test_query_counts import count_queries

HOSTILE = "Kunt u helpen? <script>alert('x')</script> & \"zo\" 🙂\nTweede regel met 'quotes'"


def ask(world, user=None, **changes):
    values = dict(support_kind="scope_bepalen", message="Wij twijfelen tussen Op zoek en In beeld.", sessie_id=None)
    values.update(changes)
    return services.ask_support(world.actor(user or world.projectleider), world.project.id, RequestInput(**values))


def stored_requests() -> list[SupportRequest]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(SupportRequest).order_by(SupportRequest.id)))


# --- asking -----------------------------------------------------------------------------------------


def test_projectleider_asks_and_the_request_is_new_with_who_asked(world):
    asked = ask(world)
    assert asked.created
    [stored] = stored_requests()
    assert stored.status is SupportStatus.NIEUW
    assert stored.project_id == world.project.id
    assert (stored.asked_by_id, stored.asked_by_name) == (world.projectleider.id, "Petra Leider")
    assert stored.handler_name == "" and stored.sessie_id is None


@pytest.mark.parametrize("who", ["teamlid", "lezer", "procesbegeleider", "coordinator"])
def test_only_a_projectleider_may_ask(world, who):
    with pytest.raises(NotAuthorized):
        ask(world, getattr(world, who))
    assert stored_requests() == []


def test_another_gemeente_cannot_ask_for_this_project(world):
    with pytest.raises(NotFound):
        ask(world, world.other_projectleider)


def test_a_closed_project_refuses_a_new_request(world):
    lifecycle.close(world.actor(world.projectleider), world.project.id, "Klaar")
    with pytest.raises(ProjectClosed):
        ask(world)


def test_hostile_text_is_kept_exactly(world):
    ask(world, message=HOSTILE)
    assert stored_requests()[0].message == HOSTILE


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"support_kind": ""}, "support_kind", services.KIND_MISSING),
        ({"support_kind": "koffie"}, "support_kind", services.KIND_UNKNOWN),
        ({"message": "   "}, "message", services.MESSAGE_MISSING),
        ({"message": "x" * (services.MAX_MESSAGE + 1)}, "message", services.MESSAGE_TOO_LONG),
        ({"support_kind": "sessie_begeleiden"}, "sessie_id", services.SESSIE_MISSING),
    ],
)
def test_a_request_without_what_it_needs_is_refused(world, changes, field, message):
    with pytest.raises(ValidationError) as error:
        ask(world, **changes)
    assert error.value.errors[field] == [message]
    assert stored_requests() == []


def test_a_session_of_another_project_is_refused(world):
    foreign = factories.sessie(world.other_project)
    with pytest.raises(ValidationError) as error:
        ask(world, support_kind="sessie_begeleiden", sessie_id=foreign.id)
    assert error.value.errors["sessie_id"] == [services.SESSIE_UNKNOWN]
    assert stored_requests() == []


def test_a_finished_session_is_refused(world):
    sessie = factories.sessie(world.project)
    sessie.status = SessieStatus.AFGEROND
    db.session.commit()
    with pytest.raises(ValidationError) as error:
        ask(world, support_kind="sessie_begeleiden", sessie_id=sessie.id)
    assert error.value.errors["sessie_id"] == [services.SESSIE_FINISHED]


def test_a_session_request_keeps_its_session_and_other_kinds_drop_one(world):
    sessie = factories.sessie(world.project)
    ask(world, support_kind="sessie_begeleiden", sessie_id=sessie.id, message="Wie leidt de inwonersessie?")
    ask(world, support_kind="meekijken_stappenplan", sessie_id=sessie.id, message="Kijkt u mee?")
    first, second = stored_requests()
    assert first.sessie_id == sessie.id
    assert second.sessie_id is None


def test_the_same_request_twice_makes_one(world):
    first = ask(world)
    second = ask(world)
    assert first.created and not second.created
    assert second.request.id == first.request.id
    assert len(stored_requests()) == 1


def test_a_second_open_request_for_the_same_session_is_refused(world):
    sessie = factories.sessie(world.project)
    ask(world, support_kind="sessie_begeleiden", sessie_id=sessie.id, message="Eerste vraag")
    with pytest.raises(ValidationError) as error:
        ask(world, support_kind="sessie_begeleiden", sessie_id=sessie.id, message="Andere woorden")
    assert error.value.errors["sessie_id"] == [services.SESSIE_ASKED]


def test_the_project_page_lists_requests_newest_first_and_only_its_own(world):
    older = factories.support_request(world.project, message="Oud")
    newer = factories.support_request(world.project, message="Nieuw")
    factories.support_request(world.other_project, message="Van Kampen")
    page = services.project_support(world.actor(world.lezer), world.project.id)
    assert [r.id for r in page.requests] == [newer.id, older.id]
    assert not page.can_ask and page.sessies == []
    assert services.project_support(world.actor(world.projectleider), world.project.id).can_ask


def test_the_form_offers_only_sessions_still_to_come(world):
    coming = factories.sessie(world.project)
    done = factories.sessie(world.project, session_type="kick_off", mijlpalen=())
    done.status = SessieStatus.AFGEROND
    db.session.commit()
    page = services.project_support(world.actor(world.projectleider), world.project.id)
    assert [s.id for s in page.sessies] == [coming.id]


# --- the queue -----------------------------------------------------------------------------------


def test_the_queue_holds_only_the_assigned_gemeenten(world):
    mine = factories.support_request(world.project)
    factories.support_request(world.other_project)
    listing = services.queue(world.actor(world.procesbegeleider))
    assert [row.request.id for row in listing.rows] == [mine.id]
    assert listing.rows[0].gemeente_name == "Venlo" and listing.rows[0].can_handle
    assert not listing.read_only


def test_the_coordinator_sees_every_request_read_only(world):
    factories.support_request(world.project)
    factories.support_request(world.other_project)
    listing = services.queue(world.actor(world.coordinator))
    assert len(listing.rows) == 2
    assert listing.read_only and not any(row.can_handle for row in listing.rows)


def test_a_gemeente_user_has_no_queue(world):
    with pytest.raises(NotFound):
        services.queue(world.actor(world.projectleider))


def test_the_queue_filters_on_status_and_counts_every_status(world):
    new = factories.support_request(world.project, message="a")
    done = factories.support_request(world.project, message="b", status="afgerond", reply="Gedaan")
    pb = world.actor(world.procesbegeleider)
    assert [r.request.id for r in services.queue(pb).rows] == [new.id]  # open by default
    assert [r.request.id for r in services.queue(pb, "afgerond").rows] == [done.id]
    assert len(services.queue(pb, services.QUEUE_ALL).rows) == 2
    assert [r.request.id for r in services.queue(pb, "onzin").rows] == [new.id]
    assert services.queue(pb).counts == {"nieuw": 1, "afgerond": 1}


def test_the_queue_pages_newest_first(world, monkeypatch):
    monkeypatch.setattr("rfz_project.paging.PAGE_SIZE", 2)
    made = [factories.support_request(world.project, message=f"Vraag {i}") for i in range(3)]
    pb = world.actor(world.procesbegeleider)
    first = services.queue(pb, page=1)
    second = services.queue(pb, page=2)
    assert [r.request.id for r in first.rows] == [made[2].id, made[1].id]
    assert [r.request.id for r in second.rows] == [made[0].id]
    assert first.paging.total == 3


def _many_requests(world, n):
    for i in range(n):
        sessie = factories.sessie(world.project) if i % 3 == 0 else None
        kind = "sessie_begeleiden" if sessie else "scope_bepalen"
        factories.support_request(world.project, message=f"Vraag {i}", sessie=sessie, support_kind=kind)


def test_the_queue_takes_as_many_queries_for_30_requests_as_for_3(world):
    def queries():
        with count_queries() as statements:
            services.queue(world.actor(world.procesbegeleider), services.QUEUE_ALL)
        return len(statements)

    _many_requests(world, 3)
    few = queries()
    _many_requests(world, 27)
    assert queries() == few


# --- taking and closing --------------------------------------------------------------------------


def test_taking_makes_the_procesbegeleider_handler_and_the_sessions_procesbegeleider(world):
    sessie = factories.sessie(world.project)
    request = factories.support_request(world.project, support_kind="sessie_begeleiden", sessie=sessie)
    services.take_request(world.actor(world.procesbegeleider), world.project.id, request.id, request.version)
    [stored] = stored_requests()
    assert stored.status is SupportStatus.IN_BEHANDELING
    assert (stored.handler_id, stored.handler_name) == (world.procesbegeleider.id, "Paul Begeleider")
    assert stored.taken_at is not None
    assert db.session.get(Sessie, sessie.id).procesbegeleider == "Paul Begeleider"


def test_taking_a_request_without_a_session_changes_no_session(world):
    sessie = factories.sessie(world.project)
    request = factories.support_request(world.project)
    services.take_request(world.actor(world.procesbegeleider), world.project.id, request.id, request.version)
    db.session.expire_all()
    assert db.session.get(Sessie, sessie.id).procesbegeleider == ""


@pytest.mark.parametrize("who", ["coordinator", "projectleider", "lezer"])
def test_only_an_assigned_procesbegeleider_takes_or_closes(world, who):
    request = factories.support_request(world.project)
    actor = world.actor(getattr(world, who))
    with pytest.raises(NotAuthorized):
        services.take_request(actor, world.project.id, request.id, request.version)
    with pytest.raises(NotAuthorized):
        services.close_request(actor, world.project.id, request.id, Closing("afgerond", "Klaar"), request.version)
    assert stored_requests()[0].status is SupportStatus.NIEUW


def test_a_procesbegeleider_of_other_gemeenten_does_not_find_the_request(world):
    stranger = factories.user("pb2@vng.nl", is_procesbegeleider=True, assigned_to=[world.other])
    request = factories.support_request(world.project)
    with pytest.raises(NotFound):
        services.take_request(world.actor(stranger), world.project.id, request.id, request.version)


def test_a_request_of_another_project_is_not_found(world):
    foreign = factories.support_request(world.other_project)
    with pytest.raises(NotFound):
        services.request_page(world.actor(world.procesbegeleider), world.project.id, foreign.id)


def test_the_second_to_take_is_told_who_has_it(world):
    colleague = factories.user("pb2@vng.nl", is_procesbegeleider=True, assigned_to=[world.home], name="Cas Collega")
    request = factories.support_request(world.project)
    version = request.version
    services.take_request(world.actor(colleague), world.project.id, request.id, version)
    with pytest.raises(ValidationError, match="Cas Collega"):
        services.take_request(world.actor(world.procesbegeleider), world.project.id, request.id, version)
    assert stored_requests()[0].handler_name == "Cas Collega"


def test_two_takes_at_the_same_moment_one_wins(world):
    """Both read the request as new; the other's take commits in between, so this one's version is stale."""
    colleague = factories.user("pb2@vng.nl", is_procesbegeleider=True, assigned_to=[world.home], name="Cas Collega")
    request = factories.support_request(world.project)
    table = SupportRequest.__table__
    done = []

    def other_takes_first(session, _context, _instances):
        if done:
            return
        done.append(True)
        session.execute(
            table.update()
            .where(table.c.id == request.id)
            .values(
                status="in_behandeling",
                handler_name="Cas Collega",
                handler_id=colleague.id,
                version=table.c.version + 1,
            )
        )

    session_class = type(db.session())
    sa.event.listen(session_class, "before_flush", other_takes_first)
    try:
        with pytest.raises(ConflictError):
            services.take_request(world.actor(world.procesbegeleider), world.project.id, request.id, request.version)
    finally:
        sa.event.remove(session_class, "before_flush", other_takes_first)
    db.session.rollback()
    assert stored_requests()[0].handler_name == ""  # the rollback undid the other's take too: nothing half saved


def test_closing_with_a_reply_the_gemeente_reads(world):
    request = factories.support_request(world.project)
    pb = world.actor(world.procesbegeleider)
    services.take_request(pb, world.project.id, request.id, request.version)
    stored = stored_requests()[0]
    services.close_request(
        world.actor(world.procesbegeleider), world.project.id, request.id, Closing("afgerond", HOSTILE), stored.version
    )
    page = services.project_support(world.actor(world.lezer), world.project.id)
    [shown] = page.requests
    assert shown.status is SupportStatus.AFGEROND and shown.reply == HOSTILE and shown.closed_at is not None


def test_a_refusal_needs_a_reply(world):
    request = factories.support_request(world.project)
    with pytest.raises(ValidationError) as error:
        services.close_request(
            world.actor(world.procesbegeleider),
            world.project.id,
            request.id,
            Closing("afgewezen", " "),
            request.version,
        )
    assert error.value.errors["reply"] == [services.REPLY_MISSING]
    assert stored_requests()[0].status is SupportStatus.NIEUW


def test_a_new_request_can_be_refused_at_once_and_the_closer_handles_it(world):
    request = factories.support_request(world.project)
    services.close_request(
        world.actor(world.procesbegeleider),
        world.project.id,
        request.id,
        Closing("afgewezen", "Uw reikwijdte staat al volledig in de routekaart."),
        request.version,
    )
    stored = stored_requests()[0]
    assert stored.status is SupportStatus.AFGEWEZEN and stored.handler_name == "Paul Begeleider"


@pytest.mark.parametrize("outcome", ["", "nieuw", "in_behandeling", "weg"])
def test_closing_needs_afgerond_or_afgewezen(world, outcome):
    request = factories.support_request(world.project)
    with pytest.raises(ValidationError) as error:
        services.close_request(
            world.actor(world.procesbegeleider), world.project.id, request.id, Closing(outcome, "x"), request.version
        )
    assert error.value.errors["outcome"] == [services.OUTCOME_MISSING]


def test_a_closed_request_cannot_be_closed_or_taken_again(world):
    request = factories.support_request(world.project, status="afgerond", reply="Klaar")
    pb = world.actor(world.procesbegeleider)
    with pytest.raises(ValidationError, match="al afgesloten"):
        services.close_request(pb, world.project.id, request.id, Closing("afgewezen", "Toch niet"), request.version)
    with pytest.raises(ValidationError, match="al afgesloten"):
        services.take_request(world.actor(world.procesbegeleider), world.project.id, request.id, request.version)


def test_a_stale_version_is_a_conflict(world):
    request = factories.support_request(world.project)
    with pytest.raises(ConflictError):
        services.close_request(
            world.actor(world.procesbegeleider),
            world.project.id,
            request.id,
            Closing("afgerond", ""),
            request.version + 5,
        )


def test_a_closed_project_refuses_handling(world):
    request = factories.support_request(world.project)
    lifecycle.close(world.actor(world.projectleider), world.project.id, "Klaar")
    with pytest.raises(ProjectClosed):
        services.take_request(world.actor(world.procesbegeleider), world.project.id, request.id, request.version)


def test_every_step_appears_in_the_projects_history(world):
    sessie = factories.sessie(world.project)
    asked = ask(world, support_kind="sessie_begeleiden", sessie_id=sessie.id)
    services.take_request(world.actor(world.procesbegeleider), world.project.id, asked.request.id, 1)
    services.close_request(
        world.actor(world.procesbegeleider), world.project.id, asked.request.id, Closing("afgerond", "Gedaan"), 2
    )
    events = list(
        db.session.scalars(sa.select(AuditEvent).where(AuditEvent.entity == "Hulpvraag").order_by(AuditEvent.id))
    )
    assert [e.action for e in events] == ["aangemaakt", "gewijzigd", "gewijzigd"]
    assert [e.actor_name for e in events] == ["Petra Leider", "Paul Begeleider", "Paul Begeleider"]
    history = history_page(world.actor(world.projectleider), world.project.id)
    entries = [e for e in history.events if e.entity == "Hulpvraag"]
    assert entries[-1].summary == "Een procesbegeleider voor een sessie"
    fields = {change.field for entry in entries for change in entry.changes}
    assert {"Soort ondersteuning", "Vraag", "Status", "Behandeld door", "Antwoord van de VNG"} <= fields
    sessie_changes = [c for e in history.events if e.entity == "Sessie" for c in e.changes]
    assert any(c.field == "Procesbegeleider" and c.after == "Paul Begeleider" for c in sessie_changes)


# --- counts --------------------------------------------------------------------------------------


def test_open_request_counts_counts_new_and_taken_per_project(world):
    factories.support_request(world.project, message="a")
    factories.support_request(world.project, message="b", status="in_behandeling")
    factories.support_request(world.project, message="c", status="afgerond")
    factories.support_request(world.other_project, message="d", status="afgewezen", reply="Nee")
    counts = services.open_request_counts([world.project.id, world.other_project.id])
    assert counts == {world.project.id: 2}
    assert services.open_request_counts([]) == {}


def test_open_request_counts_is_one_query(world):
    factories.support_request(world.project)
    with count_queries() as statements:
        services.open_request_counts([world.project.id, world.other_project.id])
    assert len(statements) == 1


def test_start_summary_for_the_vng_counts_new_requests_in_reach(world):
    factories.support_request(world.project, message="a")
    factories.support_request(world.project, message="b", status="in_behandeling")
    factories.support_request(world.other_project, message="c")
    assert services.start_summary(world.actor(world.procesbegeleider)).new_count == 1
    assert services.start_summary(world.actor(world.coordinator)).new_count == 2


def test_start_summary_for_a_gemeente_counts_open_and_recent_replies(world):
    factories.support_request(world.project, message="a")
    factories.support_request(
        world.project, message="b", status="afgerond", reply="Gedaan", closed_at=services.utcnow()
    )
    factories.support_request(world.other_project, message="c")
    summary = services.start_summary(world.actor(world.lezer))
    assert (summary.for_vng, summary.open_count, summary.replied_count) == (False, 1, 1)
    assert services.start_summary(world.actor(world.beheerder)) is None


def test_taking_leaves_a_finished_session_as_it_was(world):
    sessie = factories.sessie(world.project)
    request = factories.support_request(world.project, support_kind="sessie_begeleiden", sessie=sessie)
    sessie.status = SessieStatus.AFGEROND
    db.session.commit()
    services.take_request(world.actor(world.procesbegeleider), world.project.id, request.id, request.version)
    db.session.expire_all()
    assert db.session.get(Sessie, sessie.id).procesbegeleider == ""
    assert stored_requests()[0].status is SupportStatus.IN_BEHANDELING


def test_a_deleted_session_leaves_the_request_without_one(world):
    sessie = factories.sessie(world.project)
    request = factories.support_request(world.project, support_kind="sessie_begeleiden", sessie=sessie)
    db.session.delete(db.session.get(Sessie, sessie.id))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(SupportRequest, request.id).sessie_id is None
