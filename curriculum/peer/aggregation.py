"""From several peer reviews to one grade: the median per criterion, instructor override, disagreement flag,
and the credit a reviewer earns for reviewing (Workshop's "grade for assessment")."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..model import Rubric
from ..rubrics import review_fits, rubric_version, score_review, validate_review

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


def _range(rubric: Rubric, criterion_id: str) -> float:
    criterion = rubric.criterion(criterion_id)
    low, high = criterion.levels[0].points, criterion.levels[-1].points
    return (high - low) or 1.0


def aggregate_reviews(rubric: Rubric, reviews: Sequence[Mapping[str, int]],
                      override: Mapping[str, int] | None = None, override_reason: str = "",
                      disagreement_threshold: float = DEFAULT_DISAGREEMENT) -> PeerGrade | None:
    """Combine reviews (each a level index per criterion) into a grade; None when there is nothing to grade.

    Each criterion gets the median of the points reviewers gave (the mean of the middle two for an even count).
    An instructor ``override`` (a complete review) replaces the peers' result but keeps the disagreement flag, so
    the instructor still sees that peers disagreed. The flag is raised when, for any criterion, the highest and
    lowest points given differ by more than ``disagreement_threshold`` of that criterion's range.
    """
    scored = [score_review(rubric, review) for review in reviews]
    spread = {}
    for criterion in rubric.criteria:
        values = [s.criteria[criterion.id] for s in scored]
        spread[criterion.id] = (max(values) - min(values)) / _range(rubric, criterion.id) if len(values) > 1 else 0.0
    disagreement = any(v > disagreement_threshold + 1e-9 for v in spread.values())
    if override is not None:
        if not override_reason.strip():
            raise ValueError("an instructor override needs a reason")
        final = score_review(rubric, override)
        return PeerGrade(final.criteria, final.points, final.max_points, len(scored), True, override_reason.strip(),
                         disagreement, spread)
    if not scored:
        return None
    medians = {c.id: float(statistics.median(s.criteria[c.id] for s in scored)) for c in rubric.criteria}
    return PeerGrade(medians, sum(medians.values()), rubric.max_points, len(scored), False, "", disagreement, spread)


def grade_across_rubric_versions(current: Rubric, reviews: Sequence[tuple[Rubric, Mapping[str, int]]],
                                  override: tuple[Rubric, Mapping[str, int]] | None = None,
                                  override_reason: str = "") -> tuple[PeerGrade | None, Rubric]:
    """A submission's grade when its reviews may have been given under different rubric versions (an author
    edited the rubric, chose another item, or the curriculum renamed criteria after reviews existed).

    Each review (and a staff override) comes with the rubric it was given under and is scored against that rubric
    only; a review that fits no rubric it could be scored with is left out rather than failing the page. When all
    usable reviews share one version, the grade is the usual aggregate with that version's criteria. When versions
    are mixed, the grade is the median of each review's fraction of its own rubric's maximum, in points of the
    ``current`` rubric, without a per-criterion breakdown. A staff override decides the grade on its own rubric.

    Returns the grade (None when nothing can be graded) and the rubric its breakdown refers to.
    """
    usable = [(rubric, levels) for rubric, levels in reviews if review_fits(rubric, levels)]
    if override is not None and review_fits(*override):
        rubric, levels = override
        alike = [lv for r, lv in usable if rubric_version(r) == rubric_version(rubric)]
        return aggregate_reviews(rubric, alike, levels, override_reason), rubric
    if not usable:
        return None, current
    versions = {rubric_version(rubric) for rubric, _levels in usable}
    if len(versions) == 1:
        rubric = usable[0][0]
        return aggregate_reviews(rubric, [levels for _rubric, levels in usable]), rubric
    fraction = float(statistics.median(score_review(rubric, levels).score for rubric, levels in usable))
    return PeerGrade({}, fraction * current.max_points, current.max_points, len(usable)), current


def agreement_with_consensus(rubric: Rubric, review: Mapping[str, int], consensus: PeerGrade) -> float:
    """How close one review is to the submission's consensus grade: 1 means identical, 0 maximally far.

    The mean, over criteria, of ``1 - |points given - consensus points| / criterion range``.
    """
    validate_review(rubric, review)
    given = score_review(rubric, review).criteria
    closeness = [1 - min(1.0, abs(given[c.id] - consensus.criteria[c.id]) / _range(rubric, c.id))
                 for c in rubric.criteria]
    return sum(closeness) / len(closeness) if closeness else 0.0


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
