"""The rubrics peer reviews were given under: each distinct rubric is stored once, by the core's fingerprint
(:func:`curriculum.rubrics.rubric_version`), and each review names it, so that every review is scored against its own
rubric (the core's rule, :func:`curriculum.peer.grading.breakdown`), as the Open edX block does."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from curriculum.model import Rubric, RubricLevel
from curriculum.peer.grading import Review
from curriculum.rubrics import chosen_level, rubric_from_snapshot, rubric_snapshot, rubric_version

from ..extensions import db
from .models import PeerReview, PeerRubric

INSERTS = {"postgresql": pg_insert, "sqlite": sqlite_insert}


def remember(rubric: Rubric) -> str:
    """Store ``rubric`` unless its fingerprint is stored already (one statement; concurrent requests agree) and return
    the fingerprint for the review to name. Caller commits."""
    version = rubric_version(rubric)
    row = {"version": version, "data": json.dumps(rubric_snapshot(rubric), ensure_ascii=False)}
    insert = INSERTS.get(db.session.get_bind().dialect.name)
    if insert is not None:
        db.session.execute(insert(PeerRubric).values(**row).on_conflict_do_nothing(index_elements=["version"]))
    elif db.session.get(PeerRubric, version) is None:
        db.session.add(PeerRubric(**row))
    return version


@dataclass(frozen=True)
class ShownCriterion:
    """One criterion of a review as a page shows it: the title, the level chosen (None when the review chose none
    this rubric has) and the comment, all from the rubric the review was given under."""

    id: str
    title: str
    level: RubricLevel | None
    comment: str


@dataclass(frozen=True)
class ShownReview:
    """A stored review with its criteria as it was given (:meth:`Rubrics.shown`)."""

    review: PeerReview
    criteria: tuple[ShownCriterion, ...]


class Rubrics:
    """The rubrics a set of reviews was given under, loaded in one query; the current rubric for reviews stored
    before rubrics were kept (and for its own fingerprint, without parsing it again). Rubrics already loaded by
    ``known`` are not asked for again."""

    def __init__(self, current: Rubric, reviews: Iterable[PeerReview], known: Rubrics | None = None) -> None:
        self.current = current
        self._by_version: dict[str, Rubric] = dict(known._by_version) if known is not None else {}
        self._by_version[rubric_version(current)] = current
        wanted = {r.rubric_version for r in reviews if r.rubric_version} - set(self._by_version)
        if wanted:
            for row in db.session.scalars(select(PeerRubric).where(PeerRubric.version.in_(sorted(wanted)))):
                self._by_version[row.version] = rubric_from_snapshot(json.loads(row.data))

    def of(self, review: PeerReview) -> Rubric:
        """The rubric ``review`` was given under."""
        return self._by_version.get(review.rubric_version or "", self.current)

    def review(self, review: PeerReview) -> Review:
        """The core's view of a stored review: its levels with its own rubric."""
        return Review(self.of(review), review.levels)

    def shown(self, review: PeerReview) -> ShownReview:
        """``review`` as a page shows it: each criterion of its own rubric with the level it chose there."""
        return ShownReview(review, tuple(
            ShownCriterion(c.id, c.title, chosen_level(c, review.levels), review.comments.get(c.id, ""))
            for c in self.of(review).criteria))


def shown_reviews(current: Rubric, reviews: Iterable[PeerReview], known: Rubrics | None = None) -> list[ShownReview]:
    """Each review with the criteria, level labels and points of the rubric it was given under, the rubrics loaded
    in one query (none for those ``known`` holds already)."""
    reviews = list(reviews)
    rubrics = Rubrics(current, reviews, known)
    return [rubrics.shown(review) for review in reviews]


@dataclass(frozen=True)
class Prefill:
    """What a rubric form starts from when the reviewer changes a stored review (their self-assessment, the
    instructor's grade): the comments always, the levels only when the review was given under the form's rubric
    (in another version a level's index means another level, or none)."""

    levels: dict[str, int]
    comments: dict[str, str]
    overall: str


def prefill(current: Rubric, review: PeerReview | None) -> Prefill | None:
    """``review`` as the form for ``current`` starts from (reviews stored before rubrics were kept count as given
    under the current rubric, as :class:`Rubrics` counts them)."""
    if review is None:
        return None
    same = not review.rubric_version or review.rubric_version == rubric_version(current)
    return Prefill(review.levels if same else {}, review.comments, review.overall or "")
