"""Checklist comparison: per routekaart item, how many gemeenten gave which answer, and which gemeenten."""

from datetime import datetime

import pytest

from rfz_project.errors import NotFound
from rfz_project.extensions import db
from rfz_project.models import ChecklistStatus
from rfz_project.oversight.checklist_comparison import checklist_comparison

from .. import factories

ITEM = "in_beeld_dpia"


def _item(comparison, key=ITEM):
    return next(i for g in comparison.groups for i in g.items if i.item.key == key)


def _by_status(item):
    return {a.status: a.names for a in item.answers}


def _answer(project, answer, at, item_key=ITEM):
    record = factories.checklist_answer(project, item_key, answer=answer)
    record.updated_at = at
    db.session.commit()
    return record


def test_every_routekaart_item_is_there_grouped_by_mijlpaal_in_route_order(world, app):
    rk = app.extensions["routekaart"]
    comparison = checklist_comparison(world.actor(world.coordinator))
    assert sorted(i.item.key for g in comparison.groups for i in g.items) == sorted(i.key for i in rk.checklist)
    order = [m.key for m in rk.mijlpalen] + [""]
    keys = [g.key for g in comparison.groups]
    assert keys == sorted(keys, key=order.index)
    assert comparison.groups[0].label == rk.get("mijlpaal", keys[0]).label
    for group in comparison.groups:
        assert {i.item.mijlpaal or "" for i in group.items} == {group.key}


def test_counts_and_names_per_answer(world):
    _answer(world.project, "doen_we_al", datetime(2026, 2, 1))
    _answer(world.other_project, "nog_niet", datetime(2026, 2, 1))
    third = factories.project(factories.gemeente("Almere"), name="Almere project")
    _answer(third, "doen_we_al", datetime(2026, 2, 1))
    item = _item(checklist_comparison(world.actor(world.coordinator)))
    assert _by_status(item) == {
        ChecklistStatus.DOEN_WE_AL: ("Almere", "Venlo"),
        ChecklistStatus.NOG_NIET: ("Kampen",),
        ChecklistStatus.AAN_DE_SLAG: (),
        ChecklistStatus.NVT: (),
    }
    assert item.answered == 3 and item.unanswered == 0


def test_a_gemeente_counts_once_with_its_latest_answer(world):
    second = factories.project(world.home, name="Tweede Venlo")
    _answer(world.project, "nog_niet", datetime(2026, 2, 1))
    _answer(second, "aan_de_slag", datetime(2026, 3, 1))
    item = _item(checklist_comparison(world.actor(world.coordinator)))
    assert _by_status(item)[ChecklistStatus.AAN_DE_SLAG] == ("Venlo",)
    assert _by_status(item)[ChecklistStatus.NOG_NIET] == ()
    assert item.answered == 1 and item.unanswered == 1


def test_an_answer_taken_back_does_not_count(world):
    _answer(world.project, None, datetime(2026, 2, 1))
    item = _item(checklist_comparison(world.actor(world.coordinator)))
    assert item.answered == 0 and item.unanswered == 2


def test_own_items_of_a_gemeente_are_not_compared(world):
    own = factories.custom_checklist_item(world.home)
    factories.checklist_answer(world.project, custom_item=own, answer="doen_we_al")
    comparison = checklist_comparison(world.actor(world.coordinator))
    assert not comparison.answered_any


def test_the_procesbegeleider_compares_only_the_gemeenten_assigned(world):
    _answer(world.project, "doen_we_al", datetime(2026, 2, 1))
    _answer(world.other_project, "doen_we_al", datetime(2026, 2, 1))
    comparison = checklist_comparison(world.actor(world.procesbegeleider))
    assert comparison.gemeente_count == 1
    assert _by_status(_item(comparison))[ChecklistStatus.DOEN_WE_AL] == ("Venlo",)


def test_names_with_hostile_text_come_back_intact(world):
    name = "Gemeente <b>&\"'💶"
    project = factories.project(factories.gemeente(name), name="Vreemd")
    _answer(project, "nvt", datetime(2026, 2, 1))
    item = _item(checklist_comparison(world.actor(world.coordinator)))
    assert _by_status(item)[ChecklistStatus.NVT] == (name,)


@pytest.mark.parametrize("who", ["projectleider", "teamlid", "other_projectleider", "beheerder"])
def test_nobody_but_the_vng_gets_the_comparison(world, who):
    with pytest.raises(NotFound):
        checklist_comparison(world.actor(getattr(world, who)))
