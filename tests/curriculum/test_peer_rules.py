"""Rubric scoring, peer aggregation and allocation, the rules every channel shares."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from curriculum.peer.aggregation import aggregate_reviews, agreement_with_consensus, combine_grade, reviewing_credit
from curriculum.peer.allocation import (
    Candidate,
    Submission,
    allocate_reviews,
    choose_submission,
    effective_required_reviews,
)
from curriculum.rubrics import InvalidReview, score_review


@pytest.fixture
def rubric(sample_course):
    return sample_course.find_item("sample.exercise").rubric  # evidence 0/1/2/3, clarity 0/2


def test_a_review_scores_the_points_of_its_levels(rubric):
    score = score_review(rubric, {"evidence": 3, "clarity": 1})
    assert score.criteria == {"evidence": 3.0, "clarity": 2.0}
    assert (score.points, score.max_points, score.score) == (5.0, 5.0, 1.0)


@pytest.mark.parametrize("review", [{"evidence": 1}, {"evidence": 1, "clarity": 2}, {"evidence": 1, "clarity": -1},
                                    {"evidence": 1, "clarity": 0, "style": 0}, {"evidence": "1", "clarity": 0}])
def test_incomplete_or_impossible_reviews_are_rejected(rubric, review):
    with pytest.raises(InvalidReview):
        score_review(rubric, review)


def test_median_per_criterion(rubric):
    grade = aggregate_reviews(rubric, [{"evidence": 3, "clarity": 1}, {"evidence": 1, "clarity": 1},
                                       {"evidence": 2, "clarity": 0}])
    assert grade.criteria == {"evidence": 2.0, "clarity": 2.0}
    assert grade.points == 4.0 and grade.review_count == 3 and not grade.overridden


def test_even_number_of_reviews_takes_the_mean_of_the_middle_two(rubric):
    grade = aggregate_reviews(rubric, [{"evidence": 1, "clarity": 0}, {"evidence": 2, "clarity": 1}])
    assert grade.criteria == {"evidence": 1.5, "clarity": 1.0}


def test_no_reviews_no_grade(rubric):
    assert aggregate_reviews(rubric, []) is None


def test_instructor_override_replaces_the_peer_result_and_needs_a_reason(rubric):
    reviews = [{"evidence": 0, "clarity": 0}, {"evidence": 3, "clarity": 1}]
    with pytest.raises(ValueError):
        aggregate_reviews(rubric, reviews, override={"evidence": 3, "clarity": 1})
    grade = aggregate_reviews(rubric, reviews, override={"evidence": 2, "clarity": 1}, override_reason="Checked")
    assert grade.overridden and grade.points == 4.0 and grade.override_reason == "Checked"
    assert grade.disagreement  # the instructor still sees peers disagreed


def test_disagreement_flag_follows_the_spread(rubric):
    close = aggregate_reviews(rubric, [{"evidence": 2, "clarity": 1}, {"evidence": 3, "clarity": 1}])
    wide = aggregate_reviews(rubric, [{"evidence": 0, "clarity": 1}, {"evidence": 3, "clarity": 1}])
    assert not close.disagreement and wide.disagreement
    assert wide.spread["evidence"] == 1.0


def test_grade_for_reviewing(rubric):
    consensus = aggregate_reviews(rubric, [{"evidence": 2, "clarity": 1}] * 3)
    assert agreement_with_consensus(rubric, {"evidence": 2, "clarity": 1}, consensus) == 1.0
    assert agreement_with_consensus(rubric, {"evidence": 0, "clarity": 0}, consensus) == pytest.approx(
        ((1 - 2 / 3) + 0) / 2)
    assert reviewing_credit(3, 3) == 1.0 and reviewing_credit(3, 1) == pytest.approx(1 / 3)
    assert reviewing_credit(2, 2, [0.5]) == pytest.approx(0.75)
    assert combine_grade(0.8, 1.0, 0.2) == pytest.approx(0.84) and combine_grade(0.8) == 0.8


def test_pool_too_small_lowers_required_reviews():
    assert effective_required_reviews(3, 10) == 3
    assert effective_required_reviews(3, 3) == 2
    assert effective_required_reviews(3, 1) == 0


# -- allocation ------------------------------------------------------------------------------------------------------

classes = st.integers(min_value=1, max_value=25).flatmap(
    lambda n: st.tuples(st.just(n), st.integers(min_value=0, max_value=4), st.integers(min_value=0, max_value=5),
                        st.integers(min_value=0, max_value=2**16)))


@settings(max_examples=200, deadline=None)
@given(classes)
def test_batch_allocation_invariants(params):
    authors, n_reviews, extra_reviewers, seed = params
    submissions = [Submission(id=f"s{i}", author=f"u{i}", order=i) for i in range(authors)]
    reviewers = [f"u{i}" for i in range(authors)] + [f"x{i}" for i in range(extra_reviewers)]
    pairs = allocate_reviews(submissions, reviewers, n_reviews, seed=seed)
    assert len(pairs) == len(set(pairs)), "a duplicate pair"
    authors_of = {s.id: s.author for s in submissions}
    assert all(authors_of[sub] != reviewer for reviewer, sub in pairs), "a self-review"
    counts = Counter(sub for _, sub in pairs)
    possible = min(n_reviews, len(reviewers) - 1)
    for submission in submissions:
        assert counts[submission.id] == possible, "every submission gets N reviews when enough reviewers exist"
    loads = Counter(reviewer for reviewer, _ in pairs)
    if pairs:
        assert max(loads.values()) - min(loads.get(r, 0) for r in reviewers) <= max(2, n_reviews)


@settings(max_examples=100, deadline=None)
@given(classes, st.integers(min_value=1, max_value=5))
def test_late_submitters_still_get_reviewed(params, late):
    authors, n_reviews, extra_reviewers, seed = params
    assume(n_reviews > 0)
    early = [Submission(id=f"s{i}", author=f"u{i}", order=i) for i in range(authors)]
    reviewers = [f"u{i}" for i in range(authors)] + [f"x{i}" for i in range(extra_reviewers)]
    first = allocate_reviews(early, reviewers, n_reviews, seed=seed)
    later = [Submission(id=f"late{i}", author=f"v{i}", order=authors + i) for i in range(late)]
    everyone = reviewers + [s.author for s in later]
    second = allocate_reviews(early + later, everyone, n_reviews, existing=first, seed=seed)
    assert not set(first) & set(second)
    counts = Counter(sub for _, sub in first + second)
    for submission in later:
        assert counts[submission.id] == min(n_reviews, len(everyone) - 1)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=2, max_value=12), st.integers(min_value=1, max_value=3))
def test_group_exclusion_is_respected(size, groups):
    submissions = [Submission(id=i, author=f"u{i}", group=i % groups) for i in range(size)]
    group_of = {s.author: s.group for s in submissions}
    pairs = allocate_reviews(submissions, list(group_of), 2, groups=group_of, exclude_same_group=True)
    assert all(group_of[r] != submissions[s].group for r, s in pairs)


def test_choose_submission_serves_fewest_reviews_first_and_never_own_or_repeat():
    subs = [Submission("a", "ana", order=1), Submission("b", "ben", order=2), Submission("c", "cruz", order=3)]
    candidates = [Candidate(subs[0], reviews=2), Candidate(subs[1], reviews=0, active_leases=1),
                  Candidate(subs[2], reviews=0)]
    assert choose_submission("ben", candidates, 3).id == "c"
    assert choose_submission("cruz", candidates, 3).id == "b"  # one lease counts, still fewer than "a"
    assert choose_submission("cruz", candidates, 3, already_assigned=["b", "a"]) is None
    done = [Candidate(s, reviews=3) for s in subs]
    assert choose_submission("ana", done, 3).id == "b"  # surplus allowed: nobody is left without work
    assert choose_submission("ana", done, 3, allow_surplus=False) is None


def test_choose_submission_respects_groups():
    subs = [Submission("a", "ana", group="north"), Submission("b", "ben", group="south")]
    chosen = choose_submission("cruz", [Candidate(s, 0) for s in subs], 2, reviewer_group="north",
                               exclude_same_group=True)
    assert chosen.id == "b"


def test_a_rubric_snapshot_gives_back_the_same_rubric_and_version(rubric):
    from curriculum.rubrics import rubric_from_snapshot, rubric_snapshot, rubric_version

    again = rubric_from_snapshot(rubric_snapshot(rubric))
    assert again == rubric and rubric_version(again) == rubric_version(rubric)


def test_reviews_under_different_rubric_versions_are_each_scored_with_their_own(rubric):
    from curriculum.model import Rubric, RubricCriterion, RubricLevel
    from curriculum.peer.aggregation import grade_across_rubric_versions

    renamed = Rubric((RubricCriterion("depth", "Depth", "", (RubricLevel(0, "Shallow", ""),
                                                             RubricLevel(4, "Deep", ""))),))
    old_full = (rubric, {"evidence": 3, "clarity": 1})  # 5 of 5 under the old rubric
    new_none = (renamed, {"depth": 0})  # 0 of 4 under the new one
    # all under the old version: the usual aggregate, with the old criteria for the breakdown
    grade, breakdown = grade_across_rubric_versions(renamed, [old_full, old_full])
    assert grade.score == 1.0 and breakdown == rubric and set(grade.criteria) == {"evidence", "clarity"}
    # mixed: the median of each review's fraction, in the current rubric's points, no breakdown
    grade, breakdown = grade_across_rubric_versions(renamed, [old_full, new_none])
    assert (grade.points, grade.max_points, grade.criteria) == (2.0, 4.0, {}) and breakdown == renamed
    # a review that fits no rubric it can be scored with is left out, never an error
    grade, _ = grade_across_rubric_versions(renamed, [(renamed, {"evidence": 3, "clarity": 1}), new_none])
    assert grade.score == 0.0 and grade.review_count == 1
    assert grade_across_rubric_versions(renamed, [(renamed, {"evidence": 3})]) == (None, renamed)
    # a staff grade decides on the rubric it was given with
    grade, breakdown = grade_across_rubric_versions(renamed, [new_none], (rubric, {"evidence": 0, "clarity": 1}),
                                                    "checked")
    assert grade.overridden and grade.points == 2.0 and breakdown == rubric


def test_a_peer_settings_range_allows_whole_numbers_within_it_and_clamps_others():
    from curriculum.peer.workflow import LEASE_MINUTES, REVIEWS_PER_RESPONSE

    assert [LEASE_MINUTES.allows(v) for v in (4, 5, 60, 10080, 10081, 7.5, float("inf"), float("nan"))] == [
        False, True, True, True, False, False, False, False]
    assert [LEASE_MINUTES.clamp(v) for v in (1, 60, 99999)] == [5, 60, 10080]
    assert REVIEWS_PER_RESPONSE.allows(0) and not REVIEWS_PER_RESPONSE.allows(11)
