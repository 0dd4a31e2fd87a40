"""The grade outbox: the one way scores leave the tool.

Public API (used by case studies, assessments and peer exercises)::

    enqueue_score(resource_link, user, score_given, score_maximum, activity_progress, grading_progress,
                  comment=None, *, timestamp=None, commit=True) -> GradeOutbox | None
    drain(limit=None, worker="") -> DrainReport          # one pass: claim due scores, post them, record outcomes
    flush(include_waiting=False, max_seconds=300) -> DrainReport   # drain until nothing is due
    reclaim_abandoned() -> int                            # take back scores left 'sending' by a dead drainer
    retry(entry_id, resource_link_id=None) -> bool        # an instructor's "retry": due now, attempts reset
    entries(resource_link_id) / latest_by_user(resource_link_id) / latest_for(link_id, user_id) / counts()
    delivery(entry) -> Delivery                           # waiting, delivered, retrying (at …) or failed

Every score is written to ``grade_outbox`` first (in the caller's transaction when ``commit=False``, so the
attempt and its score commit together), then posted to the platform's AGS line item by whichever drainer claims it.
Claiming is safe with many drainers on many machines: ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, an atomic
conditional ``UPDATE`` everywhere else (SQLite). A claim is a lease: if its drainer dies, the score becomes due again
when the lease ends, or at once through ``flush(include_waiting=True)`` (``grades flush --now``) when its process
is known to be dead (see :mod:`.claimants`). Scores for one learner and line item go out in the order they were
made. Failures are retried with exponential back-off (with jitter); after ``GRADE_MAX_ATTEMPTS`` or on a permanent
refusal (e.g. 400, 403, 404) the score is marked failed and waits for an instructor's retry. Each score keeps the
timestamp it was made with, so a repeat after an unknown outcome is the same score to the platform (AGS platforms
ignore a score that is not newer than the one they hold, or answer 409, which counts as delivered).
"""

from __future__ import annotations

import logging
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from flask import Flask, current_app
from sqlalchemy import and_, event, exists, func, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, aliased

from ..extensions import db
from ..models import Deployment, LtiUser, Platform, ResourceLink, utcnow
from ..ops import metrics
from . import ags, claimants
from .models import DELIVERED, FAILED, PENDING, SENDING, SUPERSEDED, GradeOutbox

log = logging.getLogger("lti_tool.grades")

ACTIVITY_PROGRESS = ("Initialized", "Started", "InProgress", "Submitted", "Completed")
GRADING_PROGRESS = ("FullyGraded", "Pending", "PendingManual", "Failed", "NotReady")
_WAKE_FLAG = "grade_outbox_wake"  # in a session's info: a wake-up is hooked on its next commit
_WAKE_EVENT = "fieldschool.grade_outbox_wake"  # in app.extensions: the app's own wake-up


def wake_event(app: Flask) -> threading.Event:
    """The wake-up of ``app``'s drainer: one per app, so two apps in one process never wake each other's."""
    return app.extensions.setdefault(_WAKE_EVENT, threading.Event())


def wake(app: Flask | None = None) -> None:
    """Tell the app's background drainer in this process that a score is waiting (it also polls)."""
    wake_event(app or current_app._get_current_object()).set()


def wait_for_work(app: Flask, timeout: float) -> None:
    """Sleep until ``app``'s drainer is woken or ``timeout`` seconds pass."""
    event_ = wake_event(app)
    event_.wait(timeout)
    event_.clear()


def wake_after_commit(session: Session) -> None:
    """Wake the current app's drainer once ``session``'s transaction commits (a listener on that session alone,
    not on every session of the process)."""
    if session.info.get(_WAKE_FLAG):
        return
    session.info[_WAKE_FLAG] = True
    app = current_app._get_current_object()

    def committed(done: Session) -> None:
        done.info.pop(_WAKE_FLAG, None)
        wake(app)

    event.listen(session, "after_commit", committed, once=True)


def score_timestamp(when: datetime | None = None) -> str:
    """ISO 8601 with milliseconds and a zone, as AGS asks."""
    when = (when or datetime.now(UTC)).astimezone(UTC)
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _id(thing) -> int:
    return thing if isinstance(thing, int) else thing.id


def enqueue_score(resource_link: ResourceLink | int, user: LtiUser | int, score_given: float | None,
                  score_maximum: float, activity_progress: str, grading_progress: str,
                  comment: str | None = None, *, timestamp: datetime | None = None,
                  commit: bool = True) -> GradeOutbox | None:
    """Put a score in the outbox for the learner on this link's line item.

    Returns the new row, or None when the link has no line item (or the platform granted no score scope): there is
    no gradebook column to send to. With ``commit=False`` the row joins the caller's transaction and the background
    drainer is woken when that transaction commits.
    """
    if activity_progress not in ACTIVITY_PROGRESS:
        raise ValueError(f"activityProgress must be one of {ACTIVITY_PROGRESS}")
    if grading_progress not in GRADING_PROGRESS:
        raise ValueError(f"gradingProgress must be one of {GRADING_PROGRESS}")
    if score_given is not None and (score_maximum is None or score_maximum <= 0 or score_given < 0):
        raise ValueError("scoreGiven needs a positive scoreMaximum and must not be negative")
    link = resource_link if isinstance(resource_link, ResourceLink) else db.session.get(ResourceLink, resource_link)
    if link is None:
        raise ValueError(f"no resource link {resource_link!r}")
    if not link.ags_lineitem_url:
        return None
    if link.ags_scopes and ags.SCORE_SCOPE not in link.ags_scopes.split():
        log.info("link %s has a line item but the platform granted no score scope; score not sent", link.id)
        return None
    deployment = db.session.get(Deployment, link.deployment_id)
    row = GradeOutbox(platform_id=deployment.platform_id, resource_link_id=link.id, user_id=_id(user),
                      lineitem_url=link.ags_lineitem_url, score_given=score_given,
                      score_maximum=float(score_maximum), activity_progress=activity_progress,
                      grading_progress=grading_progress, comment=comment or None,
                      timestamp=score_timestamp(timestamp), state=PENDING, attempts=0, next_attempt_at=utcnow())
    db.session.add(row)
    wake_after_commit(db.session())
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return row


@dataclass
class DrainReport:
    """What one drain or flush did."""

    claimed: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    lost_claims: int = 0
    reclaimed: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: DrainReport) -> None:
        for name in ("claimed", "delivered", "retrying", "failed", "lost_claims", "reclaimed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)


def _due(now: datetime):
    """Rows a drainer may claim: pending and due, or a lapsed claim; and no older
    undelivered score for the same learner and line item ahead of them (scores go out in order)."""
    older = aliased(GradeOutbox)
    ahead = exists().where(older.lineitem_url == GradeOutbox.lineitem_url, older.user_id == GradeOutbox.user_id,
                           older.id < GradeOutbox.id, older.state.in_((PENDING, SENDING)))
    pending = and_(GradeOutbox.state == PENDING, GradeOutbox.next_attempt_at <= now)
    lapsed = and_(GradeOutbox.state == SENDING, GradeOutbox.claimed_until < now)
    return and_(or_(pending, lapsed), ~ahead)


def _claim(limit: int, token: str) -> list[int]:
    """Claim up to ``limit`` due rows for this drainer; returns their ids. Commits."""
    now = utcnow()
    lease = now + timedelta(seconds=int(current_app.config["GRADE_CLAIM_SECONDS"]))
    claim = {"state": SENDING, "claim_token": token, "claimed_until": lease, "attempts": GradeOutbox.attempts + 1}
    session = db.session
    if db.engine.dialect.name == "postgresql":
        ids = list(session.scalars(select(GradeOutbox.id).where(_due(now)).order_by(GradeOutbox.id)
                                   .limit(limit).with_for_update(skip_locked=True, of=GradeOutbox)))
        if ids:
            session.execute(update(GradeOutbox).where(GradeOutbox.id.in_(ids)).values(**claim)
                            .execution_options(synchronize_session=False))
        session.commit()
        return ids
    claimed: list[int] = []
    for _round in range(5):  # lost every race for this round's candidates: others hold them now, look again
        candidates = list(session.scalars(select(GradeOutbox.id).where(_due(now)).order_by(GradeOutbox.id)
                                          .limit(limit)))
        session.commit()
        for row_id in candidates:
            # Atomic conditional claim: of several drainers racing for this row exactly one sees rowcount 1.
            result = session.execute(update(GradeOutbox).where(GradeOutbox.id == row_id, _due(now))
                                     .values(**claim).execution_options(synchronize_session=False))
            if result.rowcount == 1:
                claimed.append(row_id)
        session.commit()
        if claimed or not candidates:
            break
    return claimed


def backoff_seconds(attempts: int) -> float:
    """Exponential back-off after ``attempts`` failed deliveries, capped, with ±20 % jitter."""
    base = float(current_app.config["GRADE_BACKOFF_BASE"])
    cap = float(current_app.config["GRADE_BACKOFF_MAX"])
    delay = min(cap, base * 2 ** max(0, attempts - 1))
    return delay * random.uniform(0.8, 1.2)


def _finish(row_id: int, token: str, **values) -> bool:
    """Record a delivery outcome, only if the claim is still ours. False when another drainer took it over."""
    import time

    for attempt in range(5):
        try:
            result = db.session.execute(update(GradeOutbox)
                                        .where(GradeOutbox.id == row_id, GradeOutbox.claim_token == token)
                                        .values(claim_token=None, claimed_until=None, **values)
                                        .execution_options(synchronize_session=False))
            db.session.commit()
            return result.rowcount == 1
        except OperationalError:  # SQLite busy with another writer: wait a moment (the claim is still ours)
            db.session.rollback()
            if attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))
    return False


def _renew(row_id: int, token: str) -> bool:
    lease = utcnow() + timedelta(seconds=int(current_app.config["GRADE_CLAIM_SECONDS"]))
    result = db.session.execute(update(GradeOutbox).where(GradeOutbox.id == row_id, GradeOutbox.claim_token == token,
                                                          GradeOutbox.state == SENDING)
                                .values(claimed_until=lease).execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def _deliver_one(row_id: int, token: str, report: DrainReport, started: datetime, connectors: dict) -> None:
    """Post one claimed score and record the outcome."""
    max_attempts = int(current_app.config["GRADE_MAX_ATTEMPTS"])
    half_lease = int(current_app.config["GRADE_CLAIM_SECONDS"]) / 2
    if (utcnow() - started).total_seconds() > half_lease and not _renew(row_id, token):
        report.lost_claims += 1
        return
    row = db.session.get(GradeOutbox, row_id)
    if row is None:
        return
    service = connectors.get(row.platform_id)
    if service is None:
        service = connectors[row.platform_id] = ags.connector(db.session.get(Platform, row.platform_id))
    payload, lineitem, attempts, platform_id = row.payload(), row.lineitem_url, row.attempts, row.platform_id
    db.session.commit()  # no transaction stays open across the HTTP call
    try:
        ags.post_score(service, lineitem, payload)
    except ags.ServiceError as exc:
        give_up = not exc.transient or attempts >= max_attempts
        values = {"last_error": str(exc)[:2000], "last_status": exc.status}
        metrics.count_delivery(platform_id, "failed" if give_up else "retry")
        platform = db.session.get(Platform, platform_id)
        where = f"platform {platform_id} ({platform.name or platform.issuer})" if platform else "platform ?"
        db.session.commit()
        if give_up:
            values["state"] = FAILED
            report.failed += 1
            log.warning("score %s for user %s not delivered, gave up after %s attempt(s): %s, line item %s, "
                        "status %s: %s", row_id, payload["userId"], attempts, where, lineitem, exc.status, exc.reason)
        else:
            retry_at = utcnow() + timedelta(seconds=backoff_seconds(attempts))
            values.update(state=PENDING, next_attempt_at=retry_at)
            report.retrying += 1
            log.warning("score %s for user %s not delivered (attempt %s, retry at %s UTC): %s, line item %s, "
                        "status %s: %s", row_id, payload["userId"], attempts, retry_at.strftime("%H:%M:%S"), where,
                        lineitem, exc.status, exc.reason)
        report.errors.append(str(exc)[:300])
        if not _finish(row_id, token, **values):
            report.lost_claims += 1
        return
    metrics.count_delivery(platform_id, "delivered")
    if _finish(row_id, token, state=DELIVERED, delivered_at=utcnow(), last_error="", last_status=200):
        report.delivered += 1
    else:
        report.lost_claims += 1


def _deliver(row_ids: list[int], token: str, report: DrainReport) -> None:
    """Deliver a claimed batch, ``GRADE_SENDERS`` posts at a time (a batch never holds two scores for the same
    learner and line item, so sending in parallel keeps their order)."""
    app = current_app._get_current_object()
    started = utcnow()
    senders = min(len(row_ids), max(1, int(app.config["GRADE_SENDERS"])))
    if senders == 1:
        connectors: dict = {}
        for row_id in row_ids:
            _deliver_one(row_id, token, report, started, connectors)
        return
    lock = threading.Lock()
    local = threading.local()

    def work(row_id: int) -> None:
        partial = DrainReport()
        with app.app_context():
            try:
                if not hasattr(local, "connectors"):
                    local.connectors = {}
                _deliver_one(row_id, token, partial, started, local.connectors)
            finally:
                db.session.remove()
        with lock:
            report.add(partial)

    with ThreadPoolExecutor(senders, thread_name_prefix="grade-sender") as pool:
        list(pool.map(work, row_ids))


def drain(limit: int | None = None, worker: str = "") -> DrainReport:
    """One pass: claim a batch of due scores and deliver them. Safe to run in many processes at once."""
    report = DrainReport()
    token = claimants.claim_token(worker or "drainer")
    try:
        ids = _claim(int(limit or current_app.config["GRADE_BATCH"]), token)
    except OperationalError as exc:  # e.g. SQLite busy under contention: try again on the next pass
        db.session.rollback()
        report.errors.append(f"claim failed: {exc.__class__.__name__}")
        return report
    report.claimed = len(ids)
    if ids:
        _deliver(ids, token, report)
    return report


def flush(include_waiting: bool = False, max_seconds: float = 300, worker: str = "flush") -> DrainReport:
    """Drain until nothing is due (or ``max_seconds`` pass). ``include_waiting`` first makes the scores waiting out
    a back-off due now, so each is tried once more."""
    import time

    report = DrainReport()
    if include_waiting:
        report.reclaimed = reclaim_abandoned()
        db.session.execute(update(GradeOutbox).where(GradeOutbox.state == PENDING).values(next_attempt_at=utcnow())
                           .execution_options(synchronize_session=False))
        db.session.commit()
    deadline = time.monotonic() + max_seconds
    while time.monotonic() < deadline:
        batch = drain(worker=worker)
        report.add(batch)
        if batch.claimed == 0:
            break
    return report


def reclaim_abandoned() -> int:
    """Make scores left 'sending' due again when their claim has expired or its drainer is known to be dead (a
    process on this machine that no longer runs). A live drainer's claim, here or elsewhere, is left alone. Each
    reclaim is conditional on the claim being unchanged, so a drainer finishing meanwhile wins. Returns how many."""
    now = utcnow()
    rows = db.session.execute(select(GradeOutbox.id, GradeOutbox.claim_token, GradeOutbox.claimed_until)
                              .where(GradeOutbox.state == SENDING)).all()
    db.session.commit()
    reclaimed = 0
    for row_id, token, until in rows:
        if not ((until is not None and until < now) or claimants.is_gone(token)):
            continue
        token_unchanged = GradeOutbox.claim_token.is_(None) if token is None else GradeOutbox.claim_token == token
        result = db.session.execute(update(GradeOutbox).where(GradeOutbox.id == row_id, GradeOutbox.state == SENDING,
                                                              token_unchanged)
                                    .values(state=PENDING, claim_token=None, claimed_until=None, next_attempt_at=now)
                                    .execution_options(synchronize_session=False))
        reclaimed += result.rowcount or 0
    db.session.commit()
    if reclaimed:
        log.warning("reclaimed %s score(s) left 'sending' by a stopped drainer or an expired claim", reclaimed)
    return reclaimed


def retry(entry_id: int, resource_link_id: int | None = None) -> bool:
    """An instructor's "retry" of a waiting or failed score: due now, attempts counted afresh. A score already
    overtaken by a newer delivered one for the same learner and line item is marked superseded instead (sending it
    would put an older grade back). False when there is no such entry on that link, or it is delivered or in flight.
    """
    row = db.session.get(GradeOutbox, entry_id)
    if row is None or (resource_link_id is not None and row.resource_link_id != resource_link_id):
        return False
    if row.state not in (PENDING, FAILED):
        return False
    newer = db.session.scalar(select(func.count(GradeOutbox.id)).where(
        GradeOutbox.lineitem_url == row.lineitem_url, GradeOutbox.user_id == row.user_id, GradeOutbox.id > row.id,
        GradeOutbox.state == DELIVERED))
    values = {"state": SUPERSEDED} if newer else {"state": PENDING, "attempts": 0, "next_attempt_at": utcnow()}
    done = db.session.execute(update(GradeOutbox).where(GradeOutbox.id == row.id,
                                                        GradeOutbox.state.in_((PENDING, FAILED)))
                              .values(**values).execution_options(synchronize_session=False)).rowcount == 1
    if done and not newer:
        wake_after_commit(db.session())
    db.session.commit()
    return done


def entries(resource_link_id: int) -> list[GradeOutbox]:
    """Every score for a link, newest first."""
    return list(db.session.scalars(select(GradeOutbox).where(GradeOutbox.resource_link_id == resource_link_id)
                                   .order_by(GradeOutbox.id.desc())))


def latest_by_user(resource_link_id: int) -> dict[int, GradeOutbox]:
    """The newest score per learner on a link: what their passback status is."""
    latest: dict[int, GradeOutbox] = {}
    for row in entries(resource_link_id):
        latest.setdefault(row.user_id, row)
    return latest


@dataclass(frozen=True)
class Delivery:
    """Where a score stands on its way to the gradebook, as learners and instructors are told.

    ``kind``: ``none`` (nothing sent), ``waiting`` (not tried yet, or being sent), ``delivered``, ``retrying`` (the
    last try failed; ``retry_at`` says when the next one is) or ``failed`` (no more automatic tries); ``reason`` is
    the platform's answer to the last failed try."""

    kind: str
    retry_at: datetime | None = None
    reason: str = ""


class DeliveryFields(Protocol):
    """What :func:`delivery` reads of an outbox entry (a row, or the four columns a page read with its own query)."""

    state: str
    last_error: str | None
    attempts: int
    next_attempt_at: datetime | None


def delivery(entry: DeliveryFields | None) -> Delivery:
    """The :class:`Delivery` of one outbox entry (None: no score was ever sent)."""
    if entry is None:
        return Delivery("none")
    if entry.state in (DELIVERED, SUPERSEDED):  # superseded: a newer score for the same column went through
        return Delivery("delivered")
    if entry.state == FAILED:
        return Delivery("failed", reason=entry.last_error)
    if entry.last_error and entry.attempts:  # a try failed and the entry waits for the next one (or is being sent)
        retry_at = entry.next_attempt_at if entry.state == PENDING else None
        return Delivery("retrying", retry_at, entry.last_error)
    return Delivery("waiting")


def latest_for(resource_link_id: int, user_id: int) -> GradeOutbox | None:
    """A learner's newest score on a link."""
    return db.session.scalar(select(GradeOutbox).where(GradeOutbox.resource_link_id == resource_link_id,
                                                       GradeOutbox.user_id == user_id)
                             .order_by(GradeOutbox.id.desc()).limit(1))


def counts() -> dict[str, int]:
    """How many scores are in each state (for the CLI and monitoring)."""
    return dict(db.session.execute(select(GradeOutbox.state, func.count()).group_by(GradeOutbox.state)).all())
