"""Parallel requests on one project: real threads, each with its own app context and database session.

A double click, or a user with two tabs, sends the same request twice at once. "Planning voorstellen" must
then plan once, and a new calendar link must never end in a unique clash: the project's row is locked
for the read-then-write of both services.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import date, timedelta

import sqlalchemy as sa

from rfz_project.errors import NotFound, ValidationError
from rfz_project.extensions import db
from rfz_project.models import CalendarFeed, InvitationStatus, Participant, Sessie
from rfz_project.sessions import invitation_mail, invitations, participants, services

from .. import factories

PARALLEL_PLANNINGS = 6
PARALLEL_FEEDS = 5


def in_parallel(app, count: int, call: Callable[[], object]) -> list[object]:
    """Run `call` in `count` threads released at the same moment; each result or raised exception, in order."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                results[index] = call()
            except Exception as exc:  # noqa: BLE001  (the test asserts what each thread ended with)
                results[index] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def stored_sessies(project_id: int) -> int:
    db.session.remove()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Sessie).where(Sessie.project_id == project_id))


def stored_feeds(project_id: int) -> list[str]:
    db.session.remove()
    return list(db.session.scalars(sa.select(CalendarFeed.token_hash).where(CalendarFeed.project_id == project_id)))


def opens_a_feed(token: str) -> bool:
    try:
        services.feed_sessies(token)
    except NotFound:
        return False
    return True


def test_parallel_plannings_plan_once(app, world):
    project_id, user_id = world.project.id, world.teamlid.id
    db.session.remove()

    results = in_parallel(
        app, PARALLEL_PLANNINGS, lambda: services.propose_schedule(factories.reload_user(user_id), project_id)
    )

    planned = [r for r in results if isinstance(r, list)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(planned) == 1, results
    assert len(refused) == PARALLEL_PLANNINGS - 1, results
    assert all("al sessies" in str(r) for r in refused)
    assert stored_sessies(project_id) == len(planned[0]) == 7


def test_parallel_new_feeds_all_succeed_and_leave_one_working_link(app, world):
    project_id, user_id = world.project.id, world.projectleider.id
    db.session.remove()

    tokens = in_parallel(app, PARALLEL_FEEDS, lambda: services.create_feed(factories.reload_user(user_id), project_id))

    assert all(isinstance(t, str) for t in tokens), tokens
    stored = stored_feeds(project_id)
    assert len(stored) == 1
    working = [t for t in tokens if opens_a_feed(t)]
    assert len(working) == 1  # the last one made; each earlier one was replaced, as the page says
    assert services._hash(working[0]) == stored[0]


def _logged_in_clients(app, email: str, count: int):
    clients = []
    for _ in range(count):
        client = app.test_client()
        assert client.post("/inloggen", data={"email": email, "password": factories.PASSWORD}).status_code == 302
        clients.append(client)
    return clients


def test_parallel_planning_buttons_give_no_error_and_one_planning(app, world):
    project_id = world.project.id
    db.session.remove()
    clients = iter(_logged_in_clients(app, "pl@venlo.nl", PARALLEL_PLANNINGS))
    lock = threading.Lock()

    def press():
        with lock:
            client = next(clients)
        return client.post(f"/projecten/{project_id}/sessies/voorstel", follow_redirects=True)

    responses = in_parallel(app, PARALLEL_PLANNINGS, press)

    assert [getattr(r, "status_code", r) for r in responses] == [200] * PARALLEL_PLANNINGS
    pages = [r.get_data(as_text=True) for r in responses]
    assert sum("sessies als concept klaar" in p for p in pages) == 1
    assert sum("Er zijn al sessies gepland" in p for p in pages) == PARALLEL_PLANNINGS - 1
    assert stored_sessies(project_id) == 7


def test_parallel_feed_buttons_give_no_error_and_one_feed(app, world):
    project_id = world.project.id
    db.session.remove()
    clients = iter(_logged_in_clients(app, "pl@venlo.nl", PARALLEL_FEEDS))
    lock = threading.Lock()

    def press():
        with lock:
            client = next(clients)
        return client.post(f"/projecten/{project_id}/sessies/abonnement")

    responses = in_parallel(app, PARALLEL_FEEDS, press)

    assert [getattr(r, "status_code", r) for r in responses] == [200] * PARALLEL_FEEDS
    links = [
        re.search(r'id="abonnementslink" type="text" readonly value="([^"]+)"', r.get_data(as_text=True)).group(1)
        for r in responses
    ]
    assert len(stored_feeds(project_id)) == 1
    anonymous = app.test_client()
    assert sorted(anonymous.get(link).status_code for link in links) == [200] + [404] * (PARALLEL_FEEDS - 1)


def test_parallel_yes_answers_fill_the_last_place_once(app, world):
    """Three who had said no say yes at the same moment, with one place left: one gets it."""
    sessie = factories.sessie(world.project, on_date=date.today() + timedelta(days=30))
    rows = [Participant(sessie_id=sessie.id, group="inwoner", headcount=30)]
    rows.append(Participant(sessie_id=sessie.id, group="inwoner", headcount=participants.MAX_SESSIE_HEADCOUNT - 31))
    returning = [
        Participant(sessie_id=sessie.id, group="inwoner", name=f"Terug {i}", invitation=InvitationStatus.AFGEMELD)
        for i in range(3)
    ]
    db.session.add_all(rows + returning)
    db.session.commit()
    tokens = iter([invitation_mail.token_for(world.project.id, sessie.id, p.id) for p in returning])
    lock = threading.Lock()

    def answer_yes():
        with lock:
            token = next(tokens)
        return invitations.answer(token, "ja")

    sessie_id = sessie.id
    db.session.remove()
    results = in_parallel(app, len(returning), answer_yes)

    assert sum(not isinstance(r, Exception) for r in results) == 1, results
    assert all("geen plaats meer" in str(r) for r in results if isinstance(r, Exception)), results
    db.session.remove()
    coming = db.session.scalar(
        sa.select(sa.func.sum(Participant.headcount)).where(
            Participant.sessie_id == sessie_id, Participant.invitation != InvitationStatus.AFGEMELD
        )
    )
    assert coming == participants.MAX_SESSIE_HEADCOUNT
