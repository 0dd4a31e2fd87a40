"""Attachments: an allow-list of types checked by their content (magic bytes, and the inside of zip-based office
files at a bounded cost), a size limit, a per-submission count kept by the database, storage on disk under the
instance folder with random names, never served by path. Uploads are streamed to a temporary file, checked there
and only then moved into place, so nothing of a refused or failed upload stays on disk."""

from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from sqlalchemy import select, update

from ..extensions import db
from .archives import ArchiveLimits, ArchiveRefused, inspect_archive
from .models import PeerAttachment, PeerSubmission

# extension → (content type, kind of content check)
ALLOWED: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", "pdf"),
    "png": ("image/png", "png"),
    "jpg": ("image/jpeg", "jpeg"),
    "jpeg": ("image/jpeg", "jpeg"),
    "gif": ("image/gif", "gif"),
    "webp": ("image/webp", "webp"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "ooxml:word/"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ooxml:xl/"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "ooxml:ppt/"),
    "odt": ("application/vnd.oasis.opendocument.text", "odf"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "odf"),
    "odp": ("application/vnd.oasis.opendocument.presentation", "odf"),
    "doc": ("application/msword", "ole"),
    "xls": ("application/vnd.ms-excel", "ole"),
    "ppt": ("application/vnd.ms-powerpoint", "ole"),
    # voice notes, as phones record them (exercises accept a voice note where written text is not essential)
    "mp3": ("audio/mpeg", "mp3"),
    "m4a": ("audio/mp4", "isobmff"),
    "aac": ("audio/mp4", "isobmff"),
    "ogg": ("audio/ogg", "ogg"),
    "opus": ("audio/ogg", "ogg"),
    "oga": ("audio/ogg", "ogg"),
    "wav": ("audio/wav", "wav"),
    "amr": ("audio/amr", "amr"),
    "webm": ("audio/webm", "webm"),
}
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
AUDIO_TYPES = {"audio/mpeg", "audio/mp4", "audio/ogg", "audio/wav", "audio/amr", "audio/webm"}
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CHUNK = 64 * 1024
STALE_SECONDS = 3600  # a temporary file this old belongs to a request that died with its process


class AttachmentRejected(ValueError):
    """Why a file cannot be attached; ``code`` names the reason for the learner's message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Upload:
    """A file as the browser sent it: its name and a stream of its bytes."""

    filename: str
    stream: BinaryIO


@dataclass(frozen=True)
class StagedFile:
    """An upload copied to the temporary area, with what was learnt while copying it."""

    path: Path
    size: int
    sha256: str


def _content_matches(check: str, stream: BinaryIO, extension: str, limits: ArchiveLimits) -> bool:
    stream.seek(0)
    head = stream.read(16)
    if check == "pdf":
        return head.startswith(b"%PDF-")
    if check == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if check == "jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if check == "gif":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if check == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if check == "ole":
        return head.startswith(OLE)
    if check == "mp3":  # an ID3 tag, or an MPEG audio frame sync
        return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)
    if check == "isobmff":
        return head[4:8] == b"ftyp"
    if check == "ogg":
        return head.startswith(b"OggS")
    if check == "wav":
        return head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    if check == "amr":
        return head.startswith(b"#!AMR")
    if check == "webm":
        return head.startswith(b"\x1a\x45\xdf\xa3")
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        inspection = inspect_archive(stream, limits)
        with inspection.archive:
            names = inspection.names
            if check == "odf":
                wanted = ALLOWED[extension][0].encode()
                return "mimetype" in names and inspection.read("mimetype", len(wanted) + 16).strip() == wanted
            prefix = check.split(":", 1)[1]
            return "[Content_Types].xml" in names and any(n.startswith(prefix) for n in names)
    except ArchiveRefused as exc:
        raise AttachmentRejected("archive") from exc
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, NotImplementedError, RuntimeError):
        return False


def clean_name(filename: str) -> str:
    return Path(filename.replace("\\", "/")).name.strip()[:200]


def check_file(filename: str, stream: BinaryIO, size: int, max_bytes: int,
               limits: ArchiveLimits | None = None) -> tuple[str, str]:
    """(clean file name, content type) for an acceptable file; raises :class:`AttachmentRejected` otherwise.
    ``stream`` is a seekable binary file of ``size`` bytes; office archives are inspected within ``limits``."""
    name = clean_name(filename)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise AttachmentRejected("type")
    if not size:
        raise AttachmentRejected("empty")
    if size > max_bytes:
        raise AttachmentRejected("size")
    content_type, check = ALLOWED[extension]
    if not _content_matches(check, stream, extension, limits or ArchiveLimits()):
        raise AttachmentRejected("content")
    return name, content_type


def archive_limits() -> ArchiveLimits:
    config = current_app.config
    return ArchiveLimits(max_members=int(config["PEER_ARCHIVE_MAX_MEMBERS"]),
                         max_declared_bytes=int(config["PEER_ARCHIVE_MAX_UNCOMPRESSED_BYTES"]),
                         max_ratio=int(config["PEER_ARCHIVE_MAX_RATIO"]))


def storage_dir() -> Path:
    path = Path(current_app.instance_path) / "peer_files"
    path.mkdir(parents=True, exist_ok=True)
    return path


def staging_dir() -> Path:
    """Where uploads wait while they are checked (same file system as the store, so the move is a rename)."""
    path = storage_dir() / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _sweep_stale(folder: Path, now: float) -> None:
    for entry in folder.iterdir():
        try:
            if now - entry.stat().st_mtime > STALE_SECONDS:
                entry.unlink()
        except OSError:
            continue  # another worker removed it first


@contextmanager
def staged(upload: Upload, max_bytes: int) -> Iterator[StagedFile]:
    """Copy an upload to a temporary file, reading at most ``max_bytes + 1`` bytes; the file is removed when the
    block ends, whatever happens (a refusal, an error, a client that went away), unless it was moved away."""
    folder = staging_dir()
    _sweep_stale(folder, time.time())
    handle, name = tempfile.mkstemp(dir=folder, prefix="upload-")
    path = Path(name)
    try:
        digest, size = hashlib.sha256(), 0
        with os.fdopen(handle, "wb") as out:
            while chunk := upload.stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise AttachmentRejected("size")
                digest.update(chunk)
                out.write(chunk)
        yield StagedFile(path, size, digest.hexdigest())
    finally:
        path.unlink(missing_ok=True)


def _take_slot(submission_id: int, max_count: int) -> None:
    """Count one more current attachment on the submission, or refuse: a conditional UPDATE, so concurrent
    requests cannot together pass the limit (the row lock on PostgreSQL, the write lock on SQLite)."""
    taken = db.session.execute(update(PeerSubmission).where(
        PeerSubmission.id == submission_id, PeerSubmission.attachment_count < max_count)
        .values(attachment_count=PeerSubmission.attachment_count + 1))
    if not taken.rowcount:
        raise AttachmentRejected("count")


def _release_slot(submission_id: int) -> None:
    db.session.execute(update(PeerSubmission).where(PeerSubmission.id == submission_id)
                       .values(attachment_count=PeerSubmission.attachment_count - 1))


def attach_files(submission_id: int, uploads: Iterable[Upload], next_version: int) -> list[PeerAttachment]:
    """Check and store files for the submission's next version, all or none, and commit.

    Each file is streamed to the temporary area, checked there, and only then moved into the store. When one is
    refused (or anything fails) the transaction is rolled back and every file this call moved is removed again:
    nothing of a refused request stays on disk."""
    config = current_app.config
    max_bytes, max_count = int(config["PEER_MAX_ATTACHMENT_BYTES"]), int(config["PEER_MAX_ATTACHMENTS"])
    limits = archive_limits()
    stored: list[Path] = []
    rows: list[PeerAttachment] = []
    try:
        for upload in uploads:
            with staged(upload, max_bytes) as staged_file, staged_file.path.open("rb") as stream:
                name, content_type = check_file(upload.filename, stream, staged_file.size, max_bytes, limits)
                _take_slot(submission_id, max_count)
                key = secrets.token_hex(20)
                target = storage_dir() / key
                os.replace(staged_file.path, target)
                stored.append(target)
            row = PeerAttachment(submission_id=submission_id, filename=name, content_type=content_type,
                                 size=staged_file.size, sha256=staged_file.sha256, storage_key=key,
                                 added_in=next_version)
            db.session.add(row)
            rows.append(row)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        for path in stored:
            path.unlink(missing_ok=True)
        raise
    return rows


def remove_attachment(row: PeerAttachment, next_version: int) -> Path | None:
    """Leave it out of the next version (earlier versions keep it). Caller commits, then deletes the returned file
    (a file never part of a submitted version) with :func:`discard`, so a rolled-back removal loses nothing."""
    if row.removed_in is not None:
        return None
    _release_slot(row.submission_id)
    if row.added_in >= next_version:
        db.session.delete(row)  # never part of a submitted version
        return storage_dir() / row.storage_key
    row.removed_in = next_version
    return None


def discard(paths: Iterable[Path | None]) -> None:
    """Delete stored files whose rows are gone (after the commit that removed them)."""
    for path in paths:
        if path is not None:
            path.unlink(missing_ok=True)


def attachments_of(submission_id: int, version: int | None = None) -> list[PeerAttachment]:
    """Files of a version (default: the files that will go with the next submission, i.e. the current set)."""
    rows = db.session.scalars(select(PeerAttachment).filter_by(submission_id=submission_id)
                              .order_by(PeerAttachment.id)).all()
    if version is None:
        return [r for r in rows if r.removed_in is None]
    return [r for r in rows if r.added_in <= version and (r.removed_in is None or r.removed_in > version)]


def read_attachment(row: PeerAttachment) -> bytes:
    return (storage_dir() / row.storage_key).read_bytes()
