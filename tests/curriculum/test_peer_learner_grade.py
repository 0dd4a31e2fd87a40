"""One learner's peer grade and completion (curriculum.peer.grading), the rules both channels call."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from curriculum.peer.grading import GivenReview, Override, Review, learner_grade, work_complete
from curriculum.peer.workflow import PeerPolicy, review_refusal, reviewing_open

NOW = datetime(2026, 12, 5, 12, 0)
FULL = {"evidence": 3, "clarity": 1}  # 5 of 5 points
LOW = {"evidence": 1, "clarity": 0}  # 1 of 5


@pytest.fixture
def rubric(sample_course):
    return sample_course.find_item("sample.exercise").rubric  # evidence 0/1/2/3, clarity 0/2


def test_not_ready_until_the_reviews_the_pool_asks_for_then_the_median(rubric):
    policy = PeerPolicy(reviews_required=2)
    one = learner_grade(policy, rubric, received=[Review(rubric, FULL)], pool=4, now=NOW)
    assert (one.grade, one.final) == (None, None) and one.peers.points == 5.0
    two = learner_grade(policy, rubric, received=[Review(rubric, FULL), Review(rubric, LOW)], pool=4, now=NOW)
    assert two.final == pytest.approx(0.6) and two.grade.criteria == {"evidence": 2.0, "clarity": 1.0}


def test_after_the_review_deadline_one_review_is_enough(rubric):
    policy = PeerPolicy(reviews_required=3, review_deadline=NOW - timedelta(minutes=1))
    found = learner_grade(policy, rubric, received=[Review(rubric, LOW)], pool=5, now=NOW)
    assert found.final == pytest.approx(0.2)
    assert learner_grade(policy, rubric, received=[], pool=5, now=NOW).final is None


def test_a_staff_grade_decides_even_before_the_peers_are_done_and_keeps_the_flag(rubric):
    policy = PeerPolicy(reviews_required=3)
    found = learner_grade(policy, rubric, received=[Review(rubric, FULL), Review(rubric, {"evidence": 0,
                                                                                         "clarity": 0})],
                          pool=5, now=NOW, override=Override(Review(rubric, LOW), "checked"))
    assert found.final == pytest.approx(0.2) and found.grade.overridden and found.flagged


def test_reviewing_credit_blends_completion_with_agreement(rubric):
    policy = PeerPolicy(reviews_required=2)
    mine = Review(rubric, FULL)
    given = [GivenReview(mine, [mine, Review(rubric, FULL)]), GivenReview(mine, [mine, Review(rubric, LOW)])]
    received = [Review(rubric, FULL), Review(rubric, FULL)]
    found = learner_grade(policy, rubric, received=received, pool=3, now=NOW, given=given, reviewing_weight=0.5)
    # completion 1; agreement 1 with the first consensus, (1 - 1/3 + 1 - 1/2) / 2 with the second
    agreement = (1 + (1 - 1 / 3 + 1 - 1 / 2) / 2) / 2
    assert found.reviewing == pytest.approx(0.5 * 1 + 0.5 * agreement)
    assert found.final == pytest.approx(0.5 * 1.0 + 0.5 * found.reviewing)
    alone = learner_grade(policy, rubric, received=received, pool=3, now=NOW, given=given[:1], reviewing_weight=0.5)
    assert alone.reviewing == pytest.approx(0.5 * 0.5 + 0.5 * 1)  # one of two reviews, in full agreement


def test_reviewing_opens_and_closes_with_the_deadline_and_needs_a_submission():
    policy = PeerPolicy(reviews_required=2, review_deadline=NOW)
    assert reviewing_open(policy, NOW - timedelta(seconds=1)) and not reviewing_open(policy, NOW)
    assert review_refusal(policy, submitted=False, now=NOW - timedelta(hours=1)) == "not_submitted"
    assert review_refusal(policy, submitted=True, now=NOW) == "closed"
    assert review_refusal(policy, submitted=True, now=NOW - timedelta(hours=1)) is None
    assert review_refusal(PeerPolicy(reviews_required=0), submitted=True, now=NOW) == "closed"


def test_work_is_complete_with_the_reviews_owed_and_the_self_assessment_asked_for():
    policy = PeerPolicy(reviews_required=2)
    assert not work_complete(policy, submitted=True, reviews_given=1, pool=4, now=NOW)
    assert work_complete(policy, submitted=True, reviews_given=2, pool=4, now=NOW)
    assert not work_complete(policy, submitted=True, reviews_given=2, pool=4, now=NOW, self_assessment=True)
    assert work_complete(policy, submitted=True, reviews_given=2, pool=4, now=NOW, self_assessment=True,
                         self_assessed=True)
    assert work_complete(policy, submitted=True, reviews_given=1, pool=2, now=NOW)  # a pool of two asks for one


def test_completion_once_reached_is_kept_when_the_pool_grows():
    """A pool of two asks one review; a third and fourth learner make it ask two (then three of four): a learner
    done with one review stays done, as the channel recorded it."""
    policy = PeerPolicy(reviews_required=3)
    assert work_complete(policy, submitted=True, reviews_given=1, pool=2, now=NOW)
    assert not work_complete(policy, submitted=True, reviews_given=1, pool=4, now=NOW)  # a newcomer's requirement
    assert work_complete(policy, submitted=True, reviews_given=1, pool=4, now=NOW, reached_before=True)


def test_the_first_to_submit_is_not_done_while_reviewing_is_open():
    open_policy = PeerPolicy(reviews_required=2, review_deadline=NOW + timedelta(days=1))
    assert not work_complete(open_policy, submitted=True, reviews_given=0, pool=1, now=NOW)
    assert work_complete(open_policy, submitted=True, reviews_given=0, pool=1, now=NOW + timedelta(days=2))
    assert work_complete(PeerPolicy(reviews_required=0), submitted=True, reviews_given=0, pool=1, now=NOW)
