"""Coaching agreements: a person from one organisation coaches another towards goals drawn from its latest
self-assessment (:func:`curriculum.coaching.coaching_goals`), logs sessions, and records the re-assessment."""

from __future__ import annotations

import json

from sqlalchemy import or_, select

from curriculum.coaching import CoachingGoal, coaching_goals, session_schedule
from curriculum.self_assessment import Profile

from ..extensions import db
from ..services.numbers import is_digits
from .access import FormProblem, Viewer, require_organisation
from .models import CapacityAssessment, CoachingAgreement, CoachingSession, Organisation
from .profiles import latest_profile, organisation_assessments
from .visit_plans import parse_date


def create_agreement(viewer: Viewer, coached: Organisation, form: dict) -> CoachingAgreement:
    """The viewer coaches ``coached``; goals come from the coached organisation's latest self-assessment."""
    coach_org = require_organisation(viewer)
    if coached.id == coach_org.id:
        raise FormProblem("cannot_coach_yourself")
    record, profile = latest_profile(coached)
    if profile is None:
        raise FormProblem("needs_assessment")
    first = parse_date(form.get("first_session", ""), "first_session")
    sessions, every = (form.get("sessions") or "").strip(), (form.get("every_days") or "").strip()
    if not is_digits(sessions) or not 1 <= int(sessions) <= 24:
        raise FormProblem("bad_sessions", "sessions")
    if not is_digits(every) or not 1 <= int(every) <= 365:
        raise FormProblem("bad_sessions", "every_days")
    goals = coaching_goals(profile, count=3)
    agreement = CoachingAgreement(
        context_id=viewer.context_id, coach_user_id=viewer.user_id, coach_organisation_id=coach_org.id,
        coached_id=coached.id, goals_json=json.dumps([g.__dict__ for g in goals]),
        schedule_json=json.dumps([d.isoformat() for d in session_schedule(first, int(sessions), int(every))]),
        before_id=record.id)
    db.session.add(agreement)
    db.session.commit()
    return agreement


def goals_of(agreement: CoachingAgreement) -> list[CoachingGoal]:
    return [CoachingGoal(**goal) for goal in agreement.goals]


def log_session(agreement: CoachingAgreement, form: dict) -> CoachingSession:
    held_on = parse_date(form.get("held_on", ""), "held_on")
    topics = (form.get("topics") or "").strip()
    if not topics:
        raise FormProblem("topics_required", "topics")
    entry = CoachingSession(agreement_id=agreement.id, held_on=held_on, topics=topics[:4000],
                            agreements=(form.get("agreements") or "").strip()[:4000],
                            next_steps=(form.get("next_steps") or "").strip()[:4000])
    db.session.add(entry)
    db.session.commit()
    return entry


def sessions_of(agreement: CoachingAgreement) -> list[CoachingSession]:
    return list(db.session.scalars(select(CoachingSession).filter_by(agreement_id=agreement.id)
                                   .order_by(CoachingSession.held_on, CoachingSession.id)))


def record_reassessment(agreement: CoachingAgreement) -> CapacityAssessment:
    """The coached organisation's newest self-assessment after the one the goals came from becomes the 'after'."""
    coached = db.session.get(Organisation, agreement.coached_id)
    later = [r for r in organisation_assessments(coached) if r.id != agreement.before_id
             and (agreement.before_id is None or r.id > agreement.before_id)]
    if not later:
        raise FormProblem("needs_reassessment")
    agreement.after_id = later[-1].id
    db.session.commit()
    return later[-1]


def profiles_of(agreement: CoachingAgreement) -> tuple[Profile | None, Profile | None]:
    before = db.session.get(CapacityAssessment, agreement.before_id) if agreement.before_id else None
    after = db.session.get(CapacityAssessment, agreement.after_id) if agreement.after_id else None
    return (Profile.from_dict(before.profile) if before else None,
            Profile.from_dict(after.profile) if after else None)


def visible_agreements(viewer: Viewer) -> list[CoachingAgreement]:
    query = select(CoachingAgreement).filter_by(context_id=viewer.context_id).order_by(CoachingAgreement.id)
    if not viewer.facilitator:
        mine = [CoachingAgreement.coach_user_id == viewer.user_id]
        if viewer.organisation is not None:
            mine.append(CoachingAgreement.coached_id == viewer.organisation.id)
        query = query.where(or_(*mine))
    return list(db.session.scalars(query))
