"""One learner's grade in a peer exercise, the same in every channel: whether the peers' reviews are enough
(readiness, with the review deadline and the pool as it stood for this learner), the median per criterion, a staff
override, the credit for reviewing (completion blended with agreement with each consensus) and the final fraction;
and when a learner's part of the exercise is complete (reviews owed given, self-assessment done when asked).

Channels (the LTI tool, the Open edX block) load their rows into the plain values below and call
:func:`learner_grade` and :func:`work_complete`; they never combine these rules themselves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..model import Rubric
from ..rubrics import rubric_version
from .aggregation import (
    PeerGrade,
    aggregate_reviews,
    agreement_with_consensus,
    combine_grade,
    grade_across_rubric_versions,
    reviewing_credit,
)
from .workflow import PeerPolicy, peer_grade_ready, reviewing_open, reviews_to_receive

DEFAULT_AGREEMENT_WEIGHT = 0.5
STAFF_GRADE_REASON = "instructor grade"  # an instructor's grade given without a reason (nobody to override)


@dataclass(frozen=True)
class Review:
    """A review (or staff grade) as a channel stores it: the rubric it was given under and a level per criterion."""

    rubric: Rubric
    levels: Mapping[str, int]


@dataclass(frozen=True)
class GivenReview:
    """A peer review the learner gave, with every peer review the same submission received (this one included):
    the consensus their agreement is measured against."""

    review: Review
    submission_reviews: Sequence[Review]


@dataclass(frozen=True)
class Override:
    """A staff grade of the learner's submission; it decides the grade (with a reason when peers had reviewed)."""

    review: Review
    reason: str = ""


@dataclass(frozen=True)
class LearnerGrade:
    """Where one learner's grade stands. ``final`` is the fraction for the gradebook (None while not ready)."""

    grade: PeerGrade | None  # what counts: the staff grade, or the peers' once ready
    rubric: Rubric  # the rubric ``grade``'s breakdown refers to
    peers: PeerGrade | None  # the peers' aggregate so far, ready or not (for the disagreement flag)
    reviewing: float | None  # credit for reviewing, 0–1, when reviewing carries weight
    final: float | None

    @property
    def ready(self) -> bool:
        return self.final is not None

    @property
    def flagged(self) -> bool:
        """The peers disagree beyond the threshold (shown to staff even after an override)."""
        return bool(self.peers and self.peers.disagreement)


def reviews_owed(policy: PeerPolicy, pool: int) -> int:
    """Reviews this learner is asked to give (and their submission to receive), with ``pool`` as it counts for them
    (:func:`~curriculum.peer.workflow.pool_for_learner`); a passed review deadline does not lower it."""
    return 0 if policy.instructor_graded_only else reviews_to_receive(policy, pool)


def reviewing_credit_of(given: Sequence[GivenReview], owed: int,
                        agreement_weight: float = DEFAULT_AGREEMENT_WEIGHT) -> float:
    """Credit for the reviews given: completion of the ``owed`` reviews, blended with the mean agreement with the
    consensus of every reviewed submission that has more than one review under the same rubric version."""
    agreements = []
    for item in given:
        version = rubric_version(item.review.rubric)
        alike = [r.levels for r in item.submission_reviews if rubric_version(r.rubric) == version]
        if len(alike) > 1:
            consensus = aggregate_reviews(item.review.rubric, alike)
            agreements.append(agreement_with_consensus(item.review.rubric, item.review.levels, consensus))
    return reviewing_credit(owed, len(given), agreements, agreement_weight)


def breakdown(rubric: Rubric, received: Sequence[Review],
              override: Override | None = None) -> tuple[PeerGrade | None, Rubric, bool]:
    """The grade as the reviews stand, ready or not: the staff grade when there is one (and it fits its rubric),
    else the peers' median (each review scored against the rubric it was given under). Returns the grade, the
    rubric its breakdown refers to, and whether the staff grade decided it."""
    pairs = [(r.rubric, r.levels) for r in received]
    if override is not None:
        found, found_rubric = grade_across_rubric_versions(
            rubric, pairs, (override.review.rubric, override.review.levels),
            override.reason.strip() or STAFF_GRADE_REASON)
        if found is not None and found.overridden:
            return found, found_rubric, True
    if not pairs:
        return None, rubric, False
    found, found_rubric = grade_across_rubric_versions(rubric, pairs)
    return found, found_rubric, False


def learner_grade(policy: PeerPolicy, rubric: Rubric, *, received: Sequence[Review], pool: int, now: datetime,
                  override: Override | None = None, given: Sequence[GivenReview] = (),
                  reviewing_weight: float = 0.0,
                  agreement_weight: float = DEFAULT_AGREEMENT_WEIGHT) -> LearnerGrade:
    """The learner's grade: a staff grade decides when there is one; else the peers' median once
    :func:`~curriculum.peer.workflow.peer_grade_ready` (all reviews the pool asked for, or at least one once the
    review deadline passed). When reviewing carries weight, the final fraction blends the grade with the credit
    for reviewing (:func:`reviewing_credit_of`)."""
    pairs = [(r.rubric, r.levels) for r in received]
    peers = grade_across_rubric_versions(rubric, pairs)[0] if pairs else None
    grade, graded_rubric, overridden = breakdown(rubric, received, override)
    if not overridden and not peer_grade_ready(policy, len(received), pool, now):
        grade, graded_rubric = None, rubric
    reviewing = None
    if reviewing_weight > 0:
        reviewing = reviewing_credit_of(given, reviews_owed(policy, pool), agreement_weight)
    final = None if grade is None else combine_grade(grade.score, reviewing, reviewing_weight)
    return LearnerGrade(grade, graded_rubric, peers, reviewing, final)


def work_complete(policy: PeerPolicy, *, submitted: bool, reviews_given: int, pool: int, now: datetime,
                  self_assessment: bool = False, self_assessed: bool = False, reached_before: bool = False) -> bool:
    """Whether the learner has done their part: submitted, given the reviews owed, and assessed their own response
    when the exercise asks for it (completion for the platform; the grade may still be waiting for peers).

    A learner who owes no review only because nobody else has submitted yet (the first to submit) is not done
    while reviewing is open: they will be asked to review as peers submit.

    Completion once reached is kept (a state once shown is never silently taken back): a pool that grows later asks
    more reviews of those still reviewing, never of a learner already done. Each channel records the moment it
    reached completion (Open edX's completion event, the LTI tool's completion row) and passes
    ``reached_before=True`` from then on."""
    if reached_before:
        return True
    if not submitted or not (self_assessed or not self_assessment):
        return False
    owed = reviews_owed(policy, pool)
    if owed == 0 and policy.reviews_required > 0 and reviewing_open(policy, now):
        return False
    return reviews_given >= owed
