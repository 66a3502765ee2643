"""Thin views for recording sessie results and bundling them in themes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from markupsafe import Markup

from ..access import Need
from ..accounts.services import safe_next_url
from ..formatting import aantal
from ..forms import VersionedForm
from ..models import User
from ..paging import page_args, requested_page
from ..sessions.calendar import sessie_title
from ..sessions.services import get_sessie
from ..views_common import (
    current_routekaart,
    flash_outcome,
    form_page,
    form_status,
    loaded_or_flashed,
    need_for_request,
    record_form,
    render_sessie_page,
    require_confirmed_post,
    save_or_conflict,
    shown_record,
)
from . import bp, services
from .forms import AgreementForm, BundleForm, ColumnForm, EditAgreementForm, EditFindingForm, FindingForm


@bp.before_request
@login_required
def require_login():
    """Every page here needs a logged-in user; access per project is checked in the services."""


def _require_write(project_id: int, sessie_id: int) -> None:
    """Refuse (404/403) before anything of the request is read."""
    get_sessie(current_user, project_id, sessie_id, Need.WRITE)


def _results_url(project_id: int, sessie_id: int, anchor: str = "") -> str:
    return url_for(".sessie", project_id=project_id, sessie_id=sessie_id) + (f"#{anchor}" if anchor else "")


def _finding_input(form: FindingForm) -> services.FindingInput:
    return services.FindingInput(
        text=form.text.data or "",
        mijlpaal=form.mijlpaal.data or None,
        rol=form.rol.data or None,
        theme_id=form.theme_id.data,
    )


def _column_input(form: ColumnForm) -> services.ColumnInput:
    lanes = {lane: getattr(form, lane).data or "" for lane, _label in services.LANES}
    return services.ColumnInput(title=form.title.data or "", **lanes)


def _agreement_input(form: AgreementForm) -> services.AgreementInput:
    return services.AgreementInput(
        who=form.who.data or "",
        kind=form.kind.data or "",
        description=form.description.data or "",
        due_date=form.due_date.data,
    )


@dataclass(frozen=True)
class _Panel:
    """A part of the sessie's results page with a form that adds something to the sessie: the form, the page's
    anchor, the service that adds what the form read, and the one that deletes a record of the part (a finding
    is deleted on its own page, as it belongs to the project too)."""

    form_class: type[FlaskForm]
    anchor: str
    read_input: Callable[[Any], object]
    add: Callable[[User, int, int, Any], object]  # (actor, project_id, sessie_id, input)
    added: str
    delete: Callable[[User, int, int, int], None] | None = None  # (actor, project_id, sessie_id, record_id)
    deleted: str = ""


FINDINGS = _Panel(FindingForm, "bevindingen", _finding_input, services.add_finding, "De bevinding is vastgelegd.")
BLUEPRINT = _Panel(
    ColumnForm,
    "blueprint",
    _column_input,
    services.add_column,
    "De stap is aan de blueprint toegevoegd.",
    services.delete_column,
    "De stap is van de blueprint gehaald.",
)
AGREEMENTS = _Panel(
    AgreementForm,
    "afspraken",
    _agreement_input,
    services.add_agreement,
    "De afspraak is vastgelegd.",
    services.delete_agreement,
    "De afspraak is verwijderd.",
)


def _render_sessie(project_id: int, sessie_id: int, refused: dict[_Panel, FlaskForm] | None = None):
    """The page with every panel's form empty; after a refused submit (400), that panel's form as it was posted."""
    results = services.sessie_results(current_user, project_id, sessie_id)

    def form_of(panel: _Panel) -> Any:
        return (refused or {}).get(panel) or panel.form_class(formdata=None)

    finding_form = form_of(FINDINGS)
    finding_form.fill_choices(
        current_routekaart(), results.sessie.mijlpaal_keys or results.project.mijlpaal_keys, results.themes
    )
    return render_sessie_page(
        "results/sessie.html",
        results.sessie,
        results=results,
        project=results.project,
        lanes=services.LANES,
        finding_form=finding_form,
        column_form=form_of(BLUEPRINT),
        agreement_form=form_of(AGREEMENTS),
    ), (200 if refused is None else 400)


def _add(project_id: int, sessie_id: int, panel: _Panel):
    """A form posted from a panel of the sessie's results page: refuse a reader first, then add and redirect,
    or show the page again with the form's problems."""
    _require_write(project_id, sessie_id)
    form = panel.form_class()

    def add():
        return panel.add(current_user, project_id, sessie_id, panel.read_input(form))

    if form.validate_on_submit() and save_or_conflict(form, add) is not None:
        flash(panel.added, "success")
        return redirect(_results_url(project_id, sessie_id, panel.anchor))
    return _render_sessie(project_id, sessie_id, refused={panel: form})


def _pressed(project_id: int, sessie_id: int, panel: _Panel, action, success: str | None, confirm: bool = True):
    """A button on the sessie's results page: refuse a reader first, then act and go back to the page.
    `confirm`: the button only carries its CSRF token (otherwise `action` reads and checks what it posts)."""
    _require_write(project_id, sessie_id)
    if confirm:
        require_confirmed_post()
    flash_outcome(action, success)
    return redirect(_results_url(project_id, sessie_id, panel.anchor))


def _delete(project_id: int, sessie_id: int, panel: _Panel, record_id: int):
    delete = panel.delete
    if delete is None:  # a programming error: a delete route only for a panel that deletes
        raise ValueError(f"the panel {panel.anchor} deletes nothing")
    return _pressed(
        project_id, sessie_id, panel, lambda: delete(current_user, project_id, sessie_id, record_id), panel.deleted
    )


@dataclass(frozen=True)
class _EditPage:
    """The page of one record of a panel: how it is loaded (only while the sessie is open, for who may change it),
    put in its form, and saved."""

    panel: _Panel
    form_class: type[VersionedForm]
    load: Callable[[User, int, int, int], services.ResultPage]  # (actor, project_id, sessie_id, record_id)
    update: Callable[[User, int, int, int, Any, int | None], object]  # ... and the input and the form's version
    saved: str
    template: str
    prepare: Callable[[Any, services.ResultPage], None] = lambda _form, _page: None  # choices, stored selections


def _prepare_finding(form: EditFindingForm, page: services.ResultPage) -> None:
    form.fill_choices(current_routekaart(), page.sessie.mijlpaal_keys or page.project.mijlpaal_keys, page.themes)
    if shown_record(page.record) is not None:
        form.mijlpaal.data, form.rol.data = page.record.mijlpaal or "", page.record.rol or ""


def _prepare_agreement(form: EditAgreementForm, page: services.ResultPage) -> None:
    if shown_record(page.record) is not None:
        form.kind.data = page.record.kind.value


FINDING_PAGE = _EditPage(
    FINDINGS,
    EditFindingForm,
    services.finding_page,
    services.update_finding,
    "De bevinding is opgeslagen.",
    "results/finding_form.html",
    _prepare_finding,
)
COLUMN_PAGE = _EditPage(
    BLUEPRINT,
    ColumnForm,
    services.column_page,
    services.update_column,
    "De stap is opgeslagen.",
    "results/column_form.html",
)
AGREEMENT_PAGE = _EditPage(
    AGREEMENTS,
    EditAgreementForm,
    services.agreement_page,
    services.update_agreement,
    "De afspraak is opgeslagen.",
    "results/agreement_form.html",
    _prepare_agreement,
)


def _edit(project_id: int, sessie_id: int, record_id: int, edit: _EditPage):
    """The edit page of one record of the sessie's results; for a finished sessie, back to the results with why."""
    back = _results_url(project_id, sessie_id, edit.panel.anchor)
    page = loaded_or_flashed(lambda: edit.load(current_user, project_id, sessie_id, record_id))
    if page is None:
        return redirect(back)
    form = record_form(edit.form_class, page.record)
    edit.prepare(form, page)
    return form_page(
        form,
        valid=form.validate_on_submit(),
        save=lambda: edit.update(
            current_user, project_id, sessie_id, record_id, edit.panel.read_input(form), form.expected_version()
        ),
        saved_message=lambda _record: edit.saved,
        next_url=back,
        template=edit.template,
        newest_version=lambda: edit.load(current_user, project_id, sessie_id, record_id).record.version,
        project=page.project,
        sessie=page.sessie,
        title=sessie_title(current_routekaart(), page.sessie),
        record=page.record,
    )


@bp.route("/sessies/<int:sessie_id>/resultaten")
def sessie(project_id, sessie_id):
    return _render_sessie(project_id, sessie_id)


@bp.route("/sessies/<int:sessie_id>/bevindingen", methods=["POST"])
def add_finding(project_id, sessie_id):
    return _add(project_id, sessie_id, FINDINGS)


@bp.route("/sessies/<int:sessie_id>/bevindingen/<int:finding_id>", methods=["GET", "POST"])
def edit_finding(project_id, sessie_id, finding_id):
    return _edit(project_id, sessie_id, finding_id, FINDING_PAGE)


@bp.route("/sessies/<int:sessie_id>/blueprint", methods=["POST"])
def add_column(project_id, sessie_id):
    return _add(project_id, sessie_id, BLUEPRINT)


@bp.route("/sessies/<int:sessie_id>/blueprint/<int:column_id>", methods=["GET", "POST"])
def edit_column(project_id, sessie_id, column_id):
    return _edit(project_id, sessie_id, column_id, COLUMN_PAGE)


@bp.route("/sessies/<int:sessie_id>/blueprint/<int:column_id>/verplaatsen", methods=["POST"])
def move_column(project_id, sessie_id, column_id):
    return _pressed(
        project_id,
        sessie_id,
        BLUEPRINT,
        lambda: services.move_column(current_user, project_id, sessie_id, column_id, _direction()),
        None,
        confirm=False,
    )


def _direction() -> int:
    """-1 (earlier in the journey) or 1 (later); anything else is a malformed request."""
    direction = request.form.get("direction")
    if direction not in ("-1", "1"):
        abort(400)
    return int(direction)


@bp.route("/sessies/<int:sessie_id>/blueprint/<int:column_id>/verwijderen", methods=["POST"])
def delete_column(project_id, sessie_id, column_id):
    return _delete(project_id, sessie_id, BLUEPRINT, column_id)


@bp.route("/sessies/<int:sessie_id>/afspraken", methods=["POST"])
def add_agreement(project_id, sessie_id):
    return _add(project_id, sessie_id, AGREEMENTS)


@bp.route("/sessies/<int:sessie_id>/afspraken/<int:agreement_id>", methods=["GET", "POST"])
def edit_agreement(project_id, sessie_id, agreement_id):
    return _edit(project_id, sessie_id, agreement_id, AGREEMENT_PAGE)


@bp.route("/sessies/<int:sessie_id>/afspraken/<int:agreement_id>/verwijderen", methods=["POST"])
def delete_agreement(project_id, sessie_id, agreement_id):
    return _delete(project_id, sessie_id, AGREEMENTS, agreement_id)


# --- project-wide: bundle in themes, turn into actions ---------------------------------------------


@bp.route("/resultaten", methods=["GET", "POST"])
def overview(project_id):
    page = requested_page(request.args)
    results = services.project_results(current_user, project_id, need_for_request(), page)
    form = BundleForm()
    form.theme_id.choices = [("", "Geen thema")] + [(t.id, t.name) for t in results.themes]
    if form.validate_on_submit():
        bundled = save_or_conflict(
            form,
            lambda: services.assign_theme(
                current_user, project_id, form.finding_ids.data or [], form.theme_id.data, form.new_theme.data or ""
            ),
        )
        if bundled is not None:
            flash(_bundled_message(bundled), "success")
            return redirect(url_for(".overview", project_id=project_id, **page_args(page)))
    checked = tuple(form.finding_ids.data or ())  # the findings ticked before a refused submit stay ticked
    page_html = render_template(
        "results/overview.html", results=results, project=results.project, form=form, checked=checked
    )
    return page_html, form_status(form)


def _bundled_message(bundled: services.Bundled) -> str:
    findings = aantal(bundled.count, "bevinding", "bevindingen")
    if bundled.theme is None:
        return f"Uit hun thema gehaald: {findings}."
    if bundled.new_theme:
        return f"Het thema '{bundled.theme.name}' is gemaakt. Naar dit thema verplaatst: {findings}."
    return f"Naar het thema '{bundled.theme.name}' verplaatst: {findings}."


def _action_made(project_id: int, action) -> Markup:
    """The flash after 'Maak hier een actie van', with a link to the new action's page (the title escaped)."""
    return Markup(
        'Er is een actie gemaakt: <a class="utrecht-link" href="{}">{}</a>. Vul daar eigenaar, deadline en budget aan.'
    ).format(url_for("actions.edit", project_id=project_id, action_id=action.id), action.title)


def _back_to_the_page(project_id: int):
    """Back to the page the button was on (only a page of this site), else the overview."""
    return redirect(safe_next_url(request.form.get("next")) or url_for(".overview", project_id=project_id))


@bp.route("/bevindingen/<int:finding_id>/actie", methods=["POST"])
def finding_to_action(project_id, finding_id):
    expected_version = VersionedForm().expected_version()
    flash_outcome(
        lambda: services.finding_to_action(current_user, project_id, finding_id, expected_version),
        lambda action: _action_made(project_id, action),
    )
    return _back_to_the_page(project_id)


@bp.route("/bevindingen/<int:finding_id>/verwijderen", methods=["POST"])
def delete_finding(project_id, finding_id):
    require_confirmed_post()
    flash_outcome(lambda: services.delete_finding(current_user, project_id, finding_id), "De bevinding is verwijderd.")
    return _back_to_the_page(project_id)
