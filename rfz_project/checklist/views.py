"""Thin views: parse the form, call a service, render or redirect."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..access import Need
from ..errors import ConflictError, ValidationError
from ..views_common import confirm_delete, current_routekaart, form_page, form_status, need_for_request
from . import bp, services
from .forms import ChecklistForm, CustomItemForm


@bp.before_request
@login_required
def require_login():
    """Every page of this area needs a logged-in user; access per project is checked in services."""


# --- the checklist ---------------------------------------------------------------------------------


def _saved_message(result: services.SaveResult) -> str:
    if not result.changed:
        return "Er was niets veranderd; de checklist is zoals hij was."
    points = "punt" if result.changed == 1 else "punten"
    message = f"De checklist is opgeslagen ({result.changed} {points} gewijzigd)."
    if count := len(result.actions):
        message += (
            f" Er {'staat' if count == 1 else 'staan'} {count} nieuwe "
            f"{'actie' if count == 1 else 'acties'} op de actielijst."
        )
    return message


def _mark_conflicts(form: ChecklistForm, page: services.ChecklistPage, conflict: services.ChecklistConflict) -> None:
    """Show each conflicting item's newest stored answer (loaded by this request) beside the user's input."""
    for entry in page.entries:
        if entry.ref in conflict.current:
            form.mark_conflict(entry)
    form.form_errors.append(
        "Iemand anders heeft intussen een of meer punten gewijzigd; er is nog niets "
        "opgeslagen. Bij die punten ziet u wat er nu staat. Uw eigen invoer staat nog in het "
        "formulier: controleer de gemarkeerde punten en sla opnieuw op."
    )


@bp.route("", methods=["GET", "POST"])
def index(project_id):
    page = services.checklist_page(current_user, project_id, need_for_request())
    form = ChecklistForm()
    form.build_items(page.entries, request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        try:
            result = services.save_answers(current_user, project_id, form.inputs())
        except ValidationError as error:
            form.apply_errors(error)
        except services.ChecklistConflict as conflict:
            _mark_conflicts(form, page, conflict)
        except ConflictError:  # two saves crossed at the last moment; saving again sorts it out per item
            form.form_errors.append(ConflictError.MESSAGE)
            page = services.checklist_page(current_user, project_id)  # the rollback expired what was loaded
        else:
            flash(_saved_message(result), "success")
            return redirect(url_for(".index", project_id=project_id))
    return render_template(
        "checklist/index.html", project=page.project, page=page, form=form, statuses=services.STATUSES
    ), form_status(form)


# --- own items -------------------------------------------------------------------------------------


@bp.route("/eigen-punten", methods=["GET", "POST"])
def custom_items(project_id):
    page = services.custom_items_page(current_user, project_id, need_for_request())
    form = CustomItemForm()
    form.fill_choices(current_routekaart(), page.project.mijlpaal_keys)
    return form_page(
        form,
        valid=form.validate_on_submit(),
        save=lambda: services.add_custom_item(current_user, project_id, form.text.data or "", form.chosen_mijlpaal()),
        saved_message=lambda _item: "Het punt is toegevoegd aan de checklist van uw gemeente.",
        next_url=url_for(".custom_items", project_id=project_id),
        template="checklist/custom_items.html",
        project=page.project,
        page=page,
    )


def _delete_warning(use: services.CustomItemUse) -> str:
    if not use.answer_count:
        return f"het eigen punt '{use.item.text}'"
    projects = "project" if use.project_count == 1 else "projecten"
    answers = "antwoord" if use.answer_count == 1 else "antwoorden"
    return (
        f"het eigen punt '{use.item.text}' met {use.answer_count} {answers} in {use.project_count} "
        f"{projects} van uw gemeente (acties die eruit zijn voortgekomen blijven staan)"
    )


@bp.route("/eigen-punten/<int:custom_item_id>/verwijderen", methods=["GET", "POST"])
def delete_custom_item(project_id, custom_item_id):
    use = services.get_custom_item(current_user, project_id, custom_item_id, Need.WRITE)
    return confirm_delete(
        project=use.project,
        what=_delete_warning(use),
        cancel_url=url_for(".custom_items", project_id=project_id),
        delete=lambda: services.delete_custom_item(current_user, project_id, custom_item_id),
        deleted_message=f"Het eigen punt '{use.item.text}' is verwijderd, met de antwoorden erop.",
        next_url=url_for(".custom_items", project_id=project_id),
    )
