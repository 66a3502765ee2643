"""The project page's timeline: planned and actual per phase, from the dated work in the tool."""

import re
from datetime import date, timedelta

from rfz_project.extensions import db
from rfz_project.formatting import datum
from rfz_project.models import Project, SessieStatus, StepState, StepStatus
from rfz_project.projects import facts, planning, progress
from rfz_project.routekaart import current_routekaart

from .. import factories

START = date(2026, 1, 5)


def _project(world):
    return factories.project(
        world.home, name="Tijdlijn", scope_type="combinatie", mijlpalen=["op_zoek", "in_beeld"], start_date=START
    )


def _held(project, on_date, session_type="inwoners", mijlpalen=("op_zoek",)):
    sessie = factories.sessie(project, session_type=session_type, mijlpalen=mijlpalen, on_date=on_date)
    sessie.status = SessieStatus.AFGEROND
    db.session.commit()
    return sessie


def _phases(project, today) -> tuple[progress.PhaseProgress, ...]:
    found = facts.facts_for([project], today)[project.id]
    return progress.project_progress(current_routekaart(), found).phases


def test_an_open_phase_runs_from_its_first_dated_work_to_today(world):
    project = _project(world)
    factories.decision(project, decided_on=date(2026, 1, 20))
    _held(project, date(2026, 2, 16))
    _held(project, date(2026, 2, 23), mijlpalen=("in_beeld",))
    factories.sessie(project, on_date=date(2026, 2, 9))  # planned, not held: no work on record
    voorbereiding, uitvoering, borging = _phases(project, today=date(2026, 3, 2))
    # The Voorbereiding starts on the project's start date; it is not done, so it runs on to today.
    assert voorbereiding.actual == planning.ActualSpan(START, date(2026, 3, 2), running=True)
    assert uitvoering.actual == planning.ActualSpan(date(2026, 2, 16), date(2026, 3, 2), running=True)
    assert borging.actual is None


def test_a_finished_phase_ends_on_its_last_dated_work(world):
    project = _project(world)
    factories.decision(project, decided_on=date(2026, 1, 20))
    factories.decision(project, "Plan besloten", step_key="uitvoering.implementatieplan", decided_on=date(2026, 3, 20))
    db.session.add_all(
        StepState(project_id=project.id, step_key=step.full_key, status=StepStatus.AFGEROND)
        for step in current_routekaart().phases[0].steps
    )
    db.session.commit()
    voorbereiding, uitvoering, _ = _phases(project, today=date(2026, 4, 1))
    assert voorbereiding.status == progress.PHASE_DONE
    assert voorbereiding.actual == planning.ActualSpan(START, date(2026, 1, 20), running=False)
    # A decision counts in the phase of its step.
    assert uitvoering.actual is not None and uitvoering.actual.start == date(2026, 3, 20)


def test_work_dated_after_today_is_not_yet_work_done(world):
    project = _project(world)
    _held(project, date(2026, 5, 4))  # marked held, but its day is still to come
    factories.decision(project, "Taken belegd", step_key="borging.opdrachten", decided_on=date(2026, 6, 1))
    _, uitvoering, borging = _phases(project, today=date(2026, 3, 2))
    assert uitvoering.actual is None and borging.actual is None
    later = _phases(project, today=date(2026, 6, 2))
    assert later[1].actual is not None and later[1].actual.start == date(2026, 5, 4)
    assert later[2].actual is not None and later[2].actual.start == date(2026, 6, 1)


def test_a_project_that_starts_later_has_no_actual_dates_yet(world):
    project = factories.project(world.home, name="Later", start_date=date(2026, 9, 7))
    assert [p.actual for p in _phases(project, today=date(2026, 3, 2))] == [None, None, None]


def test_the_project_page_shows_the_axis_both_bars_and_the_actual_dates(logged_in_leider, client):
    today = date.today()  # the page counts from the real today
    project = db.session.get(Project, logged_in_leider.project.id)  # the whole routekaart: 6 + 10 + 6 weeks
    project.start_date = today - timedelta(days=14)
    db.session.commit()
    _held(project, today - timedelta(days=3))
    page = client.get(f"/projecten/{project.id}").get_data(as_text=True)
    svg = page[page.index("<svg") : page.index("</svg>")]
    # Month labels along the axis, in Dutch (22 weeks leave room to label every month), and today's line.
    months = [date(today.year + (today.month + i - 1) // 12, (today.month + i - 1) % 12 + 1, 1) for i in (1, 2, 3)]
    for month in months:
        assert f">{planning.SHORT_MONTHS[month.month - 1]} {month.year}</text>" in svg
    assert 'class="rfz-phase-timeline__today"' in svg and ">vandaag</text>" in svg
    # Per phase a planned bar and (when there is dated work) an actual one, each labelled beside it.
    assert len(re.findall(r'class="rfz-phase-timeline__planned"', svg)) == 3
    assert len(re.findall(r'class="rfz-phase-timeline__actual rfz-phase-timeline__actual--running"', svg)) == 2
    assert svg.count(">gepland</text>") == 3 and svg.count(">werkelijk</text>") == 3
    assert "nog geen werk met een datum" in svg  # the Borging
    assert ">1. Voorbereiding</text>" in svg
    # The table beside it has the same facts in words, and the page says how the actual dates are found.
    assert f"Sinds {datum(project.start_date)}, loopt nog" in page
    assert f"Sinds {datum(today - timedelta(days=3))}, loopt nog" in page
    assert "Nog geen werk met een datum" in page
    assert "Werkelijk: van de eerste tot de laatste dag met werk in de tool" in page
