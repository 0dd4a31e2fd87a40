"""From reviews to grades (the core's median, override, disagreement flag and reviewing credit), the instructor's
rubric grade and override with its audit trail, and each learner's state for the instructor's roster."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Set
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from sqlalchemy import select

from curriculum.model import Rubric, RubricCriterion
from curriculum.peer.aggregation import PeerGrade
from curriculum.peer.allocation import Candidate, Submission, unreachable_submissions
from curriculum.peer.allocation import reviewable_counts as core_reviewable_counts
from curriculum.peer.grading import GivenReview, Override, breakdown, learner_grade
from curriculum.peer.workflow import LearnerStatus, learner_status, pool_for_learner, reviews_to_receive
from curriculum.rubrics import InvalidReview, validate_review

from ..extensions import db
from ..models import utcnow
from .models import (
    INSTRUCTOR_REVIEW,
    LEASED,
    PEER,
    PeerAssignment,
    PeerAudit,
    PeerGradeRecord,
    PeerReview,
    PeerSubmission,
)
from .rubric_versions import Rubrics, remember
from .settings import PeerSettings, policy_of


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
    _rubrics: Rubrics | None = field(default=None, repr=False, compare=False)

    def rubrics(self, current: Rubric) -> Rubrics:
        """The rubrics this link's reviews were given under (loaded once per state)."""
        if self._rubrics is None or self._rubrics.current is not current:
            reviews = [r for rows in self.peer_reviews.values() for r in rows]
            self._rubrics = Rubrics(current, [*reviews, *self.instructor_reviews.values()])
        return self._rubrics

    def pool_for(self, user_id: int) -> int:
        """The pool size that sets this learner's requirements: as it stood when their grade was first reached
        (:func:`curriculum.peer.workflow.pool_for_learner`), so later submissions never withdraw it."""
        submission = self.submissions.get(user_id)
        if submission is None or not submission.submitted:
            return self.pool
        received = [r.created_at for r in self.peer_reviews.get(submission.id, [])]
        return pool_for_learner(self.settings.reviews_required, self.joined_at, received)

    @cached_property
    def joined_at(self) -> list[datetime]:
        """When each submission in the pool was first submitted, in order: gathered once per state, not once per
        learner (a roster of 5,000 asks 5,000 times)."""
        return sorted(s.submitted_at for s in self.submissions.values() if s.submitted and s.submitted_at is not None)


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
    """The core's grade of this learner (:func:`curriculum.peer.grading.learner_grade`): the instructor's grade when
    there is one, else the peers' once ready, blended with the reviewing credit when configured."""
    if submission.id in state.grades:
        return state.grades[submission.id]
    instructor = state.instructor_reviews.get(submission.id)
    rubrics = state.rubrics(rubric)
    given = [GivenReview(rubrics.review(review),
                         [rubrics.review(r) for r in state.peer_reviews.get(review.submission_id, [])])
             for review in state.given.get(submission.user_id, [])]
    found = learner_grade(
        policy_of(state.settings), rubric,
        received=[rubrics.review(r) for r in state.peer_reviews.get(submission.id, [])],
        pool=state.pool_for(submission.user_id), now=state.now,
        override=Override(rubrics.review(instructor), instructor.reason or "") if instructor is not None else None,
        given=given, reviewing_weight=state.settings.reviewing_weight)
    result = SubmissionGrade(submission.id, found.grade, found.flagged, found.reviewing, found.final)
    state.grades[submission.id] = result
    return result


@dataclass(frozen=True)
class Breakdown:
    """A submission's grade per criterion: ``criteria`` are those of the rubric the breakdown refers to (the one
    its reviews were given under), empty when the grade has no breakdown (reviews under several rubric versions);
    ``rubrics`` are the rubrics its reviews were given under, for showing them without asking again."""

    grade: PeerGrade | None
    criteria: tuple[RubricCriterion, ...]
    rubrics: Rubrics


def submission_breakdown(rubric: Rubric, submission: PeerSubmission) -> Breakdown:
    """Points per criterion of one submission (the peers' median, or the instructor's grade), without loading the
    whole class: what the learner's own page shows next to the released grade."""
    reviews = db.session.scalars(select(PeerReview).filter_by(submission_id=submission.id)).all()
    rubrics = Rubrics(rubric, reviews)
    received = [rubrics.review(r) for r in reviews if r.kind == PEER]
    instructor = next((r for r in reviews if r.kind == INSTRUCTOR_REVIEW), None)
    override = Override(rubrics.review(instructor), instructor.reason or "") if instructor is not None else None
    grade, graded_rubric, _overridden = breakdown(rubric, received, override)
    criteria = tuple(c for c in graded_rubric.criteria if c.id in grade.criteria) if grade is not None else ()
    return Breakdown(grade, criteria, rubrics)


def status_of(state: LinkState, user_id: int, reviewable: int = 1,
              unreachable: Set[int] = frozenset()) -> LearnerStatus:
    """The learner's state; ``reviewable`` and ``unreachable`` come from :func:`reviewable_counts` and
    :func:`unreachable_ids` (the instructor's 'stuck' filter)."""
    submission = state.submissions.get(user_id)
    submitted = bool(submission and submission.submitted)
    return learner_status(
        policy_of(state.settings), submitted=submitted, reviews_given=len(state.given.get(user_id, [])),
        reviews_received=len(state.peer_reviews.get(submission.id, [])) if submission else 0,
        submissions_in_pool=state.pool_for(user_id),
        instructor_graded=bool(submission and submission.id in state.instructor_reviews), now=state.now,
        reviewable_now=reviewable, unreachable=bool(submission and submission.id in unreachable))


def pool_candidates(state: LinkState) -> list[Candidate]:
    """The submitted submissions as the core's allocation sees them (reviews done, leases in flight, by whom)."""
    leased: dict[int, set[int]] = defaultdict(set)
    for reviewer, leases in state.leases.items():
        for lease in leases:
            leased[lease.submission_id].add(reviewer)
    candidates = []
    for sub in state.submissions.values():
        if not sub.submitted:
            continue
        done = {r.reviewer_id for r in state.peer_reviews.get(sub.id, [])}
        order = sub.submitted_at.timestamp() if sub.submitted_at else 0.0
        candidates.append(Candidate(Submission(sub.id, sub.user_id, sub.group, order), len(done),
                                    len(leased[sub.id] - done), frozenset(done | leased[sub.id])))
    return candidates


def _required(state: LinkState) -> int:
    return reviews_to_receive(policy_of(state.settings), state.pool)


def reviewable_counts(state: LinkState) -> dict[int, int]:
    """How many submissions each submitted learner could be given for review right now (the core's rule, for the
    whole class at once; for the 'stuck' filter)."""
    return core_reviewable_counts(pool_candidates(state), _required(state), state.settings.exclude_same_group)


def unreachable_ids(state: LinkState) -> set[int]:
    """Submissions below their reviews that no learner who still owes reviews can reach (the core's rule)."""
    return unreachable_submissions(pool_candidates(state), _required(state), state.settings.exclude_same_group)


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
    row.rubric_version = remember(rubric)
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
