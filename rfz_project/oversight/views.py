"""Routes of the VNG's oversight pages; the figures come from the services beside this module."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import access
from ..access import Need
from ..pages.forms import ConfirmForm
from ..paging import requested_page
from ..views_common import attachment, flash_outcome, form_page, need_for_request, record_form
from ..views_common import current_routekaart as _routekaart
from . import bp, checklist_comparison, coverage, notes, portfolio, portfolio_export
from .forms import EditNoteForm, GemeenteSearchForm, NoteForm
from .portfolio_forms import PortfolioFilterForm


@bp.before_request
@login_required
def require_login():
    """Every page of this area needs a logged-in user; the services let VNG users in only (others: 404)."""


# --- the portfolio: the list, its filters, totals and exports -----------------------------------------


@bp.app_context_processor
def vng_user_flag():
    """Whether the header and the start page link the oversight pages (VNG users only)."""
    return {"is_vng_user": access.is_vng_user(current_user)}


def _portfolio(page: int | None = None):
    """The list as the query string asks for it: the page shows one page of rows, both exports all of them."""
    form = PortfolioFilterForm(request.args)
    listing = portfolio.portfolio(current_user, portfolio.PortfolioFilter(**form.values()), page=page)
    form.fill_choices(_routekaart())
    return form, listing


@bp.route("/portfolio", endpoint="portfolio")
def portfolio_list():
    form, listing = _portfolio(requested_page(request.args))
    return render_template(
        "oversight/portfolio.html",
        form=form,
        listing=listing,
        filter_args=listing.filters.args(),
        sorts=portfolio.SORTS,
    )


def _download(content: bytes, mimetype: str, extension: str, today) -> Response:
    return attachment(content, mimetype, portfolio_export.filename(extension, today))


def _exported(kind: str, render) -> bytes:
    """Every row the list's filters keep, as a file (kept while the data is the same: portfolio.exported)."""
    filters = portfolio.PortfolioFilter(**PortfolioFilterForm(request.args).values())
    return portfolio.exported(current_user, filters, kind, render)


@bp.route("/portfolio.csv")
def portfolio_csv():
    content = _exported("csv", portfolio_export.to_csv)
    return _download(content, "text/csv; charset=utf-8", "csv", date.today())


@bp.route("/portfolio.xlsx")
def portfolio_xlsx():
    content = _exported("xlsx", portfolio_export.to_xlsx)
    return _download(content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", date.today())


# --- mijlpaal coverage, checklist comparison and notes per gemeente (H2) ------------------------------


@bp.route("/mijlpalen", endpoint="coverage")
def coverage_matrix():
    form = GemeenteSearchForm(request.args)
    page = coverage.coverage_page(current_user, form.zoek.data or "", requested_page(request.args))
    return render_template("oversight/coverage.html", page=page, form=form, levels=coverage.LEVELS)


@bp.route("/checklist", endpoint="checklist_comparison")
def checklist():
    comparison = checklist_comparison.checklist_comparison(current_user)
    return render_template("oversight/checklist.html", comparison=comparison)


@bp.route("/gemeenten/<int:gemeente_id>", methods=["GET", "POST"])
def gemeente(gemeente_id):
    page = notes.gemeente_page(current_user, gemeente_id, need_for_request())
    form = NoteForm()
    return form_page(
        form,
        valid=form.validate_on_submit(),
        save=lambda: notes.add_note(current_user, gemeente_id, form.text.data or ""),
        saved_message=lambda _note: "De notitie is opgeslagen.",
        next_url=url_for(".gemeente", gemeente_id=gemeente_id, _anchor="notities"),
        template="oversight/gemeente.html",
        page=page,
    )


@bp.route("/gemeenten/<int:gemeente_id>/notities/<int:note_id>", methods=["GET", "POST"])
def edit_note(gemeente_id, note_id):
    context = notes.note_form(current_user, gemeente_id, note_id, need_for_request())
    form = record_form(EditNoteForm, context.note)
    return form_page(
        form,
        valid=form.validate_on_submit(),
        save=lambda: notes.save_note(current_user, gemeente_id, note_id, form.text.data or "", form.expected_version()),
        saved_message=lambda _note: "De notitie is opgeslagen.",
        newest_version=lambda: notes.note_form(current_user, gemeente_id, note_id).note.version,
        next_url=url_for(".gemeente", gemeente_id=gemeente_id, _anchor="notities"),
        template="oversight/note_form.html",
        context=context,
    )


@bp.route("/gemeenten/<int:gemeente_id>/notities/<int:note_id>/verwijderen", methods=["GET", "POST"])
def delete_note(gemeente_id, note_id):
    context = notes.note_form(current_user, gemeente_id, note_id, Need.WRITE)
    form = ConfirmForm()
    if form.validate_on_submit():
        flash_outcome(lambda: notes.delete_note(current_user, gemeente_id, note_id), "De notitie is verwijderd.")
        return redirect(url_for(".gemeente", gemeente_id=gemeente_id, _anchor="notities"))
    if form.is_submitted():
        abort(400)
    return render_template("oversight/note_delete.html", context=context, form=form)
