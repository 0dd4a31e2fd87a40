"""Due-date behaviour shared by the graded blocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from curriculum.deadlines import deadline_passed

CLOSE = "close"
ACCEPT_LATE = "accept_late"
DUE_BEHAVIOURS = (CLOSE, ACCEPT_LATE)


def due_at(block) -> datetime | None:
    """The due date the LMS gives the block (inherited from its subsection) plus the course's grace period, or None.

    Only timezone-aware dates count: the LMS's always are, while the workbench stamps a naive "now" on every
    block it renders, which is not a deadline anyone set.
    """
    due = getattr(block, "due", None)
    if not isinstance(due, datetime) or due.tzinfo is None:
        return None
    grace = getattr(block, "graceperiod", None)  # the course's grace period, inherited like the due date
    if isinstance(grace, timedelta):
        due = due + grace
    return due


def past_due(block, now: datetime | None = None) -> bool:
    """Whether the block's due date plus the course's grace period (:func:`due_at`) has passed: the core's rule
    (:func:`curriculum.deadlines.deadline_passed`), as the peer exercise's deadlines under it."""
    return deadline_passed(due_at(block), now or datetime.now(UTC))


def closed(block) -> bool:
    """Past due and the author chose to close the activity then."""
    return past_due(block) and getattr(block, "due_behaviour", CLOSE) == CLOSE


def correctness_shown(block) -> bool:
    """Open edX's inherited "Show correctness" setting: ``always`` (the default), ``past_due`` (once the due date
    and grace period have passed) or ``never``. Scores, verdicts and explanations follow it."""
    setting = getattr(block, "show_correctness", "always") or "always"
    if setting == "never":
        return False
    if setting == "past_due":
        return past_due(block)
    return True
