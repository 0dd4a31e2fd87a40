"""From several peer reviews to one grade: the median per criterion, instructor override, disagreement flag,
and the credit a reviewer earns for reviewing (Workshop's "grade for assessment").

:func:`grade_pool` grades a whole exercise at once (every submission and every reviewer's credit) and scores each
review only once, for classes of tens of thousands."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from ..model import Rubric
from ..rubrics import review_points, score_review

DEFAULT_DISAGREEMENT = 0.5  # spread above half a criterion's range flags the submission


@dataclass(frozen=True)
class PeerGrade:
    """The grade of one submission. ``score`` is the fraction of the rubric's maximum."""

    criteria: dict[str, float]
    points: float
    max_points: float
    review_count: int
    overridden: bool = False
    override_reason: str = ""
    disagreement: bool = False
    spread: dict[str, float] = field(default_factory=dict)

    @property
    def score(self) -> float:
        return self.points / self.max_points if self.max_points else 0.0


def _median(values: list[float]) -> float:
    """The median (the mean of the middle two for an even count), as :func:`statistics.median` gives it."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return float((ordered[middle - 1] + ordered[middle]) / 2)


def aggregate_reviews(rubric: Rubric, reviews: Sequence[Mapping[str, int]],
                      override: Mapping[str, int] | None = None, override_reason: str = "",
                      disagreement_threshold: float = DEFAULT_DISAGREEMENT) -> PeerGrade | None:
    """Combine reviews (each a level index per criterion) into a grade; None when there is nothing to grade.

    Each criterion gets the median of the points reviewers gave (the mean of the middle two for an even count).
    An instructor ``override`` (a complete review) replaces the peers' result but keeps the disagreement flag, so
    the instructor still sees that peers disagreed. The flag is raised when, for any criterion, the highest and
    lowest points given differ by more than ``disagreement_threshold`` of that criterion's range.
    """
    rows = [review_points(rubric, review) for review in reviews]
    spread, disagreement = _spread(rubric, rows, disagreement_threshold)
    if override is not None:
        if not override_reason.strip():
            raise ValueError("an instructor override needs a reason")
        final = score_review(rubric, override)
        return PeerGrade(final.criteria, final.points, final.max_points, len(rows), True, override_reason.strip(),
                         disagreement, spread)
    return _consensus(rubric, rows, spread, disagreement)


def _spread(rubric: Rubric, rows: Sequence[Sequence[float]], threshold: float) -> tuple[dict[str, float], bool]:
    """Per criterion, (highest - lowest points given) / the criterion's range, and whether any is above
    ``threshold``. ``rows`` hold each review's points in the rubric's order."""
    spread = {}
    for n, criterion in enumerate(rubric.criteria):
        values = [row[n] for row in rows]
        spread[criterion.id] = (max(values) - min(values)) / criterion.span if len(values) > 1 else 0.0
    return spread, any(v > threshold + 1e-9 for v in spread.values())


def _consensus(rubric: Rubric, rows: Sequence[Sequence[float]], spread: dict[str, float],
               disagreement: bool) -> PeerGrade | None:
    """The peers' grade: the median per criterion of ``rows`` (each review's points in the rubric's order)."""
    if not rows:
        return None
    medians = {c.id: _median([row[n] for row in rows]) for n, c in enumerate(rubric.criteria)}
    return PeerGrade(medians, sum(medians.values()), rubric.max_points, len(rows), False, "", disagreement, spread)


def agreement_with_consensus(rubric: Rubric, review: Mapping[str, int], consensus: PeerGrade) -> float:
    """How close one review is to the submission's consensus grade: 1 means identical, 0 maximally far.

    The mean, over criteria, of ``1 - |points given - consensus points| / criterion range``.
    """
    return _closeness(rubric, review_points(rubric, review), consensus)  # review_points validates the review


def _closeness(rubric: Rubric, given: Sequence[float], consensus: PeerGrade) -> float:
    closeness = [1 - min(1.0, abs(points - consensus.criteria[c.id]) / c.span)
                 for c, points in zip(rubric.criteria, given, strict=True)]
    return sum(closeness) / len(closeness) if closeness else 0.0


@dataclass(frozen=True)
class PoolGrades:
    """A whole exercise graded at once: the peers' grade per submission and the reviewing credit per reviewer."""

    grades: dict[Hashable, PeerGrade | None]
    credits: dict[Hashable, float]


def grade_pool(rubric: Rubric, reviews: Mapping[Hashable, Sequence[tuple[Hashable, Mapping[str, int]]]],
               required_reviews: int, agreement_weight: float = 0.5,
               disagreement_threshold: float = DEFAULT_DISAGREEMENT) -> PoolGrades:
    """Grade every submission of ``reviews`` (submission id → its (reviewer, levels) reviews) and credit every
    reviewer, scoring each review once.

    A submission's grade is :func:`aggregate_reviews` of its reviews. A reviewer's credit is
    :func:`reviewing_credit` of the reviews they gave, with their agreement with the consensus of each submission
    they reviewed that has more than one review (one review alone is its own consensus). Reviewers who gave no
    review are not in ``credits``: their credit is ``reviewing_credit(required_reviews, 0)``."""
    grades: dict[Hashable, PeerGrade | None] = {}
    given: dict[Hashable, int] = {}
    agreements: dict[Hashable, list[float]] = {}
    for submission_id, pairs in reviews.items():
        rows = [review_points(rubric, levels) for _, levels in pairs]
        grade = grades[submission_id] = _consensus(rubric, rows, *_spread(rubric, rows, disagreement_threshold))
        for (reviewer, _), row in zip(pairs, rows, strict=True):
            given[reviewer] = given.get(reviewer, 0) + 1
            if len(rows) > 1:
                agreements.setdefault(reviewer, []).append(_closeness(rubric, row, grade))
    credits = {reviewer: reviewing_credit(required_reviews, count, agreements.get(reviewer, ()), agreement_weight)
               for reviewer, count in given.items()}
    return PoolGrades(grades, credits)


def reviewing_credit(required: int, completed: int, agreements: Sequence[float] = (),
                     agreement_weight: float = 0.5) -> float:
    """Credit for reviewing, 0–1: completion of the required reviews, blended with mean agreement if known."""
    completion = 1.0 if required <= 0 else min(1.0, completed / required)
    if not agreements:
        return completion
    agreement = sum(agreements) / len(agreements)
    return (1 - agreement_weight) * completion + agreement_weight * agreement


def combine_grade(submission_score: float, reviewing_score: float | None = None,
                  reviewing_weight: float = 0.0) -> float:
    """The final fraction: the submission's grade, optionally weighted with the reviewing credit."""
    if reviewing_score is None or reviewing_weight <= 0:
        return submission_score
    return (1 - reviewing_weight) * submission_score + reviewing_weight * reviewing_score
