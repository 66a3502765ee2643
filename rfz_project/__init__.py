"""RFZ implementatietool: guides a gemeente through the toolkit of the routekaart Financiële Zorgen."""

from __future__ import annotations

import importlib
from pathlib import Path

from flask import Flask
from sqlalchemy.orm import Session

from . import audit
from . import config as config_module
from .extensions import (
    csrf,
    db,
    end_transactions_that_wrote_nothing_with_commit,
    enforce_sqlite_foreign_keys,
    login_manager,
    mailer,
    migrate,
)

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
    _trust_proxies(app)
    _load_routekaart(app)
    _register_extensions(app)
    _register_url_converters(app)
    _register_blueprints(app)
    _register_template_helpers(app)
    _register_security_headers(app)
    _register_errorhandlers(app)
    _register_commands(app)
    _configure_security_log()
    return app


# The helpers below import what they wire when an app is built, not at the top of this module: this
# module runs on every import of any part of the package, and importing a service or a model must not load
# the whole app, web layer included.


def _configure_security_log() -> None:
    """The security events' JSON lines (security_log.py) go to stderr."""
    from . import security_log
    from .mail import services as mail_services

    security_log.configure_logging()
    mail_services.configure_logging()


def _trust_proxies(app: Flask) -> None:
    """Behind RFZ_TRUSTED_PROXIES reverse proxies, take the client's address and scheme from what they add
    to X-Forwarded-For / -Proto (the login throttle counts per address; HSTS needs the scheme). Without it
    those headers are ignored: a client could send any value."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    proxies = app.config.get("RFZ_TRUSTED_PROXIES") or 0
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]


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
    end_transactions_that_wrote_nothing_with_commit(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    mailer.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Log in om deze pagina te bekijken."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    from .accounts.services import load_user

    login_manager.user_loader(load_user)


# The product's areas, each a package with a blueprint in __init__.py and its routes in views.py.
AREAS = (
    "pages",
    "accounts",
    "projects",
    "sessions",
    "results",
    "actions",
    "borging",
    "checklist",
    "documents",
    "archive",
    "oversight",
    "initiatives",
    "support",
    "reminders",
    "oidc",
    "admin",
)


def _register_url_converters(app: Flask) -> None:
    """Before the blueprints: a route takes its converters when it is added to the app."""
    from .inputs import IdConverter

    app.url_map.converters["int"] = IdConverter


def _register_blueprints(app: Flask) -> None:
    """Import each area's views here, not in its package: importing a service never loads the web layer."""
    for area in AREAS:
        package = importlib.import_module(f"{__name__}.{area}")
        importlib.import_module(f"{__name__}.{area}.views")  # adds the routes to the area's blueprint
        app.register_blueprint(package.bp)


def _register_template_helpers(app: Flask) -> None:
    from . import formatting, rendered

    formatting.register(app)
    rendered.register(app)


def _register_security_headers(app: Flask) -> None:
    from . import security_headers

    security_headers.register(app)


def _register_errorhandlers(app: Flask) -> None:
    from .pages.views import register_errorhandlers

    register_errorhandlers(app)


def _register_commands(app: Flask) -> None:
    from .cli import rfz

    app.cli.add_command(rfz)
