"""The database away: a Dutch 503 that needs no database, and recovery without restarting the app.

The same app as every other test; its engine loses the database for real: on PostgreSQL its connections
are ended on the server (pg_terminate_backend) and new ones go to a port nothing listens on; on SQLite its
pooled connections are closed and new ones open a file in a directory that does not exist. Both are
switched by an engine `do_connect` event, which rewrites where the driver connects while the database
is away and is removed afterwards.
"""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from rfz_project.extensions import db
from rfz_project.models import Gemeente, Sessie
from rfz_project.pages import start as pages_start

from . import factories
from .helpers import sessie_form_data

DUTCH_UNAVAILABLE = "tijdelijk niet beschikbaar"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _end_server_connections(engine: sa.Engine) -> int:
    """End every connection to this test database on the PostgreSQL server, as a restart would."""
    admin = sa.create_engine(engine.url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            return len(
                connection.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).all()
            )
    finally:
        admin.dispose()


@contextmanager
def database_away(tmp_path, during_a_request: bool = False) -> Iterator[None]:
    """Within the block the app's engine cannot reach its database; afterwards it can again."""
    engine = db.engine
    if not during_a_request:
        db.session.remove()  # the test's own session gives its connection back to the pool
    unreachable_port = _free_port()
    missing_file = str(tmp_path / "bestaat-niet" / "rfz.sqlite")

    def elsewhere(_dialect, _record, cargs, cparams):
        if engine.dialect.name == "sqlite":
            cargs[0] = missing_file
        else:
            cparams["host"], cparams["port"] = "127.0.0.1", unreachable_port

    sa.event.listen(engine, "do_connect", elsewhere)
    if engine.dialect.name == "sqlite":
        engine.dispose()  # SQLite has no server to end the open connections
    else:
        assert _end_server_connections(engine) >= 1  # the pool's connections, at least
    try:
        yield
    finally:
        sa.event.remove(engine, "do_connect", elsewhere)


def assert_unavailable_page(response) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert DUTCH_UNAVAILABLE in page.lower() and '<html lang="nl"' in page
    assert "Traceback" not in page and "OperationalError" not in page and "Internal Server Error" not in page
    assert "Uitloggen" not in page  # the header did not read the user


def test_database_away_gives_the_dutch_503_and_the_app_recovers(logged_in_leider, client, tmp_path):
    project_pages = ["/start", f"/projecten/{logged_in_leider.project.id}"]
    assert [client.get(url).status_code for url in project_pages] == [200, 200]

    with database_away(tmp_path):
        for url in project_pages:
            assert_unavailable_page(client.get(url))
        with pytest.raises(sa.exc.OperationalError):  # really away, not just the pages
            with db.engine.connect():
                pass

    # Back: the same app and the same login, no restart.
    responses = [client.get(url) for url in project_pages]
    assert [r.status_code for r in responses] == [200, 200]
    assert "Uitloggen" in responses[0].get_data(as_text=True)


def test_login_page_while_the_database_is_away(world, client, tmp_path):
    with database_away(tmp_path):
        assert_unavailable_page(client.post("/inloggen", data={"email": "pl@venlo.nl", "password": "x" * 12}))
    assert client.post("/inloggen", data={"email": "pl@venlo.nl", "password": factories.PASSWORD}).status_code == 302


@contextmanager
def connection_breaks_at_the_first_insert(tmp_path) -> Iterator[None]:
    """The database goes away in the middle of a request, between its reads and its write."""
    engine = db.engine
    state = {"broken": False}

    away = database_away(tmp_path, during_a_request=True)

    def break_here(_connection, _cursor, statement, _parameters, _context, _executemany):
        if state["broken"] or not statement.lstrip().upper().startswith("INSERT"):
            return
        state["broken"] = True
        away.__enter__()  # on PostgreSQL this also ends this very connection, so the INSERT fails for real
        if engine.dialect.name == "sqlite":
            raise sqlite3.OperationalError("disk I/O error")  # an open SQLite file cannot be taken away

    sa.event.listen(engine, "before_cursor_execute", break_here)
    try:
        yield
    finally:
        sa.event.remove(engine, "before_cursor_execute", break_here)
        if state["broken"]:
            away.__exit__(None, None, None)
    assert state["broken"]


def test_database_lost_while_saving_gives_the_503_not_a_bare_500(logged_in_leider, client, tmp_path):
    project_id = logged_in_leider.project.id
    form = sessie_form_data(session_type="kick_off", mijlpalen=[], option="")
    with connection_breaks_at_the_first_insert(tmp_path):
        assert_unavailable_page(client.post(f"/projecten/{project_id}/sessies/nieuw", data=form))

    assert db.session.scalar(sa.select(sa.func.count()).select_from(Sessie)) == 0  # nothing half saved
    assert client.post(f"/projecten/{project_id}/sessies/nieuw", data=form).status_code == 302


def _overview_that_reuses_a_failed_session(failure, new_row):
    """A service that goes on with its session after a failed flush, as the error page used to do."""

    def overview(_actor, *_page):
        with suppress(failure):
            db.session.add(new_row())
            db.session.flush()
        db.session.scalar(sa.select(sa.func.count()).select_from(Gemeente))  # PendingRollbackError
        raise AssertionError("the session should be unusable here")

    return overview


def test_session_reused_after_the_database_went_away_is_a_503(logged_in_leider, client, tmp_path, monkeypatch):
    overview = _overview_that_reuses_a_failed_session(sa.exc.OperationalError, lambda: Gemeente(name="Nieuw"))
    monkeypatch.setattr(pages_start, "start_overview_with", overview)
    with connection_breaks_at_the_first_insert(tmp_path):
        assert_unavailable_page(client.get("/start"))


def test_session_reused_after_a_bug_is_a_dutch_500_not_a_503(logged_in_leider, client, monkeypatch):
    duplicate = _overview_that_reuses_a_failed_session(sa.exc.IntegrityError, lambda: Gemeente(name="Venlo"))
    monkeypatch.setattr(pages_start, "start_overview_with", duplicate)
    response = client.get("/start")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Er ging iets mis" in page and "Traceback" not in page


def test_ended_server_connections_are_replaced_without_an_error(logged_in_leider, client, backend):
    """A database restart between two requests: pool_pre_ping finds the dead connections and opens new ones."""
    if backend != "postgresql":
        pytest.skip("SQLite has no server whose connections can end")
    assert client.get("/start").status_code == 200
    assert _end_server_connections(db.engine) >= 1
    assert client.get("/start").status_code == 200
