"""Photos and documents attached to an experience: the peer attachments' own checks (allow-list, content matches
type, size), stored under the instance folder in ``library_files/`` with random names."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..peer.attachments import AttachmentRejected, Upload, check_upload
from .models import LibraryAttachment

__all__ = ["AttachmentRejected", "Upload", "add", "listed", "read", "remove"]


def _storage() -> Path:
    path = Path(current_app.instance_path) / "library_files"
    path.mkdir(parents=True, exist_ok=True)
    return path


def listed(experience_id: int) -> list[LibraryAttachment]:
    return db.session.scalars(select(LibraryAttachment).filter_by(experience_id=experience_id)
                              .order_by(LibraryAttachment.id)).all()


def add(experience_id: int, upload: Upload) -> LibraryAttachment:
    """Check (as peer attachments are checked) and store a file. Caller commits."""
    config = current_app.config
    name, content_type = check_upload(upload, int(config["PEER_MAX_ATTACHMENT_BYTES"]))
    if len(listed(experience_id)) >= int(config["LIBRARY_MAX_ATTACHMENTS"]):
        raise AttachmentRejected("count")
    key = secrets.token_hex(20)
    (_storage() / key).write_bytes(upload.data)
    row = LibraryAttachment(experience_id=experience_id, filename=name, content_type=content_type,
                            size=len(upload.data), sha256=hashlib.sha256(upload.data).hexdigest(), storage_key=key)
    db.session.add(row)
    return row


def remove(row: LibraryAttachment) -> None:
    (_storage() / row.storage_key).unlink(missing_ok=True)
    db.session.delete(row)


def read(row: LibraryAttachment) -> bytes:
    return (_storage() / row.storage_key).read_bytes()
