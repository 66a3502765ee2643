from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from rfz_project.actions import services
from rfz_project.actions.services import ActionFilter, ActionInput
from rfz_project.errors import ConflictError, NotAuthorized, NotFound, ValidationError
from rfz_project.extensions import db
from rfz_project.models import Action, ActionStatus, ActionTiming, Decision, Theme
from rfz_project.projects import decisions as project_decisions

from .. import factories

TODAY = date(2026, 6, 15)


def data(**changes) -> ActionInput:
    values = dict(
        title="Aanmeldformulier korter maken",
        description="Van vier naar één pagina",
        mijlpaal="in_contact",
        rol="communicatie",
        owner="Sanne Jansen",
        deadline=date(2026, 9, 1),
        budget=Decimal("2500.50"),
        status="open",
        timing="quick_win",
    )
    values.update(changes)
    return ActionInput(**values)


def action_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Action))


def stored(action_id: int) -> Action:
    db.session.expire_all()
    return db.session.get(Action, action_id)


# --- create, edit, delete --------------------------------------------------------------------------


def test_teamlid_adds_an_action_with_every_field(world):
    theme = factories.theme(world.project)
    decision = factories.decision(world.project)
    action = services.save_action(
        world.actor(world.teamlid),
        world.project.id,
        data(theme_id=theme.id, needs_decision=True, decision_id=decision.id),
    )
    saved = stored(action.id)
    assert (saved.title, saved.owner, saved.mijlpaal, saved.rol) == (
        "Aanmeldformulier korter maken",
        "Sanne Jansen",
        "in_contact",
        "communicatie",
    )
    assert saved.budget == Decimal("2500.50") and saved.deadline == date(2026, 9, 1)
    assert saved.status is ActionStatus.OPEN and saved.timing is ActionTiming.QUICK_WIN
    assert saved.theme_id == theme.id and saved.decision_id == decision.id and saved.needs_decision


def test_procesbegeleider_may_add_actions(world):
    services.save_action(world.actor(world.procesbegeleider), world.project.id, data())
    assert action_count() == 1


def test_edit_changes_the_action_and_moves_its_version(world, leider):
    action = factories.action(world.project)
    before = action.version  # the test shares the service's session, so `action` itself moves along
    services.save_action(leider, world.project.id, data(title="Nieuwe titel", status="afgerond"), action.id, before)
    saved = stored(action.id)
    assert saved.title == "Nieuwe titel" and saved.status is ActionStatus.AFGEROND
    assert saved.version == before + 1


def test_empty_optional_fields_are_stored_as_nothing(world, leider):
    action = services.save_action(
        leider, world.project.id, data(mijlpaal="", rol="", owner="  ", deadline=None, budget=None, description="")
    )
    saved = stored(action.id)
    assert (saved.mijlpaal, saved.rol, saved.owner, saved.deadline, saved.budget) == (None, None, "", None, None)


def test_delete_removes_the_action(world, leider):
    action = factories.action(world.project)
    services.delete_action(leider, world.project.id, action.id)
    assert action_count() == 0


# --- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": "   "}, "title", "titel"),
        ({"title": "x" * 201}, "title", "200 tekens"),
        ({"owner": "x" * 121}, "owner", "120 tekens"),
        ({"budget": Decimal("-0.01")}, "budget", "niet negatief"),
        ({"budget": Decimal("10000000000")}, "budget", "te groot"),
        (
            {"deadline": date(2026, 1, 4)},
            "deadline",
            "De deadline ligt vóór de start van het project (5\u00a0januari 2026)",
        ),
        ({"mijlpaal": "op_de_maan"}, "mijlpaal", "mijlpaal uit de routekaart"),
        ({"rol": "burgemeester"}, "rol", "rol uit de routekaart"),
        ({"status": "misschien"}, "status", "status"),
        ({"timing": "ooit"}, "timing", "quick win"),
    ],
)
def test_invalid_action_is_refused_and_nothing_is_stored(world, leider, changes, field, message):
    with pytest.raises(ValidationError) as error:
        services.save_action(leider, world.project.id, data(**changes))
    assert message in " ".join(error.value.errors[field])
    assert action_count() == 0


def test_deadline_on_the_start_date_is_fine(world, leider):
    services.save_action(leider, world.project.id, data(deadline=world.project.start_date))
    assert action_count() == 1


def test_every_problem_is_reported_at_once(world, leider):
    with pytest.raises(ValidationError) as error:
        services.save_action(leider, world.project.id, data(title="", budget=Decimal("-1"), mijlpaal="x"))
    assert {"title", "budget", "mijlpaal"} <= set(error.value.errors)


def test_theme_of_another_project_is_refused_on_the_field(world, leider):
    foreign = factories.theme(world.other_project, name="Van Kampen")
    with pytest.raises(ValidationError) as error:
        services.save_action(leider, world.project.id, data(theme_id=foreign.id))
    assert "thema van dit project" in error.value.errors["theme_id"][0]
    assert action_count() == 0


def test_decision_of_another_project_is_refused_on_the_field(world, leider):
    foreign = factories.decision(world.other_project, title="Kampens besluit")
    with pytest.raises(ValidationError) as error:
        services.save_action(leider, world.project.id, data(needs_decision=True, decision_id=foreign.id))
    assert "besluit" in error.value.errors["decision_id"][0]
    assert action_count() == 0


def test_editing_with_a_foreign_theme_leaves_the_action_unchanged(world, leider):
    action = factories.action(world.project, title="Oud")
    foreign = factories.theme(world.other_project, name="Van Kampen")
    with pytest.raises(ValidationError):
        services.save_action(
            leider, world.project.id, data(title="Nieuw", theme_id=foreign.id), action.id, action.version
        )
    saved = stored(action.id)
    assert saved.title == "Oud" and saved.theme_id is None and saved.version == action.version


def test_action_of_another_project_cannot_be_reached_through_this_project(world, leider):
    foreign = factories.action(world.other_project, title="Van Kampen")
    with pytest.raises(NotFound):
        services.save_action(leider, world.project.id, data(), foreign.id, foreign.version)
    with pytest.raises(NotFound):
        services.delete_action(leider, world.project.id, foreign.id)
    assert stored(foreign.id).title == "Van Kampen"


# --- access ----------------------------------------------------------------------------------------


def test_lezer_may_read_but_not_change(world):
    lezer = world.actor(world.lezer)
    action = factories.action(world.project)
    theme = factories.theme(world.project)
    assert services.action_list(lezer, world.project.id).count == 1
    for attempt in (
        lambda: services.save_action(lezer, world.project.id, data()),
        lambda: services.save_action(lezer, world.project.id, data(), action.id, action.version),
        lambda: services.delete_action(lezer, world.project.id, action.id),
        lambda: services.add_theme(lezer, world.project.id, "Nieuw"),
        lambda: services.rename_theme(lezer, world.project.id, theme.id, "Anders", "", theme.version),
        lambda: services.delete_theme(lezer, world.project.id, theme.id),
    ):
        with pytest.raises(NotAuthorized):
            attempt()
    assert action_count() == 1 and stored(action.id).title == action.title


def test_another_gemeente_does_not_find_the_project(world):
    kampen = world.actor(world.other_projectleider)
    action = factories.action(world.project)
    for attempt in (
        lambda: services.action_list(kampen, world.project.id),
        lambda: services.implementation_plan(kampen, world.project.id),
        lambda: services.save_action(kampen, world.project.id, data(), action.id, action.version),
        lambda: services.delete_action(kampen, world.project.id, action.id),
        lambda: services.themes_page(kampen, world.project.id),
    ):
        with pytest.raises(NotFound):
            attempt()


# --- concurrency -----------------------------------------------------------------------------------


def test_stale_version_is_a_conflict_and_keeps_the_first_change(world, leider):
    action = factories.action(world.project, title="Begin")
    loaded_version = action.version
    services.save_action(leider, world.project.id, data(title="Eerste"), action.id, loaded_version)
    with pytest.raises(ConflictError):
        services.save_action(
            world.actor(world.teamlid), world.project.id, data(title="Tweede"), action.id, loaded_version
        )
    assert stored(action.id).title == "Eerste"


def test_missing_version_is_a_conflict(world, leider):
    action = factories.action(world.project)
    with pytest.raises(ConflictError):
        services.save_action(leider, world.project.id, data(), action.id, None)


# --- themes ----------------------------------------------------------------------------------------


def test_theme_is_added_renamed_and_listed_with_its_actions(world, leider):
    theme = services.add_theme(leider, world.project.id, "  Vroegsignalering  ", "Signalen eerder oppakken")
    factories.action(world.project, theme=db.session.get(Theme, theme.id))
    services.rename_theme(leider, world.project.id, theme.id, "Eerder signaleren", "", theme.version)
    page = services.themes_page(leider, world.project.id)
    assert [(t.label, t.count) for t in page.totals] == [("Eerder signaleren", 1)]


@pytest.mark.parametrize("name, message", [("", "naam"), ("bereikbaarheid", "al een thema"), ("x" * 201, "200")])
def test_invalid_theme_name_is_refused(world, leider, name, message):
    factories.theme(world.project, name="Bereikbaarheid")
    with pytest.raises(ValidationError) as error:
        services.add_theme(leider, world.project.id, name)
    assert message in error.value.errors["name"][0]


def test_same_theme_name_in_another_project_is_fine(world, leider):
    factories.theme(world.other_project, name="Bereikbaarheid")
    theme = services.add_theme(leider, world.project.id, "Bereikbaarheid")
    names = db.session.execute(sa.select(Theme.project_id, Theme.name).order_by(Theme.id)).all()
    assert [tuple(row) for row in names] == [
        (world.other_project.id, "Bereikbaarheid"),
        (world.project.id, "Bereikbaarheid"),
    ]
    assert stored_theme_name(theme.id) == "Bereikbaarheid"


def test_renaming_with_a_stale_version_is_a_conflict(world, leider):
    theme = factories.theme(world.project)
    loaded_version = theme.version
    services.rename_theme(leider, world.project.id, theme.id, "Eerste", "", loaded_version)
    with pytest.raises(ConflictError):
        services.rename_theme(leider, world.project.id, theme.id, "Tweede", "", loaded_version)
    assert stored_theme_name(theme.id) == "Eerste"


def test_deleting_a_theme_keeps_its_actions_without_theme(world, leider):
    theme = factories.theme(world.project)
    action = factories.action(world.project, theme=theme)
    before = action.version
    services.delete_theme(leider, world.project.id, theme.id)
    saved = stored(action.id)
    assert saved.theme_id is None and saved.version == before + 1
    assert db.session.get(Theme, theme.id) is None


def test_theme_of_another_project_is_not_found(world, leider):
    foreign = factories.theme(world.other_project)
    with pytest.raises(NotFound):
        services.rename_theme(leider, world.project.id, foreign.id, "Gekaapt", "", foreign.version)
    with pytest.raises(NotFound):
        services.delete_theme(leider, world.project.id, foreign.id)
    assert stored_theme_name(foreign.id) == foreign.name


def stored_theme_name(theme_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Theme, theme_id).name


def test_deleting_a_decision_leaves_its_actions_waiting_for_one(world, leider):
    decision = factories.decision(world.project)
    action = factories.action(world.project, needs_decision=True, decision_id=decision.id)
    project_decisions.delete_decision(leider, world.project.id, decision.id)
    assert stored(action.id).decision_id is None
    assert db.session.get(Decision, decision.id) is None


# --- the list: filters, sorting, totals ------------------------------------------------------------


@pytest.fixture
def listed(world):
    """Four actions in two themes and one without, for the filter and sort tests."""
    bereik, geld = factories.theme(world.project, name="Bereik"), factories.theme(world.project, name="Geld")
    return {
        "a": factories.action(
            world.project,
            "Alpha",
            theme=bereik,
            mijlpaal="op_zoek",
            rol="professional",
            owner="Sanne Jansen",
            deadline=date(2026, 3, 1),
            budget=Decimal("100"),
            status=ActionStatus.OPEN,
            timing=ActionTiming.QUICK_WIN,
        ),
        "b": factories.action(
            world.project,
            "Bravo",
            theme=geld,
            mijlpaal="toekomst_tegemoet",
            owner="Piet",
            deadline=date(2026, 8, 1),
            budget=Decimal("2000.25"),
            status=ActionStatus.BEZIG,
            timing=ActionTiming.LATER,
        ),
        "c": factories.action(
            world.project,
            "charlie",
            mijlpaal="in_beeld",
            rol="communicatie",
            owner="jansen",
            deadline=None,
            budget=None,
            status=ActionStatus.AFGEROND,
        ),
        "d": factories.action(
            world.project,
            "Delta",
            theme=bereik,
            deadline=date(2026, 2, 1),
            budget=Decimal("50"),
            status=ActionStatus.GESCHRAPT,
        ),
        "themes": (bereik, geld),
    }


def titles(listing) -> list[str]:
    return [row.action.title for row in listing.rows]


def listing(world, **filters):
    return services.action_list(world.actor(world.teamlid), world.project.id, ActionFilter(**filters), TODAY)


def test_list_without_filters_shows_everything_by_deadline_with_empty_deadlines_last(world, listed):
    assert titles(listing(world)) == ["Delta", "Alpha", "Bravo", "charlie"]


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"theme": "theme0"}, ["Delta", "Alpha"]),
        ({"theme": "geen"}, ["charlie"]),
        ({"mijlpaal": "op_zoek"}, ["Alpha"]),
        ({"rol": "communicatie"}, ["charlie"]),
        ({"status": "bezig"}, ["Bravo"]),
        ({"timing": "later"}, ["Bravo"]),
        ({"owner": "JANSEN"}, ["Alpha", "charlie"]),
        ({"owner": "%"}, []),
        ({"overdue": True}, ["Alpha"]),
        ({"status": "bezig", "timing": "quick_win"}, []),
    ],
)
def test_filters_narrow_the_list(world, listed, filters, expected):
    if filters.get("theme") == "theme0":
        filters = dict(filters, theme=str(listed["themes"][0].id))
    assert titles(listing(world, **filters)) == expected


@pytest.mark.parametrize(
    "filters",
    [
        {"status": "weg"},
        {"mijlpaal": "maan"},
        {"theme": "abc"},
        {"theme": "²"},
        {"theme": "99999999999999999999"},
        {"sort": "kleur"},
        {"direction": "zijwaarts"},
    ],
)
def test_unknown_filter_values_are_ignored(world, listed, filters):
    assert titles(listing(world, **filters)) == ["Delta", "Alpha", "Bravo", "charlie"]


def test_filter_on_a_theme_of_another_project_shows_nothing(world, listed):
    foreign = factories.theme(world.other_project, name="Kampen")
    factories.action(world.other_project, "Van Kampen", theme=foreign)
    assert titles(listing(world, theme=str(foreign.id))) == []


@pytest.mark.parametrize(
    "sort, direction, expected",
    [
        ("deadline", "desc", ["Bravo", "Alpha", "Delta", "charlie"]),
        ("budget", "asc", ["Delta", "Alpha", "Bravo", "charlie"]),
        ("budget", "desc", ["Bravo", "Alpha", "Delta", "charlie"]),
        ("title", "asc", ["Alpha", "Bravo", "charlie", "Delta"]),
        ("title", "desc", ["Delta", "charlie", "Bravo", "Alpha"]),
        ("status", "asc", ["Alpha", "Bravo", "charlie", "Delta"]),
        ("theme", "asc", ["Alpha", "Delta", "Bravo", "charlie"]),
        ("theme", "desc", ["Bravo", "Alpha", "Delta", "charlie"]),
        ("mijlpaal", "asc", ["Alpha", "charlie", "Bravo", "Delta"]),
        ("mijlpaal", "desc", ["Bravo", "charlie", "Alpha", "Delta"]),
    ],
)
def test_sorting_puts_empty_values_last_in_both_directions(world, listed, sort, direction, expected):
    assert titles(listing(world, sort=sort, direction=direction)) == expected


def test_totals_per_theme_leave_out_dropped_actions(world, listed):
    result = listing(world)
    assert [(t.label, t.count, t.budget) for t in result.per_theme] == [
        ("Bereik", 2, Decimal("100")),
        ("Geld", 1, Decimal("2000.25")),
        ("Zonder thema", 1, Decimal("0")),
    ]
    assert result.total_budget == Decimal("2100.25") and result.count == 4


def test_totals_follow_the_filter(world, listed):
    result = listing(world, status="bezig")
    assert [(t.label, t.budget) for t in result.per_theme] == [("Geld", Decimal("2000.25"))]
    assert result.total_budget == Decimal("2000.25")


@pytest.mark.parametrize(
    "deadline, status, late",
    [
        (date(2026, 6, 14), ActionStatus.OPEN, True),
        (date(2026, 6, 14), ActionStatus.BEZIG, True),
        (date(2026, 6, 15), ActionStatus.OPEN, False),
        (date(2026, 6, 14), ActionStatus.AFGEROND, False),
        (date(2026, 6, 14), ActionStatus.GESCHRAPT, False),
        (None, ActionStatus.OPEN, False),
    ],
)
def test_an_action_is_late_only_when_open_after_its_deadline(world, deadline, status, late):
    action = factories.action(world.project, deadline=deadline, status=status)
    assert services.is_overdue(action, TODAY) is late
    assert listing(world).rows[0].overdue is late
    assert titles(listing(world, overdue=True)) == (["Formulier vereenvoudigen"] if late else [])


# --- implementatieplan -----------------------------------------------------------------------------


def test_plan_groups_by_month_and_lists_missing_decisions(world, listed):
    decided = factories.decision(world.project, title="Budget akkoord")
    factories.action(world.project, "Echo", deadline=date(2026, 3, 20), needs_decision=True, budget=Decimal("10"))
    factories.action(world.project, "Foxtrot", needs_decision=True, decision_id=decided.id)
    plan = services.implementation_plan(world.actor(world.lezer), world.project.id, TODAY)
    assert [(m.label, [r.action.title for r in m.rows]) for m in plan.page_months] == [
        ("Maart 2026", ["Alpha", "Echo"]),
        ("Augustus 2026", ["Bravo"]),
        ("Nog geen deadline", ["charlie", "Foxtrot"]),
    ]
    assert [(m.label, m.count) for m in plan.months] == [
        ("Maart 2026", 2),
        ("Augustus 2026", 1),
        ("Nog geen deadline", 2),
    ]
    assert plan.months[0].budget == Decimal("110")
    assert [r.action.title for r in plan.decisions_needed] == ["Echo"]
    assert plan.dropped_count == 1 and plan.total_budget == Decimal("2110.25")


def test_plan_lists_every_theme_even_without_actions(world, leider):
    factories.theme(world.project, name="Leeg thema")
    plan = services.implementation_plan(leider, world.project.id, TODAY)
    assert [(t.label, t.count) for t in plan.per_theme] == [("Leeg thema", 0)]


def test_filter_dataclass_reports_whether_it_narrows(world):
    assert not ActionFilter().active and ActionFilter(overdue=True).active
    assert replace(ActionFilter(), sort="budget").active is False


def test_plan_timeline_shows_empty_months_between_deadlines(world, leider):
    factories.action(world.project, "Eerst", deadline=date(2026, 11, 2))
    factories.action(world.project, "Later", deadline=date(2027, 2, 1))
    plan = services.implementation_plan(leider, world.project.id, TODAY)
    assert [(m.label, m.count) for m in plan.timeline] == [
        ("November 2026", 1),
        ("December 2026", 0),
        ("Januari 2027", 0),
        ("Februari 2027", 1),
    ]


def test_plan_timeline_spanning_years_shows_only_months_with_actions(world, leider):
    factories.action(world.project, "Eerst", deadline=date(2026, 2, 2))
    factories.action(world.project, "Veel later", deadline=date(2030, 2, 1))
    plan = services.implementation_plan(leider, world.project.id, TODAY)
    assert [m.label for m in plan.timeline] == ["Februari 2026", "Februari 2030"]


@pytest.mark.parametrize("kind", ["theme", "action"])
def test_deleting_leaves_no_dangling_references_in_any_table(world, leider, kind):
    """SQLite does not enforce ON DELETE SET NULL by itself; the service must, for every area's table."""
    theme = factories.theme(world.project)
    action = factories.action(world.project, theme=theme)
    if kind == "theme":
        services.delete_theme(leider, world.project.id, theme.id)
        target, row_id = "theme", theme.id
    else:
        services.delete_action(leider, world.project.id, action.id)
        target, row_id = "action", action.id
    references = [
        fk for table in db.metadata.sorted_tables for fk in table.foreign_keys if fk.column.table.name == target
    ]
    assert references, f"no table refers to {target}"
    for fk in references:
        assert db.session.scalar(sa.select(sa.func.count()).where(fk.parent == row_id)) == 0, fk.parent.table.name
