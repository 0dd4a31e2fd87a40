"""Nobody stuck: lease-based allocation counts reviews in flight, hands out a review beyond the required number only
when no submission below it can still be reached, and flags every submission that nobody can reach any more."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum.peer.allocation import (
    Candidate,
    Submission,
    choose_submission,
    eligible,
    reviewable_counts,
    reviewable_submissions,
    unreachable_submissions,
)


@dataclass
class Pool:
    """A class's submissions and reviews as a channel keeps them: done reviews and leases in flight."""

    submissions: list[Submission]
    required: int
    exclude_same_group: bool = False
    done: dict = field(default_factory=dict)  # submission id -> reviewers who reviewed it
    leases: dict = field(default_factory=dict)  # reviewer -> submission id in flight

    def __post_init__(self) -> None:
        self.done = {s.id: set() for s in self.submissions}
        self.group_of = {s.author: s.group for s in self.submissions}

    def candidates(self) -> list[Candidate]:
        holders = {s.id: {r for r, sid in self.leases.items() if sid == s.id} for s in self.submissions}
        return [Candidate(s, len(self.done[s.id]), len(holders[s.id]), frozenset(self.done[s.id] | holders[s.id]))
                for s in self.submissions]

    def request(self, reviewer) -> Submission | None:
        if reviewer in self.leases:
            return next(s for s in self.submissions if s.id == self.leases[reviewer])
        chosen = choose_submission(reviewer, self.candidates(), self.required,
                                   reviewer_group=self.group_of[reviewer], exclude_same_group=self.exclude_same_group)
        if chosen is not None:
            self.leases[reviewer] = chosen.id
        return chosen

    def complete(self, reviewer) -> None:
        self.done[self.leases.pop(reviewer)].add(reviewer)

    def counts(self) -> dict:
        return {sid: len(reviewers) for sid, reviewers in self.done.items()}


def _class_of_four() -> Pool:
    return Pool([Submission(name, name, order=n) for n, name in enumerate("ABCD")], required=2)


def test_the_reported_request_order_leaves_nobody_short_and_nobody_over():
    pool = _class_of_four()
    for reviewer in "DABCABCD":  # each asks, reviews, and comes back later
        assert pool.request(reviewer) is not None, reviewer
        pool.complete(reviewer)
    assert pool.counts() == {"A": 2, "B": 2, "C": 2, "D": 2}  # main gave B 3 reviews and D 1
    assert unreachable_submissions(pool.candidates(), 2) == set()


def test_the_reported_order_with_the_first_round_in_flight_at_once():
    pool = _class_of_four()
    for reviewer in "DABC":
        pool.request(reviewer)
    assert sorted(pool.leases.values()) == ["A", "B", "C", "D"]  # leases in flight count: no two on one response
    for reviewer in "DABC":
        pool.complete(reviewer)
    for reviewer in "ABCD":
        assert pool.request(reviewer) is not None
        pool.complete(reviewer)
    assert pool.counts() == {"A": 2, "B": 2, "C": 2, "D": 2}


def test_no_surplus_review_while_a_submission_below_its_reviews_can_still_be_reached():
    # Where the old rule stood before D's last request: A, B and C have given their two reviews, D one (of A),
    # and D's response has one review. D asks again: B and C have their two, A is D's already.
    subs = [Submission(name, name, order=n) for n, name in enumerate("ABCD")]
    reviewed = {"A": {"D", "B"}, "B": {"A", "C"}, "C": {"B", "A"}, "D": {"C"}}
    candidates = [Candidate(s, len(reviewed[s.id]), 0, frozenset(reviewed[s.id])) for s in subs]
    assert choose_submission("D", candidates, 2) is None  # not B a third time: A or B can still review D
    assert choose_submission("A", candidates, 2).id == "D"  # whoever asks and can, gets D
    # nobody who still owes reviews can reach D (A and B have given theirs): D is stuck, the instructor must act
    assert unreachable_submissions(candidates, 2) == {"D"}
    assert reviewable_counts(candidates, 2) == {"A": 1, "B": 1, "C": 0, "D": 0}


def test_a_submission_nobody_owing_reviews_can_reach_is_flagged_until_someone_who_can_asks():
    # groups exclude each other's work: group "x" has one learner, who alone can review group "y"
    subs = [Submission("x1", "x1", "x", 0), Submission("y1", "y1", "y", 1), Submission("y2", "y2", "y", 2)]
    pool = Pool(subs, required=1, exclude_same_group=True)
    assert pool.request("y1").id == "x1"
    pool.complete("y1")
    assert pool.request("x1").id == "y1"  # fewest reviews first: y1 and y2 both have none, y1 came first
    pool.complete("x1")
    assert unreachable_submissions(pool.candidates(), 1, exclude_same_group=True) == {"y2"}  # x1 gave their one
    assert pool.request("y2") is None  # no surplus review of x1 while y2's response waits for a reviewer
    assert reviewable_counts(pool.candidates(), 1, exclude_same_group=True) == {"x1": 1, "y1": 0, "y2": 0}
    assert pool.request("x1").id == "y2"  # x1 comes back for more: y2's response is served
    pool.complete("x1")
    assert unreachable_submissions(pool.candidates(), 1, exclude_same_group=True) == set()


requests = st.integers(min_value=2, max_value=7).flatmap(lambda n: st.tuples(
    st.just(n), st.integers(min_value=1, max_value=min(3, n - 1)),
    st.lists(st.tuples(st.integers(0, n - 1), st.sampled_from(["ask", "ask", "done", "drop"])), max_size=40),
    st.lists(st.sampled_from([None, "g1", "g2"]), min_size=n, max_size=n), st.booleans()))


@settings(max_examples=300, deadline=None)
@given(requests)
def test_allocation_invariants_over_random_request_orders(params):
    n, required, events, groups, exclude = params
    learners = [f"u{i}" for i in range(n)]
    pool = Pool([Submission(f"s{i}", learners[i], groups[i], i) for i in range(n)], required, exclude)
    by_id = {s.id: s for s in pool.submissions}

    def ask(reviewer) -> None:
        before = pool.candidates()
        if reviewer in pool.leases:
            assert pool.request(reviewer).id == pool.leases[reviewer]  # one lease at a time
            return
        chosen = pool.request(reviewer)
        options = [c for c in before if reviewer not in c.reviewers
                   and eligible(reviewer, c.submission, pool.group_of[reviewer], exclude)]
        assert len(reviewable_submissions(reviewer, before, required, reviewer_group=pool.group_of[reviewer],
                                          exclude_same_group=exclude)) == reviewable_counts(
            before, required, exclude)[reviewer]
        if chosen is None:
            assert all(c.in_progress >= required for c in options)
            return
        picked = next(c for c in before if c.submission.id == chosen.id)
        assert picked in options  # never own, never twice the same, never one's own group when excluded
        needing = [c for c in options if c.in_progress < required]
        if needing:
            assert picked.in_progress == min(c.in_progress for c in needing)  # fewest (done + in flight) first
        else:  # a surplus review: only when no submission below its reviews can be reached by anyone else
            for c in before:
                if c.in_progress < required:
                    assert not any(other != reviewer and other not in c.reviewers
                                   and eligible(other, c.submission, pool.group_of[other], exclude)
                                   for other in learners)

    for index, action in events:
        reviewer = learners[index]
        if action == "ask":
            ask(reviewer)
        elif reviewer in pool.leases and action == "done":
            pool.complete(reviewer)
        elif reviewer in pool.leases:
            pool.leases.pop(reviewer)  # the lease expired: the submission is free again
        held = list(pool.leases.values())
        assert all(r not in pool.done[sid] for r, sid in pool.leases.items())
        assert all(by_id[sid].author != r for r, sid in pool.leases.items())
        assert len(held) <= n
    # then everyone works until nobody can be given anything more (completing at once)
    progress = True
    while progress:
        progress = False
        for reviewer in learners:
            given_so_far = sum(reviewer in r for r in pool.done.values())
            if reviewer in pool.leases or (given_so_far < required and pool.request(reviewer) is not None):
                pool.complete(reviewer)
                progress = True
    stuck = unreachable_submissions(pool.candidates(), required, exclude)
    for sid, count in pool.counts().items():
        # every submission left below its reviews is on the instructor's 'stuck' list
        assert count >= required or sid in stuck
