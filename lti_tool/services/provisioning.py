"""Provisioning from a validated launch: the user, the context (course), the membership and the resource link,
all under the launch's deployment. Called only after pylti1p3 and the nonce register accepted the launch."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..lti.tool_conf import find_deployment, find_platform
from ..models import Context, LtiUser, Membership, ResourceLink, utcnow
from .roles import tool_role

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DL_MESSAGE = "LtiDeepLinkingRequest"
ITEM_PARAM = "fieldschool_item"


@dataclass
class LaunchContext:
    """What a page needs to know about the launch it belongs to (kept in the shared store, keyed by launch id)."""

    launch_id: str
    platform_id: int
    deployment_id: int
    user_id: int
    role: str
    message_type: str
    locale: str | None = None
    context_id: int | None = None
    resource_link_id: int | None = None
    custom_item: str | None = None
    demo: bool = False
    item_in_target: bool = False  # the item came from the target link URI (a Common Cartridge link)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> LaunchContext:
        return cls(**data)

    @property
    def is_instructor(self) -> bool:
        from ..models import INSTRUCTOR

        return self.role == INSTRUCTOR


def _get_or_create(model, defaults: dict | None = None, **keys):
    """The row with ``keys``, created if missing. Safe when launches race to create the same row: the loser's
    insert fails on the unique constraint inside a savepoint, and it reads the winner's row instead."""
    row = db.session.scalars(select(model).filter_by(**keys)).first()
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = model(**keys, **(defaults or {}))
            db.session.add(row)
    except IntegrityError:
        row = db.session.scalars(select(model).filter_by(**keys)).one()
    return row


def _user_name(body: dict) -> str:
    name = body.get("name") or " ".join(p for p in (body.get("given_name"), body.get("family_name")) if p)
    return (name or "")[:255]


def provision(launch_id: str, body: dict, language: str | None, target_item: str | None = None) -> LaunchContext:
    """Create or update the rows a launch implies and return its context. One transaction.

    The item a link opens is its ``fieldschool_item`` custom parameter, else ``target_item`` (named in the target
    link URI, as Common Cartridge links do)."""
    aud = body["aud"]
    client_id = aud[0] if isinstance(aud, list) else aud
    platform = find_platform(body["iss"], client_id)
    deployment = find_deployment(body["iss"], client_id, body[CLAIM + "deployment_id"])
    now = utcnow()

    user = _get_or_create(LtiUser, {"last_launch_at": now}, platform_id=platform.id, sub=str(body["sub"]))
    user.name = _user_name(body) or user.name
    user.email = (body.get("email") or user.email or "")[:255]
    user.locale = (language or user.locale or "")[:16]
    if user.last_launch_at != now:
        user.last_launch_at = now

    roles = body.get(CLAIM + "roles") or []
    role = tool_role(roles)
    context = None
    context_claim = body.get(CLAIM + "context") or {}
    if context_claim.get("id"):
        context = _get_or_create(Context, deployment_id=deployment.id, context_id=str(context_claim["id"]))
        context.title = (context_claim.get("title") or context.title or "")[:255]
        context.label = (context_claim.get("label") or context.label or "")[:255]
        ags = body.get(AGS_CLAIM) or {}
        context.ags_lineitems_url = ags.get("lineitems") or context.ags_lineitems_url
        nrps = body.get(NRPS_CLAIM) or {}
        context.nrps_url = nrps.get("context_memberships_url") or context.nrps_url
        lti_roles = " ".join(r for r in roles if isinstance(r, str))[:4000]
        membership = _get_or_create(Membership, {"role": role, "lti_roles": lti_roles, "updated_at": now},
                                    user_id=user.id, context_id=context.id)
        if (membership.role, membership.lti_roles) != (role, lti_roles):
            membership.role, membership.lti_roles, membership.updated_at = role, lti_roles, now

    link = None
    link_claim = body.get(CLAIM + "resource_link") or {}
    custom = body.get(CLAIM + "custom") or {}
    custom_item = (custom.get(ITEM_PARAM) if isinstance(custom, dict) else None) or target_item
    if link_claim.get("id"):
        # Keyed by course too, and never moved: a link id reused in another course is another link.
        link = _get_or_create(ResourceLink, deployment_id=deployment.id, context_id=context.id if context else None,
                              resource_link_id=str(link_claim["id"]))
        link.title = (link_claim.get("title") or link.title or "")[:255]
        ags = body.get(AGS_CLAIM) or {}
        if ags.get("lineitem"):
            link.ags_lineitem_url = ags["lineitem"]
        if ags.get("scope"):
            link.ags_scopes = " ".join(ags["scope"])
    db.session.flush()
    # Built before the commit, which would expire every row and cost a query per id read afterwards.
    ctx = LaunchContext(
        launch_id=launch_id, platform_id=platform.id, deployment_id=deployment.id, user_id=user.id, role=role,
        message_type=body.get(CLAIM + "message_type", ""), locale=language,
        context_id=context.id if context else None, resource_link_id=link.id if link else None,
        custom_item=str(custom_item) if custom_item else None, demo=platform.source == "demo",
        item_in_target=bool(target_item) and link is not None,
    )
    db.session.commit()
    return ctx
