"""A learner's data on request: everything the tool holds about one person (a platform's ``sub``) as a ZIP of JSON
files and their attachments, and its deletion.

Deletion keeps what other learners' grades rest on and removes everything else. The learner's row stays as an
anonymous placeholder (``sub`` replaced by a random value, name, e-mail and locale emptied), so reviews they wrote
stay, anonymised, and other learners' grades and reviewing credit do not change; a submitted peer submission stays
as an empty shell for the same reason (its texts blanked, its files deleted, the comments on it removed, the rubric
levels others gave it kept). Their answers, attempts, memberships, grades, outbox rows and the audit entries about
their work go; so do their organisation memberships, and their capacity self-assessments lose their evidence notes
(the levels stay, anonymous, as their organisation's profile). A :class:`DataRequest` row records each export and
deletion without naming the learner.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import secrets
import zipfile
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, select, update

from ..activity_models import ActivityCompletion, AssessmentAttempt, CaseAnswer
from ..extensions import db
from ..grades.models import GradeOutbox
from ..models import Context, LtiUser, Membership, ResourceLink
from ..organisations.learner_data import forget_learner, learner_sections
from ..peer.models import (
    CANCELLED,
    LEASED,
    PeerAssignment,
    PeerAttachment,
    PeerAudit,
    PeerGradeRecord,
    PeerReview,
    PeerSubmission,
    PeerVersion,
)
from .models import DELETE, EXPORT, DataRequest

ERASED_PREFIX = "erased-"


class LearnerNotFound(LookupError):
    """No learner with that ``sub`` on that platform (or already deleted)."""


def subject_hash(platform_id: int, sub: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{platform_id}:{sub}".encode(), hashlib.sha256).hexdigest()


def find_learner(platform_id: int, sub: str) -> LtiUser:
    user = db.session.scalars(select(LtiUser).filter_by(platform_id=platform_id, sub=sub)).first()
    if user is None or sub.startswith(ERASED_PREFIX):
        raise LearnerNotFound(f"no learner with sub {sub!r} on platform {platform_id}")
    return user


def _when(value: datetime | None) -> str | None:
    return value.isoformat() + "Z" if value else None


def _link(links: dict[int, ResourceLink], link_id: int) -> dict:
    link = links.get(link_id) or db.session.get(ResourceLink, link_id)
    links[link_id] = link
    return {"resource_link_id": link.resource_link_id, "title": link.title, "item_id": link.item_id}


def _storage_dir() -> Path:
    return Path(current_app.instance_path) / "peer_files"


def _review(review: PeerReview, links: dict, with_link: bool, submission_link: int | None = None) -> dict:
    entry = {"kind": review.kind, "version_reviewed": review.version, "levels": review.levels,
             "comments": review.comments, "overall": review.overall, "created_at": _when(review.created_at),
             "updated_at": _when(review.updated_at)}
    if review.reason:
        entry["reason"] = review.reason
    if with_link and submission_link is not None:
        entry["activity"] = _link(links, submission_link)
    return entry


def collect(user: LtiUser) -> tuple[dict[str, object], dict[str, bytes]]:
    """({json file name: content}, {archive path: file bytes}) for everything held about ``user``."""
    links: dict[int, ResourceLink] = {}
    uid = user.id
    sections: dict[str, object] = {
        "user.json": {"platform_id": user.platform_id, "sub": user.sub, "name": user.name, "email": user.email,
                      "locale": user.locale, "first_launch_at": _when(user.created_at),
                      "last_launch_at": _when(user.last_launch_at)},
    }
    memberships = db.session.execute(select(Membership, Context).join(Context, Context.id == Membership.context_id)
                                     .where(Membership.user_id == uid)).all()
    sections["memberships.json"] = [
        {"course": {"context_id": c.context_id, "title": c.title, "label": c.label}, "role": m.role,
         "lti_roles": m.lti_roles.split(), "updated_at": _when(m.updated_at)} for m, c in memberships]
    sections["case_study_answers.json"] = [
        {"activity": _link(links, a.resource_link_id), "question": a.question_id, "text": a.text,
         "updated_at": _when(a.updated_at)}
        for a in db.session.scalars(select(CaseAnswer).filter_by(user_id=uid).order_by(CaseAnswer.id))]
    sections["completions.json"] = [  # case studies marked complete, peer exercises whose part was done
        {"activity": _link(links, c.resource_link_id), "completed_at": _when(c.completed_at)}
        for c in db.session.scalars(select(ActivityCompletion).filter_by(user_id=uid)
                                    .order_by(ActivityCompletion.id))]
    sections["assessment_attempts.json"] = [
        {"activity": _link(links, a.resource_link_id), "item_id": a.item_id, "number": a.number,
         "language": a.language, "question_order": a.order, "responses": a.responses, "results": a.results,
         "points": a.points, "max_points": a.max_points, "score": a.score, "passed": a.passed,
         "submitted_at": _when(a.submitted_at)}
        for a in db.session.scalars(select(AssessmentAttempt).filter_by(user_id=uid).order_by(AssessmentAttempt.id))]
    files: dict[str, bytes] = {}
    submissions = list(db.session.scalars(select(PeerSubmission).filter_by(user_id=uid).order_by(PeerSubmission.id)))
    exported = []
    for sub in submissions:
        versions = db.session.scalars(select(PeerVersion).filter_by(submission_id=sub.id)
                                      .order_by(PeerVersion.number)).all()
        attachments = []
        for att in db.session.scalars(select(PeerAttachment).filter_by(submission_id=sub.id)
                                      .order_by(PeerAttachment.id)):
            path = f"files/submission-{sub.id}/{att.id}-{att.filename}"
            stored = _storage_dir() / att.storage_key
            if stored.exists():
                files[path] = stored.read_bytes()
            attachments.append({"file": path if stored.exists() else None, "filename": att.filename,
                                "content_type": att.content_type, "size": att.size, "sha256": att.sha256,
                                "in_versions_from": att.added_in, "removed_in_version": att.removed_in,
                                "uploaded_at": _when(att.created_at)})
        received = db.session.scalars(select(PeerReview).filter_by(submission_id=sub.id).order_by(PeerReview.id))
        grade = db.session.scalars(select(PeerGradeRecord).filter_by(submission_id=sub.id)).first()
        exported.append({
            "activity": _link(links, sub.resource_link_id), "group": sub.group, "draft": sub.draft_text,
            "draft_saved_at": _when(sub.draft_saved_at), "first_submitted_at": _when(sub.submitted_at),
            "versions": [{"number": v.number, "text": v.text, "submitted_at": _when(v.created_at)} for v in versions],
            "attachments": attachments,
            # Reviewers stay anonymous to the learner, as on the learner's page.
            "reviews_received": [_review(r, links, False) for r in received],
            "released_grade": None if grade is None else {
                "score": grade.score, "submission_score": grade.submission_score,
                "reviewing_score": grade.reviewing_score, "released_at": _when(grade.released_at)},
        })
    sections["peer_submissions.json"] = exported
    given = db.session.execute(select(PeerReview, PeerSubmission.resource_link_id).join(
        PeerSubmission, PeerSubmission.id == PeerReview.submission_id).where(PeerReview.reviewer_id == uid)
        .order_by(PeerReview.id)).all()
    sections["peer_reviews_given.json"] = [_review(r, links, True, link_id) for r, link_id in given]
    sections["peer_review_assignments.json"] = [
        {"activity": _link(links, a.resource_link_id), "status": a.status, "leased_at": _when(a.leased_at),
         "expires_at": _when(a.expires_at), "completed_at": _when(a.completed_at)}
        for a in db.session.scalars(select(PeerAssignment).filter_by(reviewer_id=uid).order_by(PeerAssignment.id))]
    sections["grades_sent.json"] = [
        {"activity": _link(links, g.resource_link_id), "lineitem_url": g.lineitem_url, "score_given": g.score_given,
         "score_maximum": g.score_maximum, "activity_progress": g.activity_progress,
         "grading_progress": g.grading_progress, "comment": g.comment, "timestamp": g.timestamp, "state": g.state,
         "attempts": g.attempts, "created_at": _when(g.created_at), "delivered_at": _when(g.delivered_at)}
        for g in db.session.scalars(select(GradeOutbox).filter_by(user_id=uid).order_by(GradeOutbox.id))]
    submission_ids = [s.id for s in submissions]
    audit = db.session.scalars(select(PeerAudit).where(
        (PeerAudit.submission_id.in_(submission_ids)) | (PeerAudit.actor_id == uid)).order_by(PeerAudit.id))
    sections["audit_entries.json"] = [
        {"activity": _link(links, a.resource_link_id), "action": a.action, "by_this_learner": a.actor_id == uid,
         "about_this_learner": a.submission_id in submission_ids, "detail": a.detail, "reason": a.reason,
         "created_at": _when(a.created_at)} for a in audit]
    sections.update(learner_sections(uid))
    return sections, files


def export_learner(platform_id: int, sub: str) -> bytes:
    """The learner's data as a ZIP (one JSON file per kind, plus their attachments); the export is recorded."""
    user = find_learner(platform_id, sub)
    sections, files = collect(user)
    counts = {name.removesuffix(".json"): (len(v) if isinstance(v, list) else 1) for name, v in sections.items()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sections.items():
            archive.writestr(name, json.dumps(content, ensure_ascii=False, indent=2, sort_keys=True))
        for path, data in files.items():
            archive.writestr(path, data)
    db.session.add(DataRequest(kind=EXPORT, platform_id=platform_id, subject_hash=subject_hash(platform_id, sub),
                               detail_json=json.dumps({**counts, "files": len(files)}, sort_keys=True)))
    db.session.commit()
    return out.getvalue()


def delete_learner(platform_id: int, sub: str) -> dict[str, int]:
    """Remove or anonymise everything held about the learner (see the module's docstring); returns what was done
    per kind. One transaction; attachment files are deleted once it has committed."""
    user = find_learner(platform_id, sub)
    uid = user.id
    session = db.session
    done: dict[str, int] = {}

    def gone(kind: str, statement) -> None:
        done[kind] = session.execute(statement.execution_options(synchronize_session=False)).rowcount or 0

    submissions = list(session.scalars(select(PeerSubmission).filter_by(user_id=uid)))
    kept = [s.id for s in submissions if s.submitted]  # others' grades and reviewing credit rest on these
    dropped = [s.id for s in submissions if not s.submitted]
    every = kept + dropped
    storage_keys = list(session.scalars(select(PeerAttachment.storage_key).where(
        PeerAttachment.submission_id.in_(every))))
    gone("attachments", delete(PeerAttachment).where(PeerAttachment.submission_id.in_(every)))
    gone("submission_versions_blanked", update(PeerVersion).where(PeerVersion.submission_id.in_(kept))
         .values(text=""))
    gone("received_review_comments_removed", update(PeerReview).where(PeerReview.submission_id.in_(kept))
         .values(comments_json="{}", overall="", reason=""))
    gone("audit_entries", delete(PeerAudit).where(PeerAudit.submission_id.in_(every)))
    gone("released_grades", delete(PeerGradeRecord).where(PeerGradeRecord.submission_id.in_(every)))
    session.execute(update(PeerAssignment).where(PeerAssignment.submission_id.in_(kept),
                                                 PeerAssignment.status == LEASED).values(status=CANCELLED))
    session.execute(update(PeerSubmission).where(PeerSubmission.id.in_(kept))
                    .values(draft_text="", draft_saved_at=None, group=None))
    for model in (PeerReview, PeerAssignment, PeerVersion):  # drafts never submitted: nobody relies on them
        session.execute(delete(model).where(model.submission_id.in_(dropped)))
    session.execute(delete(PeerSubmission).where(PeerSubmission.id.in_(dropped)))
    done["peer_submissions_kept_anonymous"] = len(kept)
    done["peer_drafts_deleted"] = len(dropped)
    gone("open_review_leases_cancelled", update(PeerAssignment).where(
        PeerAssignment.reviewer_id == uid, PeerAssignment.status == LEASED).values(status=CANCELLED))
    done["reviews_given_kept_anonymous"] = len(session.scalars(select(PeerReview.id).filter_by(
        reviewer_id=uid)).all())
    session.execute(update(PeerAssignment).where(PeerAssignment.assigned_by == uid).values(assigned_by=None))
    session.execute(update(PeerGradeRecord).where(PeerGradeRecord.released_by == uid).values(released_by=None))
    session.execute(update(PeerAudit).where(PeerAudit.actor_id == uid).values(actor_id=None))
    gone("case_study_answers", delete(CaseAnswer).where(CaseAnswer.user_id == uid))
    gone("completions", delete(ActivityCompletion).where(ActivityCompletion.user_id == uid))
    gone("assessment_attempts", delete(AssessmentAttempt).where(AssessmentAttempt.user_id == uid))
    gone("grade_outbox_rows", delete(GradeOutbox).where(GradeOutbox.user_id == uid))
    gone("memberships", delete(Membership).where(Membership.user_id == uid))
    done.update(forget_learner(uid))
    session.execute(update(LtiUser).where(LtiUser.id == uid).values(
        sub=ERASED_PREFIX + secrets.token_hex(16), name="", email="", locale="", created_at=datetime(2000, 1, 1),
        last_launch_at=datetime(2000, 1, 1)))
    done["attachment_files"] = len(storage_keys)
    session.add(DataRequest(kind=DELETE, platform_id=platform_id, subject_hash=subject_hash(platform_id, sub),
                            detail_json=json.dumps(done, sort_keys=True)))
    session.commit()
    for key in storage_keys:
        (_storage_dir() / key).unlink(missing_ok=True)
    return done
