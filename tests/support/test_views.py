"""Request tests for support on request: the project's page and form, one request, and the VNG's queue."""

import pytest
import sqlalchemy as sa

from rfz_project.extensions import db
from rfz_project.models import Sessie, SupportRequest, SupportStatus
from rfz_project.support import services

from .. import factories
from ..helpers import errors_in
from ..test_query_counts import count_queries

HOSTILE = 'Help <b>ons</b> & "jullie" 🙂\nregel twee'
ESCAPED = "Help &lt;b&gt;ons&lt;/b&gt; &amp; &#34;jullie&#34; 🙂"


def base(world) -> str:
    return f"/projecten/{world.project.id}/ondersteuning"


def form(**changes) -> dict:
    values = {"support_kind": "scope_bepalen", "message": "Welke mijlpalen passen bij ons?", "sessie_id": ""}
    values.update(changes)
    return values


def stored() -> list[SupportRequest]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(SupportRequest).order_by(SupportRequest.id)))


def test_the_project_page_links_to_support(logged_in_leider, client):
    page = client.get(f"/projecten/{logged_in_leider.project.id}").get_data(as_text=True)
    assert f'href="{base(logged_in_leider)}"' in page


def test_projectleider_sees_the_form_with_the_three_kinds_and_the_sessions(logged_in_leider, client):
    factories.sessie(logged_in_leider.project)
    response = client.get(base(logged_in_leider))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Hulp bij het bepalen van de scope" in page and "Meekijken met het stappenplan" in page
    assert "Een procesbegeleider voor een sessie" in page
    assert 'name="sessie_id"' in page and "Hulpvraag versturen" in page


def test_asking_stores_the_request_and_shows_it_with_hostile_text_intact(logged_in_leider, client):
    response = client.post(base(logged_in_leider), data=form(message=HOSTILE))
    assert response.status_code == 302
    [request] = stored()
    assert request.message == HOSTILE
    assert response.headers["Location"].endswith(f"{base(logged_in_leider)}/{request.id}")
    page = client.get(base(logged_in_leider)).get_data(as_text=True)
    assert ESCAPED in page and "<b>ons</b>" not in page
    assert "Status: Nieuw" in page


def test_a_double_post_makes_one_request(logged_in_leider, client):
    client.post(base(logged_in_leider), data=form())
    second = client.post(base(logged_in_leider), data=form(), follow_redirects=True)
    assert "Er is geen tweede aangemaakt" in second.get_data(as_text=True)
    assert len(stored()) == 1


def test_a_form_without_a_kind_or_message_is_a_400_with_messages_and_keeps_the_text(logged_in_leider, client):
    response = client.post(base(logged_in_leider), data=form(support_kind="", message="Mijn eigen tekst 🙂"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert services.KIND_MISSING in errors_in(page)
    assert "Mijn eigen tekst 🙂" in page
    response = client.post(base(logged_in_leider), data=form(message=""))
    assert services.MESSAGE_MISSING in errors_in(response.get_data(as_text=True))
    assert stored() == []


def test_a_session_request_needs_a_session_of_this_project(logged_in_leider, client):
    foreign = factories.sessie(logged_in_leider.other_project)
    response = client.post(base(logged_in_leider), data=form(support_kind="sessie_begeleiden"))
    assert response.status_code == 400 and services.SESSIE_MISSING in errors_in(response.get_data(as_text=True))
    response = client.post(base(logged_in_leider), data=form(support_kind="sessie_begeleiden", sessie_id=foreign.id))
    assert response.status_code == 400 and services.SESSIE_UNKNOWN in errors_in(response.get_data(as_text=True))
    response = client.post(
        base(logged_in_leider), data=form(support_kind="sessie_begeleiden", sessie_id="99999999999999999999")
    )
    assert response.status_code == 400
    assert stored() == []


@pytest.mark.parametrize("email", ["tl@venlo.nl", "lezer@venlo.nl", "pb@vng.nl", "coord@vng.nl"])
def test_only_a_projectleider_posts_a_request(world, client, auth, email):
    auth.login(email)
    assert client.post(base(world), data=form()).status_code == 403
    page = client.get(base(world)).get_data(as_text=True)
    assert "Hulpvraag versturen" not in page
    assert stored() == []


def test_another_gemeente_gets_404_everywhere(world, client, auth):
    request = factories.support_request(world.project)
    auth.login("pl@kampen.nl")
    for url in (base(world), f"{base(world)}/{request.id}"):
        assert client.get(url).status_code == 404
        assert client.post(url, data=form()).status_code == 404
    assert client.post(f"{base(world)}/{request.id}/oppakken", data={"version": "1"}).status_code == 404


def test_a_request_of_another_project_is_404(world, client, auth):
    foreign = factories.support_request(world.other_project)
    auth.login("pl@venlo.nl")
    assert client.get(f"{base(world)}/{foreign.id}").status_code == 404
    assert client.get(f"{base(world)}/99999999999999999999").status_code == 404


def test_the_queue_shows_assigned_gemeenten_only(world, client, auth):
    factories.support_request(world.project, message="Van Venlo")
    factories.support_request(world.other_project, message="Van Kampen")
    auth.login("pb@vng.nl")
    page = client.get("/ondersteuning").get_data(as_text=True)
    assert "Venlo project" in page and "Kampen project" not in page
    assert 'href="/ondersteuning"' in page  # the header links the queue


def test_the_coordinator_sees_all_but_gets_no_buttons(world, client, auth):
    request = factories.support_request(world.project)
    factories.support_request(world.other_project)
    auth.login("coord@vng.nl")
    page = client.get("/ondersteuning").get_data(as_text=True)
    assert "Venlo project" in page and "Kampen project" in page
    detail = client.get(f"{base(world)}/{request.id}").get_data(as_text=True)
    assert "In behandeling nemen" not in detail and "Hulpvraag afsluiten" not in detail
    assert client.post(f"{base(world)}/{request.id}/oppakken", data={"version": "1"}).status_code == 403


def test_a_gemeente_user_has_no_queue(logged_in_leider, client):
    assert client.get("/ondersteuning").status_code == 404
    assert 'href="/ondersteuning"' not in client.get("/start").get_data(as_text=True)


def test_the_queue_filters_and_survives_bad_arguments(world, client, auth):
    factories.support_request(world.project, message="Nog open")
    factories.support_request(world.project, message="Klaar", status="afgerond", reply="Gedaan")
    auth.login("pb@vng.nl")
    for args in ("", "?status=afgerond", "?status=alle", "?status=<script>", "?pagina=99999999999999999999"):
        assert client.get(f"/ondersteuning{args}").status_code == 200, args


def test_taking_through_the_button_sets_handler_and_session(world, client, auth):
    sessie = factories.sessie(world.project)
    request = factories.support_request(world.project, support_kind="sessie_begeleiden", sessie=sessie)
    auth.login("pb@vng.nl")
    detail = client.get(f"{base(world)}/{request.id}").get_data(as_text=True)
    assert "In behandeling nemen" in detail
    response = client.post(
        f"{base(world)}/{request.id}/oppakken", data={"version": str(request.version)}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "U behandelt deze hulpvraag nu." in page and "In behandeling" in page
    db.session.expire_all()
    assert db.session.get(Sessie, sessie.id).procesbegeleider == "Paul Begeleider"


def test_a_late_take_says_who_was_first(world, client, auth):
    colleague = factories.user("pb2@vng.nl", is_procesbegeleider=True, assigned_to=[world.home], name="Cas Collega")
    request = factories.support_request(world.project)
    services.take_request(colleague, world.project.id, request.id, request.version)
    auth.login("pb@vng.nl")
    response = client.post(f"{base(world)}/{request.id}/oppakken", data={"version": "1"}, follow_redirects=True)
    assert "al in behandeling bij Cas Collega" in response.get_data(as_text=True)


def test_a_take_with_an_old_version_is_refused_with_a_message(world, client, auth):
    request = factories.support_request(world.project)
    auth.login("pb@vng.nl")
    response = client.post(f"{base(world)}/{request.id}/oppakken", data={"version": "7"}, follow_redirects=True)
    assert services.TAKEN_MEANWHILE in response.get_data(as_text=True)
    assert stored()[0].status is SupportStatus.NIEUW


def test_closing_needs_a_reply_when_refused_and_the_gemeente_reads_the_reply(world, client, auth):
    request = factories.support_request(world.project)
    auth.login("pb@vng.nl")
    url = f"{base(world)}/{request.id}"
    response = client.post(url, data={"outcome": "afgewezen", "reply": "", "version": "1"})
    assert response.status_code == 400
    assert services.REPLY_MISSING in errors_in(response.get_data(as_text=True))
    response = client.post(url, data={"outcome": "", "reply": "Mijn antwoord", "version": "1"})
    assert response.status_code == 400 and "Mijn antwoord" in response.get_data(as_text=True)
    response = client.post(url, data={"outcome": "afgerond", "reply": HOSTILE, "version": "1"})
    assert response.status_code == 302
    auth.logout()
    auth.login("lezer@venlo.nl")
    page = client.get(base(world)).get_data(as_text=True)
    assert ESCAPED in page and "Status: Afgerond" in page


def test_the_projectleider_cannot_close_a_request(world, client, auth):
    request = factories.support_request(world.project)
    auth.login("pl@venlo.nl")
    response = client.post(f"{base(world)}/{request.id}", data={"outcome": "afgerond", "reply": "x", "version": "1"})
    assert response.status_code == 403
    assert stored()[0].status is SupportStatus.NIEUW


def test_start_pages_carry_one_line_about_support(world, client, auth):
    factories.support_request(world.project)
    auth.login("pb@vng.nl")
    assert "1 nieuwe hulpvraag van gemeenten" in client.get("/start").get_data(as_text=True)
    auth.logout()
    auth.login("pl@venlo.nl")
    assert "Uw hulpvragen aan de VNG: 1 nog open" in client.get("/start").get_data(as_text=True)


def _add_requests(world, n):
    for i in range(n):
        sessie = factories.sessie(world.project) if i % 3 == 0 else None
        kind = "sessie_begeleiden" if sessie else "meekijken_stappenplan"
        factories.support_request(world.project, message=f"Vraag {i}", sessie=sessie, support_kind=kind)


@pytest.mark.parametrize(("email", "url"), [("pl@venlo.nl", "project"), ("pb@vng.nl", "/ondersteuning?status=alle")])
def test_pages_take_as_many_queries_for_30_requests_as_for_3(world, client, auth, email, url):
    auth.login(email)
    url = base(world) if url == "project" else url

    def queries():
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    _add_requests(world, 3)
    few = queries()
    _add_requests(world, 27)
    assert queries() == few
