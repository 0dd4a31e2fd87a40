"""Registration invitations: an administrator makes one (``fieldschool platform invite``) and pastes its URL into
the LMS; Dynamic Registration is accepted once per invitation, before it expires. Only a hash of the token is
stored, and an invitation is claimed with one conditional UPDATE, so two registrations racing with the same
invitation cannot both proceed."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from ..extensions import db
from ..models import RegistrationInvitation, utcnow


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_invitation(name: str = "", hours: float = 24) -> tuple[RegistrationInvitation, str]:
    """A new invitation valid for ``hours``, and its token (shown once, never stored)."""
    if hours <= 0:
        raise ValueError("an invitation must be valid for a positive number of hours")
    token = secrets.token_urlsafe(32)
    now = utcnow()
    invitation = RegistrationInvitation(token_hash=token_hash(token), name=name, created_at=now,
                                        expires_at=now + timedelta(hours=hours))
    db.session.add(invitation)
    db.session.commit()
    return invitation, token


def valid_invitation(token: str) -> RegistrationInvitation | None:
    """The invitation for ``token`` if it is unused and not expired (reads only)."""
    if not token:
        return None
    return db.session.scalars(select(RegistrationInvitation).where(
        RegistrationInvitation.token_hash == token_hash(token), RegistrationInvitation.used_at.is_(None),
        RegistrationInvitation.expires_at > utcnow())).first()


def claim_invitation(token: str) -> int | None:
    """Mark the invitation used, atomically; its id, or None when it is unknown, used or expired."""
    if not token:
        return None
    digest = token_hash(token)
    now = utcnow()
    claimed = db.session.execute(update(RegistrationInvitation).where(
        RegistrationInvitation.token_hash == digest, RegistrationInvitation.used_at.is_(None),
        RegistrationInvitation.expires_at > now).values(used_at=now))
    db.session.commit()
    if claimed.rowcount != 1:
        return None
    return db.session.scalars(select(RegistrationInvitation.id).filter_by(token_hash=digest)).one()


def release_invitation(invitation_id: int) -> None:
    """Give a claimed invitation back after a registration that did not complete (the admin may try again)."""
    db.session.rollback()
    db.session.execute(update(RegistrationInvitation).where(
        RegistrationInvitation.id == invitation_id, RegistrationInvitation.platform_id.is_(None)).values(used_at=None))
    db.session.commit()


def complete_invitation(invitation_id: int, platform_id: int) -> None:
    """Record which platform the invitation registered."""
    db.session.execute(update(RegistrationInvitation).where(RegistrationInvitation.id == invitation_id)
                       .values(platform_id=platform_id))
    db.session.commit()
