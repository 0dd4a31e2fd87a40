"""Database models: platform registrations and deployments, the tool's keys, and what launches provision
(users, contexts, memberships, resource links). Everything a launch creates hangs off one deployment, so data from
different platforms and deployments never mixes.

The bottom of the tool's models: the other model modules import this one, never the reverse; :mod:`lti_tool.schema`
gathers them all for Alembic and ``db.create_all``."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db

LEARNER = "learner"
INSTRUCTOR = "instructor"


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Platform(db.Model):
    """An LMS registration: one (issuer, client id) pair. Canvas uses one issuer for every tenant, hence the pair."""

    __tablename__ = "platform"
    __table_args__ = (UniqueConstraint("issuer", "client_id", name="uq_platform_issuer_client"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(255), default="")
    auth_login_url: Mapped[str] = mapped_column(String(1024))
    auth_token_url: Mapped[str] = mapped_column(String(1024), default="")
    auth_audience: Mapped[str | None] = mapped_column(String(1024), nullable=True)
    key_set_url: Mapped[str | None] = mapped_column(String(1024), nullable=True)
    key_set_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    source: Mapped[str] = mapped_column(String(16), default="manual")  # manual | dynamic | demo
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    deployments: Mapped[list[Deployment]] = relationship(back_populates="platform", cascade="all, delete-orphan")

    @property
    def key_set(self) -> dict | None:
        return json.loads(self.key_set_json) if self.key_set_json else None


class Deployment(db.Model):
    """A deployment of the tool inside a platform (an install: site-wide, per course, per sub-account…)."""

    __tablename__ = "deployment"
    __table_args__ = (UniqueConstraint("platform_id", "deployment_id", name="uq_deployment_platform"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platform.id", ondelete="CASCADE"), index=True)
    deployment_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    platform: Mapped[Platform] = relationship(back_populates="deployments")


class RegistrationInvitation(db.Model):
    """A one-time permission to register a platform through Dynamic Registration, made by an administrator
    (``fieldschool platform invite``). Only a hash of the token is kept; ``used_at`` is set when a registration
    claims it and ``platform_id`` when that registration completed."""

    __tablename__ = "registration_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column(nullable=True)
    platform_id: Mapped[int | None] = mapped_column(ForeignKey("platform.id", ondelete="SET NULL"), nullable=True)


class ToolKey(db.Model):
    """One of the tool's RSA signing keys. The newest unretired key signs; retired keys stay published a while."""

    __tablename__ = "tool_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(128), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)  # PKCS#8, encrypted with a key derived from SECRET_KEY
    public_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(nullable=True)


class LtiUser(db.Model):
    """A person as a platform knows them (``sub``); personal data only when the platform sends it."""

    __tablename__ = "lti_user"
    __table_args__ = (UniqueConstraint("platform_id", "sub", name="uq_user_platform_sub"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platform.id", ondelete="CASCADE"), index=True)
    sub: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(255), default="")
    email: Mapped[str] = mapped_column(String(255), default="")
    locale: Mapped[str] = mapped_column(String(16), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_launch_at: Mapped[datetime] = mapped_column(default=utcnow)


class Context(db.Model):
    """A course (LTI context) within one deployment."""

    __tablename__ = "context"
    __table_args__ = (UniqueConstraint("deployment_id", "context_id", name="uq_context_deployment"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deployment_id: Mapped[int] = mapped_column(ForeignKey("deployment.id", ondelete="CASCADE"), index=True)
    context_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(255), default="")
    label: Mapped[str] = mapped_column(String(255), default="")
    # Services the platform offers for this course (kept for grade passback and rosters without a live launch).
    ags_lineitems_url: Mapped[str | None] = mapped_column(String(1024), nullable=True)
    nrps_url: Mapped[str | None] = mapped_column(String(1024), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Membership(db.Model):
    """A user's role in a context, as of their latest launch."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "context_id", name="uq_membership"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lti_user.id", ondelete="CASCADE"), index=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("context.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), default=LEARNER)
    lti_roles: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ResourceLink(db.Model):
    """A placement of the tool in a course; ``item_id`` says which curriculum item it opens.

    A link is known by its deployment (hence its platform), its course and the platform's link id together: the same
    link id launched from another course is another link, and a link never moves between courses. Links launched
    without a course are unique per deployment and link id (the partial index: NULLs never collide in a unique
    constraint)."""

    __tablename__ = "resource_link"
    __table_args__ = (
        UniqueConstraint("deployment_id", "context_id", "resource_link_id", name="uq_resource_link_context"),
        Index("uq_resource_link_no_context", "deployment_id", "resource_link_id", unique=True,
              postgresql_where=text("context_id IS NULL"), sqlite_where=text("context_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    deployment_id: Mapped[int] = mapped_column(ForeignKey("deployment.id", ondelete="CASCADE"), index=True)
    context_id: Mapped[int | None] = mapped_column(ForeignKey("context.id", ondelete="CASCADE"), nullable=True)
    resource_link_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(255), default="")
    item_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    # AGS: the line item bound to this link (when the platform made one) and the scopes granted.
    ags_lineitem_url: Mapped[str | None] = mapped_column(String(1024), nullable=True)
    ags_scopes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
