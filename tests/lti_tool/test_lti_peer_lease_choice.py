"""A review request takes the link lock first and decides on a state that holds every earlier allocation; the
ranking under the lock reads only the reviewer's options with the fewest reviews and who still owes reviews, found
by the database, and chooses exactly what the core's rule chooses on the whole pool (PostgreSQL, real concurrency,
the database created when missing; the choice's parity on SQLite too)."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from lti_live import empty_database
from test_lti_peer_concurrency import PG_URL, _class, _postgres_available

from curriculum.peer.allocation import choose_submission
from curriculum.peer.workflow import reviews_to_receive
from lti_tool.extensions import db
from lti_tool.models import utcnow
from lti_tool.peer import reviews, submissions
from lti_tool.peer.models import CANCELLED, DONE, EXPIRED, LEASED, PeerAssignment, PeerSubmission
from lti_tool.peer.settings import get_settings, policy_of

needs_postgres = pytest.mark.skipif(not _postgres_available(),
                                    reason="PostgreSQL is not running on 127.0.0.1:5432")


def _fresh_app(tmp_path, url: str | None):
    from lti_live import make_app
    from sqlalchemy import text

    app = make_app(tmp_path, DATABASE_URL=url or f"sqlite:///{tmp_path}/choice.db")
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
    return app


@pytest.fixture
def pg_app(tmp_path):
    app = _fresh_app(tmp_path, PG_URL)
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _four_submitted(app) -> tuple[int, list[int]]:
    """Learners a, b, c, d have submitted in that order (a's response is the earliest)."""
    link_id, users = _class(app, 4)
    with app.app_context():
        settings = get_settings(link_id)
        settings.reviews_required = 2
        db.session.commit()
        start = utcnow() - timedelta(minutes=10)
        for n, user in enumerate(users):
            submissions.submit(get_settings(link_id), user, f"answer {n}", now=start + timedelta(minutes=n))
    return link_id, users


def _author(app, lease) -> int:
    return db.session.get(PeerSubmission, lease.submission_id).user_id


@pytest.mark.database("postgresql")
@needs_postgres
def test_the_lock_comes_first_and_the_whole_pool_is_not_read(pg_app, monkeypatch):
    link_id, (a, b, _c, _d) = _four_submitted(pg_app)
    order: list[str] = []
    lock, lowest = reviews.lock_link, reviews.lowest_options
    monkeypatch.setattr(reviews, "lock_link", lambda link: (order.append("lock"), lock(link))[1])
    monkeypatch.setattr(reviews, "lowest_options", lambda *args: (order.append("rank"), lowest(*args))[1])
    monkeypatch.setattr(reviews, "_candidates", lambda *args: pytest.fail("the whole pool was read"))
    with pg_app.app_context():
        lease = reviews.request_review(get_settings(link_id), a)
        assert _author(pg_app, lease) == b  # fewest reviews, then the earliest response
    assert order == ["lock", "rank"]


@pytest.mark.database("postgresql")
@needs_postgres
def test_a_request_while_another_ranks_waits_for_it_and_sees_its_lease(pg_app, monkeypatch):
    link_id, (a, b, c, d) = _four_submitted(pg_app)
    with pg_app.app_context():
        assert _author(pg_app, reviews.request_review(get_settings(link_id), d)) == a  # a's response: 1 lease
    lowest = reviews.lowest_options
    taken: list = []
    waited: list = []

    def c_asks():
        with pg_app.app_context():
            taken.append(_author(pg_app, reviews.request_review(get_settings(link_id), c)))
            db.session.remove()

    other = threading.Thread(target=c_asks)

    def ranking_with_c_asking_meanwhile(link, reviewer, group, now):
        found = lowest(link, reviewer, group, now)
        if reviewer == a:  # a holds the link lock: c's request waits for a's lease
            other.start()
            time.sleep(1.0)
            waited.append(not taken)
        return found

    monkeypatch.setattr(reviews, "lowest_options", ranking_with_c_asking_meanwhile)
    with pg_app.app_context():
        lease = reviews.request_review(get_settings(link_id), a)
        assert _author(pg_app, lease) == b  # b, c and d at 0 for a: the earliest, b's
    other.join(timeout=60)
    assert waited == [True]
    assert taken == [d]  # a's and b's responses have a lease each now: d's is the fewest left for c


STATUSES = (DONE, DONE, LEASED, "stale", EXPIRED, CANCELLED)


def _random_state(app, link_id: int, users: list[int], rng: random.Random) -> None:
    """Some learners submitted (in groups or none), with assignments of every kind between them."""
    now = utcnow()
    with app.app_context():
        settings = get_settings(link_id)
        settings.reviews_required = rng.randint(1, 4)
        settings.exclude_same_group = rng.random() < 0.5
        db.session.commit()
        subs = {}
        for n, user in enumerate(users):
            if rng.random() < 0.8:
                group = rng.choice((None, "north", "south"))
                submissions.submit(get_settings(link_id), user, f"answer {n}", group,
                                   now=now - timedelta(minutes=rng.choice((5, 10, 10, 20))))
                subs[user] = submissions.find_submission(link_id, user).id
        leased: set[int] = set()
        for reviewer in users:
            for author, sub_id in subs.items():
                if author == reviewer or rng.random() > 0.35:
                    continue
                status = rng.choice(STATUSES)
                if status in (LEASED, "stale"):
                    if reviewer in leased:
                        status = DONE
                    leased.add(reviewer)
                expires = now - timedelta(minutes=1) if status == "stale" else now + timedelta(minutes=30)
                db.session.add(PeerAssignment(resource_link_id=link_id, submission_id=sub_id, reviewer_id=reviewer,
                                              status=LEASED if status == "stale" else status,
                                              leased_at=now - timedelta(minutes=5), expires_at=expires))
        db.session.commit()


def _assert_choices_are_the_cores(app, tmp_path, seeds: range) -> None:
    paths: Counter = Counter()  # which way each choice went: below its reviews (found by the database), surplus
    for seed in seeds:
        rng = random.Random(seed)
        empty_database(app)
        link_id, users = _class(app, rng.randint(2, 9))
        _random_state(app, link_id, users, rng)
        with app.app_context():
            settings = get_settings(link_id)
            now = utcnow()
            for user in users:
                own = submissions.find_submission(link_id, user)
                if own is None:
                    continue
                pool = reviews._candidates(link_id, now)
                required = reviews_to_receive(policy_of(settings), len(pool))
                whole = choose_submission(user, pool, required, reviewer_group=own.group,
                                          exclude_same_group=settings.exclude_same_group, allow_surplus=True)
                assert reviews.choose(settings, user, own.group, now) == whole, (seed, user)
                excluded = own.group if settings.exclude_same_group else None
                lowest, _pool = reviews.lowest_options(link_id, user, excluded, now)
                below = bool(lowest) and lowest[0].in_progress < required
                paths["below" if below else "surplus" if lowest else "none", whole is not None] += 1
            db.session.remove()
    assert paths["below", True] and paths["surplus", True] and paths["surplus", False] and paths["none", False]


@pytest.mark.database("sqlite")
def test_the_databases_choice_is_the_cores_on_the_whole_pool_on_sqlite(tmp_path):
    app = _fresh_app(tmp_path, None)
    try:
        _assert_choices_are_the_cores(app, tmp_path, range(20))
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.mark.database("postgresql")
@needs_postgres
def test_the_databases_choice_is_the_cores_on_the_whole_pool_on_postgresql(pg_app, tmp_path):
    _assert_choices_are_the_cores(pg_app, tmp_path, range(40, 70))
