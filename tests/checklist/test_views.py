"""Request tests for the checklist page and the gemeente's own items."""

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from rfz_project.checklist.services import custom_ref
from rfz_project.extensions import db
from rfz_project.models import Action, ChecklistAnswer, ChecklistStatus, CustomChecklistItem

from .. import factories
from ..helpers import errors_in
from ..test_query_counts import count_queries

CHANGE = {"in_beeld_dpia-answer": "nog_niet", "in_beeld_dpia-seen": ""}
HOSTILE = "Schulden <script>alert('x')</script> & \"aanpak\" 'nu' 💶\nnieuwe regel"


class _FormReader(HTMLParser):
    """What a browser would send for the checklist form: hidden and text values, the checked radio of
    each group, and textarea contents."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._in_form = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "checklist-formulier":
            self._in_form = True
        elif self._in_form and tag == "input" and a.get("name"):
            if a.get("type") != "radio" or "checked" in a:
                self.values[a["name"]] = a.get("value") or ""
        elif self._in_form and tag == "textarea":
            self._textarea = a["name"]
            self.values[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            self.values[self._textarea] = self.values[self._textarea].removeprefix("\r\n").removeprefix("\n")
            self._textarea = None
        elif tag == "form" and self._in_form:
            self._in_form = False


def form_of(page: str) -> dict[str, str]:
    reader = _FormReader()
    reader.feed(page)
    return reader.values


def url(world) -> str:
    return f"/projecten/{world.project.id}/checklist"


def answers() -> dict[str, ChecklistAnswer]:
    db.session.expire_all()
    return {a.item_key or custom_ref(a.custom_item_id): a for a in db.session.scalars(sa.select(ChecklistAnswer))}


def open_form(client, world) -> dict[str, str]:
    return form_of(client.get(url(world)).get_data(as_text=True))


# --- the page --------------------------------------------------------------------------------------


def test_page_has_one_heading_a_summary_table_and_a_fieldset_per_item(logged_in_leider, client):
    page = client.get(url(logged_in_leider)).get_data(as_text=True)
    assert page.count("<h1") == 1 and "<caption" in page and 'scope="col"' in page and 'scope="row"' in page
    assert page.count("<fieldset") == 25 and page.count("<legend") == 25
    assert (
        '<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">'
        "We ontvangen signalen alleen op basis van een goedgekeurde DPIA.</legend>" in page
    )
    assert 'aria-label="Kruimelpad"' in page and "Nog niet beantwoord" in page
    assert "0 van 25 punten beantwoord (0%)" in page


def test_unanswered_items_start_on_nog_niet_beantwoord(logged_in_leider, client):
    values = open_form(client, logged_in_leider)
    assert values["in_beeld_dpia-answer"] == "" and values["in_beeld_dpia-version"] == ""


def test_groups_follow_the_route_order(logged_in_leider, client):
    page = client.get(url(logged_in_leider)).get_data(as_text=True)
    headings = re.findall(r'<h2 class="utrecht-heading-2" id="groep-[^"]+">([^<]+)</h2>', page)
    assert headings[:3] == ["Op zoek", "In beeld", "In contact"] and headings[-1].startswith("Algemeen")


def test_saving_the_whole_form_stores_only_what_changed(logged_in_leider, client):
    values = open_form(client, logged_in_leider)
    values.update({"in_beeld_dpia-answer": "nog_niet", "in_beeld_dpia-note": HOSTILE.replace("\n", "\r\n")})
    response = client.post(url(logged_in_leider), data=values)
    assert response.status_code == 302
    stored = answers()
    assert list(stored) == ["in_beeld_dpia"] and stored["in_beeld_dpia"].note == HOSTILE
    assert stored["in_beeld_dpia"].answer is ChecklistStatus.NOG_NIET


def test_hostile_note_is_shown_escaped_and_comes_back_intact(logged_in_leider, client):
    values = open_form(client, logged_in_leider)
    values.update({"in_beeld_dpia-answer": "nog_niet", "in_beeld_dpia-note": HOSTILE})
    client.post(url(logged_in_leider), data=values)
    page = client.get(url(logged_in_leider)).get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    values = form_of(page)
    assert values["in_beeld_dpia-note"] == HOSTILE
    # Saving the untouched form again changes nothing (the browser's text equals what is stored).
    version = answers()["in_beeld_dpia"].version
    assert client.post(url(logged_in_leider), data=values).status_code == 302
    assert answers()["in_beeld_dpia"].version == version


def test_aan_de_slag_links_the_new_action_on_the_page(logged_in_leider, client):
    values = open_form(client, logged_in_leider)
    values["in_beeld_dpia-answer"] = "aan_de_slag"
    response = client.post(url(logged_in_leider), data=values, follow_redirects=True)
    page = response.get_data(as_text=True)
    action = db.session.scalars(sa.select(Action)).one()
    assert "1 nieuwe actie op de actielijst" in page
    assert f'href="/projecten/{logged_in_leider.project.id}/acties/{action.id}"' in page
    assert "er komt geen tweede bij" in page
    client.post(url(logged_in_leider), data=form_of(page) | {"in_beeld_dpia-note": "nog een keer"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Action)) == 1


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"in_beeld_dpia-answer": "misschien"}, "in_beeld_dpia-answer", "Kies een van de antwoorden"),
        (
            {"in_beeld_dpia-answer": "nog_niet", "in_beeld_dpia-note": "x" * 5001},
            "in_beeld_dpia-note",
            "maximaal 5000 tekens",
        ),
    ],
)
def test_invalid_input_gets_a_dutch_message_next_to_the_field_and_input_stays(
    logged_in_leider, client, changes, field, message
):
    values = open_form(client, logged_in_leider)
    values.update({"in_gesprek_intake_triage-answer": "nvt", "in_gesprek_intake_triage-note": "Typte ik net 💶"})
    values.update(changes)
    response = client.post(url(logged_in_leider), data=values)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and f'id="{field}-fout"' in page
    assert any(message in e for e in errors_in(page)) and f'href="#{field}"' in page
    kept = form_of(page)
    assert kept["in_gesprek_intake_triage-answer"] == "nvt"
    assert kept["in_gesprek_intake_triage-note"] == "Typte ik net 💶"
    assert answers() == {}


def test_conflict_is_shown_per_item_and_the_users_input_is_kept(logged_in_leider, client):
    values = open_form(client, logged_in_leider)
    factories.checklist_answer(logged_in_leider.project, "in_beeld_dpia", answer="doen_we_al", note="Door Tom")
    values.update(
        {
            "in_beeld_dpia-answer": "nog_niet",
            "in_beeld_dpia-note": "Door Petra",
            "in_gesprek_intake_triage-answer": "nvt",
        }
    )
    response = client.post(url(logged_in_leider), data=values)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Iemand anders heeft dit punt intussen gewijzigd" in page and "Door Tom" in page
    assert 'href="#punt-in_beeld_dpia"' in page  # the error summary leads to the item
    kept = form_of(page)
    assert kept["in_beeld_dpia-answer"] == "nog_niet" and kept["in_beeld_dpia-note"] == "Door Petra"
    assert list(answers()) == ["in_beeld_dpia"] and answers()["in_beeld_dpia"].note == "Door Tom"
    # Saving the form again is a deliberate choice and goes through.
    assert client.post(url(logged_in_leider), data=kept).status_code == 302
    stored = answers()
    assert stored["in_beeld_dpia"].note == "Door Petra" and "in_gesprek_intake_triage" in stored


def test_lezer_sees_the_answers_without_a_form_and_cannot_post(world, client, auth):
    factories.checklist_answer(world.project, "in_beeld_dpia", answer="doen_we_al", note="Regel één\nRegel twee")
    auth.login("lezer@venlo.nl")
    page = client.get(url(world)).get_data(as_text=True)
    assert "Regel één\nRegel twee" in page and "Doen we al" in page
    assert "<fieldset" not in page and "Checklist opslaan" not in page and "Eigen punten van uw gemeente" in page
    assert client.post(url(world), data=CHANGE).status_code == 403
    assert answers()["in_beeld_dpia"].answer is ChecklistStatus.DOEN_WE_AL


def test_other_gemeente_gets_not_found(world, client, auth):
    auth.login("pl@kampen.nl")
    assert client.get(url(world)).status_code == 404
    assert client.post(url(world), data=CHANGE).status_code == 404
    assert answers() == {}


def test_foreign_own_item_in_a_post_is_ignored(logged_in_leider, client):
    foreign = factories.custom_checklist_item(logged_in_leider.other, "Van Kampen", mijlpaal="in_beeld")
    ref = custom_ref(foreign.id)
    response = client.post(url(logged_in_leider), data={f"{ref}-answer": "aan_de_slag", f"{ref}-seen": ""})
    assert response.status_code == 302 and answers() == {}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Action)) == 0


def test_checklist_project_gets_the_main_screen_text(world, client, auth):
    project = factories.project(world.home, name="Checklist Venlo", scope_type="checklist", mijlpalen=["in_contact"])
    auth.login("pl@venlo.nl")
    page = client.get(f"/projecten/{project.id}/checklist").get_data(as_text=True)
    assert "Dit project gebruikt de routekaart als checklist" in page
    assert "Dit project gebruikt de routekaart als checklist" not in client.get(url(world)).get_data(as_text=True)


def test_page_queries_do_not_grow_with_answers(logged_in_leider, client):
    keys = [item.key for item in client.application.extensions["routekaart"].checklist]
    own = factories.custom_checklist_item(logged_in_leider.home, mijlpaal=None)
    action = factories.action(logged_in_leider.project, title="Eerste")
    factories.checklist_answer(logged_in_leider.project, custom_item=own, answer="aan_de_slag", action=action)
    for key in keys[:4]:
        factories.checklist_answer(logged_in_leider.project, key, answer="nog_niet", note="n")
    with count_queries() as few:
        assert client.get(url(logged_in_leider)).status_code == 200
    for i, key in enumerate(keys[4:24]):
        linked = factories.action(logged_in_leider.project, title=f"Actie {i}") if i % 2 else None
        factories.checklist_answer(
            logged_in_leider.project, key, answer="aan_de_slag" if linked else "doen_we_al", action=linked
        )
    assert len(answers()) == 25
    with count_queries() as many:
        assert client.get(url(logged_in_leider)).status_code == 200
    assert len(many) == len(few)


# --- own items -------------------------------------------------------------------------------------


def test_own_item_is_added_and_appears_on_the_checklist(logged_in_leider, client):
    response = client.post(f"{url(logged_in_leider)}/eigen-punten", data={"text": HOSTILE, "mijlpaal": "in_contact"})
    assert response.status_code == 302
    item = db.session.scalars(sa.select(CustomChecklistItem)).one()
    assert item.text == HOSTILE.strip() and item.gemeente_id == logged_in_leider.home.id
    page = client.get(url(logged_in_leider)).get_data(as_text=True)
    assert f'id="{custom_ref(item.id)}-answer"' in page and "Eigen punt van uw gemeente" in page
    assert "<script>alert" not in page


def test_own_item_form_shows_dutch_errors_and_keeps_the_choice(logged_in_leider, client):
    response = client.post(f"{url(logged_in_leider)}/eigen-punten", data={"text": "  ", "mijlpaal": "in_gesprek"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="text-fout"' in page
    assert any("Beschrijf het punt" in e for e in errors_in(page))
    assert '<option selected value="in_gesprek">' in page
    response = client.post(f"{url(logged_in_leider)}/eigen-punten", data={"text": "Goed punt", "mijlpaal": "maan"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="mijlpaal-fout"' in page and "Goed punt" in page
    assert db.session.scalars(sa.select(CustomChecklistItem)).all() == []


def test_own_items_page_shows_only_the_gemeentes_own_items(logged_in_leider, client):
    factories.custom_checklist_item(logged_in_leider.home, "Venloos punt", mijlpaal="in_beeld")
    factories.custom_checklist_item(logged_in_leider.other, "Kampens punt", mijlpaal="in_beeld")
    page = client.get(f"{url(logged_in_leider)}/eigen-punten").get_data(as_text=True)
    assert "Venloos punt" in page and "Kampens punt" not in page and "<caption" in page
    assert "Kampens punt" not in client.get(url(logged_in_leider)).get_data(as_text=True)


def test_deleting_an_own_item_asks_first_and_says_what_goes(logged_in_leider, client):
    item = factories.custom_checklist_item(logged_in_leider.home, "Te verwijderen", mijlpaal=None)
    factories.checklist_answer(logged_in_leider.project, custom_item=item, answer="nog_niet")
    confirm = client.get(f"{url(logged_in_leider)}/eigen-punten/{item.id}/verwijderen").get_data(as_text=True)
    assert "Te verwijderen" in confirm and "1 antwoord in 1 project" in confirm
    assert client.post(f"{url(logged_in_leider)}/eigen-punten/{item.id}/verwijderen").status_code == 302
    assert db.session.scalars(sa.select(CustomChecklistItem)).all() == [] and answers() == {}


def test_foreign_own_item_cannot_be_deleted(logged_in_leider, client):
    foreign = factories.custom_checklist_item(logged_in_leider.other, "Van Kampen", mijlpaal="in_beeld")
    assert client.get(f"{url(logged_in_leider)}/eigen-punten/{foreign.id}/verwijderen").status_code == 404
    assert client.post(f"{url(logged_in_leider)}/eigen-punten/{foreign.id}/verwijderen").status_code == 404
    db.session.expire_all()
    assert db.session.get(CustomChecklistItem, foreign.id) is not None


def test_lezer_sees_own_items_but_cannot_add_or_delete(world, client, auth):
    item = factories.custom_checklist_item(world.home, "Zichtbaar punt", mijlpaal="in_beeld")
    auth.login("lezer@venlo.nl")
    page = client.get(f"{url(world)}/eigen-punten").get_data(as_text=True)
    assert "Zichtbaar punt" in page and "Punt toevoegen" not in page
    assert client.post(f"{url(world)}/eigen-punten", data={"text": "x", "mijlpaal": ""}).status_code == 403
    assert client.post(f"{url(world)}/eigen-punten/{item.id}/verwijderen").status_code == 403
    assert len(db.session.scalars(sa.select(CustomChecklistItem)).all()) == 1
