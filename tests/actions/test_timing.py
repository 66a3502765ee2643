"""The resultatensessie marks each open action quick win or later."""

import pytest
import sqlalchemy as sa

from rfz_project.actions import services
from rfz_project.errors import ConflictError, NotAuthorized, NotFound, ValidationError
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
    with pytest.raises(NotFound):
        services.set_timings(actor, world.project.id, {foreign.id: "later"}, {foreign.id: foreign.version})
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
