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


def test_timeline_places_each_planned_bar_right_of_the_label_column_in_proportion():
    phases = planning.planned_phases(RK, "een_mijlpaal", 1, date(2026, 1, 5))  # 4 + 8 + 4 weeks
    line = planning.timeline(phases, today=date(2026, 1, 5) + timedelta(weeks=8))
    area = planning.TIMELINE_WIDTH - planning.LABEL_COLUMN - planning.RIGHT_MARGIN
    left = planning.LABEL_COLUMN
    assert [(r.planned.x, r.planned.width) for r in line.rows] == [
        (left, area / 4),
        (left + area / 4, area / 2),
        (left + 3 * area / 4, area / 4),
    ]
    assert [r.label for r in line.rows] == ["Voorbereiding", "Uitvoering", "Borging"]
    assert line.today is not None and line.today.x == left + area / 2 and line.today.anchor == "start"
    # Each phase's name sits above its bars, and no bar overlaps the next phase's.
    for row, below in zip(line.rows, line.rows[1:], strict=False):
        assert row.name_y < row.planned.y < row.actual_y < below.name_y - planning.BAR_HEIGHT


def test_timeline_has_no_today_line_outside_the_drawing():
    phases = planning.planned_phases(RK, "een_mijlpaal", 1, date(2026, 1, 5))
    assert planning.timeline(phases, today=date(2025, 1, 1)).today is None


def test_today_near_the_right_edge_is_labelled_to_its_left():
    phases = planning.planned_phases(RK, "een_mijlpaal", 1, date(2026, 1, 5))
    mark = planning.timeline(phases, today=phases[-1].last_day).today
    assert mark is not None and mark.anchor == "end" and mark.label_x < mark.x


def test_month_ticks_are_labelled_in_dutch_and_thinned_out_when_the_span_is_long():
    short = planning.timeline(planning.planned_phases(RK, "een_mijlpaal", 1, date(2026, 1, 19)), date(2026, 1, 19))
    assert short.end == date(2026, 5, 11)
    assert [t.label for t in short.ticks] == ["feb 2026", "mrt 2026", "apr 2026", None]  # mei: no room left
    assert all(b.x > a.x for a, b in zip(short.ticks, short.ticks[1:], strict=False))
    # An actual span running long widens the drawing; labels then go every few months.
    long_run = planning.ActualSpan(date(2026, 1, 5), date(2028, 6, 30), running=True)
    wide = planning.timeline(
        planning.planned_phases(RK, "een_mijlpaal", 1, date(2026, 1, 5)), date(2028, 6, 30), [long_run]
    )
    labels = [t.label for t in wide.ticks if t.label]
    assert labels[:3] == ["mei 2026", "sep 2026", "jan 2027"] and wide.end == date(2028, 7, 1)  # every 4 months
    labelled = [t.x for t in wide.ticks if t.label]
    gaps = [b - a for a, b in zip(labelled, labelled[1:], strict=False)]
    assert min(gaps) >= planning.MONTH_LABEL_SPACING
    assert max(t.x for t in wide.ticks if t.label) + 4 + planning.MONTH_LABEL_WIDTH <= planning.TIMELINE_WIDTH


def test_actual_bars_follow_their_span_and_a_phase_without_dated_work_has_none():
    phases = planning.planned_phases(RK, "een_mijlpaal", 1, date(2026, 1, 5))
    done = planning.ActualSpan(date(2026, 1, 5), date(2026, 1, 5), running=False)  # one day
    running = planning.ActualSpan(date(2026, 2, 16), date(2026, 3, 2), running=True)
    line = planning.timeline(phases, date(2026, 3, 2), [done, running, None])
    first, second, third = line.rows
    area = planning.TIMELINE_WIDTH - planning.LABEL_COLUMN - planning.RIGHT_MARGIN
    assert first.actual is not None and first.actual.width == round(area / 112, 1) and not first.running  # 1 day
    assert second.actual is not None and second.running
    assert second.actual.x > second.planned.x  # started two weeks after the plan
    assert third.actual is None
