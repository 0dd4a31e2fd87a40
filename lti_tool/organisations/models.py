"""Tables for organisations and what they do together, each row under one course (LTI context): organisations and
their members, capacity self-assessments, host offers, visit plans with their history and messages, coaching
agreements and their sessions. Lists and small structures are JSON text, read through properties."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import utcnow


def _split(text: str) -> list[str]:
    return [part for part in (text or "").split(",") if part]


class Organisation(db.Model):
    """A producer organisation taking part in a course; its members share its profile and plans."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("context.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    commodity: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(100), default="")  # cooperative, association, union…
    size: Mapped[int] = mapped_column(Integer, default=0)  # members
    languages: Mapped[str] = mapped_column(String(100), default="")  # comma-separated codes
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def language_list(self) -> list[str]:
        return _split(self.languages)


class OrganisationMember(db.Model):
    """A learner belongs to one organisation per course."""

    __tablename__ = "organisation_member"
    __table_args__ = (UniqueConstraint("context_id", "user_id", name="uq_organisation_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("context.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lti_user.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class CapacityAssessment(db.Model):
    """One completed capacity self-assessment: the learner's, for their organisation when they have one."""

    __tablename__ = "capacity_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("context.id", ondelete="CASCADE"), index=True)
    resource_link_id: Mapped[int | None] = mapped_column(ForeignKey("resource_link.id", ondelete="CASCADE"),
                                                         nullable=True, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lti_user.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"),
                                                        nullable=True, index=True)
    language: Mapped[str] = mapped_column(String(16), default="en")
    profile_json: Mapped[str] = mapped_column(Text, default="{}")
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def profile(self) -> dict:
        return json.loads(self.profile_json or "{}")


class HostOffer(db.Model):
    """An organisation's statement that it can host visits or coach in some areas."""

    __tablename__ = "host_offer"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    areas: Mapped[str] = mapped_column(String(400))  # comma-separated area keys
    months: Mapped[str] = mapped_column(String(64), default="")  # comma-separated 1–12; empty = any month
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    languages: Mapped[str] = mapped_column(String(100), default="")
    maturity: Mapped[str] = mapped_column(String(32), default="")
    coaching: Mapped[bool] = mapped_column(Boolean, default=False)  # also offers peer coaching
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def area_list(self) -> list[str]:
        return _split(self.areas)

    @property
    def month_list(self) -> list[int]:
        return [int(m) for m in _split(self.months)]

    @property
    def language_list(self) -> list[str]:
        return _split(self.languages)


class VisitPlan(db.Model):
    """A learning visit of one organisation to another, from proposal to follow-up."""

    __tablename__ = "visit_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("context.id", ondelete="CASCADE"), index=True)
    visiting_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("host_offer.id", ondelete="SET NULL"), nullable=True)
    case_item_id: Mapped[str] = mapped_column(String(128), default="")  # the host experience, when in the course
    state: Mapped[str] = mapped_column(String(16), default="proposed")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    areas: Mapped[str] = mapped_column(String(400), default="")
    participants_json: Mapped[str] = mapped_column(Text, default="{}")  # level -> number of people
    learning_questions: Mapped[str] = mapped_column(Text, default="")  # one per line
    programme: Mapped[str] = mapped_column(Text, default="")
    lessons_json: Mapped[str] = mapped_column(Text, default="[]")  # [{"who", "lesson"}]
    actions_json: Mapped[str] = mapped_column(Text, default="[]")  # [{"action", "owner", "due"}]
    follow_up_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    follow_up_report: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")  # the last decline or reschedule reason
    held_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("lti_user.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def participants(self) -> dict[str, int]:
        return json.loads(self.participants_json or "{}")

    @property
    def questions(self) -> list[str]:
        return [q.strip() for q in (self.learning_questions or "").splitlines() if q.strip()]

    @property
    def lessons(self) -> list[dict]:
        return json.loads(self.lessons_json or "[]")

    @property
    def actions(self) -> list[dict]:
        return json.loads(self.actions_json or "[]")

    @property
    def area_list(self) -> list[str]:
        return _split(self.areas)


class VisitEvent(db.Model):
    """Who moved a visit to which state, when, and why."""

    __tablename__ = "visit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit_plan.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    side: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("lti_user.id", ondelete="SET NULL"), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class VisitMessage(db.Model):
    """A message between the two organisations of a visit: contact through the platform, no e-mail addresses."""

    __tablename__ = "visit_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit_plan.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("lti_user.id", ondelete="SET NULL"), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class CoachingAgreement(db.Model):
    """A person from one organisation coaches another organisation towards goals per area."""

    __tablename__ = "coaching_agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("context.id", ondelete="CASCADE"), index=True)
    coach_user_id: Mapped[int] = mapped_column(ForeignKey("lti_user.id", ondelete="CASCADE"), index=True)
    coach_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    coached_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    goals_json: Mapped[str] = mapped_column(Text, default="[]")  # [{"area", "start", "target"}]
    schedule_json: Mapped[str] = mapped_column(Text, default="[]")  # ISO dates of planned sessions
    before_id: Mapped[int | None] = mapped_column(ForeignKey("capacity_assessment.id", ondelete="SET NULL"),
                                                  nullable=True)
    after_id: Mapped[int | None] = mapped_column(ForeignKey("capacity_assessment.id", ondelete="SET NULL"),
                                                 nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def goals(self) -> list[dict]:
        return json.loads(self.goals_json or "[]")

    @property
    def schedule(self) -> list[str]:
        return json.loads(self.schedule_json or "[]")


class CoachingSession(db.Model):
    """One coaching session's log entry."""

    __tablename__ = "coaching_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("coaching_agreement.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    topics: Mapped[str] = mapped_column(Text, default="")
    agreements: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
