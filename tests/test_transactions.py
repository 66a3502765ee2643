"""How a request's transaction ends: a request that wrote nothing commits (so psycopg keeps the statements
it prepared), anything else rolls back as before — a request never saves what its code did not commit."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask

from rfz_project import create_app
from rfz_project.extensions import db
from rfz_project.models import Gemeente

from .conftest import app_config


@pytest.fixture
def probe_app(app) -> tuple[Flask, list[str]]:
    """A second app on the test database with routes that read, write without committing, or fail; the
    list collects how each transaction ended."""
    # One connection, so that every request of a test runs on the same one (and its prepared statements).
    one_connection = {"pool_size": 1, "max_overflow": 0, "pool_pre_ping": True}
    probe = create_app(app_config(app.config["SQLALCHEMY_DATABASE_URI"], SQLALCHEMY_ENGINE_OPTIONS=one_connection))
    endings: list[str] = []

    @probe.get("/lezen")
    def read():
        return str(db.session.scalar(sa.select(sa.func.count()).select_from(Gemeente)))

    @probe.get("/schrijven-zonder-opslaan")
    def write_flushed():
        db.session.add(Gemeente(name="Nooit opgeslagen"))
        db.session.flush()
        return "ok"

    @probe.get("/toevoegen-zonder-opslaan")
    def write_pending():
        db.session.add(Gemeente(name="Ook nooit opgeslagen"))
        return "ok"

    @probe.post("/opslaan-en-lezen")
    def write_then_read():
        db.session.add(Gemeente(name="Opgeslagen"))
        db.session.commit()
        return str(db.session.scalar(sa.select(sa.func.count()).select_from(Gemeente)))

    @probe.get("/fout")
    def fail():
        db.session.scalar(sa.select(sa.func.count()).select_from(Gemeente))
        raise RuntimeError("met opzet")

    with probe.app_context():
        sa.event.listen(db.engine, "commit", lambda _conn: endings.append("commit"))
        sa.event.listen(db.engine, "rollback", lambda _conn: endings.append("rollback"))
    yield probe, endings
    with probe.app_context():
        db.engine.dispose()


def _names(app) -> list[str]:
    with app.app_context():
        names = list(db.session.scalars(sa.select(Gemeente.name).order_by(Gemeente.name)))
        db.session.remove()
        return names


def test_a_request_that_only_read_ends_with_a_commit(probe_app):
    probe, endings = probe_app
    assert probe.test_client().get("/lezen").get_data(as_text=True) == "0"
    assert endings[-1] == "commit"


@pytest.mark.parametrize("path", ["/schrijven-zonder-opslaan", "/toevoegen-zonder-opslaan"])
def test_what_a_request_did_not_commit_is_rolled_back(probe_app, path):
    probe, endings = probe_app
    assert probe.test_client().get(path).status_code == 200
    assert "commit" not in endings
    assert _names(probe) == []


def test_a_request_that_failed_rolls_back(probe_app):
    probe, endings = probe_app
    probe.config["PROPAGATE_EXCEPTIONS"] = False
    assert probe.test_client().get("/fout").status_code == 500
    assert "commit" not in endings and endings[-1] == "rollback"


def test_reading_after_its_own_commit_ends_with_a_commit_too(probe_app):
    probe, endings = probe_app
    assert probe.test_client().post("/opslaan-en-lezen").get_data(as_text=True) == "1"
    assert endings == ["commit", "commit"]
    assert _names(probe) == ["Opgeslagen"]


def test_postgresql_keeps_the_statements_it_prepared_across_requests(probe_app, backend):
    """psycopg prepares a statement after its fifth run on a connection and forgets all on a rollback."""
    if backend != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    probe, _endings = probe_app
    client = probe.test_client()
    for _ in range(8):
        client.get("/lezen")
    with probe.app_context():
        prepared = db.session.scalars(sa.text("SELECT statement FROM pg_prepared_statements")).all()
        db.session.remove()
    assert any("count(*)" in statement for statement in prepared)
