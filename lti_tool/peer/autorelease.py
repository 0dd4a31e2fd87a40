"""Automatic release: on links configured for it, grades that became final go to the outbox without the
instructor: at once when a review is saved or an instructor grades (POST requests), and, for grades that turn final
because the review deadline passed, by :func:`release_due`, which the grade drainer runs before every pass and
``fieldschool grades flush`` runs too (:mod:`lti_tool.grades.producers`). Opening a page never releases anything.
On every link, an instructor's change to a grade already in the gradebook is released again at once, so the
gradebook never keeps a grade the roster no longer shows. A released grade stays in the outbox until delivered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select

from curriculum import PeerExercise
from curriculum.model import Rubric

from ..extensions import db
from ..models import ResourceLink
from ..services.course import get_course
from .grading import load_state
from .models import PEER, PeerGradeRecord, PeerReview, PeerSettings, PeerSubmission
from .release import releasable, release_grades


def _release_final(rubric: Rubric, settings: PeerSettings, link: ResourceLink, now: datetime) -> int:
    state = load_state(settings, now)
    ids = releasable(rubric, state)
    return release_grades(rubric, state, link, None, ids, now) if ids else 0


def maybe_release(page, now: datetime) -> int:
    """After a POST that may have made grades final (a review saved, an instructor's grade): release them on a
    link configured for automatic release."""
    if not page.settings.auto_release:
        return 0
    return _release_final(page.item.rubric, page.settings, page.link, now)


def release_due(now: datetime) -> int:
    """On links configured for automatic release whose review deadline has passed, release the grades that
    became final (a submission graded on the reviews it received) and were never released. Returns how many.

    The query only finds the links worth loading (peers grade, a peer-reviewed submission never released); whether
    a grade is final is the core's decision, through :func:`~lti_tool.peer.release.releasable`."""
    unreleased = (select(PeerSubmission.resource_link_id)
                  .where(PeerSubmission.current_version > 0,
                         ~exists().where(PeerGradeRecord.submission_id == PeerSubmission.id),
                         exists().where(PeerReview.submission_id == PeerSubmission.id, PeerReview.kind == PEER))
                  .distinct())
    due = db.session.scalars(select(PeerSettings).where(
        PeerSettings.auto_release.is_(True), PeerSettings.instructor_review.is_(False),
        PeerSettings.review_deadline.is_not(None),
        PeerSettings.review_deadline <= now, PeerSettings.resource_link_id.in_(unreleased))).all()
    released = 0
    course = get_course() if due else None
    for settings in due:
        link = db.session.get(ResourceLink, settings.resource_link_id)
        item = course.find_item(link.item_id) if link is not None and link.item_id else None
        if isinstance(item, PeerExercise):
            released += _release_final(item.rubric, settings, link, now)
    return released


def rerelease_changed(page, submission_id: int, actor_id: int | None, now: datetime) -> bool:
    """Release ``submission_id`` again if its grade was released before and has changed since (an override, or an
    override cleared). True when a new score went to the outbox."""
    state = load_state(page.settings, now)
    if submission_id not in state.released or submission_id not in releasable(page.item.rubric, state):
        return False
    return release_grades(page.item.rubric, state, page.link, actor_id, [submission_id], now) == 1
