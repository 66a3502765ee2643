from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..views_common import form_status
from . import bp
from .forms import LoginForm
from .services import LoginLimit, TooManyAttempts, authenticate, safe_next_url


def _login_limit() -> LoginLimit:
    return LoginLimit(
        max_failures=current_app.config["RFZ_LOGIN_MAX_FAILURES"],
        window=timedelta(minutes=current_app.config["RFZ_LOGIN_WINDOW_MINUTES"]),
    )


@bp.route("/inloggen", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    status = form_status(form)  # a refused submit is a 400, unless the check below says more
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data, request.remote_addr, _login_limit())
        except TooManyAttempts:
            form.form_errors.append("Te veel mislukte pogingen. Wacht een kwartier en probeer het dan opnieuw.")
            status = 429
        else:
            if user is not None:
                login_user(user)
                return redirect(safe_next_url(form.next.data) or url_for("pages.home"))
            form.form_errors.append("Deze combinatie van e-mailadres en wachtwoord kennen we niet.")
            status = 401
    form.password.data = ""
    return render_template("accounts/login.html", form=form), status


@bp.route("/uitloggen", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("U bent uitgelogd.", "info")
    return redirect(url_for("accounts.login"))
