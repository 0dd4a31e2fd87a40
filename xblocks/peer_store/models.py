"""Peer-exercise tables, and the capacity self-assessment's latest profile per learner (which the block's course staff
read for the class). Learners are keyed by the LMS's anonymous user id; blocks by their usage key."""

from django.db import models
from django.utils import timezone

KEY_LENGTH = 255


class PeerPool(models.Model):
    """One row per peer-exercise block; locking it serialises review allocation within that block."""

    block_key = models.CharField(max_length=KEY_LENGTH, unique=True)
    allocations = models.PositiveIntegerField(default=0)


class PeerSubmission(models.Model):
    """A learner's response to a peer exercise (one per learner and block)."""

    block_key = models.CharField(max_length=KEY_LENGTH, db_index=True)
    learner = models.CharField(max_length=KEY_LENGTH)
    text = models.TextField()
    submitted_at = models.DateTimeField(default=timezone.now)
    late = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["block_key", "learner"], name="fs_one_submission_per_learner")]
        ordering = ["submitted_at", "id"]


class ReviewAssignment(models.Model):
    """A lease: ``reviewer`` may review ``submission`` until ``expires_at``; completed once the review is in."""

    block_key = models.CharField(max_length=KEY_LENGTH, db_index=True)
    submission = models.ForeignKey(PeerSubmission, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.CharField(max_length=KEY_LENGTH)
    assigned_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    # The reviewer while the lease is open, NULL once it is completed: a plain unique constraint on (block_key,
    # open_reviewer) then allows one open lease per reviewer on every database Django supports (NULLs never
    # collide), where a partial unique index would be skipped by MySQL and MariaDB.
    open_reviewer = models.CharField(max_length=KEY_LENGTH, null=True, blank=True, default=None, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "reviewer"], name="fs_review_a_submission_once"),
            models.UniqueConstraint(fields=["block_key", "open_reviewer"], name="fs_one_open_lease_each"),
        ]

    def save(self, *args, **kwargs):
        """Keep ``open_reviewer`` in step with ``reviewer`` and ``completed_at``."""
        self.open_reviewer = None if self.completed_at else self.reviewer
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"completed_at", "reviewer"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "open_reviewer"}
        super().save(*args, **kwargs)


class PeerReview(models.Model):
    """A completed rubric review (by a peer, or the author's self-assessment): a level index per criterion."""

    PEER, SELF = "peer", "self"
    submission = models.ForeignKey(PeerSubmission, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.CharField(max_length=KEY_LENGTH)
    kind = models.CharField(max_length=8, choices=[(PEER, "peer"), (SELF, "self")], default=PEER)
    levels = models.JSONField()
    comment = models.TextField(blank=True, default="")
    # the rubric the review was given under (curriculum.rubrics.rubric_snapshot); None for reviews stored before
    rubric = models.JSONField(null=True, blank=True, default=None)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "reviewer"], name="fs_one_review_per_reviewer")]
        ordering = ["created_at", "id"]


class GradeOverride(models.Model):
    """Staff's grade for a submission, replacing the peers' result (with the reason, kept for the learner)."""

    submission = models.OneToOneField(PeerSubmission, on_delete=models.CASCADE, related_name="override")
    levels = models.JSONField()
    reason = models.TextField()
    staff = models.CharField(max_length=KEY_LENGTH)
    rubric = models.JSONField(null=True, blank=True, default=None)  # the rubric staff graded with
    created_at = models.DateTimeField(default=timezone.now)


class CapacityProfile(models.Model):
    """A learner's latest capacity self-assessment in one self-assessment block (``curriculum.self_assessment``'s
    ``Profile.to_dict``), so that course staff can see the class's distribution; the learner's own history stays in
    the block's user state."""

    block_key = models.CharField(max_length=KEY_LENGTH, db_index=True)
    learner = models.CharField(max_length=KEY_LENGTH)
    profile = models.JSONField()
    assessments = models.PositiveIntegerField(default=1)  # how many times the learner has assessed in this block
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["block_key", "learner"], name="fs_one_capacity_profile_each")]
        ordering = ["learner", "id"]
