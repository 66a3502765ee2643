"""Thin views: parse the form, call a service, render or redirect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..access import Need
from ..documents.services import step_files
from ..forms import VersionedForm
from ..inputs import whole_number
from ..models import StepStatus
from ..views_common import (
    RecordPages,
    confirm_delete,
    current_routekaart,
    flash_outcome,
    form_page,
    form_status,
    need_for_request,
    record_form,
    require_confirmed_post,
    save_or_conflict,
    shown_record,
    submitted_and_valid,
)
from . import bp, decisions, lifecycle, page, scope, steps
from . import history as project_history
from . import plan as project_plan
from . import risks as project_risks
from . import team as project_team
from .forms import (
    CloseProjectForm,
    DecisionForm,
    DeleteProjectForm,
    LeftOutForm,
    ProjectPlanForm,
    RiskForm,
    ScopeForm,
    ScopeTypeForm,
    StepForm,
    TeamMemberForm,
)


@bp.before_request
@login_required
def require_login():
    """Every page of this area needs a logged-in user; access per project is checked in services."""


def _scope_input(form: ScopeForm, scope_type: str) -> scope.ScopeInput:
    return scope.ScopeInput(
        name=form.name.data or "",
        scope_type=scope_type,
        mijlpalen=form.mijlpalen.data or [],
        rol=form.rol.data,
        spoor=form.spoor.data or "",
        central_question=form.central_question.data or "",
        reasons=form.reasons.data or [],
        reason_note=form.reason_note.data or "",
        start_date=form.start_date.data,
    )


def _scope_valid(form: ScopeForm, data: scope.ScopeInput) -> bool:
    """Reports the form's field checks and the scope rules together, so the user sees every problem
    after one submit."""
    return submitted_and_valid(form, lambda: scope.check_scope(data))


# --- wizard ----------------------------------------------------------------------------------------


def _scope_type_form(selected: str | None) -> ScopeTypeForm:
    form = ScopeTypeForm()
    form.fill_choices(current_routekaart())
    if selected and not form.is_submitted():
        form.scope_type.data = selected
    return form


def _scope_type_page(form: ScopeTypeForm, **context):
    return render_template("projects/scope_type.html", form=form, **context), form_status(form)


@bp.route("/nieuw", methods=["GET", "POST"])
def new():
    scope.gemeenten_to_start_in(current_user)
    form = _scope_type_form(request.args.get("type"))
    if form.validate_on_submit():
        return redirect(url_for(".new_details", scope_type=form.scope_type.data))
    return _scope_type_page(form, step_title="Nieuw project", action=url_for(".new"))


@bp.route("/nieuw/<scope_type>", methods=["GET", "POST"])
def new_details(scope_type):
    chosen = scope.scope_type(scope_type)
    gemeenten = scope.gemeenten_to_start_in(current_user)
    rk = current_routekaart()
    form = ScopeForm()
    form.fill_choices(rk, gemeenten)
    if not form.is_submitted():
        form.start_date.data = date.today()
        form.gemeente_id.data = gemeenten[0].id
        form.mijlpalen.data = [m.key for m in rk.mijlpalen] if chosen.selection == "checklist" else []
    data = _scope_input(form, chosen.key)
    if _scope_valid(form, data):
        project = save_or_conflict(form, lambda: scope.create_project(current_user, form.gemeente_id.data, data))
        if project is not None:
            flash("Het project is aangemaakt. Loop nu de stappen van de Voorbereiding door.", "success")
            return redirect(url_for(".show", project_id=project.id))
    return render_template(
        "projects/scope_form.html", form=form, scope=chosen, project=None, show_gemeente=len(gemeenten) > 1
    ), form_status(form)


# --- project page ----------------------------------------------------------------------------------


@bp.route("/<int:project_id>")
def show(project_id):
    project_page = page.project_page(current_user, project_id)
    return render_template("projects/show.html", page=project_page, project=project_page.project)


@bp.route("/<int:project_id>/reikwijdte", methods=["GET", "POST"])
def edit_scope_type(project_id):
    project = scope.project_for_scope_edit(current_user, project_id)
    form = _scope_type_form(request.args.get("type") or project.scope_type)
    if form.validate_on_submit():
        return redirect(url_for(".edit_scope", project_id=project.id, scope_type=form.scope_type.data))
    return _scope_type_page(
        form,
        project=project,
        step_title="Reikwijdte wijzigen",
        action=url_for(".edit_scope_type", project_id=project.id),
    )


@bp.route("/<int:project_id>/reikwijdte/<scope_type>", methods=["GET", "POST"])
def edit_scope(project_id, scope_type):
    chosen = scope.scope_type(scope_type)
    project = scope.project_for_scope_edit(current_user, project_id)
    form = ScopeForm(obj=scope.scope_input_from(project) if request.method == "GET" else None)
    form.fill_choices(current_routekaart(), [])
    if request.method == "GET":
        form.version.data = str(project.version)
    data = _scope_input(form, chosen.key)

    def newest_version() -> int:
        return scope.project_for_scope_edit(current_user, project_id).version

    valid = _scope_valid(form, data)
    if valid:
        # A narrower scope that leaves records outside it is shown first, with the form kept, to confirm.
        impact = save_or_conflict(
            form,
            lambda: scope.change_impact(current_user, project.id, data, form.expected_version()),
            newest_version=newest_version,
        )
        if impact is not None and impact.needs_confirmation(form.confirmed_leaving.data):
            return render_template(
                "projects/scope_form.html", form=form, impact=impact, scope=chosen, project=project, show_gemeente=False
            )
        valid = impact is not None
    return form_page(
        form,
        valid=valid,
        save=lambda: scope.update_scope(
            current_user, project.id, data, form.expected_version(), form.confirmed_leaving.data
        ),
        saved_message=lambda _project: "De reikwijdte is opgeslagen.",
        next_url=url_for(".show", project_id=project.id),
        newest_version=newest_version,
        template="projects/scope_form.html",
        scope=chosen,
        project=project,
        show_gemeente=False,
    )


@bp.route("/<int:project_id>/geschiedenis")
def history(project_id):
    page_number = whole_number(request.args.get("pagina", "1")) or 1
    events = project_history.history_page(current_user, project_id, page_number)
    return render_template("projects/history.html", history=events, project=events.project)


# --- closing, reopening and deleting a project ---------------------------------------------------------


@bp.app_template_global()
def may_close_or_delete(project) -> bool:
    """For the closed-project banner on every project page, whatever service built the page."""
    return lifecycle.may_close_or_delete(current_user, project)


@bp.route("/<int:project_id>/afsluiten", methods=["GET", "POST"])
def close_project(project_id):
    project = lifecycle.project_to_close(current_user, project_id)
    form = CloseProjectForm()
    return form_page(
        form,
        valid=submitted_and_valid(form, lambda: lifecycle.check_reason(form.reason.data or "")),
        save=lambda: lifecycle.close(current_user, project.id, form.reason.data or ""),
        saved_message=lambda _project: "Het project is afgesloten. U kunt het nog bekijken, maar niet meer wijzigen.",
        next_url=url_for(".show", project_id=project.id),
        template="projects/close.html",
        project=project,
    )


@bp.route("/<int:project_id>/heropenen", methods=["POST"])
def reopen_project(project_id):
    """The "Heropenen" button in the banner of a closed project; a refusal is flashed."""
    require_confirmed_post()
    flash_outcome(
        lambda: lifecycle.reopen(current_user, project_id),
        "Het project is heropend. Het team kan er weer in werken.",
    )
    return redirect(url_for(".show", project_id=project_id))


@bp.route("/<int:project_id>/verwijderen", methods=["GET", "POST"])
def delete_project(project_id):
    deletion = lifecycle.deletion_page(current_user, project_id)
    form = DeleteProjectForm()
    form.name.description = lifecycle.name_to_type(deletion.project)
    valid = submitted_and_valid(form, lambda: lifecycle.check_typed_name(deletion.project, form.name.data or ""))
    if valid:
        name = save_or_conflict(form, lambda: lifecycle.delete(current_user, project_id, form.name.data or ""))
        if name is not None:
            flash(f"Project '{name}' is verwijderd, met alles wat erin stond.", "success")
            return redirect(url_for("pages.home"))
    return render_template(
        "projects/delete.html",
        form=form,
        project=deletion.project,
        contents=deletion.contents,
        to_be_told=deletion.to_be_told,
    ), form_status(form)


# --- steps -----------------------------------------------------------------------------------------


def _step_input(form: StepForm) -> steps.StepInput:
    return steps.StepInput(
        status=form.status.data,
        owner_id=form.owner_id.data,
        due_date=form.due_date.data,
        notes=form.notes.data or "",
    )


@bp.route("/<int:project_id>/stappen/<step_key>", methods=["GET", "POST"])
def step(project_id, step_key):
    step_page = steps.step_page(current_user, project_id, step_key, need_for_request())
    form = StepForm(obj=step_page.state if request.method == "GET" else None)
    form.owner_id.choices = [("", "Nog niemand")] + [(u.id, u.name) for u in step_page.owners]
    if request.method == "GET":
        form.version.data = str(step_page.state.version) if step_page.state else ""
        form.status.data = (step_page.state.status if step_page.state else StepStatus.TE_DOEN).value
    shown = step_page.step
    if form.validate_on_submit():
        saved = save_or_conflict(
            form,
            lambda: steps.update_step(current_user, project_id, step_key, _step_input(form), form.expected_version()),
            newest_version=lambda: steps.stored_version(current_user, project_id, step_key),
        )
        if saved is not None:
            flash(f"Stap '{shown.label}' is opgeslagen.", "success")
            return redirect(url_for(".show", project_id=project_id) + f"#stap-{shown.phase_key}-{shown.key}")
    return render_template(  # the step's files only now: listing them builds the documents' whole context
        "projects/step.html",
        form=form,
        project=step_page.project,
        step=shown,
        state=step_page.state,
        advice=step_page.advice,
        step_decisions=step_page.decisions,
        progress=step_page.progress,
        can_write=step_page.can_write,
        can_manage=step_page.can_manage,
        close_form=VersionedForm(formdata=None, version=form.version.data),
        step_files=step_files(current_user, project_id, shown.documents),
    ), form_status(form)


@bp.route("/<int:project_id>/stappen/<step_key>/afronden", methods=["POST"])
def close_step(project_id, step_key):
    """The "Afronden" button of a step whose criteria are met; a refusal or conflict is flashed."""
    form = VersionedForm()
    require_confirmed_post(form)
    step = current_routekaart().get("step", step_key)
    flash_outcome(
        lambda: steps.close_step(current_user, project_id, step_key, form.expected_version()),
        lambda _state: f"Stap '{step.label}' is afgerond.",
    )
    return redirect(url_for(".step", project_id=project_id, step_key=step_key))


# --- team ------------------------------------------------------------------------------------------


@bp.route("/<int:project_id>/team", methods=["GET", "POST"])
def team(project_id):
    need = Need.MANAGE if request.method == "POST" else Need.READ  # only a projectleider changes the team
    team_page = project_team.team_page(current_user, project_id, need)
    project = team_page.project
    form = TeamMemberForm()
    form.fill_choices(current_routekaart(), team_page.staff)
    return form_page(
        form,
        valid=form.validate_on_submit(),
        save=lambda: project_team.add_team_member(
            current_user,
            project.id,
            user_id=form.user_id.data,
            name=form.name.data or "",
            discipline=form.discipline.data,
            team_role=form.team_role.data,
        ),
        saved_message=lambda member: f"{member.name} is toegevoegd aan het projectteam.",
        next_url=url_for(".team", project_id=project.id),
        template="projects/team.html",
        project=project,
        disciplines=team_page.disciplines,
        can_manage=team_page.can_manage,
        left_out_form=_left_out_form(project),
    )


def _left_out_form(project) -> LeftOutForm:
    form = LeftOutForm(formdata=None, left_out=list(project.left_out_disciplines or []), version=str(project.version))
    form.left_out.choices = project_team.left_out_choices()
    return form


@bp.route("/<int:project_id>/team/bewust-zonder", methods=["POST"])
def save_left_out(project_id):
    """Which core disciplines the team does without on purpose; a refusal or conflict is flashed."""
    form = LeftOutForm()
    require_confirmed_post(form)
    flash_outcome(
        lambda: project_team.save_left_out_disciplines(
            current_user, project_id, list(form.left_out.data or []), form.expected_version()
        ),
        "De keuze voor de vakgebieden is opgeslagen.",
    )
    return redirect(url_for(".team", project_id=project_id) + "#bewust-zonder")


@bp.route("/<int:project_id>/team/<int:member_id>/verwijderen", methods=["POST"])
def remove_team_member(project_id, member_id):
    require_confirmed_post()
    project_team.remove_team_member(current_user, project_id, member_id)
    flash("Het teamlid is verwijderd.", "success")
    return redirect(url_for(".team", project_id=project_id))


# --- projectplan -----------------------------------------------------------------------------------


def _plan_values(form: ProjectPlanForm) -> dict[str, str]:
    return {name: form[name].data for name in project_plan.PLAN_FIELDS}


@bp.route("/<int:project_id>/projectplan", methods=["GET", "POST"])
def plan(project_id):
    plan_page = project_plan.plan_page(current_user, project_id, need_for_request())
    project, stored = plan_page.project, plan_page.plan
    form = ProjectPlanForm(obj=stored if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = str(stored.version) if stored else ""
    return form_page(
        form,
        valid=form.validate_on_submit(),
        save=lambda: project_plan.save_plan(current_user, project.id, _plan_values(form), form.expected_version()),
        saved_message=lambda _plan: "Het projectplan is opgeslagen.",
        next_url=url_for(".plan", project_id=project.id),
        newest_version=lambda: project_plan.stored_version(current_user, project_id),
        template="projects/plan.html",
        project=project,
        current=stored,
        can_write=plan_page.can_write,
        risks=plan_page.risks,
    )


def _risk_input(form: RiskForm) -> project_risks.RiskInput:
    return project_risks.RiskInput(
        title=form.title.data or "",
        likelihood=form.likelihood.data or "",
        impact=form.impact.data or "",
        measure=form.measure.data or "",
    )


def _risk_form_for(context: project_risks.RiskContext) -> RiskForm:
    form = record_form(RiskForm, context.record)
    risk = shown_record(context.record)
    if risk is not None:
        form.likelihood.data, form.impact.data = risk.likelihood.value, risk.impact.value
    return form


RISK_PAGES = RecordPages(
    noun="het risico",
    record_name="risk",
    rule="/<int:project_id>/projectplan/risicos",
    endpoint_suffix="_risk",
    template="projects/risk_form.html",
    list_endpoint=".plan",
    load=project_risks.risk_form,
    form_for=_risk_form_for,
    valid=lambda form, _context: submitted_and_valid(form, lambda: project_risks.validate_risk(_risk_input(form))),
    read_input=_risk_input,
    save=project_risks.save_risk,
    delete=project_risks.delete_risk,
)


RISK_PAGES.add_routes(bp)


# --- decisions -------------------------------------------------------------------------------------

# Where decision pages lead back to. A fixed word in the query string, never a URL, so no open redirect.
_DECISION_RETURNS = {
    "archivering": ("borging.decisions", "Terug naar de archivering"),
    "taken": ("borging.tasks", "Terug naar de reguliere taken"),
}


@dataclass(frozen=True)
class _Back:
    url: str
    label: str
    args: dict


def _decision_back(project_id: int, step_key: str | None) -> _Back:
    """The page the user came from; else Besluitvorming for its own decisions (only that step page
    lists decisions), else the decision log, which lists them all."""
    came_from = request.args.get("terug", "")
    if came_from in _DECISION_RETURNS:
        endpoint, label = _DECISION_RETURNS[came_from]
        return _Back(url_for(endpoint, project_id=project_id), label, {"terug": came_from})
    if step_key in (None, decisions.BESLUITVORMING_STEP):
        return _Back(
            url_for(".step", project_id=project_id, step_key=decisions.BESLUITVORMING_STEP),
            "Terug naar de stap Besluitvorming",
            {},
        )
    return _Back(url_for("borging.decisions", project_id=project_id), "Terug naar de archivering", {})


def _decision_input(form: DecisionForm) -> decisions.DecisionInput:
    return decisions.DecisionInput(
        title=form.title.data or "",
        decided_on=form.decided_on.data,
        decided_by=form.decided_by.data or "",
        budget=form.budget.data,
        capacity_hours=form.capacity_hours.data,
        rationale=form.rationale.data or "",
        step_key=form.step_key.data or None,
    )


def _preselected_step() -> str:
    """The step asked for in the link (?stap=...), when it exists; else Besluitvorming."""
    wanted = request.args.get("stap", "")
    return wanted if current_routekaart().get("step", wanted) else decisions.BESLUITVORMING_STEP


@bp.route("/<int:project_id>/besluiten/nieuw", methods=["GET", "POST"])
def new_decision(project_id):
    project = decisions.project_for_new_decision(current_user, project_id)
    form = DecisionForm()
    form.fill_steps(current_routekaart())
    if request.method == "GET":
        form.step_key.data = _preselected_step()
    return form_page(
        form,
        valid=form.validate_on_submit(),
        save=lambda: decisions.save_decision(current_user, project.id, _decision_input(form)),
        saved_message=lambda _decision: "Het besluit is vastgelegd.",
        # a new decision without a chosen step belongs to Besluitvorming (see decisions.save_decision)
        next_url=_decision_back(project.id, form.step_key.data or decisions.BESLUITVORMING_STEP).url,
        template="projects/decision_form.html",
        project=project,
        decision=None,
        back=_decision_back(project.id, form.step_key.data),
    )


@bp.route("/<int:project_id>/besluiten/<int:decision_id>", methods=["GET", "POST"])
def edit_decision(project_id, decision_id):
    decision_page = decisions.decision_page(current_user, project_id, decision_id, need_for_request())
    project, decision = decision_page.project, decision_page.decision
    form = DecisionForm(obj=decision if request.method == "GET" else None)
    form.fill_steps(current_routekaart())
    if request.method == "GET":
        form.version.data = str(decision.version)
    return form_page(
        form,
        valid=form.validate_on_submit(),
        save=lambda: decisions.save_decision(
            current_user, project.id, _decision_input(form), decision.id, form.expected_version()
        ),
        saved_message=lambda _decision: "Het besluit is opgeslagen.",
        next_url=_decision_back(project.id, form.step_key.data or decision.step_key).url,
        newest_version=lambda: decisions.get_decision(current_user, project_id, decision_id)[1].version,
        template="projects/decision_form.html",
        project=project,
        decision=decision,
        can_write=decision_page.can_write,
        back=_decision_back(project.id, decision.step_key),
    )


@bp.route("/<int:project_id>/besluiten/<int:decision_id>/verwijderen", methods=["GET", "POST"])
def delete_decision(project_id, decision_id):
    project, decision = decisions.get_decision(current_user, project_id, decision_id, Need.WRITE)
    back = _decision_back(project.id, decision.step_key)
    return confirm_delete(
        project=project,
        what=f"het besluit '{decision.title}'",
        cancel_url=url_for(".edit_decision", project_id=project.id, decision_id=decision.id, **back.args),
        delete=lambda: decisions.delete_decision(current_user, project.id, decision.id),
        deleted_message="Het besluit is verwijderd.",
        next_url=back.url,
    )
