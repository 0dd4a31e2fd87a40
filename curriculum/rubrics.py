"""Scoring one rubric review: a chosen level per criterion, turned into points; and the snapshot of a rubric kept
with each review, so that a review is always scored against the rubric it was given under."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .messages import N_, MessageError
from .model import Rubric, RubricCriterion, RubricLevel


class InvalidReview(MessageError):
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
        raise InvalidReview(N_("unknown rubric criteria: {criteria}"), criteria=", ".join(sorted(unknown)))
    for criterion in rubric.criteria:
        if criterion.id not in levels:
            raise InvalidReview(N_("choose a level for '{criterion}'"), criterion=criterion.title)
        level = levels[criterion.id]
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level < len(criterion.levels):
            raise InvalidReview(N_("'{criterion}' has no level {level}"), criterion=criterion.title, level=repr(level))


def chosen_level(criterion: RubricCriterion, levels: Mapping[str, int]) -> RubricLevel | None:
    """The level a stored review chose on ``criterion``; None when it chose none that the criterion has (a review
    shown with a rubric it was not given under, or one that skipped the criterion)."""
    index = levels.get(criterion.id)
    return criterion.levels[index] if type(index) is int and 0 <= index < len(criterion.levels) else None


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


def review_fits(rubric: Rubric, levels: Mapping[str, int]) -> bool:
    """Whether a review names exactly this rubric's criteria with levels it has (so it can be scored with it)."""
    try:
        validate_review(rubric, levels)
    except InvalidReview:
        return False
    return True


def rubric_snapshot(rubric: Rubric) -> dict[str, Any]:
    """The rubric as plain data (JSON-ready), to store with a review."""
    return {"criteria": [{"id": c.id, "title": c.title, "description": c.description,
                          "levels": [{"points": lv.points, "label": lv.label, "descriptor": lv.descriptor}
                                     for lv in c.levels]} for c in rubric.criteria]}


def rubric_from_snapshot(data: Mapping[str, Any]) -> Rubric:
    """The rubric a snapshot holds (see :func:`rubric_snapshot`)."""
    return Rubric(tuple(RubricCriterion(c["id"], c["title"], c.get("description", ""),
                                        tuple(RubricLevel(float(lv["points"]), lv["label"], lv.get("descriptor", ""))
                                              for lv in c["levels"]))
                        for c in data.get("criteria", ())))


def rubric_version(rubric: Rubric) -> str:
    """A short fingerprint of what scoring depends on (criteria ids, their levels' points): equal fingerprints
    score every review alike, so wording fixes do not count as a new version."""
    shape = [[c.id, [lv.points for lv in c.levels]] for c in rubric.criteria]
    return hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:16]
