"""Automatic release: on links configured for it, grades that became final go to the outbox without the
instructor (checked whenever a review is saved, an instructor grades, or a learner opens the page); and on every link,
an instructor's change to a grade already in the gradebook is released again at once, so the gradebook never keeps
a grade the roster no longer shows."""

from __future__ import annotations

from datetime import datetime

from .grading import load_state
from .release import releasable, release_grades


def maybe_release(page, now: datetime) -> int:
    if not page.settings.auto_release:
        return 0
    state = load_state(page.settings, now)
    ids = releasable(page.item.rubric, state)
    return release_grades(page.item.rubric, state, page.link, None, ids, now) if ids else 0


def rerelease_changed(page, submission_id: int, actor_id: int | None, now: datetime) -> bool:
    """Release ``submission_id`` again if its grade was released before and has changed since (an override, or an
    override cleared). True when a new score went to the outbox."""
    state = load_state(page.settings, now)
    if submission_id not in state.released or submission_id not in releasable(page.item.rubric, state):
        return False
    return release_grades(page.item.rubric, state, page.link, actor_id, [submission_id], now) == 1
