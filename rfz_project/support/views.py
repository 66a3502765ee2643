"""Thin views of support on request: the project's requests and the form to ask, one request with the VNG's
buttons, and the VNG's queue."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..access import Need
from ..errors import ConflictError, ValidationError
from ..paging import page_args, requested_page
from ..views_common import form_status, require_confirmed_post, save_or_conflict, submitted_and_valid
from . import bp, services
from .forms import CloseForm, QueueFilterForm, SupportRequestForm, TakeForm


@bp.before_request
@login_required
def require_login():
    """Every page of this area needs a logged-in user; access per project is checked in services."""


def _asked_message(asked: services.Asked) -> str:
    if not asked.created:
        return "Deze hulpvraag had u al gesteld; hij staat hieronder. Er is geen tweede aangemaakt."
    return "Uw hulpvraag is naar de VNG gestuurd. Hieronder ziet u wanneer een procesbegeleider hem oppakt."


@bp.route("/projecten/<int:project_id>/ondersteuning", methods=["GET", "POST"])
def project_requests(project_id):
    need = Need.MANAGE if request.method == "POST" else Need.READ  # only a projectleider asks
    page = services.project_support(current_user, project_id, need)
    form = SupportRequestForm()
    form.fill_choices(page.kinds, page.sessies)
    valid = submitted_and_valid(form, lambda: services.validate_request(current_user, project_id, form.read_input()))
    if valid:
        asked = save_or_conflict(form, lambda: services.ask_support(current_user, project_id, form.read_input()))
        if asked is not None:
            flash(_asked_message(asked), "success")
            return redirect(url_for(".show", project_id=project_id, request_id=asked.request.id))
    return render_template(
        "support/project.html",
        project=page.project,
        page=page,
        form=form,
        descriptions={kind.key: kind.description for kind in page.kinds},
        kind_label=services.kind_label,
        sessie_label=services.sessie_label,
    ), form_status(form)


def _render_request(page: services.RequestPage, close_form: CloseForm, status: int = 200):
    take_form = TakeForm()
    take_form.version.data = str(page.request.version)
    if not close_form.is_submitted():
        close_form.version.data = str(page.request.version)
    return render_template(
        "support/show.html",
        project=page.project,
        page=page,
        support=page.request,
        take_form=take_form,
        close_form=close_form,
        kind_label=services.kind_label,
        sessie_label=services.sessie_label,
    ), status


@bp.route("/projecten/<int:project_id>/ondersteuning/<int:request_id>", methods=["GET", "POST"])
def show(project_id, request_id):
    """One request; a procesbegeleider of the gemeente closes it here (POST) with a reply."""
    if request.method == "GET":
        return _render_request(services.request_page(current_user, project_id, request_id), CloseForm())
    page = services.request_to_handle(current_user, project_id, request_id)
    form = CloseForm()

    def check() -> None:
        if errors := services.closing_errors(form.read_input()):
            raise ValidationError(errors)

    if submitted_and_valid(form, check):
        closed = save_or_conflict(
            form,
            lambda: services.close_request(
                current_user, project_id, request_id, form.read_input(), form.expected_version()
            ),
            conflict_message=services.CHANGED_MEANWHILE,
        )
        if closed is not None:
            flash(
                f"De hulpvraag is afgesloten als '{closed.status.label.lower()}'. De gemeente ziet uw antwoord.",
                "success",
            )
            return redirect(url_for(".show", project_id=project_id, request_id=request_id))
        page = services.request_page(current_user, project_id, request_id)  # the stored state, after a refusal
        form.version.data = str(page.request.version)
    return _render_request(page, form, form_status(form))


@bp.route("/projecten/<int:project_id>/ondersteuning/<int:request_id>/oppakken", methods=["POST"])
def take(project_id, request_id):
    """The button 'In behandeling nemen'; a refusal (someone else was first) is flashed on the request."""
    form = TakeForm()
    require_confirmed_post(form)
    try:
        taken = services.take_request(current_user, project_id, request_id, form.expected_version())
    except ValidationError as error:
        flash(str(error), "error")
    except ConflictError:
        flash(services.TAKEN_MEANWHILE, "error")
    else:
        message = "U behandelt deze hulpvraag nu."
        if services.leads_sessie(taken):
            message += " U staat als procesbegeleider bij de sessie."
        flash(message, "success")
    return redirect(url_for(".show", project_id=project_id, request_id=request_id))


@bp.route("/ondersteuning")
def queue():
    form = QueueFilterForm(request.args)
    listing = services.queue(current_user, form.status.data or services.QUEUE_OPEN, requested_page(request.args))
    form.status.data = listing.status_filter
    filter_args = {} if listing.status_filter == services.QUEUE_OPEN else {"status": listing.status_filter}
    return render_template(
        "support/queue.html",
        listing=listing,
        form=form,
        filter_args=filter_args,
        page_args=page_args,
        kind_label=services.kind_label,
        sessie_label=services.sessie_label,
    )
