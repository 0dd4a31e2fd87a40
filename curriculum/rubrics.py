"""Scoring one rubric review: a chosen level per criterion, turned into points."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .model import Rubric


class InvalidReview(ValueError):
    """A review that misses a criterion, names an unknown one, or picks a level that does not exist."""


@dataclass(frozen=True)
class RubricScore:
    """Points per criterion and in total; ``score`` is the fraction of the maximum."""

    criteria: dict[str, float]
    points: float
    max_points: float

    @property
    def score(self) -> float:
        return self.points / self.max_points if self.max_points else 0.0


def validate_review(rubric: Rubric, levels: Mapping[str, int]) -> None:
    """Check a review: one level (0-based index, lowest level first) for every criterion and nothing else."""
    unknown = set(levels) - rubric.criterion_ids
    if unknown:
        raise InvalidReview(f"unknown rubric criteria: {', '.join(sorted(unknown))}")
    for criterion in rubric.criteria:
        if criterion.id not in levels:
            raise InvalidReview(f"choose a level for '{criterion.title}'")
        level = levels[criterion.id]
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level < len(criterion.levels):
            raise InvalidReview(f"'{criterion.title}' has no level {level!r}")


def review_points(rubric: Rubric, levels: Mapping[str, int]) -> list[float]:
    """The points a review gives each criterion, in the rubric's order; raises :class:`InvalidReview` when the
    review is incomplete or wrong."""
    points = []
    for criterion in rubric.criteria:
        level = levels.get(criterion.id)
        if type(level) is not int or not 0 <= level < len(criterion.points):
            validate_review(rubric, levels)  # says what is wrong (or accepts an int subclass other than bool)
        points.append(criterion.points[level])
    if len(points) != len(levels):
        validate_review(rubric, levels)  # an unknown criterion
    return points


def score_review(rubric: Rubric, levels: Mapping[str, int]) -> RubricScore:
    """The points a review gives; raises :class:`InvalidReview` when the review is incomplete or wrong."""
    per_criterion = dict(zip((c.id for c in rubric.criteria), review_points(rubric, levels), strict=True))
    return RubricScore(per_criterion, sum(per_criterion.values()), rubric.max_points)
