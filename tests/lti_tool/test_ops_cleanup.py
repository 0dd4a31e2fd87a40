"""``fieldschool cleanup``: delivered scores past the retention period, abandoned upload files, in batches; a dry
run only counts; launch data and nonces are left to the store's TTL and it says so."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

from lti_grade_helpers import seed
from sqlalchemy import func, select

from lti_tool.extensions import db
from lti_tool.grades.models import DELIVERED, PENDING, SUPERSEDED, GradeOutbox
from lti_tool.models import Platform, utcnow
from lti_tool.ops.cleanup import STEPS, CleanupStep, StepResult, delete_in_batches, run_cleanup
from lti_tool.peer.models import PeerAttachment, PeerSubmission


def _old(path: Path, days: float) -> Path:
    then = time.time() - days * 86400
    os.utime(path, (then, then))
    return path


def _arrange(world) -> Path:
    link_id, users = seed(world, "http://platform.invalid/lineitems/1", 2)
    now = utcnow()
    with world.app.app_context():
        platform_id = db.session.scalars(select(Platform.id)).one()

        def score(state, age_days, delivered=True):
            made = now - timedelta(days=age_days)
            return GradeOutbox(platform_id=platform_id, resource_link_id=link_id, user_id=users[0],
                               lineitem_url="http://platform.invalid/lineitems/1", score_given=1, score_maximum=1,
                               activity_progress="Completed", grading_progress="FullyGraded",
                               timestamp="2026-01-01T00:00:00.000Z", state=state, created_at=made,
                               delivered_at=made if delivered else None)

        db.session.add_all([score(DELIVERED, 200) for _ in range(5)] + [
            score(SUPERSEDED, 190, delivered=False), score(DELIVERED, 10), score(PENDING, 300, delivered=False)])
        submission = PeerSubmission(resource_link_id=link_id, user_id=users[1], current_version=1)
        db.session.add(submission)
        db.session.flush()
        db.session.add(PeerAttachment(submission_id=submission.id, filename="plan.pdf", content_type="application/pdf",
                                      size=5, sha256="0" * 64, storage_key="kept-file", added_in=1))
        db.session.commit()
    files = Path(world.app.instance_path) / "peer_files"
    files.mkdir(parents=True, exist_ok=True)
    for name, days in (("kept-file", 30), ("abandoned-old", 2), ("abandoned-new", 0.1)):
        (files / name).write_bytes(b"%PDF-")
        _old(files / name, days)
    return files


def _outbox(world) -> dict[str, int]:
    with world.app.app_context():
        return dict(db.session.execute(select(GradeOutbox.state, func.count()).group_by(GradeOutbox.state)).all())


def test_dry_run_counts_and_removes_nothing(world):
    files = _arrange(world)
    result = world.app.test_cli_runner().invoke(args=["cleanup", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "delivered scores older than 180 days: would remove 6" in result.output
    assert "temporary upload files older than a day: would remove 1" in result.output
    assert _outbox(world) == {DELIVERED: 6, SUPERSEDED: 1, PENDING: 1}
    assert sorted(p.name for p in files.iterdir()) == ["abandoned-new", "abandoned-old", "kept-file"]


def test_cleanup_removes_old_delivered_scores_in_batches_and_abandoned_uploads(world):
    files = _arrange(world)
    result = world.app.test_cli_runner().invoke(args=["cleanup", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "delivered scores older than 180 days: removed 6" in result.output
    assert "temporary upload files older than a day: removed 1" in result.output
    assert "expired launch data: removed 0  (kept in Redis (or process memory) only, expires by TTL" in result.output
    assert "consumed nonces: removed 0  (kept in Redis (or process memory) only, expire by TTL" in result.output
    assert _outbox(world) == {DELIVERED: 1, PENDING: 1}  # the recent delivery and the waiting score stay
    assert sorted(p.name for p in files.iterdir()) == ["abandoned-new", "kept-file"]
    assert world.app.test_cli_runner().invoke(args=["cleanup"]).output.count("removed 0") == len(STEPS)  # idempotent


def test_retention_days_come_from_the_configuration(world):
    _arrange(world)
    world.app.config["RETENTION_DAYS"] = 5
    with world.app.app_context():
        results = run_cleanup()
    assert [r.removed for r in results if r.kind.startswith("delivered")] == [7]


def test_a_new_kind_is_one_step_function(world):
    _arrange(world)

    def old_pending_scores(run):  # as the coordinator will add expired invitations
        cutoff = run.now - timedelta(days=100)
        return StepResult("pending scores", delete_in_batches(run, GradeOutbox, (GradeOutbox.state == PENDING)
                                                              & (GradeOutbox.created_at < cutoff)))

    with world.app.app_context():
        results = run_cleanup(steps=STEPS + [CleanupStep("pending", old_pending_scores)], batch_size=1)
    assert results[-1] == StepResult("pending scores", 1)
    assert PENDING not in _outbox(world)


def test_cleanup_removes_expired_invitations_and_keeps_live_ones(world):
    from lti_tool.models import RegistrationInvitation
    from lti_tool.services.invitations import create_invitation

    with world.app.app_context():
        create_invitation("live", hours=24)
        create_invitation("expired", hours=1)
        expired = db.session.scalars(select(RegistrationInvitation).filter_by(name="expired")).one()
        expired.expires_at = utcnow() - timedelta(hours=2)
        db.session.commit()
        [dry] = [r for r in run_cleanup(dry_run=True) if r.kind == "expired registration invitations"]
        assert dry.removed == 1
        [done] = [r for r in run_cleanup() if r.kind == "expired registration invitations"]
        assert done.removed == 1
        assert list(db.session.scalars(select(RegistrationInvitation.name))) == ["live"]
