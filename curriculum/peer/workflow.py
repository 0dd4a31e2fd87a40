"""Where a learner stands in a peer exercise, and how the rules bend so that nobody is left stuck.

Pure functions over counts and times; channels (LTI tool, XBlocks) store the data and show the result.

Rules:
- A learner must give ``N`` reviews and should receive ``N``, but never more than the other submitters in the pool
  (in a class of three, two). The learner is told when the number was lowered.
- Reviewing needs no wait: when every submission already has its reviews, surplus reviews are allowed.
- After the review deadline nobody is asked for more reviews, a submission with at least one review is graded on
  what it has, and a submission with none goes to the instructor.
- With instructor review on (or zero peer reviews) the instructor's grade is the grade.
- A review lease expires after ``lease_minutes``: an abandoned review frees the submission.
- Nobody stuck unseen: a learner who owes reviews but can be given none, and a submission below its reviews after
  the review deadline or that no learner who still owes reviews can reach, are flagged for the instructor.
- A grade once reached is never withdrawn by later submissions: each learner's requirements (reviews to receive and
  to give) are counted with the pool as it stood when their submission first had the reviews that pool asked for
  (:func:`pool_for_learner`). Reviews arriving later still count towards the grade.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ..deadlines import deadline_passed
from .allocation import effective_required_reviews


class LearnerState(StrEnum):
    NOT_SUBMITTED = "not_submitted"
    SUBMITTED = "submitted"  # waiting for the instructor (instructor-graded mode)
    REVIEWING = "reviewing"  # owes reviews
    WAITING = "waiting"  # reviews given, own grade not ready
    GRADED = "graded"


class Notice(StrEnum):
    """What the learner is told; channels translate these codes into plain words in the learner's language."""

    POOL_TOO_SMALL = "pool_too_small"  # fewer peers than asked: fewer reviews required
    NOTHING_TO_REVIEW_YET = "nothing_to_review_yet"  # no peer submission to review yet: come back later
    REVIEW_DEADLINE_PASSED = "review_deadline_passed"  # graded on the reviews received
    INSTRUCTOR_WILL_GRADE = "instructor_will_grade"  # no peer review in time / instructor review on
    FIRST_TO_SUBMIT = "first_to_submit"  # alone in the pool so far: peers review it as they submit theirs
    SUBMISSION_CLOSED = "submission_closed"


@dataclass(frozen=True)
class SettingRange:
    """The whole numbers a peer exercise's setting may take, and its default: the same in every channel."""

    low: int
    high: int
    default: int

    def allows(self, value: float) -> bool:
        """Whether an author may set ``value`` (a whole number within the range)."""
        return self.low <= value <= self.high and value == int(value)

    def clamp(self, value: float) -> int:
        """``value`` brought within the range (a setting stored under older bounds is used within these)."""
        return max(self.low, min(self.high, int(value)))


# Reviews each response gets: 0 means the instructor grades every response; the curriculum item says how many,
# the default stands where it says nothing.
REVIEWS_PER_RESPONSE = SettingRange(0, 10, 3)
# Minutes a reviewer holds a leased response: long enough to read and review, at most a week so that an abandoned
# review frees the response.
LEASE_MINUTES = SettingRange(5, 7 * 24 * 60, 60)


@dataclass(frozen=True)
class PeerPolicy:
    """A peer exercise's settings as configured in the channel."""

    reviews_required: int = REVIEWS_PER_RESPONSE.default
    instructor_review: bool = False
    submission_deadline: datetime | None = None
    review_deadline: datetime | None = None
    lease_minutes: int = LEASE_MINUTES.default

    @property
    def instructor_graded_only(self) -> bool:
        return self.reviews_required == 0


@dataclass(frozen=True)
class LearnerStatus:
    state: LearnerState
    reviews_given: int
    reviews_to_give: int
    reviews_received: int
    reviews_to_receive: int
    notices: tuple[Notice, ...]
    stuck: bool


def _passed(deadline: datetime | None, now: datetime) -> bool:
    return deadline_passed(deadline, now)  # the core's one deadline rule (curriculum/deadlines.py)


def can_submit(policy: PeerPolicy, now: datetime) -> bool:
    """Submitting and resubmitting are open until the submission deadline (each version is kept)."""
    return not _passed(policy.submission_deadline, now)


def reviewing_open(policy: PeerPolicy, now: datetime) -> bool:
    """Whether learners may be given submissions to review now: peers review (not instructor-graded only) and the
    review deadline has not passed."""
    return not policy.instructor_graded_only and not _passed(policy.review_deadline, now)


def review_refusal(policy: PeerPolicy, *, submitted: bool, now: datetime) -> str | None:
    """Why a learner may not be given a submission to review now, or None when they may: ``"not_submitted"``
    (reviewing comes after one's own submission) or ``"closed"`` (:func:`reviewing_open` says no)."""
    if not submitted:
        return "not_submitted"
    return None if reviewing_open(policy, now) else "closed"


def reviews_to_give(policy: PeerPolicy, submissions_in_pool: int, now: datetime) -> int:
    """Reviews a learner must still be asked for: lowered for small pools, none once reviewing is closed."""
    if not reviewing_open(policy, now):
        return 0
    return effective_required_reviews(policy.reviews_required, submissions_in_pool)


def reviews_to_receive(policy: PeerPolicy, submissions_in_pool: int) -> int:
    """Reviews a submission should get before its peer grade is final."""
    return effective_required_reviews(policy.reviews_required, submissions_in_pool)


def pool_for_learner(configured_reviews: int, pool_joined_at: Sequence[datetime],
                     reviews_received_at: Sequence[datetime]) -> int:
    """The pool size that sets one learner's requirements: as it stood the moment their submission first had the
    reviews the pool then asked for (their grade was first computed, and may have been shown or published), else
    the pool now.

    ``pool_joined_at``: when each submission in the pool was first submitted (this learner's included);
    ``reviews_received_at``: when each peer review of this learner's submission was given. Pass the result as
    ``submissions_in_pool`` to the rules above for this learner: a third learner submitting after Bob's grade was
    reached leaves Bob graded on the one review his pool of two asked for, and his reviewing done; a reviewer's
    data removed later (a reset, a retirement) does not take it away either.
    """
    joined = sorted(pool_joined_at)
    for received, moment in enumerate(sorted(reviews_received_at), start=1):
        # each review's author had a submission in the pool then, even if it has since been removed
        pool_then = max(bisect_right(joined, moment), received + 1)
        wanted = effective_required_reviews(configured_reviews, pool_then)
        if wanted and received >= wanted:
            return pool_then
    return len(joined)


def lease_expires_at(policy: PeerPolicy, leased_at: datetime) -> datetime:
    return leased_at + timedelta(minutes=policy.lease_minutes)


def lease_expired(policy: PeerPolicy, leased_at: datetime, now: datetime) -> bool:
    return now >= lease_expires_at(policy, leased_at)


def peer_grade_ready(policy: PeerPolicy, received: int, submissions_in_pool: int, now: datetime) -> bool:
    """Whether peers' reviews are enough to grade: all expected ones, or at least one once reviewing has closed."""
    if policy.instructor_graded_only or policy.instructor_review:
        return False
    wanted = reviews_to_receive(policy, submissions_in_pool)
    if wanted and received >= wanted:
        return True
    return _passed(policy.review_deadline, now) and received >= 1


def needs_instructor(policy: PeerPolicy, received: int, submissions_in_pool: int, now: datetime) -> bool:
    """Whether the instructor must grade this submission (by design, or because peers could not)."""
    if policy.instructor_graded_only or policy.instructor_review:
        return True
    if reviews_to_receive(policy, submissions_in_pool) == 0 and not can_submit(policy, now):
        return True  # alone in the pool once submissions have closed: no peer can review
    return _passed(policy.review_deadline, now) and received == 0


def learner_status(policy: PeerPolicy, *, submitted: bool, reviews_given: int, reviews_received: int,
                   submissions_in_pool: int, instructor_graded: bool, now: datetime,
                   reviewable_now: int = 1, unreachable: bool = False) -> LearnerStatus:
    """The learner's state, what they are told, and whether they are stuck (for the instructor's filter).

    ``reviewable_now`` is how many submissions this learner could be given for review right now; ``unreachable``
    says that their submission is below its reviews and no learner who still owes reviews can reach it (the
    allocation's :func:`~curriculum.peer.allocation.unreachable_submissions`).
    """
    notices: list[Notice] = []
    to_give = reviews_to_give(policy, submissions_in_pool, now) if submitted else 0
    to_receive = reviews_to_receive(policy, submissions_in_pool)
    if submitted and 0 < to_receive < policy.reviews_required and not policy.instructor_graded_only:
        notices.append(Notice.POOL_TOO_SMALL)
    if not submitted:
        if not can_submit(policy, now):
            notices.append(Notice.SUBMISSION_CLOSED)
        state = LearnerState.NOT_SUBMITTED
    elif instructor_graded or peer_grade_ready(policy, reviews_received, submissions_in_pool, now):
        state = LearnerState.GRADED
    elif reviews_given < to_give:
        state = LearnerState.REVIEWING
        if reviewable_now == 0:
            notices.append(Notice.NOTHING_TO_REVIEW_YET)
    elif policy.instructor_graded_only:
        state = LearnerState.SUBMITTED
    else:
        state = LearnerState.WAITING
    if submitted and state is not LearnerState.GRADED:
        if _passed(policy.review_deadline, now) and reviews_received:
            notices.append(Notice.REVIEW_DEADLINE_PASSED)
        if needs_instructor(policy, reviews_received, submissions_in_pool, now):
            notices.append(Notice.INSTRUCTOR_WILL_GRADE)
        elif to_receive == 0:  # the first to submit: peers who submit later review this response
            notices.append(Notice.FIRST_TO_SUBMIT)
    short_of_reviews = (submitted and not instructor_graded and not policy.instructor_graded_only
                        and reviews_received < to_receive
                        and (unreachable or _passed(policy.review_deadline, now)))
    stuck = (state is LearnerState.REVIEWING and reviewable_now == 0) or short_of_reviews or (
        state in (LearnerState.WAITING, LearnerState.SUBMITTED)
        and needs_instructor(policy, reviews_received, submissions_in_pool, now) and not instructor_graded)
    return LearnerStatus(state, reviews_given, to_give, reviews_received, to_receive, tuple(notices), stuck)
