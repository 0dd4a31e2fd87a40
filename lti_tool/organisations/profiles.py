"""Organisations and their capacity self-assessments: creating and joining an organisation, recording a completed
self-assessment (and its completion in the gradebook), reading profiles, and the class's distribution per area."""

from __future__ import annotations

import json
from collections.abc import Callable

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from curriculum.experiences.notation import NotANumber, parse_coordinate, parse_number
from curriculum.languages import short_language
from curriculum.self_assessment import AnswerError, Profile, profile_cells, profile_columns, score_answers
from curriculum.self_assessment import class_distribution as distribution

from ..extensions import db
from ..grades import outbox
from ..models import LtiUser, ResourceLink, utcnow
from ..services.spreadsheet import csv_text
from .access import FormProblem, Viewer
from .models import CapacityAssessment, Organisation, OrganisationMember

TEXT_LIMITS = {"name": 200, "country": 100, "region": 100, "commodity": 100, "kind": 100}


def _number(raw: str, parse: Callable[[str, str], float], language: str, low: float, high: float, code: str,
            field: str) -> float | None:
    """``raw`` read by the core's ``parse`` in the form's language, within ``low``–``high``; None when blank."""
    if not (raw or "").strip():
        return None
    try:
        value = parse(raw, language)
    except NotANumber:
        raise FormProblem(code, field) from None
    if not low <= value <= high:
        raise FormProblem(code, field)
    return value


def languages_from(values: list[str]) -> str:
    """The comma-separated interface languages among ``values`` (others are ignored)."""
    known = current_app.config["LANGUAGES"]
    return ",".join(code for code in known if code in values)


def create_organisation(viewer: Viewer, form: dict, languages: list[str]) -> Organisation:
    """A new organisation in the viewer's course, with the viewer as its first member."""
    if viewer.organisation is not None:
        raise FormProblem("already_member")
    fields = {key: (form.get(key) or "").strip()[:limit] for key, limit in TEXT_LIMITS.items()}
    if not fields["name"]:
        raise FormProblem("name_required", "name")
    language = short_language(viewer.language) or "en"  # the language the form was shown in
    size = _number(form.get("size", ""), parse_number, language, 0, 10_000_000, "bad_size", "size")
    if size is not None and size != int(size):  # a count of members is whole
        raise FormProblem("bad_size", "size")
    latitude = _number(form.get("latitude", ""), parse_coordinate, language, -90, 90, "bad_coordinates", "latitude")
    longitude = _number(form.get("longitude", ""), parse_coordinate, language, -180, 180, "bad_coordinates",
                        "longitude")
    if (latitude is None) != (longitude is None):
        raise FormProblem("bad_coordinates", "latitude")
    organisation = Organisation(context_id=viewer.context_id, size=int(size or 0), latitude=latitude,
                                longitude=longitude, languages=languages_from(languages), **fields)
    db.session.add(organisation)
    db.session.flush()
    db.session.add(OrganisationMember(context_id=viewer.context_id, organisation_id=organisation.id,
                                      user_id=viewer.user_id))
    db.session.commit()
    return organisation


def join_organisation(viewer: Viewer, organisation: Organisation) -> None:
    if viewer.organisation is not None:
        raise FormProblem("already_member")
    db.session.add(OrganisationMember(context_id=viewer.context_id, organisation_id=organisation.id,
                                      user_id=viewer.user_id))
    try:
        db.session.commit()
    except IntegrityError:  # joined twice at once: the first one counts
        db.session.rollback()


def organisations(context_id: int) -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).filter_by(context_id=context_id)
                                   .order_by(Organisation.name)))


def record_assessment(viewer: Viewer, link: ResourceLink | None, answers: dict, notes: dict,
                      send_score: bool) -> CapacityAssessment:
    """Score and keep a completed self-assessment; a learner's first one on a link tells the gradebook (once: a
    second self-assessment is progress, not a new grade)."""
    try:
        profile = score_answers(answers, notes)
    except AnswerError as exc:
        raise FormProblem("bad_answer") from exc
    if not profile.complete:
        raise FormProblem("answer_every_area")
    first_on_link = link is not None and db.session.scalars(
        select(CapacityAssessment.id).filter_by(resource_link_id=link.id, user_id=viewer.user_id)).first() is None
    record = CapacityAssessment(context_id=viewer.context_id, resource_link_id=link.id if link else None,
                                user_id=viewer.user_id,
                                organisation_id=viewer.organisation.id if viewer.organisation else None,
                                language=viewer.language, profile_json=json.dumps(profile.to_dict()),
                                submitted_at=utcnow())
    db.session.add(record)
    if send_score and first_on_link:
        outbox.enqueue_score(link, viewer.user_id, 1.0, 1.0, "Completed", "FullyGraded", commit=False)
    db.session.commit()
    return record


def own_assessments(viewer: Viewer) -> list[CapacityAssessment]:
    """The viewer's self-assessments in this course, oldest first."""
    return list(db.session.scalars(select(CapacityAssessment).filter_by(context_id=viewer.context_id,
                                                                        user_id=viewer.user_id)
                                   .order_by(CapacityAssessment.submitted_at, CapacityAssessment.id)))


def organisation_assessments(organisation: Organisation) -> list[CapacityAssessment]:
    """Every self-assessment made for the organisation by its members, oldest first."""
    return list(db.session.scalars(select(CapacityAssessment).filter_by(organisation_id=organisation.id)
                                   .order_by(CapacityAssessment.submitted_at, CapacityAssessment.id)))


def latest_profile(organisation: Organisation) -> tuple[CapacityAssessment | None, Profile | None]:
    """The organisation's latest self-assessment: its demand."""
    records = organisation_assessments(organisation)
    if not records:
        return None, None
    return records[-1], Profile.from_dict(records[-1].profile)


def latest_per_learner(context_id: int) -> dict[int, CapacityAssessment]:
    latest: dict[int, CapacityAssessment] = {}
    for record in db.session.scalars(select(CapacityAssessment).filter_by(context_id=context_id)
                                     .order_by(CapacityAssessment.submitted_at, CapacityAssessment.id)):
        latest[record.user_id] = record
    return latest


def class_distribution(context_id: int) -> tuple[dict[str, list[int]], int]:
    """Per area, how many learners' latest self-assessment sits at each level (index 0 = level 1; counted by the
    core), and how many learners that is."""
    latest = latest_per_learner(context_id)
    return distribution(Profile.from_dict(record.profile) for record in latest.values()), len(latest)


def class_csv(context_id: int) -> str:
    """One row per learner (latest self-assessment): organisation, level and evidence note per area."""
    header = ["user_id", "name", "organisation", "submitted_at", *profile_columns()]
    names = {o.id: o.name for o in organisations(context_id)}
    rows = []
    for user_id, record in sorted(latest_per_learner(context_id).items()):
        user = db.session.get(LtiUser, user_id)
        rows.append([
            user.sub, user.name, names.get(record.organisation_id, ""),
            record.submitted_at.strftime("%Y-%m-%dT%H:%M:%SZ"), *profile_cells(Profile.from_dict(record.profile))])
    return csv_text(header, rows)
