"""CSV exports for the instructor: submissions, reviews (with reviewer names: instructors see them), grades."""

from __future__ import annotations

from sqlalchemy import select

from curriculum.model import Rubric
from curriculum.rubrics import review_fits, review_points

from ..extensions import db
from ..models import LtiUser
from ..services.spreadsheet import csv_text
from .grading import LinkState, grade_submission, status_of
from .models import PeerReview
from .rubric_versions import Rubrics
from .submissions import versions


def _names(user_ids) -> dict[int, LtiUser]:
    ids = list(set(user_ids))
    return {u.id: u for u in db.session.scalars(select(LtiUser).where(LtiUser.id.in_(ids)))} if ids else {}


def submissions_csv(state: LinkState) -> str:
    users = _names(state.submissions)
    rows = []
    for user_id, sub in sorted(state.submissions.items()):
        for version in versions(sub.id):
            user = users.get(user_id)
            rows.append([user.sub if user else "", user.name if user else "", sub.group or "", version.number,
                         version.created_at.isoformat(timespec="seconds"), version.text])
    return csv_text(["user_id", "name", "group", "version", "submitted_at", "text"], rows)


def reviews_csv(rubric: Rubric, state: LinkState) -> str:
    subs = {s.id: s for s in state.submissions.values()}
    reviews = db.session.scalars(select(PeerReview).where(PeerReview.submission_id.in_(list(subs)))
                                 .order_by(PeerReview.submission_id, PeerReview.id)).all() if subs else []
    users = _names([r.reviewer_id for r in reviews] + [s.user_id for s in subs.values()])
    criteria = [c.id for c in rubric.criteria]
    rubrics = Rubrics(rubric, reviews)
    rows = []
    for review in reviews:
        author, reviewer = users.get(subs[review.submission_id].user_id), users.get(review.reviewer_id)
        levels, comments = review.levels, review.comments
        # scored by the core as grading scores it, against the rubric it was given under; a criterion that rubric
        # did not have stays blank (and so does a review that fits no rubric kept)
        own = rubrics.of(review)
        scored = dict(zip((c.id for c in own.criteria), review_points(own, levels), strict=True)) \
            if review_fits(own, levels) else {}
        points = [scored.get(c, "") for c in criteria]
        rows.append([author.sub if author else "", author.name if author else "",
                     reviewer.sub if reviewer else "", reviewer.name if reviewer else "", review.kind,
                     review.version, *points, *[comments.get(c, "") for c in criteria], review.overall,
                     review.reason, review.updated_at.isoformat(timespec="seconds")])
    return csv_text(["author_id", "author", "reviewer_id", "reviewer", "kind", "version",
                     *[f"points:{c}" for c in criteria], *[f"comment:{c}" for c in criteria], "overall", "reason",
                     "updated_at"], rows)


def grades_csv(rubric: Rubric, state: LinkState) -> str:
    users = _names(state.submissions)
    criteria = [c.id for c in rubric.criteria]
    rows = []
    for user_id, sub in sorted(state.submissions.items()):
        user = users.get(user_id)
        status = status_of(state, user_id)
        grade = grade_submission(rubric, state, sub) if sub.submitted else None
        peer = grade.grade if grade else None
        released = state.released.get(sub.id)
        rows.append([user.sub if user else "", user.name if user else "", status.state.value,
                     status.reviews_given, status.reviews_received,
                     *[(peer.criteria.get(c) if peer else "") for c in criteria],
                     round(peer.points, 4) if peer else "", peer.max_points if peer else "",
                     round(grade.reviewing, 4) if grade and grade.reviewing is not None else "",
                     round(grade.final, 4) if grade and grade.final is not None else "",
                     "yes" if peer and peer.overridden else "", peer.override_reason if peer else "",
                     "yes" if grade and grade.flagged else "",
                     round(released.score, 4) if released else "",
                     released.released_at.isoformat(timespec="seconds") if released else ""])
    return csv_text(["user_id", "name", "state", "reviews_given", "reviews_received",
                     *[f"median:{c}" for c in criteria], "points", "max_points", "reviewing_credit", "final_score",
                     "overridden", "override_reason", "disagreement", "released_score", "released_at"], rows)
