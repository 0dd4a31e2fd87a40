"""The one place the peer exercise hands a score to the grade outbox (:mod:`lti_tool.grades.outbox`, built with the
case studies and assessments): the score is written in the caller's transaction and delivered by the drainers."""

from __future__ import annotations

from datetime import datetime

from ..models import LtiUser, ResourceLink


def enqueue_score(*, link: ResourceLink, user: LtiUser, score_given: float, score_maximum: float,
                  timestamp: datetime, comment: str | None = None) -> None:
    """Queue a completed, fully graded score for ``user`` on ``link``'s line item (committed by the caller)."""
    from ..grades.outbox import enqueue_score as outbox_enqueue

    outbox_enqueue(link, user, score_given, score_maximum, "Completed", "FullyGraded", comment or None,
                   timestamp=timestamp, commit=False)
