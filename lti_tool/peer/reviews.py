"""Reviewing under leases: one submission at a time, fewest reviews first (the core's ``choose_submission``),
expiring leases that free abandoned submissions, reviews validated by the core's rubric rules."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Integer, and_, any_, bindparam, case, exists, func, literal, select, union_all, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from curriculum.model import Rubric
from curriculum.peer.allocation import (
    Candidate,
    Owing,
    Submission,
    choose_below,
    choose_submission,
    eligible,
    reviewable_submissions,
)
from curriculum.peer.grading import work_complete
from curriculum.peer.workflow import (
    LearnerStatus,
    PeerPolicy,
    learner_status,
    lease_expires_at,
    pool_for_learner,
    review_refusal,
    reviews_to_give,
    reviews_to_receive,
)
from curriculum.rubrics import validate_review

from ..activity_models import ActivityCompletion
from ..extensions import db
from ..models import utcnow
from ..services.numbers import is_digits
from .models import (
    CANCELLED,
    DONE,
    EXPIRED,
    INSTRUCTOR_REVIEW,
    LEASED,
    PEER,
    SELF,
    PeerAssignment,
    PeerReview,
    PeerSubmission,
)
from .rubric_versions import remember
from .settings import PeerSettings, lock_link, policy_of, update_settings


class NotAllowed(Exception):
    """The learner may not review now; ``code`` says why (not_submitted, closed, none_available)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ReviewInput:
    levels: dict[str, int]
    comments: dict[str, str]
    overall: str
    rubric: Rubric | None = None  # the rubric the review was given under (kept with it); None: the current one


def expire_leases(link_id: int, now: datetime) -> int:
    """Mark leases past their time as expired, freeing the submissions. Returns how many."""
    result = db.session.execute(update(PeerAssignment).where(
        PeerAssignment.resource_link_id == link_id, PeerAssignment.status == LEASED,
        PeerAssignment.expires_at <= now).values(status=EXPIRED))
    return result.rowcount or 0


def pool_size(link_id: int) -> int:
    """Submitted submissions in the link."""
    return db.session.scalar(select(func.count(PeerSubmission.id)).where(
        PeerSubmission.resource_link_id == link_id, PeerSubmission.current_version > 0)) or 0


def learner_pool(settings: PeerSettings, submission: PeerSubmission | None) -> int:
    """The pool size that sets this learner's requirements: as it stood when their grade was first reached
    (:func:`curriculum.peer.workflow.pool_for_learner`), so a later submission never withdraws it."""
    joined = db.session.scalars(select(PeerSubmission.submitted_at).where(
        PeerSubmission.resource_link_id == settings.resource_link_id, PeerSubmission.current_version > 0)).all()
    received = [] if submission is None or not submission.submitted else db.session.scalars(
        select(PeerReview.created_at).filter_by(submission_id=submission.id, kind=PEER)).all()
    return pool_for_learner(settings.reviews_required, [t for t in joined if t is not None], received)


def active_lease(link_id: int, reviewer_id: int, now: datetime | None = None) -> PeerAssignment | None:
    now = now or utcnow()
    return db.session.scalars(select(PeerAssignment).where(
        PeerAssignment.resource_link_id == link_id, PeerAssignment.reviewer_id == reviewer_id,
        PeerAssignment.status == LEASED, PeerAssignment.expires_at > now)).first()


def reviews_given(link_id: int, reviewer_id: int) -> int:
    return db.session.scalar(select(func.count(PeerAssignment.id)).where(
        PeerAssignment.resource_link_id == link_id, PeerAssignment.reviewer_id == reviewer_id,
        PeerAssignment.status == DONE)) or 0


def _candidates(link_id: int, now: datetime) -> list[Candidate]:
    """The pool as the core's allocation sees it: each submitted submission with its reviews done, its leases in
    flight and who holds or did them."""
    pairs = db.session.execute(
        select(PeerAssignment.submission_id, PeerAssignment.reviewer_id, PeerAssignment.status)
        .where(PeerAssignment.resource_link_id == link_id, _counted(now))).all()
    done, leased, reviewers = Counter(), Counter(), defaultdict(set)
    for submission_id, reviewer_id, status in pairs:
        (done if status == DONE else leased)[submission_id] += 1
        reviewers[submission_id].add(reviewer_id)
    rows = db.session.execute(select(PeerSubmission.id, PeerSubmission.user_id, PeerSubmission.group,
                                     PeerSubmission.submitted_at).where(
        PeerSubmission.resource_link_id == link_id, PeerSubmission.current_version > 0)).all()
    return [Candidate(Submission(sid, uid, group, submitted.timestamp() if submitted else 0.0), done[sid],
                      leased[sid], frozenset(reviewers[sid]))
            for sid, uid, group, submitted in rows]


def reviewable_now(settings: PeerSettings, reviewer_id: int, group: str | None, now: datetime | None = None) -> int:
    """How many submissions this learner could be given right now (the core's rule; for the 'stuck' rule)."""
    now = now or utcnow()
    link_id = settings.resource_link_id
    mine = set(db.session.scalars(select(PeerAssignment.submission_id).where(
        PeerAssignment.resource_link_id == link_id, PeerAssignment.reviewer_id == reviewer_id,
        PeerAssignment.status.in_((DONE, LEASED)))))
    required = reviews_to_receive(policy_of(settings), pool_size(link_id))
    return len(reviewable_submissions(reviewer_id, _candidates(link_id, now), required, already_assigned=mine,
                                      reviewer_group=group, exclude_same_group=settings.exclude_same_group))


def request_review(settings: PeerSettings, reviewer_id: int, now: datetime | None = None) -> PeerAssignment:
    """The reviewer's lease: their current one, or a new one on the submission the core chooses.

    Every allocation decides on a state that holds every earlier allocation of the link: it takes the link lock
    first (:func:`~lti_tool.peer.settings.lock_link`), then chooses and stores the lease. The lock is held for a few
    short statements: the choice reads only the reviewer's options with the fewest reviews and who still owes
    reviews, found by the database with indexes (:func:`choose`), not the whole pool, and the lease is stored in one
    statement. The unique constraints are the last line (a duplicate pair or a second active lease cannot be
    stored)."""
    now = now or utcnow()
    link_id = settings.resource_link_id
    policy = policy_of(settings)
    own = db.session.scalars(select(PeerSubmission).filter_by(resource_link_id=link_id, user_id=reviewer_id)).first()
    refusal = review_refusal(policy, submitted=bool(own and own.submitted), now=now)
    if refusal is not None:
        db.session.rollback()
        raise NotAllowed(refusal)
    current = active_lease(link_id, reviewer_id, now)  # a second click: the lease it already has, no lock needed
    if current is not None:
        return current
    if expire_leases(link_id, now):
        db.session.commit()  # before the lock, whose holders never wait for these rows
    lock_link(link_id)
    chosen = choose(settings, reviewer_id, own.group, now)
    if chosen is None:
        db.session.rollback()
        raise NotAllowed("none_available")
    lease = _store_lease(link_id, chosen.id, reviewer_id, policy, now)
    if lease is not None:
        return lease
    current = active_lease(link_id, reviewer_id, now)  # a request of the same learner was faster
    if current is not None:
        return current
    raise NotAllowed("none_available")


def choose(settings: PeerSettings, reviewer_id: int, group: str | None, now: datetime) -> Submission | None:
    """The submission the core chooses for the reviewer now (:func:`~curriculum.peer.allocation.choose_submission`).

    The database finds the reviewer's options with the fewest reviews done and in flight (:func:`lowest_options`)
    and who still owes reviews (:func:`owing`); the core ranks them (:func:`~curriculum.peer.allocation.choose_below`,
    the same rule and order as on the whole pool). When every option already has its reviews, whether a surplus
    review may go out is a question about the whole pool: the core answers it on the whole pool."""
    link_id = settings.resource_link_id
    policy, exclude = policy_of(settings), settings.exclude_same_group
    lowest, pool = lowest_options(link_id, reviewer_id, group if exclude else None, now)
    if not lowest:
        return choose_below(reviewer_id, [], 0, Owing(0, {}, {}))  # nothing the reviewer may review
    required = reviews_to_receive(policy, pool)
    if lowest[0].in_progress >= required:
        return choose_submission(reviewer_id, _candidates(link_id, now), required, reviewer_group=group,
                                 exclude_same_group=exclude, allow_surplus=True)
    asked = {c.submission.author for c in lowest}.union(*(c.reviewers for c in lowest))
    summary = owing(link_id, required, sorted(asked), now)
    return choose_below(reviewer_id, lowest, required, summary, reviewer_group=group, exclude_same_group=exclude)


BY_ID = 500  # up to this many options are looked up by id, more with the whole link


def _counted(now: datetime):
    """An assignment that counts as a review: done, or a lease in flight."""
    return (PeerAssignment.status == DONE) | and_(PeerAssignment.status == LEASED, PeerAssignment.expires_at > now)


def _order(submitted: datetime | None) -> float:
    return submitted.timestamp() if submitted else 0.0


# The statements below are built once per process, with parameters (building them is most of their cost in
# Python): the link, the reviewer, the time, a group, the number of reviews required, a list of submission ids.
LINK, REVIEWER, NOW, GROUP, REQUIRED = (bindparam(name) for name in ("link", "reviewer", "now", "group", "required"))


def _counts(a, done_only: bool = False):
    return a.status == DONE if done_only else (a.status == DONE) | and_(a.status == LEASED, a.expires_at > NOW)


def _ids(column, dialect: str):
    """``column IN :ids``: one array parameter on PostgreSQL (a long IN list is a long query to send and parse, on
    every request), an expanding list elsewhere."""
    if dialect == "postgresql":
        return column == any_(bindparam("ids", type_=ARRAY(Integer)))
    return column.in_(bindparam("ids", expanding=True))


def _reviews_of(submission_id, done_only: bool = False):
    """How many reviews a submission has done (and in flight), for each row of an outer query (correlated: the index
    on the assignments' submission, whatever the planner knows of the tables)."""
    a = aliased(PeerAssignment)
    return select(func.count()).where(a.submission_id == submission_id, _counts(a, done_only)).scalar_subquery()


@lru_cache(maxsize=8)
def _lowest_statement(by_group: bool):
    a, s = PeerAssignment, PeerSubmission
    mine = select(a.submission_id).where(a.reviewer_id == REVIEWER, a.resource_link_id == LINK, _counts(a))
    query = (select(s.id, s.user_id, s.group, s.submitted_at, _reviews_of(s.id).label("n"))
             .where(s.resource_link_id == LINK, s.current_version > 0, s.user_id != REVIEWER, s.id.not_in(mine)))
    if by_group:
        query = query.where(s.group.is_(None) | (s.group != GROUP))
    options = query.cte("options")
    pool = select(func.count()).where(s.resource_link_id == LINK, s.current_version > 0).scalar_subquery()
    return (select(options, _reviews_of(options.c.id, done_only=True).label("done"), pool.label("pool"))
            .where(options.c.n == select(func.min(options.c.n)).scalar_subquery()))


@lru_cache(maxsize=8)
def _pairs_statement(dialect: str | None):
    a = PeerAssignment
    query = select(a.submission_id, a.reviewer_id).where(a.resource_link_id == LINK, _counts(a))
    return query if dialect is None else query.where(_ids(a.submission_id, dialect))


@lru_cache(maxsize=8)
def _owing_statement(dialect: str | None):
    """The pool per group (kind 0), the learners of the pool who no longer owe reviews (kind 1) and which of the
    learners asked about are in the pool (kind 2, every learner of the pool when ``dialect`` is None): each part
    one pass over the link's rows, whatever the planner knows of the tables."""
    s, a, reviewed, author = (PeerSubmission, aliased(PeerAssignment), aliased(PeerSubmission),
                              aliased(PeerSubmission))
    pool = (s.resource_link_id == LINK, s.current_version > 0)
    counts = select(s.group, func.count().label("value"), literal(0).label("kind")).where(*pool).group_by(s.group)
    # Scalar subqueries (one index probe per row), not joins: a planner that takes fresh tables for empty ones
    # may nest loops over a join, once per learner of the pool.
    submitted = select(reviewed.current_version).where(reviewed.id == a.submission_id).scalar_subquery()
    reviewers = (select(a.reviewer_id.label("reviewer")).where(a.resource_link_id == LINK, _counts(a), submitted > 0)
                 .group_by(a.reviewer_id).having(func.count() >= REQUIRED).subquery())
    in_pool = (author.resource_link_id == LINK, author.user_id == reviewers.c.reviewer, author.current_version > 0)
    settled = select(select(author.group).where(*in_pool).scalar_subquery(), reviewers.c.reviewer,
                     case((exists().where(*in_pool), 1), else_=3))
    asked = select(s.group, s.user_id.label("value"), literal(2).label("kind")).where(*pool)
    if dialect is not None:
        asked = asked.where(_ids(s.user_id, dialect))
    return union_all(counts, settled, asked)


def lowest_options(link_id: int, reviewer_id: int, excluded_group: str | None,
                   now: datetime) -> tuple[list[Candidate], int]:
    """The submissions the reviewer may review (submitted, not theirs, not one they reviewed or hold, not of
    ``excluded_group``) with the fewest reviews done and in flight among those, with their reviewers: what
    :func:`~curriculum.peer.allocation.choose_below` needs; and the size of the pool. Two queries on indexes (the
    link's submissions, the assignments by submission and by reviewer)."""
    params = {"link": link_id, "reviewer": reviewer_id, "now": now, "group": excluded_group}
    rows = db.session.execute(_lowest_statement(excluded_group is not None), params).all()
    if not rows:
        return [], 0
    ids = [row.id for row in rows]
    by_id = len(ids) <= BY_ID
    reviewers = defaultdict(set)
    for submission_id, reviewer in db.session.execute(_pairs_statement(_dialect() if by_id else None),
                                                      {"link": link_id, "now": now, "ids": ids}):
        reviewers[submission_id].add(reviewer)
    return [Candidate(Submission(row.id, row.user_id, row.group, _order(row.submitted_at)), row.done,
                      row.n - row.done, frozenset(reviewers[row.id])) for row in rows], rows[0].pool


def owing(link_id: int, required: int, learners: list[int], now: datetime) -> Owing:
    """Who in the link's pool still owes reviews (fewer than ``required`` done and in flight, on submitted
    responses): how many, how many per group, and which of ``learners`` (with their groups); the core's
    :class:`~curriculum.peer.allocation.Owing`, counted by the database in one query."""
    statement = _owing_statement(_dialect() if len(learners) <= BY_ID else None)
    pool: dict = {}
    settled: dict[int, str | None] = {}
    asked: dict[int, str | None] = {}
    for group, value, kind in db.session.execute(statement, {"link": link_id, "now": now, "required": required,
                                                             "ids": learners}):
        if kind == 0:
            pool[group] = value
        elif kind == 1:  # no longer owes (3: reviewed without being in the pool)
            settled[value] = group
        elif kind == 2:
            asked[value] = group
    in_group = dict(pool)
    for group in settled.values():
        in_group[group] -= 1
    return Owing(sum(in_group.values()), {g: n for g, n in in_group.items() if g is not None},
                 {learner: group for learner, group in asked.items() if learner not in settled})


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _store_lease(link_id: int, submission_id: int, reviewer_id: int, policy: PeerPolicy,
                 now: datetime) -> PeerAssignment | None:
    """Lease ``submission_id`` to the reviewer (reusing the pair's expired or cancelled row) and commit; None when
    a unique constraint refused it. One statement (an insert that updates the pair's row when there is one) on
    PostgreSQL and SQLite (3.35 or later: RETURNING), else the row is read first."""
    values = {"status": LEASED, "leased_at": now, "expires_at": lease_expires_at(policy, now), "completed_at": None}
    dialect = _dialect()
    try:
        if dialect in ("postgresql", "sqlite") and db.session.get_bind().dialect.insert_returning:
            insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
            statement = insert(PeerAssignment).values(resource_link_id=link_id, submission_id=submission_id,
                                                      reviewer_id=reviewer_id, **values)
            lease_id = db.session.execute(statement.on_conflict_do_update(
                index_elements=["submission_id", "reviewer_id"], set_=values)
                .returning(PeerAssignment.id)).scalar_one()
            db.session.commit()
            return db.session.get(PeerAssignment, lease_id, populate_existing=True)
        lease = db.session.scalars(select(PeerAssignment).filter_by(submission_id=submission_id,
                                                                    reviewer_id=reviewer_id)).first()
        if lease is None:
            lease = PeerAssignment(resource_link_id=link_id, submission_id=submission_id, reviewer_id=reviewer_id)
            db.session.add(lease)
        for name, value in values.items():
            setattr(lease, name, value)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return lease


def assign_review(settings: PeerSettings, submission: PeerSubmission, reviewer_id: int, actor_id: int,
                  now: datetime | None = None) -> PeerAssignment:
    """An instructor hands a submission to a chosen learner (reassigning a review)."""
    now = now or utcnow()
    if not submission.submitted:  # a draft is its author's alone until it is submitted
        raise NotAllowed("draft")
    # the core's rule on who may review what; the instructor may hand a response to a learner of the same group
    if not eligible(reviewer_id, Submission(submission.id, submission.user_id, submission.group)):
        raise NotAllowed("own")
    lock_link(settings.resource_link_id)
    expire_leases(settings.resource_link_id, now)
    if active_lease(settings.resource_link_id, reviewer_id, now) is not None:
        db.session.rollback()
        raise NotAllowed("busy")
    row = db.session.scalars(select(PeerAssignment).filter_by(submission_id=submission.id,
                                                              reviewer_id=reviewer_id)).first()
    if row is not None and row.status == DONE:
        db.session.rollback()
        raise NotAllowed("twice")
    if row is None:
        row = PeerAssignment(resource_link_id=settings.resource_link_id, submission_id=submission.id,
                             reviewer_id=reviewer_id)
        db.session.add(row)
    row.status, row.leased_at = LEASED, now
    row.expires_at = lease_expires_at(policy_of(settings), now)
    row.assigned_by = actor_id
    db.session.commit()
    return row


def cancel_lease(assignment: PeerAssignment) -> None:
    """Free a leased submission (the instructor reassigns it)."""
    if assignment.status == LEASED:
        assignment.status = CANCELLED
        db.session.commit()


def parse_review(rubric: Rubric, form) -> ReviewInput:
    """Levels, comments and overall comment from a review form; the core validates the levels."""
    levels: dict[str, int] = {}
    comments: dict[str, str] = {}
    for criterion in rubric.criteria:
        raw = form.get(f"level-{criterion.id}", "")
        if is_digits(raw.strip().lstrip("-")):
            levels[criterion.id] = int(raw)
        comment = (form.get(f"comment-{criterion.id}") or "").strip()[:5000]
        if comment:
            comments[criterion.id] = comment
    validate_review(rubric, levels)
    return ReviewInput(levels, comments, (form.get("overall") or "").strip()[:10000], rubric)


def complete_review(assignment: PeerAssignment, review: ReviewInput, version: int,
                    now: datetime | None = None) -> PeerReview:
    """Store a peer review for a lease. A lease that expired but was not taken by anyone is still accepted
    (the work is not lost); a cancelled one is not."""
    now = now or utcnow()
    if assignment.status not in (LEASED, EXPIRED):
        raise NotAllowed("lease_gone")
    row = PeerReview(submission_id=assignment.submission_id, reviewer_id=assignment.reviewer_id,
                     assignment_id=assignment.id, kind=PEER, version=version,
                     levels_json=json.dumps(review.levels), comments_json=json.dumps(review.comments),
                     overall=review.overall, created_at=now, updated_at=now,
                     rubric_version=remember(review.rubric) if review.rubric is not None else None)
    updated = db.session.execute(update(PeerAssignment).where(
        PeerAssignment.id == assignment.id, PeerAssignment.status.in_((LEASED, EXPIRED)))
        .values(status=DONE, completed_at=now))
    if not updated.rowcount:
        db.session.rollback()
        raise NotAllowed("lease_gone")
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise NotAllowed("lease_gone") from exc
    _keep_completion_on(assignment.resource_link_id, assignment.reviewer_id, now)
    return row


def save_self_assessment(submission: PeerSubmission, review: ReviewInput, now: datetime | None = None) -> PeerReview:
    now = now or utcnow()
    row = db.session.scalars(select(PeerReview).filter_by(submission_id=submission.id,
                                                          reviewer_id=submission.user_id, kind=SELF)).first()
    if row is None:
        row = PeerReview(submission_id=submission.id, reviewer_id=submission.user_id, kind=SELF, created_at=now)
        db.session.add(row)
    row.version = submission.current_version
    row.rubric_version = remember(review.rubric) if review.rubric is not None else None
    row.levels_json, row.comments_json = json.dumps(review.levels), json.dumps(review.comments)
    row.overall, row.updated_at = review.overall, now
    db.session.commit()
    _keep_completion_on(submission.resource_link_id, submission.user_id, now)
    return row


def received_reviews(submission_id: int, kind: str = PEER) -> list[PeerReview]:
    return list(db.session.scalars(select(PeerReview).filter_by(submission_id=submission_id, kind=kind)
                                   .order_by(PeerReview.created_at, PeerReview.id)))


def learner_counts(settings: PeerSettings, user_id: int, submission: PeerSubmission | None,
                   now: datetime) -> tuple[int, int, int, int]:
    """(pool as it counts for this learner, reviews given, reviews received, reviews to give)."""
    pool = learner_pool(settings, submission)
    given = reviews_given(settings.resource_link_id, user_id)
    received = 0
    if submission is not None:
        received = db.session.scalar(select(func.count(PeerReview.id)).filter_by(
            submission_id=submission.id, kind=PEER)) or 0
    return pool, given, received, reviews_to_give(policy_of(settings), pool, now)


@dataclass(frozen=True)
class Standing:
    """Where a learner stands (the core's state and notices) and whether their part is done (the core's
    :func:`~curriculum.peer.grading.work_complete`: submitted, reviews owed given, self-assessment when asked)."""

    status: LearnerStatus
    complete: bool


def completion_kept(link_id: int, user_id: int) -> bool:
    """Whether the learner's part was recorded as done (:func:`keep_completion`)."""
    return db.session.scalar(select(ActivityCompletion.id).filter_by(resource_link_id=link_id, user_id=user_id)
                             .limit(1)) is not None


def _done_not_recorded(settings: PeerSettings, now: datetime, user_id: int | None = None) -> list[int]:
    """The learners of this link (or just ``user_id``) whose part the core says is done now and whose completion is
    not recorded yet: a few queries, whatever the class size."""
    link_id = settings.resource_link_id
    kept = set(db.session.scalars(select(ActivityCompletion.user_id).filter_by(resource_link_id=link_id)))
    query = select(PeerSubmission).filter_by(resource_link_id=link_id)
    if user_id is not None:
        query = query.filter_by(user_id=user_id)
    waiting = [s for s in db.session.scalars(query) if s.submitted and s.user_id not in kept]
    if not waiting:
        return []
    ids = [s.id for s in waiting]
    joined = [t for t in db.session.scalars(select(PeerSubmission.submitted_at).where(
        PeerSubmission.resource_link_id == link_id, PeerSubmission.current_version > 0)) if t is not None]
    received: dict[int, list[datetime]] = defaultdict(list)
    for submission_id, created_at in db.session.execute(select(PeerReview.submission_id, PeerReview.created_at)
                                                        .where(PeerReview.submission_id.in_(ids),
                                                               PeerReview.kind == PEER)):
        received[submission_id].append(created_at)
    given = Counter(dict(db.session.execute(
        select(PeerAssignment.reviewer_id, func.count(PeerAssignment.id))
        .where(PeerAssignment.resource_link_id == link_id, PeerAssignment.status == DONE,
               *([PeerAssignment.reviewer_id == user_id] if user_id is not None else []))
        .group_by(PeerAssignment.reviewer_id)).all()))
    self_assessed = set(db.session.scalars(select(PeerReview.submission_id).where(
        PeerReview.submission_id.in_(ids), PeerReview.kind == SELF)))
    policy = policy_of(settings)
    return [s.user_id for s in waiting
            if work_complete(policy, submitted=True, reviews_given=given[s.user_id],
                             pool=pool_for_learner(settings.reviews_required, joined, received[s.id]), now=now,
                             self_assessment=settings.self_assessment, self_assessed=s.id in self_assessed)]


def keep_completions(settings: PeerSettings, now: datetime | None = None) -> int:
    """Record every completion the core grants on this link now and has not been recorded (a lone submitter done
    because the deadline passed, say): called before the link's settings change, so that moving a deadline later or
    asking for more reviews never takes a completion back. Caller commits; returns how many were recorded."""
    now = now or utcnow()
    done = _done_not_recorded(settings, now)
    db.session.add_all([ActivityCompletion(resource_link_id=settings.resource_link_id, user_id=user_id,
                                           completed_at=now) for user_id in done])
    return len(done)


def reconfigure(settings: PeerSettings, now: datetime | None = None, **values) -> PeerSettings:
    """Change a link's settings (the instructor's form), keeping first every completion reached under the old
    ones (:func:`keep_completions`). Commits."""
    keep_completions(settings, now)
    return update_settings(settings, **values)


def learner_standing(settings: PeerSettings, user_id: int, submission: PeerSubmission | None,
                     now: datetime) -> Standing:
    pool, given, received, _to_give = learner_counts(settings, user_id, submission, now)
    submitted = bool(submission and submission.submitted)
    kinds = set(db.session.scalars(select(PeerReview.kind).where(
        PeerReview.submission_id == submission.id, PeerReview.kind.in_((INSTRUCTOR_REVIEW, SELF))))) \
        if submitted else set()
    reviewable = reviewable_now(settings, user_id, submission.group, now) if submitted else 0
    policy = policy_of(settings)
    status = learner_status(policy, submitted=submitted, reviews_given=given, reviews_received=received,
                            submissions_in_pool=pool, instructor_graded=INSTRUCTOR_REVIEW in kinds, now=now,
                            reviewable_now=reviewable)
    kept = completion_kept(settings.resource_link_id, user_id)
    return Standing(status, work_complete(policy, submitted=submitted, reviews_given=given, pool=pool, now=now,
                                          self_assessment=settings.self_assessment, self_assessed=SELF in kinds,
                                          reached_before=kept))


def keep_completion(settings: PeerSettings, user_id: int, now: datetime | None = None) -> bool:
    """After a learner's own step (a submission, a review, a self-assessment): once the core says their part is done,
    record it, so it stays done when the pool grows later (as Open edX keeps a completion once published).
    Commits when it records; True when the part is done."""
    now = now or utcnow()
    if completion_kept(settings.resource_link_id, user_id):
        return True
    if not _done_not_recorded(settings, now, user_id):
        return False
    db.session.add(ActivityCompletion(resource_link_id=settings.resource_link_id, user_id=user_id, completed_at=now))
    try:
        db.session.commit()
    except IntegrityError:  # the learner's other request recorded it first
        db.session.rollback()
    return True


def _keep_completion_on(link_id: int, user_id: int, now: datetime) -> None:
    settings = db.session.scalars(select(PeerSettings).filter_by(resource_link_id=link_id)).first()
    if settings is not None:
        keep_completion(settings, user_id, now)
