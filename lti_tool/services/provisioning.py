"""Provisioning from a validated launch: the user, the context (course), the membership and the resource link,
all under the launch's deployment. Called only after pylti1p3 and the nonce register accepted the launch.

Few round trips per launch: the course and link rows, shared by a whole class, are looked up and written only when
this process has not yet seen the same claims for them (remembered by a hash of those claims, with the registry's
generation, so removing a platform forgets them). The user and the membership are upserts (``INSERT … ON CONFLICT
DO UPDATE … RETURNING id``); on PostgreSQL they are one statement, sent without a transaction around it (one
statement is atomic) when the launch wrote nothing else: one round trip for a launch into a known course and link.
Other databases take the select-then-insert path."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict, dataclass

from sqlalchemy import DateTime, Integer, String, bindparam, case, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..lti.registry_cache import remember_id, remembered_id
from ..lti.tool_conf import find_deployment, find_platform
from ..models import Context, LtiUser, Membership, ResourceLink, utcnow
from .course import known_item_id
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

    roles = body.get(CLAIM + "roles") or []
    role = tool_role(roles)
    lti_roles = " ".join(r for r in roles if isinstance(r, str))[:4000]
    context_id = None
    context_claim = body.get(CLAIM + "context") or {}
    ags = body.get(AGS_CLAIM) or {}
    if context_claim.get("id"):
        context_id = _provision_context(deployment.id, context_claim, ags, body.get(NRPS_CLAIM) or {})

    link_id = None
    link_claim = body.get(CLAIM + "resource_link") or {}
    custom = body.get(CLAIM + "custom") or {}
    custom_item = (custom.get(ITEM_PARAM) if isinstance(custom, dict) else None) or target_item
    if link_claim.get("id"):
        item = str(custom_item) if custom_item and known_item_id(str(custom_item)) else None
        link_id = _provision_link(deployment.id, context_id, link_claim, ags, item)
    user_id = _provision_user_and_membership(platform.id, body, language, now, context_id, role, lti_roles)
    db.session.flush()
    # Built before the commit, which would expire every row and cost a query per id read afterwards.
    ctx = LaunchContext(
        launch_id=launch_id, platform_id=platform.id, deployment_id=deployment.id, user_id=user_id, role=role,
        message_type=body.get(CLAIM + "message_type", ""), locale=language,
        context_id=context_id, resource_link_id=link_id,
        custom_item=str(custom_item) if custom_item else None, demo=platform.source == "demo",
        item_in_target=bool(target_item) and link_id is not None,
    )
    db.session.commit()
    for key, row_id in db.session.info.pop("provisioned", []):
        remember_id(key, row_id)  # only rows whose claims are now committed
    return ctx


def _upsert_statement():
    """The dialect's INSERT with ON CONFLICT (PostgreSQL, SQLite), or None for the select-then-insert path."""
    name = db.session.get_bind().dialect.name
    return postgresql.insert if name == "postgresql" else sqlite.insert if name == "sqlite" else None


def _kept_unless_empty(new, old):
    """SQL for 'the claim's value when it has one, else the stored one'."""
    return case((new.is_not(None) & (new != ""), new), else_=old)


def _provision_user_and_membership(platform_id: int, body: dict, language: str | None, now, context_id: int | None,
                                   role: str, lti_roles: str) -> int:
    """Upsert the user and, in a course, their membership; the user's id. On PostgreSQL one statement (the user's
    upsert a CTE feeding the membership's), sent on its own (autocommit: one statement is atomic) when the launch
    wrote nothing else, else inside the launch's transaction."""
    upsert = _upsert_statement()
    if upsert is not postgresql.insert:
        user_id = _provision_user(upsert, platform_id, body, language, now)
        if context_id is not None:
            _provision_membership(upsert, user_id, context_id, role, lti_roles, now)
        return user_id
    params = {"platform_id": platform_id, "sub": str(body["sub"]), "name": _user_name(body),
              "email": (body.get("email") or "")[:255], "locale": (language or "")[:16], "now": now}
    if context_id is not None:
        params.update(context_id=context_id, role=role, lti_roles=lti_roles, m_now=now)
    stmt = _postgresql_upsert(with_membership=context_id is not None)
    if db.session().in_transaction():
        return db.session.execute(stmt, params).scalar_one()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        return conn.execute(stmt, params).scalar_one()


@functools.cache
def _postgresql_upsert(with_membership: bool):
    """The user's upsert, and with a course the membership's fed by it (the user's upsert a CTE), returning the
    user's id; built once, with bound parameters (building a CTE statement costs more than sending it)."""
    user = _user_upsert(postgresql.insert, bindparam("platform_id"), {
        "sub": bindparam("sub"), "name": bindparam("name"), "email": bindparam("email"),
        "locale": bindparam("locale"), "now": bindparam("now")})
    if not with_membership:
        return user
    provisioned = user.cte("provisioned_user")
    return _membership_upsert(postgresql.insert, provisioned.c.id, bindparam("context_id", type_=Integer),
                              bindparam("role", type_=String), bindparam("lti_roles", type_=String),
                              bindparam("m_now", type_=DateTime), select_from=provisioned
                              ).returning(Membership.__table__.c.user_id)


def _provision_user(upsert, platform_id: int, body: dict, language: str | None, now) -> int:
    name, email, locale = _user_name(body), (body.get("email") or "")[:255], (language or "")[:16]
    if upsert is None:
        user = _get_or_create(LtiUser, {"last_launch_at": now}, platform_id=platform_id, sub=str(body["sub"]))
        user.name = name or user.name
        user.email = (email or user.email or "")[:255]
        user.locale = (locale or user.locale or "")[:16]
        if user.last_launch_at != now:
            user.last_launch_at = now
        db.session.flush()
        return user.id
    return db.session.execute(_user_upsert(upsert, platform_id, {
        "sub": str(body["sub"]), "name": name, "email": email, "locale": locale, "now": now})).scalar_one()


def _user_upsert(upsert, platform_id, values: dict):
    """INSERT … ON CONFLICT DO UPDATE … RETURNING id of the launch's user (a claim left empty keeps what is
    stored); ``values``: sub, name, email, locale and now (values or bound parameters)."""
    table = LtiUser.__table__
    stmt = upsert(table).values(platform_id=platform_id, sub=values["sub"], name=values["name"],
                                email=values["email"], locale=values["locale"], created_at=values["now"],
                                last_launch_at=values["now"])
    return stmt.on_conflict_do_update(index_elements=[table.c.platform_id, table.c.sub], set_={
        "name": _kept_unless_empty(stmt.excluded.name, table.c.name),
        "email": _kept_unless_empty(stmt.excluded.email, table.c.email),
        "locale": _kept_unless_empty(stmt.excluded.locale, table.c.locale),
        "last_launch_at": stmt.excluded.last_launch_at,
    }).returning(table.c.id)


def _provision_membership(upsert, user_id: int, context_id: int, role: str, lti_roles: str, now) -> None:
    if upsert is None:
        membership = _get_or_create(Membership, {"role": role, "lti_roles": lti_roles, "updated_at": now},
                                    user_id=user_id, context_id=context_id)
        if (membership.role, membership.lti_roles) != (role, lti_roles):
            membership.role, membership.lti_roles, membership.updated_at = role, lti_roles, now
        return
    db.session.execute(_membership_upsert(upsert, user_id, context_id, role, lti_roles, now))


def _membership_upsert(upsert, user_id, context_id: int, role: str, lti_roles: str, now, select_from=None):
    """INSERT … ON CONFLICT DO UPDATE of a membership (its ``updated_at`` moves only when the roles change);
    ``user_id`` may be a column of ``select_from`` (the user's upsert as a CTE)."""
    table = Membership.__table__
    if select_from is None:
        stmt = upsert(table).values(user_id=user_id, context_id=context_id, role=role, lti_roles=lti_roles,
                                    updated_at=now)
    else:
        stmt = upsert(table).from_select(["user_id", "context_id", "role", "lti_roles", "updated_at"],
                                         select(user_id, context_id, role, lti_roles, now).select_from(select_from))
    changed = (table.c.role != stmt.excluded.role) | (table.c.lti_roles != stmt.excluded.lti_roles)
    return stmt.on_conflict_do_update(
        index_elements=[table.c.user_id, table.c.context_id],
        set_={"role": stmt.excluded.role, "lti_roles": stmt.excluded.lti_roles,
              "updated_at": case((changed, stmt.excluded.updated_at), else_=table.c.updated_at)})


def _claims_key(kind: str, *parts) -> tuple:
    digest = hashlib.blake2b(json.dumps(parts, sort_keys=True, default=str).encode(), digest_size=16).hexdigest()
    return ("provisioned", kind, digest)


def _provision_context(deployment_id: int, claim: dict, ags: dict, nrps: dict) -> int:
    """The course row for these claims: this process's memory when it already wrote the very same claims."""
    key = _claims_key("context", deployment_id, claim.get("id"), claim.get("title"), claim.get("label"),
                      ags.get("lineitems"), nrps.get("context_memberships_url"))
    known = remembered_id(key)
    if known is not None:
        return known
    context = _get_or_create(Context, deployment_id=deployment_id, context_id=str(claim["id"]))
    context.title = (claim.get("title") or context.title or "")[:255]
    context.label = (claim.get("label") or context.label or "")[:255]
    context.ags_lineitems_url = ags.get("lineitems") or context.ags_lineitems_url
    context.nrps_url = nrps.get("context_memberships_url") or context.nrps_url
    db.session.flush()
    db.session.info.setdefault("provisioned", []).append((key, context.id))
    return context.id


def _provision_link(deployment_id: int, context_id: int | None, claim: dict, ags: dict, item: str | None) -> int:
    """The link row for these claims: this process's memory when it already wrote the very same claims. ``item``
    (the launch's custom parameter, when it names an item the tool has) is stored as the item the link opens."""
    key = _claims_key("link", deployment_id, context_id, claim.get("id"), claim.get("title"), ags.get("lineitem"),
                      ags.get("scope"), item)
    known = remembered_id(key)
    if known is not None:
        return known
    # Keyed by course too, and never moved: a link id reused in another course is another link.
    link = _get_or_create(ResourceLink, deployment_id=deployment_id, context_id=context_id,
                          resource_link_id=str(claim["id"]))
    link.title = (claim.get("title") or link.title or "")[:255]
    if ags.get("lineitem"):
        link.ags_lineitem_url = ags["lineitem"]
    if ags.get("scope"):
        link.ags_scopes = " ".join(ags["scope"])
    if item and link.item_id != item:
        link.item_id = item
    db.session.flush()
    db.session.info.setdefault("provisioned", []).append((key, link.id))
    return link.id
