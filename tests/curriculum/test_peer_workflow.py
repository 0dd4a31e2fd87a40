"""Peer-exercise states and the rules that keep learners from being stuck."""

from __future__ import annotations

from datetime import datetime, timedelta

from curriculum.peer.workflow import (
    LearnerState,
    Notice,
    PeerPolicy,
    can_submit,
    learner_status,
    lease_expired,
    needs_instructor,
    peer_grade_ready,
    pool_for_learner,
    reviews_to_give,
)

NOW = datetime(2026, 11, 29, 12, 0)
POLICY = PeerPolicy(reviews_required=3)


def status(policy=POLICY, **kw):
    values = dict(submitted=True, reviews_given=0, reviews_received=0, submissions_in_pool=10,
                  instructor_graded=False, now=NOW)
    values.update(kw)
    return learner_status(policy, **values)


def test_the_happy_path_through_the_states():
    assert status(submitted=False).state is LearnerState.NOT_SUBMITTED
    reviewing = status(reviews_given=1)
    assert reviewing.state is LearnerState.REVIEWING and (reviewing.reviews_given, reviewing.reviews_to_give) == (1, 3)
    assert status(reviews_given=3, reviews_received=2).state is LearnerState.WAITING
    assert status(reviews_given=3, reviews_received=3).state is LearnerState.GRADED


def test_a_small_pool_lowers_what_is_asked_and_says_so():
    small = status(submissions_in_pool=3)
    assert small.reviews_to_give == 2 and small.reviews_to_receive == 2
    assert Notice.POOL_TOO_SMALL in small.notices
    assert status(submissions_in_pool=3, reviews_given=2, reviews_received=2).state is LearnerState.GRADED


def test_the_first_to_submit_waits_for_peers_not_for_the_instructor():
    first = status(submissions_in_pool=1)
    assert first.state is LearnerState.WAITING and first.reviews_to_give == 0
    assert first.notices == (Notice.FIRST_TO_SUBMIT,) and not first.stuck
    assert not needs_instructor(POLICY, 0, 1, NOW)
    instructor_too = status(PeerPolicy(reviews_required=3, instructor_review=True), submissions_in_pool=1)
    assert instructor_too.notices == (Notice.INSTRUCTOR_WILL_GRADE,)


def test_alone_in_the_pool_once_submissions_close_the_instructor_grades():
    closed = PeerPolicy(reviews_required=3, submission_deadline=NOW - timedelta(hours=1))
    alone = status(closed, submissions_in_pool=1)
    assert alone.state is LearnerState.WAITING and alone.reviews_to_give == 0
    assert Notice.INSTRUCTOR_WILL_GRADE in alone.notices and Notice.FIRST_TO_SUBMIT not in alone.notices
    assert alone.stuck
    assert status(closed, submissions_in_pool=1, instructor_graded=True).state is LearnerState.GRADED


def test_after_the_review_deadline_one_review_is_enough_and_none_goes_to_the_instructor():
    closed = PeerPolicy(reviews_required=3, review_deadline=NOW - timedelta(hours=1))
    assert reviews_to_give(closed, 10, NOW) == 0
    assert peer_grade_ready(closed, 1, 10, NOW)
    late = status(closed, reviews_received=0)
    assert late.state is LearnerState.WAITING and Notice.INSTRUCTOR_WILL_GRADE in late.notices and late.stuck
    assert needs_instructor(closed, 0, 10, NOW) and not needs_instructor(closed, 1, 10, NOW)


def test_nothing_to_review_yet_is_told_and_flagged_as_stuck():
    early = status(reviewable_now=0)
    assert early.state is LearnerState.REVIEWING and Notice.NOTHING_TO_REVIEW_YET in early.notices and early.stuck


def test_instructor_graded_mode():
    policy = PeerPolicy(reviews_required=0)
    waiting = status(policy)
    assert waiting.state is LearnerState.SUBMITTED and waiting.reviews_to_give == 0
    assert status(policy, instructor_graded=True).state is LearnerState.GRADED


def test_instructor_review_on_top_of_peers_waits_for_the_instructor():
    policy = PeerPolicy(reviews_required=2, instructor_review=True)
    assert status(policy, reviews_given=2, reviews_received=2).state is LearnerState.WAITING
    assert status(policy, reviews_given=2, reviews_received=2, instructor_graded=True).state is LearnerState.GRADED


def test_submission_deadline_and_leases():
    policy = PeerPolicy(submission_deadline=NOW, lease_minutes=30)
    assert can_submit(policy, NOW - timedelta(seconds=1)) and not can_submit(policy, NOW)
    assert Notice.SUBMISSION_CLOSED in status(policy, submitted=False).notices
    assert not lease_expired(policy, NOW, NOW + timedelta(minutes=29))
    assert lease_expired(policy, NOW, NOW + timedelta(minutes=30))


def _at(minute: int) -> datetime:
    return NOW + timedelta(minutes=minute)


def test_a_third_learner_submitting_never_withdraws_bobs_grade():
    policy = PeerPolicy(reviews_required=2)
    alice, bob, carmen = _at(0), _at(1), _at(10)
    reviewed_by_alice = [_at(5)]
    # Alice and Bob alone: one review each is all the pool can give; Bob is graded and has done his review
    before = pool_for_learner(2, [alice, bob], reviewed_by_alice)
    graded = status(policy, submissions_in_pool=before, reviews_given=1, reviews_received=1)
    assert graded.state is LearnerState.GRADED and graded.reviews_to_give == 1
    # Carmen submits: the pool now asks for two reviews, but Bob's grade and reviewing stay as they were
    after = pool_for_learner(2, [alice, bob, carmen], reviewed_by_alice)
    still = status(policy, submissions_in_pool=after, reviews_given=1, reviews_received=1)
    assert after == 2 and still.state is LearnerState.GRADED
    assert (still.reviews_given, still.reviews_to_give, still.reviews_to_receive) == (1, 1, 1)
    # counted with today's pool instead, Bob's grade would be gone: what the rule prevents
    assert status(policy, submissions_in_pool=3, reviews_given=1, reviews_received=1).state is not LearnerState.GRADED


def test_a_learner_not_yet_graded_when_the_pool_grows_is_asked_for_the_larger_number():
    # Bob's only review came after Carmen joined: his grade was never reached with the small pool
    assert pool_for_learner(2, [_at(0), _at(1), _at(2)], [_at(5)]) == 3
    assert pool_for_learner(2, [_at(0), _at(1), _at(2)], []) == 3
    # ... and once the larger number is reached, later growth no longer moves it
    assert pool_for_learner(2, [_at(0), _at(1), _at(2), _at(9)], [_at(5), _at(6)]) == 3


def test_a_reviewers_removed_submission_does_not_withdraw_the_grade_their_review_completed():
    # Bob reviewed Alice and then had his data deleted: the pool holds Alice alone, her grade stands
    assert pool_for_learner(2, [_at(0)], [_at(5)]) == 2
    assert status(PeerPolicy(reviews_required=2), submissions_in_pool=2, reviews_received=1,
                  reviews_given=1).state is LearnerState.GRADED
