from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from rfz_project.borging import services
from rfz_project.borging.services import TaskInput
from rfz_project.errors import ConflictError, NotAuthorized, NotFound, ValidationError
from rfz_project.extensions import db
from rfz_project.models import ActionStatus, ActionTiming, Decision, RegularTask, TaskFrequency, TaskKind
from rfz_project.projects import decisions as project_decisions
from rfz_project.projects.decisions import DecisionInput, decision_log

from .. import factories


def data(**changes) -> TaskInput:
    values = dict(
        title="Signalen vroegsignalering per kwartaal rapporteren",
        kind="rapportage",
        description="Aan het MT sociaal domein",
        owner="Sanne Jansen",
        department="Schuldhulpverlening",
        hours=Decimal("6.5"),
        frequency="kwartaal",
        needs_directiebesluit=True,
        needs_opdrachtomschrijving=True,
        starts_on=date(2026, 9, 1),
    )
    values.update(changes)
    return TaskInput(**values)


def task_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(RegularTask))


def stored(task_id: int) -> RegularTask:
    db.session.expire_all()
    return db.session.get(RegularTask, task_id)


# --- create, edit, delete --------------------------------------------------------------------------


def test_teamlid_adds_a_task_with_every_field(world):
    decision = factories.decision(world.project, title="Capaciteit voor monitoring")
    task = services.save_task(world.actor(world.teamlid), world.project.id, data(decision_id=decision.id))
    saved = stored(task.id)
    assert (saved.title, saved.owner, saved.department) == (
        "Signalen vroegsignalering per kwartaal rapporteren",
        "Sanne Jansen",
        "Schuldhulpverlening",
    )
    assert saved.kind is TaskKind.RAPPORTAGE and saved.frequency is TaskFrequency.KWARTAAL
    assert saved.hours == Decimal("6.5") and saved.starts_on == date(2026, 9, 1)
    assert saved.needs_directiebesluit and saved.needs_opdrachtomschrijving and saved.decision_id == decision.id


def test_procesbegeleider_may_add_tasks(world):
    services.save_task(world.actor(world.procesbegeleider), world.project.id, data())
    assert task_count() == 1


def test_edit_changes_the_task_and_moves_its_version(world, leider):
    task = factories.regular_task(world.project)
    before = task.version
    services.save_task(leider, world.project.id, data(title="Nieuwe titel", frequency="week"), task.id, before)
    saved = stored(task.id)
    assert saved.title == "Nieuwe titel" and saved.frequency is TaskFrequency.WEEK
    assert saved.version == before + 1


def test_empty_optional_fields_are_stored_as_nothing(world, leider):
    task = services.save_task(
        leider,
        world.project.id,
        data(owner="  ", department="", hours=None, starts_on=None, description="", needs_directiebesluit=False),
    )
    saved = stored(task.id)
    assert (saved.owner, saved.department, saved.hours, saved.starts_on, saved.decision_id) == (
        "",
        "",
        None,
        None,
        None,
    )


def test_delete_removes_the_task(world, leider):
    task = factories.regular_task(world.project)
    services.delete_task(leider, world.project.id, task.id)
    assert task_count() == 0


def test_deleting_the_decision_leaves_the_task_waiting_for_one(world, leider):
    decision = factories.decision(world.project)
    task = factories.regular_task(world.project, decision=decision, needs_directiebesluit=True)
    version = task.version
    project_decisions.delete_decision(leider, world.project.id, decision.id)
    saved = stored(task.id)
    assert saved.decision_id is None and saved.version == version + 1  # an open form now reports a conflict
    assert services.decision_missing(saved)


# --- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": "  "}, "title", "Geef de taak een titel"),
        ({"title": "x" * 201}, "title", "Maximaal 200 tekens"),
        ({"hours": Decimal("-1")}, "hours", "kan niet negatief zijn"),
        ({"hours": Decimal("2000.1")}, "hours", "hoogstens 2000 uur"),
        ({"hours": Decimal("1.25")}, "hours", "één cijfer achter de komma"),
        ({"starts_on": date(2026, 1, 4)}, "starts_on", "vóór de start van het project (5\u00a0januari 2026)"),
        ({"kind": "koffie"}, "kind", "soort taak"),
        ({"frequency": "dagelijks"}, "frequency", "hoe vaak"),
        ({"owner": "x" * 121}, "owner", "Maximaal 120 tekens"),
    ],
)
def test_invalid_input_is_refused_on_its_field_and_nothing_is_stored(world, leider, changes, field, message):
    with pytest.raises(ValidationError) as error:
        services.save_task(leider, world.project.id, data(**changes))
    assert any(message in m for m in error.value.errors[field])
    assert task_count() == 0


def test_boundaries_are_allowed(world, leider):
    services.save_task(leider, world.project.id, data(hours=Decimal("2000"), starts_on=date(2026, 1, 5)))
    services.save_task(leider, world.project.id, data(hours=Decimal("0")))
    assert task_count() == 2


def test_every_problem_is_reported_at_once(world, leider):
    with pytest.raises(ValidationError) as error:
        services.save_task(leider, world.project.id, data(title="", hours=Decimal("-2"), starts_on=date(2025, 1, 1)))
    assert set(error.value.errors) == {"title", "hours", "starts_on"}


def test_decision_of_another_project_is_refused_and_the_task_is_unchanged(world, leider):
    foreign = factories.decision(world.other_project, title="Van Kampen")
    task = factories.regular_task(world.project, title="Oud")
    with pytest.raises(ValidationError) as error:
        services.save_task(leider, world.project.id, data(title="Nieuw", decision_id=foreign.id), task.id, task.version)
    assert error.value.errors["decision_id"] == ["Kies een besluit dat bij dit project is vastgelegd."]
    saved = stored(task.id)
    assert (saved.title, saved.decision_id, saved.version) == ("Oud", None, 1)


# --- access and conflicts --------------------------------------------------------------------------


def test_lezer_may_read_but_not_change(world):
    lezer = world.actor(world.lezer)
    task = factories.regular_task(world.project)
    assert services.task_list(lezer, world.project.id).count == 1
    with pytest.raises(NotAuthorized):
        services.save_task(lezer, world.project.id, data())
    with pytest.raises(NotAuthorized):
        services.save_task(lezer, world.project.id, data(), task.id, task.version)
    with pytest.raises(NotAuthorized):
        services.delete_task(lezer, world.project.id, task.id)
    assert stored(task.id).title == "Signalen maandelijks bespreken"


def test_other_gemeente_does_not_find_the_project_or_its_tasks(world):
    kampen = world.actor(world.other_projectleider)
    task = factories.regular_task(world.project)
    for call in (
        lambda: services.task_list(kampen, world.project.id),
        lambda: decision_log(kampen, world.project.id),
        lambda: services.save_task(kampen, world.project.id, data()),
        lambda: services.delete_task(kampen, world.project.id, task.id),
    ):
        with pytest.raises(NotFound):
            call()
    # Nor through its own project: the task is looked up within the project.
    with pytest.raises(NotFound):
        services.save_task(kampen, world.other_project.id, data(), task.id, task.version)
    assert task_count() == 1


def test_stale_version_is_a_conflict_and_changes_nothing(world, leider):
    task = factories.regular_task(world.project)
    services.save_task(leider, world.project.id, data(title="Eerste"), task.id, 1)
    with pytest.raises(ConflictError):
        services.save_task(leider, world.project.id, data(title="Tweede"), task.id, 1)
    assert stored(task.id).title == "Eerste"


# --- hours -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "frequency, per_year",
    [
        (TaskFrequency.WEEK, Decimal("52")),
        (TaskFrequency.MAAND, Decimal("12")),
        (TaskFrequency.KWARTAAL, Decimal("4")),
        (TaskFrequency.JAAR, Decimal("1")),
        (TaskFrequency.EENMALIG, Decimal("1")),
    ],
)
def test_hours_per_year_follow_the_frequency(frequency, per_year):
    task = RegularTask(title="t", hours=Decimal("2.5"), frequency=frequency)
    assert services.hours_per_year(task) == Decimal("2.5") * per_year


def test_task_list_totals_hours_per_year_overall_and_per_department(world):
    factories.regular_task(
        world.project, title="A", hours=Decimal("2"), frequency=TaskFrequency.WEEK, department="Schuldhulp"
    )
    factories.regular_task(
        world.project, title="B", hours=Decimal("1.5"), frequency=TaskFrequency.MAAND, department=" schuldhulp "
    )
    factories.regular_task(
        world.project, title="C", hours=Decimal("8"), frequency=TaskFrequency.EENMALIG, department=""
    )
    factories.regular_task(world.project, title="D", hours=None, frequency=TaskFrequency.JAAR, department="Beleid")
    listing = services.task_list(world.actor(world.lezer), world.project.id)
    assert [r.per_year for r in listing.rows] == [Decimal("104"), Decimal("18"), Decimal("8"), Decimal("0")]
    assert listing.total_per_year == Decimal("130")
    assert [(t.label, t.count, t.per_year) for t in listing.per_department] == [
        ("Beleid", 1, Decimal("0")),
        ("Schuldhulp", 2, Decimal("122")),
        ("Zonder afdeling", 1, Decimal("8")),
    ]


def test_task_needing_a_directiebesluit_without_one_is_flagged(world):
    decision = factories.decision(world.project)
    factories.regular_task(world.project, title="A", needs_directiebesluit=True)
    factories.regular_task(world.project, title="B", needs_directiebesluit=True, decision=decision)
    factories.regular_task(world.project, title="C")
    listing = services.task_list(world.actor(world.lezer), world.project.id)
    assert [r.decision_missing for r in listing.rows] == [True, False, False]
    assert listing.decisions_missing == 1


# --- decisions in any step -------------------------------------------------------------------------


def decision_data(title="Extra capaciteit voor monitoring", step_key=None) -> DecisionInput:
    return DecisionInput(title, date(2026, 10, 1), "Directie", None, 200, "Twee dagen per maand", step_key)


def test_a_decision_can_belong_to_any_step_and_keeps_it_on_edit(world, leider):
    decision = project_decisions.save_decision(leider, world.project.id, decision_data(step_key="borging.opdrachten"))
    project_decisions.save_decision(
        leider, world.project.id, decision_data(title="Gewijzigd"), decision.id, decision.version
    )
    db.session.expire_all()
    assert db.session.get(Decision, decision.id).step_key == "borging.opdrachten"


def test_without_a_step_a_new_decision_belongs_to_besluitvorming(world, leider):
    decision = project_decisions.save_decision(leider, world.project.id, decision_data())
    assert decision.step_key == "voorbereiding.besluitvorming"


@pytest.mark.parametrize("step_key", ["borging", "borging.koffie", "", "voorbereiding."])
def test_a_step_outside_the_routekaart_is_refused(world, leider, step_key):
    with pytest.raises(ValidationError) as error:
        project_decisions.save_decision(leider, world.project.id, decision_data(step_key=step_key))
    assert error.value.errors["step_key"] == ["Kies een fase en stap van de routekaart."]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 0


# --- the decision log ------------------------------------------------------------------------------


@pytest.fixture
def history(world):
    """Decisions from Voorbereiding and Borging, linked actions and tasks, and resultatensessie choices."""
    p = world.project
    start = factories.decision(p, "Go voor het project", decided_on=date(2026, 1, 20), decided_by="Directie")
    undated = factories.decision(p, "Nog te dateren", step_key="borging.archivering")
    capacity = factories.decision(
        p, "Capaciteit monitoring", step_key="borging.opdrachten", decided_on=date(2026, 11, 2), decided_by="MT"
    )
    early = factories.decision(p, "Budget sessies", decided_on=date(2026, 1, 10))
    theme = factories.theme(p, "Bereikbaarheid")
    quick = factories.action(
        p, "Spreekuur in de bibliotheek", theme=theme, timing=ActionTiming.QUICK_WIN, decision_id=start.id
    )
    later = factories.action(p, "Nieuwe website", timing=ActionTiming.LATER, needs_decision=True)
    factories.action(p, "Geschrapt idee", timing=ActionTiming.LATER, needs_decision=True, status=ActionStatus.GESCHRAPT)
    task = factories.regular_task(p, "Monitoring maandelijks", decision=capacity)
    return dict(start=start, undated=undated, capacity=capacity, early=early, quick=quick, later=later, task=task)


def test_log_lists_every_decision_by_date_with_undated_last(world, history):
    log = decision_log(world.actor(world.lezer), world.project.id)
    assert [e.decision.title for e in log.entries] == [
        "Budget sessies",
        "Go voor het project",
        "Capaciteit monitoring",
        "Nog te dateren",
    ]
    assert [e.step_label for e in log.entries][:3] == [
        "Voorbereiding: Besluitvorming",
        "Voorbereiding: Besluitvorming",
        "Borging: Opdrachten geven of capaciteit organiseren",
    ]


def test_log_shows_what_rests_on_each_decision(world, history):
    entries = {e.decision.id: e for e in decision_log(world.actor(world.lezer), world.project.id).entries}
    assert [a.title for a in entries[history["start"].id].actions] == ["Spreekuur in de bibliotheek"]
    assert [t.title for t in entries[history["capacity"].id].tasks] == ["Monitoring maandelijks"]
    assert entries[history["early"].id].actions == [] and entries[history["early"].id].tasks == []


def test_log_derives_the_resultatensessie_choices_from_the_actions(world, history):
    log = decision_log(world.actor(world.lezer), world.project.id)
    assert [a.title for a in log.quick_wins] == ["Spreekuur in de bibliotheek"]
    assert [a.title for a in log.later] == ["Geschrapt idee", "Nieuwe website"]
    assert [a.title for a in log.decisions_needed] == ["Nieuwe website"]  # a dropped action needs none
    assert log.show_choices


@pytest.mark.parametrize(
    "step_filter, titles, choices",
    [
        ("borging", ["Capaciteit monitoring", "Nog te dateren"], False),
        ("borging.opdrachten", ["Capaciteit monitoring"], False),
        ("voorbereiding.besluitvorming", ["Budget sessies", "Go voor het project"], False),
        ("uitvoering", [], True),
        ("uitvoering.resultaten", [], True),
        ("onzin'; drop", ["Budget sessies", "Go voor het project", "Capaciteit monitoring", "Nog te dateren"], True),
    ],
)
def test_log_filters_by_phase_or_step(world, history, step_filter, titles, choices):
    log = decision_log(world.actor(world.lezer), world.project.id, step_filter)
    assert [e.decision.title for e in log.entries] == titles
    assert log.show_choices is choices and log.total == 4


def test_a_decision_added_in_borging_appears_in_the_log(world, leider):
    factories.decision(world.project, "Go")
    project_decisions.save_decision(leider, world.project.id, decision_data(step_key="borging.archivering"))
    log = decision_log(leider, world.project.id)
    assert [(e.decision.title, e.step_label) for e in log.entries] == [
        ("Extra capaciteit voor monitoring", "Borging: Archivering"),
        ("Go", "Voorbereiding: Besluitvorming"),
    ]
