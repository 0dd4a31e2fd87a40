"""Keeping a launch's context between requests: in the shared store under its launch id, and reachable only by the
browser that made the launch: through the signed launch token its pages carry (see :mod:`lti_tool.lti.launch_token`),
or through its session cookie where the browser keeps one. A leaked launch id alone opens nothing."""

from __future__ import annotations

from flask import current_app, session

from ..lti import launch_token
from ..lti.errors import LaunchError
from ..lti.flask_lti import shared_store
from .provisioning import LaunchContext

SESSION_KEY = "launches"
KEEP = 20  # launches remembered per browser session (several tabs, several links)


def _key(launch_id: str) -> str:
    return f"launch-context:{launch_id}"


def remember(ctx: LaunchContext) -> str:
    """Store the launch's context, bind it to this browser (cookie, where kept) and return its page token."""
    shared_store().set(_key(ctx.launch_id), ctx.to_dict(), int(current_app.config["LAUNCH_DATA_TTL"]))
    launches = [lid for lid in session.get(SESSION_KEY, []) if lid != ctx.launch_id]
    session[SESSION_KEY] = (launches + [ctx.launch_id])[-KEEP:]
    token = launch_token.issue(ctx.launch_id, ctx.user_id, ctx.context_id)
    launch_token.bind(ctx.launch_id, token)
    return token


def load(launch_id: str) -> LaunchContext:
    """The launch's context, if this request holds the launch's token or comes from the browser session that made
    it; LaunchError('session') otherwise. The page it serves gets a fresh token."""
    claims = launch_token.verified_for(launch_id)
    if claims is None and launch_id not in session.get(SESSION_KEY, []):
        raise LaunchError("session", f"launch {launch_id} is not bound to this browser (no valid token or session)")
    data = shared_store().get(_key(launch_id))
    if not data:
        raise LaunchError("session", f"launch {launch_id} has expired or is unknown")
    ctx = LaunchContext.from_dict(data)
    if claims is not None and (claims.get("u") != ctx.user_id or claims.get("c") != ctx.context_id):
        raise LaunchError("session", f"token for launch {launch_id} names another user or course")
    launch_token.bind(launch_id, launch_token.issue(ctx.launch_id, ctx.user_id, ctx.context_id))
    return ctx
