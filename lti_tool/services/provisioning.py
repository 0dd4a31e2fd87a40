"""Provisioning from a validated launch: the user, the context (course), the membership and the resource link,
all under the launch's deployment. Called only after pylti1p3 and the nonce register accepted the launch.

Few round trips and few writes per launch: the course and link rows, shared by a whole class, are looked up and
written only when this process has not yet seen the same claims for them (remembered by a hash of those claims, with
the registry's generation, so removing a platform forgets them). The user and the membership are written only where
they differ from the launch (the user's ``last_launch_at`` to within an hour), read from the database itself in the
same statement, so a changed role is always written and nothing cached can hide a change made elsewhere. On
PostgreSQL that is one statement, sent without a transaction around it (one statement is atomic) when the launch
wrote nothing else: one round trip for a launch into a known course and link, and no commit to wait for on disk when
nothing changed. Other databases read the two rows, then upsert what differs (or take the select-then-insert path)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import timedelta

from sqlalchemy import case, select, text
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


LAST_LAUNCH_PRECISION = timedelta(hours=1)  # a user's last_launch_at is rewritten when older than this


def _provision_user_and_membership(platform_id: int, body: dict, language: str | None, now, context_id: int | None,
                                   role: str, lti_roles: str) -> int:
    """Bring the user and, in a course, their membership in line with the launch, writing only what differs (a
    claim left empty keeps what is stored; ``last_launch_at`` is kept to within ``LAST_LAUNCH_PRECISION``); the
    user's id. A repeated launch with the same claims writes nothing, so its transaction commits without waiting
    for the disk. On PostgreSQL this is one statement, sent on its own (autocommit: one statement is atomic) when
    the launch wrote nothing else; elsewhere the rows are read, then upserted if they differ."""
    values = {"platform_id": platform_id, "sub": str(body["sub"]), "name": _user_name(body),
              "email": (body.get("email") or "")[:255], "locale": (language or "")[:16], "now": now,
              "stale": now - LAST_LAUNCH_PRECISION, "context_id": context_id, "role": role, "lti_roles": lti_roles}
    upsert = _upsert_statement()
    if upsert is not postgresql.insert:
        return _provision_user_and_membership_generic(upsert, values, body, language)
    stmt = _POSTGRESQL_USER_AND_MEMBERSHIP if context_id is not None else _POSTGRESQL_USER
    for _attempt in range(2):
        if db.session().in_transaction():
            user_id = db.session.execute(stmt, values).scalar()
        else:
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                user_id = conn.execute(stmt, values).scalar()
        if user_id is not None:
            return user_id
        # A launch of the same new user created the row after this statement's snapshot: read it now.
    raise RuntimeError(f"user {values['sub']!r} of platform {platform_id} could not be provisioned")


_USER_CHANGED = """(
    (:name <> '' AND u.name IS DISTINCT FROM :name) OR (:email <> '' AND u.email IS DISTINCT FROM :email)
    OR (:locale <> '' AND u.locale IS DISTINCT FROM :locale) OR u.last_launch_at < :stale)"""
_USER_CTES = f"""
known AS (SELECT id FROM lti_user WHERE platform_id = :platform_id AND sub = :sub),
new_user AS (
    INSERT INTO lti_user (platform_id, sub, name, email, locale, created_at, last_launch_at)
    SELECT :platform_id, :sub, :name, :email, :locale, :now, :now WHERE NOT EXISTS (SELECT 1 FROM known)
    ON CONFLICT (platform_id, sub) DO NOTHING RETURNING id),
changed_user AS (
    UPDATE lti_user u SET name = CASE WHEN :name <> '' THEN :name ELSE u.name END,
        email = CASE WHEN :email <> '' THEN :email ELSE u.email END,
        locale = CASE WHEN :locale <> '' THEN :locale ELSE u.locale END, last_launch_at = :now
    FROM known WHERE u.id = known.id AND {_USER_CHANGED}),
user_id AS (SELECT id FROM known UNION ALL SELECT id FROM new_user)"""
# The user (created, updated only where the claims differ, or left alone), then with a course the membership
# (created, or its roles updated only when they differ): rows that match the launch are not even locked. All the
# parts read one snapshot; when a concurrent launch created the user after it, no id comes back (read it again).
_POSTGRESQL_USER = text(f"WITH {_USER_CTES} SELECT id FROM user_id")
_POSTGRESQL_USER_AND_MEMBERSHIP = text(f"""WITH {_USER_CTES},
new_membership AS (
    INSERT INTO membership (user_id, context_id, role, lti_roles, updated_at)
    SELECT id, :context_id, :role, :lti_roles, :now FROM user_id
    WHERE NOT EXISTS (SELECT 1 FROM membership m JOIN known ON m.user_id = known.id AND m.context_id = :context_id)
    ON CONFLICT (user_id, context_id) DO UPDATE SET role = EXCLUDED.role, lti_roles = EXCLUDED.lti_roles,
        updated_at = EXCLUDED.updated_at
    WHERE membership.role <> EXCLUDED.role OR membership.lti_roles <> EXCLUDED.lti_roles),
changed_membership AS (
    UPDATE membership m SET role = :role, lti_roles = :lti_roles, updated_at = :now
    FROM known WHERE m.user_id = known.id AND m.context_id = :context_id
        AND (m.role <> :role OR m.lti_roles <> :lti_roles))
SELECT id FROM user_id""")


def _provision_user_and_membership_generic(upsert, values: dict, body: dict, language: str | None) -> int:
    """Read the user and membership rows, and upsert those that differ from the launch."""
    users, memberships = LtiUser.__table__, Membership.__table__
    context_id = values["context_id"]
    found = db.session.execute(
        select(users.c.id, users.c.name, users.c.email, users.c.locale, users.c.last_launch_at, memberships.c.role,
               memberships.c.lti_roles)
        .outerjoin(memberships, (memberships.c.user_id == users.c.id) & (memberships.c.context_id == context_id))
        .where(users.c.platform_id == values["platform_id"], users.c.sub == values["sub"])).first()
    unchanged = found is not None and found.last_launch_at >= values["stale"] and all(
        not values[field] or getattr(found, field) == values[field] for field in ("name", "email", "locale"))
    user_id = found.id if unchanged else _provision_user(upsert, values["platform_id"], body, language,
                                                          values["now"])
    if context_id is not None and (found is None or (found.role, found.lti_roles) != (values["role"],
                                                                                       values["lti_roles"])):
        _provision_membership(upsert, user_id, context_id, values["role"], values["lti_roles"], values["now"])
    return user_id


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


def _membership_upsert(upsert, user_id: int, context_id: int, role: str, lti_roles: str, now):
    """INSERT … ON CONFLICT DO UPDATE of a membership (its ``updated_at`` moves only when the roles change)."""
    table = Membership.__table__
    stmt = upsert(table).values(user_id=user_id, context_id=context_id, role=role, lti_roles=lti_roles,
                                updated_at=now)
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
