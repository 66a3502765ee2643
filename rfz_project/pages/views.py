from contextlib import suppress

import sqlalchemy as sa
from flask import Flask, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFError

from ..errors import NotAuthorized, NotFound, ProjectClosed
from ..extensions import db, login_manager
from ..paging import requested_page
from . import bp
from .start import start_page


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    return redirect(url_for("accounts.login"))


@bp.route("/start")
@login_required
def home():
    page = start_page(current_user, requested_page(request.args))
    return render_template(
        "pages/home.html",
        overview=page.overview,
        can_create=page.can_create,
        support=page.support,
        initiatives_waiting=page.initiatives_waiting,
    )


@bp.route("/toegankelijkheid")
def accessibility():
    return render_template("pages/toegankelijkheid.html")


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico by themselves (and for files that are no page); the icon is a static file,
    so it is cached like one, while this redirect carries no-store like every other route."""
    return redirect(url_for("static", filename="favicon.ico"))


def _error_page(status: int, title: str, message: str):
    return render_template("pages/error.html", status=status, title=title, message=message), status


# What SQLAlchemy raises when the database cannot be reached or the connection broke off.
DATABASE_UNREACHABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.DisconnectionError)
RETRY_AFTER_SECONDS = 30
UNAVAILABLE_TITLE = "Tijdelijk niet beschikbaar"
UNAVAILABLE_MESSAGE = (
    "De RFZ-implementatietool is tijdelijk niet beschikbaar: de gegevens zijn op dit moment niet bereikbaar. "
    "Wat al was opgeslagen, blijft bewaard. Probeer het over een paar minuten opnieuw; blijft het probleem, "
    "neem dan contact op met de beheerder."
)
SERVER_ERROR_TITLE = "Er ging iets mis"
SERVER_ERROR_MESSAGE = "Er ging aan onze kant iets mis. Probeer het later opnieuw."


def _forget_database_session() -> None:
    """Drop the request's database session; with a broken connection, rolling back may fail too."""
    with suppress(sa.exc.SQLAlchemyError):
        db.session.rollback()
    with suppress(sa.exc.SQLAlchemyError):
        db.session.remove()


def _page_without_database(status: int, title: str, message: str):
    """The error page, rendered without reading the database.

    render_template runs the context processors, and Flask-Login's loads the user from the database; so the
    template is rendered directly, for an anonymous visitor, and the header asks nothing of the user.
    """
    html = current_app.jinja_env.get_template("pages/error.html").render(
        status=status,
        title=title,
        message=message,
        current_user=login_manager.anonymous_user(),
        theme_class=current_app.config["RFZ_THEME_CLASS"],
        theme_css=current_app.config["RFZ_THEME_CSS"],
    )
    return html, status


def _database_unavailable(error: Exception):
    current_app.logger.error("Database niet bereikbaar bij %s %s: %s", request.method, request.path, error)
    _forget_database_session()
    html, status = _page_without_database(503, UNAVAILABLE_TITLE, UNAVAILABLE_MESSAGE)
    return html, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def _database_reachable() -> bool:
    try:
        with db.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return False
    return True


def register_errorhandlers(app: Flask) -> None:
    @app.errorhandler(404)
    @app.errorhandler(NotFound)
    def not_found(_error):
        return _error_page(404, "Pagina niet gevonden", "Deze pagina bestaat niet, of u heeft er geen toegang toe.")

    @app.errorhandler(403)
    @app.errorhandler(NotAuthorized)
    def forbidden(_error):
        return _error_page(
            403,
            "Geen toestemming",
            (
                "Uw rol in dit project geeft geen toestemming voor deze pagina of handeling. Een projectleider "
                "van de gemeente kan dit wel, of kan uw rol aanpassen."
            ),
        )

    @app.errorhandler(ProjectClosed)
    def project_closed(error):
        """Not the role: the project is closed; the message says since when, by whom, and who can reopen it."""
        return _error_page(403, "Project afgesloten", str(error))

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
        # A failed flush leaves the session unusable, and the page's header reads the user through it.
        with suppress(sa.exc.SQLAlchemyError):
            db.session.rollback()
        try:
            return _error_page(500, SERVER_ERROR_TITLE, SERVER_ERROR_MESSAGE)
        except sa.exc.SQLAlchemyError:
            _forget_database_session()
            return _page_without_database(500, SERVER_ERROR_TITLE, SERVER_ERROR_MESSAGE)

    # The database away: a Dutch 503 that needs no database, instead of a bare 500 from a page that does.
    for database_error in DATABASE_UNREACHABLE:
        app.register_error_handler(database_error, _database_unavailable)

    @app.errorhandler(sa.exc.PendingRollbackError)
    def broken_session(error):
        """The session was used again after a failed flush: the database went away (503), or a bug (500)."""
        _forget_database_session()
        if not _database_reachable():
            return _database_unavailable(error)
        current_app.logger.error("Databasesessie gebruikt na een mislukte flush", exc_info=error)
        return _page_without_database(500, SERVER_ERROR_TITLE, SERVER_ERROR_MESSAGE)
