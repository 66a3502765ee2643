"""Downloads of the filled documents, and managing a gemeente's own templates."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..errors import ValidationError
from ..forms import apply_errors
from ..pages.forms import ConfirmForm
from . import bp, services
from .forms import HouseStyleForm
from .uploads import MAX_UPLOAD_BYTES

PREFIX = "/projecten/<int:project_id>/documenten"


def _download(rendered: services.RenderedFile) -> Response:
    return Response(
        rendered.content,
        mimetype=rendered.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{rendered.filename}"'},
    )


@bp.route(PREFIX)
@login_required
def index(project_id):
    return _page(project_id, HouseStyleForm(formdata=None))


def _page(project_id: int, form: HouseStyleForm, status: int = 200):
    page = services.documents_page(current_user, project_id)
    return render_template(
        "documents/index.html", page=page, project=page.project, form=form, confirm_form=ConfirmForm()
    ), status


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
    project = services.access.get_project(current_user, project_id)
    if not services.can_manage_templates(current_user, project.gemeente_id):
        abort(403)
    form = HouseStyleForm()
    if house_style_uploaded(form, project.gemeente_id):
        return redirect(url_for(".index", project_id=project_id) + "#huisstijl")
    return _page(project_id, form, 400)


def house_style_uploaded(form: HouseStyleForm, gemeente_id: int) -> bool:
    """Check and keep a posted template (from the project page or the beheer page); errors go on the form."""
    if not form.validate_on_submit():
        return False
    try:
        services.upload_house_style(
            current_user,
            gemeente_id,
            form.template_key.data,
            form.file.data.filename,
            form.file.data.read(MAX_UPLOAD_BYTES + 1),
        )
    except ValidationError as error:
        apply_errors(form, error)
        return False
    flash("De eigen versie is gecontroleerd en wordt voortaan gebruikt.", "success")
    return True


@bp.route(f"{PREFIX}/huisstijl/<template_key>")
@login_required
def template_file(project_id, template_key):
    project = services.access.get_project(current_user, project_id)
    name, content = services.house_style_content(current_user, project.gemeente_id, template_key)
    return Response(
        content, mimetype="application/octet-stream", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.route(f"{PREFIX}/huisstijl/<template_key>/standaard", methods=["POST"])
@login_required
def revert(project_id, template_key):
    project = services.access.get_project(current_user, project_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.remove_house_style(current_user, project.gemeente_id, template_key)
    except ValidationError as error:
        flash(str(error), "error")
    else:
        flash("De gemeente gebruikt weer de standaardversie.", "success")
    return redirect(url_for(".index", project_id=project_id) + "#huisstijl")
