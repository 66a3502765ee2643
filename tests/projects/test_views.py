"""Request tests: what a projectleider sees and submits in the browser, without the browser."""

import re

import pytest
import sqlalchemy as sa

from rfz_project.extensions import db
from rfz_project.models import Decision, Project, StepState, TeamMember

from ..helpers import errors_in

HOSTILE = "Schulden <script>alert('x')</script> & \"aanpak\" 💶\nnieuwe regel"


def wizard_data(**changes):
    data = {
        "name": "Informatie verbeteren",
        "mijlpalen": ["op_zoek", "in_contact", "in_gesprek"],
        "spoor": "inwoner",
        "central_question": "Hoe vinden inwoners ons eerder?",
        "reasons": ["nieuw_beleid"],
        "reason_note": "",
        "start_date": "2026-03-02",
        "gemeente_id": "",
    }
    data.update(changes)
    return data


def test_wizard_step_one_lists_the_five_scope_types(logged_in_leider, client):
    page = client.get("/projecten/nieuw").get_data(as_text=True)
    for label in [
        "Hele routekaart",
        "Combinatie van mijlpalen",
        "Eén mijlpaal",
        "Eén rol",
        "De routekaart als checklist",
    ]:
        assert label in page
    response = client.post("/projecten/nieuw", data={"scope_type": "een_rol"})
    assert response.headers["Location"] == "/projecten/nieuw/een_rol"


def test_wizard_step_one_without_a_choice_explains_what_to_do(logged_in_leider, client):
    response = client.post("/projecten/nieuw", data={})
    assert response.status_code == 400
    assert "Kies een van de vijf manieren" in response.get_data(as_text=True)


def test_wizard_creates_a_combination_project(logged_in_leider, client):
    response = client.post("/projecten/nieuw/combinatie", data=wizard_data(gemeente_id=str(logged_in_leider.home.id)))
    assert response.status_code == 302
    project = db.session.scalars(sa.select(Project).where(Project.name == "Informatie verbeteren")).one()
    assert project.gemeente_id == logged_in_leider.home.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Op zoek, In contact, In gesprek" in page
    assert "Geplande fasen" in page and "<svg" in page


def test_single_gemeente_is_chosen_automatically(logged_in_leider, client):
    page = client.get("/projecten/nieuw/combinatie").get_data(as_text=True)
    assert f'name="gemeente_id" value="{logged_in_leider.home.id}"' in page


def test_invalid_combination_keeps_everything_that_was_typed(logged_in_leider, client):
    response = client.post(
        "/projecten/nieuw/combinatie",
        data=wizard_data(mijlpalen=["in_beeld"], gemeente_id=str(logged_in_leider.home.id), central_question=HOSTILE),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert any("minstens twee mijlpalen" in e for e in errors_in(page))
    assert 'value="Informatie verbeteren"' in page
    assert "Schulden &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;aanpak&#34; 💶" in page
    assert re.search(r'value="in_beeld"\s+checked', page)
    assert 'value="2026-03-02"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 2


def test_malformed_date_gets_a_dutch_message(logged_in_leider, client):
    response = client.post(
        "/projecten/nieuw/combinatie",
        data=wizard_data(start_date="31-02-2026", gemeente_id=str(logged_in_leider.home.id)),
    )
    assert response.status_code == 400
    messages = errors_in(response.get_data(as_text=True))
    assert messages and all("Not a valid" not in m for m in messages)


def test_unknown_scope_type_in_the_url_is_not_found(logged_in_leider, client):
    assert client.get("/projecten/nieuw/alles").status_code == 404


def test_teamlid_cannot_open_the_wizard(world, client, auth):
    auth.login("tl@venlo.nl")
    assert client.get("/projecten/nieuw").status_code == 403
    assert "Nieuw project starten" not in client.get("/start").get_data(as_text=True)


def test_hostile_text_is_shown_intact_and_escaped_on_the_project_page(logged_in_leider, client):
    client.post(
        "/projecten/nieuw/een_mijlpaal",
        data=wizard_data(mijlpalen=["in_contact"], central_question=HOSTILE, gemeente_id=str(logged_in_leider.home.id)),
    )
    project = db.session.scalars(sa.select(Project).where(Project.name == "Informatie verbeteren")).one()
    assert project.central_question == HOSTILE.strip()
    page = client.get(f"/projecten/{project.id}").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;aanpak&#34; 💶" in page
    assert "Optioneel bij één mijlpaal" in page


def test_large_scope_marks_optional_steps_as_advised(logged_in_leider, client):
    page = client.get(f"/projecten/{logged_in_leider.project.id}").get_data(as_text=True)
    assert page.count("Aanbevolen voor deze reikwijdte") == 2


def test_project_page_shows_progress_and_step_status(logged_in_leider, client):
    client.post(
        f"/projecten/{logged_in_leider.project.id}/stappen/voorbereiding.reikwijdte",
        data={
            "status": "afgerond",
            "owner_id": str(logged_in_leider.teamlid.id),
            "due_date": "2026-01-20",
            "notes": "Klaar",
            "version": "",
        },
    )
    page = client.get(f"/projecten/{logged_in_leider.project.id}").get_data(as_text=True)
    assert "Status: Afgerond" in page and "Eigenaar: Tom Lid" in page
    assert "1 van 12 stappen klaar" in page
    assert "1 van 4 stappen klaar" in page
    assert "Volgende stap: Besluitvorming" in page and "Nog geen besluit vastgelegd" in page


def test_edit_scope_changes_the_project_and_its_planning(logged_in_leider, client):
    project = logged_in_leider.project
    response = client.post(
        f"/projecten/{project.id}/reikwijdte/een_mijlpaal",
        data=wizard_data(mijlpalen=["in_gesprek"], version=str(project.version)),
    )
    assert response.status_code == 302
    page = client.get(f"/projecten/{project.id}").get_data(as_text=True)
    assert "Eén mijlpaal" in page and "4 weken" in page


def test_stale_scope_form_shows_a_conflict_and_keeps_the_input(logged_in_leider, client):
    project = logged_in_leider.project
    client.post(
        f"/projecten/{project.id}/reikwijdte/combinatie",
        data=wizard_data(name="Eerste versie", version=str(project.version)),
    )
    response = client.post(
        f"/projecten/{project.id}/reikwijdte/combinatie",
        data=wizard_data(name="Tweede versie", version=str(project.version)),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Iemand anders heeft dit intussen gewijzigd" in page and 'value="Tweede versie"' in page
    db.session.expire_all()
    assert db.session.get(Project, project.id).name == "Eerste versie"
    # Saving again (now with the newest version in the form) is a deliberate overwrite.
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    assert (
        client.post(
            f"/projecten/{project.id}/reikwijdte/combinatie", data=wizard_data(name="Tweede versie", version=version)
        ).status_code
        == 302
    )


def test_step_conflict_between_two_editors(world, app):
    first, second = app.test_client(), app.test_client()
    first.post("/inloggen", data={"email": "pl@venlo.nl", "password": "een-goed-wachtwoord"})
    second.post("/inloggen", data={"email": "tl@venlo.nl", "password": "een-goed-wachtwoord"})
    url = f"/projecten/{world.project.id}/stappen/voorbereiding.besluitvorming"
    form = {"status": "bezig", "owner_id": "", "due_date": "", "notes": "van de projectleider", "version": ""}
    assert first.post(url, data=form).status_code == 302
    response = second.post(url, data=dict(form, notes="van het teamlid"))
    assert response.status_code == 400
    assert "Iemand anders heeft dit intussen gewijzigd" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalars(sa.select(StepState.notes)).one() == "van de projectleider"


def test_step_owner_of_another_gemeente_is_refused_next_to_the_field(logged_in_leider, client):
    response = client.post(
        f"/projecten/{logged_in_leider.project.id}/stappen/voorbereiding.reikwijdte",
        data={"status": "bezig", "owner_id": str(logged_in_leider.other_projectleider.id), "version": ""},
    )
    assert response.status_code == 400
    assert 'id="owner_id-fout"' in response.get_data(as_text=True)


def test_team_page_adds_and_removes_a_member(logged_in_leider, client):
    url = f"/projecten/{logged_in_leider.project.id}/team"
    response = client.post(
        url, data={"user_id": "", "name": "Directeur <Jansen>", "discipline": "directie", "team_role": "opdrachtgever"}
    )
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Directeur &lt;Jansen&gt;" in page and "Opdrachtgever" in page
    member = db.session.scalars(sa.select(TeamMember)).one()
    assert client.post(f"{url}/{member.id}/verwijderen").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TeamMember)) == 0


def test_team_member_without_user_or_name_is_refused(logged_in_leider, client):
    response = client.post(
        f"/projecten/{logged_in_leider.project.id}/team",
        data={"user_id": "", "name": "", "discipline": "beleid", "team_role": "lid"},
    )
    assert response.status_code == 400 and 'id="name-fout"' in response.get_data(as_text=True)


def test_projectplan_is_saved_and_shown_again(logged_in_leider, client):
    url = f"/projecten/{logged_in_leider.project.id}/projectplan"
    data = {
        "aim": HOSTILE,
        "scope": "",
        "result": "Een werkende aanpak",
        "approach": "",
        "organisation": "",
        "planning": "",
        "risks": "Te weinig capaciteit",
        "version": "",
    }
    assert client.post(url, data=data).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Te weinig capaciteit" in page and "💶" in page


def test_decision_with_dutch_amount_is_recorded_and_listed(logged_in_leider, client):
    response = client.post(
        f"/projecten/{logged_in_leider.project.id}/besluiten/nieuw",
        data={
            "title": "Go voor het project",
            "decided_on": "2026-01-15",
            "decided_by": "Directie",
            "budget": "€ 12.345,50",
            "capacity_hours": "320",
            "rationale": "",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/projecten/{logged_in_leider.project.id}/stappen/voorbereiding.besluitvorming").get_data(
        as_text=True
    )
    assert "Go voor het project" in page and "€\u00a012.345,50" in page and "15\u00a0januari 2026" in page


@pytest.mark.parametrize("budget, message", [("-100", "negatief"), ("twaalf", "Vul een bedrag in")])
def test_bad_budget_is_refused_with_a_dutch_message(logged_in_leider, client, budget, message):
    response = client.post(
        f"/projecten/{logged_in_leider.project.id}/besluiten/nieuw", data={"title": "Go", "budget": budget}
    )
    assert response.status_code == 400
    assert any(message in e for e in errors_in(response.get_data(as_text=True)))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 0


def test_deleting_a_decision_asks_for_confirmation_first(logged_in_leider, client):
    from .. import factories

    decision = factories.decision(logged_in_leider.project)
    url = f"/projecten/{logged_in_leider.project.id}/besluiten/{decision.id}/verwijderen"
    page = client.get(url).get_data(as_text=True)
    assert "Weet u zeker" in page
    assert db.session.get(Decision, decision.id) is not None
    assert client.post(url).status_code == 302
    db.session.expire_all()
    assert db.session.get(Decision, decision.id) is None


def test_start_page_shows_progress_per_project(world, client, auth):
    auth.login("pb@vng.nl")
    page = client.get("/start").get_data(as_text=True)
    assert "Venlo project" in page and "Kampen project" not in page
    # right after the wizard the scope is recorded: step 1 is ready, so progress is no longer 0
    assert "1 van 12 stappen klaar" in page and "Voorbereiding" in page


def test_all_problems_are_reported_after_one_submit(logged_in_leider, client):
    response = client.post(
        "/projecten/nieuw/combinatie",
        data=wizard_data(mijlpalen=["in_beeld"], central_question="", gemeente_id=str(logged_in_leider.home.id)),
    )
    messages = errors_in(response.get_data(as_text=True))
    assert any("minstens twee mijlpalen" in m for m in messages)
    assert sum("centrale vraag" in m for m in messages) == 1


def test_unreadable_number_gets_one_dutch_message(logged_in_leider, client):
    response = client.post(
        f"/projecten/{logged_in_leider.project.id}/besluiten/nieuw",
        data={"title": "Go", "capacity_hours": "veel", "decided_on": "32-13-2026"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page.count('id="capacity_hours-fout"') == 1 and "Ongeldig getal." in page
    assert "Vul een aantal uren" not in page and "Ongeldige datum." in page
