"""Allocating submissions to reviewers.

Two entry points share one rule set (never your own, never twice the same, optionally never your own group,
fewest reviews first):

- :func:`allocate_reviews` assigns a whole class at once (batch mode, benchmarks, instructor "reassign");
- :func:`choose_submission` picks the next submission for one reviewer asking now (lease-based channels),
  which is how late submitters still get reviewed.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
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
    """A submission as seen when one reviewer asks for work: its reviews done and leases held by others."""

    submission: Submission
    reviews: int
    active_leases: int = 0


def _tiebreak(seed: Hashable, value: Hashable) -> bytes:
    return hashlib.blake2b(repr((seed, value)).encode(), digest_size=8).digest()


def eligible(reviewer: Learner, submission: Submission, reviewer_group: Hashable | None = None,
             exclude_same_group: bool = False) -> bool:
    """Whether ``reviewer`` may review ``submission`` at all (not their own; not their group's if excluded).

    Groups given as sets (e.g. an organisation and a country) exclude the pair when they share any member.
    """
    if submission.author == reviewer:
        return False
    if exclude_same_group and isinstance(submission.group, frozenset) and isinstance(reviewer_group, frozenset):
        return not (submission.group & reviewer_group)
    return not (exclude_same_group and reviewer_group is not None and submission.group == reviewer_group)


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
    count = Counter(sub_id for _, sub_id in pairs)
    load = Counter(reviewer for reviewer, _ in pairs)
    by_id = {s.id: s for s in submissions}
    new_pairs: list[tuple[Learner, Hashable]] = []
    heap = [(load[r], _tiebreak(seed, r), i, r) for i, r in enumerate(reviewer_list)]
    heapq.heapify(heap)
    for _round in range(reviews_per_submission):
        needing = sorted((s for s in submissions if count[s.id] < reviews_per_submission),
                         key=lambda s: (count[s.id], s.order, _tiebreak(seed, s.id)))
        for submission in needing:
            skipped = []
            chosen = None
            while heap:
                entry = heapq.heappop(heap)
                reviewer = entry[3]
                if entry[0] != load[reviewer]:
                    continue  # stale entry; a fresh one is in the heap
                if (reviewer, submission.id) not in pairs and eligible(
                        reviewer, by_id[submission.id], groups.get(reviewer), exclude_same_group):
                    chosen = entry
                    break
                skipped.append(entry)
            for entry in skipped:
                heapq.heappush(heap, entry)
            if chosen is None:
                continue
            reviewer = chosen[3]
            pairs.add((reviewer, submission.id))
            new_pairs.append((reviewer, submission.id))
            count[submission.id] += 1
            load[reviewer] += 1
            heapq.heappush(heap, (load[reviewer], chosen[1], chosen[2], reviewer))
    return new_pairs


def choose_submission(reviewer: Learner, candidates: Iterable[Candidate], required_reviews: int,
                      already_assigned: Iterable[Hashable] = (), reviewer_group: Hashable | None = None,
                      exclude_same_group: bool = False, allow_surplus: bool = True) -> Submission | None:
    """The submission ``reviewer`` should review next, or None when there is nothing they may review.

    Fewest reviews (done plus leased) first, then the earliest submission. Submissions that already have their
    ``required_reviews`` are offered only when ``allow_surplus`` and nothing else is left, so a reviewer is never
    stuck while peers' work exists.
    """
    done = set(already_assigned)
    options = [c for c in candidates
               if c.submission.id not in done and eligible(reviewer, c.submission, reviewer_group, exclude_same_group)]
    if not options:
        return None

    def key(c: Candidate) -> tuple:
        return (c.reviews + c.active_leases, c.submission.order, _tiebreak(reviewer, c.submission.id))

    needing = [c for c in options if c.reviews + c.active_leases < required_reviews]
    if needing:
        return min(needing, key=key).submission
    return min(options, key=key).submission if allow_surplus else None


def effective_required_reviews(configured: int, submissions: int, exclude_same_group_pool: int | None = None) -> int:
    """Reviews each submission can really get: never more than the other submitters who could review it.

    In a class of three, nobody can get three peer reviews; asking for them would leave everyone waiting.
    """
    pool = submissions - 1 if exclude_same_group_pool is None else exclude_same_group_pool
    return max(0, min(configured, pool))


def reviewer_loads(pairs: Iterable[tuple[Learner, Hashable]]) -> dict[Learner, int]:
    """How many reviews each reviewer holds."""
    loads: dict[Learner, int] = defaultdict(int)
    for reviewer, _ in pairs:
        loads[reviewer] += 1
    return dict(loads)
