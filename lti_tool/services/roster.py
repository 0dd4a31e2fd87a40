"""Who the learners of a course are: the platform's roster through NRPS where it offers one (cached a few minutes
in the shared store), else the people who launched the tool in that course; both merged when both exist."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..lti.flask_lti import shared_store
from ..models import LEARNER, Context, Deployment, LtiUser, Membership, Platform
from .roles import tool_role

log = logging.getLogger("lti_tool.roster")


@dataclass
class Learner:
    sub: str
    name: str
    email: str = ""
    user_id: int | None = None  # None: on the roster but has not opened the tool yet


def _nrps_members(context: Context) -> list[dict] | None:
    if not context.nrps_url:
        return None
    key = f"nrps:{context.id}"
    cached = shared_store().get(key)
    if cached is not None:
        return cached
    from ..grades.ags import ServiceError, course_members

    deployment = db.session.get(Deployment, context.deployment_id)
    platform = db.session.get(Platform, deployment.platform_id)
    try:
        members = course_members(platform, context.nrps_url)
    except ServiceError as exc:
        log.warning("NRPS roster of context %s unavailable: %s", context.id, exc)
        return None
    slim = [{"user_id": str(m.get("user_id")), "name": m.get("name") or " ".join(
        p for p in (m.get("given_name"), m.get("family_name")) if p) or "", "email": m.get("email") or "",
             "roles": m.get("roles") or [], "status": m.get("status", "Active")} for m in members]
    shared_store().set(key, slim, int(current_app.config["NRPS_CACHE_SECONDS"]))
    return slim


def course_learners(context: Context) -> tuple[list[Learner], str]:
    """The course's learners and where the list came from: 'nrps' or 'launches'."""
    deployment = db.session.get(Deployment, context.deployment_id)
    launched = {u.sub: u for u in db.session.scalars(
        select(LtiUser).join(Membership, Membership.user_id == LtiUser.id)
        .where(Membership.context_id == context.id, Membership.role == LEARNER))}
    members = _nrps_members(context)
    learners: list[Learner] = []
    seen: set[str] = set()
    if members is not None:
        known = {u.sub: u for u in db.session.scalars(select(LtiUser).where(
            LtiUser.platform_id == deployment.platform_id, LtiUser.sub.in_([m["user_id"] for m in members])))}
        for m in members:
            if m["status"] != "Active" or tool_role(m["roles"]) != LEARNER:
                continue
            user = known.get(m["user_id"])
            learners.append(Learner(m["user_id"], m["name"] or (user.name if user else ""), m["email"],
                                    user.id if user else None))
            seen.add(m["user_id"])
    for sub, user in launched.items():
        if sub not in seen:
            learners.append(Learner(sub, user.name, user.email, user.id))
    learners.sort(key=lambda learner: (learner.name or learner.sub).casefold())
    return learners, "nrps" if members is not None else "launches"
