"""Thin views for recording session results and bundling them in themes."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..access import Need
from ..accounts.services import safe_next_url
from ..errors import ConflictError, ValidationError
from ..forms import apply_errors
from ..pages.forms import ConfirmForm
from ..sessions.calendar import sessie_title
from ..sessions.services import get_sessie
from ..views_common import current_routekaart
from . import bp, services
from .forms import AgreementForm, BundleForm, ColumnForm, FindingForm


@bp.before_request
@login_required
def require_login():
    """Every page here needs a logged-in user; access per project is checked in the services."""


def _require_write(project_id: int, sessie_id: int) -> None:
    """Refuse (404/403) before anything of the request is read."""
    get_sessie(current_user, project_id, sessie_id, Need.WRITE)


def _results_url(project_id: int, sessie_id: int, anchor: str = "") -> str:
    return url_for(".sessie", project_id=project_id, sessie_id=sessie_id) + (f"#{anchor}" if anchor else "")


def _render_sessie(project_id: int, sessie_id: int, status: int = 200, **forms):
    results = services.sessie_results(current_user, project_id, sessie_id)
    themes = services.project_results(current_user, project_id).themes
    finding_form = forms.get("finding_form") or FindingForm(formdata=None)
    finding_form.fill_choices(
        current_routekaart(), results.sessie.mijlpaal_keys or results.project.mijlpaal_keys, themes
    )
    return render_template(
        "results/sessie.html",
        results=results,
        project=results.project,
        sessie=results.sessie,
        title=sessie_title(current_routekaart(), results.sessie),
        lanes=services.LANES,
        finding_form=finding_form,
        column_form=forms.get("column_form") or ColumnForm(formdata=None),
        agreement_form=forms.get("agreement_form") or AgreementForm(formdata=None),
    ), status


def _submit(project_id: int, sessie_id: int, form, action, success: str, anchor: str, form_name: str):
    """Validate a form posted from the session results page, call the service, redirect or re-render."""
    if form.validate_on_submit():
        try:
            action(form)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(success, "success")
            return redirect(_results_url(project_id, sessie_id, anchor))
    return _render_sessie(project_id, sessie_id, 400, **{form_name: form})


@bp.route("/sessies/<int:sessie_id>/resultaten")
def sessie(project_id, sessie_id):
    return _render_sessie(project_id, sessie_id)


@bp.route("/sessies/<int:sessie_id>/bevindingen", methods=["POST"])
def add_finding(project_id, sessie_id):
    _require_write(project_id, sessie_id)
    form = FindingForm()
    return _submit(
        project_id,
        sessie_id,
        form,
        lambda f: services.add_finding(
            current_user,
            project_id,
            sessie_id,
            services.FindingInput(
                text=f.text.data or "",
                mijlpaal=f.mijlpaal.data or None,
                rol=f.rol.data or None,
                theme_id=f.theme_id.data,
            ),
        ),
        "De bevinding is vastgelegd.",
        "bevindingen",
        "finding_form",
    )


@bp.route("/sessies/<int:sessie_id>/blueprint", methods=["POST"])
def add_column(project_id, sessie_id):
    _require_write(project_id, sessie_id)
    form = ColumnForm()
    return _submit(
        project_id,
        sessie_id,
        form,
        lambda f: services.add_column(current_user, project_id, sessie_id, _column_input(f)),
        "De stap is aan de blueprint toegevoegd.",
        "blueprint",
        "column_form",
    )


def _column_input(form: ColumnForm) -> services.ColumnInput:
    return services.ColumnInput(
        title=form.title.data or "",
        inwoner=form.inwoner.data or "",
        frontstage=form.frontstage.data or "",
        backstage=form.backstage.data or "",
        support=form.support.data or "",
    )


@bp.route("/sessies/<int:sessie_id>/blueprint/<int:column_id>", methods=["GET", "POST"])
def edit_column(project_id, sessie_id, column_id):
    if request.method == "POST":
        _require_write(project_id, sessie_id)
    results = services.sessie_results(current_user, project_id, sessie_id)
    column = next((c for c in results.columns if c.id == column_id), None)
    if column is None:
        abort(404)
    form = ColumnForm(obj=column if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = str(column.version)
    if form.validate_on_submit():
        try:
            services.update_column(
                current_user, project_id, sessie_id, column_id, _column_input(form), form.expected_version()
            )
        except ValidationError as error:
            apply_errors(form, error)
        except ConflictError:
            form.form_errors.append(ConflictError.MESSAGE)
            fresh = services.sessie_results(current_user, project_id, sessie_id)
            form.version.data = str(next(c.version for c in fresh.columns if c.id == column_id))
        else:
            flash("De stap is opgeslagen.", "success")
            return redirect(_results_url(project_id, sessie_id, "blueprint"))
    return render_template(
        "results/column_form.html",
        form=form,
        project=results.project,
        sessie=results.sessie,
        title=sessie_title(current_routekaart(), results.sessie),
        column=column,
    ), 400 if form.is_submitted() else 200


@bp.route("/sessies/<int:sessie_id>/blueprint/<int:column_id>/verplaatsen", methods=["POST"])
def move_column(project_id, sessie_id, column_id):
    _require_write(project_id, sessie_id)
    direction = request.form.get("direction")
    if direction not in ("-1", "1"):
        abort(400)
    try:
        services.move_column(current_user, project_id, sessie_id, column_id, int(direction))
    except ValidationError as error:
        flash(str(error), "error")
    return redirect(_results_url(project_id, sessie_id, "blueprint"))


@bp.route("/sessies/<int:sessie_id>/blueprint/<int:column_id>/verwijderen", methods=["POST"])
def delete_column(project_id, sessie_id, column_id):
    _require_write(project_id, sessie_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.delete_column(current_user, project_id, sessie_id, column_id)
    except ValidationError as error:
        flash(str(error), "error")
    else:
        flash("De stap is van de blueprint gehaald.", "success")
    return redirect(_results_url(project_id, sessie_id, "blueprint"))


@bp.route("/sessies/<int:sessie_id>/afspraken", methods=["POST"])
def add_agreement(project_id, sessie_id):
    _require_write(project_id, sessie_id)
    form = AgreementForm()
    return _submit(
        project_id,
        sessie_id,
        form,
        lambda f: services.add_agreement(
            current_user,
            project_id,
            sessie_id,
            services.AgreementInput(
                who=f.who.data or "",
                kind=f.kind.data or "",
                description=f.description.data or "",
                due_date=f.due_date.data,
            ),
        ),
        "De afspraak is vastgelegd.",
        "afspraken",
        "agreement_form",
    )


@bp.route("/sessies/<int:sessie_id>/afspraken/<int:agreement_id>/verwijderen", methods=["POST"])
def delete_agreement(project_id, sessie_id, agreement_id):
    _require_write(project_id, sessie_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.delete_agreement(current_user, project_id, sessie_id, agreement_id)
    except ValidationError as error:
        flash(str(error), "error")
    else:
        flash("De afspraak is verwijderd.", "success")
    return redirect(_results_url(project_id, sessie_id, "afspraken"))


# --- project-wide: bundle in themes, turn into actions ---------------------------------------------


@bp.route("/resultaten", methods=["GET", "POST"])
def overview(project_id):
    results = services.project_results(current_user, project_id)
    form = BundleForm()
    form.theme_id.choices = [("", "Geen thema")] + [(t.id, t.name) for t in results.themes]
    if form.is_submitted():
        if not results.can_write:
            abort(403)
        if form.validate():
            try:
                changed = services.assign_theme(
                    current_user, project_id, form.finding_ids.data or [], form.theme_id.data
                )
            except ValidationError as error:
                apply_errors(form, error)
            except ConflictError:
                form.form_errors.append(ConflictError.MESSAGE)
            else:
                flash(f"{changed} bevinding(en) verplaatst.", "success")
                return redirect(url_for(".overview", project_id=project_id))
    return render_template(
        "results/overview.html", results=results, project=results.project, form=form, title_of=sessie_title
    ), 400 if form.is_submitted() else 200


@bp.route("/bevindingen/<int:finding_id>/actie", methods=["POST"])
def finding_to_action(project_id, finding_id):
    version = request.form.get("version", "")
    try:
        action = services.finding_to_action(
            current_user, project_id, finding_id, int(version) if version.isdigit() else None
        )
    except ValidationError as error:
        flash(str(error), "error")
    except ConflictError:
        flash(ConflictError.MESSAGE, "error")
    else:
        flash(f"Er is een actie gemaakt: '{action.title}'. Vul eigenaar, deadline en budget aan.", "success")
    return redirect(safe_next_url(request.form.get("next")) or url_for(".overview", project_id=project_id))


@bp.route("/bevindingen/<int:finding_id>/verwijderen", methods=["POST"])
def delete_finding(project_id, finding_id):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.delete_finding(current_user, project_id, finding_id)
    except ValidationError as error:
        flash(str(error), "error")
    else:
        flash("De bevinding is verwijderd.", "success")
    return redirect(safe_next_url(request.form.get("next")) or url_for(".overview", project_id=project_id))
