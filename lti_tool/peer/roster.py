"""The class list for the instructor: the platform's roster through NRPS (names and roles, including learners
who have not opened the activity yet), merged with the learners the tool has seen; launches alone when the platform
offers no NRPS or it fails."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector
from sqlalchemy import select

from ..extensions import db
from ..lti.tool_conf import ToolRegistration
from ..models import LEARNER, Context, LtiUser, Membership, Platform
from ..services.roles import tool_role

log = logging.getLogger("lti_tool.peer.roster")


@dataclass
class RosterEntry:
    sub: str
    name: str
    email: str
    user_id: int | None  # None until the learner opens the tool once


def _nrps_members(context: Context, platform: Platform) -> list[dict] | None:
    if not context.nrps_url:
        return None
    try:
        connector = ServiceConnector(ToolRegistration(platform))
        service = NamesRolesProvisioningService(connector, {"context_memberships_url": context.nrps_url})
        return service.get_members()
    except Exception as exc:  # the platform being down must not break the instructor's page
        log.warning("NRPS roster of context %s failed: %s", context.id, exc)
        return None


def learner_roster(context_id: int | None, platform_id: int, use_nrps: bool = True) -> tuple[list[RosterEntry], bool]:
    """Learners of the course: (entries, whether the platform's roster was used)."""
    known = {u.sub: u for u, _m in db.session.execute(
        select(LtiUser, Membership).join(Membership, Membership.user_id == LtiUser.id)
        .where(Membership.context_id == context_id, Membership.role == LEARNER))} if context_id else {}
    entries: dict[str, RosterEntry] = {sub: RosterEntry(sub, u.name, u.email, u.id) for sub, u in known.items()}
    from_nrps = False
    context = db.session.get(Context, context_id) if context_id else None
    platform = db.session.get(Platform, platform_id)
    members = _nrps_members(context, platform) if (use_nrps and context and platform) else None
    if members is not None:
        from_nrps = True
        subs = [str(m.get("user_id")) for m in members
                if tool_role(m.get("roles")) == LEARNER and m.get("status", "Active") == "Active"]
        users = {u.sub: u for u in db.session.scalars(select(LtiUser).where(
            LtiUser.platform_id == platform_id, LtiUser.sub.in_(subs)))} if subs else {}
        for member in members:
            sub = str(member.get("user_id"))
            if sub not in subs:
                continue
            user = users.get(sub)
            name = member.get("name") or " ".join(p for p in (member.get("given_name"), member.get("family_name"))
                                                  if p) or (user.name if user else "")
            entries[sub] = RosterEntry(sub, name, member.get("email") or (user.email if user else ""),
                                       user.id if user else None)
    return sorted(entries.values(), key=lambda e: (e.name.lower() or "~", e.sub)), from_nrps
