"""The learner's side of a peer exercise: write and submit (drafts autosaved, preview, attachments, versions),
review peers one lease at a time, self-assess, and read the reviews and grade received."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_datetime

from curriculum.peer.workflow import can_submit
from curriculum.rendering import LearnerTextTooLong, check_learner_text, render_learner_markdown, render_markdown
from curriculum.rubrics import InvalidReview

from ..extensions import db
from ..grades import outbox
from ..lti.errors import LaunchError
from ..lti.flask_lti import restore_launch
from ..models import utcnow
from ..peer import attachments as files
from ..peer import reviews as peer_reviews
from ..peer import submissions
from ..peer.access import attachment_for, lease_for, may_read_submission, peer_page
from ..peer.autorelease import maybe_release
from ..peer.grading import submission_breakdown
from ..peer.messages import ATTACHMENT_REFUSALS, REFUSALS, STATES, notice_text
from ..peer.models import SELF, PeerGradeRecord, PeerReview, PeerSubmission
from ..peer.rubric_versions import prefill, shown_reviews
from ..peer.settings import policy_of
from ..services.numbers import row_id
from ..services.rate_limit import take

bp = Blueprint("peer", __name__, url_prefix="/lti/peer/<launch_id>")
GROUP_PARAMS = ("fieldschool_group", "group", "section")


def launch_group(launch_id: str) -> str | None:
    """The learner's group or section, when the platform sends one as a custom parameter."""
    try:
        custom = restore_launch(launch_id).get_launch_data().get(
            "https://purl.imsglobal.org/spec/lti/claim/custom") or {}
    except LaunchError:
        return None
    for name in GROUP_PARAMS:
        if custom.get(name):
            return str(custom[name])[:255]
    return None


def when(value) -> str:
    return format_datetime(value, "medium") + " UTC" if value else ""


@bp.get("/")
def home(launch_id: str):
    page = peer_page(launch_id)
    if page.ctx.is_instructor:
        return redirect(url_for("peer_instructor.roster", launch_id=launch_id), code=303)
    now = utcnow()
    settings, user_id = page.settings, page.ctx.user_id
    sub = submissions.find_submission(page.link.id, user_id)
    standing = peer_reviews.learner_standing(settings, user_id, sub, now)
    status, policy = standing.status, policy_of(settings)
    lease = peer_reviews.active_lease(page.link.id, user_id, now)
    grade, grade_criteria, released, rubrics = None, (), None, None
    if sub and sub.submitted:
        released = db.session.query(PeerGradeRecord).filter_by(submission_id=sub.id).first()
        if released is not None:
            found = submission_breakdown(page.item.rubric, sub)
            grade, grade_criteria, rubrics = found.grade, found.criteria, found.rubrics
    # each review with the rubric it was given under (those the grade loaded are not asked for again)
    received_reviews = shown_reviews(page.item.rubric, peer_reviews.received_reviews(sub.id), rubrics) \
        if sub and sub.submitted else []
    self_review = db.session.query(PeerReview).filter_by(submission_id=sub.id, kind=SELF).first() \
        if sub and sub.submitted else None
    return render_template(
        "peer/learner.html", page=page, item=page.item, sub=sub, status=status, state_label=STATES[status.state],
        complete=standing.complete,
        notices=[notice_text(n, status.reviews_to_receive) for n in status.notices], lease=lease,
        versions=submissions.versions(sub.id) if sub else [], can_submit=can_submit(policy, now),
        current_files=files.attachments_of(sub.id) if sub else [], received=received_reviews,
        grade=grade, grade_criteria=grade_criteria, released=released, self_review=self_review,
        delivery=outbox.delivery(outbox.latest_for(page.link.id, user_id) if released else None),
        when=when, sections=_sections(page), render=submissions.version_html, max_mb=_max_mb(),
        max_chars=_max_chars(), refusal=request.args.get("msg"), refusals=REFUSALS)


def _sections(page):
    return [(s.title, render_markdown(s.markdown)) for s in page.item.sections
            if s.key in ("prompt", "instructions", "example")]


def _max_mb() -> str:
    return f"{int(current_app.config['PEER_MAX_ATTACHMENT_BYTES']) / 1_000_000:g}"


def _max_chars() -> int:
    return int(current_app.config["LEARNER_MARKDOWN_MAX_CHARS"])


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json" or bool(request.headers.get("X-Requested-With"))


def _too_long_message(exc: LearnerTextTooLong) -> str:
    from flask_babel import format_decimal
    from flask_babel import gettext as _

    return _("Your response is too long: %(n)s characters, at most %(max)s are allowed. Shorten it (or attach a "
             "file) and try again.", n=format_decimal(exc.length), max=format_decimal(exc.limit))


def _refuse(message: str, status: int):
    """A refusal in the form the caller understands: JSON for the editor's script, else an error page."""
    if _wants_json():
        return jsonify({"error": message}), status
    abort(status, description=message)


@bp.post("/draft")
def draft(launch_id: str):
    """Autosave (from the editor's script) or 'save draft' (without it)."""
    page = peer_page(launch_id)
    try:
        saved = submissions.save_draft(page.link.id, page.ctx.user_id, request.form.get("text", ""),
                                       launch_group(launch_id), _max_chars())
    except LearnerTextTooLong as exc:
        return _refuse(_too_long_message(exc), 400)
    if _wants_json():
        return jsonify({"saved_at": saved.isoformat(timespec="seconds")})
    return redirect(url_for("peer.home", launch_id=launch_id) + "#response", code=303)


@bp.post("/preview")
def preview(launch_id: str):
    """The response rendered by the server (Markdown, sanitised): what reviewers will see. Rate-limited per
    learner across every worker, and refused over the size cap."""
    from flask_babel import gettext as _

    page = peer_page(launch_id)
    wait = take("preview", str(page.ctx.user_id), int(current_app.config["PREVIEWS_PER_MINUTE"]))
    if wait:
        response = jsonify({"error": _("Too many previews in a short time. Wait a minute and try again; your text is "
                                       "safe in the editor.")})
        response.status_code, response.headers["Retry-After"] = 429, str(wait)
        return response
    try:
        text = check_learner_text(request.form.get("text", ""), _max_chars())
    except LearnerTextTooLong as exc:
        return jsonify({"error": _too_long_message(exc)}), 400
    return jsonify({"html": render_learner_markdown(text)})


@bp.post("/submit")
def submit(launch_id: str):
    page = peer_page(launch_id)
    if page.ctx.is_instructor:
        abort(403)
    now = utcnow()
    if not can_submit(policy_of(page.settings), now):
        return _back(launch_id, "submission_closed")
    try:
        text = check_learner_text(request.form.get("text", ""), _max_chars())
    except LearnerTextTooLong as exc:
        return _refuse(_too_long_message(exc), 400)
    group = launch_group(launch_id)
    sub = submissions.get_or_create_submission(page.link.id, page.ctx.user_id, group)
    db.session.flush()
    removed = []
    for attachment_id in request.form.getlist("remove"):
        row = db.session.get(files.PeerAttachment, row_id(attachment_id)) if row_id(attachment_id) else None
        if row is not None and row.submission_id == sub.id:
            removed.append(files.remove_attachment(row, sub.current_version + 1))
    uploads = [files.Upload(u.filename, u.stream) for u in request.files.getlist("files") if u and u.filename]
    try:
        if uploads or request.form.getlist("remove"):  # else nothing to commit before the new version
            files.attach_files(sub.id, uploads, sub.current_version + 1)  # commits the removals too
    except files.AttachmentRejected as exc:
        submissions.save_draft(page.link.id, page.ctx.user_id, text, group, _max_chars())
        message = str(ATTACHMENT_REFUSALS[exc.code]) % {"mb": _max_mb(),
                                                         "n": current_app.config["PEER_MAX_ATTACHMENTS"]}
        flash(message, "error")
        return redirect(url_for("peer.home", launch_id=launch_id) + "#response", code=303)
    files.discard(removed)
    try:
        submissions.submit(page.settings, page.ctx.user_id, text, group, now, _max_chars())
    except submissions.EmptySubmission:
        return _back(launch_id, "empty")
    except submissions.SubmissionClosed:
        return _back(launch_id, "submission_closed")
    flash_ok()
    return redirect(url_for("peer.home", launch_id=launch_id) + "#response", code=303)


def flash_ok() -> None:
    from flask_babel import gettext as _

    flash(_("Your response was submitted. You can still change it until the submission deadline."), "ok")


def _back(launch_id: str, code: str):
    return redirect(url_for("peer.home", launch_id=launch_id, msg=code), code=303)


@bp.get("/files/<int:attachment_id>")
def attachment(launch_id: str, attachment_id: int):
    page = peer_page(launch_id)
    row = attachment_for(page, attachment_id)
    inline = row.content_type in files.IMAGE_TYPES | files.AUDIO_TYPES or row.content_type == "application/pdf"
    response = Response(files.read_attachment(row), mimetype=row.content_type)
    response.headers["Content-Disposition"] = (
        f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{_quote(row.filename)}")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


@bp.post("/review")
def request_review(launch_id: str):
    page = peer_page(launch_id)
    try:
        peer_reviews.request_review(page.settings, page.ctx.user_id)
    except peer_reviews.NotAllowed as exc:
        return _back(launch_id, exc.code)
    return redirect(url_for("peer.review", launch_id=launch_id), code=303)


@bp.get("/review")
def review(launch_id: str):
    page = peer_page(launch_id)
    lease = peer_reviews.active_lease(page.link.id, page.ctx.user_id)
    if lease is None:
        return redirect(url_for("peer.home", launch_id=launch_id), code=303)
    sub = db.session.get(PeerSubmission, lease.submission_id)
    if not may_read_submission(page, sub):
        abort(404)
    version = submissions.version(sub.id)
    return render_template("peer/review.html", page=page, item=page.item, lease=lease,
                           response_html=submissions.version_html(version),
                           files=files.attachments_of(sub.id, version.number if version else 0), when=when,
                           error=request.args.get("error"), self_review=False, review=None)


@bp.post("/review/<int:assignment_id>")
def submit_review(launch_id: str, assignment_id: int):
    page = peer_page(launch_id)
    lease = lease_for(page, assignment_id)
    try:
        data = peer_reviews.parse_review(page.item.rubric, request.form)
    except InvalidReview:
        return redirect(url_for("peer.review", launch_id=launch_id, error="incomplete"), code=303)
    version = submissions.version(lease.submission_id)
    try:
        peer_reviews.complete_review(lease, data, version.number if version else 1)
    except peer_reviews.NotAllowed as exc:
        return _back(launch_id, exc.code)
    maybe_release(page, utcnow())
    from flask_babel import gettext as _

    flash(_("Thank you: your review was saved."), "ok")
    return redirect(url_for("peer.home", launch_id=launch_id) + "#reviewing", code=303)


@bp.get("/self")
def self_form(launch_id: str):
    page = peer_page(launch_id)
    sub = submissions.find_submission(page.link.id, page.ctx.user_id)
    if not page.settings.self_assessment or sub is None or not sub.submitted:
        abort(404)
    version = submissions.version(sub.id)
    existing = db.session.query(PeerReview).filter_by(submission_id=sub.id, kind=SELF).first()
    return render_template("peer/review.html", page=page, item=page.item, lease=None,
                           response_html=submissions.version_html(version), when=when,
                           files=files.attachments_of(sub.id, version.number), error=request.args.get("error"),
                           self_review=True, review=prefill(page.item.rubric, existing))


@bp.post("/self")
def self_assess(launch_id: str):
    page = peer_page(launch_id)
    sub = submissions.find_submission(page.link.id, page.ctx.user_id)
    if not page.settings.self_assessment or sub is None or not sub.submitted:
        abort(404)
    try:
        data = peer_reviews.parse_review(page.item.rubric, request.form)
    except InvalidReview:
        return redirect(url_for("peer.self_form", launch_id=launch_id, error="incomplete"), code=303)
    peer_reviews.save_self_assessment(sub, data)
    from flask_babel import gettext as _

    flash(_("Your self-assessment was saved."), "ok")
    return redirect(url_for("peer.home", launch_id=launch_id), code=303)
