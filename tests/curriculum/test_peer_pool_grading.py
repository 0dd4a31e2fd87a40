"""The fast paths for large classes keep the rules: grading a whole peer exercise at once gives what grading it one
submission and one reviewer at a time gives, the batch allocation hands out the very pairs its rule describes, and
the lease-time choice is the first of what the reviewer is offered."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum import load_course
from curriculum.model import Rubric, RubricCriterion, RubricLevel
from curriculum.peer.aggregation import aggregate_reviews, agreement_with_consensus, grade_pool, reviewing_credit
from curriculum.peer.allocation import Submission, _tiebreak, allocate_reviews, eligible
from curriculum.rubrics import InvalidReview

REVIEW = st.fixed_dictionaries({"evidence": st.integers(0, 3), "clarity": st.integers(0, 1)})
POOLS = st.dictionaries(st.integers(0, 30), st.lists(st.tuples(st.integers(0, 30), REVIEW), max_size=5),
                        max_size=30)


@pytest.fixture(scope="module")
def rubric():
    return load_course(Path(__file__).parent / "fixtures" / "good").find_item("sample.exercise").rubric


@settings(max_examples=150, deadline=None)
@given(POOLS, st.integers(0, 4))
def test_pool_grading_equals_grading_one_by_one(rubric, pool, required):
    graded = grade_pool(rubric, pool, required)
    assert graded.grades == {sub: aggregate_reviews(rubric, [levels for _, levels in reviews])
                             for sub, reviews in pool.items()}
    reviewers = {reviewer for reviews in pool.values() for reviewer, _ in reviews}
    for reviewer in reviewers:
        given = [(sub, levels) for sub, reviews in pool.items() for who, levels in reviews if who == reviewer]
        agreements = [agreement_with_consensus(rubric, levels, graded.grades[sub]) for sub, levels in given
                      if len(pool[sub]) > 1]
        assert graded.credits[reviewer] == pytest.approx(reviewing_credit(required, len(given), agreements))
    assert set(graded.credits) == reviewers


@st.composite
def rubrics_and_pools(draw):
    """Any rubric (no criterion, equal levels, fractional points) and a pool of complete reviews for it."""
    points = st.one_of(st.integers(0, 5).map(float), st.floats(0, 5, allow_nan=False).map(lambda p: round(p, 3)))
    criteria = tuple(
        RubricCriterion(f"c{n}", f"C{n}", "", tuple(RubricLevel(p, str(p), "") for p in sorted(levels)))
        for n, levels in enumerate(draw(st.lists(st.lists(points, min_size=1, max_size=4), max_size=4))))
    review = st.fixed_dictionaries({c.id: st.integers(0, len(c.levels) - 1) for c in criteria})
    pool = draw(st.dictionaries(st.integers(0, 20), st.lists(st.tuples(st.integers(0, 20), review), max_size=6),
                                max_size=20))
    return Rubric(criteria), pool


@settings(max_examples=150, deadline=None)
@given(rubrics_and_pools(), st.integers(0, 4), st.floats(0, 1), st.floats(0, 1))
def test_pool_grading_gives_the_very_floats_of_grading_one_by_one(case, required, weight, threshold):
    rubric, pool = case
    graded = grade_pool(rubric, pool, required, weight, threshold)
    for sub, reviews in pool.items():
        alone = aggregate_reviews(rubric, [levels for _, levels in reviews], disagreement_threshold=threshold)
        assert repr(graded.grades[sub]) == repr(alone)  # repr: 0.1 + 0.2 is not 0.3, and -0.0 is not 0.0
    for reviewer in {reviewer for reviews in pool.values() for reviewer, _ in reviews}:
        given = [(sub, levels) for sub, reviews in pool.items() for who, levels in reviews if who == reviewer]
        agreements = [agreement_with_consensus(rubric, levels, graded.grades[sub]) for sub, levels in given
                      if len(pool[sub]) > 1]
        assert repr(graded.credits[reviewer]) == repr(reviewing_credit(required, len(given), agreements, weight))


class Level(IntEnum):
    LOW = 0
    HIGH = 1


def test_pool_grading_takes_what_one_review_at_a_time_takes(rubric):
    """An int subclass is a level (as for review_points); True, a float or a level too high is not."""
    graded = grade_pool(rubric, {1: [(2, {"evidence": Level.HIGH, "clarity": Level.LOW}),
                                     (3, {"evidence": 3, "clarity": 1})]}, 2)
    assert graded.grades[1] == aggregate_reviews(rubric, [{"evidence": 1, "clarity": 0},
                                                          {"evidence": 3, "clarity": 1}])
    for wrong in (True, 1.0, -1, 4, None):
        with pytest.raises(InvalidReview) as raised:
            grade_pool(rubric, {1: [(2, {"evidence": 1, "clarity": 0}), (3, {"evidence": wrong, "clarity": 0})]}, 2)
        with pytest.raises(InvalidReview) as alone:
            aggregate_reviews(rubric, [{"evidence": 1, "clarity": 0}, {"evidence": wrong, "clarity": 0}])
        assert str(raised.value) == str(alone.value)


def test_pool_grading_refuses_a_wrong_review(rubric):
    with pytest.raises(InvalidReview):
        grade_pool(rubric, {1: [(2, {"evidence": 1, "clarity": 0}), (3, {"evidence": 9, "clarity": 0})]}, 2)


def _allocation_by_its_rule(submissions, reviewers, reviews, groups, exclude, seed):
    """The batch rule spelled out slowly: in each round the submissions with the fewest reviews (then the earliest)
    each go to the least-loaded eligible reviewer (ties: the seeded hash, then the order given)."""
    reviewers = list(dict.fromkeys(reviewers))
    count = {s.id: 0 for s in submissions}
    load = dict.fromkeys(reviewers, 0)
    pairs: list = []
    for _round in range(reviews):
        needing = sorted((s for s in submissions if count[s.id] < reviews),
                         key=lambda s: (count[s.id], s.order, _tiebreak(seed, s.id)))
        for sub in needing:
            options = [(load[r], _tiebreak(seed, r), i, r) for i, r in enumerate(reviewers)
                       if (r, sub.id) not in pairs and eligible(r, sub, groups.get(r), exclude)]
            if options:
                reviewer = min(options)[3]
                pairs.append((reviewer, sub.id))
                count[sub.id] += 1
                load[reviewer] += 1
    return pairs


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 20), st.integers(0, 4), st.integers(0, 3), st.integers(0, 4), st.booleans(),
       st.integers(0, 2**16))
def test_batch_allocation_follows_its_rule_exactly(authors, reviews, extra, group_count, exclude, seed):
    groups = {f"u{i}": (i % group_count if group_count else None) for i in range(authors)}
    submissions = [Submission(f"s{i}", f"u{i}", groups[f"u{i}"], order=float(i % 3)) for i in range(authors)]
    reviewers = [f"u{i}" for i in range(authors)] + [f"x{i}" for i in range(extra)]
    fast = allocate_reviews(submissions, reviewers, reviews, groups=groups, exclude_same_group=exclude, seed=seed)
    assert fast == _allocation_by_its_rule(submissions, reviewers, reviews, groups, exclude, seed)


CANDIDATE_POOLS = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 2), st.integers(0, 3),
                                     st.frozensets(st.integers(0, 12), max_size=4)), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(CANDIDATE_POOLS, st.integers(0, 12), st.integers(1, 4), st.booleans(), st.booleans())
def test_choose_submission_is_the_first_of_what_is_offered(pool, reviewer, required, exclude, surplus):
    from curriculum.peer.allocation import Candidate, choose_submission, reviewable_submissions

    candidates = [Candidate(Submission(f"s{i}", i, group=group, order=float(order)), done, leases,
                            frozenset(r for r in reviewers if r != i))
                  for i, (order, group, done, leases, reviewers) in enumerate(pool)]
    offered = reviewable_submissions(reviewer, candidates, required, reviewer_group=reviewer % 3,
                                     exclude_same_group=exclude, allow_surplus=surplus)
    chosen = choose_submission(reviewer, candidates, required, reviewer_group=reviewer % 3,
                               exclude_same_group=exclude, allow_surplus=surplus)
    assert chosen == (offered[0].submission if offered else None)


@settings(max_examples=200, deadline=None)
@given(CANDIDATE_POOLS, st.integers(0, 12), st.integers(1, 4), st.booleans())
def test_choosing_from_the_lowest_options_and_the_owing_summary_is_choosing_from_the_pool(pool, reviewer, required,
                                                                                          exclude):
    """A channel may hand the core only the reviewer's options with the fewest reviews (found with an index) and
    the pool's summary of who still owes reviews: the choice is the one the whole pool gives, or None when only
    the whole pool can decide (nothing below its reviews: a surplus review)."""
    from curriculum.peer.allocation import Candidate, choose_below, choose_submission, eligible, owing_learners

    candidates = [Candidate(Submission(f"s{i}", i, group=group, order=float(order)), done, leases,
                            frozenset(r for r in reviewers if r != i))
                  for i, (order, group, done, leases, reviewers) in enumerate(pool)]
    group = reviewer % 3
    options = [c for c in candidates
               if reviewer not in c.reviewers and eligible(reviewer, c.submission, group, exclude)]
    fewest = min((c.in_progress for c in options), default=None)
    lowest = [c for c in options if c.in_progress == fewest]
    owing = owing_learners(candidates, required)
    asked = {c.submission.author for c in lowest} | {r for c in lowest for r in c.reviewers}
    summary = type(owing)(owing.count, owing.in_group, {k: v for k, v in owing.learners.items() if k in asked})
    chosen = choose_below(reviewer, lowest, required, summary, reviewer_group=group, exclude_same_group=exclude)
    whole = choose_submission(reviewer, candidates, required, reviewer_group=group, exclude_same_group=exclude)
    if fewest is not None and fewest < required:
        assert chosen == whole
    else:
        assert chosen is None
