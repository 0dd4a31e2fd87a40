"""Automatic release: on links configured for it, grades that became final go to the outbox without the
instructor (checked whenever a review is saved, an instructor grades, or a learner opens the page)."""

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
