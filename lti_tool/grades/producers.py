"""Scores that become due with time rather than with a request (a peer grade that turns final because the review
deadline passed): each area registers a producer on the app, and the drainer (before every pass) and
``fieldschool grades flush`` run them, so such a score reaches the outbox without anyone opening a page, and no
GET request ever writes one."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from flask import Flask, current_app

from ..extensions import db
from ..models import utcnow

log = logging.getLogger("lti_tool.grades")
Producer = Callable[[datetime], int]  # puts the scores due at ``now`` in the outbox; returns how many
_KEY = "fieldschool_score_producers"


def register(app: Flask, producer: Producer) -> None:
    """Run ``producer`` before each drain pass of ``app``'s drainer and in ``grades flush``."""
    app.extensions.setdefault(_KEY, []).append(producer)


def run(now: datetime | None = None) -> int:
    """Run the current app's producers; one failing is logged and rolled back, the others still run."""
    now = now or utcnow()
    produced = 0
    for producer in current_app.extensions.get(_KEY, []):
        try:
            produced += producer(now)
        except Exception:  # a broken link must not stop every other score; the next pass tries again
            db.session.rollback()
            log.exception("score producer %s failed", getattr(producer, "__name__", producer))
    return produced
