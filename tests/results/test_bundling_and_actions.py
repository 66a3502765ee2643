"""Bundling findings in a theme typed on the spot, and the way from a finding to its new action."""

import re

import pytest
import sqlalchemy as sa

from rfz_project.actions.services import THEME_NAME_TAKEN
from rfz_project.errors import NotAuthorized, ValidationError
from rfz_project.extensions import db
from rfz_project.models import Action, Finding, Theme
from rfz_project.results import services
from rfz_project.results.services import FindingInput

from .. import factories
from ..helpers import errors_in


@pytest.fixture
def setting(world):
    sessie = factories.sessie(world.project, mijlpalen=("op_zoek", "in_beeld"))
    actor = world.actor(world.teamlid)
    ids = [
        services.add_finding(actor, world.project.id, sessie.id, FindingInput(f"Bevinding {i}")).id for i in range(3)
    ]
    return world, actor, sessie, ids


def themes() -> list[str]:
    return list(db.session.scalars(sa.select(Theme.name).order_by(Theme.name)))


def theme_ids_of(ids) -> list[int | None]:
    db.session.expire_all()
    return [db.session.get(Finding, i).theme_id for i in ids]


def test_findings_are_bundled_in_a_theme_typed_while_bundling(setting):
    world, actor, _sessie, ids = setting
    bundled = services.assign_theme(actor, world.project.id, ids[:2], None, "  Bereikbaarheid  ")
    assert (bundled.count, bundled.theme.name, bundled.new_theme) == (2, "Bereikbaarheid", True)
    assert themes() == ["Bereikbaarheid"]
    assert theme_ids_of(ids) == [bundled.theme.id, bundled.theme.id, None]


@pytest.mark.parametrize(
    "name, message",
    [("communicatie", THEME_NAME_TAKEN), ("Communicatie", THEME_NAME_TAKEN), ("x" * 201, "Maximaal 200 tekens.")],
)
def test_a_new_theme_follows_the_rules_of_the_themes_page(setting, name, message):
    world, actor, _sessie, ids = setting
    factories.theme(world.project, name="Communicatie")
    with pytest.raises(ValidationError) as error:
        services.assign_theme(actor, world.project.id, ids, None, name)
    assert error.value.errors == {"new_theme": [message]}
    assert themes() == ["Communicatie"] and theme_ids_of(ids) == [None, None, None]


def test_a_new_theme_and_a_chosen_theme_together_are_refused(setting):
    world, actor, _sessie, ids = setting
    chosen = factories.theme(world.project, name="Communicatie")
    with pytest.raises(ValidationError) as error:
        services.assign_theme(actor, world.project.id, ids, chosen.id, "Wachttijd")
    assert "niet allebei" in error.value.errors["new_theme"][0] and themes() == ["Communicatie"]


def test_no_theme_is_made_when_the_findings_are_refused(setting):
    world, actor, _sessie, _ids = setting
    with pytest.raises(ValidationError) as error:
        services.assign_theme(actor, world.project.id, [], None, "Wachttijd")
    assert set(error.value.errors) == {"finding_ids"} and themes() == []


def test_a_lezer_cannot_make_a_theme_while_bundling(setting):
    world, _actor, _sessie, ids = setting
    with pytest.raises(NotAuthorized):
        services.assign_theme(world.actor(world.lezer), world.project.id, ids, None, "Wachttijd")
    assert themes() == []


def test_the_overview_makes_the_theme_and_says_so(setting, client, auth):
    world, _actor, _sessie, ids = setting
    auth.login("tl@venlo.nl")
    url = f"/projecten/{world.project.id}/resultaten"
    response = client.post(
        url,
        data={"finding_ids": [str(ids[0])], "theme_id": "", "new_theme": "Brieven <duidelijker>"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Het thema &#39;Brieven &lt;duidelijker&gt;&#39; is gemaakt. Naar dit thema verplaatst: 1 bevinding." in page
    assert "Brieven &lt;duidelijker&gt; (1)" in page
    assert "3 bevindingen" in page


def test_a_refused_new_theme_shows_the_message_at_the_field_and_keeps_the_input(setting, client, auth):
    world, _actor, _sessie, ids = setting
    factories.theme(world.project, name="Communicatie")
    auth.login("tl@venlo.nl")
    response = client.post(
        f"/projecten/{world.project.id}/resultaten",
        data={"finding_ids": [str(ids[0]), str(ids[2])], "theme_id": "", "new_theme": "communicatie"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="new_theme-fout"' in page and THEME_NAME_TAKEN in errors_in(page)
    assert 'value="communicatie"' in page
    checked = set(re.findall(r'value="(\d+)" id="bevinding-\d+" checked', page))
    assert checked == {str(ids[0]), str(ids[2])}


def test_the_overview_counts_one_finding_in_the_singular(world, client, auth):
    sessie = factories.sessie(world.project)
    services.add_finding(world.actor(world.teamlid), world.project.id, sessie.id, FindingInput("Alleen deze"))
    auth.login("lezer@venlo.nl")
    page = client.get(f"/projecten/{world.project.id}/resultaten").get_data(as_text=True)
    assert "1 bevinding:" in page and "1 bevindingen" not in page


def test_making_an_action_links_to_the_new_action(setting, client, auth):
    world, _actor, sessie, ids = setting
    db.session.get(Finding, ids[0]).text = 'Brief <b>onduidelijk</b> & "streng"'
    db.session.commit()
    auth.login("tl@venlo.nl")
    results = f"/projecten/{world.project.id}/sessies/{sessie.id}/resultaten"
    response = client.post(
        f"/projecten/{world.project.id}/bevindingen/{ids[0]}/actie",
        data={"version": str(db.session.get(Finding, ids[0]).version), "next": results},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    action = db.session.scalars(sa.select(Action)).one()
    link = f'<a class="utrecht-link" href="/projecten/{world.project.id}/acties/{action.id}">'
    assert f"Er is een actie gemaakt: {link}Brief &lt;b&gt;onduidelijk&lt;/b&gt; &amp; &#34;streng&#34;</a>." in page
    assert client.get(f"/projecten/{world.project.id}/acties/{action.id}").status_code == 200


def test_the_blueprint_counts_its_steps_in_the_right_form(setting, client, auth):
    world, actor, sessie, _ids = setting
    services.add_column(actor, world.project.id, sessie.id, services.ColumnInput("Brief"))
    auth.login("tl@venlo.nl")
    page = client.get(f"/projecten/{world.project.id}/sessies/{sessie.id}/resultaten").get_data(as_text=True)
    assert "Service Blueprint (1 stap)" in page
