"""Assessments for a learner: attempts in a stable shuffled order, graded on the server by the core, the kept score
(best or last, per link) sent to the gradebook through the grade outbox."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from curriculum import Assessment
from curriculum.model import QuestionType
from curriculum.reveal import answers_revealed
from curriculum.scoring import attempts_left, grade_attempt, kept_score, question_order, validate_responses

from ..activity_models import BEST, LAST, ActivitySetting, AssessmentAttempt
from ..extensions import db
from ..grades import outbox
from ..models import LEARNER, Membership, ResourceLink, utcnow

POLICIES = (BEST, LAST)


class AttemptRefused(Exception):
    """An attempt that cannot be taken: ``reason`` is 'used-up' (no attempts left) or 'stale' (this attempt number
    was already submitted, e.g. from another tab)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def score_policy(link_id: int) -> str:
    setting = db.session.get(ActivitySetting, link_id)
    return setting.score_policy if setting else BEST


def attempts(link_id: int, user_id: int) -> list[AssessmentAttempt]:
    return list(db.session.scalars(select(AssessmentAttempt).filter_by(resource_link_id=link_id, user_id=user_id)
                                   .order_by(AssessmentAttempt.number)))


def attempt(link_id: int, user_id: int, number: int) -> AssessmentAttempt | None:
    return db.session.scalars(select(AssessmentAttempt).filter_by(resource_link_id=link_id, user_id=user_id,
                                                                  number=number)).first()


@dataclass
class Standing:
    """Where a learner is: attempts used, how many remain (None: unlimited), the score that counts (0-1), and whether
    explanations may show (:func:`curriculum.reveal.answers_revealed`: only when no attempt will follow)."""

    used: int
    left: int | None
    kept: float | None
    policy: str
    answers_revealed: bool = False

    @property
    def can_attempt(self) -> bool:
        return self.left is None or self.left > 0


def standing(assessment: Assessment, link_id: int, user_id: int) -> Standing:
    done = attempts(link_id, user_id)
    policy = score_policy(link_id)
    return Standing(len(done), attempts_left(assessment, len(done)), kept_score([a.score for a in done], policy),
                    policy, answers_revealed(assessment, len(done)))


def order_for(assessment: Assessment, user_id: int, number: int) -> list[str]:
    """The question order of a learner's attempt: stable for (learner, attempt), different between attempts."""
    return question_order(assessment, f"{user_id}:{number}")


def responses_from_form(assessment: Assessment, form: MultiDict) -> dict:
    """Raw responses from the submitted form (``q-<question id>`` fields); unanswered questions are left out."""
    responses: dict = {}
    for question in assessment.questions:
        name = f"q-{question.id}"
        if question.type is QuestionType.MULTIPLE_CHOICE:
            values = [v for v in form.getlist(name) if v]
            if values:
                responses[question.id] = values
        else:
            value = form.get(name, "").strip()
            if value:
                responses[question.id] = value
    return responses


def _progress(assessment: Assessment, used: int) -> str:
    return "Completed" if attempts_left(assessment, used) == 0 else "Submitted"


def _enqueue_kept(link: ResourceLink, user_id: int, assessment: Assessment, done: list[AssessmentAttempt],
                  policy: str) -> None:
    kept = kept_score([a.score for a in done], policy)
    if kept is None:
        return
    outbox.enqueue_score(link, user_id, round(kept * assessment.max_points, 6), assessment.max_points,
                         _progress(assessment, len(done)), "FullyGraded", commit=False)


def submit(assessment: Assessment, link: ResourceLink, user_id: int, number: int, responses: dict, language: str,
           send_score: bool) -> AssessmentAttempt:
    """Grade and store attempt ``number`` and (for a learner) send the kept score, in one transaction.

    Raises :class:`curriculum.scoring.InvalidResponse` for malformed answers and :class:`AttemptRefused` when the
    attempt is not the learner's next one or none is left.
    """
    validate_responses(assessment, responses)
    done = attempts(link.id, user_id)
    if number != len(done) + 1:
        raise AttemptRefused("stale")
    if attempts_left(assessment, len(done)) == 0:
        raise AttemptRefused("used-up")
    result = grade_attempt(assessment, responses)
    row = AssessmentAttempt(
        resource_link_id=link.id, user_id=user_id, item_id=assessment.id, number=number, language=language,
        order_json=json.dumps(order_for(assessment, user_id, number)), responses_json=json.dumps(responses),
        results_json=json.dumps({r.question_id: {"correct": r.correct, "points": r.points, "max": r.max_points,
                                                  "answered": r.answered} for r in result.questions}),
        points=result.points, max_points=result.max_points, score=result.score, passed=result.passed,
        submitted_at=utcnow())
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the same attempt submitted twice at once: the first one counts
        db.session.rollback()
        raise AttemptRefused("stale") from exc
    if send_score:
        _enqueue_kept(link, user_id, assessment, [*done, row], score_policy(link.id))
    db.session.commit()
    return row


def set_policy(assessment: Assessment, link: ResourceLink, policy: str) -> int:
    """Change which attempt counts on this link; learners whose kept score changes get it resent. Returns how many
    scores were queued."""
    if policy not in POLICIES:
        raise ValueError(policy)
    setting = db.session.get(ActivitySetting, link.id)
    old = setting.score_policy if setting else BEST
    if setting is None:
        setting = ActivitySetting(resource_link_id=link.id)
        db.session.add(setting)
    setting.score_policy, setting.updated_at = policy, utcnow()
    queued = 0
    if policy != old:
        learners = select(Membership.user_id).where(Membership.context_id == link.context_id,
                                                    Membership.role == LEARNER)
        user_ids = db.session.scalars(select(AssessmentAttempt.user_id).where(
            AssessmentAttempt.resource_link_id == link.id, AssessmentAttempt.user_id.in_(learners)).distinct())
        for user_id in list(user_ids):
            done = attempts(link.id, user_id)
            scores = [a.score for a in done]
            if kept_score(scores, policy) != kept_score(scores, old):
                _enqueue_kept(link, user_id, assessment, done, policy)
                queued += 1
    db.session.commit()
    return queued
