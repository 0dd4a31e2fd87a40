"""Who may open what in a peer exercise: every request resolves its launch (bound to the browser session), the
launch's resource link and its peer item; objects named in URLs must belong to that link, and instructor pages
need the instructor role. A learner sees only their own submission and those leased to them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, request

from curriculum import PeerExercise

from ..extensions import db
from ..models import ResourceLink
from ..services.access import open_activity
from ..services.provisioning import LaunchContext
from .models import DONE, EXPIRED, LEASED, PeerAssignment, PeerAttachment, PeerSubmission
from .settings import PeerSettings, get_settings, read_settings


@dataclass
class PeerPage:
    ctx: LaunchContext
    link: ResourceLink
    item: PeerExercise
    settings: PeerSettings
    language: str


def peer_page(launch_id: str, instructor: bool = False) -> PeerPage:
    """The peer exercise a launch opened, through the tool's one resolver (:func:`services.access.open_activity`).
    A page view reads the link's settings; an action (a post) stores them first if nobody has yet."""
    activity = open_activity(launch_id, PeerExercise, instructor=instructor)
    settings = (read_settings if request.method in ("GET", "HEAD") else get_settings)(activity.link.id, activity.item)
    return PeerPage(activity.ctx, activity.link, activity.item, settings, activity.language)


def submission_in_link(page: PeerPage, submission_id: int) -> PeerSubmission:
    sub = db.session.get(PeerSubmission, submission_id)
    if sub is None or sub.resource_link_id != page.link.id:
        abort(404)
    return sub


def may_read_submission(page: PeerPage, sub: PeerSubmission) -> bool:
    """The author, the link's instructor, or a learner holding (or having done) a lease on it."""
    if sub.resource_link_id != page.link.id:
        return False
    if page.ctx.is_instructor or sub.user_id == page.ctx.user_id:
        return True
    lease = db.session.query(PeerAssignment).filter_by(submission_id=sub.id, reviewer_id=page.ctx.user_id).first()
    return lease is not None and lease.status in (LEASED, DONE, EXPIRED)


def attachment_for(page: PeerPage, attachment_id: int) -> PeerAttachment:
    row = db.session.get(PeerAttachment, attachment_id)
    sub = db.session.get(PeerSubmission, row.submission_id) if row else None
    if row is None or sub is None or not may_read_submission(page, sub):
        abort(404)
    return row


def lease_for(page: PeerPage, assignment_id: int) -> PeerAssignment:
    row = db.session.get(PeerAssignment, assignment_id)
    if row is None or row.resource_link_id != page.link.id or row.reviewer_id != page.ctx.user_id:
        abort(404)
    return row
