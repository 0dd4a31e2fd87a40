"""The peer store under concurrent review requests: leases are never handed out twice by accident.

Runs on the test database of the session: SQLite (the UPDATE-first lock serialises allocation), PostgreSQL
(row lock) when FIELDSCHOOL_XBLOCKS_TEST_DB=postgres, as `make test` does on Python 3.12, or MariaDB (Tutor's
default) when FIELDSCHOOL_XBLOCKS_TEST_DB=mariadb (`make test-peer-store-mariadb`).
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from xblocks.peer_store import api, models

BLOCK = "block-v1:test+peer+run+type@fieldschool_peer_exercise+block@one"


def _in_threads(func, args):
    barrier = threading.Barrier(len(args))

    def run(arg):
        try:
            barrier.wait()
            return func(arg)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(args)) as pool:
        return list(pool.map(run, args))


def test_concurrent_reviewers_each_get_a_different_submission():
    subs = [api.submit(BLOCK, f"author{i}", f"text {i}") for i in range(6)]
    leased = _in_threads(lambda r: api.request_review(BLOCK, r, 1).submission_id, [f"rev{i}" for i in range(6)])
    assert sorted(leased) == sorted(s.id for s in subs)  # one lease each: nobody got a duplicate
    assert models.ReviewAssignment.objects.count() == 6


def test_one_reviewer_clicking_many_times_holds_one_lease():
    for i in range(3):
        api.submit(BLOCK, f"author{i}", "text")
    got = _in_threads(lambda _: api.request_review(BLOCK, "impatient", 2).id, list(range(5)))
    assert len(set(got)) == 1
    assert models.ReviewAssignment.objects.filter(reviewer="impatient").count() == 1


def test_expired_leases_stop_counting_and_are_renewed_for_their_holder():
    a = api.submit(BLOCK, "a", "text")
    api.submit(BLOCK, "b", "text")
    earlier = timezone.now() - timedelta(hours=2)
    first = api.request_review(BLOCK, "slow", 1, lease_minutes=30, now=earlier)
    assert first.submission_id == a.id
    # slow's lease expired: a newcomer gets the same submission, it still needs its review
    second = api.request_review(BLOCK, "fresh", 1)
    assert second.submission_id == a.id
    again = api.request_review(BLOCK, "slow", 1)
    assert again.id == first.id and again.expires_at > timezone.now()


def test_the_database_enforces_one_review_per_reviewer_and_submission():
    sub = api.submit(BLOCK, "a", "text")
    models.PeerReview.objects.create(submission=sub, reviewer="r", levels={})
    try:
        models.PeerReview.objects.create(submission=sub, reviewer="r", levels={})
    except Exception as exc:  # IntegrityError, whichever back end
        assert "unique" in str(exc).lower() or "duplicate" in str(exc).lower()
    else:  # pragma: no cover - the constraint is missing
        raise AssertionError("a second review by the same reviewer was stored")
    assert connection.vendor in ("sqlite", "postgresql", "mysql")


def test_the_reported_request_order_reviews_every_response_exactly_twice():
    """Nobody stuck (the core's rule, as in the LTI tool): D,A,B,C,A,B,C,D asking in turn, two reviews each."""
    from pathlib import Path

    from curriculum import load_course

    rubric = load_course(Path(__file__).parents[1] / "curriculum" / "fixtures" / "good").find_item(
        "sample.exercise").rubric
    for name in "abcd":
        api.submit(BLOCK, name, f"work of {name}")
    for reviewer in "dabcabcd":
        lease = api.request_review(BLOCK, reviewer, 2)
        assert lease is not None, reviewer
        api.submit_review(BLOCK, reviewer, lease.submission_id, {"evidence": 2, "clarity": 1}, "ok", rubric)
    received = {s.learner: len(api.received_reviews(s)) for s in api.submissions(BLOCK)}
    assert received == {"a": 2, "b": 2, "c": 2, "d": 2}


def _rejected(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_the_database_enforces_one_open_lease_per_reviewer_on_every_back_end():
    a, b = api.submit(BLOCK, "a", "text"), api.submit(BLOCK, "b", "text")
    expires = timezone.now() + timedelta(minutes=30)
    first = models.ReviewAssignment.objects.create(block_key=BLOCK, submission=a, reviewer="r", expires_at=expires)
    assert _rejected(lambda: models.ReviewAssignment.objects.create(block_key=BLOCK, submission=b, reviewer="r",
                                                                    expires_at=expires))
    first.completed_at = timezone.now()  # once the review is in, the reviewer may hold a new lease
    first.save(update_fields=["completed_at"])
    assert not _rejected(lambda: models.ReviewAssignment.objects.create(block_key=BLOCK, submission=b, reviewer="r",
                                                                        expires_at=expires))
    assert models.ReviewAssignment.objects.filter(reviewer="r", completed_at__isnull=True).count() == 1
