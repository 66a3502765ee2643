"""Request tests of the coverage matrix, the checklist comparison and the gemeente page with its notes."""

import re

import pytest
import sqlalchemy as sa
from markupsafe import escape

from rfz_project.extensions import db
from rfz_project.models import GemeenteNote, ProcesbegeleiderAssignment, SessieStatus

from .. import factories
from ..helpers import errors_in, project_record_ids, url_for_rule
from ..test_query_counts import count_queries

HOSTILE = "Let op <script>alert('x')</script> & \"planning\" 'nu' 💶\nTweede regel"
PRIVACY = "deze notities lezen alleen procesbegeleiders en coördinatoren van de VNG"


def _page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def _notes():
    db.session.expire_all()
    return db.session.scalars(sa.select(GemeenteNote).order_by(GemeenteNote.id)).all()


# --- the coverage matrix ---------------------------------------------------------------------------


def test_coverage_page_shows_cells_in_words_totals_and_links(world, client, auth):
    sessie = factories.sessie(world.other_project, mijlpalen=("op_zoek",))
    sessie.status = SessieStatus.AFGEROND
    db.session.commit()
    factories.action(world.other_project, mijlpaal="op_zoek")
    auth.login("coord@vng.nl")
    page = _page(client, "/vng/mijlpalen")
    assert "<caption" in page and 'scope="col"' in page and 'scope="row"' in page
    text = re.sub(r"<[^>]+>", "", page)  # what a screen reader reads: the figures of a cell as one sentence
    assert "in scope · 1 sessie · 1 actie" in text
    assert "niet in scope · 0 sessies · 0 acties" in text
    assert "2 gemeenten in scope · 1 sessie · 1 actie" in text
    assert f'href="/vng/gemeenten/{world.other.id}"' in page
    assert "Elke mijlpaal valt bij minstens één van deze gemeenten" in page


def test_coverage_page_names_the_mijlpalen_nobody_works_on(world, client, auth):
    auth.login("coord@vng.nl")
    page = _page(client, "/vng/mijlpalen?zoek=Kampen")
    assert "Nog geen van deze gemeenten werkt aan</strong> In contact, In gesprek" in page
    assert "Met vertrouwen de toekomst tegemoet: deze mijlpalen vallen" in page
    assert "Venlo" not in page.split("<tbody")[1]


def test_coverage_search_without_match_and_hostile_search_text(world, client, auth):
    auth.login("pb@vng.nl")
    page = _page(client, "/vng/mijlpalen?zoek=" + "<b>%27" * 40)
    assert "Geen gemeente die u volgt" in page and "<b>'" not in page


def test_coverage_pages_keep_the_search(world, client, auth, monkeypatch):
    from rfz_project import paging

    monkeypatch.setattr(paging, "PAGE_SIZE", 1)
    factories.gemeente("Kampen-Oost")
    auth.login("coord@vng.nl")
    page = _page(client, "/vng/mijlpalen?zoek=kampen")
    assert "/vng/mijlpalen?pagina=2&amp;zoek=kampen#overzicht" in page
    assert "Totaal van alle 2 gemeenten" in page


def _grow(world, n):
    """n more gemeenten, each with a project that held a sessie, has an action and answered the checklist;
    all assigned to the procesbegeleider."""
    for i in range(n):
        gemeente = factories.gemeente(f"Extra {n}-{i}")
        project = factories.project(gemeente, name=f"Project {n}-{i}")
        sessie = factories.sessie(project, mijlpalen=("in_beeld",))
        sessie.status = SessieStatus.AFGEROND
        factories.action(project, mijlpaal="in_beeld")
        factories.checklist_answer(project, "in_beeld_dpia", answer="nog_niet")
        factories.gemeente_note(gemeente, world.procesbegeleider)
        db.session.add(ProcesbegeleiderAssignment(user_id=world.procesbegeleider.id, gemeente_id=gemeente.id))
    db.session.commit()


def _queries(client, url):
    with count_queries() as statements:
        assert client.get(url).status_code == 200, url
    return len(statements)


@pytest.mark.parametrize("email", ["coord@vng.nl", "pb@vng.nl"])
@pytest.mark.parametrize("path", ["/vng/mijlpalen", "/vng/checklist"])
def test_queries_do_not_grow_with_gemeenten(world, client, auth, email, path):
    auth.login(email)
    _grow(world, 1)
    few = _queries(client, path)
    _grow(world, 27)
    assert _queries(client, path) == few


def test_gemeente_page_queries_do_not_grow_with_notes_or_projects(world, client, auth):
    auth.login("pb@vng.nl")
    factories.gemeente_note(world.home, world.procesbegeleider)
    url = f"/vng/gemeenten/{world.home.id}"
    few = _queries(client, url)
    for i in range(10):
        factories.gemeente_note(world.home, world.procesbegeleider, f"Notitie {i}")
        factories.project(world.home, name=f"Project {i}")
    assert _queries(client, url) == few


# --- the checklist comparison ----------------------------------------------------------------------


def test_checklist_comparison_shows_counts_and_names(world, client, auth):
    factories.checklist_answer(world.project, "in_beeld_dpia", answer="doen_we_al")
    factories.checklist_answer(world.other_project, "in_beeld_dpia", answer="aan_de_slag")
    auth.login("coord@vng.nl")
    page = _page(client, "/vng/checklist")
    assert "in_beeld_dpia" not in page  # items by their text, never their key
    assert "Gaan we mee aan de slag" in page and "<details" in page
    assert "<summary>1 gemeente<span" in page and "Venlo" in page and "Kampen" in page
    assert 'id="mijlpaal-in_beeld"' in page


def test_checklist_comparison_without_answers_says_so(world, client, auth):
    auth.login("pb@vng.nl")
    assert "Nog geen van deze gemeenten heeft een punt" in _page(client, "/vng/checklist")


# --- the gemeente page and its notes ---------------------------------------------------------------


def test_gemeente_page_lists_projects_and_says_who_reads_the_notes(world, client, auth):
    auth.login("pb@vng.nl")
    page = _page(client, f"/vng/gemeenten/{world.home.id}")
    assert f'href="/projecten/{world.project.id}"' in page and "Venlo project" in page
    assert PRIVACY in page and "De gemeente zelf ziet ze nergens" in page
    assert "Notitie toevoegen" in page


def test_a_procesbegeleider_adds_a_note_and_it_shows_intact(world, client, auth):
    auth.login("pb@vng.nl")
    response = client.post(f"/vng/gemeenten/{world.home.id}", data={"text": HOSTILE})
    assert response.status_code == 302 and response.headers["Location"].endswith("#notities")
    [note] = _notes()
    assert note.text == HOSTILE and note.author_name == "Paul Begeleider"
    page = _page(client, f"/vng/gemeenten/{world.home.id}")
    assert str(escape(HOSTILE)) in page and "<script>alert" not in page
    assert "Paul Begeleider" in page and "Notitie aangemaakt" in page


def test_an_empty_note_is_a_400_with_the_message_by_the_field(world, client, auth):
    auth.login("pb@vng.nl")
    response = client.post(f"/vng/gemeenten/{world.home.id}", data={"text": "  "})
    assert response.status_code == 400
    assert errors_in(response.get_data(as_text=True)) == [
        "Schrijf de notitie: wat wilt u vastleggen over deze gemeente?"
    ]
    assert _notes() == []


def test_a_note_too_long_keeps_what_was_typed(world, client, auth):
    auth.login("pb@vng.nl")
    text = "Lang verhaal & meer " * 300
    response = client.post(f"/vng/gemeenten/{world.home.id}", data={"text": text})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "maximaal 5000 tekens" in page
    assert str(escape(text.strip())) in page


def test_the_coordinator_reads_notes_and_cannot_post_one(world, client, auth):
    note = factories.gemeente_note(world.other, world.procesbegeleider, "Notitie over Kampen")
    auth.login("coord@vng.nl")
    page = _page(client, f"/vng/gemeenten/{world.other.id}")
    assert "Notitie over Kampen" in page and "Notitie toevoegen" not in page and "Bewerken" not in page
    assert client.post(f"/vng/gemeenten/{world.other.id}", data={"text": "Mag niet"}).status_code == 403
    edit = f"/vng/gemeenten/{world.other.id}/notities/{note.id}"
    assert client.post(edit, data={"text": "Mag niet", "version": str(note.version)}).status_code == 403
    assert client.get(edit + "/verwijderen").status_code == 403
    assert client.post(edit + "/verwijderen").status_code == 403
    assert [n.text for n in _notes()] == ["Notitie over Kampen"]


def test_a_procesbegeleider_gets_404_for_a_gemeente_not_assigned(world, client, auth):
    note = factories.gemeente_note(world.other, world.coordinator, "Geheim van Kampen")
    auth.login("pb@vng.nl")
    base = f"/vng/gemeenten/{world.other.id}"
    for url in (base, f"{base}/notities/{note.id}", f"{base}/notities/{note.id}/verwijderen"):
        for method in ("GET", "POST"):
            response = client.open(url, method=method, data={"text": "x", "version": "1"})
            assert response.status_code == 404, f"{method} {url}"
            assert "Geheim van Kampen" not in response.get_data(as_text=True)
    assert client.get("/vng/gemeenten/2147483648").status_code == 404


def test_the_author_edits_a_note(world, client, auth):
    note = factories.gemeente_note(world.home, world.procesbegeleider, "Eerst")
    auth.login("pb@vng.nl")
    url = f"/vng/gemeenten/{world.home.id}/notities/{note.id}"
    assert "Eerst</textarea>" in _page(client, url)
    response = client.post(url, data={"text": HOSTILE, "version": str(note.version)})
    assert response.status_code == 302
    assert _notes()[0].text == HOSTILE
    assert "bewerkt" in _page(client, f"/vng/gemeenten/{world.home.id}")


def test_a_stale_edit_says_so_and_keeps_the_text(world, client, auth):
    note = factories.gemeente_note(world.home, world.procesbegeleider, "Eerst")
    auth.login("pb@vng.nl")
    url = f"/vng/gemeenten/{world.home.id}/notities/{note.id}"
    assert client.post(url, data={"text": "Tweede", "version": str(note.version)}).status_code == 302
    response = client.post(url, data={"text": "Mijn versie", "version": str(note.version)})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Iemand anders heeft dit intussen gewijzigd" in page
    assert "Mijn versie</textarea>" in page
    assert _notes()[0].text == "Tweede"


def test_a_colleague_sees_the_note_read_only(world, client, auth):
    colleague = factories.user("pb2@vng.nl", is_procesbegeleider=True, assigned_to=[world.home])
    note = factories.gemeente_note(world.home, world.procesbegeleider, "Van Paul")
    auth.login(colleague.email)
    url = f"/vng/gemeenten/{world.home.id}/notities/{note.id}"
    page = _page(client, url)
    assert "Van Paul" in page and "<textarea" not in page
    assert client.post(url, data={"text": "x", "version": str(note.version)}).status_code == 403


def test_deleting_asks_first_then_deletes(world, client, auth):
    note = factories.gemeente_note(world.home, world.procesbegeleider, "Weg ermee")
    auth.login("pb@vng.nl")
    url = f"/vng/gemeenten/{world.home.id}/notities/{note.id}/verwijderen"
    page = _page(client, url)
    assert "Weet u zeker dat u deze notitie" in page and "Weg ermee" in page
    assert _notes() != []
    response = client.post(url)
    assert response.status_code == 302
    assert _notes() == []
    assert "Notitie verwijderd" in _page(client, f"/vng/gemeenten/{world.home.id}")


def test_notes_never_show_on_a_page_of_the_gemeente(app, world, client, auth):
    """Not for the gemeente's people, and not on a project page for the VNG either: only /vng/ shows them."""
    ids = project_record_ids(world)  # holds a note about Venlo
    factories.gemeente_note(world.home, world.procesbegeleider, HOSTILE)
    texts = [n.text for n in _notes()]
    for email in ("pl@venlo.nl", "lezer@venlo.nl", "pb@vng.nl", "coord@vng.nl"):
        auth.login(email)
        checked = 0
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint.startswith("oversight."):
                continue
            if "project_id" not in rule.arguments and rule.endpoint != "pages.home":
                continue
            if not set(rule.arguments) <= ids.keys():  # a route still being built, without ids in the helper
                continue
            response = client.get(url_for_rule(app, rule, ids))
            if response.mimetype != "text/html":
                continue
            page = response.get_data(as_text=True)
            for text in texts:
                assert str(escape(text)) not in page and text not in page, f"{email}: {rule.rule}"
            checked += 1
        assert checked >= 20
        auth.logout()
