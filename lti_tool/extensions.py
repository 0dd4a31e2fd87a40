"""Flask extensions, created unbound here and initialised by the app factory."""

from __future__ import annotations

from flask_babel import Babel
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()


def reads_outside_a_transaction() -> None:
    """Let the rest of this request's reads run outside a transaction on PostgreSQL (autocommit), for a GET that
    only reads: each statement then sees its own snapshot, as it does inside a READ COMMITTED transaction anyway,
    and the request saves the BEGIN and ROLLBACK round trips around its reads. Nothing changes where the session
    already holds a connection (it keeps its transaction) or on other databases."""
    session = db.session()
    if session.in_transaction() or session.get_bind().dialect.name != "postgresql":
        return
    session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
