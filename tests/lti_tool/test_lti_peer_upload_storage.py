"""Uploads on disk: a file is streamed to the instance folder's temporary area, checked there and only then moved
into the store, so nothing of a refused request, a failure mid-check or a client that went away stays behind; and
the number of files per submission holds even when a learner sends many uploads at once (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from lti_peer_helpers import launch_member, submit
from sqlalchemy import func, select

from lti_tool.extensions import db
from lti_tool.peer import attachments
from lti_tool.peer.models import PeerAttachment, PeerSubmission

PDF = ("notes.pdf", b"%PDF-1.4\n" + b"x" * 200_000, "application/pdf")


def _files_on_disk(app) -> list[str]:
    root = Path(app.instance_path) / "peer_files"
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _stored_rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(PeerAttachment.id)))


def test_a_refused_upload_leaves_nothing_on_disk_not_even_the_accepted_file_before_it(world):
    a = launch_member(world, "learner-a")
    page = submit(world, a, "two files", files=[("files", PDF), ("files", ("fake.docx", b"PK\x03\x04 no zip",
                                                                           "application/octet-stream"))])
    assert "does not match its type" in page.text
    assert _files_on_disk(world.app) == [] and _stored_rows(world.app) == 0
    submit(world, a, "one file", files={"files": PDF})
    assert len(_files_on_disk(world.app)) == 1 and _stored_rows(world.app) == 1


def test_a_crash_in_the_middle_of_a_check_leaves_nothing_on_disk(world, monkeypatch):
    real_check = attachments.check_file
    calls = []

    def crash_on_second(*args, **kwargs):
        calls.append(args[0])
        if len(calls) == 2:
            raise RuntimeError("the worker died while checking")
        return real_check(*args, **kwargs)

    monkeypatch.setattr(attachments, "check_file", crash_on_second)
    a = launch_member(world, "learner-a")
    page = submit(world, a, "two files", files=[("files", PDF), ("files", ("b.pdf", PDF[1], "application/pdf"))])
    assert page.status_code == 500 and len(calls) == 2
    assert _files_on_disk(world.app) == [] and _stored_rows(world.app) == 0


class _Disconnecting(io.RawIOBase):
    """A request body that ends with the client going away after some bytes."""

    def __init__(self, before: int) -> None:
        self.left = before

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        from werkzeug.exceptions import ClientDisconnected

        if self.left <= 0:
            raise ClientDisconnected()
        n = min(len(buffer), self.left)
        buffer[:n] = b"%" * n
        self.left -= n
        return n


def test_a_client_that_goes_away_mid_upload_leaves_nothing_on_disk(world):
    from werkzeug.exceptions import ClientDisconnected

    a = launch_member(world, "learner-a")
    submit(world, a, "text first")
    with world.app.app_context():
        sub_id = db.session.scalars(select(PeerSubmission.id)).one()
        with pytest.raises(ClientDisconnected):
            attachments.attach_files(sub_id, [attachments.Upload("a.pdf", io.BytesIO(PDF[1])),
                                              attachments.Upload("b.pdf", _Disconnecting(300_000))], 2)
    assert _files_on_disk(world.app) == [] and _stored_rows(world.app) == 0


def test_temporary_files_left_by_a_dead_process_are_swept(world):
    import os
    import time

    a = launch_member(world, "learner-a")
    with world.app.app_context():
        orphan = attachments.staging_dir() / "upload-orphan"
        orphan.write_bytes(b"left by a killed worker")
        old = time.time() - 2 * attachments.STALE_SECONDS
        os.utime(orphan, (old, old))
    submit(world, a, "one file", files={"files": PDF})
    assert [p for p in _files_on_disk(world.app) if p.startswith("tmp/")] == []


# -- the number of files, under parallel uploads -------------------------------------------------------------------

def _attach_at_once(app, sub_id: int, start: threading.Barrier, outcomes: list) -> None:
    try:
        with app.app_context():
            start.wait()
            try:
                attachments.attach_files(sub_id, [attachments.Upload("p.pdf", io.BytesIO(b"%PDF-1.4 parallel"))], 1)
                outcomes.append("stored")
            except attachments.AttachmentRejected as exc:
                outcomes.append(exc.code)
    except Exception as exc:  # pragma: no cover - reported by the test
        outcomes.append(repr(exc))
        start.abort()
    finally:
        with app.app_context():
            db.session.remove()


def _one_submission(app) -> int:
    from lti_tool.models import Context, Deployment, LtiUser, Platform, ResourceLink

    with app.app_context():
        platform = Platform(issuer="https://lms.example", client_id="c", auth_login_url="https://lms.example/a")
        db.session.add(platform)
        db.session.flush()
        deployment = Deployment(platform_id=platform.id, deployment_id="d")
        db.session.add(deployment)
        db.session.flush()
        context = Context(deployment_id=deployment.id, context_id="course")
        user = LtiUser(platform_id=platform.id, sub="learner")
        db.session.add_all([context, user])
        db.session.flush()
        link = ResourceLink(deployment_id=deployment.id, context_id=context.id, resource_link_id="l",
                            item_id="sample.exercise")
        db.session.add(link)
        db.session.flush()
        row = PeerSubmission(resource_link_id=link.id, user_id=user.id, draft_text="", current_version=0)
        db.session.add(row)
        db.session.commit()
        return row.id


def test_parallel_uploads_never_pass_the_limit_of_files(tmp_path):
    """8 uploads at once where 5 files are allowed: exactly 5 are stored, 3 are refused with 'count'. Runs on
    PostgreSQL when FIELDSCHOOL_TEST_DATABASE_URL is set, else on a SQLite file."""
    from lti_live import DATABASE_URL, make_app

    options = {"pool_size": 20, "max_overflow": 5}
    if not DATABASE_URL:
        options["connect_args"] = {"timeout": 30}
    app = make_app(tmp_path, PEER_MAX_ATTACHMENTS=5, SQLALCHEMY_ENGINE_OPTIONS=options)
    try:
        sub_id = _one_submission(app)
        outcomes: list = []
        start = threading.Barrier(8, timeout=60)
        threads = [threading.Thread(target=_attach_at_once, args=(app, sub_id, start, outcomes)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert sorted(outcomes) == ["count"] * 3 + ["stored"] * 5
        with app.app_context():
            assert db.session.scalar(select(func.count(PeerAttachment.id))) == 5
            assert db.session.get(PeerSubmission, sub_id).attachment_count == 5
        assert len([p for p in _files_on_disk(app) if not p.startswith("tmp/")]) == 5
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_removing_a_file_frees_its_place(world):
    from lti_peer_helpers import post

    a = launch_member(world, "learner-a")
    world.app.config["PEER_MAX_ATTACHMENTS"] = 1
    submit(world, a, "v1", files={"files": PDF})
    refused = submit(world, a, "v2", files={"files": PDF})
    assert "maximum number of files (1)" in refused.text
    with world.app.app_context():
        first = db.session.scalars(select(PeerAttachment.id)).one()
    post(world, a, "submit", {"text": "v2", "remove": str(first)}, files={"files": PDF})
    with world.app.app_context():
        current = db.session.scalars(select(PeerAttachment).filter_by(removed_in=None)).all()
        assert len(current) == 1 and current[0].id != first
        assert db.session.scalars(select(PeerSubmission.attachment_count)).one() == 1


def test_a_zip_bomb_upload_is_refused_with_a_clear_message_and_nothing_kept(world):
    from test_lti_peer_attachments import ODT_BOMB

    a = launch_member(world, "learner-a")
    page = submit(world, a, "my notes", files={"files": ("notes.odt", ODT_BOMB, "application/octet-stream")})
    assert "This office file could not be checked" in page.text and "attach it as PDF" in page.text
    assert _files_on_disk(world.app) == [] and _stored_rows(world.app) == 0
