"""A finding's own edit page: its text, mijlpaal, rol and theme change without deleting it, so the theme it was
bundled in (unless changed) and the action made from it stay; an older form is a conflict that keeps what
was typed; only a finding of this sessie, of an open sessie, for who may change it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from rfz_project.errors import ConflictError, NotAuthorized, NotFound, ValidationError
from rfz_project.extensions import db
from rfz_project.models import Action, Finding, Sessie, SessieStatus, Theme
from rfz_project.results import services
from rfz_project.results.services import FindingInput

from .. import factories
from .conftest import HOSTILE, INVALID_FINDINGS


@pytest.fixture
def editing(setting):
    """The results setting with one finding to edit: (world, actor, sessie, theme, finding id)."""
    world, actor, sessie, theme = setting
    finding = services.add_finding(actor, world.project.id, sessie.id, FindingInput("Brief is moeilijk", "op_zoek"))
    return world, actor, sessie, theme, finding.id


def _stored(finding_id: int) -> Finding:
    db.session.expire_all()
    return db.session.scalars(sa.select(Finding).where(Finding.id == finding_id)).one()


def _update(editing, data: FindingInput, version: int | None, actor=None, sessie_id=None, finding_id=None):
    world, teamlid, sessie, _theme, finding = editing
    return services.update_finding(
        actor or teamlid, world.project.id, sessie_id or sessie.id, finding_id or finding, data, version
    )


def test_an_edit_changes_text_mijlpaal_rol_and_theme(editing):
    *_rest, theme, finding_id = editing
    version = _stored(finding_id).version
    _update(editing, FindingInput(f"  {HOSTILE}  ", "in_beeld", "inwoner", theme.id), version)

    stored = _stored(finding_id)
    assert (stored.text, stored.mijlpaal, stored.rol, stored.theme_id) == (HOSTILE, "in_beeld", "inwoner", theme.id)
    assert stored.version == version + 1


def test_the_action_made_from_it_stays_and_is_not_changed(editing):
    world, actor, _sessie, _theme, finding_id = editing
    action = services.finding_to_action(actor, world.project.id, finding_id, _stored(finding_id).version)
    title = action.title

    _update(editing, FindingInput("Een andere tekst"), _stored(finding_id).version)

    assert _stored(finding_id).action_id == action.id
    db.session.expire_all()
    assert db.session.get(Action, action.id).title == title


def test_an_older_form_is_a_conflict_and_changes_nothing(editing):
    *_rest, finding_id = editing
    version = _stored(finding_id).version
    _update(editing, FindingInput("Eerste"), version)
    for stale in (version, None):
        with pytest.raises(ConflictError):
            _update(editing, FindingInput("Tweede"), stale)
    assert _stored(finding_id).text == "Eerste"


@pytest.mark.parametrize("data, field", INVALID_FINDINGS)
def test_an_invalid_edit_is_refused_at_its_field(editing, data, field):
    *_rest, finding_id = editing
    with pytest.raises(ValidationError) as refused:
        _update(editing, data, _stored(finding_id).version)
    assert field in refused.value.errors and _stored(finding_id).text == "Brief is moeilijk"


def test_a_theme_of_another_project_is_refused(editing):
    world, *_rest, finding_id = editing
    foreign = Theme(project_id=world.other_project.id, name="Van Kampen")
    db.session.add(foreign)
    db.session.commit()
    with pytest.raises(ValidationError) as refused:
        _update(editing, FindingInput("x", theme_id=foreign.id), _stored(finding_id).version)
    assert "theme_id" in refused.value.errors and _stored(finding_id).theme_id is None


def test_a_finding_of_another_sessie_or_project_is_not_found(editing):
    world, actor, sessie, _theme, _finding_id = editing
    other_sessie = factories.sessie(world.project, mijlpalen=("op_zoek",))
    theirs = services.add_finding(actor, world.project.id, other_sessie.id, FindingInput("Van de andere sessie"))
    kampen = world.actor(world.other_projectleider)
    foreign_sessie = factories.sessie(world.other_project, mijlpalen=("op_zoek",))
    foreign = services.add_finding(kampen, world.other_project.id, foreign_sessie.id, FindingInput("Kampen"))
    for finding_id in (theirs.id, foreign.id):
        with pytest.raises(NotFound):
            _update(editing, FindingInput("gekaapt"), 1, finding_id=finding_id)
    assert _stored(theirs.id).text == "Van de andere sessie" and _stored(foreign.id).text == "Kampen"


def test_a_lezer_cannot_edit_and_a_finished_sessie_is_read_only(editing):
    world, _actor, sessie, _theme, finding_id = editing
    with pytest.raises(NotAuthorized):
        _update(editing, FindingInput("gewijzigd"), _stored(finding_id).version, actor=world.actor(world.lezer))
    db.session.execute(sa.update(Sessie).where(Sessie.id == sessie.id).values(status=SessieStatus.AFGEROND))
    db.session.commit()
    with pytest.raises(ValidationError):
        _update(editing, FindingInput("gewijzigd"), _stored(finding_id).version)
    assert _stored(finding_id).text == "Brief is moeilijk"


# --- the page ----------------------------------------------------------------------------------------


def test_the_page_shows_the_finding_and_saves_what_is_typed(editing, client, auth):
    world, _actor, sessie, theme, finding_id = editing
    auth.login("tl@venlo.nl")
    results = f"/projecten/{world.project.id}/sessies/{sessie.id}/resultaten"
    path = f"/projecten/{world.project.id}/sessies/{sessie.id}/bevindingen/{finding_id}"
    assert path in client.get(results).get_data(as_text=True)  # the link beside the finding

    page = client.get(path).get_data(as_text=True)
    assert "Brief is moeilijk</textarea>" in page and '<option selected value="op_zoek">' in page
    response = client.post(
        path,
        data={"text": HOSTILE, "mijlpaal": "", "rol": "inwoner", "theme_id": str(theme.id), "version": "1"},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/resultaten#bevindingen")
    stored = _stored(finding_id)
    assert (stored.text, stored.mijlpaal, stored.rol, stored.theme_id) == (HOSTILE, None, "inwoner", theme.id)


def test_a_refused_or_stale_save_keeps_what_was_typed(editing, client, auth):
    world, _actor, sessie, _theme, finding_id = editing
    auth.login("tl@venlo.nl")
    path = f"/projecten/{world.project.id}/sessies/{sessie.id}/bevindingen/{finding_id}"

    refused = client.post(path, data={"text": "", "mijlpaal": "op_zoek", "version": "1"})
    assert refused.status_code == 400 and "Beschrijf de bevinding." in refused.get_data(as_text=True)

    stale = client.post(path, data={"text": "Mijn nieuwe tekst", "mijlpaal": "op_zoek", "version": "0"})
    text = stale.get_data(as_text=True)
    assert stale.status_code == 400 and "Mijn nieuwe tekst</textarea>" in text and 'value="1"' in text
    assert _stored(finding_id).text == "Brief is moeilijk"


def test_a_finished_sessie_sends_the_edit_page_back_to_the_results(editing, client, auth):
    world, _actor, sessie, _theme, finding_id = editing
    db.session.execute(sa.update(Sessie).where(Sessie.id == sessie.id).values(status=SessieStatus.AFGEROND))
    db.session.commit()
    auth.login("tl@venlo.nl")
    response = client.get(f"/projecten/{world.project.id}/sessies/{sessie.id}/bevindingen/{finding_id}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/resultaten#bevindingen")


def test_the_overview_links_to_the_edit_page_of_findings_of_open_sessies_only(editing, client, auth):
    world, actor, sessie, _theme, finding_id = editing
    finished = factories.sessie(world.project, mijlpalen=("op_zoek",))
    old = services.add_finding(actor, world.project.id, finished.id, FindingInput("Van een afgeronde sessie"))
    db.session.execute(sa.update(Sessie).where(Sessie.id == finished.id).values(status=SessieStatus.AFGEROND))
    db.session.commit()
    overview = f"/projecten/{world.project.id}/resultaten"
    open_edit = f"/projecten/{world.project.id}/sessies/{sessie.id}/bevindingen/{finding_id}"
    finished_edit = f"/projecten/{world.project.id}/sessies/{finished.id}/bevindingen/{old.id}"

    auth.login("tl@venlo.nl")
    page = client.get(overview).get_data(as_text=True)
    assert open_edit in page and finished_edit not in page
    auth.logout()
    auth.login("lezer@venlo.nl")
    assert open_edit not in client.get(overview).get_data(as_text=True)
