"""The grade outbox table: one row per score to deliver to a platform's AGS line item, with its delivery state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import LtiUser, ResourceLink, utcnow

# Delivery states. A row moves pending -> sending -> delivered, or back to pending (retry after back-off), or to
# failed (gave up; an instructor may retry it), or to superseded (an instructor retried it after a newer score for
# the same learner and line item had already been delivered).
PENDING = "pending"
SENDING = "sending"
DELIVERED = "delivered"
FAILED = "failed"
SUPERSEDED = "superseded"
STATES = (PENDING, SENDING, DELIVERED, FAILED, SUPERSEDED)


class GradeOutbox(db.Model):
    """A score waiting for, or past, delivery. The score's fields never change after it is enqueued, so a retry
    sends exactly what was first meant (same timestamp: platforms treat a repeat as the same score)."""

    __tablename__ = "grade_outbox"
    __table_args__ = (
        Index("ix_grade_outbox_due", "state", "next_attempt_at"),
        Index("ix_grade_outbox_pair", "lineitem_url", "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platform.id", ondelete="CASCADE"), index=True)
    resource_link_id: Mapped[int] = mapped_column(ForeignKey("resource_link.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lti_user.id", ondelete="CASCADE"), index=True)
    lineitem_url: Mapped[str] = mapped_column(String(1024))
    score_given: Mapped[float | None] = mapped_column(Float, nullable=True)
    score_maximum: Mapped[float] = mapped_column(Float)
    activity_progress: Mapped[str] = mapped_column(String(32))
    grading_progress: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    timestamp: Mapped[str] = mapped_column(String(40))  # ISO 8601 with milliseconds and Z, as sent
    state: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claim_token: Mapped[str | None] = mapped_column(String(64), nullable=True)
    claimed_until: Mapped[datetime | None] = mapped_column(nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    last_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(nullable=True)

    resource_link: Mapped[ResourceLink] = relationship()
    user: Mapped[LtiUser] = relationship()

    def payload(self) -> dict:
        """The AGS score as JSON (application/vnd.ims.lis.v1.score+json)."""
        body: dict = {"userId": self.user.sub, "activityProgress": self.activity_progress,
                      "gradingProgress": self.grading_progress, "timestamp": self.timestamp}
        if self.score_given is not None:
            body["scoreGiven"] = self.score_given
            body["scoreMaximum"] = self.score_maximum
        if self.comment:
            body["comment"] = self.comment
        return body
