"""Thin views: parse the form, call a service, render or redirect."""

from __future__ import annotations

from datetime import date

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..access import Need
from ..errors import ConflictError, ValidationError
from ..formatting import aantal
from ..inputs import whole_number
from ..models import ActionTiming
from ..paging import PAGE_ARG, page_args, requested_page
from ..views_common import (
    RecordPages,
    attachment,
    confirm_delete,
    current_routekaart,
    form_page,
    need_for_request,
    record_form,
    require_confirmed_post,
    shown_record,
    submitted_and_valid,
)
from . import bp, export, services
from .forms import ActionFilterForm, ActionForm, ThemeForm


@bp.before_request
@login_required
def require_login():
    """Every page of this area needs a logged-in user; access per project is checked in services."""


# --- the list and its exports ----------------------------------------------------------------------


def _listing(project_id: int, page: int | None = None):
    """The list as the query string asks for it: the page shows one page of the rows, both exports all of them."""
    form = ActionFilterForm(request.args)
    return form, services.action_list(current_user, project_id, services.ActionFilter(**form.values()), page=page)


@bp.route("")
def index(project_id):
    form, listing = _listing(project_id, requested_page(request.args))
    form.fill_choices(current_routekaart(), listing.themes)
    return render_template(
        "actions/index.html",
        project=listing.project,
        listing=listing,
        form=form,
        filter_args=listing.filters.args(),
        sorts=services.SORTS,
    )


def _download(content: bytes, mimetype: str, project, extension: str) -> Response:
    return attachment(content, mimetype, export.filename(project, extension, date.today()))


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
    page = services.plan_page(current_user, project_id, page=requested_page(request.args))
    return render_template("actions/plan.html", project=page.project, page=page.plan)


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
    form = record_form(ActionForm, context.record)
    form.fill_choices(current_routekaart(), context.themes, context.decisions)
    action = shown_record(context.record)
    if action is not None:
        form.status.data, form.timing.data = action.status.value, action.timing.value
        form.mijlpaal.data, form.rol.data = action.mijlpaal or "", action.rol or ""
    return form


def _valid_submission(form: ActionForm, context: services.ActionContext) -> bool:
    return submitted_and_valid(
        form,
        lambda: services.validate_action(current_routekaart(), context.project, context.themes, _action_input(form)),
    )


ACTION_PAGES = RecordPages(
    noun="de actie",
    record_name="action",
    rule="",
    endpoint_suffix="",
    template="actions/form.html",
    list_endpoint=".index",
    load=services.action_form,
    form_for=_form_for,
    valid=_valid_submission,
    read_input=_action_input,
    save=services.save_action,
    delete=services.delete_action,
)


ACTION_PAGES.add_routes(bp)


# --- themes ----------------------------------------------------------------------------------------


@bp.route("/themas", methods=["GET", "POST"])
def themes(project_id):
    page = services.themes_page(current_user, project_id, need_for_request())
    form = ThemeForm()
    return form_page(
        form,
        valid=form.validate_on_submit(),
        save=lambda: services.add_theme(current_user, project_id, form.name.data or "", form.description.data or ""),
        saved_message=lambda theme: f"Het thema '{theme.name}' is toegevoegd.",
        next_url=url_for(".themes", project_id=project_id),
        template="actions/themes.html",
        project=page.project,
        page=page,
    )


@bp.route("/themas/<int:theme_id>", methods=["GET", "POST"])
def edit_theme(project_id, theme_id):
    context = services.theme_form(current_user, project_id, theme_id, need_for_request())
    form = record_form(ThemeForm, context.theme)
    return form_page(
        form,
        valid=form.validate_on_submit(),
        save=lambda: services.rename_theme(
            current_user,
            project_id,
            theme_id,
            form.name.data or "",
            form.description.data or "",
            form.expected_version(),
        ),
        saved_message=lambda _theme: "Het thema is opgeslagen.",
        newest_version=lambda: services.theme_form(current_user, project_id, theme_id).theme.version,
        next_url=url_for(".themes", project_id=project_id),
        template="actions/theme_form.html",
        project=context.project,
        theme=context.theme,
        can_write=context.can_write,
    )


@bp.route("/themas/<int:theme_id>/verwijderen", methods=["GET", "POST"])
def delete_theme(project_id, theme_id):
    context = services.theme_form(current_user, project_id, theme_id, Need.WRITE)
    name = context.theme.name
    return confirm_delete(
        project=context.project,
        what=f"het thema '{name}' (de acties blijven bestaan, zonder thema)",
        cancel_url=url_for(".themes", project_id=project_id),
        delete=lambda: services.delete_theme(current_user, project_id, theme_id),
        deleted_message=f"Het thema '{name}' is verwijderd; de acties ervan staan nu zonder thema.",
        next_url=url_for(".themes", project_id=project_id),
    )


@bp.route("/resultatensessie", methods=["GET", "POST"])
def timing(project_id):
    """The resultatensessie decides per action: quick win (now) or later."""
    if request.method == "POST":
        require_confirmed_post()
        choices, versions = _timing_form_values(request.form)
        try:
            changed = services.set_timings(current_user, project_id, choices, versions)
        except ValidationError as error:
            flash(str(error), "error")
        except ConflictError:  # the page again, with the user's choices and what changed meanwhile
            return _timing_page(project_id, whole_number(request.form.get(PAGE_ARG, "")), (choices, versions))
        else:
            flash(
                f"De keuzes van de resultatensessie zijn opgeslagen ({aantal(changed, 'actie', 'acties')} gewijzigd).",
                "success",
            )
        return redirect(url_for(".timing", project_id=project_id, **page_args(_page_after_saving(request.form))))
    return _timing_page(project_id, requested_page(request.args))


def _timing_page(project_id: int, page_number: int | None, refused=None):
    """The resultatensessie's page; after a refused save (`refused`: the posted choices and versions) with
    those choices kept, as a 400."""
    page = services.timing_page(current_user, project_id, page_number)
    retry = None if refused is None else services.timing_retry(page, *refused)
    timings = tuple((t.value, t.label) for t in ActionTiming)  # once, not per action
    html = render_template("actions/timing.html", page=page, project=page.project, timings=timings, retry=retry)
    return html, 200 if retry is None else 400


def _page_after_saving(form) -> int:
    """The page a pager button asked for (it saves first), else the page the form was on."""
    return whole_number(form.get("naar_pagina", "")) or whole_number(form.get(PAGE_ARG, "")) or 1


def _timing_form_values(form) -> tuple[dict[int, str], dict[int, int | None]]:
    """Fields named timing-<id> and version-<id>; anything else in the form is ignored."""
    choices, versions = {}, {}
    for name, value in form.items():
        action_id = whole_number(name[7:]) if name.startswith("timing-") else None
        if action_id is not None:
            choices[action_id] = value
            versions[action_id] = whole_number(form.get(f"version-{action_id}", ""))
    return choices, versions
