"""The background drainer: one daemon thread per process that delivers due scores, woken at once when a score is
enqueued in this process and otherwise every ``GRADE_POLL_SECONDS``. It starts with the first request a process
serves (so gunicorn workers forked after the app was built each get their own, and CLI commands start none)."""

from __future__ import annotations

import logging
import os
import threading

from flask import Flask

from ..extensions import db
from ..ops import metrics
from . import outbox, producers

log = logging.getLogger("lti_tool.grades")
_started: dict[int, tuple[Flask, threading.Thread]] = {}
_lock = threading.Lock()


def enabled(app: Flask) -> bool:
    setting = app.config.get("GRADE_DRAINER")
    return (not app.config.get("TESTING")) if setting is None else bool(setting)


def _run(app: Flask, stop: threading.Event) -> None:
    worker = "drainer"  # the claim token adds this process's machine, boot, pid and start time
    poll = float(app.config["GRADE_POLL_SECONDS"])
    while not stop.is_set():
        busy = False
        try:
            with app.app_context():
                try:
                    producers.run()  # scores that became due with time (a deadline passed) join the outbox first
                    report = outbox.drain(worker=worker)
                    busy = report.claimed > 0
                finally:
                    db.session.remove()
        except Exception:  # keep draining whatever one pass ran into; the next pass starts clean
            log.exception("grade drainer pass failed")
        else:
            metrics.drainer_heartbeat()
        if not busy:
            outbox.wait_for_work(app, poll)


def start(app: Flask) -> threading.Thread | None:
    """Start this process's drainer for ``app`` if configured and not yet running. Returns the thread."""
    if not enabled(app):
        return None
    key = id(app) ^ os.getpid()
    with _lock:
        running = _started.get(key)
        if running is not None and running[1].is_alive():
            return running[1]
        stop = threading.Event()
        thread = threading.Thread(target=_run, args=(app, stop), name="grade-drainer", daemon=True)
        thread.stop = stop  # type: ignore[attr-defined]
        _started[key] = (app, thread)
        thread.start()
        return thread


def stop_all() -> None:
    """Stop every drainer this process started (tests)."""
    with _lock:
        running = list(_started.values())
        _started.clear()
    for app, thread in running:
        thread.stop.set()  # type: ignore[attr-defined]
        outbox.wake(app)
    for _app, thread in running:
        thread.join(timeout=10)


def install(app: Flask) -> None:
    """Hook the drainer onto the app: started by the first request each process serves."""
    if not enabled(app):
        return

    @app.before_request
    def _ensure_drainer() -> None:
        start(app)
