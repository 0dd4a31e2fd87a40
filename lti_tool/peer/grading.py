"""From reviews to grades (the core's median, override, disagreement flag and reviewing credit), the instructor's
rubric grade and override with its audit trail, and each learner's state for the instructor's roster."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from curriculum.model import Rubric
from curriculum.peer.aggregation import (
    PeerGrade,
    aggregate_reviews,
    agreement_with_consensus,
    combine_grade,
    reviewing_credit,
)
from curriculum.peer.workflow import (
    LearnerStatus,
    learner_status,
    peer_grade_ready,
    pool_for_learner,
    reviews_to_receive,
)
from curriculum.rubrics import InvalidReview, validate_review

from ..extensions import db
from ..models import utcnow
from .models import (
    DONE,
    INSTRUCTOR_REVIEW,
    LEASED,
    PEER,
    PeerAssignment,
    PeerAudit,
    PeerGradeRecord,
    PeerReview,
    PeerSubmission,
)
from .settings import PeerSettings, policy_of

INSTRUCTOR_GRADE_REASON = "instructor grade"


@dataclass
class SubmissionGrade:
    """A submission's grade as it stands now; ``grade`` is None until there is one."""

    submission_id: int
    grade: PeerGrade | None
    flagged: bool
    reviewing: float | None
    final: float | None  # fraction 0-1, reviewing credit included when configured


@dataclass
class LinkState:
    """Everything the instructor's pages need about a link, loaded in a few queries."""

    settings: PeerSettings
    submissions: dict[int, PeerSubmission]  # by user id
    peer_reviews: dict[int, list[PeerReview]]  # by submission id
    instructor_reviews: dict[int, PeerReview]
    given: dict[int, list[PeerReview]]  # peer reviews by reviewer id
    leases: dict[int, list[PeerAssignment]]  # active leases by reviewer
    released: dict[int, PeerGradeRecord]
    pool: int
    now: datetime
    grades: dict[int, SubmissionGrade] = field(default_factory=dict)

    def pool_for(self, user_id: int) -> int:
        """The pool size that sets this learner's requirements: as it stood when their grade was first reached
        (:func:`curriculum.peer.workflow.pool_for_learner`), so later submissions never withdraw it."""
        submission = self.submissions.get(user_id)
        if submission is None or not submission.submitted:
            return self.pool
        joined = [s.submitted_at for s in self.submissions.values() if s.submitted and s.submitted_at is not None]
        received = [r.created_at for r in self.peer_reviews.get(submission.id, [])]
        return pool_for_learner(self.settings.reviews_required, joined, received)


def load_state(settings: PeerSettings, now: datetime | None = None) -> LinkState:
    now = now or utcnow()
    link_id = settings.resource_link_id
    subs = db.session.scalars(select(PeerSubmission).filter_by(resource_link_id=link_id)).all()
    by_id = {s.id: s for s in subs}
    reviews = db.session.scalars(select(PeerReview).where(PeerReview.submission_id.in_(list(by_id)))).all() \
        if by_id else []
    peer, instructor, given = defaultdict(list), {}, defaultdict(list)
    for review in reviews:
        if review.kind == PEER:
            peer[review.submission_id].append(review)
            given[review.reviewer_id].append(review)
        elif review.kind == INSTRUCTOR_REVIEW:
            instructor[review.submission_id] = review
    leases = defaultdict(list)
    for lease in db.session.scalars(select(PeerAssignment).where(
            PeerAssignment.resource_link_id == link_id, PeerAssignment.status == LEASED,
            PeerAssignment.expires_at > now)):
        leases[lease.reviewer_id].append(lease)
    released = {r.submission_id: r for r in db.session.scalars(select(PeerGradeRecord).where(
        PeerGradeRecord.submission_id.in_(list(by_id))))} if by_id else {}
    pool = sum(1 for s in subs if s.submitted)
    return LinkState(settings, {s.user_id: s for s in subs}, peer, instructor, given, leases, released, pool, now)


def grade_submission(rubric: Rubric, state: LinkState, submission: PeerSubmission) -> SubmissionGrade:
    """The core's aggregate over the peers' reviews, replaced by the instructor's grade when there is one."""
    if submission.id in state.grades:
        return state.grades[submission.id]
    policy = policy_of(state.settings)
    levels = [r.levels for r in state.peer_reviews.get(submission.id, [])]
    instructor = state.instructor_reviews.get(submission.id)
    peers = aggregate_reviews(rubric, levels) if levels else None
    grade = None
    if instructor is not None:
        grade = aggregate_reviews(rubric, levels, override=instructor.levels,
                                  override_reason=instructor.reason or INSTRUCTOR_GRADE_REASON)
    elif peers is not None and peer_grade_ready(policy, len(levels), state.pool_for(submission.user_id),
                                                 state.now):
        grade = peers
    flagged = bool(peers and peers.disagreement)
    reviewing = _reviewing_credit(rubric, state, submission.user_id)
    final = None
    if grade is not None:
        final = combine_grade(grade.score, reviewing, state.settings.reviewing_weight)
    result = SubmissionGrade(submission.id, grade, flagged, reviewing, final)
    state.grades[submission.id] = result
    return result


def submission_breakdown(rubric: Rubric, submission: PeerSubmission) -> PeerGrade | None:
    """Points per criterion of one submission (the peers' median, or the instructor's grade), without loading the
    whole class: what the learner's own page shows next to the released grade."""
    reviews = db.session.scalars(select(PeerReview).filter_by(submission_id=submission.id)).all()
    levels = [r.levels for r in reviews if r.kind == PEER]
    instructor = next((r for r in reviews if r.kind == INSTRUCTOR_REVIEW), None)
    if instructor is not None:
        return aggregate_reviews(rubric, levels, override=instructor.levels,
                                 override_reason=instructor.reason or INSTRUCTOR_GRADE_REASON)
    return aggregate_reviews(rubric, levels) if levels else None


def _reviewing_credit(rubric: Rubric, state: LinkState, user_id: int) -> float | None:
    if state.settings.reviewing_weight <= 0:
        return None
    # what reviewers are asked for while reviewing is open (the deadline closing it does not lower it)
    required = 0 if state.settings.reviews_required == 0 else reviews_to_receive(policy_of(state.settings),
                                                                                 state.pool_for(user_id))
    agreements = []
    for review in state.given.get(user_id, []):
        levels = [r.levels for r in state.peer_reviews.get(review.submission_id, [])]
        consensus = aggregate_reviews(rubric, levels) if len(levels) > 1 else None
        if consensus is not None:
            agreements.append(agreement_with_consensus(rubric, review.levels, consensus))
    return reviewing_credit(required, len(state.given.get(user_id, [])), agreements)


def status_of(state: LinkState, user_id: int, reviewable: int = 1) -> LearnerStatus:
    submission = state.submissions.get(user_id)
    submitted = bool(submission and submission.submitted)
    return learner_status(
        policy_of(state.settings), submitted=submitted, reviews_given=len(state.given.get(user_id, [])),
        reviews_received=len(state.peer_reviews.get(submission.id, [])) if submission else 0,
        submissions_in_pool=state.pool_for(user_id),
        instructor_graded=bool(submission and submission.id in state.instructor_reviews), now=state.now,
        reviewable_now=reviewable)


def reviewable_counts(state: LinkState) -> dict[int, int]:
    """How many submissions each submitted learner could review right now (for the 'stuck' rule): the other
    submissions, minus their own group's when excluded, minus those they reviewed or hold. Linear in the class."""
    submitted = [s for s in state.submissions.values() if s.submitted]
    by_id = {s.id: s for s in submitted}
    exclude = state.settings.exclude_same_group
    group_size = Counter(s.group for s in submitted if s.group)
    taken = defaultdict(set)
    for reviewer, reviews in state.given.items():
        taken[reviewer].update(r.submission_id for r in reviews)
    for reviewer, leases in state.leases.items():
        taken[reviewer].update(a.submission_id for a in leases)
    counts = {}
    for sub in submitted:
        same_group = exclude and sub.group
        pool = len(submitted) - 1 - ((group_size[sub.group] - 1) if same_group else 0)
        used = sum(1 for sid in taken[sub.user_id] if sid in by_id and sid != sub.id
                   and not (same_group and by_id[sid].group == sub.group))
        counts[sub.user_id] = max(0, pool - used)
    return counts


def audit(link_id: int, action: str, actor_id: int | None, submission_id: int | None = None, reason: str = "",
          **detail) -> None:
    db.session.add(PeerAudit(resource_link_id=link_id, submission_id=submission_id, actor_id=actor_id,
                             action=action, reason=reason, detail_json=json.dumps(detail, sort_keys=True)))


def instructor_grade(rubric: Rubric, submission: PeerSubmission, actor_id: int, levels: dict[str, int],
                     comments: dict[str, str], overall: str, reason: str, peer_reviews: int) -> PeerReview:
    """Grade with the rubric. When peers have reviewed, this overrides their grade and needs a reason; the old
    and new levels and the reason go to the audit trail."""
    validate_review(rubric, levels)
    reason = reason.strip()
    if peer_reviews and not reason:
        raise InvalidReview("an override of the peers' grade needs a reason")
    now = utcnow()
    row = db.session.scalars(select(PeerReview).filter_by(submission_id=submission.id,
                                                          kind=INSTRUCTOR_REVIEW)).first()
    previous = row.levels if row else None
    if row is None:
        row = PeerReview(submission_id=submission.id, reviewer_id=actor_id, kind=INSTRUCTOR_REVIEW, created_at=now)
        db.session.add(row)
    row.reviewer_id = actor_id
    row.version = submission.current_version
    row.levels_json, row.comments_json = json.dumps(levels), json.dumps(comments)
    row.overall, row.reason, row.updated_at = overall, reason, now
    audit(submission.resource_link_id, "override" if peer_reviews else "grade", actor_id, submission.id, reason,
          levels=levels, previous=previous)
    db.session.commit()
    return row


def clear_instructor_grade(submission: PeerSubmission, actor_id: int, reason: str) -> bool:
    row = db.session.scalars(select(PeerReview).filter_by(submission_id=submission.id,
                                                          kind=INSTRUCTOR_REVIEW)).first()
    if row is None:
        return False
    audit(submission.resource_link_id, "clear_override", actor_id, submission.id, reason.strip(),
          previous=row.levels)
    db.session.delete(row)
    db.session.commit()
    return True


def audit_trail(link_id: int, submission_id: int | None = None) -> list[PeerAudit]:
    query = select(PeerAudit).filter_by(resource_link_id=link_id)
    if submission_id is not None:
        query = query.filter_by(submission_id=submission_id)
    return list(db.session.scalars(query.order_by(PeerAudit.created_at, PeerAudit.id)))


def done_count(link_id: int) -> int:
    from sqlalchemy import func

    return db.session.scalar(select(func.count(PeerAssignment.id)).filter_by(resource_link_id=link_id,
                                                                             status=DONE)) or 0
