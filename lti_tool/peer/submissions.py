"""Drafts (autosaved), submissions and resubmissions (each version kept), until the submission deadline."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from curriculum.peer.workflow import can_submit
from curriculum.rendering import LEARNER_MARKDOWN_MAX_CHARS, check_learner_text, render_learner_markdown

from ..extensions import db
from ..models import utcnow
from .models import PeerAttachment, PeerSubmission, PeerVersion
from .reviews import keep_completion
from .settings import PeerSettings, policy_of


class SubmissionClosed(Exception):
    """The submission deadline has passed."""


class EmptySubmission(ValueError):
    """Nothing to submit."""


def find_submission(link_id: int, user_id: int) -> PeerSubmission | None:
    return db.session.scalars(select(PeerSubmission).filter_by(resource_link_id=link_id, user_id=user_id)).first()


def get_or_create_submission(link_id: int, user_id: int, group: str | None = None) -> PeerSubmission:
    """The learner's submission row; concurrent first requests end up with the same one (unique constraint)."""
    row = find_submission(link_id, user_id)
    if row is None:
        try:
            with db.session.begin_nested():
                row = PeerSubmission(resource_link_id=link_id, user_id=user_id, group=group, draft_text="",
                                     current_version=0)
                db.session.add(row)
        except IntegrityError:
            row = find_submission(link_id, user_id)
    if group and row.group != group:
        row.group = group
    return row


def save_draft(link_id: int, user_id: int, text: str, group: str | None = None,
               max_chars: int = LEARNER_MARKDOWN_MAX_CHARS) -> datetime:
    """Keep the learner's draft; over ``max_chars`` raises ``LearnerTextTooLong`` and keeps the previous draft."""
    text = check_learner_text(text, max_chars)
    row = get_or_create_submission(link_id, user_id, group)
    row.draft_text = text
    row.draft_saved_at = utcnow()
    db.session.commit()
    return row.draft_saved_at


def submit(settings: PeerSettings, user_id: int, text: str, group: str | None = None,
           now: datetime | None = None, max_chars: int = LEARNER_MARKDOWN_MAX_CHARS) -> PeerVersion:
    """Record a new version of the learner's response, rendered once here so readers get stored HTML. The submission
    row is locked while numbering, so two concurrent submits give versions n and n+1, never two n. Over
    ``max_chars`` raises ``LearnerTextTooLong``."""
    now = now or utcnow()
    if not can_submit(policy_of(settings), now):
        raise SubmissionClosed()
    text = check_learner_text(text, max_chars)
    row = get_or_create_submission(settings.resource_link_id, user_id, group)
    db.session.flush()
    has_files = db.session.scalar(select(PeerAttachment.id).filter_by(submission_id=row.id, removed_in=None)
                                  .limit(1)) is not None
    if not text.strip() and not has_files:
        db.session.rollback()
        raise EmptySubmission()
    # numbered in the database (the UPDATE locks the row), the number read back in the same round trip
    number = db.session.execute(update(PeerSubmission).where(PeerSubmission.id == row.id)
                                .values(current_version=PeerSubmission.current_version + 1, updated_at=now)
                                .returning(PeerSubmission.current_version)
                                .execution_options(synchronize_session=False)).scalar_one()
    set_committed_value(row, "current_version", number)
    set_committed_value(row, "updated_at", now)
    version = PeerVersion(submission_id=row.id, number=number, text=text, html=render_learner_markdown(text),
                          created_at=now)
    db.session.add(version)
    if row.submitted_at is None:
        row.submitted_at = now
    row.draft_text = text
    row.draft_saved_at = now
    db.session.commit()
    keep_completion(settings, user_id, now)  # with nothing to review (none asked, or the deadline passed), done now
    return version


def versions(submission_id: int) -> list[PeerVersion]:
    return list(db.session.scalars(select(PeerVersion).filter_by(submission_id=submission_id)
                                   .order_by(PeerVersion.number)))


def version(submission_id: int, number: int | None = None) -> PeerVersion | None:
    query = select(PeerVersion).filter_by(submission_id=submission_id)
    if number is not None:
        query = query.filter_by(number=number)
    return db.session.scalars(query.order_by(PeerVersion.number.desc()).limit(1)).first()


def version_html(version: PeerVersion | None) -> str:
    """A version's sanitised HTML as stored when it was submitted. Versions from before HTML was stored are rendered
    on first reading and the result kept (derived data, the same for every reader), so each renders once."""
    if version is None:
        return ""
    if version.html is None:
        html = render_learner_markdown(version.text)
        db.session.execute(update(PeerVersion).where(PeerVersion.id == version.id, PeerVersion.html.is_(None))
                           .values(html=html))
        db.session.commit()
        return html
    return version.html
