from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..views_common import form_status, save_or_conflict
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
    gemeenten = services.import_choices(current_user)
    form = ImportForm()
    form.fill_choices(gemeenten)
    if form.validate_on_submit():
        project = save_or_conflict(
            form,
            lambda: services.import_archive(
                current_user, form.gemeente_id.data, form.archive.data.read(MAX_ARCHIVE_BYTES + 1)
            ),
        )
        if project is not None:
            flash(f"Het project '{project.name}' is ingelezen.", "success")
            return redirect(url_for("projects.show", project_id=project.id))
    return render_template("archive/import.html", form=form, show_gemeente=len(gemeenten) > 1), form_status(form)
