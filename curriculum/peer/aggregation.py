"""From several peer reviews to one grade: the median per criterion, instructor override, disagreement flag,
and the credit a reviewer earns for reviewing (Workshop's "grade for assessment").

:func:`grade_pool` grades a whole exercise at once (every submission and every reviewer's credit) and scores each
review only once, for classes of tens of thousands."""

from __future__ import annotations

import statistics
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from ..model import Rubric
from ..rubrics import review_fits, review_points, rubric_version, score_review

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
    if override is None:
        return _peer_grade(rubric, rows, disagreement_threshold)
    if not override_reason.strip():
        raise ValueError("an instructor override needs a reason")
    spread, disagreement, _ = _summary(rubric, rows, disagreement_threshold)
    final = score_review(rubric, override)
    return PeerGrade(final.criteria, final.points, final.max_points, len(rows), True, override_reason.strip(),
                     disagreement, spread)


def _summary(rubric: Rubric, rows: Sequence[Sequence[float]],
             threshold: float) -> tuple[dict[str, float], bool, dict[str, float]]:
    """Spread per criterion ((highest - lowest points given) / the criterion's range), the disagreement flag and
    the median per criterion (empty without reviews), in one pass over the criteria: the range and the median
    are read off each criterion's sorted points. ``rows`` hold each review's points in the rubric's order."""
    spread: dict[str, float] = {}
    medians: dict[str, float] = {}
    count = len(rows)
    middle = count // 2
    disagreement = False
    for n, criterion in enumerate(rubric.criteria):
        values = sorted([row[n] for row in rows])
        if count > 1:
            spread[criterion.id] = share = (values[-1] - values[0]) / criterion.span
            disagreement = disagreement or share > threshold + 1e-9
        else:
            spread[criterion.id] = 0.0
        if count:
            medians[criterion.id] = (float(values[middle]) if count % 2
                                     else float((values[middle - 1] + values[middle]) / 2))
    return spread, disagreement, medians


def _criterion_summary(given: list[float], span: float, middle: int) -> tuple[float, float, tuple[float, ...]]:
    """One criterion of one submission, from the points its reviewers gave (in order): the median, the spread (0
    for a single review) and each review's closeness to the median, as _summary and _closeness work them out."""
    values = sorted(given)
    count = len(values)
    share = (values[-1] - values[0]) / span if count > 1 else 0.0
    median = float(values[middle]) if count % 2 else float((values[middle - 1] + values[middle]) / 2)
    return median, share, tuple(1 - min(1.0, abs(points - median) / span) for points in given)


def _peer_grade(rubric: Rubric, rows: Sequence[Sequence[float]], threshold: float) -> PeerGrade | None:
    """The peers' grade from ``rows`` (each review's points in the rubric's order); None without reviews."""
    if not rows:
        return None
    spread, disagreement, medians = _summary(rubric, rows, threshold)
    return PeerGrade(medians, sum(medians.values()), rubric.max_points, len(rows), False, "", disagreement, spread)


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
    # The same arithmetic as review_points, _summary, _closeness and reviewing_credit, in the same order (so every
    # float comes out identical), with the rubric read once instead of once per review: a class of 50,000 learners
    # has 150,000 reviews.
    table = [(c.id, c.points, len(c.points)) for c in rubric.criteria]
    spans = [c.span for c in rubric.criteria]
    ids = [c.id for c in rubric.criteria]
    width = len(table)
    limit = disagreement_threshold + 1e-9
    max_points = rubric.max_points
    new_grade = object.__new__  # 50,000 frozen dataclasses are built twice as fast by filling their fields at once
    grades: dict[Hashable, PeerGrade | None] = {}
    given: dict[Hashable, int] = {}
    agreements: dict[Hashable, list[float]] = {}
    # What one criterion's levels given by a submission's reviewers (in order) come to: the median, the spread and
    # each review's closeness to the median. Levels are few, so the same few combinations keep coming back.
    memos: list[dict[tuple[int, ...], tuple[float, float, tuple[float, ...]]]] = [{} for _ in ids]
    for submission_id, pairs in reviews.items():
        count = len(pairs)
        if not count:
            grades[submission_id] = None
            continue
        rows = []  # each review's level per criterion, checked as review_points checks them
        for _, levels in pairs:
            row = []
            for cid, _points, size in table:
                level = levels.get(cid)
                if type(level) is not int or not 0 <= level < size:
                    review_points(rubric, levels)  # says what is wrong (or accepts an int subclass)
                    row = [int(levels[c]) for c in ids]
                    break
                row.append(level)
            else:
                if width != len(levels):
                    review_points(rubric, levels)  # an unknown criterion
            rows.append(row)
        middle = count // 2
        spread: dict[str, float] = {}
        medians: dict[str, float] = {}
        disagreement = False
        closeness = []
        for (cid, points, _size), span, memo, column in zip(table, spans, memos, zip(*rows, strict=True),
                                                             strict=True):
            found = memo.get(column)
            if found is None:
                found = memo[column] = _criterion_summary([points[level] for level in column], span, middle)
            medians[cid], spread[cid], terms = found
            closeness.append(terms)
            if count > 1 and spread[cid] > limit:
                disagreement = True
        grades[submission_id] = grade = new_grade(PeerGrade)  # PeerGrade(...) without its frozen __init__
        grade.__dict__.update(criteria=medians, points=sum(medians.values()), max_points=max_points,
                              review_count=count, overridden=False, override_reason="", disagreement=disagreement,
                              spread=spread)
        if count == 1:
            reviewer = pairs[0][0]
            given[reviewer] = given.get(reviewer, 0) + 1
            continue
        # each review's mean closeness over the criteria, summed in the rubric's order like _closeness
        per_review = zip(*closeness, strict=True) if width else [()] * count
        for (reviewer, _), terms in zip(pairs, per_review, strict=True):
            given[reviewer] = given.get(reviewer, 0) + 1
            agreement = sum(terms) / width if width else 0.0
            found = agreements.get(reviewer)
            if found is None:
                agreements[reviewer] = [agreement]
            else:
                found.append(agreement)
    completion_of = 1.0 if required_reviews <= 0 else None
    credits = {}
    for reviewer, completed in given.items():
        completion = completion_of if completion_of is not None else min(1.0, completed / required_reviews)
        found = agreements.get(reviewer)
        credits[reviewer] = (completion if not found else
                             (1 - agreement_weight) * completion + agreement_weight * (sum(found) / len(found)))
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
