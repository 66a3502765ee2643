"""RFZ implementatietool: guides a gemeente through the toolkit of the routekaart Financiële Zorgen."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy.orm import Session

from . import audit
from . import config as config_module
from .extensions import csrf, db, enforce_sqlite_foreign_keys, login_manager, migrate

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory: build and wire one app; nothing runs at import time."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(Path(__file__).resolve().parent.parent / "templates"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(config_module.DEFAULTS)
    if test_config is None:
        app.config.update(config_module.from_environment(Path(app.instance_path)))
    else:
        app.config.update(test_config)
    _load_routekaart(app)
    _register_extensions(app)
    _register_blueprints(app)
    _register_template_helpers(app)
    _register_errorhandlers(app)
    _register_commands(app)
    return app


def _load_routekaart(app: Flask) -> None:
    from .routekaart import get_routekaart, load_routekaart

    path = app.config.get("RFZ_ROUTEKAART_PATH")
    # Fails loudly at start-up (with the line at fault) instead of on the first request.
    app.extensions["routekaart"] = load_routekaart(path) if path else get_routekaart()


def _register_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (registers the tables on db.metadata)

    enforce_sqlite_foreign_keys()
    audit.register(Session)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Log in om deze pagina te bekijken."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    from .accounts.services import load_user

    login_manager.user_loader(load_user)


def _register_blueprints(app: Flask) -> None:
    from .accounts import bp as accounts_bp
    from .actions import bp as actions_bp
    from .admin import bp as admin_bp
    from .archive import bp as archive_bp
    from .borging import bp as borging_bp
    from .checklist import bp as checklist_bp
    from .documents import bp as documents_bp
    from .documents import views as _document_views  # noqa: F401  (adds the routes to documents_bp)
    from .pages import bp as pages_bp
    from .projects import bp as projects_bp
    from .results import bp as results_bp
    from .sessions import bp as sessions_bp

    for blueprint in (
        pages_bp,
        accounts_bp,
        projects_bp,
        sessions_bp,
        results_bp,
        actions_bp,
        borging_bp,
        checklist_bp,
        documents_bp,
        archive_bp,
        admin_bp,
    ):
        app.register_blueprint(blueprint)


def _register_template_helpers(app: Flask) -> None:
    from . import formatting

    formatting.register(app)


def _register_errorhandlers(app: Flask) -> None:
    from .pages.views import register_errorhandlers

    register_errorhandlers(app)


def _register_commands(app: Flask) -> None:
    from .cli import rfz

    app.cli.add_command(rfz)
