"""A page of the action list or the implementatieplan is kept per process while its project stays the same."""

from __future__ import annotations

from datetime import date, timedelta

from rfz_project import kept
from rfz_project.actions import services
from rfz_project.actions.services import ActionFilter, ActionValues
from rfz_project.extensions import db
from rfz_project.projects import summaries

from .. import factories
from ..test_query_counts import count_queries

TODAY = date.today()


def _list(leider, world, page=1, **filters):
    return services.action_list(leider, world.project.id, ActionFilter(**filters), TODAY, page)


def test_an_unchanged_page_costs_the_access_check_and_one_small_statement(world, leider):
    factories.action(world.project, "Eerste", deadline=TODAY + timedelta(days=3))
    first = _list(leider, world)
    with count_queries() as statements:
        again = _list(leider, world)
    assert again.rows is first.rows and [r.action.title for r in again.rows] == ["Eerste"]
    assert len(statements) == 1  # the project with its fingerprint (summaries.load_project)
    plan = services.implementation_plan(leider, world.project.id, TODAY, 1)
    with count_queries() as statements:
        assert services.implementation_plan(leider, world.project.id, TODAY, 1).page_months == plan.page_months
    assert len(statements) == 1


def test_rows_are_plain_values_not_objects_of_a_past_request(world, leider):
    factories.action(world.project, "Eerste")
    row = _list(leider, world).rows[0]
    assert isinstance(row.action, ActionValues) and row.action.title == "Eerste"


def test_a_change_shows_at_once_on_both_pages(world, leider):
    action = factories.action(world.project, "Oud", deadline=TODAY + timedelta(days=3))
    _list(leider, world)
    services.implementation_plan(leider, world.project.id, TODAY, 1)
    action.title = "Nieuw"
    db.session.commit()
    assert [r.action.title for r in _list(leider, world).rows] == ["Nieuw"]
    plan = services.implementation_plan(leider, world.project.id, TODAY, 1)
    assert [r.action.title for m in plan.page_months for r in m.rows] == ["Nieuw"]


def test_each_filter_and_page_is_kept_on_its_own_and_another_project_is_not_touched(world, leider):
    factories.action(world.project, "Te laat", deadline=TODAY - timedelta(days=2))
    factories.action(world.project, "Op tijd", deadline=TODAY + timedelta(days=2))
    assert [r.action.title for r in _list(leider, world, overdue=True).rows] == ["Te laat"]
    assert [r.action.title for r in _list(leider, world).rows] == ["Te laat", "Op tijd"]
    other = services.action_list(world.actor(world.other_projectleider), world.other_project.id, None, TODAY, 1)
    assert other.rows == []


def test_a_new_day_counts_the_days_late_again(world, leider):
    factories.action(world.project, "Bijna", deadline=TODAY)
    assert _list(leider, world).rows[0].days_late == 0
    tomorrow = services.action_list(leider, world.project.id, None, TODAY + timedelta(days=1), 1)
    assert tomorrow.rows[0].days_late == 1


def test_what_the_audit_trail_does_not_see_is_trusted_for_a_minute_only(world, leider, monkeypatch):
    factories.action(world.project, "Eerste")
    first = _list(leider, world)
    later = kept.time.monotonic() + summaries.PAGE_MAX_AGE + 1
    monkeypatch.setattr(kept.time, "monotonic", lambda: later)
    assert _list(leider, world).rows is not first.rows


def test_the_resultatensessie_page_is_kept_and_shows_a_choice_at_once_with_its_new_version(world, leider):
    action = factories.action(world.project, "Kiezen")
    first = services.timing_page(leider, world.project.id, 1)
    shown = first.groups[0].actions[0]
    with count_queries() as statements:
        assert services.timing_page(leider, world.project.id, 1).groups is first.groups
    assert len(statements) == 1
    services.set_timings(leider, world.project.id, {action.id: "quick_win"}, {action.id: shown.version})
    after = services.timing_page(leider, world.project.id, 1).groups[0].actions[0]
    assert after.timing.value == "quick_win" and after.version == shown.version + 1
