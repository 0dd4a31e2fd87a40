"""Registrations and deployments (and the ids of course and link rows provisioning wrote) remembered across
requests, so a launch does not query them every time.

Each process keeps what it looked up, stamped with the registry's generation: a token in the shared store (Redis
when configured) that changes whenever a platform or deployment row is added, changed or removed — a commit that
touched one replaces it (the hook below). A request reads the token once (one shared-store round trip instead of the
database queries) and uses a remembered row only if it carries the current token, so a change made by any process is
seen by every other within ``RECHECK_SECONDS`` (each process reads the token at most that often; the process that
made the change sees it at once). Remembered rows are detached snapshots: read them, never change them.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db
from ..kvstore import shared_store
from ..models import Deployment, Platform

GENERATION_KEY = "registry:generation"
MAX_ENTRIES = 1024
RECHECK_SECONDS = 1.0


class _Entries:
    """One app's remembered lookups: key → (generation token, detached row or None)."""

    def __init__(self) -> None:
        self.rows: dict[tuple, tuple[Any, Any]] = {}
        self.lock = threading.Lock()
        self.token: Any = None
        self.token_read_at = float("-inf")


def _entries() -> _Entries:
    return current_app.extensions.setdefault("fieldschool_registry_cache", _Entries())


def _generation() -> Any:
    """The registry's current token, read from the shared store at most every ``RECHECK_SECONDS``."""
    entries = _entries()
    now = time.monotonic()
    if now - entries.token_read_at >= RECHECK_SECONDS:
        entries.token, entries.token_read_at = shared_store().get(GENERATION_KEY), now
    return entries.token


def remembered(key: tuple, load: Callable[[], Any]) -> Any:
    """The row ``load()`` finds for ``key``, from this process's memory when the registry has not changed since
    (what was not found is looked up again every time)."""
    entries = _entries()
    token = _generation()
    with entries.lock:
        found = entries.rows.get(key)
    if found is not None and found[0] == token:
        return found[1]
    row = load()
    if row is None:
        return None  # not remembered: a registration made a moment ago elsewhere is found at once
    db.session.expunge(row)  # a detached snapshot, its columns loaded: safe to read in any later request
    with entries.lock:
        if len(entries.rows) >= MAX_ENTRIES:
            entries.rows.clear()
        entries.rows[key] = (token, row)
    return row


def remembered_id(key: tuple) -> int | None:
    """A row id remembered with :func:`remember_id`, while the registry has not changed since."""
    entries = _entries()
    token = _generation()
    with entries.lock:
        found = entries.rows.get(key)
    return found[1] if found is not None and found[0] == token else None


def remember_id(key: tuple, row_id: int) -> None:
    """Remember a row id under ``key`` until the registry changes (removing a platform removes its rows)."""
    entries = _entries()
    token = _generation()
    with entries.lock:
        if len(entries.rows) >= MAX_ENTRIES:
            entries.rows.clear()
        entries.rows[key] = (token, row_id)


def registry_changed() -> None:
    """Make every process look registrations and deployments up again (called after a commit that changed one)."""
    token = uuid.uuid4().hex
    shared_store().set(GENERATION_KEY, token)
    entries = _entries()
    with entries.lock:
        entries.rows.clear()
        entries.token, entries.token_read_at = token, time.monotonic()


@event.listens_for(Session, "after_flush")
def _note_registry_writes(session: Session, _flush_context) -> None:
    touched = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(row, Platform | Deployment) for row in touched):
        session.info["registry_changed"] = True


@event.listens_for(Session, "after_commit")
def _publish_registry_writes(session: Session) -> None:
    if session.info.pop("registry_changed", False) and has_app_context():
        registry_changed()


@event.listens_for(Session, "after_rollback")
def _forget_registry_writes(session: Session) -> None:
    session.info.pop("registry_changed", None)
    session.info.pop("provisioned", None)  # rows provisioning wrote are gone with the transaction
