"""Checking pooled PostgreSQL connections before use, only when they may have gone stale.

SQLAlchemy's ``pool_pre_ping`` costs a round trip on every checkout, i.e. on every request that touches the
database (a launch's provisioning is otherwise one round trip). Here a connection is pinged when it has sat unused
in the pool longer than ``DB_PING_IDLE_SECONDS`` (0: before every use, as ``pool_pre_ping`` does): those are the
ones a server restart, a failover or an idle timeout has had time to close. A dead connection found by the ping is
replaced before the request uses it (SQLAlchemy's pessimistic disconnect handling). One that died within the idle
window fails the statement that uses it; SQLAlchemy then discards every connection of that pool, so one request
per process sees the error instead of none."""

from __future__ import annotations

import time

from flask import Flask
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

_LAST_USED = "fieldschool_last_checkin"


def install(app: Flask, engine: Engine) -> None:
    """Ping ``engine``'s connections at checkout when idle longer than the app's ``DB_PING_IDLE_SECONDS``."""
    idle = float(app.config.get("DB_PING_IDLE_SECONDS") or 0)

    @event.listens_for(engine, "checkin")
    def _note_last_use(dbapi_connection, record) -> None:
        record.info[_LAST_USED] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, proxy) -> None:
        last = record.info.get(_LAST_USED)
        if last is None or time.monotonic() - last <= idle:
            return  # a new connection, or one used a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # the pool replaces it with a new connection and tries again
            raise exc.DisconnectionError(f"stale pooled connection: {error}") from error
