"""Request tests for initiatives: publishing with its preview, the catalogue, approval, withdrawal, adopting,
and the isolation of what has not (or no longer) been published."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from rfz_project.extensions import db
from rfz_project.models import Action, Initiative, InitiativeAdoption, InitiativeStatus

from .. import factories
from ..helpers import errors_in

HOSTILE = "Geld <script>alert('x')</script> & \"samen\" 'nu' 💶\nnieuwe regel"
FORM = {
    "title": "Spreekuur in de bibliotheek",
    "how_it_works": "Elke dinsdag zonder afspraak binnenlopen.",
    "link": "https://www.venlo.nl/geldzorgen",
    "mijlpalen": ["in_contact", "in_gesprek"],
    "rol": "professional",
    "laag": "inspiratie",
    "contact_name": "Marieke Janssen",
    "contact_function": "Teamleider",
    "contact_phone": "077 359 66 66",
    "contact_email": "m.janssen@venlo.example",
}


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _initiative_rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith("initiatives.") and "initiative_id" in r.rule]


# --- publishing ------------------------------------------------------------------------------------


def test_the_action_page_offers_sharing_to_the_projectleider_only(world, client, auth):
    action = factories.action(world.project)
    url = f"/projecten/{world.project.id}/acties/{action.id}"
    auth.login("pl@venlo.nl")
    assert "Delen als initiatief" in client.get(url).get_data(as_text=True)
    auth.logout()
    auth.login("tl@venlo.nl")
    assert "Delen als initiatief" not in client.get(url).get_data(as_text=True)


def test_form_preview_back_and_submit_lose_nothing(world, client, auth):
    action = factories.action(world.project, title="Spreekuur", description="Zo werkt het.")
    url = f"/projecten/{world.project.id}/acties/{action.id}/delen"
    auth.login("pl@venlo.nl")
    form = client.get(url).get_data(as_text=True)
    assert 'value="Spreekuur"' in form and "pl@venlo.nl" in form and "Zo werkt het." in form
    data = {**FORM, "how_it_works": HOSTILE, "stap": "voorbeeld"}
    preview = client.post(url, data=data)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "zo zien andere gemeenten het" in page
    assert "Geld &lt;script&gt;alert(" in page and "💶" in page and "<script>alert" not in page
    back = client.post(url, data={**data, "stap": "bewerken"}).get_data(as_text=True)
    assert "Marieke Janssen" in back and "077 359 66 66" in back and "&lt;script&gt;" in back
    done = client.post(url, data={**data, "stap": "indienen", "consent": "y"})
    assert done.status_code == 302
    stored = db.session.scalars(sa.select(Initiative)).one()
    assert stored.how_it_works == HOSTILE and stored.status is InitiativeStatus.WACHT
    detail = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Wacht op goedkeuring" in detail and "Venlo project" in detail


def test_missing_consent_shows_the_preview_again_with_the_message(world, client, auth):
    action = factories.action(world.project)
    auth.login("pl@venlo.nl")
    response = client.post(f"/projecten/{world.project.id}/acties/{action.id}/delen", data={**FORM, "stap": "indienen"})
    assert response.status_code == 400
    assert any("toestemming" in e for e in errors_in(response.get_data(as_text=True)))
    assert _count(Initiative) == 0


def test_a_link_that_is_not_http_is_refused_next_to_the_field(world, client, auth):
    action = factories.action(world.project)
    auth.login("pl@venlo.nl")
    response = client.post(
        f"/projecten/{world.project.id}/acties/{action.id}/delen",
        data={**FORM, "link": "javascript:alert(1)", "stap": "voorbeeld"},
    )
    assert response.status_code == 400
    assert "Vul een volledig webadres in dat begint met https:// of http://." in errors_in(
        response.get_data(as_text=True)
    )
    assert 'value="javascript:alert(1)"' in response.get_data(as_text=True)  # what was typed stays


def test_sharing_a_checklist_item_not_done_yet_sends_back_with_the_reason(world, client, auth):
    factories.checklist_answer(world.project, "in_beeld_dpia", answer="nog_niet")
    auth.login("pl@venlo.nl")
    response = client.get(f"/projecten/{world.project.id}/checklist/in_beeld_dpia/delen")
    assert response.status_code == 302 and response.headers["Location"].endswith("/checklist")
    assert "alleen een punt delen" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_checklist_offers_sharing_an_item_done_already(world, client, auth):
    factories.checklist_answer(world.project, "in_beeld_dpia", answer="doen_we_al")
    auth.login("pl@venlo.nl")
    page = client.get(f"/projecten/{world.project.id}/checklist").get_data(as_text=True)
    assert f"/projecten/{world.project.id}/checklist/in_beeld_dpia/delen" in page
    form = client.get(f"/projecten/{world.project.id}/checklist/in_beeld_dpia/delen")
    assert form.status_code == 200


def test_a_post_without_csrf_token_is_a_bad_request(app, world, client, auth):
    action = factories.action(world.project)
    auth.login("pl@venlo.nl")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/projecten/{world.project.id}/acties/{action.id}/delen", data={**FORM})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400 and _count(Initiative) == 0


# --- catalogue, approval, withdrawal ---------------------------------------------------------------


def test_the_catalogue_shows_approved_ones_to_everyone_and_own_waiting_ones_marked(world, client, auth):
    factories.initiative(world.project, "Goedgekeurd spreekuur")
    factories.initiative(world.project, "Nog niet klaar", status="wacht_op_goedkeuring")
    auth.login("pl@kampen.nl")
    page = client.get("/initiatieven").get_data(as_text=True)
    assert "Goedgekeurd spreekuur" in page and "Nog niet klaar" not in page
    auth.logout()
    auth.login("tl@venlo.nl")
    page = client.get("/initiatieven").get_data(as_text=True)
    assert "Nog niet klaar" in page and "Wacht op goedkeuring" in page


def test_the_catalogue_filters_through_the_query_string(world, client, auth):
    factories.initiative(world.project, "Spreekuur", mijlpalen=("in_contact",))
    factories.initiative(world.other_project, "Kalender", mijlpalen=("rust_en_overzicht",))
    auth.login("pl@kampen.nl")
    page = client.get("/initiatieven?mijlpaal=rust_en_overzicht&q=kal").get_data(as_text=True)
    assert "Kalender" in page and "Spreekuur</a>" not in page
    assert client.get("/initiatieven?mijlpaal=%3Cx%3E&pagina=99999999999").status_code == 200


def test_a_procesbegeleider_approves_from_the_detail_page(world, client, auth):
    initiative = factories.initiative(world.project, status="wacht_op_goedkeuring")
    auth.login("pb@vng.nl")
    assert "Goedkeuren" in client.get(f"/initiatieven/{initiative.id}").get_data(as_text=True)
    assert "Nog niet klaar" not in client.get("/initiatieven/wachtrij").get_data(as_text=True)
    response = client.post(f"/initiatieven/{initiative.id}/goedkeuren", data={"version": initiative.version})
    assert response.status_code == 302
    assert db.session.get(Initiative, initiative.id).status is InitiativeStatus.GOEDGEKEURD


def test_a_teamlid_cannot_approve(world, client, auth):
    initiative = factories.initiative(world.project, status="wacht_op_goedkeuring")
    auth.login("tl@venlo.nl")
    assert client.post(f"/initiatieven/{initiative.id}/goedkeuren", data={"version": 1}).status_code == 403
    assert client.get(f"/initiatieven/{initiative.id}/afwijzen").status_code == 403
    assert client.get("/initiatieven/wachtrij").status_code == 403
    assert db.session.get(Initiative, initiative.id).status is InitiativeStatus.WACHT


def test_rejecting_needs_a_reason_and_keeps_what_was_typed(world, client, auth):
    initiative = factories.initiative(world.project, status="wacht_op_goedkeuring")
    auth.login("coord@vng.nl")
    url = f"/initiatieven/{initiative.id}/afwijzen"
    empty = client.post(url, data={"reason": "", "version": initiative.version})
    assert empty.status_code == 400 and errors_in(empty.get_data(as_text=True))
    done = client.post(url, data={"reason": HOSTILE, "version": initiative.version})
    assert done.status_code == 302
    auth.logout()
    auth.login("pl@venlo.nl")
    page = client.get(f"/initiatieven/{initiative.id}").get_data(as_text=True)
    assert "Afgewezen" in page and "&lt;script&gt;alert" in page


def test_withdrawing_asks_first(world, client, auth):
    initiative = factories.initiative(world.project)
    auth.login("pl@venlo.nl")
    confirm = client.get(f"/initiatieven/{initiative.id}/intrekken")
    assert confirm.status_code == 200 and "Weet u zeker" in confirm.get_data(as_text=True)
    assert db.session.get(Initiative, initiative.id).status is InitiativeStatus.GOEDGEKEURD
    assert client.post(f"/initiatieven/{initiative.id}/intrekken").status_code == 302
    assert db.session.get(Initiative, initiative.id).status is InitiativeStatus.INGETROKKEN
    again = client.get(f"/initiatieven/{initiative.id}/intrekken")
    assert again.status_code == 302  # nothing left to withdraw: back to the page, with the reason
    assert "al ingetrokken of afgewezen" in client.get(again.location).get_data(as_text=True)


# --- adopting --------------------------------------------------------------------------------------


def test_adopting_links_to_the_new_action(world, client, auth):
    initiative = factories.initiative(world.project, title=HOSTILE[:50])
    auth.login("pl@kampen.nl")
    page = client.get(f"/initiatieven/{initiative.id}").get_data(as_text=True)
    assert "Overnemen in dit project" in page and "Venlo project" not in page
    response = client.post(f"/initiatieven/{initiative.id}/overnemen", data={"project_id": world.other_project.id})
    assert response.status_code == 302
    action = db.session.scalars(sa.select(Action).where(Action.source_initiative_id == initiative.id)).one()
    assert response.headers["Location"].endswith(f"/projecten/{world.other_project.id}/acties/{action.id}")
    assert action.title == HOSTILE[:50]
    assert "een initiatief van een andere gemeente" in client.get(response.headers["Location"]).get_data(as_text=True)
    twice = client.post(f"/initiatieven/{initiative.id}/overnemen", data={"project_id": world.other_project.id})
    assert twice.status_code == 400 and _count(InitiativeAdoption) == 1


def test_adopting_without_a_project_or_into_a_foreign_one_is_refused(world, client, auth):
    initiative = factories.initiative(world.project)
    auth.login("pl@kampen.nl")
    empty = client.post(f"/initiatieven/{initiative.id}/overnemen", data={"project_id": ""})
    assert empty.status_code == 400 and errors_in(empty.get_data(as_text=True))
    foreign = client.post(f"/initiatieven/{initiative.id}/overnemen", data={"project_id": world.project.id})
    assert foreign.status_code == 404
    huge = client.post(f"/initiatieven/{initiative.id}/overnemen", data={"project_id": "99999999999999"})
    assert huge.status_code in (400, 404)
    assert _count(Action) == 0


def test_the_source_gemeente_sees_who_adopted_it(world, client, auth):
    initiative = factories.initiative(world.project)
    auth.login("pl@kampen.nl")
    client.post(f"/initiatieven/{initiative.id}/overnemen", data={"project_id": world.other_project.id})
    auth.logout()
    auth.login("lezer@venlo.nl")
    page = client.get(f"/initiatieven/{initiative.id}").get_data(as_text=True)
    assert "Kampen, sinds" in page and "Kampen project" not in page


# --- isolation: what is not published stays invisible on every initiative route ----------------------


@pytest.mark.parametrize("status", ["wacht_op_goedkeuring", "afgewezen", "ingetrokken"])
def test_unpublished_initiatives_are_not_found_by_other_gemeenten_on_every_route(app, world, client, auth, status):
    initiative = factories.initiative(world.project, "Geheim Venlo initiatief", status=status)
    auth.login("pl@kampen.nl")
    checked = 0
    for rule in _initiative_rules(app):
        url = rule.rule.replace("<int:initiative_id>", str(initiative.id))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={"project_id": world.other_project.id, "version": "1"})
            assert response.status_code == 404, f"{method} {url} gave {response.status_code}"
            assert "Geheim Venlo initiatief" not in response.get_data(as_text=True)
            checked += 1
    assert checked >= 7
    assert "Geheim Venlo initiatief" not in client.get("/initiatieven?q=Geheim").get_data(as_text=True)
    assert db.session.get(Initiative, initiative.id).status is InitiativeStatus(status)
    assert _count(InitiativeAdoption) == 0


def test_approved_initiatives_are_visible_to_every_gemeente_without_their_project(world, client, auth):
    initiative = factories.initiative(world.project, "Open Venlo initiatief")
    for email in ("pl@kampen.nl", "lezer@venlo.nl", "coord@vng.nl", "beheer@rfz.nl"):
        auth.login(email)
        response = client.get(f"/initiatieven/{initiative.id}")
        assert response.status_code == 200 and "Open Venlo initiatief" in response.get_data(as_text=True), email
        if email == "pl@kampen.nl":
            assert "Venlo project" not in response.get_data(as_text=True)
            assert f"/projecten/{world.project.id}" not in response.get_data(as_text=True)
        auth.logout()


def test_unknown_and_huge_ids_are_not_found(world, client, auth):
    auth.login("pl@venlo.nl")
    assert client.get("/initiatieven/424242").status_code == 404
    assert client.get("/initiatieven/99999999999999999999").status_code == 404
    assert client.get(f"/projecten/{world.project.id}/acties/99999999999999999999/delen").status_code == 404


def test_the_route_walk_names_every_catalogue_route_as_the_exception_to_isolation(app):
    from ..test_access_routes import CROSS_GEMEENTE

    catalogue = {
        r.endpoint
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("initiatives.") and "project_id" not in r.arguments
    }
    assert catalogue == CROSS_GEMEENTE


def test_publishing_and_approving_show_in_the_source_projects_history(world, client, auth):
    action = factories.action(world.project)
    auth.login("pl@venlo.nl")
    client.post(
        f"/projecten/{world.project.id}/acties/{action.id}/delen", data={**FORM, "stap": "indienen", "consent": "y"}
    )
    initiative = db.session.scalars(sa.select(Initiative)).one()
    auth.logout()
    auth.login("pb@vng.nl")
    client.post(f"/initiatieven/{initiative.id}/goedkeuren", data={"version": initiative.version})
    page = client.get(f"/projecten/{world.project.id}/geschiedenis").get_data(as_text=True)
    assert "Initiatief" in page and "Hoe het werkt" in page and "Beoordeeld door" in page
    assert "Marieke Janssen" not in page  # the contact's name is personal data, not kept in the history


def test_the_start_page_tells_a_procesbegeleider_how_many_initiatives_wait_for_approval(world, client, auth):
    factories.initiative(world.project, status="wacht_op_goedkeuring")
    factories.initiative(world.other_project, status="wacht_op_goedkeuring")  # a gemeente not assigned to pb@vng.nl
    auth.login("pb@vng.nl")
    page = client.get("/start").get_data(as_text=True)
    assert "1 initiatief wacht op uw goedkeuring" in " ".join(page.replace("</a>", "").split())
    auth.logout()
    auth.login("pl@venlo.nl")
    assert "op uw goedkeuring" not in client.get("/start").get_data(as_text=True)
