"""The resultatensessie marks each open action quick win or later."""

import pytest
import sqlalchemy as sa

from rfz_project.actions import services
from rfz_project.errors import ConflictError, NotAuthorized, ValidationError
from rfz_project.extensions import db
from rfz_project.models import Action, ActionStatus, ActionTiming

from .. import factories


@pytest.fixture
def actions(world):
    theme = factories.theme(world.project)
    return [factories.action(world.project, theme=theme), factories.action(world.project)]


def test_choices_are_saved_at_once(world, actions):
    first, second = actions
    changed = services.set_timings(
        world.actor(world.teamlid),
        world.project.id,
        {first.id: "quick_win", second.id: "later"},
        {first.id: first.version, second.id: second.version},
    )
    db.session.expire_all()
    assert changed == 2
    assert [db.session.get(Action, a.id).timing for a in actions] == [ActionTiming.QUICK_WIN, ActionTiming.LATER]


def test_stale_choice_saves_nothing(world, actions):
    first, second = actions
    shown = {first.id: first.version, second.id: second.version}  # what both forms were opened with
    actor = world.actor(world.teamlid)
    services.set_timings(actor, world.project.id, {first.id: "later"}, dict(shown))
    with pytest.raises(ConflictError):
        services.set_timings(actor, world.project.id, {first.id: "quick_win", second.id: "later"}, dict(shown))
    db.session.expire_all()
    assert db.session.get(Action, second.id).timing == ActionTiming.ONBEPAALD


def test_unknown_choice_and_foreign_action_are_refused(world, actions):
    first, _second = actions
    actor = world.actor(world.teamlid)
    with pytest.raises(ValidationError):
        services.set_timings(actor, world.project.id, {first.id: "ooit"}, {first.id: first.version})
    foreign = factories.action(world.other_project)
    with pytest.raises(ConflictError):  # as for an action deleted meanwhile: nothing of the other project shows
        services.set_timings(actor, world.project.id, {foreign.id: "later"}, {foreign.id: foreign.version})
    assert db.session.get(Action, foreign.id).timing == ActionTiming.ONBEPAALD
    with pytest.raises(NotAuthorized):
        services.set_timings(world.actor(world.lezer), world.project.id, {first.id: "later"}, {first.id: first.version})


def test_page_lists_open_actions_by_theme_and_saves(world, actions, client, auth):
    done = factories.action(world.project)
    db.session.get(Action, done.id).status = ActionStatus.AFGEROND
    db.session.commit()
    auth.login("tl@venlo.nl")
    url = f"/projecten/{world.project.id}/acties/resultatensessie"
    page = client.get(url).get_data(as_text=True)
    assert page.count("<legend") == 2
    first, second = actions
    response = client.post(
        url,
        data={
            f"timing-{first.id}": "quick_win",
            f"version-{first.id}": str(first.version),
            f"timing-{second.id}": "later",
            f"version-{second.id}": str(second.version),
        },
        follow_redirects=True,
    )
    assert "2 acties gewijzigd" in response.get_data(as_text=True)
    assert set(db.session.scalars(sa.select(Action.timing).where(Action.id.in_([first.id, second.id])))) == {
        ActionTiming.QUICK_WIN,
        ActionTiming.LATER,
    }


def _posted(choices: dict, versions: dict) -> dict[str, str]:
    form = {f"timing-{action.id}": choice for action, choice in choices.items()}
    form.update({f"version-{action.id}": str(version) for action, version in versions.items()})
    return form


def _checked(page: str, action, value: str) -> bool:
    tag = page.split(f'id="timing-{action.id}-{value}"', 1)[1].split(">", 1)[0]
    return " checked" in tag


def test_a_conflict_keeps_the_choices_and_marks_what_changed_meanwhile(world, actions, client, auth):
    first, second = actions
    shown = {first: first.version, second: second.version}  # the page as both people opened it
    services.set_timings(world.actor(world.teamlid), world.project.id, {first.id: "later"}, {first.id: first.version})
    auth.login("tl@venlo.nl")
    url = f"/projecten/{world.project.id}/acties/resultatensessie"
    response = client.post(url, data=_posted({first: "quick_win", second: "quick_win"}, shown))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Uw keuzes zijn nog niet opgeslagen" in page and "Bij 1 actie staat wat er nu is opgeslagen" in page
    assert _checked(page, first, "quick_win") and _checked(page, second, "quick_win")  # the user's own choices
    assert page.count("intussen door iemand anders gewijzigd. Nu opgeslagen: Later.") == 1
    assert f'aria-describedby="timing-{first.id}-intussen"' in page
    db.session.expire_all()
    assert db.session.get(Action, second.id).timing == ActionTiming.ONBEPAALD  # nothing saved
    # The page carries the newest versions: saving again is the deliberate overwrite.
    newest = {first: db.session.get(Action, first.id).version, second: second.version}
    again = client.post(url, data=_posted({first: "quick_win", second: "quick_win"}, newest))
    assert again.status_code == 302
    db.session.expire_all()
    assert {db.session.get(Action, a.id).timing for a in actions} == {ActionTiming.QUICK_WIN}


def test_an_action_deleted_meanwhile_gives_the_page_again_not_an_error(world, actions, client, auth):
    first, second = actions
    posted = _posted({first: "later", second: "quick_win"}, {first: first.version, second: second.version})
    services.delete_action(world.actor(world.projectleider), world.project.id, first.id)
    auth.login("tl@venlo.nl")
    response = client.post(f"/projecten/{world.project.id}/acties/resultatensessie", data=posted)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Uw keuzes zijn nog niet opgeslagen" in page
    assert _checked(page, second, "quick_win")
    db.session.expire_all()
    assert db.session.get(Action, second.id).timing == ActionTiming.ONBEPAALD
