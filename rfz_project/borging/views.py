"""Thin views: parse the form, call a service, render or redirect."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..projects.decisions import decision_log, step_filter_choices
from ..projects.decisions import save_record_keeping as record_keeping
from ..routekaart import current_routekaart
from ..views_common import RecordPages, form_status, record_form, save_or_conflict, shown_record, submitted_and_valid
from . import bp, services
from .forms import DecisionFilterForm, RecordKeepingForm, RegularTaskForm


@bp.before_request
@login_required
def require_login():
    """Every page of this area needs a logged-in user; access per project is checked in services."""


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
    form = record_form(RegularTaskForm, context.record)
    form.fill_choices(context.decisions)
    task = shown_record(context.record)
    if task is not None:
        form.kind.data, form.frequency.data = task.kind.value, task.frequency.value
    return form


def _valid_submission(form: RegularTaskForm, context: services.TaskContext) -> bool:
    return submitted_and_valid(form, lambda: services.validate_task(context.project, _task_input(form)))


TASK_PAGES = RecordPages(
    noun="de taak",
    record_name="task",
    rule="/taken",
    endpoint_suffix="_task",
    template="borging/task_form.html",
    list_endpoint=".tasks",
    load=services.task_form,
    form_for=_form_for,
    valid=_valid_submission,
    read_input=_task_input,
    save=services.save_task,
    delete=services.delete_task,
)


TASK_PAGES.add_routes(bp)


# --- decision log (archivering) --------------------------------------------------------------------


@bp.route("/besluiten")
def decisions(project_id):
    return _decisions_page(project_id, None)


def _decisions_page(project_id: int, record_keeping_form: RecordKeepingForm | None):
    form = DecisionFilterForm(request.args)
    form.stap.choices = step_filter_choices(current_routekaart())
    log = decision_log(current_user, project_id, form.stap.data or "")
    form.stap.data = log.step_filter
    if record_keeping_form is None:
        record_keeping_form = record_form(RecordKeepingForm, log.project)
    return render_template(
        "borging/decisions.html", project=log.project, log=log, form=form, record_keeping_form=record_keeping_form
    ), form_status(record_keeping_form)


@bp.route("/besluiten/afspraken", methods=["POST"])
def save_record_keeping(project_id):
    """The agreements on keeping records; shown again with the typed text on an error or a conflict."""
    form = RecordKeepingForm()
    if form.validate_on_submit():
        saved = save_or_conflict(
            form,
            lambda: record_keeping(current_user, project_id, form.record_keeping.data or "", form.expected_version()),
        )
        if saved is not None:
            flash("De afspraken over het vastleggen zijn opgeslagen.", "success")
            return redirect(url_for(".decisions", project_id=project_id) + "#afspraken")
    return _decisions_page(project_id, form)
