"""The blocks' due date is the core's deadline rule (curriculum/deadlines.py): an assessment and a peer exercise under
the same due date (plus the course's grace period) close at the same moment, the very moment the core says. Would
fail if xblocks/deadlines.py compared the due date its own way again (``now > due``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from curriculum.deadlines import deadline_passed
from curriculum.peer.workflow import PeerPolicy, can_submit, reviewing_open
from xblocks import deadlines


def test_a_due_date_passes_at_its_moment_for_every_block_as_the_core_says():
    due, grace = datetime(2026, 5, 1, 12, tzinfo=UTC), timedelta(hours=1)
    block = SimpleNamespace(due=due, graceperiod=grace, due_behaviour=deadlines.CLOSE)
    moment = due + grace
    policy = PeerPolicy(submission_deadline=deadlines.due_at(block), review_deadline=deadlines.due_at(block))
    for now in (moment - timedelta(microseconds=1), moment, moment + timedelta(microseconds=1)):
        passed = deadline_passed(moment, now)
        assert deadlines.past_due(block, now) is passed, now  # the assessment closes / marks work late
        assert can_submit(policy, now) is not passed, now  # the peer exercise stops taking responses
        assert reviewing_open(policy, now) is not passed, now
    assert deadlines.past_due(block, moment)


def test_a_naive_workbench_date_is_no_deadline():
    block = SimpleNamespace(due=datetime(2000, 1, 1), graceperiod=None)
    assert deadlines.due_at(block) is None
    assert not deadlines.past_due(block, datetime.now(UTC))
