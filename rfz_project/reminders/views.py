"""The page "E-mailberichten": which reminders and notices the logged-in user wants."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..views_common import form_status, save_or_conflict, submitted_and_valid
from . import bp, services
from .forms import PreferencesForm


@bp.route("/account/e-mailberichten", methods=["GET", "POST"])
@login_required
def preferences():
    stored = services.preferences(current_user)
    form = PreferencesForm()
    if not form.is_submitted():
        form.kinds.data = [kind for kind in services.KINDS if stored.wants(kind)]
        form.version.data = "" if stored.version is None else str(stored.version)
    if submitted_and_valid(form, lambda: None):
        saved = save_or_conflict(
            form,
            lambda: services.save_preferences(current_user, form.chosen(), form.expected_version()),
            newest_version=lambda: services.preferences(current_user).version,
        )
        if saved is not None:
            flash("Uw keuze voor de e-mailberichten is opgeslagen.", "success")
            return redirect(url_for(".preferences"))
    return render_template("reminders/preferences.html", form=form), form_status(form)
