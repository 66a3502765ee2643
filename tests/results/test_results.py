import pytest
import sqlalchemy as sa

from rfz_project.errors import ConflictError, NotAuthorized, NotFound, ValidationError
from rfz_project.extensions import db
from rfz_project.models import Action, Agreement, BlueprintColumn, Finding, SessieStatus, Theme
from rfz_project.results import services
from rfz_project.results.services import AgreementInput, ColumnInput, FindingInput

from .. import factories
from .conftest import HOSTILE, INVALID_FINDINGS


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_finding_is_recorded_with_mijlpaal_rol_and_theme(setting):
    world, actor, sessie, theme = setting
    finding = services.add_finding(
        actor, world.project.id, sessie.id, FindingInput(HOSTILE, "in_beeld", "inwoner", theme.id)
    )
    db.session.expire_all()
    stored = db.session.get(Finding, finding.id)
    assert (stored.text, stored.mijlpaal, stored.rol, stored.theme_id, stored.project_id) == (
        HOSTILE,
        "in_beeld",
        "inwoner",
        theme.id,
        world.project.id,
    )


@pytest.mark.parametrize("data, field", INVALID_FINDINGS)
def test_invalid_finding_is_refused(setting, data, field):
    world, actor, sessie, _theme = setting
    with pytest.raises(ValidationError) as error:
        services.add_finding(actor, world.project.id, sessie.id, data)
    assert field in error.value.errors and count(Finding) == 0


def test_theme_of_another_project_is_refused(setting):
    world, actor, sessie, _theme = setting
    foreign = Theme(project_id=world.other_project.id, name="Van Kampen")
    db.session.add(foreign)
    db.session.commit()
    with pytest.raises(ValidationError, match="thema van dit project"):
        services.add_finding(actor, world.project.id, sessie.id, FindingInput("x", theme_id=foreign.id))
    assert count(Finding) == 0


def test_lezer_and_other_gemeente_cannot_record(setting):
    world, _actor, sessie, _theme = setting
    with pytest.raises(NotAuthorized):
        services.add_finding(world.actor(world.lezer), world.project.id, sessie.id, FindingInput("x"))
    with pytest.raises(NotFound):
        services.add_finding(world.actor(world.other_projectleider), world.project.id, sessie.id, FindingInput("x"))


def test_finished_session_results_are_read_only(setting):
    world, actor, sessie, _theme = setting
    sessie_row = db.session.get(type(sessie), sessie.id)
    sessie_row.status = SessieStatus.AFGEROND
    db.session.commit()
    with pytest.raises(ValidationError, match="afgerond"):
        services.add_finding(actor, world.project.id, sessie.id, FindingInput("x"))
    with pytest.raises(ValidationError, match="afgerond"):
        services.add_column(actor, world.project.id, sessie.id, ColumnInput("Stap"))


def test_findings_are_bundled_in_a_theme(setting):
    world, actor, sessie, theme = setting
    ids = [
        services.add_finding(actor, world.project.id, sessie.id, FindingInput(f"Bevinding {i}")).id for i in range(3)
    ]
    bundled = services.assign_theme(actor, world.project.id, ids[:2], theme.id)
    assert (bundled.count, bundled.theme.id, bundled.new_theme) == (2, theme.id, False)
    results = services.project_results(actor, world.project.id)
    by_theme = {g.theme.name if g.theme else None: [f.text for f in g.findings] for g in results.groups}
    assert by_theme == {"Communicatie": ["Bevinding 0", "Bevinding 1"], None: ["Bevinding 2"]}


def test_bundling_a_finding_of_another_project_is_refused(setting):
    world, actor, sessie, theme = setting
    kampen = world.actor(world.other_projectleider)
    kampen_sessie = factories.sessie(world.other_project)
    foreign = services.add_finding(kampen, world.other_project.id, kampen_sessie.id, FindingInput("Kampen"))
    with pytest.raises(ValidationError):
        services.assign_theme(actor, world.project.id, [foreign.id], theme.id)
    db.session.expire_all()
    assert db.session.get(Finding, foreign.id).theme_id is None


def test_finding_becomes_an_action_in_one_step_and_keeps_the_link(setting):
    world, actor, sessie, theme = setting
    finding = services.add_finding(
        actor, world.project.id, sessie.id, FindingInput(HOSTILE, "op_zoek", "professional", theme.id)
    )
    action = services.finding_to_action(actor, world.project.id, finding.id, finding.version)
    db.session.expire_all()
    stored = db.session.get(Action, action.id)
    assert stored.title == 'Brief is <onduidelijk> & "streng" 😟' and stored.description == HOSTILE
    assert (stored.mijlpaal, stored.rol, stored.theme_id, stored.project_id) == (
        "op_zoek",
        "professional",
        theme.id,
        world.project.id,
    )
    assert db.session.get(Finding, finding.id).action_id == action.id
    with pytest.raises((ValidationError, ConflictError)):
        services.finding_to_action(actor, world.project.id, finding.id, db.session.get(Finding, finding.id).version)
    assert count(Action) == 1


def test_finding_of_another_project_cannot_become_an_action_here(setting):
    world, actor, _sessie, _theme = setting
    kampen_sessie = factories.sessie(world.other_project)
    foreign = services.add_finding(
        world.actor(world.other_projectleider), world.other_project.id, kampen_sessie.id, FindingInput("Kampen")
    )
    with pytest.raises(NotFound):
        services.finding_to_action(actor, world.project.id, foreign.id, foreign.version)
    assert count(Action) == 0


def test_blueprint_columns_are_added_moved_edited_and_removed(setting):
    world, actor, sessie, _theme = setting
    letter = services.add_column(actor, world.project.id, sessie.id, ColumnInput("Brief", inwoner="Leest de brief"))
    call = services.add_column(actor, world.project.id, sessie.id, ColumnInput("Bellen", support="KCC-systeem"))
    services.move_column(actor, world.project.id, sessie.id, call.id, -1)
    board = services.sessie_results(actor, world.project.id, sessie.id).columns
    assert [c.title for c in board] == ["Bellen", "Brief"]
    services.update_column(
        actor, world.project.id, sessie.id, letter.id, ColumnInput("Brief ontvangen", backstage=HOSTILE), letter.version
    )
    with pytest.raises(ConflictError):
        services.update_column(actor, world.project.id, sessie.id, letter.id, ColumnInput("Oud"), letter.version - 1)
    services.delete_column(actor, world.project.id, sessie.id, call.id)
    board = services.sessie_results(actor, world.project.id, sessie.id).columns
    assert [(c.title, c.position, c.backstage) for c in board] == [("Brief ontvangen", 0, HOSTILE)]
    with pytest.raises(ValidationError):
        services.add_column(actor, world.project.id, sessie.id, ColumnInput(""))
    assert count(BlueprintColumn) == 1


def test_agreements_are_recorded_and_validated(setting):
    world, actor, sessie, _theme = setting
    services.add_agreement(actor, world.project.id, sessie.id, AgreementInput("Tom", "meelezen", "Leest het verslag"))
    with pytest.raises(ValidationError) as error:
        services.add_agreement(actor, world.project.id, sessie.id, AgreementInput("", "dansen"))
    assert set(error.value.errors) == {"who", "kind"}
    assert count(Agreement) == 1


def test_results_pages_render_for_reader_and_writer(setting, client, auth):
    world, actor, sessie, theme = setting
    services.add_finding(actor, world.project.id, sessie.id, FindingInput(HOSTILE, theme_id=theme.id))
    services.add_column(actor, world.project.id, sessie.id, ColumnInput("Brief <ontvangen>"))
    auth.login("lezer@venlo.nl")
    page = client.get(f"/projecten/{world.project.id}/sessies/{sessie.id}/resultaten").get_data(as_text=True)
    assert "Brief is &lt;onduidelijk&gt; &amp; &#34;streng&#34; 😟" in page and "Brief &lt;ontvangen&gt;" in page
    assert "Bevinding opslaan" not in page and "Maak hier een actie van" not in page
    overview = client.get(f"/projecten/{world.project.id}/resultaten").get_data(as_text=True)
    assert "Communicatie (1)" in overview


def test_writer_bundles_and_converts_through_the_pages(setting, client, auth):
    world, actor, sessie, theme = setting
    finding = services.add_finding(actor, world.project.id, sessie.id, FindingInput("Wachttijd te lang"))
    auth.login("tl@venlo.nl")
    url = f"/projecten/{world.project.id}/resultaten"
    assert client.post(url, data={"finding_ids": [str(finding.id)], "theme_id": str(theme.id)}).status_code == 302
    response = client.post(
        f"/projecten/{world.project.id}/bevindingen/{finding.id}/actie",
        data={"version": "2", "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == url
    assert db.session.scalars(sa.select(Action.title)).one() == "Wachttijd te lang"


def test_empty_bundle_gets_a_message(setting, client, auth):
    world, *_ = setting
    auth.login("tl@venlo.nl")
    response = client.post(f"/projecten/{world.project.id}/resultaten", data={"theme_id": ""})
    assert response.status_code == 400 and "Kies bevindingen uit de lijst." in response.get_data(as_text=True)
