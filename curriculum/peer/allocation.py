"""Allocating submissions to reviewers.

Two entry points share one rule set (never your own, never twice the same, optionally never your own group,
fewest reviews first):

- :func:`allocate_reviews` assigns a whole class at once (batch mode, benchmarks, instructor "reassign");
- :func:`choose_submission` picks the next submission for one reviewer asking now (lease-based channels),
  which is how late submitters still get reviewed; :func:`choose_below` makes the same choice from the part of the
  pool that decides it (the reviewer's options with the fewest reviews, and the pool's :class:`Owing` summary), for
  a channel that finds that part with a database index instead of reading the whole pool.

Lease-based allocation counts reviews in flight (active leases) as reviews, serves the submissions fewest other
reviewers can still reach first among those with the fewest reviews, and hands out a review beyond the required
number only when no submission below it could still be reached by someone else. :func:`open_reviewer_counts`
says who can still reach what; a submission below its reviews that nobody can reach is stuck
(:func:`unreachable_submissions`), and the instructor must act.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

Learner = Hashable


@dataclass(frozen=True)
class Submission:
    """What allocation needs to know of a submission."""

    id: Hashable
    author: Learner
    group: Hashable | None = None
    order: float = 0.0  # submission time or sequence; earlier submissions win ties


@dataclass(frozen=True)
class Candidate:
    """A submission as seen when one reviewer asks for work: its reviews done, leases held by others (reviews in
    flight) and, when the channel knows them, the learners who reviewed it or hold a lease on it."""

    submission: Submission
    reviews: int
    active_leases: int = 0
    reviewers: frozenset = frozenset()

    @property
    def in_progress(self) -> int:
        """Reviews done plus reviews in flight."""
        return self.reviews + self.active_leases


def _tiebreak(seed: Hashable, value: Hashable) -> bytes:
    return hashlib.blake2b(repr((seed, value)).encode(), digest_size=8).digest()


def _tiebreaks(seed: Hashable, values: Sequence[Hashable]) -> list[bytes]:
    """:func:`_tiebreak` of each value (the same bytes), with the seed's part of the text worked out once."""
    blake2b, prefix = hashlib.blake2b, f"({seed!r}, "
    return [blake2b(f"{prefix}{value!r})".encode(), digest_size=8).digest() for value in values]


def eligible(reviewer: Learner, submission: Submission, reviewer_group: Hashable | None = None,
             exclude_same_group: bool = False) -> bool:
    """Whether ``reviewer`` may review ``submission`` at all (not their own; not their group's if excluded).

    Groups given as sets (e.g. an organisation and a country) exclude the pair when they share any member.
    """
    if submission.author == reviewer:
        return False
    return not (exclude_same_group and same_group(reviewer_group, submission.group))


def same_group(reviewer_group: Hashable | None, submission_group: Hashable | None) -> bool:
    """Whether a reviewer's group and a submission's group exclude the pair: equal, or (both given as sets, e.g. an
    organisation and a country) sharing any member. No group never matches."""
    if reviewer_group is None or submission_group is None:
        return False
    if isinstance(reviewer_group, frozenset) and isinstance(submission_group, frozenset):
        return bool(reviewer_group & submission_group)
    return reviewer_group == submission_group


def allocate_reviews(submissions: Sequence[Submission], reviewers: Iterable[Learner], reviews_per_submission: int,
                     existing: Iterable[tuple[Learner, Hashable]] = (),
                     groups: dict[Learner, Hashable] | None = None, exclude_same_group: bool = False,
                     seed: Hashable = 0) -> list[tuple[Learner, Hashable]]:
    """New (reviewer, submission id) pairs so that each submission reaches ``reviews_per_submission`` reviews.

    Every submission that has enough eligible reviewers gets its reviews; the submissions with the fewest reviews
    are served first, and each review goes to the least-loaded eligible reviewer, so the work is spread evenly.
    ``existing`` pairs count towards both the submission's reviews and the reviewer's load and are never repeated.
    """
    groups = groups or {}
    reviewer_list = list(dict.fromkeys(reviewers))
    pairs = set(existing)
    count = dict.fromkeys((s.id for s in submissions), 0)
    for _, sub_id in pairs:
        count[sub_id] = count.get(sub_id, 0) + 1
    load = Counter(reviewer for reviewer, _ in pairs)
    new_pairs: list[tuple[Learner, Hashable]] = []
    # The least-loaded reviewer first, ties broken by the seeded hash, then by position. Each reviewer is one
    # integer in the heap, load x pool size + rank in that tie order (cheap to compare for a class of 50,000),
    # and has exactly one entry: popped, then pushed back unchanged (skipped) or one load higher (chosen).
    ties = _tiebreaks(seed, reviewer_list)
    ranked = sorted(range(len(reviewer_list)), key=lambda i: (ties[i], i))
    by_rank = [reviewer_list[i] for i in ranked]
    size = max(1, len(by_rank))
    heap = [load[r] * size + rank for rank, r in enumerate(by_rank)]
    heapq.heapify(heap)
    # Submissions in the order that breaks ties between equal review counts (earliest, then the seeded hash), worked
    # out once: each round then sorts the submissions still needing reviews by their count alone (a stable sort,
    # so the order is exactly that of sorting by (count, order, hash) every round).
    sub_ties = _tiebreaks(seed, [s.id for s in submissions])
    by_order = [submissions[i] for i in sorted(range(len(submissions)),
                                                key=lambda i: (submissions[i].order, sub_ties[i]))]
    pop, push, replace = heapq.heappop, heapq.heappush, heapq.heapreplace
    for _round in range(reviews_per_submission):
        needing = [s for s in by_order if count[s.id] < reviews_per_submission]
        needing.sort(key=lambda s: count[s.id])
        for submission in needing:
            sub_id, author, group = submission.id, submission.author, submission.group
            by_group = exclude_same_group and group is not None
            skipped = []
            # The least-loaded eligible reviewer: keys are unique, so the order they come off the heap does not
            # depend on how the heap is laid out; the chosen one goes back one load higher in the same step.
            while heap:
                key = heap[0]
                reviewer = by_rank[key % size]
                # eligible(), inlined: not the author, not the author's group when groups are excluded
                if reviewer != author and not (by_group and same_group(groups.get(reviewer), group)):
                    pair = (reviewer, sub_id)
                    if pair not in pairs:
                        replace(heap, key + size)  # one review more
                        pairs.add(pair)
                        new_pairs.append(pair)
                        count[sub_id] += 1
                        break
                skipped.append(pop(heap))
            for key in skipped:
                push(heap, key)
    return new_pairs


@dataclass(frozen=True)
class Owing:
    """Who in the pool still owes reviews (fewer done and in flight than required), as :func:`open_reviewer_counts`
    counts them: how many learners of the pool owe, how many of them per group, and the group of each owing learner
    (at least of every learner a choice asks about: the authors of the candidates given and their reviewers)."""

    count: int
    in_group: Mapping[Hashable, int]
    learners: Mapping[Learner, Hashable | None]


def owing_learners(candidates: Sequence[Candidate], required_reviews: int) -> Owing:
    """:class:`Owing` for the whole pool: a learner owes while their reviews done and in flight (the candidates'
    ``reviewers``) are fewer than ``required_reviews``. Linear in the pool plus the reviews."""
    load: Counter = Counter()
    group_of: dict[Learner, Hashable | None] = {}
    for c in candidates:
        group_of[c.submission.author] = c.submission.group
        for reviewer in c.reviewers:
            load[reviewer] += 1
    owing = {learner: group for learner, group in group_of.items() if load[learner] < required_reviews}
    return Owing(len(owing), Counter(g for g in owing.values() if g is not None), owing)


def reach(c: Candidate, owing: Owing, exclude_same_group: bool = False) -> int:
    """How many learners who still owe reviews could still review ``c``: not its author, not of its group (when
    excluded), not one who reviewed it or holds it."""
    sub, learners = c.submission, owing.learners
    excluded_group = exclude_same_group and sub.group is not None
    count = owing.count - (owing.in_group.get(sub.group, 0) if excluded_group else 0)
    if sub.author in learners and not excluded_group:
        count -= 1  # the author (counted above unless their whole group was)
    for reviewer in c.reviewers:
        if reviewer in learners and reviewer != sub.author and eligible(reviewer, sub, learners[reviewer],
                                                                       exclude_same_group):
            count -= 1
    return max(0, count)


def open_reviewer_counts(candidates: Sequence[Candidate], required_reviews: int,
                         exclude_same_group: bool = False) -> dict[Hashable, int]:
    """For each submission, how many learners in the pool could still review it and still owe reviews.

    A learner owes while their reviews done and in flight are fewer than ``required_reviews``; they can
    reach a submission that is not theirs, not their group's (when excluded) and not one they reviewed or hold.
    Linear in the pool plus the reviews."""
    owing = owing_learners(candidates, required_reviews)
    return {c.submission.id: reach(c, owing, exclude_same_group) for c in candidates}


def _reachers(c: Candidate, group_of: dict[Learner, Hashable | None], in_group: Counter,
              exclude_same_group: bool) -> int:
    """How many learners of the pool could still review ``c`` (whether or not they still owe reviews)."""
    sub = c.submission
    excluded = exclude_same_group and sub.group is not None
    reviewed = sum(1 for r in c.reviewers if r in group_of and r != sub.author
                   and eligible(r, sub, group_of[r], exclude_same_group))
    return len(group_of) - (in_group[sub.group] if excluded else 1) - reviewed


def _pool_groups(candidates: Sequence[Candidate]) -> tuple[dict[Learner, Hashable | None], Counter]:
    group_of = {c.submission.author: c.submission.group for c in candidates}
    return group_of, Counter(g for g in group_of.values() if g is not None)


def _options(reviewer: Learner, candidates: Iterable[Candidate], already_assigned: Iterable[Hashable],
             reviewer_group: Hashable | None, exclude_same_group: bool) -> list[Candidate]:
    """What ``reviewer`` may review at all: not theirs, not their group's when excluded, not one they reviewed,
    hold or were assigned."""
    done = set(already_assigned)
    return [c for c in candidates
            if c.submission.id not in done and reviewer not in c.reviewers
            and eligible(reviewer, c.submission, reviewer_group, exclude_same_group)]


def _needing_key(owing: Owing | Callable[[], Owing], exclude_same_group: bool) -> Callable[[Candidate], tuple]:
    """The order of submissions below their reviews (best first; the seeded tiebreak comes after): fewest reviews
    done and in flight, then fewest learners who still owe reviews and could still review it, then the earliest.
    ``owing`` may be given as a function, called once, the first time a reach is needed."""
    summary: list[Owing] = []

    def key(c: Candidate) -> tuple:
        if not summary:
            summary.append(owing() if callable(owing) else owing)
        return c.in_progress, reach(c, summary[0], exclude_same_group), c.submission.order

    return key


def _offer(reviewer: Learner, candidates: list[Candidate], required_reviews: int, already_assigned: Iterable[Hashable],
           reviewer_group: Hashable | None, exclude_same_group: bool,
           allow_surplus: bool) -> tuple[list[Candidate], Callable[[Candidate], tuple]]:
    """What :func:`reviewable_submissions` offers, unordered, and the key that orders it (best first; the seeded
    tiebreak comes after the key)."""
    options = _options(reviewer, candidates, already_assigned, reviewer_group, exclude_same_group)
    needing = [c for c in options if c.in_progress < required_reviews]
    if needing:
        return needing, _needing_key(lambda: owing_learners(candidates, required_reviews), exclude_same_group)
    if not allow_surplus or not options:
        return [], lambda c: ()
    group_of, in_group = _pool_groups(candidates)
    for c in candidates:
        if c.in_progress < required_reviews:
            asker_counted = reviewer in group_of and reviewer not in c.reviewers and eligible(
                reviewer, c.submission, group_of[reviewer], exclude_same_group)
            if _reachers(c, group_of, in_group, exclude_same_group) - asker_counted > 0:
                return [], lambda c: ()
    return options, lambda c: (c.in_progress, c.submission.order)


def _first(reviewer: Learner, offered: list[Candidate], key: Callable[[Candidate], tuple]) -> Submission | None:
    """The first of ``offered`` in the order of ``key`` then the seeded tiebreak, found in one pass: every key
    starts with the reviews in progress, so the rest of the key is worked out only for those with the fewest, and
    the tiebreak only between those that tie on the whole key."""
    if not offered:
        return None
    fewest = min(c.in_progress for c in offered)
    lowest = [c for c in offered if c.in_progress == fewest]
    keys = [key(c) for c in lowest]
    best = min(keys)
    tied = [c for c, k in zip(lowest, keys, strict=True) if k == best]
    return min(tied, key=lambda c: _tiebreak(reviewer, c.submission.id)).submission


def reviewable_submissions(reviewer: Learner, candidates: Iterable[Candidate], required_reviews: int,
                           already_assigned: Iterable[Hashable] = (), reviewer_group: Hashable | None = None,
                           exclude_same_group: bool = False, allow_surplus: bool = True) -> list[Candidate]:
    """The submissions ``reviewer`` may be given now, the best first (what :func:`choose_submission` picks from).

    Those below ``required_reviews`` (done plus in flight) come first: fewest reviews, then fewest other learners
    who could still review them, then the earliest. Only when there is none, and no submission below its reviews
    could still be reached by another learner, are submissions that have their reviews offered (``allow_surplus``),
    so a review beyond the required number never goes out while another submission still needs one."""
    offered, key = _offer(reviewer, list(candidates), required_reviews, already_assigned, reviewer_group,
                          exclude_same_group, allow_surplus)
    return sorted(offered, key=lambda c: (*key(c), _tiebreak(reviewer, c.submission.id)))


def choose_submission(reviewer: Learner, candidates: Iterable[Candidate], required_reviews: int,
                      already_assigned: Iterable[Hashable] = (), reviewer_group: Hashable | None = None,
                      exclude_same_group: bool = False, allow_surplus: bool = True) -> Submission | None:
    """The submission ``reviewer`` should review next, or None when there is nothing they may review now.

    Never their own, never one they reviewed or hold, never their group's when excluded; the order and the rule
    on surplus reviews are :func:`reviewable_submissions`'. Only the first is wanted, so it is found in one pass
    and the seeded tiebreak is worked out only between submissions that tie on everything else."""
    offered, key = _offer(reviewer, list(candidates), required_reviews, already_assigned, reviewer_group,
                          exclude_same_group, allow_surplus)
    return _first(reviewer, offered, key)


def choose_below(reviewer: Learner, candidates: Iterable[Candidate], required_reviews: int, owing: Owing,
                 already_assigned: Iterable[Hashable] = (), reviewer_group: Hashable | None = None,
                 exclude_same_group: bool = False) -> Submission | None:
    """:func:`choose_submission`'s choice when the reviewer may be given a submission below its reviews, worked out
    from part of the pool: ``candidates`` must hold every submission the reviewer may review that has the fewest
    reviews done and in flight among those (with its reviewers), and ``owing`` the pool's :class:`Owing` (for the
    authors and reviewers of those candidates). None when none of ``candidates`` is below ``required_reviews``:
    then only the whole pool can say whether a surplus review may go out (:func:`choose_submission`).

    For a channel that finds those submissions with an index instead of reading the whole pool; the rule is the
    same: the same options, the same order."""
    options = _options(reviewer, candidates, already_assigned, reviewer_group, exclude_same_group)
    needing = [c for c in options if c.in_progress < required_reviews]
    return _first(reviewer, needing, _needing_key(owing, exclude_same_group))


def reviewable_counts(candidates: Sequence[Candidate], required_reviews: int,
                      exclude_same_group: bool = False) -> dict[Learner, int]:
    """For every author in the pool, how many submissions :func:`reviewable_submissions` would offer them now
    (the learners' ``reviewers`` sets standing for what each one was already assigned), for the whole pool at once.

    Linear in the pool plus the reviews, for the instructor's roster of a large class."""
    group_of, in_group = _pool_groups(candidates)
    below = [c for c in candidates if c.in_progress < required_reviews]
    belowin_group = Counter(c.submission.group for c in below if c.submission.group is not None)
    allin_group = Counter(c.submission.group for c in candidates if c.submission.group is not None)
    taken_below: Counter = Counter()  # eligible submissions below their reviews a learner already has
    taken_all: Counter = Counter()
    for c in candidates:
        for reviewer in c.reviewers:
            if reviewer in group_of and eligible(reviewer, c.submission, group_of[reviewer], exclude_same_group):
                taken_all[reviewer] += 1
                if c.in_progress < required_reviews:
                    taken_below[reviewer] += 1
    # A learner is offered surplus only when nothing below its reviews is left for them, and then only when no
    # submission below its reviews can be reached by anyone (they themselves cannot reach any, or it would be
    # left for them).
    surplus_open = all(_reachers(c, group_of, in_group, exclude_same_group) <= 0 for c in below)

    def not_own(learner: Learner, total: int, grouped: Counter, own_counted: bool) -> int:
        group = group_of[learner]
        if exclude_same_group and group is not None:
            return total - grouped[group]
        return total - (1 if own_counted else 0)

    counts = {}
    own_below = {c.submission.author for c in below}
    for learner in group_of:
        needing = not_own(learner, len(below), belowin_group, learner in own_below) - taken_below[learner]
        if needing > 0:
            counts[learner] = needing
            continue
        options = not_own(learner, len(candidates), allin_group, True) - taken_all[learner]
        counts[learner] = options if surplus_open and options > 0 else 0
    return counts


def unreachable_submissions(candidates: Sequence[Candidate], required_reviews: int,
                            exclude_same_group: bool = False) -> set[Hashable]:
    """Submissions below ``required_reviews`` (done plus in flight) that no learner who still owes reviews can
    reach: nobody will be asked to review them, so they are stuck until the instructor acts."""
    counts = open_reviewer_counts(candidates, required_reviews, exclude_same_group)
    return {c.submission.id for c in candidates if c.in_progress < required_reviews and counts[c.submission.id] == 0}


def effective_required_reviews(configured: int, submissions: int, exclude_same_group_pool: int | None = None) -> int:
    """Reviews each submission can really get: never more than the other submitters who could review it.

    In a class of three, nobody can get three peer reviews; asking for them would leave everyone waiting.
    """
    pool = submissions - 1 if exclude_same_group_pool is None else exclude_same_group_pool
    return max(0, min(configured, pool))
