"""After a crash, ``fieldschool grades flush --now`` takes back the scores a dead drainer left 'sending' and
delivers them at once, and says how many it took back; a live drainer's claim (in another process here, or on
another machine) is never taken, until its lease expires."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from lti_grade_helpers import line_item, seed
from sqlalchemy import select, update

from lti_tool.extensions import db
from lti_tool.grades import claimants, outbox
from lti_tool.grades.models import DELIVERED, SENDING, GradeOutbox
from lti_tool.models import utcnow


def token_of(pid: int, started: str | None = None, host: str | None = None) -> str:
    me = claimants.this_process()
    claimant = claimants.Claimant(host or me.host, me.boot, pid, started or claimants.process_start(pid) or "1")
    return f"drainer@{claimant.signature()}:0123456789ab"


def stuck_score(world, link_id: int, user_id: int, token: str, lease_seconds: int = 120) -> int:
    """A score a drainer claimed (state 'sending', lease running) and never finished."""
    with world.app.app_context():
        row = outbox.enqueue_score(link_id, user_id, 8.0, 10.0, "Completed", "FullyGraded")
        db.session.execute(update(GradeOutbox).where(GradeOutbox.id == row.id).values(
            state=SENDING, claim_token=token, attempts=1,
            claimed_until=utcnow() + timedelta(seconds=lease_seconds)))
        db.session.commit()
        return row.id


def state_of(world, row_id: int) -> str:
    with world.app.app_context():
        return db.session.scalar(select(GradeOutbox.state).where(GradeOutbox.id == row_id))


def flush(world, *args: str):
    result = world.app.test_cli_runner().invoke(args=["grades", "flush", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_flush_now_delivers_a_score_left_sending_by_a_dead_drainer_and_reports_it(world):
    link_id, [user] = seed(world, line_item(world), 1)
    row_id = stuck_score(world, link_id, user, token_of(dead_pid(), started="12345"))

    assert "Reclaimed" not in flush(world)  # without --now, the claim waits out its lease
    assert state_of(world, row_id) == SENDING and world.platform.scores == []

    output = flush(world, "--now")
    assert "Reclaimed 1 score(s)" in output and "Delivered 1" in output
    assert state_of(world, row_id) == DELIVERED
    assert [s["userId"] for s in world.platform.scores] == ["seeded-link-learner-0"]


def test_a_live_drainers_claim_is_never_taken_but_an_expired_one_is(world):
    link_id, users = seed(world, line_item(world), 3)
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        local_live = stuck_score(world, link_id, users[0], token_of(live.pid))
        remote_live = stuck_score(world, link_id, users[1], token_of(4242, "99", host="0ther0ne"))
        remote_expired = stuck_score(world, link_id, users[2], token_of(4243, "99", host="0ther0ne"),
                                     lease_seconds=-5)

        output = flush(world, "--now")
        assert "Reclaimed 1 score(s)" in output
        assert state_of(world, remote_expired) == DELIVERED
        assert (state_of(world, local_live), state_of(world, remote_live)) == (SENDING, SENDING)
    finally:
        live.kill()
        live.wait()
    # Its process gone, the local claim is taken back; the other machine's claim still waits out its lease.
    assert "Reclaimed 1 score(s)" in flush(world, "--now")
    assert (state_of(world, local_live), state_of(world, remote_live)) == (DELIVERED, SENDING)


def test_claim_tokens_name_this_process_and_unknown_tokens_are_never_gone():
    token = claimants.claim_token("drainer")
    assert len(token) <= 64 and claimants.parse(token) == claimants.this_process()
    assert not claimants.is_gone(token)
    assert not claimants.is_gone("myhost:1234:9f8e7d6c")  # an older drainer's token: wait for its lease
    assert not claimants.is_gone(None)
    assert claimants.is_gone(token_of(dead_pid(), started="1"))
