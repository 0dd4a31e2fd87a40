"""Registering platforms and their deployments (manual registration, the CLI, Dynamic Registration, the demo)."""

from __future__ import annotations

import json

from sqlalchemy import select

from ..extensions import db
from ..models import Deployment, Platform


def register_platform(*, issuer: str, client_id: str, auth_login_url: str, auth_token_url: str = "",
                      key_set_url: str | None = None, key_set: dict | None = None, name: str = "",
                      auth_audience: str | None = None, deployment_ids: tuple[str, ...] = (),
                      source: str = "manual") -> Platform:
    """Add or update the registration for (issuer, client_id) and add any new deployment ids to it."""
    if not key_set_url and not key_set:
        raise ValueError("a platform needs a JWKS URL or a key set")
    platform = db.session.scalars(select(Platform).filter_by(issuer=issuer, client_id=client_id)).first()
    if platform is None:
        platform = Platform(issuer=issuer, client_id=client_id)
        db.session.add(platform)
    platform.name = name or platform.name or issuer
    platform.auth_login_url = auth_login_url
    platform.auth_token_url = auth_token_url
    platform.auth_audience = auth_audience or None
    platform.key_set_url = key_set_url or None
    platform.key_set_json = json.dumps(key_set) if key_set else None
    platform.source = source
    db.session.flush()
    existing = {d.deployment_id for d in platform.deployments}
    for deployment_id in deployment_ids:
        if deployment_id and deployment_id not in existing:
            platform.deployments.append(Deployment(deployment_id=deployment_id))
            existing.add(deployment_id)
    db.session.commit()
    return platform


def list_platforms() -> list[Platform]:
    return list(db.session.scalars(select(Platform).order_by(Platform.id)))


def remove_platform(platform_id: int) -> bool:
    """Remove a registration with its deployments and everything launched through it."""
    platform = db.session.get(Platform, platform_id)
    if platform is None:
        return False
    db.session.delete(platform)
    db.session.commit()
    return True
