"""The peer store's service layer: submissions, leased review requests, reviews, grades and staff overrides.

Allocation and aggregation rules come from :mod:`curriculum.peer`; this module only reads and writes rows,
under a per-block lock so that two reviewers asking at once never get the same lease by accident.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from curriculum.model import Rubric
from curriculum.peer.aggregation import PeerGrade, aggregate_reviews
from curriculum.peer.allocation import Candidate, Submission, choose_submission, effective_required_reviews
from curriculum.rubrics import validate_review

from .models import GradeOverride, PeerPool, PeerReview, PeerSubmission, ReviewAssignment

DEFAULT_LEASE_MINUTES = 30


class PeerError(ValueError):
    """A request the peer rules do not allow (already submitted, not your lease, …); the message says why."""


@dataclass(frozen=True)
class Progress:
    """Where one learner stands in one peer exercise."""

    submission: PeerSubmission | None
    required_reviews: int
    reviews_done: int
    open_assignment: ReviewAssignment | None
    self_review: PeerReview | None


def _lock_pool(block_key: str) -> None:
    """Take the block's allocation lock for the rest of the transaction.

    The UPDATE comes first on purpose: on PostgreSQL it takes the row lock; on SQLite it takes the database's
    write lock before anything is read, so a second transaction waits (busy timeout) instead of reading stale
    counts. ``select_for_update`` states the intent on back ends that support it.
    """
    if PeerPool.objects.filter(block_key=block_key).update(allocations=F("allocations") + 1) == 0:
        try:
            with transaction.atomic():
                PeerPool.objects.create(block_key=block_key, allocations=1)
        except IntegrityError:
            PeerPool.objects.filter(block_key=block_key).update(allocations=F("allocations") + 1)
    PeerPool.objects.select_for_update().get(block_key=block_key)


def submission_of(block_key: str, learner: str) -> PeerSubmission | None:
    return PeerSubmission.objects.filter(block_key=block_key, learner=learner).first()


def submit(block_key: str, learner: str, text: str, late: bool = False) -> PeerSubmission:
    """Store a learner's response; a second submission is refused (responses are final once reviewed)."""
    try:
        with transaction.atomic():
            return PeerSubmission.objects.create(block_key=block_key, learner=learner, text=text, late=late)
    except IntegrityError as exc:
        raise PeerError("already submitted") from exc


def required_reviews(block_key: str, configured: int) -> int:
    """The reviews each submission needs (and each reviewer owes) given how many submissions exist."""
    return effective_required_reviews(configured, PeerSubmission.objects.filter(block_key=block_key).count())


def open_assignment(block_key: str, reviewer: str) -> ReviewAssignment | None:
    return (ReviewAssignment.objects.filter(block_key=block_key, reviewer=reviewer, completed_at__isnull=True)
            .select_related("submission").first())


def reviews_done(block_key: str, reviewer: str) -> int:
    return ReviewAssignment.objects.filter(block_key=block_key, reviewer=reviewer,
                                           completed_at__isnull=False).count()


def request_review(block_key: str, reviewer: str, configured_reviews: int,
                   lease_minutes: int = DEFAULT_LEASE_MINUTES, now: datetime | None = None) -> ReviewAssignment | None:
    """Lease the submission ``reviewer`` should review next (their open lease again, renewed, if they hold one).

    None when there is nothing they may review now. Leases of other reviewers that have expired no longer count
    as reviews in progress, so an abandoned lease never blocks a submission.
    """
    now = now or timezone.now()
    expires = now + timedelta(minutes=lease_minutes)
    with transaction.atomic():
        _lock_pool(block_key)
        current = open_assignment(block_key, reviewer)
        if current is not None:
            current.expires_at = expires
            current.save(update_fields=["expires_at"])
            return current
        rows = (PeerSubmission.objects.filter(block_key=block_key)
                .annotate(done=Count("reviews", filter=Q(reviews__kind=PeerReview.PEER), distinct=True),
                          leased=Count("assignments", filter=Q(assignments__completed_at__isnull=True,
                                                               assignments__expires_at__gt=now), distinct=True)))
        rows = list(rows)
        reviewers: dict[int, set[str]] = defaultdict(set)
        for submission_id, holder in ReviewAssignment.objects.filter(
                Q(completed_at__isnull=False) | Q(expires_at__gt=now), block_key=block_key).values_list(
                "submission_id", "reviewer"):
            reviewers[submission_id].add(holder)
        candidates = [Candidate(Submission(row.id, row.learner, order=row.submitted_at.timestamp()), row.done,
                                row.leased, frozenset(reviewers[row.id])) for row in rows]
        already = ReviewAssignment.objects.filter(block_key=block_key, reviewer=reviewer).values_list(
            "submission_id", flat=True)
        required = effective_required_reviews(configured_reviews, len(rows))
        chosen = choose_submission(reviewer, candidates, required, already_assigned=list(already))
        if chosen is None:
            return None
        return ReviewAssignment.objects.create(block_key=block_key, submission_id=chosen.id, reviewer=reviewer,
                                               assigned_at=now, expires_at=expires)


def submit_review(block_key: str, reviewer: str, submission_id: int, levels: Mapping[str, int], comment: str,
                  rubric: Rubric) -> PeerReview:
    """Record a peer review of a leased submission; raises InvalidReview or :class:`PeerError`."""
    validate_review(rubric, levels)
    with transaction.atomic():
        _lock_pool(block_key)
        assignment = (ReviewAssignment.objects.select_for_update()
                      .filter(block_key=block_key, reviewer=reviewer, submission_id=submission_id).first())
        if assignment is None:
            raise PeerError("not assigned")
        if assignment.completed_at is not None:
            raise PeerError("already reviewed")
        review = PeerReview.objects.create(submission_id=submission_id, reviewer=reviewer, kind=PeerReview.PEER,
                                           levels=dict(levels), comment=comment)
        assignment.completed_at = timezone.now()
        assignment.save(update_fields=["completed_at"])
        return review


def submit_self_review(submission: PeerSubmission, levels: Mapping[str, int], comment: str,
                       rubric: Rubric) -> PeerReview:
    validate_review(rubric, levels)
    try:
        with transaction.atomic():
            return PeerReview.objects.create(submission=submission, reviewer=submission.learner,
                                             kind=PeerReview.SELF, levels=dict(levels), comment=comment)
    except IntegrityError as exc:
        raise PeerError("already assessed") from exc


def self_review_of(submission: PeerSubmission | None) -> PeerReview | None:
    if submission is None:
        return None
    return submission.reviews.filter(kind=PeerReview.SELF).first()


def received_reviews(submission: PeerSubmission) -> list[PeerReview]:
    return list(submission.reviews.filter(kind=PeerReview.PEER))


def override_of(submission: PeerSubmission) -> GradeOverride | None:
    return GradeOverride.objects.filter(submission=submission).first()


def grade(submission: PeerSubmission, rubric: Rubric, configured_reviews: int) -> PeerGrade | None:
    """The submission's grade: staff's override, else the peers' median once enough reviews are in."""
    reviews = [r.levels for r in received_reviews(submission)]
    override = override_of(submission)
    if override is not None:
        return aggregate_reviews(rubric, reviews, override.levels, override.reason)
    needed = required_reviews(submission.block_key, configured_reviews)
    if needed == 0 or len(reviews) < needed:
        return None
    return aggregate_reviews(rubric, reviews)


def set_override(submission: PeerSubmission, levels: Mapping[str, int], reason: str, staff: str,
                 rubric: Rubric) -> GradeOverride:
    """Staff grade a submission (replacing any earlier override); a reason is required."""
    validate_review(rubric, levels)
    if not reason.strip():
        raise PeerError("reason required")
    found, _created = GradeOverride.objects.update_or_create(
        submission=submission, defaults={"levels": dict(levels), "reason": reason.strip(), "staff": staff})
    return found


def progress(block_key: str, learner: str, configured_reviews: int) -> Progress:
    submission = submission_of(block_key, learner)
    return Progress(submission, required_reviews(block_key, configured_reviews), reviews_done(block_key, learner),
                    open_assignment(block_key, learner), self_review_of(submission))


def submissions(block_key: str) -> list[PeerSubmission]:
    return list(PeerSubmission.objects.filter(block_key=block_key))
