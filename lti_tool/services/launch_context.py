"""Keeping a launch's context between requests: in the shared store under its launch id, and reachable only by the
browser that made the launch: through the signed launch token its pages carry (see :mod:`lti_tool.lti.launch_token`),
or through its session cookie where the browser keeps one. A leaked launch id alone opens nothing.

An instructor launch lasts only while the platform still calls this user an instructor in that course: the role
of their latest launch into the context (kept on the membership) decides, so a later learner launch ends every
instructor launch of the same user and course, in any browser."""

from __future__ import annotations

from flask import current_app, g, session

from ..extensions import db
from ..kvstore import shared_store
from ..lti import launch_token
from ..lti.errors import LaunchError
from ..models import INSTRUCTOR, Membership
from .provisioning import LaunchContext

SESSION_KEY = "launches"
KEEP = 20  # launches remembered per browser session (several tabs, several links)


def _key(launch_id: str) -> str:
    return f"launch-context:{launch_id}"


def remember(ctx: LaunchContext) -> str:
    """Store the launch's context, bind it to this browser (cookie, where kept) and return its page token."""
    shared_store().set(_key(ctx.launch_id), ctx.to_dict(), int(current_app.config["LAUNCH_DATA_TTL"]))
    g.platform_id = ctx.platform_id  # for the request's log line and metrics
    launches = [lid for lid in session.get(SESSION_KEY, []) if lid != ctx.launch_id]
    session[SESSION_KEY] = (launches + [ctx.launch_id])[-KEEP:]
    # The CSRF secret its pages will use, in the same cookie: the page the launch redirects to finds it there
    # and need not send the session cookie a second time.
    launch_token.use_csrf_secret_of(ctx.launch_id)
    token = launch_token.issue(ctx.launch_id, ctx.user_id, ctx.context_id)
    launch_token.bind(ctx.launch_id, token)
    return token


def load(launch_id: str) -> LaunchContext:
    """The launch's context, if this request holds the launch's token or comes from the browser session that made
    it; LaunchError('session') otherwise. The page it serves gets a fresh token.

    Checked once per request (a page's several readers share the result); every new request checks again, the
    instructor's current role included."""
    opened = g.setdefault("_fieldschool_opened_launches", {})
    if launch_id not in opened:
        opened[launch_id] = _load(launch_id)
    return opened[launch_id]


def _load(launch_id: str) -> LaunchContext:
    claims = launch_token.verified_for(launch_id)
    if claims is None and launch_id not in session.get(SESSION_KEY, []):
        raise LaunchError("session", f"launch {launch_id} is not bound to this browser (no valid token or session)")
    data = shared_store().get(_key(launch_id))
    if not data:
        raise LaunchError("session", f"launch {launch_id} has expired or is unknown")
    ctx = LaunchContext.from_dict(data)
    g.platform_id = ctx.platform_id
    if claims is not None and (claims.get("u") != ctx.user_id or claims.get("c") != ctx.context_id):
        raise LaunchError("session", f"token for launch {launch_id} names another user or course")
    if ctx.is_instructor and ctx.context_id is not None and not still_instructor(ctx):
        raise LaunchError("session", f"instructor launch {launch_id} ended: user {ctx.user_id} launched into "
                                     f"context {ctx.context_id} as a learner since")
    launch_token.bind(launch_id, launch_token.issue(ctx.launch_id, ctx.user_id, ctx.context_id))
    return ctx


def still_instructor(ctx: LaunchContext) -> bool:
    """Whether the platform's latest launch of this user into the launch's context gave the instructor role.

    The one check behind every instructor page and action: the role a launch carried is not trusted on its own
    for as long as the session lasts."""
    if ctx.context_id is None:
        return False
    role = db.session.query(Membership.role).filter_by(user_id=ctx.user_id, context_id=ctx.context_id).scalar()
    return role == INSTRUCTOR
