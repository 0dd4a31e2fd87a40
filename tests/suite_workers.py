"""What keeps parallel test processes apart (pytest-xdist workers, and passes of ``make test`` that run side by side):
each PostgreSQL database a test creates is named for its checkout, its pass and its worker, created on demand; each
worker has its own Redis database."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# One set of databases per checkout: other worktrees (whose models may add tables) never share them.
CHECKOUT = hashlib.sha256(str(Path(__file__).resolve().parent).encode()).hexdigest()[:8]


def worker() -> str:
    """``gw0``, ``gw1``… in an xdist worker; empty in a run without workers."""
    return os.environ.get("PYTEST_XDIST_WORKER", "")


def worker_number() -> int:
    name = worker()
    return int(name[2:]) if name.startswith("gw") and name[2:].isdigit() else 0


def suffix() -> str:
    """``_gw0``… in a worker, empty otherwise."""
    return f"_{worker()}" if worker() else ""


def database_name(kind: str) -> str:
    """A database of this checkout, this pass (the pass on PostgreSQL names its own database) and this worker."""
    pass_url = os.environ.get("FIELDSCHOOL_TEST_DATABASE_URL", "")
    tag = hashlib.sha256(pass_url.encode()).hexdigest()[:6] if pass_url else "main"
    return f"fieldschool_{kind}_{CHECKOUT}_{tag}{suffix()}"


def per_worker_database(url: str | None) -> str | None:
    """The database a pass named, one per worker (``<name>_gw0``…)."""
    if not url or not worker():
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + suffix()))


def per_worker_redis(url: str | None) -> str | None:
    """The Redis database a pass named, moved on by the worker's number while Redis has one (16 by default); keys
    carry a prefix of their own test anyway."""
    if not url or not worker():
        return url
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    number = base + worker_number()
    return urlunsplit(parts._replace(path=f"/{number if number < 16 else base}"))


def ensure_postgres_database(url: str) -> bool:
    """Create the PostgreSQL database ``url`` names when it is missing (the server lets the postgres user in).
    False when PostgreSQL does not answer on that address."""
    import psycopg
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = target.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (target.database,)).fetchone():
                conn.execute(f'CREATE DATABASE "{target.database}"')
    except psycopg.OperationalError:
        return False
    return True


def own_postgres_url(kind: str) -> str:
    """The URL of a PostgreSQL database of this checkout, pass and worker on 127.0.0.1, for tests that need
    PostgreSQL even in a pass on SQLite (create it with :func:`ensure_postgres_database`)."""
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{database_name(kind)}"
