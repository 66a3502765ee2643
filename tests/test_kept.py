"""Results kept per process against the data's marker (kept.py)."""

from __future__ import annotations

from rfz_project import kept
from rfz_project.extensions import db
from rfz_project.models import SessieStatus
from rfz_project.oversight.checklist_comparison import checklist_comparison
from rfz_project.oversight.coverage import coverage_page
from rfz_project.pages.start import start_page
from rfz_project.projects.overview import start_overview

from . import factories
from .test_query_counts import count_queries


def test_a_result_is_made_again_only_when_its_marker_changes(ctx, monkeypatch):
    made: list[int] = []
    store: kept.Kept[int] = kept.Kept("test_probe")

    def make() -> int:
        made.append(1)
        return len(made)

    assert store.get_or_make("a", (1,), make) == 1
    assert store.get_or_make("a", (1,), make) == 1
    assert store.get_or_make("b", (1,), make) == 2  # per key
    assert store.get_or_make("a", (2,), make) == 3  # a new marker
    later = kept.time.monotonic() + kept.MAX_AGE + 1
    monkeypatch.setattr(kept.time, "monotonic", lambda: later)
    assert store.get_or_make("a", (2,), make) == 4  # too old, whatever the marker says


def test_only_so_many_results_of_a_kind_are_kept(ctx, monkeypatch):
    monkeypatch.setattr(kept, "PER_KIND", 2)
    store: kept.Kept[str] = kept.Kept("test_bounded")
    for key in "abc":
        store.get_or_make(key, (), lambda key=key: key)
    assert store.get_or_make("a", (), lambda: "again") == "again"  # the oldest went first
    assert store.get_or_make("c", (), lambda: "not again") == "c"


def test_the_marker_changes_with_a_new_gemeente_and_a_change_in_a_project(world):
    first = kept.read_marker()
    factories.gemeente("Almere")
    second = kept.read_marker()
    factories.team_member(world.project)
    assert len({first, second, kept.read_marker()}) == 3


def test_the_coverage_is_kept_and_follows_a_held_sessie(world):
    actor = world.actor(world.coordinator)
    before = coverage_page(actor)
    with count_queries() as statements:
        assert coverage_page(actor) is before
    assert len(statements) == 1
    sessie = factories.sessie(world.project, mijlpalen=("op_zoek",))
    sessie.status = SessieStatus.AFGEROND
    db.session.commit()
    after = coverage_page(actor)
    assert next(t for t in after.totals if t.mijlpaal.key == "op_zoek").sessies == 1


def test_the_checklist_comparison_is_kept_and_follows_an_answer_and_a_gemeente(world):
    actor = world.actor(world.coordinator)
    before = checklist_comparison(actor)
    with count_queries() as statements:
        assert checklist_comparison(actor) is before
    assert len(statements) == 1
    factories.checklist_answer(world.project, "in_beeld_dpia", answer="doen_we_al")
    assert checklist_comparison(actor).answered_any and not before.answered_any
    count = checklist_comparison(actor).gemeente_count
    factories.gemeente("Almere")
    assert checklist_comparison(actor).gemeente_count == count + 1


def test_each_view_has_its_own(world):
    coordinator, begeleider = world.actor(world.coordinator), world.actor(world.procesbegeleider)
    assert coverage_page(coordinator).gemeente_count == 2
    assert coverage_page(begeleider).gemeente_count == 1
    assert checklist_comparison(coordinator).gemeente_count == 2
    assert checklist_comparison(begeleider).gemeente_count == 1


def test_a_start_page_is_kept_per_view_and_follows_a_new_project(world):
    coordinator, leider = world.actor(world.coordinator), world.actor(world.projectleider)
    first = start_overview(coordinator)
    with count_queries() as statements:
        assert start_overview(coordinator) is first
    assert len(statements) == 1
    assert [r.project.name for r in start_overview(leider).rows] == ["Venlo project"]
    factories.project(world.home, name="Tweede Venlo project")
    assert {r.project.name for r in start_overview(leider).rows} == {"Venlo project", "Tweede Venlo project"}
    assert len(start_overview(coordinator).rows) == 3


def test_the_start_page_reads_its_support_and_initiative_counts_with_the_marker(world):
    coordinator = world.actor(world.coordinator)
    first = start_page(coordinator)
    with count_queries() as statements:
        again = start_page(coordinator)
    assert again.overview is first.overview and len(statements) == 1
    assert first.support is not None and first.initiatives_waiting == 0
    factories.support_request(world.project)
    factories.initiative(world.project, status="wacht_op_goedkeuring")  # waits for approval
    later = start_page(coordinator)
    assert later.support is not None and later.support.new_count == first.support.new_count + 1
    assert later.initiatives_waiting == 1
    leider = start_page(world.actor(world.projectleider))
    assert leider.support is not None and leider.support.open_count == 1 and leider.initiatives_waiting is None
