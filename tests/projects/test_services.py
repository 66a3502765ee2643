from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from rfz_project.errors import ConflictError, NotAuthorized, NotFound, ValidationError
from rfz_project.extensions import db
from rfz_project.models import Decision, Project, ProjectMijlpaal, StepState, StepStatus, TeamMember
from rfz_project.projects import decisions, steps, team
from rfz_project.projects import plan as project_plan
from rfz_project.projects.decisions import DecisionInput
from rfz_project.projects.page import project_overview_for, project_page
from rfz_project.projects.scope import ScopeInput, create_project, update_scope
from rfz_project.projects.steps import StepInput

from .. import factories


def scope(scope_type="combinatie", **changes) -> ScopeInput:
    values = dict(
        name="Beter bereik",
        scope_type=scope_type,
        mijlpalen=["in_beeld", "op_zoek"],
        rol=None,
        spoor="inwoner",
        central_question="Hoe bereiken we inwoners eerder?",
        reasons=["ambitie"],
        reason_note="",
        start_date=date(2026, 2, 2),
    )
    values.update(changes)
    return ScopeInput(**values)


@pytest.mark.parametrize(
    "data, mijlpalen, rol",
    [
        (scope("hele_routekaart", mijlpalen=[]), 8, None),
        (scope("combinatie"), 2, None),
        (scope("een_mijlpaal", mijlpalen=["in_contact"]), 1, None),
        (scope("een_rol", mijlpalen=[], rol="informatie_data"), 8, "informatie_data"),
        (scope("checklist", mijlpalen=["in_gesprek"]), 1, None),
    ],
)
def test_projectleider_creates_a_project_of_each_scope_type(world, data, mijlpalen, rol):
    project = create_project(world.actor(world.projectleider), world.home.id, data)
    stored = db.session.get(Project, project.id)
    assert stored.gemeente_id == world.home.id
    assert len(stored.mijlpaal_keys) == mijlpalen and stored.rol == rol
    assert stored.scope_type == data.scope_type


def test_combination_keeps_mijlpalen_in_route_order(world):
    project = create_project(world.actor(world.projectleider), world.home.id, scope())
    assert project.mijlpaal_keys == ["op_zoek", "in_beeld"]


@pytest.mark.parametrize(
    "data, field, message",
    [
        (scope("combinatie", mijlpalen=["op_zoek"]), "mijlpalen", "minstens twee"),
        (
            scope(
                "combinatie",
                mijlpalen=list(factories.ALL_MIJLPALEN),
            ),
            "mijlpalen",
            "Hele routekaart",
        ),
        (scope("een_mijlpaal", mijlpalen=["op_zoek", "in_beeld"]), "mijlpalen", "precies één"),
        (scope("een_mijlpaal", mijlpalen=[]), "mijlpalen", "precies één"),
        (scope("een_rol", rol=None), "rol", "Kies één rol"),
        (scope("een_rol", rol="inwoner"), "rol", "Kies één rol"),
        (scope("checklist", mijlpalen=[]), "mijlpalen", "minstens één"),
        (scope("combinatie", mijlpalen=["op_zoek", "maan"]), "mijlpalen", "uit de lijst"),
        (scope("combinatie", spoor="zeilen"), "spoor", "spoor"),
        (scope("combinatie", reasons=["verveling"]), "reasons", "aanleidingen"),
        (scope("combinatie", name="   "), "name", "naam"),
        (scope("combinatie", central_question=""), "central_question", "centrale vraag"),
        (scope("combinatie", start_date=None), "start_date", "startdatum"),
        (scope("bestaat_niet"), "scope_type", "vijf manieren"),
    ],
)
def test_invalid_scope_is_refused_with_a_message_on_the_field(world, data, field, message):
    with pytest.raises(ValidationError) as error:
        create_project(world.actor(world.projectleider), world.home.id, data)
    assert message in " ".join(error.value.errors[field])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 2  # only the world's


@pytest.mark.parametrize("who", ["teamlid", "lezer", "procesbegeleider", "other_projectleider", "beheerder"])
def test_only_a_projectleider_of_the_gemeente_starts_a_project(world, who):
    with pytest.raises(ValidationError, match="gemeente"):
        create_project(world.actor(getattr(world, who)), world.home.id, scope())


def test_update_scope_changes_mijlpalen_and_bumps_the_version(world):
    actor = world.actor(world.projectleider)
    before = world.project.version
    update_scope(actor, world.project.id, scope("een_mijlpaal", mijlpalen=["in_contact"]), before)
    db.session.expire_all()
    stored = db.session.get(Project, world.project.id)
    assert [
        r.mijlpaal
        for r in db.session.scalars(sa.select(ProjectMijlpaal).where(ProjectMijlpaal.project_id == stored.id))
    ] == ["in_contact"]
    assert stored.version == before + 1


def test_update_scope_with_a_stale_version_is_a_conflict(world):
    actor = world.actor(world.projectleider)
    update_scope(actor, world.project.id, scope(name="Eerste"), world.project.version)
    with pytest.raises(ConflictError):
        update_scope(actor, world.project.id, scope(name="Tweede"), world.project.version - 1)
    db.session.expire_all()
    assert db.session.get(Project, world.project.id).name == "Eerste"


# --- project page ----------------------------------------------------------------------------------


def test_project_page_derives_phases_progress_and_timeline(world):
    actor = world.actor(world.teamlid)
    steps.update_step(actor, world.project.id, "voorbereiding.reikwijdte", StepInput("afgerond", None, None, ""), None)
    steps.update_step(actor, world.project.id, "voorbereiding.projectplan", StepInput("nvt", None, None, ""), None)
    page = project_page(actor, world.project.id, today=date(2026, 1, 12))
    voorbereiding = page.phases[0]
    assert (voorbereiding.progress.complete, len(voorbereiding.progress.counted)) == (1, 3)
    assert voorbereiding.status == "Bezig"
    assert (page.progress.complete, page.progress.counted) == (1, 11)
    assert [p.planned.weeks for p in page.phases] == [6, 10, 6]
    assert page.timeline.today is not None
    assert page.can_write and not page.can_manage


def test_project_page_of_another_gemeente_is_not_found(world):
    with pytest.raises(NotFound):
        project_page(world.actor(world.projectleider), world.other_project.id)


def test_procesbegeleider_sees_only_assigned_gemeenten(world):
    actor = world.actor(world.procesbegeleider)
    assert project_page(actor, world.project.id).can_write
    with pytest.raises(NotFound):
        project_page(actor, world.other_project.id)
    assert [s.project.id for s in project_overview_for(actor)] == [world.project.id]


def test_beheerder_sees_no_project_content(world):
    assert project_overview_for(world.actor(world.beheerder)) == []
    with pytest.raises(NotFound):
        project_page(world.actor(world.beheerder), world.project.id)


# --- steps -----------------------------------------------------------------------------------------


def test_update_step_records_status_owner_due_date_and_notes(world):
    actor = world.actor(world.teamlid)
    notes = 'Afspraak met directie <b>&</b> "beleid" 👍\ntweede regel'
    state = steps.update_step(
        actor,
        world.project.id,
        "voorbereiding.besluitvorming",
        StepInput("bezig", world.teamlid.id, date(2026, 2, 1), notes),
        None,
    )
    db.session.expire_all()
    stored = db.session.get(StepState, state.id)
    assert (stored.status, stored.owner_id, stored.due_date, stored.notes) == (
        StepStatus.BEZIG,
        world.teamlid.id,
        date(2026, 2, 1),
        notes,
    )


def test_lezer_cannot_change_a_step(world):
    with pytest.raises(NotAuthorized):
        steps.update_step(
            world.actor(world.lezer),
            world.project.id,
            "voorbereiding.reikwijdte",
            StepInput("afgerond", None, None, ""),
            None,
        )


def test_owner_from_another_gemeente_is_refused(world):
    with pytest.raises(ValidationError) as error:
        steps.update_step(
            world.actor(world.teamlid),
            world.project.id,
            "voorbereiding.reikwijdte",
            StepInput("bezig", world.other_projectleider.id, None, ""),
            None,
        )
    assert "owner_id" in error.value.errors
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StepState)) == 0


def test_unknown_status_and_unknown_step_are_refused(world):
    actor = world.actor(world.teamlid)
    with pytest.raises(ValidationError):
        steps.update_step(actor, world.project.id, "voorbereiding.reikwijdte", StepInput("klaar", None, None, ""), None)
    with pytest.raises(NotFound):
        steps.update_step(actor, world.project.id, "voorbereiding.koffie", StepInput("bezig", None, None, ""), None)


def test_second_editor_of_the_same_step_gets_a_conflict(world):
    first, second = world.actor(world.teamlid), world.actor(world.projectleider)
    state = steps.update_step(
        first, world.project.id, "voorbereiding.reikwijdte", StepInput("bezig", None, None, "eerste"), None
    )
    loaded_version = state.version
    steps.update_step(
        first,
        world.project.id,
        "voorbereiding.reikwijdte",
        StepInput("afgerond", None, None, "eerste, bijgewerkt"),
        loaded_version,
    )
    with pytest.raises(ConflictError):
        steps.update_step(
            second,
            world.project.id,
            "voorbereiding.reikwijdte",
            StepInput("te_doen", None, None, "tweede"),
            loaded_version,
        )
    db.session.expire_all()
    assert db.session.get(StepState, state.id).notes == "eerste, bijgewerkt"


def test_two_people_creating_the_first_state_of_a_step_conflict(world):
    steps.update_step(
        world.actor(world.teamlid),
        world.project.id,
        "voorbereiding.reikwijdte",
        StepInput("bezig", None, None, "eerste"),
        None,
    )
    with pytest.raises(ConflictError):
        steps.update_step(
            world.actor(world.projectleider),
            world.project.id,
            "voorbereiding.reikwijdte",
            StepInput("afgerond", None, None, "tweede"),
            None,
        )


# --- team, plan, decisions -------------------------------------------------------------------------


def test_projectleider_adds_a_gemeente_user_and_a_person_without_account(world):
    actor = world.actor(world.projectleider)
    member = team.add_team_member(
        actor, world.project.id, user_id=world.teamlid.id, name="", discipline="uitvoering", team_role="lid"
    )
    assert member.name == "Tom Lid"
    outsider = team.add_team_member(
        actor, world.project.id, user_id=None, name="Directeur Jansen", discipline="directie", team_role="opdrachtgever"
    )
    assert outsider.user_id is None and outsider.team_role.value == "opdrachtgever"


def test_team_member_from_another_gemeente_is_refused(world):
    with pytest.raises(ValidationError) as error:
        team.add_team_member(
            world.actor(world.projectleider),
            world.project.id,
            user_id=world.other_projectleider.id,
            name="",
            discipline="beleid",
            team_role="lid",
        )
    assert "user_id" in error.value.errors


def test_teamlid_cannot_change_the_team(world):
    with pytest.raises(NotAuthorized):
        team.add_team_member(
            world.actor(world.teamlid), world.project.id, user_id=None, name="X", discipline="beleid", team_role="lid"
        )


def test_removing_a_team_member_of_another_project_is_not_found(world):
    foreign = TeamMember(project_id=world.other_project.id, name="Ander", discipline="beleid")
    db.session.add(foreign)
    db.session.commit()
    with pytest.raises(NotFound):
        team.remove_team_member(world.actor(world.projectleider), world.project.id, foreign.id)
    assert db.session.get(TeamMember, foreign.id) is not None


def test_projectplan_is_saved_and_a_stale_save_conflicts(world):
    actor = world.actor(world.teamlid)
    values = {name: f'{name} met <tekens> & "quotes" 😀\nregel 2' for name in project_plan.PLAN_FIELDS}
    plan = project_plan.save_plan(actor, world.project.id, values, None)
    assert plan.risks == values["risks"]
    with pytest.raises(ConflictError):
        project_plan.save_plan(actor, world.project.id, {"aim": "ander doel"}, None)
    db.session.expire_all()
    assert project_plan.get_plan(actor, world.project.id)[1].aim == values["aim"]


def test_decision_records_budget_and_capacity(world):
    decision = decisions.save_decision(
        world.actor(world.teamlid),
        world.project.id,
        DecisionInput("Start", date(2026, 2, 1), "Directie", Decimal("12345.50"), 320, "Uren voor sessies"),
    )
    db.session.expire_all()
    stored = db.session.get(Decision, decision.id)
    assert (stored.budget, stored.capacity_hours, stored.step_key) == (
        Decimal("12345.50"),
        320,
        "voorbereiding.besluitvorming",
    )


@pytest.mark.parametrize("budget, hours, field", [(Decimal("-1"), None, "budget"), (None, -5, "capacity_hours")])
def test_negative_budget_or_capacity_is_refused(world, budget, hours, field):
    with pytest.raises(ValidationError) as error:
        decisions.save_decision(
            world.actor(world.teamlid), world.project.id, DecisionInput("Start", None, "", budget, hours, "")
        )
    assert field in error.value.errors
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 0


def test_decision_of_another_project_cannot_be_edited_or_deleted(world):
    foreign = Decision(project_id=world.other_project.id, step_key="voorbereiding.besluitvorming", title="Van Kampen")
    db.session.add(foreign)
    db.session.commit()
    actor = world.actor(world.projectleider)
    with pytest.raises(NotFound):
        decisions.save_decision(
            actor, world.project.id, DecisionInput("Gekaapt", None, "", None, None, ""), foreign.id, foreign.version
        )
    with pytest.raises(NotFound):
        decisions.delete_decision(actor, world.project.id, foreign.id)
    db.session.expire_all()
    assert db.session.get(Decision, foreign.id).title == "Van Kampen"
