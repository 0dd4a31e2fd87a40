"""A review request reads and ranks the pool without holding the link lock, and still decides on a state that
holds every earlier allocation: when another allocation lands while it ranks, it ranks again (PostgreSQL, real
concurrency; the database is created when missing)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from test_lti_peer_concurrency import PG_URL, _class, _postgres_available

from lti_tool.extensions import db
from lti_tool.models import utcnow
from lti_tool.peer import reviews, submissions
from lti_tool.peer.models import PeerSubmission
from lti_tool.peer.settings import get_settings

pytestmark = pytest.mark.skipif(not _postgres_available(), reason="PostgreSQL is not running on 127.0.0.1:5432")


@pytest.fixture
def pg_app(tmp_path):
    from lti_live import make_app
    from sqlalchemy import text

    app = make_app(tmp_path, DATABASE_URL=PG_URL)
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
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


def test_the_pool_is_ranked_without_the_link_lock(pg_app, monkeypatch):
    link_id, (a, b, _c, _d) = _four_submitted(pg_app)
    monkeypatch.setattr(reviews, "lock_link", lambda link: pytest.fail("the link lock was held while ranking"))
    with pg_app.app_context():
        lease = reviews.request_review(get_settings(link_id), a)
        assert _author(pg_app, lease) == b  # fewest reviews, then the earliest response


def test_an_allocation_landing_while_ranking_makes_the_request_rank_again(pg_app, monkeypatch):
    link_id, (a, b, c, d) = _four_submitted(pg_app)
    with pg_app.app_context():
        assert _author(pg_app, reviews.request_review(get_settings(link_id), d)) == a  # a's response: 1 lease
    read_pool = reviews._candidates
    reads = []

    def pool_with_c_asking_meanwhile(link, now):
        pool = read_pool(link, now)  # b, c and d at 0 for a: a would take b's
        reads.append(threading.get_ident())
        if len(reads) == 1:
            def c_asks():
                with pg_app.app_context():
                    taken.append(_author(pg_app, reviews.request_review(get_settings(link_id), c)))
                    db.session.remove()
            taken: list = []
            other = threading.Thread(target=c_asks)
            other.start()
            other.join(timeout=60)
            assert taken == [b]  # c took b's response while a was ranking
        return pool

    monkeypatch.setattr(reviews, "_candidates", pool_with_c_asking_meanwhile)
    with pg_app.app_context():
        lease = reviews.request_review(get_settings(link_id), a)
        assert reads.count(threading.get_ident()) == 2  # a ranked again after c's allocation
        assert _author(pg_app, lease) == c  # b's has a lease now: c's response is the fewest and earliest left
