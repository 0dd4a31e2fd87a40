"""A resource link's peer settings, created on first use from the curriculum item's defaults, as a core
:class:`~curriculum.peer.workflow.PeerPolicy`."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from curriculum import PeerExercise
from curriculum.peer.workflow import PeerPolicy

from ..extensions import db
from ..models import utcnow
from .models import PeerSettings


def get_settings(link_id: int, item: PeerExercise | None = None) -> PeerSettings:
    """The link's settings row; made from the item's defaults the first time (race-safe)."""
    row = db.session.scalars(select(PeerSettings).filter_by(resource_link_id=link_id)).first()
    if row is not None:
        return row
    row = PeerSettings(resource_link_id=link_id, reviews_required=item.peer_reviews if item else 3,
                       self_assessment=bool(item.self_assessment) if item else False, alloc_seq=0)
    try:
        with db.session.begin_nested():
            db.session.add(row)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        row = db.session.scalars(select(PeerSettings).filter_by(resource_link_id=link_id)).one()
    return row


def policy_of(settings: PeerSettings) -> PeerPolicy:
    return PeerPolicy(reviews_required=settings.reviews_required, instructor_review=settings.instructor_review,
                      submission_deadline=settings.submission_deadline, review_deadline=settings.review_deadline,
                      lease_minutes=settings.lease_minutes)


def lock_link(link_id: int) -> None:
    """Serialise allocation on one link until the transaction ends: a row lock on PostgreSQL (the UPDATE takes it,
    like SELECT … FOR UPDATE), the database write lock on SQLite."""
    db.session.execute(update(PeerSettings).where(PeerSettings.resource_link_id == link_id)
                       .values(alloc_seq=PeerSettings.alloc_seq + 1))


def update_settings(settings: PeerSettings, **values) -> PeerSettings:
    for name, value in values.items():
        if not hasattr(settings, name):
            raise AttributeError(name)
        setattr(settings, name, value)
    settings.updated_at = utcnow()
    db.session.commit()
    return settings
