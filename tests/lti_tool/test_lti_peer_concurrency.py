"""Many learners at once: parallel threads (each its own database connection) submit, resubmit and ask for reviews
at the same moment, some double-clicking. Afterwards every invariant holds: no self-review, no pair twice, at
most one active lease per learner, exact counts, every version kept with contiguous numbers.

Runs on PostgreSQL (row locks under real concurrency; the database is created when missing) and on SQLite."""

from __future__ import annotations

import os
import random
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import func, select, text

from lti_tool.extensions import db
from lti_tool.peer import grading, reviews, submissions
from lti_tool.peer.models import DONE, LEASED, PeerAssignment, PeerReview, PeerSubmission, PeerVersion
from lti_tool.peer.settings import get_settings
from lti_tool.services.course import get_course
from tests import suite_workers
from tests.parity.lti_course import provisioned_link

# One database per checkout, pass and xdist worker (or the one named, per worker).
PG_URL = suite_workers.per_worker_database(os.environ.get("FIELDSCHOOL_PEER_PG_URL")) or \
    f"postgresql://postgres@127.0.0.1:5432/{suite_workers.database_name('lti6')}"
LEVELS = {"evidence": 2, "clarity": 1}


def _postgres_available() -> bool:
    return suite_workers.ensure_postgres_database(PG_URL)


def _class(app, learners: int) -> tuple[int, list[int]]:
    with app.app_context():
        _context, link, users = provisioned_link("sample.exercise", [f"u{i}" for i in range(learners)])
        get_settings(link.id, get_course().find_item("sample.exercise"))
        return link.id, [u.id for u in users]


def _learner(app, link_id: int, user_id: int, start: threading.Barrier, errors: list, stats: Counter) -> None:
    rng = random.Random(user_id)
    try:
        with app.app_context():
            settings = get_settings(link_id)
            start.wait()
            for n in range(rng.choice((1, 2))):  # some resubmit at once
                submissions.submit(settings, user_id, f"answer {user_id} v{n + 1}")
                stats["versions"] += 1
            given, tries = 0, 0
            while given < 2 and tries < 200:
                tries += 1
                try:
                    lease = reviews.request_review(settings, user_id)
                except reviews.NotAllowed:
                    db.session.rollback()
                    time.sleep(0.02)  # peers have not submitted yet
                    continue
                version = submissions.version(lease.submission_id)
                reviews.complete_review(lease, reviews.ReviewInput(LEVELS, {}, "ok"), version.number)
                given += 1
            stats["reviews"] += given
    except Exception as exc:  # pragma: no cover - reported by the test
        errors.append(repr(exc))
        start.abort()  # never leave the others waiting at the barrier
    finally:
        with app.app_context():
            db.session.remove()


def _double_click(app, link_id: int, user_id: int, start: threading.Barrier, leases: list, errors: list) -> None:
    try:
        with app.app_context():
            settings = get_settings(link_id)
            start.wait()
            try:
                leases.append(reviews.request_review(settings, user_id).id)
            except reviews.NotAllowed:
                pass
    except Exception as exc:  # pragma: no cover
        errors.append(repr(exc))
        start.abort()
    finally:
        with app.app_context():
            db.session.remove()


def _run(app, learners: int) -> None:
    link_id, users = _class(app, learners)
    errors: list = []
    stats: Counter = Counter()
    start = threading.Barrier(learners, timeout=120)
    threads = [threading.Thread(target=_learner, args=(app, link_id, u, start, errors, stats)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    assert not errors, errors[:5]

    with app.app_context():
        subs = {s.id: s for s in db.session.scalars(select(PeerSubmission))}
        assert len(subs) == learners  # nobody lost, nobody doubled
        versions = db.session.execute(select(PeerVersion.submission_id, PeerVersion.number)).all()
        assert len(versions) == stats["versions"]
        by_sub: dict[int, list[int]] = {}
        for sid, number in versions:
            by_sub.setdefault(sid, []).append(number)
        for sid, numbers in by_sub.items():
            assert sorted(numbers) == list(range(1, len(numbers) + 1))
            assert subs[sid].current_version == len(numbers)
        pairs = db.session.execute(select(PeerAssignment.reviewer_id, PeerAssignment.submission_id,
                                          PeerAssignment.status)).all()
        assert all(subs[s].user_id != r for r, s, _ in pairs), "self-review"
        assert len({(r, s) for r, s, _ in pairs}) == len(pairs), "a pair twice"
        done = [p for p in pairs if p[2] == DONE]
        assert len(done) == stats["reviews"]
        review_rows = db.session.execute(select(PeerReview.reviewer_id, PeerReview.submission_id)).all()
        assert sorted(review_rows) == sorted((r, s) for r, s, _ in done)  # one review per completed lease
        received = Counter(s for _r, s, _ in done)
        stored = Counter(s for _r, s in review_rows)
        assert stored == received  # each submission's count of reviews is exactly its completed leases
        # Everyone gave their two reviews, except a learner whose own response was the last one short of its
        # reviews (no surplus review goes out then): they and that response are on the instructor's stuck list.
        given = Counter(r for r, _s, _ in done)
        state = grading.load_state(get_settings(link_id))
        reviewable, unreachable = grading.reviewable_counts(state), grading.unreachable_ids(state)
        assert all(given[u] == 2 or reviewable[u] == 0 for u in users)
        assert {s for s in subs if received[s] < 2} <= unreachable
        assert max(received.values()) <= 2  # nobody reviewed beyond the required two while others wait
        assert sum(given.values()) >= 2 * learners - 2  # at most the last one or two are left short

    # double clicks: each learner fires two requests at once and must end up with one lease
    with app.app_context():
        settings = get_settings(link_id)
        settings.reviews_required = 3
        db.session.commit()
    leases: list = []
    start = threading.Barrier(2 * learners, timeout=120)
    threads = [threading.Thread(target=_double_click, args=(app, link_id, u, start, leases, errors))
               for u in users for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    assert not errors, errors[:5]
    with app.app_context():
        active = Counter(r for (r,) in db.session.execute(select(PeerAssignment.reviewer_id).where(
            PeerAssignment.status == LEASED)))
        assert active and max(active.values()) == 1
        assert len(set(leases)) == len(active)  # both clicks got the same lease
        pairs = db.session.execute(select(PeerAssignment.reviewer_id, PeerAssignment.submission_id)).all()
        assert len(set(pairs)) == len(pairs)
        assert db.session.scalar(select(func.count(PeerAssignment.id)).where(
            PeerAssignment.status == LEASED)) == len(active)


@pytest.mark.database("postgresql")
@pytest.mark.skipif(not _postgres_available(), reason="PostgreSQL is not running on 127.0.0.1:5432")
def test_dozens_of_learners_at_once_on_postgresql(tmp_path):
    from lti_live import make_app

    app = make_app(tmp_path, DATABASE_URL=PG_URL, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 50, "max_overflow": 30})
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
    try:
        _run(app, 40)
    finally:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


@pytest.mark.database("sqlite")
def test_concurrent_learners_on_sqlite(tmp_path):
    """The laptop set-up (SQLite, one process, threads): the same invariants with a dozen learners at once."""
    from lti_live import make_app

    app = make_app(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/rush.db",
                   SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"timeout": 30}, "pool_size": 40, "max_overflow": 10})
    try:
        _run(app, 12)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
