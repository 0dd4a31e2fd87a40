"""The one resolver of a page's activity context, and who may see what on activity pages.

Every blueprint (activities, case studies, assessments, peer exercises, the library, organisations, instructor
pages, deep linking) opens its launch here: :func:`open_launch` loads the launch bound to this browser and sets the
page's language and demo marker on ``g``; :func:`open_activity` adds the launch's resource link and the curriculum
item it shows. Resolving only reads: nothing here writes to the database (a link's item is stored at launch time,
by :mod:`lti_tool.services.provisioning`, or when an instructor chooses it).

The launch names the user, the course and the link; a learner only ever reaches their own rows on that link, an
instructor only the links of their course."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, g

from curriculum import Assessment, CaseStudy, PeerExercise

from ..extensions import db
from ..lti.errors import LaunchError
from ..models import LtiUser, Membership, ResourceLink
from . import launch_context
from .activity import launch_link, resolve_item
from .course import course_holding
from .provisioning import LaunchContext


@dataclass
class Activity:
    """An open activity page: the launch, its resource link and the curriculum item it shows (in the page's
    language, falling back to the source language)."""

    launch_id: str
    ctx: LaunchContext
    link: ResourceLink
    item: CaseStudy | Assessment | PeerExercise
    language: str

    @property
    def is_instructor(self) -> bool:
        return self.ctx.is_instructor


def open_launch(launch_id: str) -> LaunchContext:
    """The launch this browser made (LaunchError 'session' otherwise); the page speaks its language."""
    ctx = launch_context.load(launch_id)
    if ctx.locale:
        g.lang = ctx.locale
    g.demo = ctx.demo
    return ctx


def open_activity(launch_id: str, kind: type | None = None, instructor: bool = False) -> Activity:
    """The activity a launch opened; 403 when the launch is not this browser's (or, for an ``instructor`` page, not
    a current instructor's of the link's course), 404 when the link shows no item of this ``kind``."""
    ctx = open_launch(launch_id)
    link = launch_link(ctx)
    if link is not None and link.deployment_id != ctx.deployment_id:
        link = None
    if instructor:
        if link is None:
            raise LaunchError("forbidden", f"user {ctx.user_id} opened an instructor page of launch {launch_id}")
        require_instructor_of(ctx, link)
    if link is None:
        abort(404)
    course = course_holding(ctx.custom_item, link.item_id)
    item_id = resolve_item(ctx, course, link)
    language = ctx.locale or g.get("lang") or "en"
    item = course.find_item(item_id, language) if item_id else None
    if item is None or (kind is not None and not isinstance(item, kind)):
        abort(404)
    return Activity(launch_id, ctx, link, item, language)


def require_instructor(activity: Activity) -> None:
    """Instructor pages: only for an instructor of the course this link belongs to."""
    require_instructor_of(activity.ctx, activity.link)


def require_instructor_of(ctx: LaunchContext, link: ResourceLink) -> None:
    """Any instructor page or action on ``link``: an instructor launch into the link's course, and the platform's
    latest launch of this user into that course still says instructor."""
    if not ctx.is_instructor or ctx.context_id is None or link.context_id != ctx.context_id:
        raise LaunchError("forbidden", f"user {ctx.user_id} tried an instructor page of link {link.id}")
    if not launch_context.still_instructor(ctx):
        raise LaunchError("forbidden", f"user {ctx.user_id} is no longer an instructor in context {ctx.context_id}")


def learner_of_link(activity: Activity, user_id: int) -> LtiUser:
    """A learner an instructor asks about: must be a member of the link's course (else 404)."""
    member = db.session.query(Membership).filter_by(user_id=user_id, context_id=activity.link.context_id).first()
    user = db.session.get(LtiUser, user_id) if member else None
    if user is None:
        abort(404)
    return user
