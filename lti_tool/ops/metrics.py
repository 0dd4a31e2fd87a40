"""Prometheus metrics (``prometheus-client``), safe under gunicorn's many workers.

Counters and histograms are recorded where things happen (launches, requests, score deliveries); under gunicorn
``PROMETHEUS_MULTIPROC_DIR`` makes each worker write them to files that any worker sums at scrape time (the
gunicorn configuration marks dead workers). The state of the work queues is read from the database at scrape time
with a few cheap aggregate queries, so every worker reports the same figures:

- ``fieldschool_launches_total{outcome,platform}``: ``ok`` or the rejection's reason code; platform id or ``unknown``
- ``fieldschool_request_duration_seconds{route_group}``: per blueprint (``static``, ``unmatched``), never raw paths
- ``fieldschool_grade_deliveries_total{platform,outcome}``: ``delivered``, ``retry`` or ``failed``
- ``fieldschool_grade_outbox_depth{state}``, ``fieldschool_grade_outbox_oldest_waiting_seconds``
- ``fieldschool_peer_open_leases``, ``fieldschool_peer_stuck_submissions``
- ``fieldschool_grade_drainer_heartbeat_age_seconds``: since the stalest live drainer last finished a pass
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from datetime import timedelta
from functools import lru_cache

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy import and_, func, or_, select

REGISTRY = CollectorRegistry(auto_describe=True)
LAUNCHES = Counter("fieldschool_launches", "LTI launches by outcome (ok or the rejection's reason code) and platform",
                   ["outcome", "platform"], registry=REGISTRY)
REQUEST_SECONDS = Histogram("fieldschool_request_duration_seconds", "Time to answer a request, per route group",
                            ["route_group"], registry=REGISTRY,
                            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
GRADE_DELIVERIES = Counter("fieldschool_grade_deliveries", "Score deliveries to platforms by outcome "
                           "(delivered, retry: failed and will be retried, failed: given up)",
                           ["platform", "outcome"], registry=REGISTRY)
HEARTBEAT_NAME = "fieldschool_grade_drainer_heartbeat_timestamp_seconds"
STUCK_AFTER = timedelta(hours=72)  # submitted work without a grade this long (and no review deadline) is stuck


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.environ.get("prometheus_multiproc_dir")


def route_group(blueprint: str | None, endpoint: str | None) -> str:
    """A bounded label: the blueprint's name, ``static`` for the app's static files, else ``unmatched``."""
    if blueprint:
        return blueprint
    return "static" if endpoint == "static" else "unmatched"


def observe_request(blueprint: str | None, endpoint: str | None, seconds: float) -> None:
    REQUEST_SECONDS.labels(route_group(blueprint, endpoint)).observe(seconds)


def count_launch(outcome: str, platform_id: int | None) -> None:
    LAUNCHES.labels(outcome, str(platform_id) if platform_id else "unknown").inc()


def count_delivery(platform_id: int, outcome: str) -> None:
    GRADE_DELIVERIES.labels(str(platform_id), outcome).inc()


@lru_cache(maxsize=1)
def _heartbeat_gauge() -> Gauge:
    """Made by the first drainer pass, so processes that never drain (the gunicorn master, CLI commands) write no
    sample. One sample per live worker under gunicorn (label ``pid``): a worker that stopped draining stands out."""
    return Gauge(HEARTBEAT_NAME, "When this process's grade drainer last finished a pass (Unix time)",
                 registry=REGISTRY, multiprocess_mode="liveall")


def drainer_heartbeat() -> None:
    _heartbeat_gauge().set(time.time())


def _recorded() -> list[Metric]:
    """What this process (or, under gunicorn, every worker) recorded."""
    path = multiprocess_dir()
    if not path:
        return list(REGISTRY.collect())
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=path)
    return list(registry.collect())


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def _queue_state() -> list[Metric]:
    """The work queues' state from the database: a handful of aggregate queries."""
    from ..extensions import db
    from ..grades.models import FAILED, PENDING, SENDING, GradeOutbox
    from ..models import utcnow
    from ..peer.models import LEASED, PEER, PeerAssignment, PeerGradeRecord, PeerReview, PeerSettings, PeerSubmission

    now = utcnow()
    depth = GaugeMetricFamily("fieldschool_grade_outbox_depth", "Scores in the grade outbox not yet delivered, "
                              "by state", labels=["state"])
    counts = dict(db.session.execute(select(GradeOutbox.state, func.count()).where(
        GradeOutbox.state.in_((PENDING, SENDING, FAILED))).group_by(GradeOutbox.state)).all())
    for state in (PENDING, SENDING, FAILED):
        depth.add_metric([state], counts.get(state, 0))
    oldest = db.session.scalar(select(func.min(GradeOutbox.created_at)).where(
        GradeOutbox.state.in_((PENDING, SENDING))))
    leases = db.session.scalar(select(func.count()).select_from(PeerAssignment).where(
        PeerAssignment.status == LEASED, PeerAssignment.expires_at > now))
    reviewed = select(PeerReview.id).where(PeerReview.submission_id == PeerSubmission.id,
                                           PeerReview.kind == PEER).exists()
    released = select(PeerGradeRecord.id).where(PeerGradeRecord.submission_id == PeerSubmission.id).exists()
    late = or_(and_(PeerSettings.review_deadline.is_not(None), PeerSettings.review_deadline < now, ~reviewed),
               and_(PeerSettings.review_deadline.is_(None), PeerSubmission.submitted_at < now - STUCK_AFTER))
    stuck = db.session.scalar(select(func.count()).select_from(PeerSubmission).join(
        PeerSettings, PeerSettings.resource_link_id == PeerSubmission.resource_link_id).where(
        PeerSubmission.current_version > 0, ~released, late))
    db.session.commit()
    return [
        depth,
        _gauge("fieldschool_grade_outbox_oldest_waiting_seconds", "Age of the oldest score waiting for delivery "
               "(0 when none waits)", (now - oldest).total_seconds() if oldest else 0.0),
        _gauge("fieldschool_peer_open_leases", "Peer reviews leased and not yet expired", leases or 0),
        _gauge("fieldschool_peer_stuck_submissions", "Submitted peer work without a released grade: past the review "
               "deadline with no peer review, or (no deadline) submitted more than 72 hours ago", stuck or 0),
    ]


def _heartbeat_age(recorded: Iterable[Metric], now_unix: float) -> list[Metric]:
    beats = [s.value for m in recorded if m.name == HEARTBEAT_NAME for s in m.samples if s.value > 0]
    if not beats:
        return []
    return [_gauge("fieldschool_grade_drainer_heartbeat_age_seconds", "Seconds since the stalest live grade "
                   "drainer last finished a pass", max(0.0, now_unix - min(beats)))]


class _Snapshot:
    """A collector that yields metric families computed beforehand (what ``generate_latest`` needs)."""

    def __init__(self, families: list[Metric]) -> None:
        self._families = families

    def collect(self) -> list[Metric]:
        return self._families


def render() -> tuple[bytes, str]:
    """The exposition text for a scrape, and its content type."""
    now_unix = time.time()
    recorded = _recorded()
    families = recorded + _heartbeat_age(recorded, now_unix) + _queue_state()
    return generate_latest(_Snapshot(families)), CONTENT_TYPE_LATEST
