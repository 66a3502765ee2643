"""Flask extensions, created unbound here and bound to an app in create_app."""

import sqlite3
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session

# Named constraints so Alembic migrations are identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# expire_on_commit=False: the logged-in user (with memberships loaded for access checks) stays usable
# after a service commits; relationships are lazy="raise", so they must not silently reload.
db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION), session_options={"expire_on_commit": False})

if TYPE_CHECKING:
    # What type checkers see as the models' base. At run time it is Flask-SQLAlchemy's db.Model (built
    # dynamically, so mypy cannot use it as a base class); both are declarative bases.
    class Model(DeclarativeBase):
        pass
else:
    Model = db.Model

migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
# Sends the outbox's mail (mail/worker.py); pages never send, they only write to the outbox.
mailer = Mail()


def _sqlite_foreign_keys_on(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def enforce_sqlite_foreign_keys() -> None:
    """SQLite ignores foreign keys (and ON DELETE CASCADE / SET NULL) unless every connection asks.

    Without this, deleting a session would leave its findings behind on SQLite but not on PostgreSQL.
    Called from create_app; registering twice is harmless.
    """
    if not sa.event.contains(Engine, "connect", _sqlite_foreign_keys_on):
        sa.event.listen(Engine, "connect", _sqlite_foreign_keys_on)


# --- ending a request's transaction ------------------------------------------------------------------
#
# psycopg prepares a statement once it has run five times on a connection, which spares PostgreSQL the
# planning of the pages' larger statements (the project's facts: half of their time). But psycopg forgets
# every prepared statement on each ROLLBACK, and a request's session ends with one: at the end of a request
# nothing would ever stay prepared. A transaction that wrote nothing is therefore ended with a COMMIT, which
# is the same for the database; any transaction with a change, or a request that failed, still rolls back.

_WROTE = "rfz_wrote"  # in Session.info: a flush happened in the transaction now open


def _note_flush(session, _flush_context) -> None:
    session.info[_WROTE] = True


def _forget_flush(session, *_args) -> None:
    session.info.pop(_WROTE, None)


def _commit_if_nothing_written(exc: BaseException | None) -> None:
    session = db.session()
    if exc is not None or session.info.get(_WROTE) or session.new or session.dirty or session.deleted:
        return  # Flask-SQLAlchemy's teardown rolls back, as it always did
    transaction = session.get_transaction()
    if transaction is None or not transaction.is_active:
        return
    try:
        session.commit()
    except sa.exc.SQLAlchemyError:
        session.rollback()


def end_transactions_that_wrote_nothing_with_commit(app) -> None:
    """Called from create_app after db.init_app: this teardown runs before Flask-SQLAlchemy's removes the
    session (request teardowns run before the application context's)."""
    for name, listener in (
        ("after_flush", _note_flush),
        ("after_commit", _forget_flush),
        ("after_rollback", _forget_flush),
    ):
        if not sa.event.contains(Session, name, listener):
            sa.event.listen(Session, name, listener)
    app.teardown_request(_commit_if_nothing_written)
