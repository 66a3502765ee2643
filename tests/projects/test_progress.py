"""Progress derived from the work: every step's criteria against the project's records."""

from datetime import date, time
from decimal import Decimal

import pytest

from rfz_project.errors import ValidationError
from rfz_project.extensions import db
from rfz_project.formatting import datum
from rfz_project.models import (
    ActionStatus,
    ActionTiming,
    Finding,
    ProjectPlan,
    SessieStatus,
    StepStatus,
    TeamMember,
    TeamRole,
)
from rfz_project.projects import facts, progress, steps
from rfz_project.projects.page import project_overview_for, project_page
from rfz_project.projects.plan import PLAN_FIELDS
from rfz_project.projects.steps import StepInput
from rfz_project.routekaart import current_routekaart

from .. import factories

TODAY = date(2026, 3, 2)
MIJLPALEN = ("op_zoek", "in_beeld")


def _project(world):
    return factories.project(
        world.home,
        name="Twee mijlpalen",
        scope_type="combinatie",
        mijlpalen=list(MIJLPALEN),
        start_date=date(2026, 1, 5),
    )


def _derived(project, today=TODAY) -> progress.ProjectProgress:
    found = facts.facts_for([project], today)[project.id]
    return progress.project_progress(current_routekaart(), found)


def _step(project, key, today=TODAY) -> progress.StepProgress:
    return next(s for s in _derived(project, today).steps if s.step.full_key == key)


def _details(step: progress.StepProgress) -> list[str]:
    return [c.detail for c in step.checks]


def _sessie(project, session_type, mijlpalen=(), on_date=date(2026, 2, 16), **values):
    sessie = factories.sessie(project, session_type=session_type, mijlpalen=mijlpalen, on_date=on_date)
    for name, value in values.items():
        setattr(sessie, name, value)
    db.session.commit()
    return sessie


def _voorbereiding_done(project):
    factories.decision(
        project,
        decided_on=date(2026, 1, 20),
        decided_by="College van B&W",
        budget=Decimal("30000"),
        capacity_hours=400,
        rationale="Past in het armoedebeleid.",
    )
    for role, discipline in (
        (TeamRole.PROJECTLEIDER, "beleid"),
        (TeamRole.OPDRACHTGEVER, "juridisch"),
        (TeamRole.OPDRACHTNEMER, "uitvoering"),
        (TeamRole.LID, "kwaliteit"),
    ):
        db.session.add(
            TeamMember(project_id=project.id, name=f"Lid {role.value}", discipline=discipline, team_role=role)
        )
    db.session.add(ProjectPlan(project_id=project.id, **{name: f"Tekst {name}" for name in PLAN_FIELDS}))
    db.session.commit()


def _sessies_held(project):
    """Kick-off, one sessie per mijlpaal and a bedrijfsvoeringsessie held, each a week apart, with findings."""
    held = dict(status=SessieStatus.AFGEROND, procesbegeleider="Paul", administrator="Anne")
    made = [
        _sessie(project, "kick_off", on_date=date(2026, 2, 16), **held),
        _sessie(project, "inwoners", ("op_zoek",), on_date=date(2026, 2, 23), **held),
        _sessie(project, "professionals", ("in_beeld",), on_date=date(2026, 3, 2), **held),
        _sessie(project, "bedrijfsvoering", on_date=date(2026, 3, 9), **held),
        _sessie(
            project,
            "resultaten",
            on_date=date(2026, 3, 16),
            status=SessieStatus.GEPLAND,
            procesbegeleider="Paul",
            administrator="Anne",
        ),
    ]
    for sessie in made:
        factories.participant(sessie)
    for sessie in made[1:4]:
        db.session.add(Finding(project_id=project.id, sessie_id=sessie.id, text="Bevinding"))
    db.session.commit()
    return made


def test_every_criterion_of_the_routekaart_has_a_check_and_every_check_is_used(ctx):
    keys = [c.key for s in current_routekaart().steps for c in s.criteria]
    assert sorted(keys) == sorted(progress.CHECKS)
    assert all(s.criteria for s in current_routekaart().steps)


def test_the_scope_from_the_wizard_makes_step_one_ready_not_te_doen(world):
    step = _step(world.project, "voorbereiding.reikwijdte")
    assert step.status == progress.DerivedStatus.KLAAR
    assert step.can_be_closed
    assert _details(step)[0] == "Hele routekaart: alle mijlpalen"


def test_a_decision_without_budget_is_on_its_way_and_says_what_is_missing(world):
    project = _project(world)
    assert _step(project, "voorbereiding.besluitvorming").status == progress.DerivedStatus.TE_DOEN
    factories.decision(project, decided_on=date(2026, 3, 3), decided_by="Directie", capacity_hours=200)
    step = _step(project, "voorbereiding.besluitvorming")
    assert step.status == progress.DerivedStatus.BEZIG
    assert _details(step) == [
        f"Besluit van {datum(date(2026, 3, 3))} vastgelegd (Directie)",
        "Nog geen budget in het besluit",
        "Capaciteit 200 uur",
    ]
    assert [c.met for c in step.checks] == [True, False, True]


def test_the_team_needs_its_roles_and_the_core_disciplines_or_a_choice_without_them(world):
    project = _project(world)
    db.session.add(TeamMember(project_id=project.id, name="Pia", discipline="beleid", team_role=TeamRole.PROJECTLEIDER))
    db.session.commit()
    step = _step(project, "voorbereiding.projectleider")
    assert [c.met for c in step.checks] == [True, False, False, False]
    assert "Nog niet in het team: Juridisch, Uitvoering, Kwaliteit" in _details(step)
    for role, discipline in ((TeamRole.OPDRACHTGEVER, "uitvoering"), (TeamRole.OPDRACHTNEMER, "kwaliteit")):
        db.session.add(TeamMember(project_id=project.id, name=role.value, discipline=discipline, team_role=role))
    project.left_out_disciplines = ["juridisch"]
    db.session.commit()
    step = _step(project, "voorbereiding.projectleider")
    assert step.status == progress.DerivedStatus.KLAAR
    assert "bewust zonder: Juridisch" in _details(step)[-1]


def test_the_projectplan_counts_its_filled_sections(world):
    project = _project(world)
    db.session.add(ProjectPlan(project_id=project.id, aim="Doel", risks="  "))
    db.session.commit()
    step = _step(project, "voorbereiding.projectplan")
    assert step.status == progress.DerivedStatus.BEZIG and not step.checks[0].met
    assert _details(step) == [
        "1 van 7 onderdelen ingevuld; nog leeg: Afbakening, Resultaat, Aanpak, Organisatie, Planning, Risico's"
    ]


def test_the_aanpak_needs_every_kind_of_sessie_and_a_planning_by_the_rules(world):
    project = _project(world)
    _sessie(project, "kick_off", on_date=date(2026, 2, 16))
    _sessie(project, "inwoners", ("op_zoek",), on_date=date(2026, 2, 18))  # two days after the kick-off
    step = _step(project, "uitvoering.aanpak")
    assert [c.met for c in step.checks] == [True, False, False, False, False]
    assert "Nog geen sessie over: In beeld" in _details(step)
    assert "1 sessie ligt minder dan een week na de vorige" in _details(step)
    _sessie(project, "professionals", ("in_beeld",), on_date=date(2026, 3, 2))
    _sessie(project, "bedrijfsvoering", on_date=date(2026, 3, 9))
    _sessie(project, "resultaten", on_date=date(2026, 3, 16))
    assert [c.met for c in _step(project, "uitvoering.aanpak").checks] == [True, True, True, True, False]


def test_sessies_held_with_findings_and_invitations_complete_the_sessie_steps(world):
    project = _project(world)
    _sessies_held(project)
    assert _step(project, "uitvoering.aanpak").status == progress.DerivedStatus.KLAAR
    assert _step(project, "uitvoering.uitnodigen").status == progress.DerivedStatus.KLAAR
    sessies = _step(project, "uitvoering.sessies")
    assert sessies.status == progress.DerivedStatus.KLAAR
    assert _details(sessies)[0] == "4 van 4 sessies gehouden"


def test_a_held_sessie_without_findings_keeps_the_sessie_step_open(world):
    project = _project(world)
    _sessie(project, "inwoners", ("op_zoek",), status=SessieStatus.AFGEROND)
    step = _step(project, "uitvoering.sessies")
    assert [c.met for c in step.checks] == [True, False]
    assert "Bij 1 gehouden sessie staan nog geen bevindingen" in _details(step)


def test_results_need_themes_the_resultatensessie_and_a_choice_per_open_action(world):
    project = _project(world)
    made = _sessies_held(project)
    theme = factories.theme(project)
    step = _step(project, "uitvoering.resultaten")
    assert "3 bevindingen nog zonder thema" in _details(step)
    db.session.query(Finding).filter_by(project_id=project.id).update({"theme_id": theme.id})
    made[-1].status = SessieStatus.AFGEROND
    db.session.commit()
    factories.action(project, theme=theme, timing=ActionTiming.QUICK_WIN)
    factories.action(project, "Nog niet gekozen", theme=theme)
    step = _step(project, "uitvoering.resultaten")
    assert [c.met for c in step.checks] == [True, True, False]
    assert "Bij 1 open actie is nog niet gekozen" in _details(step)


def test_the_implementatieplan_needs_owner_deadline_budget_and_decisions(world):
    project = _project(world)
    factories.action(project, owner="Tom", deadline=date(2026, 6, 1), budget=Decimal("0"))
    factories.action(project, "Zonder alles", needs_decision=True)
    factories.action(project, "Geschrapt", status=ActionStatus.GESCHRAPT)  # counts for nothing
    step = _step(project, "uitvoering.implementatieplan")
    assert _details(step) == [
        "2 acties op de actielijst",
        "1 actie zonder eigenaar; 1 actie zonder deadline; 1 actie zonder budget",
        "1 actie wacht nog op een besluit",
    ]


def test_borging_needs_tasks_with_owner_hours_place_start_and_basis(world):
    project = _project(world)
    assert _step(project, "borging.reguliere_taken").status == progress.DerivedStatus.TE_DOEN
    factories.regular_task(project, owner="Team schulden", hours=Decimal("4"), needs_directiebesluit=True)
    assert _step(project, "borging.reguliere_taken").status == progress.DerivedStatus.KLAAR
    step = _step(project, "borging.opdrachten")
    assert _details(step) == ["1 taak zonder afdeling of startdatum", "1 taak wachten op een directiebesluit"]


def test_archivering_needs_reasons_for_decisions_and_agreements_on_records(world):
    project = _project(world)
    factories.decision(project, rationale="")
    step = _step(project, "borging.archivering")
    assert _details(step) == ["Bij 1 besluit staat nog niet waarom", "Nog geen afspraken over het vastleggen"]
    project.record_keeping = "Alles in het zaaksysteem, map RFZ."
    db.session.commit()
    assert _step(project, "borging.archivering").checks[1].met


def test_work_ahead_of_an_open_phase_moves_the_current_phase_and_is_pointed_out(world):
    project = _project(world)
    _sessies_held(project)
    derived = _derived(project)
    assert derived.current.phase.key == "uitvoering"
    assert derived.phases[0].status == progress.PHASE_BUSY
    assert any("terwijl in de Voorbereiding nog open staat" in note for note in derived.ahead)
    assert derived.next_step.step.full_key == "voorbereiding.besluitvorming"


def test_a_reasoned_decision_of_the_voorbereiding_does_not_start_the_borging(world):
    """Every decision having its reasons is a Borging criterion that holds from the first decision on: it
    shows as met on the step, but the Borging has not begun until its own work does."""
    project = _project(world)
    factories.decision(project, decided_on=date(2026, 1, 20), decided_by="Directie", rationale="Omdat het moet.")
    derived = _derived(project)
    archivering = next(s for s in derived.steps if s.step.full_key == "borging.archivering")
    assert any(c.met and c.criterion.key == "decisions_reasoned" for c in archivering.checks)
    assert not archivering.has_activity
    assert derived.phases[-1].status == progress.PHASE_NOT_STARTED
    assert derived.current.phase.key == "voorbereiding" and not derived.ahead
    project.record_keeping = "In het zaaksysteem, map Financiële zorgen."
    db.session.commit()
    assert _derived(project).current.phase.key == "borging"  # its own work: the phase has begun


def test_a_project_with_everything_done_is_finished(world):
    project = _project(world)
    _voorbereiding_done(project)
    made = _sessies_held(project)
    made[-1].status = SessieStatus.AFGEROND
    theme = factories.theme(project)
    db.session.query(Finding).filter_by(project_id=project.id).update({"theme_id": theme.id})
    project.record_keeping = "In het zaaksysteem."
    db.session.commit()
    factories.action(project, owner="Tom", deadline=date(2026, 6, 1), budget=Decimal("500"), timing=ActionTiming.LATER)
    factories.regular_task(project, owner="Tom", hours=Decimal("2"), department="Schulden", starts_on=date(2026, 5, 1))
    derived = _derived(project)
    assert [p.status for p in derived.phases] == [progress.PHASE_DONE] * 3
    assert derived.current is None and derived.next_step is None
    assert (derived.complete, derived.counted, derived.percent) == (12, 12, 100)


def test_steps_past_their_date_are_late_and_phases_behind_schedule_say_by_how_much(world):
    project = _project(world)  # Voorbereiding planned 5 januari to ~8 februari
    derived = _derived(project, today=date(2026, 2, 24))
    besluit = next(s for s in derived.steps if s.step.full_key == "voorbereiding.besluitvorming")
    assert besluit.late_days > 0 and besluit.due == derived.phases[0].planned.last_day
    assert derived.phases[0].schedule.text.startswith("loopt ") and derived.phases[0].schedule.text.endswith(" uit")
    assert derived.schedule_text.startswith("Voorbereiding loopt")
    assert next(s for s in derived.steps if s.step.full_key == "voorbereiding.reikwijdte").late_days == 0  # ready
    steps.update_step(
        world.actor(world.projectleider),
        project.id,
        "voorbereiding.besluitvorming",
        StepInput("bezig", None, date(2026, 3, 31), ""),
        None,
    )
    besluit = _step(project, "voorbereiding.besluitvorming", today=date(2026, 2, 24))
    assert (besluit.late_days, besluit.own_deadline) == (0, True)


def test_closing_by_hand_while_something_is_missing_needs_a_note(world):
    actor = world.actor(world.teamlid)
    key = "voorbereiding.besluitvorming"
    with pytest.raises(ValidationError) as error:
        steps.update_step(actor, world.project.id, key, StepInput("afgerond", None, None, ""), None)
    assert "notities" in error.value.errors["notes"][0]
    steps.update_step(actor, world.project.id, key, StepInput("afgerond", None, None, "Besloten in het MT"), None)
    assert _step(world.project, key).status == progress.DerivedStatus.AFGEROND


def test_not_applicable_steps_do_not_count(world):
    actor = world.actor(world.teamlid)
    steps.update_step(actor, world.project.id, "voorbereiding.projectplan", StepInput("nvt", None, None, ""), None)
    derived = _derived(world.project)
    assert derived.counted == 11
    assert len(derived.phases[0].counted) == 3


def test_afronden_is_only_for_a_step_whose_criteria_are_met(world):
    actor = world.actor(world.teamlid)
    with pytest.raises(ValidationError):
        steps.close_step(actor, world.project.id, "voorbereiding.besluitvorming", None)
    state = steps.close_step(actor, world.project.id, "voorbereiding.reikwijdte", None)
    assert state.status == StepStatus.AFGEROND
    assert _step(world.project, "voorbereiding.reikwijdte").status == progress.DerivedStatus.AFGEROND


def test_the_project_page_and_the_start_page_show_the_same_derived_progress(world):
    project = _project(world)
    _sessies_held(project)
    actor = world.actor(world.projectleider)
    page = project_page(actor, project.id, today=TODAY)
    summary = next(s for s in project_overview_for(actor, today=TODAY) if s.project.id == project.id)
    assert page.progress.current_label == summary.current_phase == "Uitvoering"
    assert page.progress.percent == summary.progress.percent


def test_the_budget_of_the_actions_is_set_against_the_decided_budget(world):
    project = _project(world)
    factories.decision(project, budget=Decimal("30000"))
    factories.action(project, budget=Decimal("100700"))
    factories.action(project, "Geschrapt", budget=Decimal("999"), status=ActionStatus.GESCHRAPT)
    page = project_page(world.actor(world.projectleider), project.id, today=TODAY)
    assert (page.budget.actions, page.budget.decided, page.budget.shortfall) == (
        Decimal("100700"),
        Decimal("30000"),
        Decimal("70700"),
    )


def test_a_sessie_past_its_date_and_not_held_is_late(world):
    project = _project(world)
    _sessie(project, "inwoners", ("op_zoek",), on_date=date(2026, 2, 20), start_time=time(10, 0))
    page = project_page(world.actor(world.projectleider), project.id, today=TODAY)
    assert page.late_sessies == 1


@pytest.mark.parametrize(
    "stored, met, expected",
    [
        (None, [False, False], progress.DerivedStatus.TE_DOEN),
        (None, [True, False], progress.DerivedStatus.BEZIG),
        (StepStatus.BEZIG, [False], progress.DerivedStatus.BEZIG),
        (None, [True, True], progress.DerivedStatus.KLAAR),
        (StepStatus.TE_DOEN, [True], progress.DerivedStatus.KLAAR),
        (StepStatus.AFGEROND, [False], progress.DerivedStatus.AFGEROND),
        (StepStatus.NIET_VAN_TOEPASSING, [True], progress.DerivedStatus.NIET_VAN_TOEPASSING),
    ],
)
def test_a_steps_status_follows_its_checks_unless_set_by_hand(ctx, stored, met, expected):
    criterion = current_routekaart().steps[0].criteria[0]
    checks = tuple(progress.Check(criterion, m, "") for m in met)
    assert progress.derived_status(stored, checks) == expected


def test_the_team_page_records_disciplines_left_out_on_purpose(logged_in_leider, client):
    project = logged_in_leider.project
    page = client.get(f"/projecten/{project.id}/team").get_data(as_text=True)
    assert "Bewust zonder" in page
    response = client.post(
        f"/projecten/{project.id}/team/bewust-zonder",
        data={"left_out": ["juridisch", "kwaliteit"], "version": str(project.version)},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(project), project.id).left_out_disciplines == ["juridisch", "kwaliteit"]
    refused = client.post(
        f"/projecten/{project.id}/team/bewust-zonder",
        data={"left_out": ["anders"], "version": str(project.version + 1)},
    )
    assert refused.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(project), project.id).left_out_disciplines == ["juridisch", "kwaliteit"]


def test_a_teamlid_cannot_change_the_disciplines_left_out(world, client, auth):
    auth.login("tl@venlo.nl")
    response = client.post(
        f"/projecten/{world.project.id}/team/bewust-zonder", data={"left_out": ["juridisch"], "version": "1"}
    )
    assert response.status_code == 403


def test_the_archivering_page_records_the_agreements_on_keeping_records(logged_in_leider, client):
    project = logged_in_leider.project
    url = f"/projecten/{project.id}/borging/besluiten/afspraken"
    text = 'Alles in het zaaksysteem <map RFZ> & "notulen"\nmet datum 🗂'
    response = client.post(url, data={"record_keeping": text, "version": str(project.version)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(project), project.id).record_keeping == text
    stale = client.post(url, data={"record_keeping": "Iets anders", "version": "1"})
    assert stale.status_code == 409 or "Iets anders" in stale.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(project), project.id).record_keeping == text
    assert _step(db.session.get(type(project), project.id), "borging.archivering").checks[1].met
