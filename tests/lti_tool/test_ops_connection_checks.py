"""Pooled PostgreSQL connections are pinged before use only when they sat idle (lti_tool/ops/connection_checks.py):
a busy connection costs no extra round trip, an idle one that the server closed is replaced before a request uses
it. PostgreSQL only: the pass's database (FIELDSCHOOL_TEST_DATABASE_URL) or, run alone on SQLite, one of its own."""

from __future__ import annotations

import time

import pytest
from lti_live import DATABASE_URL, make_app
from sqlalchemy import text

from lti_tool.extensions import db
from tests import suite_workers

pytestmark = pytest.mark.database("postgresql")  # the pass on PostgreSQL runs it (where it also meets Redis)

PG_URL = DATABASE_URL if (DATABASE_URL or "").startswith("postgres") else suite_workers.own_postgres_url("lti7")


@pytest.fixture(autouse=True)
def _postgres():
    if not suite_workers.ensure_postgres_database(PG_URL):
        pytest.skip("needs PostgreSQL on 127.0.0.1:5432")


def _counting_pings(engine, monkeypatch) -> list[int]:
    pings: list[int] = []
    original = engine.dialect.do_ping

    def counted(dbapi_connection):
        pings.append(1)
        return original(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return pings


def _backend_pid(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_a_connection_used_a_moment_ago_is_not_pinged(tmp_path, monkeypatch):
    app = make_app(tmp_path, DATABASE_URL=PG_URL, DB_PING_IDLE_SECONDS=60)
    with app.app_context():
        engine = db.engine
        pings = _counting_pings(engine, monkeypatch)
        first = _backend_pid(engine)
        assert _backend_pid(engine) == first  # the same pooled connection, checked out again
        assert pings == []
        engine.dispose()


def test_an_idle_connection_the_server_closed_is_replaced_before_use(tmp_path, monkeypatch):
    app = make_app(tmp_path, DATABASE_URL=PG_URL, DB_PING_IDLE_SECONDS=0.05)
    with app.app_context():
        engine = db.engine
        pings = _counting_pings(engine, monkeypatch)
        second = engine.connect()  # held, so that the pool keeps a second connection
        stale = _backend_pid(engine)  # the first connection, back in the pool
        second.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": stale})  # the server closes it
        second.commit()
        second.close()
        time.sleep(0.2)
        with engine.connect() as first, engine.connect() as second:  # the dead one among them: no error
            pids = {conn.execute(text("SELECT pg_backend_pid()")).scalar_one() for conn in (first, second)}
        assert stale not in pids and len(pids) == 2  # the ping found it dead; the pool replaced it
        assert pings
        engine.dispose()
