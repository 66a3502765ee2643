"""Thin views: parse the form, call a service, render or redirect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import access
from ..access import Need
from ..documents.services import step_files
from ..errors import ConflictError, ValidationError
from ..forms import apply_errors
from ..pages.forms import ConfirmForm
from ..views_common import current_routekaart, submitted_and_valid
from . import bp, services
from .forms import DecisionForm, ProjectPlanForm, ScopeForm, ScopeTypeForm, StepForm, TeamMemberForm


@bp.before_request
@login_required
def require_login():
    """Every page of this area needs a logged-in user; access per project is checked in services."""


def _scope_type_or_404(key: str):
    scope = current_routekaart().get("scope_type", key)
    if scope is None:
        abort(404)
    return scope


def _scope_input(form: ScopeForm, scope_type: str) -> services.ScopeInput:
    return services.ScopeInput(
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


def _validated_scope(form: ScopeForm, scope_type: str) -> services.ScopeInput | None:
    """The submitted scope, or None; reports the form's field checks and the scope rules together,
    so the user sees every problem after one submit."""
    data = _scope_input(form, scope_type)
    return data if submitted_and_valid(form, lambda: services.validate_scope(current_routekaart(), data)) else None


def _conflict(form) -> None:
    form.form_errors.append(ConflictError.MESSAGE)


# --- wizard ----------------------------------------------------------------------------------------


def _scope_type_form(selected: str | None) -> ScopeTypeForm:
    form = ScopeTypeForm()
    form.scope_type.choices = [(s.key, s.label) for s in current_routekaart().scope_types]
    if selected and not form.is_submitted():
        form.scope_type.data = selected
    return form


@bp.route("/nieuw", methods=["GET", "POST"])
def new():
    gemeenten = services.manageable_gemeenten(current_user)
    if not gemeenten:
        abort(403)
    form = _scope_type_form(request.args.get("type"))
    if form.validate_on_submit():
        return redirect(url_for(".new_details", scope_type=form.scope_type.data))
    return render_template(
        "projects/scope_type.html", form=form, step_title="Nieuw project", action=url_for(".new")
    ), 400 if form.is_submitted() else 200


@bp.route("/nieuw/<scope_type>", methods=["GET", "POST"])
def new_details(scope_type):
    scope = _scope_type_or_404(scope_type)
    gemeenten = services.manageable_gemeenten(current_user)
    if not gemeenten:
        abort(403)
    form = ScopeForm()
    form.fill_choices(current_routekaart(), gemeenten)
    if not form.is_submitted():
        form.start_date.data = date.today()
        form.gemeente_id.data = gemeenten[0].id
        form.mijlpalen.data = [m.key for m in current_routekaart().mijlpalen] if scope.selection == "checklist" else []
    data = _validated_scope(form, scope.key)
    if data is not None:
        try:
            project = services.create_project(current_user, form.gemeente_id.data, data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash("Het project is aangemaakt. Loop nu de stappen van de Voorbereiding door.", "success")
            return redirect(url_for(".show", project_id=project.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "projects/scope_form.html", form=form, scope=scope, project=None, show_gemeente=len(gemeenten) > 1
    ), status


# --- project page ----------------------------------------------------------------------------------


@bp.route("/<int:project_id>")
def show(project_id):
    page = services.project_page(current_user, project_id)
    return render_template("projects/show.html", page=page, project=page.project)


@bp.route("/<int:project_id>/reikwijdte", methods=["GET", "POST"])
def edit_scope_type(project_id):
    project = access.get_project(current_user, project_id, Need.MANAGE)
    form = _scope_type_form(request.args.get("type") or project.scope_type)
    if form.validate_on_submit():
        return redirect(url_for(".edit_scope", project_id=project.id, scope_type=form.scope_type.data))
    return render_template(
        "projects/scope_type.html",
        form=form,
        project=project,
        step_title="Reikwijdte wijzigen",
        action=url_for(".edit_scope_type", project_id=project.id),
    ), 400 if form.is_submitted() else 200


@bp.route("/<int:project_id>/reikwijdte/<scope_type>", methods=["GET", "POST"])
def edit_scope(project_id, scope_type):
    scope = _scope_type_or_404(scope_type)
    project = services.project_for_scope_edit(current_user, project_id)
    form = ScopeForm(obj=services.scope_input_from(project) if request.method == "GET" else None)
    form.fill_choices(current_routekaart(), [])
    if request.method == "GET":
        form.version.data = str(project.version)
    data = _validated_scope(form, scope.key)
    if data is not None:
        try:
            services.update_scope(current_user, project.id, data, form.expected_version())
        except ValidationError as error:
            apply_errors(form, error)
        except ConflictError:
            _conflict(form)
            form.version.data = str(access.get_project(current_user, project_id).version)
        else:
            flash("De reikwijdte is opgeslagen.", "success")
            return redirect(url_for(".show", project_id=project.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "projects/scope_form.html", form=form, scope=scope, project=project, show_gemeente=False
    ), status


@bp.route("/<int:project_id>/geschiedenis")
def history(project_id):
    page_number = request.args.get("pagina", "1")
    history_page = services.history_page(current_user, project_id, int(page_number) if page_number.isdigit() else 1)
    return render_template("projects/history.html", history=history_page, project=history_page.project)


# --- steps -----------------------------------------------------------------------------------------


def _step_files(project_id: int, document_keys):
    return step_files(current_user, project_id, document_keys)


@bp.route("/<int:project_id>/stappen/<step_key>", methods=["GET", "POST"])
def step(project_id, step_key):
    need = Need.WRITE if request.method == "POST" else Need.READ
    page = services.step_page(current_user, project_id, step_key, need)
    form = StepForm(obj=page.state if request.method == "GET" else None)
    form.owner_id.choices = [("", "Nog niemand")] + [(u.id, u.name) for u in page.owners]
    if request.method == "GET":
        form.version.data = str(page.state.version) if page.state else ""
        form.status.data = page.state.status.value if page.state else "te_doen"
    if form.validate_on_submit():
        try:
            services.update_step(
                current_user,
                project_id,
                step_key,
                services.StepInput(
                    status=form.status.data,
                    owner_id=form.owner_id.data,
                    due_date=form.due_date.data,
                    notes=form.notes.data or "",
                ),
                form.expected_version(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        except ConflictError:
            _conflict(form)
            _project, _step, state = services.get_step(current_user, project_id, step_key)
            form.version.data = str(state.version) if state else ""
        else:
            flash(f"Stap '{page.step.label}' is opgeslagen.", "success")
            anchor = f"#stap-{page.step.phase_key}-{page.step.key}"
            return redirect(url_for(".show", project_id=project_id) + anchor)
    return render_template(
        "projects/step.html",
        form=form,
        project=page.project,
        step=page.step,
        state=page.state,
        advice=page.advice,
        step_decisions=page.decisions,
        can_write=page.can_write,
        step_files=_step_files(project_id, page.step.documents),
    ), 400 if form.is_submitted() else 200


# --- team ------------------------------------------------------------------------------------------


@bp.route("/<int:project_id>/team", methods=["GET", "POST"])
def team(project_id):
    need = Need.MANAGE if request.method == "POST" else Need.READ
    project = services.project_with_team(current_user, project_id, need)
    form = TeamMemberForm()
    form.user_id.choices = [("", "Geen account (vul hieronder een naam in)")] + [
        (u.id, f"{u.name} ({u.email})") for u in services.owner_choices(project.gemeente_id)
    ]
    if form.validate_on_submit():
        try:
            member = services.add_team_member(
                current_user,
                project.id,
                user_id=form.user_id.data,
                name=form.name.data or "",
                discipline=form.discipline.data,
                team_role=form.team_role.data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(f"{member.name} is toegevoegd aan het projectteam.", "success")
            return redirect(url_for(".team", project_id=project.id))
    return render_template(
        "projects/team.html",
        project=project,
        form=form,
        confirm_form=ConfirmForm(),
        disciplines=dict(services.DISCIPLINES),
        can_manage=access.can(current_user, project, Need.MANAGE),
    ), 400 if form.is_submitted() else 200


@bp.route("/<int:project_id>/team/<int:member_id>/verwijderen", methods=["POST"])
def remove_team_member(project_id, member_id):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.remove_team_member(current_user, project_id, member_id)
    flash("Het teamlid is verwijderd.", "success")
    return redirect(url_for(".team", project_id=project_id))


# --- projectplan -----------------------------------------------------------------------------------


@bp.route("/<int:project_id>/projectplan", methods=["GET", "POST"])
def plan(project_id):
    need = Need.WRITE if request.method == "POST" else Need.READ
    project, plan_record = services.get_plan(current_user, project_id, need)
    form = ProjectPlanForm(obj=plan_record if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = str(plan_record.version) if plan_record else ""
    if form.validate_on_submit():
        values = {name: form[name].data for name in services.PLAN_FIELDS}
        try:
            services.save_plan(current_user, project.id, values, form.expected_version())
        except ConflictError:
            _conflict(form)
            _project, plan_record = services.get_plan(current_user, project_id)
            form.version.data = str(plan_record.version) if plan_record else ""
        else:
            flash("Het projectplan is opgeslagen.", "success")
            return redirect(url_for(".plan", project_id=project.id))
    return render_template(
        "projects/plan.html",
        project=project,
        form=form,
        current=plan_record,
        can_write=access.can(current_user, project, Need.WRITE),
    ), 400 if form.is_submitted() else 200


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
    if step_key in (None, services.BESLUITVORMING_STEP):
        return _Back(
            url_for(".step", project_id=project_id, step_key=services.BESLUITVORMING_STEP),
            "Terug naar de stap Besluitvorming",
            {},
        )
    return _Back(url_for("borging.decisions", project_id=project_id), "Terug naar de archivering", {})


def _decision_input(form: DecisionForm) -> services.DecisionInput:
    return services.DecisionInput(
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
    return wanted if current_routekaart().get("step", wanted) else services.BESLUITVORMING_STEP


@bp.route("/<int:project_id>/besluiten/nieuw", methods=["GET", "POST"])
def new_decision(project_id):
    project = access.get_project(current_user, project_id, Need.WRITE)
    form = DecisionForm()
    form.fill_steps(current_routekaart())
    if request.method == "GET":
        form.step_key.data = _preselected_step()
    if form.validate_on_submit():
        try:
            decision = services.save_decision(current_user, project.id, _decision_input(form))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash("Het besluit is vastgelegd.", "success")
            return redirect(_decision_back(project.id, decision.step_key).url)
    return render_template(
        "projects/decision_form.html",
        project=project,
        form=form,
        decision=None,
        back=_decision_back(project.id, form.step_key.data),
    ), 400 if form.is_submitted() else 200


@bp.route("/<int:project_id>/besluiten/<int:decision_id>", methods=["GET", "POST"])
def edit_decision(project_id, decision_id):
    need = Need.WRITE if request.method == "POST" else Need.READ
    project, decision = services.get_decision(current_user, project_id, decision_id, need)
    form = DecisionForm(obj=decision if request.method == "GET" else None)
    form.fill_steps(current_routekaart())
    if request.method == "GET":
        form.version.data = str(decision.version)
    if form.validate_on_submit():
        try:
            services.save_decision(
                current_user, project.id, _decision_input(form), decision.id, form.expected_version()
            )
        except ValidationError as error:
            apply_errors(form, error)
        except ConflictError:
            _conflict(form)
            _project, decision = services.get_decision(current_user, project_id, decision_id)
            form.version.data = str(decision.version)
        else:
            flash("Het besluit is opgeslagen.", "success")
            return redirect(_decision_back(project.id, decision.step_key).url)
    return render_template(
        "projects/decision_form.html",
        project=project,
        form=form,
        decision=decision,
        confirm_form=ConfirmForm(),
        can_write=access.can(current_user, project, Need.WRITE),
        back=_decision_back(project.id, decision.step_key),
    ), 400 if form.is_submitted() else 200


@bp.route("/<int:project_id>/besluiten/<int:decision_id>/verwijderen", methods=["GET", "POST"])
def delete_decision(project_id, decision_id):
    project, decision = services.get_decision(current_user, project_id, decision_id, Need.WRITE)
    back = _decision_back(project.id, decision.step_key)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_decision(current_user, project.id, decision.id)
        flash("Het besluit is verwijderd.", "success")
        return redirect(back.url)
    return render_template(
        "projects/confirm_delete.html",
        project=project,
        form=form,
        what=f"het besluit '{decision.title}'",
        cancel_url=url_for(".edit_decision", project_id=project.id, decision_id=decision.id, **back.args),
    )
