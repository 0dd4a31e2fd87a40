"""What learners do in case studies and assessments, per resource link: discussion answers, completions (case
studies and peer exercises), assessment attempts, and each link's settings (which score counts). Rows hang off a
resource link and a user, both under one deployment, so courses and platforms never mix."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .models import utcnow

BEST = "best"
LAST = "last"


class ActivitySetting(db.Model):
    """Per-link choices an instructor makes: which attempt's score counts (best or last)."""

    __tablename__ = "activity_setting"

    resource_link_id: Mapped[int] = mapped_column(ForeignKey("resource_link.id", ondelete="CASCADE"),
                                                  primary_key=True)
    score_policy: Mapped[str] = mapped_column(String(8), default=BEST)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseAnswer(db.Model):
    """A learner's answer to one discussion question (``<section key>-<n>``), saved as they type."""

    __tablename__ = "case_answer"
    __table_args__ = (UniqueConstraint("resource_link_id", "user_id", "question_id", name="uq_case_answer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_link_id: Mapped[int] = mapped_column(ForeignKey("resource_link.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lti_user.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ActivityCompletion(db.Model):
    """A learner's part of the activity on a link is done: they marked a case study complete, or finished their part
    of a peer exercise (:mod:`lti_tool.peer.reviews`: kept once reached, as Open edX keeps completion). The table
    keeps the name it had when only case studies used it."""

    __tablename__ = "case_completion"
    __table_args__ = (UniqueConstraint("resource_link_id", "user_id", name="uq_case_completion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_link_id: Mapped[int] = mapped_column(ForeignKey("resource_link.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lti_user.id", ondelete="CASCADE"), index=True)
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)


class AssessmentAttempt(db.Model):
    """A submitted, graded attempt. ``number`` counts from 1 per learner and link; its uniqueness is what stops a
    double submission from counting twice."""

    __tablename__ = "assessment_attempt"
    __table_args__ = (UniqueConstraint("resource_link_id", "user_id", "number", name="uq_assessment_attempt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_link_id: Mapped[int] = mapped_column(ForeignKey("resource_link.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lti_user.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(128))
    number: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(16), default="en")
    order_json: Mapped[str] = mapped_column(Text, default="[]")
    responses_json: Mapped[str] = mapped_column(Text, default="{}")
    results_json: Mapped[str] = mapped_column(Text, default="{}")  # question id -> {"correct", "points", "max"}
    points: Mapped[float] = mapped_column(Float, default=0.0)
    max_points: Mapped[float] = mapped_column(Float, default=0.0)
    score: Mapped[float] = mapped_column(Float, default=0.0)  # fraction 0-1
    passed: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def order(self) -> list[str]:
        return json.loads(self.order_json)

    @property
    def responses(self) -> dict:
        return json.loads(self.responses_json)

    @property
    def results(self) -> dict:
        return json.loads(self.results_json)
