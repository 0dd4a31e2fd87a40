"""Keeping a launch's context between requests: in the shared store under its launch id, and bound to the browser
session that made the launch (so a leaked launch id alone opens nothing)."""

from __future__ import annotations

from flask import current_app, g, session

from ..lti.errors import LaunchError
from ..lti.flask_lti import shared_store
from .provisioning import LaunchContext

SESSION_KEY = "launches"
KEEP = 20  # launches remembered per browser session (several tabs, several links)


def _key(launch_id: str) -> str:
    return f"launch-context:{launch_id}"


def remember(ctx: LaunchContext) -> None:
    shared_store().set(_key(ctx.launch_id), ctx.to_dict(), int(current_app.config["LAUNCH_DATA_TTL"]))
    g.platform_id = ctx.platform_id  # for the request's log line and metrics
    launches = [lid for lid in session.get(SESSION_KEY, []) if lid != ctx.launch_id]
    session[SESSION_KEY] = (launches + [ctx.launch_id])[-KEEP:]


def load(launch_id: str) -> LaunchContext:
    """The launch's context, if that launch was made in this browser session; LaunchError('session') otherwise."""
    if launch_id not in session.get(SESSION_KEY, []):
        raise LaunchError("session", f"launch {launch_id} is not bound to this browser session")
    data = shared_store().get(_key(launch_id))
    if not data:
        raise LaunchError("session", f"launch {launch_id} has expired or is unknown")
    ctx = LaunchContext.from_dict(data)
    g.platform_id = ctx.platform_id
    return ctx
