"""A learner's data request, for what this package holds: their organisation memberships and self-assessments in
the export; on deletion the memberships go, the evidence notes of their self-assessments are blanked (the levels
stay, anonymous: they are their organisation's profile), and their name is taken off visit history and messages."""

from __future__ import annotations

import json

from sqlalchemy import delete, select, update

from ..extensions import db
from .models import (
    CapacityAssessment,
    CoachingAgreement,
    Organisation,
    OrganisationMember,
    VisitEvent,
    VisitMessage,
    VisitPlan,
)


def _when(value) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def learner_sections(user_id: int) -> dict[str, object]:
    """Export sections: {json file name: content}."""
    names = dict(db.session.execute(select(Organisation.id, Organisation.name)).all())
    return {
        "organisations.json": [
            {"organisation": names.get(m.organisation_id, ""), "joined_at": _when(m.joined_at)}
            for m in db.session.scalars(select(OrganisationMember).filter_by(user_id=user_id))],
        "capacity_self_assessments.json": [
            {"organisation": names.get(r.organisation_id, ""), "language": r.language,
             "submitted_at": _when(r.submitted_at), "profile": r.profile}
            for r in db.session.scalars(select(CapacityAssessment).filter_by(user_id=user_id)
                                        .order_by(CapacityAssessment.id))],
        "visit_messages_written.json": [
            {"visit_id": m.visit_id, "as": m.side, "text": m.text, "at": _when(m.at)}
            for m in db.session.scalars(select(VisitMessage).filter_by(user_id=user_id).order_by(VisitMessage.id))],
        "coaching_given.json": [
            {"coached_organisation": names.get(a.coached_id, ""), "goals": a.goals, "schedule": a.schedule}
            for a in db.session.scalars(select(CoachingAgreement).filter_by(coach_user_id=user_id))],
    }


def forget_learner(user_id: int) -> dict[str, int]:
    """Remove or anonymise the learner's rows (inside the caller's transaction); what was done per kind."""
    done = {"organisation_memberships": db.session.execute(
        delete(OrganisationMember).where(OrganisationMember.user_id == user_id)).rowcount or 0}
    blanked = 0
    for record in db.session.scalars(select(CapacityAssessment).filter_by(user_id=user_id)):
        profile = record.profile
        if profile.get("notes"):
            record.profile_json = json.dumps({**profile, "notes": {}})
            blanked += 1
    done["self_assessment_notes_blanked"] = blanked
    db.session.execute(update(VisitEvent).where(VisitEvent.user_id == user_id).values(user_id=None))
    db.session.execute(update(VisitMessage).where(VisitMessage.user_id == user_id).values(user_id=None))
    db.session.execute(update(VisitPlan).where(VisitPlan.created_by == user_id).values(created_by=None))
    return done
