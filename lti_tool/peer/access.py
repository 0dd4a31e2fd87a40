"""Who may open what in a peer exercise: every request resolves its launch (bound to the browser session), the
launch's resource link and its peer item; objects named in URLs must belong to that link, and instructor pages
need the instructor role. A learner sees only their own submission and those leased to them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, g

from curriculum import PeerExercise

from ..extensions import db
from ..lti.errors import LaunchError
from ..models import ResourceLink
from ..services import launch_context
from ..services.access import require_instructor_of
from ..services.activity import resolve_item
from ..services.course import get_course
from ..services.provisioning import LaunchContext
from .models import DONE, EXPIRED, LEASED, PeerAssignment, PeerAttachment, PeerSubmission
from .settings import PeerSettings, get_settings


@dataclass
class PeerPage:
    ctx: LaunchContext
    link: ResourceLink
    item: PeerExercise
    settings: PeerSettings
    language: str


def peer_page(launch_id: str, instructor: bool = False) -> PeerPage:
    ctx = launch_context.load(launch_id)
    if ctx.locale:
        g.lang = ctx.locale
    g.demo = ctx.demo
    link = db.session.get(ResourceLink, ctx.resource_link_id) if ctx.resource_link_id else None
    if instructor:
        if link is None:
            raise LaunchError("forbidden", f"user {ctx.user_id} opened an instructor page of launch {launch_id}")
        require_instructor_of(ctx, link)
    if link is None:
        abort(404)
    course = get_course()
    item_id = resolve_item(ctx, course)
    language = ctx.locale or "en"
    item = course.find_item(item_id, language) if item_id else None
    if not isinstance(item, PeerExercise):
        abort(404)
    return PeerPage(ctx, link, item, get_settings(link.id, item), language)


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
