"""Thin views: parse the form, call a service, render or redirect.

The catalogue's routes are the one deliberate exception to tenant isolation: they show what gemeenten share
with each other, and `visibility.py` decides what each user sees. Publishing is project-scoped.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from .. import access
from ..access import Need
from ..errors import ConflictError, ValidationError
from ..forms import apply_errors
from ..pages.forms import ConfirmForm
from ..paging import requested_page
from ..views_common import current_routekaart, flash_outcome, form_status, loaded_or_flashed, require_confirmed_post
from . import bp, services
from .forms import (
    CARRIED,
    CONSENT_TEXT,
    STEP_EDIT,
    STEP_SUBMIT,
    AdoptForm,
    CatalogueFilterForm,
    InitiativeForm,
    RejectForm,
)


@bp.before_request
@login_required
def require_login():
    """Every page of this area needs a logged-in user; what each user sees is decided in visibility.py."""


# --- publishing ------------------------------------------------------------------------------------


def _publish(
    source: services.PublishSource, submit: Callable[[services.InitiativeInput, bool], object], back_url: str
) -> ResponseReturnValue:
    """The form, its preview (exactly what others will see, with the consent), and submitting: one address,
    every value carried along in the posted form, so going back and forth loses nothing."""
    form = InitiativeForm()
    form.fill_choices(current_routekaart())
    context = {
        "source": source,
        "project": source.project,
        "back_url": back_url,
        "carried": CARRIED,
        "consent_text": CONSENT_TEXT,
    }

    def form_again(status: int = 400) -> ResponseReturnValue:
        return render_template("initiatives/publish.html", form=form, **context), status

    if request.method == "GET":
        form.fill_from(source.prefill)
        return form_again(200)
    require_confirmed_post()  # the CSRF token; a request no form could have sent is a 400
    if form.step == STEP_EDIT:
        return form_again(200)
    data = form.values()
    fields_ok = form.validate()
    try:
        services.check_publish(source, data)
    except ValidationError as error:
        apply_errors(form, error)
        return form_again()
    if not fields_ok:
        return form_again()
    preview = services.preview_of(source, data)
    if form.step != STEP_SUBMIT:
        return render_template("initiatives/preview.html", form=form, preview=preview, **context)
    try:
        initiative = submit(data, bool(form.consent.data))
    except ValidationError as error:
        apply_errors(form, error)
        if set(error.errors) - {"consent"}:
            return form_again()
    except ConflictError:
        form.form_errors.append(ConflictError.MESSAGE)
    else:
        flash(
            "Het initiatief is ingediend. Een procesbegeleider of de coördinator van de VNG bekijkt het; "
            "daarna zien alle gemeenten het in de catalogus.",
            "success",
        )
        return redirect(url_for(".show", initiative_id=initiative.id))  # type: ignore[attr-defined]
    return render_template("initiatives/preview.html", form=form, preview=preview, **context), 400


def _source_or_back(load: Callable[[], services.PublishSource], back_url: str):
    """The source to share; one that cannot be shared (a checklist item the gemeente does not do yet) sends
    the user back with the reason."""
    try:
        return load(), None
    except ValidationError as error:
        flash(str(error), "error")
        return None, redirect(back_url)


@bp.route("/projecten/<int:project_id>/acties/<int:action_id>/delen", methods=["GET", "POST"])
def publish_action(project_id, action_id):
    back_url = url_for("actions.edit", project_id=project_id, action_id=action_id)
    source = services.source_from_action(current_user, project_id, action_id)
    return _publish(
        source,
        lambda data, consent: services.publish_from_action(current_user, project_id, action_id, data, consent),
        back_url,
    )


@bp.route("/projecten/<int:project_id>/checklist/<item_key>/delen", methods=["GET", "POST"])
def publish_item(project_id, item_key):
    back_url = url_for("checklist.index", project_id=project_id)
    source, refused = _source_or_back(lambda: services.source_from_item(current_user, project_id, item_key), back_url)
    if refused is not None:
        return refused
    return _publish(
        source,
        lambda data, consent: services.publish_from_item(current_user, project_id, item_key, data, consent),
        back_url,
    )


# --- the catalogue ---------------------------------------------------------------------------------


@bp.route("/initiatieven")
def index():
    form = CatalogueFilterForm(request.args)
    form.fill_choices(current_routekaart())
    catalogue = services.catalogue(
        current_user, services.CatalogueFilter(**form.values()), page=requested_page(request.args)
    )
    args = {k: v for k, v in vars(catalogue.filters).items() if v}
    return render_template("initiatives/index.html", form=form, catalogue=catalogue, filter_args=args)


def _show(page: services.InitiativePage, adopt_form: AdoptForm | None = None, status: int = 200):
    if adopt_form is None:
        adopt_form = AdoptForm(formdata=None)
    adopt_form.fill_choices(page.project_choices)
    return render_template(
        "initiatives/show.html", page=page, adopt_form=adopt_form, review_form=RejectForm(formdata=None)
    ), status


@bp.route("/initiatieven/<int:initiative_id>")
def show(initiative_id):
    return _show(services.initiative_page(current_user, initiative_id))


@bp.route("/initiatieven/<int:initiative_id>/overnemen", methods=["POST"])
def adopt(initiative_id):
    page = services.initiative_page(current_user, initiative_id)
    form = AdoptForm()
    form.fill_choices(page.project_choices)
    require_confirmed_post(form)
    try:
        action = services.adopt(current_user, initiative_id, form.project_id.data)
    except ValidationError as error:
        apply_errors(form, error)
        return _show(services.initiative_page(current_user, initiative_id), form, 400)
    flash(
        f"Het initiatief staat nu als actie '{action.title}' op de actielijst. Vul eigenaar en deadline aan.",
        "success",
    )
    return redirect(url_for("actions.edit", project_id=action.project_id, action_id=action.id))


@bp.route("/initiatieven/<int:initiative_id>/goedkeuren", methods=["POST"])
def approve(initiative_id):
    form = RejectForm()
    require_confirmed_post(form)
    flash_outcome(
        lambda: services.approve(current_user, initiative_id, form.expected_version()),
        "Het initiatief is goedgekeurd: alle gemeenten zien het nu in de catalogus.",
    )
    return redirect(url_for(".show", initiative_id=initiative_id))


@bp.route("/initiatieven/<int:initiative_id>/afwijzen", methods=["GET", "POST"])
def reject(initiative_id):
    show_url = url_for(".show", initiative_id=initiative_id)
    initiative = loaded_or_flashed(lambda: services.initiative_for_review(current_user, initiative_id))
    if initiative is None:
        return redirect(show_url)
    form = RejectForm() if request.method == "POST" else RejectForm(formdata=None)
    if request.method == "GET":
        form.version.data = str(initiative.version)
    if form.validate_on_submit():
        try:
            services.reject(current_user, initiative_id, form.reason.data or "", form.expected_version())
        except ValidationError as error:
            apply_errors(form, error)
        except ConflictError:
            form.form_errors.append(ConflictError.MESSAGE)
            form.version.data = str(services.initiative_for_review(current_user, initiative_id).version)
        else:
            flash("Het initiatief is afgewezen; de gemeente ziet uw uitleg bij het initiatief.", "success")
            return redirect(show_url)
    return render_template("initiatives/reject.html", initiative=initiative, form=form), form_status(form)


@bp.route("/initiatieven/<int:initiative_id>/intrekken", methods=["GET", "POST"])
def withdraw(initiative_id):
    show_url = url_for(".show", initiative_id=initiative_id)
    initiative = loaded_or_flashed(lambda: services.initiative_for_withdrawal(current_user, initiative_id))
    if initiative is None:
        return redirect(show_url)
    form = ConfirmForm()
    if form.validate_on_submit():
        flash_outcome(
            lambda: services.withdraw(current_user, initiative_id),
            "Het initiatief is ingetrokken. Andere gemeenten zien het niet meer; acties die zij al "
            "hebben overgenomen blijven bestaan.",
        )
        return redirect(show_url)
    return render_template("initiatives/withdraw.html", initiative=initiative, form=form)


@bp.route("/initiatieven/wachtrij")
def queue():
    page = services.review_queue(current_user, requested_page(request.args))
    return render_template("initiatives/queue.html", page=page)


@bp.app_template_global()
def may_share(project) -> bool:
    """Whether the pages of an action or the checklist offer "Delen als initiatief": a projectleider's work,
    in an open project. Answered from the loaded grants, without a query; a global, so macros see it too."""
    return access.can(current_user, project, Need.MANAGE)
