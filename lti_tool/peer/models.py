"""Tables of the peer exercise, all hanging off one resource link so nothing mixes between courses.

Concurrency guarantees live in the schema: one submission per learner and link, one version number per submission,
one assignment per (submission, reviewer), at most one active lease per reviewer and link (a partial unique index),
and one review per assignment. Allocation serialises per link by updating the link's settings row first
(a row lock on PostgreSQL, the write lock on SQLite)."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from curriculum.peer.workflow import LEASE_MINUTES, REVIEWS_PER_RESPONSE

from ..extensions import db
from ..models import utcnow

LEASED, DONE, EXPIRED, CANCELLED = "leased", "done", "expired", "cancelled"
PEER, SELF, INSTRUCTOR_REVIEW = "peer", "self", "instructor"


class PeerSettings(db.Model):
    """How one resource link runs its peer exercise (set by the instructor; defaults from the curriculum item)."""

    __tablename__ = "peer_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_link_id: Mapped[int] = mapped_column(ForeignKey("resource_link.id", ondelete="CASCADE"), unique=True)
    reviews_required: Mapped[int] = mapped_column(Integer, default=REVIEWS_PER_RESPONSE.default)
    instructor_review: Mapped[bool] = mapped_column(Boolean, default=False)
    self_assessment: Mapped[bool] = mapped_column(Boolean, default=False)
    exclude_same_group: Mapped[bool] = mapped_column(Boolean, default=False)
    submission_deadline: Mapped[datetime | None] = mapped_column(nullable=True)
    review_deadline: Mapped[datetime | None] = mapped_column(nullable=True)
    lease_minutes: Mapped[int] = mapped_column(Integer, default=LEASE_MINUTES.default)  # the core's bounds
    auto_release: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewing_weight: Mapped[float] = mapped_column(Float, default=0.0)
    # Bumped at the start of every allocation: the UPDATE is the per-link lock.
    alloc_seq: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PeerSubmission(db.Model):
    """A learner's work on one link: the autosaved draft and, once submitted, numbered versions."""

    __tablename__ = "peer_submission"
    __table_args__ = (UniqueConstraint("resource_link_id", "user_id", name="uq_peer_submission_learner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_link_id: Mapped[int] = mapped_column(ForeignKey("resource_link.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lti_user.id", ondelete="CASCADE"), index=True)
    group: Mapped[str | None] = mapped_column(String(255), nullable=True)
    draft_text: Mapped[str] = mapped_column(Text, default="")
    draft_saved_at: Mapped[datetime | None] = mapped_column(nullable=True)
    current_version: Mapped[int] = mapped_column(Integer, default=0)
    # Files attached to the next version, kept by a conditional UPDATE so parallel uploads cannot pass the limit.
    attachment_count: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    submitted_at: Mapped[datetime | None] = mapped_column(nullable=True)  # first submission: allocation order
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def submitted(self) -> bool:
        return self.current_version > 0


class PeerVersion(db.Model):
    """One submitted version; every version is kept."""

    __tablename__ = "peer_version"
    __table_args__ = (UniqueConstraint("submission_id", "number", name="uq_peer_version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("peer_submission.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    # The text rendered once, when submitted, by the core's learner renderer (sanitised); None for older versions.
    html: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PeerAttachment(db.Model):
    """A file attached to a submission; part of versions ``added_in`` up to (excluding) ``removed_in``."""

    __tablename__ = "peer_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("peer_submission.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(128), unique=True)
    added_in: Mapped[int] = mapped_column(Integer)
    removed_in: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PeerAssignment(db.Model):
    """A reviewer's lease on a submission, then the review's record. One row per (submission, reviewer)."""

    __tablename__ = "peer_assignment"
    __table_args__ = (
        UniqueConstraint("submission_id", "reviewer_id", name="uq_peer_assignment_pair"),
        Index("uq_peer_one_active_lease", "resource_link_id", "reviewer_id", unique=True,
              postgresql_where=text("status = 'leased'"), sqlite_where=text("status = 'leased'")),
        Index("ix_peer_assignment_link_status", "resource_link_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_link_id: Mapped[int] = mapped_column(ForeignKey("resource_link.id", ondelete="CASCADE"))
    submission_id: Mapped[int] = mapped_column(ForeignKey("peer_submission.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("lti_user.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=LEASED)
    leased_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    assigned_by: Mapped[int | None] = mapped_column(ForeignKey("lti_user.id", ondelete="SET NULL"), nullable=True)


class PeerReview(db.Model):
    """A rubric review: a level per criterion, comments per criterion and overall. Peer, self or instructor."""

    __tablename__ = "peer_review"
    __table_args__ = (UniqueConstraint("submission_id", "reviewer_id", "kind", name="uq_peer_review_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("peer_submission.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("lti_user.id", ondelete="CASCADE"), index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("peer_assignment.id", ondelete="SET NULL"),
                                                      nullable=True, unique=True)
    kind: Mapped[str] = mapped_column(String(16), default=PEER)
    version: Mapped[int] = mapped_column(Integer, default=1)  # the submission version reviewed
    levels_json: Mapped[str] = mapped_column(Text, default="{}")
    comments_json: Mapped[str] = mapped_column(Text, default="{}")
    overall: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")  # instructor: why this grade overrides the peers'
    # the fingerprint of the rubric it was given under (peer_rubric); None for reviews stored before rubrics were kept
    rubric_version: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def levels(self) -> dict[str, int]:
        return json.loads(self.levels_json or "{}")

    @property
    def comments(self) -> dict[str, str]:
        return json.loads(self.comments_json or "{}")


class PeerRubric(db.Model):
    """A rubric as reviews were given under it, stored once per fingerprint (:func:`curriculum.rubrics.rubric_version`)
    so that a review is always scored against its own rubric after the curriculum's rubric changes."""

    __tablename__ = "peer_rubric"

    version: Mapped[str] = mapped_column(String(16), primary_key=True)
    data: Mapped[str] = mapped_column(Text)  # curriculum.rubrics.rubric_snapshot as JSON


class PeerGradeRecord(db.Model):
    """The grade last released to the gradebook for a submission (what, when, by whom)."""

    __tablename__ = "peer_grade"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("peer_submission.id", ondelete="CASCADE"), unique=True)
    score: Mapped[float] = mapped_column(Float)  # final fraction 0-1 sent to the platform
    submission_score: Mapped[float] = mapped_column(Float)
    reviewing_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    released_at: Mapped[datetime] = mapped_column(default=utcnow)
    released_by: Mapped[int | None] = mapped_column(ForeignKey("lti_user.id", ondelete="SET NULL"), nullable=True)


class PeerAudit(db.Model):
    """The audit trail of instructor actions: grades, overrides with their reasons, reassignments, releases."""

    __tablename__ = "peer_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_link_id: Mapped[int] = mapped_column(ForeignKey("resource_link.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("peer_submission.id", ondelete="CASCADE"),
                                                      nullable=True, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("lti_user.id", ondelete="SET NULL"), nullable=True)
    action: Mapped[str] = mapped_column(String(32))
    detail_json: Mapped[str] = mapped_column(Text, default="{}")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def detail(self) -> dict:
        return json.loads(self.detail_json or "{}")
