"""Readiness: the checks ``/readyz`` runs (database, Redis when configured, the signing key, migrations at head).

Each check is one cheap query or call and returns ``None`` when fine, else a short reason (no secrets, no personal
data) that the 503 answer names. Checks that need the database are skipped when the database itself fails.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from flask import current_app
from sqlalchemy import text

from ..extensions import db

OK = "ok"
SKIPPED = "skipped"


@lru_cache(maxsize=8)
def migration_heads(directory: str) -> frozenset[str]:
    """The revisions the shipped migrations end at (read once: the scripts do not change while running)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", directory)
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def check_database() -> str | None:
    db.session.execute(text("SELECT 1"))
    return None


def check_redis() -> str | None:
    if current_app.config.get("REDIS_URL"):  # else the store lives in this process and is always there
        current_app.extensions["fieldschool_store"].ping()
    return None


def check_signing_key() -> str | None:
    from ..lti.keys import usable_signing_key

    return None if usable_signing_key() else "no usable signing key (run 'fieldschool db upgrade' / 'serve')"


def check_migrations() -> str | None:
    heads = migration_heads(current_app.extensions["migrate"].directory)
    try:
        applied = set(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except Exception:  # no alembic_version table: never migrated
        db.session.rollback()
        applied = set()
    if applied != set(heads):
        return f"database at {sorted(applied) or 'no revision'}, code at {sorted(heads)}; run 'fieldschool db upgrade'"
    return None


# (name, check, needs the database)
CHECKS: tuple[tuple[str, Callable[[], str | None], bool], ...] = (
    ("database", check_database, False),
    ("redis", check_redis, False),
    ("signing_key", check_signing_key, True),
    ("migrations", check_migrations, True),
)


def readiness() -> tuple[bool, dict[str, str]]:
    """(ready?, {check name: "ok" | "skipped" | reason}). Never raises."""
    results: dict[str, str] = {}
    for name, check, needs_db in CHECKS:
        if needs_db and results.get("database") != OK:
            results[name] = SKIPPED
            continue
        try:
            problem = check()
        except Exception as exc:  # the reason names the kind of failure, not its (possibly secret-bearing) text
            db.session.rollback()
            problem = f"unavailable ({exc.__class__.__name__})"
        results[name] = problem or OK
    db.session.remove()
    return all(v == OK for v in results.values()), results
