"""The peer store's service layer: submissions, leased review requests, reviews, grades and staff overrides; and the
capacity self-assessment's latest profile per learner, for the class's distribution.

Allocation and aggregation rules come from :mod:`curriculum.peer`; this module only reads and writes rows,
under a per-block lock so that two reviewers asking at once never get the same lease by accident.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from curriculum.model import Rubric
from curriculum.peer.allocation import Candidate, Submission, choose_submission, effective_required_reviews
from curriculum.peer.grading import GivenReview, LearnerGrade, Override, Review, reviews_owed
from curriculum.peer.grading import learner_grade as core_learner_grade
from curriculum.peer.workflow import LEASE_MINUTES, PeerPolicy, pool_for_learner
from curriculum.rubrics import rubric_from_snapshot, rubric_snapshot, rubric_version, validate_review

from .models import CapacityProfile, GradeOverride, PeerPool, PeerReview, PeerSubmission, ReviewAssignment


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


def _ensure_pool(block_key: str) -> None:
    """Create the block's lock row in a transaction of its own, before anyone needs to lock it: on MySQL/MariaDB
    two transactions racing to create it inside their allocation would deadlock on the duplicate key."""
    if not PeerPool.objects.filter(block_key=block_key).exists():
        try:
            with transaction.atomic():
                PeerPool.objects.create(block_key=block_key)
        except IntegrityError:
            pass  # created meanwhile by another request


def submission_of(block_key: str, learner: str) -> PeerSubmission | None:
    return PeerSubmission.objects.filter(block_key=block_key, learner=learner).first()


def submit(block_key: str, learner: str, text: str, late: bool = False) -> PeerSubmission:
    """Store a learner's response; a second submission is refused (responses are final once reviewed)."""
    _ensure_pool(block_key)
    try:
        with transaction.atomic():
            return PeerSubmission.objects.create(block_key=block_key, learner=learner, text=text, late=late)
    except IntegrityError as exc:
        raise PeerError("already submitted") from exc


def learner_pool(block_key: str, configured: int, submission: PeerSubmission | None = None) -> int:
    """The pool size that sets ``submission``'s requirements: as it stood when its grade was first reached
    (:func:`curriculum.peer.workflow.pool_for_learner`), so later submissions never withdraw a grade. Without a
    submission: the pool now."""
    joined = list(PeerSubmission.objects.filter(block_key=block_key).values_list("submitted_at", flat=True))
    received = [] if submission is None else list(
        submission.reviews.filter(kind=PeerReview.PEER).values_list("created_at", flat=True))
    return pool_for_learner(configured, joined, received)


def open_assignment(block_key: str, reviewer: str) -> ReviewAssignment | None:
    return (ReviewAssignment.objects.filter(block_key=block_key, reviewer=reviewer, completed_at__isnull=True)
            .select_related("submission").first())


def reviews_done(block_key: str, reviewer: str) -> int:
    return ReviewAssignment.objects.filter(block_key=block_key, reviewer=reviewer,
                                           completed_at__isnull=False).count()


def request_review(block_key: str, reviewer: str, configured_reviews: int,
                   lease_minutes: int = LEASE_MINUTES.default, now: datetime | None = None) -> ReviewAssignment | None:
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
                                           levels=dict(levels), comment=comment, rubric=rubric_snapshot(rubric))
        assignment.completed_at = timezone.now()
        assignment.save(update_fields=["completed_at"])
        return review


def submit_self_review(submission: PeerSubmission, levels: Mapping[str, int], comment: str,
                       rubric: Rubric) -> PeerReview:
    validate_review(rubric, levels)
    try:
        with transaction.atomic():
            return PeerReview.objects.create(submission=submission, reviewer=submission.learner,
                                             kind=PeerReview.SELF, levels=dict(levels), comment=comment,
                                             rubric=rubric_snapshot(rubric))
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


def rubric_of(row: PeerReview | GradeOverride, current: Rubric) -> Rubric:
    """The rubric a review or staff grade was given under (the current one for rows stored before rubrics were
    kept with them)."""
    return rubric_from_snapshot(row.rubric) if row.rubric else current


def _review(row: PeerReview | GradeOverride, current: Rubric) -> Review:
    return Review(rubric_of(row, current), row.levels)


def learner_grade(submission: PeerSubmission, rubric: Rubric, policy: PeerPolicy, reviewing_weight: float,
                  now: datetime) -> LearnerGrade:
    """The core's grade of the submission's author (:func:`curriculum.peer.grading.learner_grade`): staff's
    override, else the peers' once ready, with the reviewing credit when it carries weight; each review is scored
    against the rubric it was given under."""
    received = [_review(r, rubric) for r in received_reviews(submission)]
    override = override_of(submission)
    given = []
    if reviewing_weight > 0:
        mine = list(PeerReview.objects.filter(submission__block_key=submission.block_key, kind=PeerReview.PEER,
                                              reviewer=submission.learner))
        by_submission: dict[int, list[PeerReview]] = defaultdict(list)
        for row in PeerReview.objects.filter(submission_id__in=[r.submission_id for r in mine],
                                             kind=PeerReview.PEER):
            by_submission[row.submission_id].append(row)
        given = [GivenReview(_review(r, rubric), [_review(x, rubric) for x in by_submission[r.submission_id]])
                 for r in mine]
    return core_learner_grade(
        policy, rubric, received=received, now=now,
        pool=learner_pool(submission.block_key, policy.reviews_required, submission),
        override=Override(_review(override, rubric), override.reason) if override is not None else None,
        given=given, reviewing_weight=reviewing_weight)


def reviews_under_other_rubrics(block_key: str, rubric: Rubric) -> int:
    """How many reviews and staff grades of this block were given under a rubric other than ``rubric``."""
    current = rubric_version(rubric)
    rows = [*PeerReview.objects.filter(submission__block_key=block_key).only("rubric"),
            *GradeOverride.objects.filter(submission__block_key=block_key).only("rubric")]
    return sum(1 for row in rows if row.rubric and rubric_version(rubric_from_snapshot(row.rubric)) != current)


def reviews_exist(block_key: str) -> bool:
    return PeerReview.objects.filter(submission__block_key=block_key).exists() or \
        GradeOverride.objects.filter(submission__block_key=block_key).exists()


def set_override(submission: PeerSubmission, levels: Mapping[str, int], reason: str, staff: str,
                 rubric: Rubric) -> GradeOverride:
    """Staff grade a submission (replacing any earlier override); a reason is required."""
    validate_review(rubric, levels)
    if not reason.strip():
        raise PeerError("reason required")
    found, _created = GradeOverride.objects.update_or_create(
        submission=submission, defaults={"levels": dict(levels), "reason": reason.strip(), "staff": staff,
                                         "rubric": rubric_snapshot(rubric)})
    return found


def progress(block_key: str, learner: str, policy: PeerPolicy) -> Progress:
    submission = submission_of(block_key, learner)
    owed = reviews_owed(policy, learner_pool(block_key, policy.reviews_required, submission))
    return Progress(submission, owed, reviews_done(block_key, learner), open_assignment(block_key, learner),
                    self_review_of(submission))


def submissions(block_key: str) -> list[PeerSubmission]:
    return list(PeerSubmission.objects.filter(block_key=block_key))


def _stand_in() -> str:
    """The reviewer name left on reviews whose author's data was removed: unique, and linked to nobody."""
    return f"removed-{uuid.uuid4().hex}"


def clear_learner(block_key: str, learner: str) -> None:
    """Remove one learner's peer data in one block, so they can start over: their response (with the reviews it
    received, its leases and any staff grade) and their open leases. Reviews they gave stay, under a stand-in
    name, because they are part of other learners' grades."""
    with transaction.atomic():
        _lock_pool(block_key)
        PeerSubmission.objects.filter(block_key=block_key, learner=learner).delete()
        ReviewAssignment.objects.filter(block_key=block_key, reviewer=learner, completed_at__isnull=True).delete()
        stand_in = _stand_in()
        ReviewAssignment.objects.filter(block_key=block_key, reviewer=learner).update(reviewer=stand_in)
        PeerReview.objects.filter(submission__block_key=block_key, reviewer=learner).update(reviewer=stand_in)


def retire_learners(learners: Iterable[str]) -> int:
    """The retirement hook's work, in every block: each learner's responses, open leases and capacity profiles are
    deleted, and the reviews and staff grades they gave keep no trace of who gave them. Returns how many rows were
    changed."""
    changed = 0
    with transaction.atomic():
        for learner in set(learners):
            stand_in = _stand_in()
            changed += PeerSubmission.objects.filter(learner=learner).delete()[0]
            changed += CapacityProfile.objects.filter(learner=learner).delete()[0]
            changed += ReviewAssignment.objects.filter(reviewer=learner, completed_at__isnull=True).delete()[0]
            changed += ReviewAssignment.objects.filter(reviewer=learner).update(reviewer=stand_in)
            changed += PeerReview.objects.filter(reviewer=learner).update(reviewer=stand_in)
            changed += GradeOverride.objects.filter(staff=learner).update(staff=stand_in)
    return changed


# ---- the capacity self-assessment: each learner's latest profile, for course staff ------------------------------
def record_profile(block_key: str, learner: str, profile: Mapping) -> CapacityProfile:
    """Keep ``profile`` (a ``Profile.to_dict``) as the learner's latest in this block, counting the assessments."""
    with transaction.atomic():
        row, created = CapacityProfile.objects.select_for_update().get_or_create(
            block_key=block_key, learner=learner, defaults={"profile": dict(profile)})
        if not created:
            row.profile, row.assessments, row.submitted_at = dict(profile), row.assessments + 1, timezone.now()
            row.save(update_fields=["profile", "assessments", "submitted_at"])
    return row


def class_profiles(block_key: str) -> list[CapacityProfile]:
    """Every learner's latest profile in this block (one row each)."""
    return list(CapacityProfile.objects.filter(block_key=block_key))


def clear_profile(block_key: str, learner: str) -> None:
    """Forget one learner's profile in one block (the LMS's "Delete learner state")."""
    CapacityProfile.objects.filter(block_key=block_key, learner=learner).delete()
