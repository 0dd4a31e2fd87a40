"""Who the learners of a course are: the platform's roster through NRPS where it offers one (cached a few minutes
in the shared store), else the people who launched the tool in that course; both merged when both exist."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..kvstore import shared_store
from ..models import LEARNER, Context, Deployment, LtiUser, Membership, Platform
from .roles import tool_role

log = logging.getLogger("lti_tool.roster")


@dataclass
class Learner:
    sub: str
    name: str
    email: str = ""
    user_id: int | None = None  # None: on the roster but has not opened the tool yet


class RosterUnavailable(Exception):
    """The platform offers a roster but the call for it failed; ``reason`` says why (the platform's words)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _nrps_members(context: Context) -> list[dict] | None:
    """The platform's roster, or None when it offers none; raises :class:`RosterUnavailable` when the call fails."""
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
        log.warning("NRPS roster of context %s failed: platform %s (%s), %s, status %s: %s", context.id,
                    platform.id, platform.name or platform.issuer, context.nrps_url, exc.status, exc.reason)
        raise RosterUnavailable(str(exc)) from exc
    slim = [{"user_id": str(m.get("user_id")), "name": m.get("name") or " ".join(
        p for p in (m.get("given_name"), m.get("family_name")) if p) or "", "email": m.get("email") or "",
             "roles": m.get("roles") or [], "status": m.get("status", "Active")} for m in members]
    shared_store().set(key, slim, int(current_app.config["NRPS_CACHE_SECONDS"]))
    return slim


@dataclass
class RosterSource:
    """Where a list of learners came from: ``nrps`` (the platform's roster), ``launches`` (no roster service) or
    ``failed`` (the roster call failed: learners who launched, and ``reason`` says why)."""

    kind: str
    reason: str = ""


def course_learners(context: Context) -> tuple[list[Learner], RosterSource]:
    """The course's learners and where the list came from (:class:`RosterSource`)."""
    deployment = db.session.get(Deployment, context.deployment_id)
    launched = {u.sub: u for u in db.session.scalars(
        select(LtiUser).join(Membership, Membership.user_id == LtiUser.id)
        .where(Membership.context_id == context.id, Membership.role == LEARNER))}
    failure = ""
    try:
        members = _nrps_members(context)
    except RosterUnavailable as exc:
        members, failure = None, exc.reason
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
    if members is not None:
        return learners, RosterSource("nrps")
    return learners, RosterSource("failed", failure) if failure else RosterSource("launches")


@dataclass
class PeopleNames:
    """Names of people of the tool (by user id) as their platforms' rosters give them, for the pages of those who
    may see them (organisers, editors, the person themself): never for public pages.

    ``source`` says where they came from: ``nrps`` (a roster of one of their courses named everyone), ``failed``
    (a roster call failed: the names the launches gave, ``reason`` says why) or ``launches`` (none of their courses
    offers a roster service: the names the launches gave)."""

    names: dict[int, str]
    source: RosterSource
    from_roster: set[int]

    def name(self, user_id: int | None, default: str = "") -> str:
        return self.names.get(user_id, default) if user_id is not None else default

    def names_of(self, user_ids: Iterable[int]) -> str:
        return ", ".join(self.name(u) for u in user_ids)


def people_names(user_ids: Iterable[int | None]) -> PeopleNames:
    """Each user's name from the roster (NRPS) of a course they belong to, falling back to what their launch said."""
    wanted = {uid for uid in user_ids if uid is not None}
    users = {u.id: u for u in db.session.scalars(select(LtiUser).where(LtiUser.id.in_(wanted)))} if wanted else {}
    names = {uid: user.name or user.sub for uid, user in users.items()}
    found: set[int] = set()
    failures: list[str] = []
    asked = False
    memberships = db.session.execute(
        select(Membership.user_id, Context).join(Context, Context.id == Membership.context_id)
        .where(Membership.user_id.in_(list(users)), Context.nrps_url.is_not(None))
        .order_by(Membership.updated_at.desc())).all() if users else []
    by_context: dict[int, tuple[Context, set[int]]] = {}
    for user_id, context in memberships:
        by_context.setdefault(context.id, (context, set()))[1].add(user_id)
    for context, members_here in by_context.values():
        if members_here <= found:
            continue
        asked = True
        try:
            roster = _nrps_members(context) or []
        except RosterUnavailable as exc:
            failures.append(exc.reason)
            continue
        by_sub = {m["user_id"]: m["name"] for m in roster if m.get("name")}
        for user_id in members_here - found:
            name = by_sub.get(users[user_id].sub)
            if name:
                names[user_id] = name
                found.add(user_id)
    if failures and not set(users) <= found:
        source = RosterSource("failed", failures[0])
    else:
        source = RosterSource("nrps") if asked else RosterSource("launches")
    return PeopleNames(names, source, found)
