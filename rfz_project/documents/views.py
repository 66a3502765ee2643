"""Downloads of the filled documents, and managing a gemeente's own templates."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..errors import ValidationError
from ..pages.forms import ConfirmForm
from ..views_common import form_status, require_confirmed_post, save_or_conflict
from . import bp, services, word
from .forms import HouseStyleForm
from .uploads import MAX_UPLOAD_BYTES

PREFIX = "/projecten/<int:project_id>/documenten"


def _download(rendered: services.RenderedFile) -> Response:
    return Response(
        rendered.content,
        mimetype=rendered.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{rendered.filename}"'},
    )


@bp.errorhandler(word.TemplateTooHeavy)
def template_too_heavy(error: word.TemplateTooHeavy):
    """A gemeente's own template went over the render budget: say so, and keep the worker free."""
    return render_template("pages/error.html", status=422, title="Document niet gemaakt", message=word.TOO_HEAVY), 422


@bp.errorhandler(services.HouseStyleFailed)
def house_style_failed(error: services.HouseStyleFailed):
    """A gemeente's own template cannot be filled for this project: say which and what to do, not a 500."""
    return render_template("pages/error.html", status=422, title="Document niet gemaakt", message=str(error)), 422


@bp.route(PREFIX)
@login_required
def index(project_id):
    return _page(project_id, HouseStyleForm(formdata=None))


def _page(project_id: int, form: HouseStyleForm):
    page = services.documents_page(current_user, project_id)
    return render_template(
        "documents/index.html", page=page, project=page.project, form=form, confirm_form=ConfirmForm()
    ), form_status(form)


@bp.route(f"{PREFIX}/alle.zip")
@login_required
def download_all(project_id):
    return _download(services.render_all(current_user, project_id))


@bp.route(f"{PREFIX}/<ref>")
@login_required
def download(project_id, ref):
    return _download(services.render_file(current_user, project_id, ref))


@bp.route(f"{PREFIX}/huisstijl", methods=["POST"])
@login_required
def upload(project_id):
    gemeente_id = services.gemeente_to_manage_templates(current_user, project_id)
    form = HouseStyleForm()
    if house_style_uploaded(form, gemeente_id):
        return redirect(url_for(".index", project_id=project_id) + "#huisstijl")
    return _page(project_id, form)


def house_style_uploaded(form: HouseStyleForm, gemeente_id: int) -> bool:
    """Check and keep a posted template (from the project page or the beheer page); errors go on the form."""
    if not form.validate_on_submit():
        return False
    saved = save_or_conflict(
        form,
        lambda: services.upload_house_style(
            current_user,
            gemeente_id,
            form.template_key.data,
            form.file.data.filename,
            form.file.data.read(MAX_UPLOAD_BYTES + 1),
        ),
    )
    if saved is None:
        return False
    flash("De eigen versie is gecontroleerd en wordt voortaan gebruikt.", "success")
    return True


@bp.route(f"{PREFIX}/huisstijl/<template_key>")
@login_required
def template_file(project_id, template_key):
    gemeente_id = services.project_gemeente(current_user, project_id)
    name, content = services.house_style_content(current_user, gemeente_id, template_key)
    return Response(
        content, mimetype="application/octet-stream", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.route(f"{PREFIX}/huisstijl/<template_key>/standaard", methods=["POST"])
@login_required
def revert(project_id, template_key):
    gemeente_id = services.project_gemeente(current_user, project_id)
    require_confirmed_post()
    house_style_reverted(gemeente_id, template_key)
    return redirect(url_for(".index", project_id=project_id) + "#huisstijl")


def house_style_reverted(gemeente_id: int, template_key: str) -> None:
    """Go back to the standard template (from the project page or the beheer page); the outcome is flashed."""
    try:
        services.remove_house_style(current_user, gemeente_id, template_key)
    except ValidationError as error:
        flash(str(error), "error")
    else:
        flash("De gemeente gebruikt weer de standaardversie.", "success")
