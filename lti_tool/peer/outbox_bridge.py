"""The one place the peer exercise hands a score to the grade outbox (built with the case studies and
assessments): everything else in the peer package stays independent of how the outbox stores and delivers."""

from __future__ import annotations

from datetime import datetime

from ..models import LtiUser, ResourceLink


def enqueue_score(*, link: ResourceLink, user: LtiUser, score_given: float, score_maximum: float,
                  timestamp: datetime, comment: str, key: str) -> None:
    """Queue a fully graded, completed score for ``user`` on ``link``'s line item, in the caller's transaction."""
    from ..services import outbox  # noqa: F401  (arrives with the grade outbox)

    raise NotImplementedError("grade outbox not merged yet")
