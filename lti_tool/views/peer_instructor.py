"""The instructor's side of a peer exercise: the roster with each learner's state (filters 'stuck' and
'flagged'), settings, any submission with its reviews and names, rubric grading and overrides with reasons,
reassigning reviews, releasing grades, CSV exports."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from curriculum.peer.workflow import LEASE_MINUTES, REVIEWS_PER_RESPONSE
from curriculum.rubrics import InvalidReview

from ..extensions import db
from ..grades import outbox
from ..models import Context, LtiUser, utcnow
from ..peer import attachments as files
from ..peer import export, grading, submissions
from ..peer import reviews as peer_reviews
from ..peer.access import peer_page, submission_in_link
from ..peer.messages import REFUSALS, STATES
from ..peer.models import LEASED, SELF, PeerAssignment, PeerReview
from ..peer.release import releasable, release_grades
from ..peer.rubric_versions import prefill, shown_reviews
from ..peer.settings import lease_minutes_from, reviews_required_from
from ..services.numbers import is_digits, row_id
from ..services.roster import RosterSource, course_learners
from .peer import when

bp = Blueprint("peer_instructor", __name__, url_prefix="/lti/peer/<launch_id>/instructor")
FILTERS = ("all", "stuck", "flagged")


@bp.get("/")
def roster(launch_id: str):
    page = peer_page(launch_id, instructor=True)
    now = utcnow()
    state = grading.load_state(page.settings, now)
    context = db.session.get(Context, page.ctx.context_id) if page.ctx.context_id else None
    entries, source = course_learners(context) if context else ([], RosterSource("launches"))
    reviewable = grading.reviewable_counts(state)
    unreachable = grading.unreachable_ids(state)
    rubric = page.item.rubric
    changed = set(releasable(rubric, state))
    latest = outbox.latest_by_user(page.link.id)
    rows = []
    for entry in entries:
        sub = state.submissions.get(entry.user_id) if entry.user_id else None
        status = grading.status_of(state, entry.user_id, reviewable.get(entry.user_id, 0), unreachable) \
            if entry.user_id else grading.status_of(state, -1)
        grade = grading.grade_submission(rubric, state, sub) if sub and sub.submitted else None
        released = state.released.get(sub.id) if sub else None
        rows.append({"entry": entry, "sub": sub, "status": status, "grade": grade, "released": released,
                     "changed": bool(released and sub.id in changed),
                     "delivery": outbox.delivery(latest.get(entry.user_id) if released else None)})
    chosen = request.args.get("filter", "all")
    if chosen == "stuck":
        rows = [r for r in rows if r["status"].stuck]
    elif chosen == "flagged":
        rows = [r for r in rows if r["grade"] and r["grade"].flagged]
    return render_template("peer/instructor.html", page=page, rows=rows, filters=FILTERS, chosen=chosen,
                           source=source, states=STATES, releasable=len(releasable(rubric, state)),
                           settings=page.settings, when=when, fmt_dt=_fmt_input, reviews_bounds=REVIEWS_PER_RESPONSE,
                           lease_bounds=LEASE_MINUTES)


def _fmt_input(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%dT%H:%M") if value else ""


def _parse_dt(raw: str | None) -> datetime | None:
    """A deadline as the tool keeps every time: naive UTC (the form says UTC; a time typed with an offset is
    converted, never stored as its wall-clock time nor compared aware with the tool's naive ``utcnow()``)."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        abort(400, _("Dates look like 2026-12-31T23:59."))
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo is not None else value


def _percent(raw: str | None) -> int:
    try:
        return max(0, min(100, int(raw)))
    except (TypeError, ValueError):
        return 0


@bp.post("/settings")
def save_settings(launch_id: str):
    page = peer_page(launch_id, instructor=True)
    form = request.form
    mode = form.get("mode", "peer")
    reviews = reviews_required_from(mode, form.get("reviews_required"), page.item)
    weight = _percent(form.get("reviewing_weight")) / 100
    peer_reviews.reconfigure(page.settings, reviews_required=reviews, instructor_review=mode == "peer+instructor",
                             self_assessment=bool(form.get("self_assessment")),
                             exclude_same_group=bool(form.get("exclude_same_group")),
                             submission_deadline=_parse_dt(form.get("submission_deadline")),
                             review_deadline=_parse_dt(form.get("review_deadline")),
                             lease_minutes=lease_minutes_from(form.get("lease_minutes")),
                             auto_release=bool(form.get("auto_release")), reviewing_weight=weight)
    grading.audit(page.link.id, "settings", page.ctx.user_id, mode=mode, reviews_required=reviews)
    db.session.commit()
    flash(_("Settings saved."), "ok")
    return redirect(url_for(".roster", launch_id=launch_id), code=303)


@bp.get("/submission/<int:submission_id>")
def submission(launch_id: str, submission_id: int):
    page = peer_page(launch_id, instructor=True)
    sub = submission_in_link(page, submission_id)
    state = grading.load_state(page.settings)
    grade = grading.grade_submission(page.item.rubric, state, sub) if sub.submitted else None
    reviews = db.session.scalars(select(PeerReview).filter_by(submission_id=sub.id)
                                 .order_by(PeerReview.kind, PeerReview.id)).all()
    leases = db.session.scalars(select(PeerAssignment).filter_by(submission_id=sub.id)
                                .order_by(PeerAssignment.id)).all()
    users = {u.id: u for u in db.session.scalars(select(LtiUser).where(LtiUser.id.in_(
        [sub.user_id] + [r.reviewer_id for r in reviews] + [a.reviewer_id for a in leases])))}
    learners = [u for u in (db.session.get(LtiUser, s.user_id) for s in state.submissions.values()
                            if s.submitted and s.user_id != sub.user_id) if u]
    versions = submissions.versions(sub.id)
    instructor_review = state.instructor_reviews.get(sub.id)
    return render_template(
        "peer/submission.html", page=page, item=page.item, sub=sub, author=users.get(sub.user_id), grade=grade,
        versions=[(v, submissions.version_html(v), files.attachments_of(sub.id, v.number))
                  for v in reversed(versions)],
        reviews=shown_reviews(page.item.rubric, reviews, state.rubrics(page.item.rubric)),  # each with its own rubric
        users=users, leases=leases, learners=sorted(learners, key=lambda u: u.name or u.sub),
        instructor_review=instructor_review, instructor_prefill=prefill(page.item.rubric, instructor_review),
        audit=grading.audit_trail(page.link.id, sub.id),
        released=state.released.get(sub.id), when=when, now=utcnow(), LEASED=LEASED, SELF=SELF,
        error=request.args.get("error"), refusals=REFUSALS)


@bp.post("/submission/<int:submission_id>/grade")
def grade(launch_id: str, submission_id: int):
    page = peer_page(launch_id, instructor=True)
    sub = submission_in_link(page, submission_id)
    if not sub.submitted:
        abort(404)
    try:
        data = peer_reviews.parse_review(page.item.rubric, request.form)
        peers = len(peer_reviews.received_reviews(sub.id))
        grading.instructor_grade(page.item.rubric, sub, page.ctx.user_id, data.levels, data.comments, data.overall,
                                 request.form.get("reason", ""), peers)
    except InvalidReview:
        return redirect(url_for(".submission", launch_id=launch_id, submission_id=sub.id, error="grade") + "#grade",
                        code=303)
    from ..peer.autorelease import maybe_release, rerelease_changed

    now = utcnow()
    if rerelease_changed(page, sub.id, page.ctx.user_id, now):
        flash(_("Grade saved and sent to the gradebook again, replacing the grade released before."), "ok")
    else:
        maybe_release(page, now)
        flash(_("Grade saved."), "ok")
    return redirect(url_for(".submission", launch_id=launch_id, submission_id=sub.id), code=303)


@bp.post("/submission/<int:submission_id>/clear")
def clear(launch_id: str, submission_id: int):
    page = peer_page(launch_id, instructor=True)
    sub = submission_in_link(page, submission_id)
    grading.clear_instructor_grade(sub, page.ctx.user_id, request.form.get("reason", ""))
    from ..peer.autorelease import rerelease_changed

    rerelease_changed(page, sub.id, page.ctx.user_id, utcnow())
    return redirect(url_for(".submission", launch_id=launch_id, submission_id=sub.id), code=303)


@bp.post("/submission/<int:submission_id>/assign")
def assign(launch_id: str, submission_id: int):
    """Reassign: hand this submission to a chosen learner for review."""
    page = peer_page(launch_id, instructor=True)
    sub = submission_in_link(page, submission_id)
    reviewer_id = request.form.get("reviewer", "")
    reviewer = submissions.find_submission(page.link.id, row_id(reviewer_id)) if row_id(reviewer_id) else None
    if reviewer is None:
        abort(400)
    try:
        peer_reviews.assign_review(page.settings, sub, reviewer.user_id, page.ctx.user_id)
    except peer_reviews.NotAllowed as exc:
        return redirect(url_for(".submission", launch_id=launch_id, submission_id=sub.id, error=exc.code), code=303)
    grading.audit(page.link.id, "assign", page.ctx.user_id, sub.id, reviewer=reviewer.user_id)
    db.session.commit()
    return redirect(url_for(".submission", launch_id=launch_id, submission_id=sub.id), code=303)


@bp.post("/lease/<int:assignment_id>/cancel")
def cancel(launch_id: str, assignment_id: int):
    """Free a submission held by a reviewer (who abandoned it)."""
    page = peer_page(launch_id, instructor=True)
    lease = db.session.get(PeerAssignment, assignment_id)
    if lease is None or lease.resource_link_id != page.link.id:
        abort(404)
    peer_reviews.cancel_lease(lease)
    grading.audit(page.link.id, "cancel_lease", page.ctx.user_id, lease.submission_id, reviewer=lease.reviewer_id)
    db.session.commit()
    return redirect(url_for(".submission", launch_id=launch_id, submission_id=lease.submission_id), code=303)


@bp.post("/release")
def release(launch_id: str):
    page = peer_page(launch_id, instructor=True)
    state = grading.load_state(page.settings)
    ids = [int(i) for i in request.form.getlist("submission") if is_digits(i)] or None
    if ids is not None:
        allowed = {s.id for s in state.submissions.values()}
        ids = [i for i in ids if i in allowed]
    count = release_grades(page.item.rubric, state, page.link, page.ctx.user_id, ids)
    flash(ngettext("%(num)s grade was sent to the gradebook.", "%(num)s grades were sent to the gradebook.", count),
          "ok")
    return redirect(url_for(".roster", launch_id=launch_id), code=303)


@bp.get("/export/<kind>.csv")
def export_csv(launch_id: str, kind: str):
    page = peer_page(launch_id, instructor=True)
    state = grading.load_state(page.settings)
    if kind == "submissions":
        body = export.submissions_csv(state)
    elif kind == "reviews":
        body = export.reviews_csv(page.item.rubric, state)
    elif kind == "grades":
        body = export.grades_csv(page.item.rubric, state)
    else:
        abort(404)
    response = Response("\ufeff" + body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{page.item.id}-{kind}.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
