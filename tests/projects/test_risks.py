"""The risks of the projectplan: services and request tests (risico, kans, impact, maatregel)."""

import pytest
import sqlalchemy as sa

from rfz_project.errors import ConflictError, NotAuthorized, NotFound, ValidationError
from rfz_project.extensions import db
from rfz_project.models import ProjectRisk, RiskLevel
from rfz_project.projects import risks
from rfz_project.projects.history import history_page

from .. import factories
from ..helpers import errors_in

HOSTILE_TITLE = "Geen budget <>&\"' 🙂"
HOSTILE_TEXT = "Eerste regel <script>alert('x')</script> & \"zo\" 💶\nTweede regel"
ESCAPED_TITLE = "Geen budget &lt;&gt;&amp;&#34;&#39; 🙂"


def form(**changes) -> dict:
    values = {
        "title": "Te weinig inwoners doen mee",
        "likelihood": "hoog",
        "impact": "middel",
        "measure": "",
        "version": "",
    }
    values.update(changes)
    return values


def risk_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(ProjectRisk))


def base(world) -> str:
    return f"/projecten/{world.project.id}/projectplan"


# --- services --------------------------------------------------------------------------------------


def test_save_edit_and_delete_a_risk(world, leider):
    saved = risks.save_risk(leider, world.project.id, risks.RiskInput(" Geen zaal ", "laag", "hoog", " Uitwijken "))
    assert (saved.title, saved.likelihood, saved.impact, saved.measure) == (
        "Geen zaal",
        RiskLevel.LAAG,
        RiskLevel.HOOG,
        "Uitwijken",
    )
    changed = risks.save_risk(leider, world.project.id, risks.RiskInput("Geen zaal", "middel", "middel"), saved.id, 1)
    assert changed.version == 2 and changed.likelihood == RiskLevel.MIDDEL
    with pytest.raises(ConflictError):
        risks.save_risk(leider, world.project.id, risks.RiskInput("Oud formulier"), saved.id, 1)
    assert [r.title for r in risks.risk_list(leider, world.project.id)] == ["Geen zaal"]
    risks.delete_risk(leider, world.project.id, saved.id)
    assert risk_count() == 0


def test_every_problem_is_reported_at_once(world, leider):
    with pytest.raises(ValidationError) as error:
        risks.save_risk(leider, world.project.id, risks.RiskInput("", "zeer hoog", "", "x" * 20_001))
    assert set(error.value.errors) == {"title", "likelihood", "impact", "measure"}
    assert risk_count() == 0


def test_risks_of_another_gemeente_are_not_found_and_a_lezer_may_not_change_them(world):
    foreign = factories.risk(world.other_project)
    leider = world.actor(world.projectleider)
    with pytest.raises(NotFound):
        risks.save_risk(leider, world.project.id, risks.RiskInput("Gekaapt"), foreign.id, 1)
    with pytest.raises(NotFound):
        risks.delete_risk(leider, world.other_project.id, foreign.id)
    with pytest.raises(NotAuthorized):
        risks.save_risk(world.actor(world.lezer), world.project.id, risks.RiskInput("Door een lezer"))
    db.session.expire_all()
    assert db.session.get(ProjectRisk, foreign.id).title == "Te weinig inwoners doen mee"


def test_the_history_names_a_risk_in_words(world, leider):
    risks.save_risk(leider, world.project.id, risks.RiskInput("Geen zaal", "laag", "hoog", "Uitwijken"))
    entry = next(e for e in history_page(leider, world.project.id).events if e.entity == "Risico")
    changes = {c.field: c.after for c in entry.changes}
    assert changes["Risico"] == "Geen zaal" and changes["Maatregel"] == "Uitwijken"
    assert changes["Kans"] == "Laag" and changes["Impact"] == "Hoog"


# --- requests --------------------------------------------------------------------------------------


def test_a_new_risk_appears_in_the_plan_page_table(logged_in_leider, client):
    response = client.post(f"{base(logged_in_leider)}/risicos/nieuw", data=form(measure="Via de bibliotheek"))
    assert response.status_code == 302 and response.headers["Location"].endswith("/projectplan")
    page = client.get(base(logged_in_leider)).get_data(as_text=True)
    assert "Te weinig inwoners doen mee" in page and "Via de bibliotheek" in page
    assert '<caption class="utrecht-table__caption" id="tabel-risicos">' in page
    assert "Hoog" in page and "Middel" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "Beschrijf het risico"),
        ({"title": "x" * 201}, "title", "Maximaal 200 tekens."),
        ({"likelihood": ""}, "likelihood", "Kies hoe groot de kans is"),
        ({"impact": "enorm"}, "impact", "Kies hoe groot de gevolgen zijn"),
    ],
)
def test_invalid_input_gets_a_dutch_message_next_to_the_field(logged_in_leider, client, changes, field, message):
    response = client.post(
        f"{base(logged_in_leider)}/risicos/nieuw", data=form(measure="Mijn getypte maatregel", **changes)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and f'id="{field}-fout"' in page
    assert any(message in e for e in errors_in(page))
    assert "Mijn getypte maatregel" in page
    assert risk_count() == 0


def test_hostile_text_is_stored_intact_and_shown_escaped(logged_in_leider, client):
    url = f"{base(logged_in_leider)}/risicos/nieuw"
    assert client.post(url, data=form(title=HOSTILE_TITLE, measure=HOSTILE_TEXT)).status_code == 302
    risk = db.session.scalars(sa.select(ProjectRisk)).one()
    assert (risk.title, risk.measure) == (HOSTILE_TITLE, HOSTILE_TEXT)
    page = client.get(base(logged_in_leider)).get_data(as_text=True)
    assert ESCAPED_TITLE in page and "<script>alert" not in page
    edit = client.get(f"{base(logged_in_leider)}/risicos/{risk.id}").get_data(as_text=True)
    assert ESCAPED_TITLE in edit and "💶\nTweede regel" in edit


def test_concurrent_edit_is_a_conflict_that_keeps_the_users_input(logged_in_leider, client):
    risk = factories.risk(logged_in_leider.project, "Oorspronkelijk")
    url = f"{base(logged_in_leider)}/risicos/{risk.id}"
    assert client.post(url, data=form(title="Eerst opgeslagen", version="1")).status_code == 302
    response = client.post(url, data=form(title="Mijn versie", version="1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'value="Mijn versie"' in page
    db.session.expire_all()
    assert db.session.get(ProjectRisk, risk.id).title == "Eerst opgeslagen"


def test_deleting_a_risk_asks_for_confirmation_first(logged_in_leider, client):
    risk = factories.risk(logged_in_leider.project)
    url = f"{base(logged_in_leider)}/risicos/{risk.id}/verwijderen"
    assert "Weet u zeker" in client.get(url).get_data(as_text=True)
    assert risk_count() == 1
    assert client.post(url).status_code == 302
    assert risk_count() == 0


def test_lezer_sees_risks_read_only(world, client, auth):
    risk = factories.risk(world.project, "Zaal te klein")
    auth.login("lezer@venlo.nl")
    page = client.get(base(world)).get_data(as_text=True)
    assert "Zaal te klein" in page and "Risico toevoegen" not in page
    assert "Risico opslaan" not in client.get(f"{base(world)}/risicos/{risk.id}").get_data(as_text=True)
    assert client.get(f"{base(world)}/risicos/nieuw").status_code == 403
    assert client.post(f"{base(world)}/risicos/{risk.id}", data=form(version="1")).status_code == 403
    assert client.post(f"{base(world)}/risicos/{risk.id}/verwijderen").status_code == 403


def test_other_gemeente_gets_404_and_sees_nothing(world, client, auth):
    risk = factories.risk(world.project, "Geheim risico")
    auth.login("pl@kampen.nl")
    for url in ("", "/risicos/nieuw", f"/risicos/{risk.id}", f"/risicos/{risk.id}/verwijderen"):
        response = client.get(base(world) + url)
        assert response.status_code == 404 and "Geheim risico" not in response.get_data(as_text=True), url
    assert client.post(f"{base(world)}/risicos/nieuw", data=form()).status_code == 404
    assert client.get(f"{base(world)}/risicos/99999999999").status_code == 404
    assert risk_count() == 1
