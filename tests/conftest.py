"""Fixtures for the whole suite.

Database tests run once per backend: SQLite always, PostgreSQL too when RFZ_TEST_DATABASE_URL is set.
Each backend gets one app per test process; every test starts from empty tables and leaves them empty
(after a test, one query finds the tables it left rows in, and only those get a DELETE). The `world` of
most tests is built once per backend and process and inserted again for each test (factories.WorldSnapshot).

Under pytest-xdist (`make test` runs `pytest -n auto`) every worker has its own databases: SQLite files
live in the worker's own tmp_path_factory, and for PostgreSQL each worker creates `<name>_<worker id>`
next to the database of RFZ_TEST_DATABASE_URL (so it connects as a user that may create databases,
as CI's postgres does) and drops it at the end.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
import sqlalchemy as sa
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from rfz_project import create_app, rendered
from rfz_project.config import normalise_database_url
from rfz_project.extensions import db
from rfz_project.projects import summaries

from . import factories

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("RFZ_TEST_DATABASE_URL") else [])
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")  # "gw0", "gw1", ... in an xdist worker, else None


def _no_waiting_for_the_disk(dbapi_connection, _record) -> None:
    """Test databases need not survive a power cut: a commit returns without waiting for the disk.

    Only durability changes; what a transaction sees and locks is the same.
    """
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA synchronous=OFF")
    elif isinstance(dbapi_connection, psycopg.Connection):
        dbapi_connection.execute("SET synchronous_commit TO off")
        dbapi_connection.commit()


sa.event.listen(Engine, "connect", _no_waiting_for_the_disk)


def app_config(database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        # The zip renders in the request's own process: one render pool per xdist worker would only compete
        # for the same cores (tests/documents/test_document_speed.py turns the pool on where it is tested).
        "RFZ_DOCUMENT_PROCESSES": 0,
    }
    config.update(overrides)
    return config


@contextmanager
def database_for(backend: str, tmp_path_factory) -> Iterator[str]:
    """The URL of this process's database for a backend; a worker's own PostgreSQL database lives as long as this."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
        return
    url = sa.make_url(normalise_database_url(os.environ["RFZ_TEST_DATABASE_URL"]))
    if XDIST_WORKER is None:
        yield url.render_as_string(hide_password=False)
        return
    name = f"{url.database}_{XDIST_WORKER}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)

    def run(statement: str) -> None:
        with admin.connect() as connection:
            connection.execute(sa.text(statement))

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # left behind by an interrupted run
    run(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


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
    with database_for(backend, tmp_path_factory) as url:
        app = create_app(app_config(url))
        app.test_client_class = FreshSessionClient
        with app.app_context():
            db.drop_all()
            db.create_all()
        yield app
        with app.app_context():
            db.drop_all()
            db.engine.dispose()


def tables_with_rows() -> list[sa.Table]:
    """The tables that hold any row, in dependency order, found with one query."""
    tables = db.metadata.sorted_tables
    probe = sa.union_all(
        *(sa.select(sa.literal_column(str(i))).where(sa.exists().select_from(t)) for i, t in enumerate(tables))
    )
    return [tables[i] for i in sorted(db.session.scalars(probe))]


def empty_tables() -> None:
    """Delete every row, children before parents; only the tables that have rows get a DELETE."""
    for table in reversed(tables_with_rows()):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture(autouse=True)
def _clean_tables(request):
    """Empty the tables after a test that used the database."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.rollback()
        empty_tables()
        db.session.remove()
    # The next test fills the tables again with the same ids: derived figures kept in memory start afresh.
    summaries.forget_all(app)
    rendered.forget_all(app)


@pytest.fixture
def ctx(app):
    """An application context, for calling services directly."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def world_snapshot(app) -> factories.WorldSnapshot:
    """The rows of a world, built once per backend and process (building one per test took most of the suite)."""
    with app.app_context():
        snapshot = factories.WorldSnapshot.take()
        db.session.remove()
        empty_tables()
        db.session.remove()
    return snapshot


@pytest.fixture
def world(ctx, world_snapshot):
    """Two gemeenten, each with a projectleider, teamlid and lezer, a procesbegeleider for the first,
    a beheerder, and one project per gemeente; the rows of factories.World.build(), inserted in one go."""
    return world_snapshot.restore()


@pytest.fixture
def leider(world):
    """The projectleider of world.home as a service actor: a fresh copy with access data loaded."""
    return world.actor(world.projectleider)


@pytest.fixture
def logged_in_leider(world, auth):
    """The world, with its projectleider (pl@venlo.nl) logged in on `client`."""
    auth.login("pl@venlo.nl")
    return world


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


@pytest.fixture
def csrf_client(app):
    """A test client of an app that checks CSRF tokens (the suite's own app does not), with a world of its own;
    log in with `helpers.login_with_token`."""
    protected = create_app(app_config(app.config["SQLALCHEMY_DATABASE_URI"], WTF_CSRF_ENABLED=True))
    with protected.app_context():
        world = factories.World.build()
        yield protected.test_client(), world
        db.session.remove()
