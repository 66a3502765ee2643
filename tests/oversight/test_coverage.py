"""Mijlpaal coverage: the figures per gemeente and mijlpaal, the totals, who sees which gemeenten."""

from datetime import datetime

import pytest

from rfz_project import paging
from rfz_project.errors import NotFound
from rfz_project.extensions import db
from rfz_project.models import ActionStatus, SessieStatus
from rfz_project.oversight.coverage import Cell, coverage_page

from .. import factories

ALL = factories.ALL_MIJLPALEN


def _held(project, mijlpalen):
    sessie = factories.sessie(project, mijlpalen=mijlpalen)
    sessie.status = SessieStatus.AFGEROND
    db.session.commit()
    return sessie


def _cells(page, name):
    row = next(r for r in page.rows if r.name == name)
    return dict(zip([m.key for m in page.mijlpalen], row.cells, strict=True))


def _totals(page):
    return {t.mijlpaal.key: (t.gemeenten, t.sessies, t.acties) for t in page.totals}


def test_the_matrix_has_the_eight_mijlpalen_of_the_routekaart(world):
    page = coverage_page(world.actor(world.coordinator))
    assert [m.key for m in page.mijlpalen] == ALL
    assert page.mijlpalen[0].label == "Op zoek"


def test_hele_routekaart_covers_all_eight_and_a_combination_only_its_own(world):
    page = coverage_page(world.actor(world.coordinator))
    venlo, kampen = _cells(page, "Venlo"), _cells(page, "Kampen")
    assert all(cell.in_scope for cell in venlo.values())
    assert {key for key, cell in kampen.items() if cell.in_scope} == {"op_zoek", "in_beeld"}


def test_cells_count_held_sessies_and_actions_that_were_not_struck_off(world):
    _held(world.project, ("op_zoek", "in_beeld"))
    _held(world.project, ("op_zoek",))
    factories.sessie(world.project, mijlpalen=("op_zoek",))  # a concept: not held
    factories.action(world.project, "Eén", mijlpaal="op_zoek")
    factories.action(world.project, "Twee", mijlpaal="op_zoek", status=ActionStatus.AFGEROND)
    factories.action(world.project, "Geschrapt", mijlpaal="op_zoek", status=ActionStatus.GESCHRAPT)
    factories.action(world.project, "Zonder mijlpaal")
    cells = _cells(coverage_page(world.actor(world.coordinator)), "Venlo")
    assert cells["op_zoek"] == Cell(in_scope=True, sessies=2, acties=2)
    assert cells["in_beeld"] == Cell(in_scope=True, sessies=1, acties=0)
    assert cells["in_contact"] == Cell(in_scope=True, sessies=0, acties=0)


def test_a_closed_project_is_out_of_scope_but_its_work_still_counts(world):
    _held(world.other_project, ("op_zoek",))
    factories.action(world.other_project, mijlpaal="in_beeld")
    world.other_project.closed_at = datetime(2026, 6, 1)
    db.session.commit()
    cells = _cells(coverage_page(world.actor(world.coordinator)), "Kampen")
    assert cells["op_zoek"] == Cell(in_scope=False, sessies=1, acties=0)
    assert cells["in_beeld"] == Cell(in_scope=False, sessies=0, acties=1)


def test_two_open_projects_of_one_gemeente_make_one_cell(world):
    second = factories.project(world.other, name="Tweede", scope_type="een_mijlpaal", mijlpalen=["in_beeld"])
    _held(second, ("in_beeld",))
    _held(world.other_project, ("in_beeld",))
    cells = _cells(coverage_page(world.actor(world.coordinator)), "Kampen")
    assert cells["in_beeld"] == Cell(in_scope=True, sessies=2, acties=0)


def test_totals_count_gemeenten_in_scope_and_all_their_work(world):
    _held(world.project, ("op_zoek",))
    _held(world.other_project, ("op_zoek", "in_beeld"))
    factories.action(world.other_project, mijlpaal="op_zoek")
    totals = _totals(coverage_page(world.actor(world.coordinator)))
    assert totals["op_zoek"] == (2, 2, 1)
    assert totals["in_beeld"] == (2, 1, 0)
    assert totals["toekomst_tegemoet"] == (1, 0, 0)


def test_mijlpalen_no_gemeente_works_on_are_named(world):
    world.project.closed_at = datetime(2026, 6, 1)
    db.session.commit()
    page = coverage_page(world.actor(world.coordinator))
    assert [m.key for m in page.untouched] == [k for k in ALL if k not in ("op_zoek", "in_beeld")]


def test_with_every_mijlpaal_in_scope_none_is_untouched(world):
    assert coverage_page(world.actor(world.coordinator)).untouched == []


def test_the_procesbegeleider_sees_only_the_gemeenten_assigned(world):
    page = coverage_page(world.actor(world.procesbegeleider))
    assert [r.name for r in page.rows] == ["Venlo"]
    assert _totals(page)["op_zoek"] == (1, 0, 0)


def test_a_procesbegeleider_without_gemeenten_sees_an_empty_matrix(world):
    nobody = factories.user("leeg@vng.nl", is_procesbegeleider=True)
    page = coverage_page(nobody)
    assert page.rows == [] and page.gemeente_count == 0
    assert all(t.gemeenten == 0 for t in page.totals)


def test_search_on_name_narrows_rows_and_totals(world):
    page = coverage_page(world.actor(world.coordinator), search="  kAMP ")
    assert [r.name for r in page.rows] == ["Kampen"] and page.search == "kAMP"
    assert _totals(page)["in_contact"] == (0, 0, 0)
    assert "in_contact" in [m.key for m in page.untouched]


def test_search_takes_wildcards_literally(world):
    factories.gemeente("100% Zorg")
    assert [r.name for r in coverage_page(world.actor(world.coordinator), search="%").rows] == ["100% Zorg"]
    assert coverage_page(world.actor(world.coordinator), search="_").rows == []


def test_rows_are_paged_and_totals_stay_over_all_gemeenten(world, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 1)
    for name in ("Almere", "Zwolle"):
        factories.project(factories.gemeente(name), mijlpalen=["op_zoek"], scope_type="een_mijlpaal")
    coordinator = world.actor(world.coordinator)
    first, last = coverage_page(coordinator, page=1), coverage_page(coordinator, page=99)
    assert [r.name for r in first.rows] == ["Almere"] and first.paging.pages == 4
    assert [r.name for r in last.rows] == ["Zwolle"] and last.paging.beyond_the_end
    assert _totals(first)["op_zoek"] == (4, 0, 0)


@pytest.mark.parametrize("who", ["projectleider", "lezer", "other_projectleider", "beheerder"])
def test_nobody_but_the_vng_gets_the_matrix(world, who):
    with pytest.raises(NotFound):
        coverage_page(world.actor(getattr(world, who)))


def test_cell_text_says_everything_in_words():
    assert Cell(in_scope=True, sessies=1, acties=5).text == "in scope · 1 sessie · 5 acties"
    assert Cell().text == "niet in scope · 0 sessies · 0 acties"
    assert [Cell().level, Cell(True).level, Cell(True, 1).level, Cell(False, 0, 2).level, Cell(True, 1, 1).level] == [
        0,
        1,
        2,
        2,
        3,
    ]
