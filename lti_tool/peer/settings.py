"""A resource link's peer settings, from the curriculum item's defaults until stored, as a core
:class:`~curriculum.peer.workflow.PeerPolicy`. Pages read them (:func:`read_settings`, which never writes); the
first action on the link that needs the row (a post) stores it (:func:`get_settings`)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from curriculum import PeerExercise
from curriculum.peer.workflow import LEASE_MINUTES, REVIEWS_PER_RESPONSE, PeerPolicy, SettingRange

from ..extensions import db
from ..models import utcnow
from .models import PeerSettings


def _defaults(link_id: int, item: PeerExercise | None) -> PeerSettings:
    """A settings row made from the item's defaults (and the columns' own), not added to the session."""
    columns = {c.key: c.default.arg for c in PeerSettings.__table__.columns
               if c.default is not None and c.default.is_scalar}
    columns.update(resource_link_id=link_id, updated_at=utcnow())
    if item is not None:
        columns.update(reviews_required=item.peer_reviews, self_assessment=bool(item.self_assessment))
    return PeerSettings(**columns)


def read_settings(link_id: int, item: PeerExercise | None = None) -> PeerSettings:
    """The link's settings as a page shows them: the stored row, else the item's defaults (nothing is written)."""
    row = db.session.scalars(select(PeerSettings).filter_by(resource_link_id=link_id)).first()
    return row if row is not None else _defaults(link_id, item)


def get_settings(link_id: int, item: PeerExercise | None = None) -> PeerSettings:
    """The link's stored settings row, for an action that changes the link; stored from the item's defaults the
    first time (race-safe)."""
    row = db.session.scalars(select(PeerSettings).filter_by(resource_link_id=link_id)).first()
    if row is not None:
        return row
    row = _defaults(link_id, item)
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


def _whole(raw: str | None, bounds: SettingRange, default: int, low: int | None = None) -> int:
    """A whole number typed in the settings form, brought within the core's ``bounds`` (``low`` raises their floor);
    ``default`` when nothing usable was typed."""
    try:
        value = bounds.clamp(int(raw or ""))
    except (TypeError, ValueError):
        return default
    return max(low, value) if low is not None else value


def reviews_required_from(mode: str, raw: str | None, item: PeerExercise) -> int:
    """Reviews per response from the settings form: 0 in the instructor-graded mode, else within the core's bounds
    from 1 (the form's peer modes ask for reviews; zero is the instructor mode)."""
    if mode == "instructor":
        return 0
    return _whole(raw, REVIEWS_PER_RESPONSE, item.peer_reviews or REVIEWS_PER_RESPONSE.default, low=1)


def lease_minutes_from(raw: str | None) -> int:
    """Minutes a reviewer holds a response, from the settings form, within the core's bounds (its default when
    nothing usable was typed)."""
    return _whole(raw, LEASE_MINUTES, LEASE_MINUTES.default)


def update_settings(settings: PeerSettings, **values) -> PeerSettings:
    for name, value in values.items():
        if not hasattr(settings, name):
            raise AttributeError(name)
        setattr(settings, name, value)
    settings.updated_at = utcnow()
    db.session.commit()
    return settings
