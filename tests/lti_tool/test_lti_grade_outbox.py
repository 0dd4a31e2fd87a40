"""The grade outbox: every score reaches the platform's AGS line item exactly once, through outages, failures,
restarts of the tool and several drainers at once; an instructor's retry works; tokens are cached until expiry."""

from __future__ import annotations

import pytest
from lti_grade_helpers import (
    bring_platform_back,
    line_item,
    make_flaky,
    no_grace,
    received_scores,
    seed,
    take_platform_down,
)
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.grades import outbox
from lti_tool.grades.models import DELIVERED, FAILED, PENDING, GradeOutbox


def enqueue_for(world, link_id, user_ids, score=7.0, **kwargs):
    with world.app.app_context():
        return [outbox.enqueue_score(link_id, uid, score, 10.0, "Completed", "FullyGraded", **kwargs).id
                for uid in user_ids]


def states(world) -> dict[int, str]:
    with world.app.app_context():
        return {r.id: r.state for r in db.session.scalars(select(GradeOutbox))}


def test_a_score_reaches_the_line_item_with_user_progress_and_timestamp(world):
    lineitem = line_item(world)
    link_id, users = seed(world, lineitem, 1)
    enqueue_for(world, link_id, users, comment="Well done")
    with world.app.app_context():
        report = outbox.drain()
    assert report.delivered == 1
    [score] = world.platform.scores
    assert score["lineitem"] == lineitem and score["userId"] == "seeded-link-learner-0"
    assert (score["scoreGiven"], score["scoreMaximum"]) == (7.0, 10.0)
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
    assert score["timestamp"].endswith("Z") and "." in score["timestamp"] and score["comment"] == "Well done"
    assert set(states(world).values()) == {DELIVERED}


def test_no_line_item_means_nothing_to_send(world):
    link_id, users = seed(world, None, 1)
    with world.app.app_context():
        assert outbox.enqueue_score(link_id, users[0], 1, 1, "Completed", "FullyGraded") is None
        with pytest.raises(ValueError):
            outbox.enqueue_score(link_id, users[0], 1, 1, "Done", "FullyGraded")


def test_the_access_token_is_fetched_once_and_cached_until_expiry(world):
    link_id, users = seed(world, line_item(world), 3)
    enqueue_for(world, link_id, users)
    with world.app.app_context():
        outbox.drain()
        enqueue_for(world, link_id, users[:1], score=9)
        outbox.drain()
    assert len(world.platform.scores) == 4
    assert len(world.platform.received("token_request")) == 1
    world.platform.tokens.clear()  # the platform forgets the token (expired or revoked): 401, new token, delivered
    enqueue_for(world, link_id, users[1:2], score=3)
    with world.app.app_context():
        assert outbox.drain().delivered == 1
    assert len(world.platform.received("token_request")) == 2


def test_an_outage_then_failures_then_recovery_delivers_every_score_exactly_once(world):
    flaky = make_flaky(world)
    link_id, users = seed(world, line_item(world), 12)
    take_platform_down(world)
    ids = enqueue_for(world, link_id, users)
    with world.app.app_context():
        report = outbox.drain()
    assert report.delivered == 0 and report.retrying == 12
    assert set(states(world).values()) == {PENDING}
    with world.app.app_context():
        assert outbox.drain().claimed == 0  # waiting out the back-off
        row = db.session.get(GradeOutbox, ids[0])
        assert row.attempts == 1 and "unreachable" in row.last_error and row.next_attempt_at > row.created_at
    bring_platform_back(world)
    flaky.fail_status = 503  # back, but failing for a while
    no_grace(world.app)
    with world.app.app_context():
        assert outbox.drain().retrying == 12
    flaky.fail_status, flaky.fail_next = 500, 5  # five more failures, then fine
    for _ in range(4):
        no_grace(world.app)
        with world.app.app_context():
            outbox.flush()
    assert set(states(world).values()) == {DELIVERED}
    counts = received_scores(world)
    assert len(counts) == 12 and set(counts.values()) == {1}


def test_scores_for_one_learner_go_out_in_order(world):
    flaky = make_flaky(world)
    link_id, users = seed(world, line_item(world), 1)
    flaky.fail_status = 503
    first = enqueue_for(world, link_id, users, score=4)[0]
    with world.app.app_context():
        outbox.drain()
    second = enqueue_for(world, link_id, users, score=8)[0]
    flaky.fail_status = None
    with world.app.app_context():
        assert outbox.drain().claimed == 0  # the newer score waits behind the older one in back-off
    no_grace(world.app)
    with world.app.app_context():
        outbox.flush()
    assert [s["scoreGiven"] for s in world.platform.scores] == [4, 8]
    assert states(world) == {first: DELIVERED, second: DELIVERED}


def test_a_permanent_refusal_fails_and_an_instructor_retry_delivers_it(world):
    flaky = make_flaky(world)
    link_id, users = seed(world, line_item(world), 1)
    flaky.fail_status = 400
    [entry] = enqueue_for(world, link_id, users)
    with world.app.app_context():
        assert outbox.drain().failed == 1
        assert outbox.drain().claimed == 0
        assert db.session.get(GradeOutbox, entry).last_status == 400
    assert states(world)[entry] == FAILED
    flaky.fail_status = None
    with world.app.app_context():
        assert not outbox.retry(entry, resource_link_id=entry + 999)  # not on that link
        assert outbox.retry(entry, resource_link_id=link_id)
        assert outbox.drain().delivered == 1
        assert not outbox.retry(entry)  # delivered: nothing to retry
    assert len(world.platform.scores) == 1


def test_giving_up_after_the_attempts_run_out(world):
    world.app.config["GRADE_MAX_ATTEMPTS"] = 3
    flaky = make_flaky(world)
    flaky.fail_status = 503
    link_id, users = seed(world, line_item(world), 1)
    [entry] = enqueue_for(world, link_id, users)
    for _ in range(3):
        no_grace(world.app)
        with world.app.app_context():
            outbox.drain()
    assert states(world)[entry] == FAILED


def test_an_enqueued_score_wakes_its_own_apps_drainer_once_committed_and_no_other(world, tmp_path):
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from lti_tool import create_app

    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'other.db'}",
                        "SECRET_KEY": "other"})
    mine, theirs = outbox.wake_event(world.app), outbox.wake_event(other)
    assert mine is not theirs
    assert not event.contains(Session, "after_commit", getattr(outbox, "_after_commit", lambda s: None))
    link_id, users = seed(world, line_item(world), 1)
    mine.clear(), theirs.clear()
    with world.app.app_context():
        outbox.enqueue_score(link_id, users[0], 5.0, 10.0, "Completed", "FullyGraded", commit=False)
        assert not mine.is_set()  # not before the caller's transaction commits
        db.session.commit()
    assert mine.is_set() and not theirs.is_set()
    mine.clear()
    with world.app.app_context():
        db.session.commit()  # a later commit of another session wakes nobody
    assert not mine.is_set()
