"""Flask extensions, created unbound here and bound to an app in create_app."""

import sqlite3
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

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
