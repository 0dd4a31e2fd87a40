"""Data retention: ``fieldschool cleanup`` runs a list of steps, one function per kind of data, each removing what
has outlived its use in small batches (one short transaction per batch, so busy tables are never locked for long).

Adding a kind is one function and one line in :data:`STEPS`; a table with an expiry column needs only
:func:`delete_in_batches`, e.g. ``delete_in_batches(run, Invitation, Invitation.expires_at < run.now)``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import ColumnElement, delete, func, or_, select

from ..extensions import db
from ..models import utcnow

BATCH_SIZE = 500
UPLOAD_GRACE = timedelta(days=1)


@dataclass(frozen=True)
class CleanupRun:
    """What every step gets: the time the run started, whether to remove or only count, the batch size."""

    now: datetime
    dry_run: bool = False
    batch_size: int = BATCH_SIZE


@dataclass(frozen=True)
class StepResult:
    kind: str
    removed: int  # or, in a dry run, would be removed
    note: str = ""


@dataclass(frozen=True)
class CleanupStep:
    kind: str
    run: Callable[[CleanupRun], StepResult]


def delete_in_batches(run: CleanupRun, model, condition: ColumnElement[bool]) -> int:
    """Delete the rows of ``model`` matching ``condition``, ``run.batch_size`` per transaction; or count them."""
    key = model.__mapper__.primary_key[0]
    if run.dry_run:
        return int(db.session.scalar(select(func.count()).select_from(model).where(condition)) or 0)
    removed = 0
    while True:
        ids = list(db.session.scalars(select(key).where(condition).order_by(key).limit(run.batch_size)))
        if not ids:
            return removed
        db.session.execute(delete(model).where(key.in_(ids)).execution_options(synchronize_session=False))
        db.session.commit()
        removed += len(ids)


def delivered_scores(run: CleanupRun) -> StepResult:
    """Scores delivered to (or superseded at) the platform more than RETENTION_DAYS ago: the gradebook has them."""
    from ..grades.models import DELIVERED, SUPERSEDED, GradeOutbox

    days = int(current_app.config["RETENTION_DAYS"])
    cutoff = run.now - timedelta(days=days)
    old = or_(GradeOutbox.state == DELIVERED, GradeOutbox.state == SUPERSEDED) & (
        func.coalesce(GradeOutbox.delivered_at, GradeOutbox.created_at) < cutoff)
    return StepResult(f"delivered scores older than {days} days", delete_in_batches(run, GradeOutbox, old))


def launch_data(run: CleanupRun) -> StepResult:
    """Launch data and OIDC state live only in the shared store, which forgets them after LAUNCH_DATA_TTL."""
    hours = int(current_app.config["LAUNCH_DATA_TTL"]) // 3600
    return StepResult("expired launch data", 0, f"kept in Redis (or process memory) only, expires by TTL "
                                                 f"after {hours} h; nothing in the database")


def consumed_nonces(run: CleanupRun) -> StepResult:
    """Used nonces live only in the shared store, which forgets them after NONCE_TTL."""
    minutes = int(current_app.config["NONCE_TTL"]) // 60
    return StepResult("consumed nonces", 0, f"kept in Redis (or process memory) only, expire by TTL after "
                                             f"{minutes} min; nothing in the database")


def abandoned_uploads(run: CleanupRun) -> StepResult:
    """Uploaded files no attachment refers to (their submission was never saved), older than a day (younger ones
    may belong to an upload being saved right now)."""
    from ..peer.models import PeerAttachment

    folder = Path(current_app.instance_path) / "peer_files"
    if not folder.is_dir():
        return StepResult("temporary upload files older than a day", 0)
    cutoff = time.time() - UPLOAD_GRACE.total_seconds()
    old = [path for path in folder.iterdir() if path.is_file() and path.stat().st_mtime < cutoff]
    removed = 0
    for start in range(0, len(old), run.batch_size):
        batch = {path.name: path for path in old[start:start + run.batch_size]}
        known = set(db.session.scalars(select(PeerAttachment.storage_key).where(
            PeerAttachment.storage_key.in_(list(batch)))))
        db.session.commit()
        for name, path in batch.items():
            if name not in known:
                if not run.dry_run:
                    path.unlink(missing_ok=True)
                removed += 1
    return StepResult("temporary upload files older than a day", removed)


def expired_invitations(run: CleanupRun) -> StepResult:
    """Registration invitations past their expiry, used or not: neither can register a platform any more."""
    from ..models import RegistrationInvitation

    return StepResult("expired registration invitations",
                      delete_in_batches(run, RegistrationInvitation, RegistrationInvitation.expires_at < run.now))


def unpublished_pdfs(run: CleanupRun) -> StepResult:
    """Printed PDFs of library entries that are no longer public (the library keeps one per entry version)."""
    from ..library.printing import no_longer_public

    return StepResult("printed PDFs of library entries no longer public", no_longer_public(run.dry_run))


STEPS: list[CleanupStep] = [
    CleanupStep("launch_data", launch_data),
    CleanupStep("invitations", expired_invitations),
    CleanupStep("nonces", consumed_nonces),
    CleanupStep("uploads", abandoned_uploads),
    CleanupStep("delivered_scores", delivered_scores),
    CleanupStep("library_pdfs", unpublished_pdfs),
]


def run_cleanup(dry_run: bool = False, batch_size: int = BATCH_SIZE,
                steps: list[CleanupStep] | None = None) -> list[StepResult]:
    """Run every step (in an app context) and say what each removed, or would remove with ``dry_run``."""
    run = CleanupRun(now=utcnow(), dry_run=dry_run, batch_size=max(1, batch_size))
    results = []
    for step in steps if steps is not None else STEPS:
        results.append(step.run(run))
        db.session.commit()
    return results
