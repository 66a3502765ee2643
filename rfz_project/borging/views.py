"""Thin views: parse the form, call a service, render or redirect."""

from __future__ import annotations

from decimal import Decimal

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..access import Need
from ..errors import ConflictError, ValidationError
from ..forms import apply_errors
from ..pages.forms import ConfirmForm
from ..routekaart import current_routekaart
from ..views_common import form_status, need_for_request, submitted_and_valid
from . import bp, services
from .forms import DecisionFilterForm, RegularTaskForm


@bp.before_request
@login_required
def require_login():
    """Every page of this area needs a logged-in user; access per project is checked in services."""


@bp.app_template_filter("uren")
def uren(value: Decimal | None, missing: str = "—") -> str:
    """Hours the Dutch way without needless decimals: 52, 2,5, 1.234,5."""
    if value is None:
        return missing
    amount = Decimal(value).quantize(Decimal("0.1"))
    whole, tenth = f"{abs(amount):.1f}".split(".")
    text = f"{int(whole):,}".replace(",", ".") + ("" if tenth == "0" else f",{tenth}")
    return f"-{text}" if amount < 0 else text


# --- regular tasks ---------------------------------------------------------------------------------


@bp.route("/taken")
def tasks(project_id):
    listing = services.task_list(current_user, project_id)
    return render_template("borging/tasks.html", project=listing.project, listing=listing)


def _task_input(form: RegularTaskForm) -> services.TaskInput:
    return services.TaskInput(
        title=form.title.data or "",
        kind=form.kind.data or "",
        description=form.description.data or "",
        owner=form.owner.data or "",
        department=form.department.data or "",
        hours=form.hours.data,
        frequency=form.frequency.data or "",
        needs_directiebesluit=bool(form.needs_directiebesluit.data),
        needs_opdrachtomschrijving=bool(form.needs_opdrachtomschrijving.data),
        decision_id=form.decision_id.data,
        starts_on=form.starts_on.data,
    )


def _form_for(context: services.TaskContext) -> RegularTaskForm:
    task = context.task if request.method == "GET" else None
    form = RegularTaskForm(obj=task)
    form.fill_choices(context.decisions)
    if task is not None:
        form.version.data = str(task.version)
        form.kind.data, form.frequency.data = task.kind.value, task.frequency.value
    return form


def _valid_submission(form: RegularTaskForm, context: services.TaskContext) -> bool:
    return submitted_and_valid(form, lambda: services.validate_task(context.project, _task_input(form)))


@bp.route("/taken/nieuw", methods=["GET", "POST"])
def new_task(project_id):
    context = services.task_form(current_user, project_id, need=Need.WRITE)
    form = _form_for(context)
    if _valid_submission(form, context):
        try:
            task = services.save_task(current_user, project_id, _task_input(form))
        except ValidationError as error:
            apply_errors(form, error)
        except ConflictError:  # e.g. the chosen decision was deleted between the check and the save
            form.form_errors.append(
                "Intussen is er iets aan dit project veranderd. Controleer uw keuzes en sla de taak opnieuw op."
            )
        else:
            flash(f"De taak '{task.title}' is toegevoegd.", "success")
            return redirect(url_for(".tasks", project_id=project_id))
    return render_template(
        "borging/task_form.html", project=context.project, form=form, task=None, can_write=True
    ), form_status(form)


@bp.route("/taken/<int:task_id>", methods=["GET", "POST"])
def edit_task(project_id, task_id):
    context = services.task_form(current_user, project_id, task_id, need_for_request())
    form = _form_for(context)
    if _valid_submission(form, context):
        try:
            services.save_task(current_user, project_id, _task_input(form), task_id, form.expected_version())
        except ValidationError as error:
            apply_errors(form, error)
        except ConflictError:
            # Show the conflict and take the newest version, so saving again is a deliberate overwrite.
            context = services.task_form(current_user, project_id, task_id)
            form.form_errors.append(ConflictError.MESSAGE)
            form.version.data = str(context.task.version)
        else:
            flash("De taak is opgeslagen.", "success")
            return redirect(url_for(".tasks", project_id=project_id))
    return render_template(
        "borging/task_form.html", project=context.project, form=form, task=context.task, can_write=context.can_write
    ), form_status(form)


@bp.route("/taken/<int:task_id>/verwijderen", methods=["GET", "POST"])
def delete_task(project_id, task_id):
    context = services.task_form(current_user, project_id, task_id, Need.WRITE)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_task(current_user, project_id, task_id)
        flash(f"De taak '{context.task.title}' is verwijderd.", "success")
        return redirect(url_for(".tasks", project_id=project_id))
    return render_template(
        "projects/confirm_delete.html",
        project=context.project,
        form=form,
        what=f"de taak '{context.task.title}'",
        cancel_url=url_for(".edit_task", project_id=project_id, task_id=task_id),
    )


# --- decision log (archivering) --------------------------------------------------------------------


@bp.route("/besluiten")
def decisions(project_id):
    form = DecisionFilterForm(request.args)
    form.stap.choices = services.step_filter_choices(current_routekaart())
    log = services.decision_log(current_user, project_id, form.stap.data or "")
    form.stap.data = log.step_filter
    return render_template("borging/decisions.html", project=log.project, log=log, form=form)
