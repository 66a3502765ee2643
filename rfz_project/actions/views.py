"""Thin views: parse the form, call a service, render or redirect."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import access
from ..access import Need
from ..errors import ConflictError, ValidationError
from ..forms import apply_errors
from ..models import ActionTiming
from ..pages.forms import ConfirmForm
from ..views_common import current_routekaart, form_status, need_for_request, submitted_and_valid
from . import bp, export, services
from .forms import ActionFilterForm, ActionForm, ThemeForm


@bp.before_request
@login_required
def require_login():
    """Every page of this area needs a logged-in user; access per project is checked in services."""


def _conflict(form, version: int) -> None:
    """Show the conflict and take the newest version, so saving again is a deliberate overwrite."""
    form.form_errors.append(ConflictError.MESSAGE)
    form.version.data = str(version)


# --- the list and its exports ----------------------------------------------------------------------


def _listing(project_id: int):
    """The list as the query string asks for it (the page and both exports show the same rows)."""
    form = ActionFilterForm(request.args)
    return form, services.action_list(current_user, project_id, services.ActionFilter(**form.values()))


def _filter_args(filters: services.ActionFilter) -> dict:
    """The active filters as query arguments, for the export links; defaults are left out."""
    defaults = services.ActionFilter()
    return {
        name: ("1" if value is True else value)
        for name, value in vars(filters).items()
        if value != getattr(defaults, name)
    }


@bp.route("")
def index(project_id):
    form, listing = _listing(project_id)
    form.fill_choices(current_routekaart(), listing.themes)
    return render_template(
        "actions/index.html",
        project=listing.project,
        listing=listing,
        form=form,
        filter_args=_filter_args(listing.filters),
    )


def _download(content: bytes, mimetype: str, project, extension: str) -> Response:
    name = export.filename(project.gemeente.name, extension, date.today())
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


@bp.route("/export.csv")
def export_csv(project_id):
    _form, listing = _listing(project_id)
    return _download(export.to_csv(listing), "text/csv; charset=utf-8", listing.project, "csv")


@bp.route("/export.xlsx")
def export_xlsx(project_id):
    _form, listing = _listing(project_id)
    return _download(
        export.to_xlsx(listing),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        listing.project,
        "xlsx",
    )


@bp.route("/implementatieplan")
def plan(project_id):
    page = services.implementation_plan(current_user, project_id)
    return render_template("actions/plan.html", project=page.project, page=page)


# --- one action ------------------------------------------------------------------------------------


def _action_input(form: ActionForm) -> services.ActionInput:
    return services.ActionInput(
        title=form.title.data or "",
        description=form.description.data or "",
        theme_id=form.theme_id.data,
        mijlpaal=form.mijlpaal.data or None,
        rol=form.rol.data or None,
        owner=form.owner.data or "",
        deadline=form.deadline.data,
        budget=form.budget.data,
        status=form.status.data or "",
        timing=form.timing.data or "",
        needs_decision=bool(form.needs_decision.data),
        decision_id=form.decision_id.data,
    )


def _form_for(context: services.ActionContext) -> ActionForm:
    action = context.action if request.method == "GET" else None
    form = ActionForm(obj=action)
    form.fill_choices(current_routekaart(), context.themes, context.decisions)
    if action is not None:
        form.version.data = str(action.version)
        form.status.data, form.timing.data = action.status.value, action.timing.value
        form.mijlpaal.data, form.rol.data = action.mijlpaal or "", action.rol or ""
    return form


def _valid_submission(form: ActionForm, context: services.ActionContext) -> bool:
    return submitted_and_valid(
        form,
        lambda: services.validate_action(current_routekaart(), context.project, context.themes, _action_input(form)),
    )


@bp.route("/nieuw", methods=["GET", "POST"])
def new(project_id):
    context = services.action_form(current_user, project_id, need=Need.WRITE)
    form = _form_for(context)
    if _valid_submission(form, context):
        try:
            action = services.save_action(current_user, project_id, _action_input(form))
        except ValidationError as error:
            apply_errors(form, error)
        except ConflictError:  # e.g. the chosen theme was deleted between the check and the save
            form.form_errors.append(
                "Intussen is er iets aan dit project veranderd. Controleer uw keuzes en sla de actie opnieuw op."
            )
        else:
            flash(f"De actie '{action.title}' is toegevoegd.", "success")
            return redirect(url_for(".index", project_id=project_id))
    return render_template(
        "actions/form.html", project=context.project, form=form, action=None, can_write=True
    ), form_status(form)


@bp.route("/<int:action_id>", methods=["GET", "POST"])
def edit(project_id, action_id):
    context = services.action_form(current_user, project_id, action_id, need_for_request())
    form = _form_for(context)
    if _valid_submission(form, context):
        try:
            services.save_action(current_user, project_id, _action_input(form), action_id, form.expected_version())
        except ValidationError as error:
            apply_errors(form, error)
        except ConflictError:
            context = services.action_form(current_user, project_id, action_id)
            _conflict(form, context.action.version)
        else:
            flash("De actie is opgeslagen.", "success")
            return redirect(url_for(".index", project_id=project_id))
    return render_template(
        "actions/form.html", project=context.project, form=form, action=context.action, can_write=context.can_write
    ), form_status(form)


@bp.route("/<int:action_id>/verwijderen", methods=["GET", "POST"])
def delete(project_id, action_id):
    context = services.action_form(current_user, project_id, action_id, Need.WRITE)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_action(current_user, project_id, action_id)
        flash(f"De actie '{context.action.title}' is verwijderd.", "success")
        return redirect(url_for(".index", project_id=project_id))
    return render_template(
        "projects/confirm_delete.html",
        project=context.project,
        form=form,
        what=f"de actie '{context.action.title}'",
        cancel_url=url_for(".edit", project_id=project_id, action_id=action_id),
    )


# --- themes ----------------------------------------------------------------------------------------


@bp.route("/themas", methods=["GET", "POST"])
def themes(project_id):
    page = services.themes_page(current_user, project_id, need_for_request())
    form = ThemeForm()
    if form.validate_on_submit():
        try:
            theme = services.add_theme(current_user, project_id, form.name.data or "", form.description.data or "")
        except ValidationError as error:
            apply_errors(form, error)
        except ConflictError:
            apply_errors(form, ValidationError({"name": ["Dit project heeft al een thema met deze naam."]}))
        else:
            flash(f"Het thema '{theme.name}' is toegevoegd.", "success")
            return redirect(url_for(".themes", project_id=project_id))
    return render_template("actions/themes.html", project=page.project, page=page, form=form), form_status(form)


@bp.route("/themas/<int:theme_id>", methods=["GET", "POST"])
def edit_theme(project_id, theme_id):
    project, theme = services.get_theme(current_user, project_id, theme_id, need_for_request())
    form = ThemeForm(obj=theme if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = str(theme.version)
    if form.validate_on_submit():
        try:
            services.rename_theme(
                current_user,
                project_id,
                theme_id,
                form.name.data or "",
                form.description.data or "",
                form.expected_version(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        except ConflictError:
            _conflict(form, services.get_theme(current_user, project_id, theme_id)[1].version)
        else:
            flash("Het thema is opgeslagen.", "success")
            return redirect(url_for(".themes", project_id=project_id))
    return render_template(
        "actions/theme_form.html",
        project=project,
        theme=theme,
        form=form,
        can_write=access.can(current_user, project, Need.WRITE),
    ), form_status(form)


@bp.route("/themas/<int:theme_id>/verwijderen", methods=["GET", "POST"])
def delete_theme(project_id, theme_id):
    project, theme = services.get_theme(current_user, project_id, theme_id, Need.WRITE)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_theme(current_user, project_id, theme_id)
        flash(f"Het thema '{theme.name}' is verwijderd; de acties ervan staan nu zonder thema.", "success")
        return redirect(url_for(".themes", project_id=project_id))
    return render_template(
        "projects/confirm_delete.html",
        project=project,
        form=form,
        what=f"het thema '{theme.name}' (de acties blijven bestaan, zonder thema)",
        cancel_url=url_for(".themes", project_id=project_id),
    )


@bp.route("/resultatensessie", methods=["GET", "POST"])
def timing(project_id):
    """The resultatensessie decides per action: quick win (now) or later."""
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            abort(400)
        choices, versions = _timing_form_values(request.form)
        try:
            changed = services.set_timings(current_user, project_id, choices, versions)
        except ValidationError as error:
            flash(str(error), "error")
        except ConflictError:
            flash(ConflictError.MESSAGE, "error")
        else:
            flash(f"De keuzes van de resultatensessie zijn opgeslagen ({changed} acties gewijzigd).", "success")
        return redirect(url_for(".timing", project_id=project_id))
    page = services.timing_page(current_user, project_id)
    return render_template("actions/timing.html", page=page, project=page.project, timings=list(ActionTiming))


def _timing_form_values(form) -> tuple[dict[int, str], dict[int, int | None]]:
    """Fields named timing-<id> and version-<id>; anything else in the form is ignored."""
    choices, versions = {}, {}
    for name, value in form.items():
        if name.startswith("timing-") and name[7:].isdigit():
            action_id = int(name[7:])
            choices[action_id] = value
            version = form.get(f"version-{action_id}", "")
            versions[action_id] = int(version) if version.isdigit() else None
    return choices, versions
