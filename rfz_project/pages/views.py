from flask import Flask, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFError

from ..errors import NotAuthorized, NotFound
from ..projects.page import project_overview_for
from ..projects.scope import can_start_project
from . import bp


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    return redirect(url_for("accounts.login"))


@bp.route("/start")
@login_required
def home():
    return render_template(
        "pages/home.html", overview=project_overview_for(current_user), can_create=can_start_project(current_user)
    )


@bp.route("/toegankelijkheid")
def accessibility():
    return render_template("pages/toegankelijkheid.html")


def _error_page(status: int, title: str, message: str):
    return render_template("pages/error.html", status=status, title=title, message=message), status


def register_errorhandlers(app: Flask) -> None:
    @app.errorhandler(404)
    @app.errorhandler(NotFound)
    def not_found(_error):
        return _error_page(404, "Pagina niet gevonden", "Deze pagina bestaat niet, of u heeft er geen toegang toe.")

    @app.errorhandler(403)
    @app.errorhandler(NotAuthorized)
    def forbidden(_error):
        return _error_page(403, "Geen toestemming", "U mag deze pagina bekijken, maar deze handeling niet uitvoeren.")

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return _error_page(
            400,
            "Formulier verlopen",
            "Het formulier is verlopen of onvolledig verstuurd. Ga terug, laad de pagina "
            "opnieuw en probeer het nog eens.",
        )

    @app.errorhandler(405)
    def method_not_allowed(_error):
        return _error_page(405, "Niet toegestaan", "Deze handeling kan zo niet worden uitgevoerd.")

    @app.errorhandler(413)
    def too_large(_error):
        return _error_page(413, "Bestand te groot", "Wat u verstuurde is te groot.")

    @app.errorhandler(500)
    def server_error(_error):
        return _error_page(500, "Er ging iets mis", "Er ging aan onze kant iets mis. Probeer het later opnieuw.")
