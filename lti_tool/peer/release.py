"""Releasing grades to the gradebook: each final grade is written to the grade outbox (durable, retried, delivered
to the platform's AGS endpoint by the outbox's drainers) and recorded as released, with an audit entry."""

from __future__ import annotations

from datetime import datetime

from curriculum.model import Rubric

from ..extensions import db
from ..grades import SCORE_MAXIMUM
from ..models import LtiUser, ResourceLink, utcnow
from . import outbox_bridge
from .grading import LinkState, audit, grade_submission
from .models import PeerGradeRecord


def releasable(rubric: Rubric, state: LinkState) -> list[int]:
    """Submissions whose current final grade differs from what was released (or was never released)."""
    ids = []
    for submission in state.submissions.values():
        if not submission.submitted:
            continue
        grade = grade_submission(rubric, state, submission)
        record = state.released.get(submission.id)
        if grade.final is not None and (record is None or abs(record.score - grade.final) > 1e-9):
            ids.append(submission.id)
    return ids


def release_grades(rubric: Rubric, state: LinkState, link: ResourceLink, actor_id: int | None,
                   submission_ids: list[int] | None = None, now: datetime | None = None) -> int:
    """Put the grades of ``submission_ids`` (default: every releasable one) into the outbox. Returns how many."""
    now = now or utcnow()
    wanted = set(releasable(rubric, state)) if submission_ids is None else set(submission_ids)
    by_id = {s.id: s for s in state.submissions.values()}
    released = 0
    for submission_id in sorted(wanted):
        submission = by_id.get(submission_id)
        if submission is None or not submission.submitted:
            continue
        grade = grade_submission(rubric, state, submission)
        if grade.final is None:
            continue
        user = db.session.get(LtiUser, submission.user_id)
        record = state.released.get(submission_id)
        if record is None:
            record = PeerGradeRecord(submission_id=submission_id, score=grade.final,
                                     submission_score=grade.grade.score, released_at=now)
            db.session.add(record)
            state.released[submission_id] = record
        record.score, record.submission_score = grade.final, grade.grade.score
        record.reviewing_score, record.released_at, record.released_by = grade.reviewing, now, actor_id
        outbox_bridge.enqueue_score(link=link, user=user, score_given=round(grade.final * SCORE_MAXIMUM, 4),
                                    score_maximum=SCORE_MAXIMUM, timestamp=now,
                                    comment=None)
        audit(link.id, "release", actor_id, submission_id, score=grade.final)
        released += 1
    db.session.commit()
    return released
