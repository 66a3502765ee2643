"""Fixtures for the whole suite.

Database tests run once per backend: SQLite always, PostgreSQL too when RFZ_TEST_DATABASE_URL is set.
Each backend gets one app for the session; every test starts from empty tables.
"""

from __future__ import annotations

import os

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient

from rfz_project import create_app
from rfz_project.config import normalise_database_url
from rfz_project.extensions import db

from . import factories

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("RFZ_TEST_DATABASE_URL") else [])


def app_config(database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
    }
    config.update(overrides)
    return config


def database_url_for(backend: str, tmp_path_factory) -> str:
    if backend == "postgresql":
        return normalise_database_url(os.environ["RFZ_TEST_DATABASE_URL"])
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


class FreshSessionClient(FlaskClient):
    """Each request gets its own database session, as in production.

    Flask reuses the test's app context for requests, and with it the test's session; without this,
    a request would see the test's identity map and a test would miss bugs of stale state.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            db.session.remove()
            g.pop("_login_user", None)  # g lives on the shared app context too
        try:
            return super().open(*args, **kwargs)
        finally:
            if has_app_context():
                db.session.remove()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def app(backend, tmp_path_factory):
    app = create_app(app_config(database_url_for(backend, tmp_path_factory)))
    app.test_client_class = FreshSessionClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_tables(request):
    """Empty every table after a test that used the database."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()


@pytest.fixture
def ctx(app):
    """An application context, for calling services directly."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def world(ctx):
    """Two gemeenten, each with a projectleider, teamlid and lezer, a procesbegeleider for the first,
    a beheerder, and one project per gemeente."""
    return factories.World.build()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str = factories.PASSWORD):
        return self._client.post("/inloggen", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/uitloggen")


@pytest.fixture
def auth(client):
    return AuthActions(client)
