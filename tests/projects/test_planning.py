from datetime import date, timedelta

import pytest

from rfz_project.projects import planning
from rfz_project.routekaart import get_routekaart

RK = get_routekaart()


@pytest.mark.parametrize(
    "selection, count, expected_weeks",
    [
        ("alle_mijlpalen", 8, [6, 10, 6]),
        ("een_mijlpaal", 1, [4, 8, 4]),
        ("meerdere_mijlpalen", 2, [4, 8, 4]),
        ("meerdere_mijlpalen", 5, [5, 9, 5]),
        ("meerdere_mijlpalen", 7, [6, 10, 6]),
        ("een_rol", 8, [5, 9, 5]),
        ("checklist", 8, [4, 8, 4]),
    ],
)
def test_phase_lengths_follow_the_size_of_the_scope(selection, count, expected_weeks):
    phases = planning.planned_phases(RK, selection, count, date(2026, 3, 2))
    assert [p.weeks for p in phases] == expected_weeks


def test_phases_follow_each_other_from_the_start_date():
    start = date(2026, 3, 2)
    phases = planning.planned_phases(RK, "alle_mijlpalen", 8, start)
    assert phases[0].start == start
    assert phases[1].start == phases[0].end == start + timedelta(weeks=6)
    assert phases[2].last_day == start + timedelta(weeks=22) - timedelta(days=1)


def test_optional_steps_are_advised_for_large_scopes_and_optional_for_one_mijlpaal():
    projectleider = RK.get("step", "voorbereiding.projectleider")
    reikwijdte = RK.get("step", "voorbereiding.reikwijdte")
    assert planning.step_advice(projectleider, "alle_mijlpalen") == "aanbevolen"
    assert planning.step_advice(projectleider, "meerdere_mijlpalen") == "aanbevolen"
    assert planning.step_advice(projectleider, "een_mijlpaal") == "optioneel"
    assert planning.step_advice(reikwijdte, "een_mijlpaal") is None


def test_timeline_positions_bars_as_shares_of_the_whole_span():
    phases = planning.planned_phases(RK, "een_mijlpaal", 1, date(2026, 1, 5))  # 4 + 8 + 4 weeks
    line = planning.timeline(phases, today=date(2026, 1, 5) + timedelta(weeks=8))
    assert [(b.x_percent, b.width_percent) for b in line.bars] == [(0.0, 25.0), (25.0, 50.0), (75.0, 25.0)]
    assert line.today_percent == 50.0


def test_timeline_has_no_today_marker_outside_the_project():
    phases = planning.planned_phases(RK, "een_mijlpaal", 1, date(2026, 1, 5))
    assert planning.timeline(phases, today=date(2025, 1, 1)).today_percent is None
