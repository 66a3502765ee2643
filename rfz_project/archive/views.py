from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..errors import ValidationError
from ..forms import apply_errors
from ..projects.services import manageable_gemeenten
from . import bp, services
from .forms import MAX_ARCHIVE_BYTES, ImportForm


@bp.route("/projecten/<int:project_id>/archief.zip")
@login_required
def export(project_id):
    archive = services.export_project(current_user, project_id)
    return Response(
        archive.content,
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{archive.filename}"'},
    )


@bp.route("/projecten/importeren", methods=["GET", "POST"])
@login_required
def import_project():
    gemeenten = manageable_gemeenten(current_user)
    if not gemeenten:
        abort(403)
    form = ImportForm()
    form.gemeente_id.choices = [(g.id, g.name) for g in gemeenten]
    if form.validate_on_submit():
        try:
            project = services.import_archive(
                current_user, form.gemeente_id.data, form.archive.data.read(MAX_ARCHIVE_BYTES + 1)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(f"Het project '{project.name}' is ingelezen.", "success")
            return redirect(url_for("projects.show", project_id=project.id))
    return render_template(
        "archive/import.html", form=form, show_gemeente=len(gemeenten) > 1
    ), 400 if form.is_submitted() else 200
