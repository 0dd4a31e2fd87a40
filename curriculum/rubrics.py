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
    known = {c.id for c in rubric.criteria}
    unknown = set(levels) - known
    if unknown:
        raise InvalidReview(f"unknown rubric criteria: {', '.join(sorted(unknown))}")
    for criterion in rubric.criteria:
        if criterion.id not in levels:
            raise InvalidReview(f"choose a level for '{criterion.title}'")
        level = levels[criterion.id]
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level < len(criterion.levels):
            raise InvalidReview(f"'{criterion.title}' has no level {level!r}")


def score_review(rubric: Rubric, levels: Mapping[str, int]) -> RubricScore:
    """The points a review gives; raises :class:`InvalidReview` when the review is incomplete or wrong."""
    validate_review(rubric, levels)
    per_criterion = {c.id: c.levels[levels[c.id]].points for c in rubric.criteria}
    return RubricScore(per_criterion, sum(per_criterion.values()), rubric.max_points)
