"""Registering platforms and their deployments (manual registration, the CLI, Dynamic Registration, the demo).

A registration never changes an existing platform: changing a platform's keys or URLs is an administrator's act
(:func:`update_platform`, ``fieldschool platform update``)."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Deployment, Platform


class PlatformExists(Exception):
    """A platform with this issuer and client id is registered already, with other settings."""


def find_registered(issuer: str, client_id: str) -> Platform | None:
    return db.session.scalars(select(Platform).filter_by(issuer=issuer, client_id=client_id)).first()


def create_platform(*, issuer: str, client_id: str, auth_login_url: str, auth_token_url: str = "",
                    key_set_url: str | None = None, key_set: dict | None = None, name: str = "",
                    auth_audience: str | None = None, deployment_ids: tuple[str, ...] = (),
                    source: str = "manual") -> Platform:
    """A new platform registration; :class:`PlatformExists` when (issuer, client id) is registered already."""
    if not key_set_url and not key_set:
        raise ValueError("a platform needs a JWKS URL or a key set")
    if find_registered(issuer, client_id) is not None:
        raise PlatformExists(f"{issuer} (client {client_id}) is registered already")
    platform = Platform(issuer=issuer, client_id=client_id, name=name or issuer, auth_login_url=auth_login_url,
                        auth_token_url=auth_token_url, auth_audience=auth_audience or None,
                        key_set_url=key_set_url or None, key_set_json=json.dumps(key_set) if key_set else None,
                        source=source)
    platform.deployments = [Deployment(deployment_id=d) for d in dict.fromkeys(deployment_ids) if d]
    db.session.add(platform)
    try:
        db.session.commit()
    except IntegrityError as exc:  # the same registration arrived twice at once
        db.session.rollback()
        raise PlatformExists(f"{issuer} (client {client_id}) is registered already") from exc
    return platform


def _same_settings(platform: Platform, auth_login_url: str, auth_token_url: str, key_set_url: str | None,
                   key_set: dict | None, auth_audience: str | None) -> bool:
    """The same URLs and keys; a token URL or audience left out says nothing about them."""
    return (platform.auth_login_url == auth_login_url
            and (platform.key_set_url or None) == (key_set_url or None) and platform.key_set == (key_set or None)
            and (not auth_token_url or platform.auth_token_url == auth_token_url)
            and (not auth_audience or platform.auth_audience == auth_audience))


def register_platform(*, issuer: str, client_id: str, auth_login_url: str, auth_token_url: str = "",
                      key_set_url: str | None = None, key_set: dict | None = None, name: str = "",
                      auth_audience: str | None = None, deployment_ids: tuple[str, ...] = (),
                      source: str = "manual") -> Platform:
    """Add a platform, or add new deployment ids to the existing registration for (issuer, client id) when its
    settings are the same ones; :class:`PlatformExists` when they differ (use :func:`update_platform`)."""
    platform = find_registered(issuer, client_id)
    if platform is None:
        return create_platform(issuer=issuer, client_id=client_id, auth_login_url=auth_login_url,
                               auth_token_url=auth_token_url, key_set_url=key_set_url, key_set=key_set, name=name,
                               auth_audience=auth_audience, deployment_ids=deployment_ids, source=source)
    if not _same_settings(platform, auth_login_url, auth_token_url, key_set_url, key_set, auth_audience):
        raise PlatformExists(f"platform {platform.id} ({issuer}, client {client_id}) is registered with other "
                             "URLs or keys; change them with 'fieldschool platform update'")
    add_deployments(platform, deployment_ids)
    return platform


def add_deployments(platform: Platform, deployment_ids: tuple[str, ...]) -> None:
    existing = {d.deployment_id for d in platform.deployments}
    for deployment_id in deployment_ids:
        if deployment_id and deployment_id not in existing:
            platform.deployments.append(Deployment(deployment_id=deployment_id))
            existing.add(deployment_id)
    db.session.commit()


def update_platform(platform_id: int, *, auth_login_url: str | None = None, auth_token_url: str | None = None,
                    key_set_url: str | None = None, key_set: dict | None = None, name: str | None = None,
                    auth_audience: str | None = None) -> Platform | None:
    """An administrator changes a platform's URLs, keys or name (None leaves a value as it is). A new key set URL
    replaces a stored key set and the other way round."""
    platform = db.session.get(Platform, platform_id)
    if platform is None:
        return None
    if auth_login_url is not None:
        platform.auth_login_url = auth_login_url
    if auth_token_url is not None:
        platform.auth_token_url = auth_token_url
    if auth_audience is not None:
        platform.auth_audience = auth_audience or None
    if name is not None:
        platform.name = name or platform.issuer
    if key_set_url is not None:
        platform.key_set_url, platform.key_set_json = key_set_url, None
    if key_set is not None:
        platform.key_set_json, platform.key_set_url = json.dumps(key_set), None
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
