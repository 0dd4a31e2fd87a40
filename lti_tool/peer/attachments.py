"""Attachments: an allow-list of types checked by their content (magic bytes, and the inside of zip-based office
files), a size limit, storage on disk under the instance folder with random names, never served by path."""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from .models import PeerAttachment

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


class AttachmentRejected(ValueError):
    """Why a file cannot be attached; ``code`` names the reason for the learner's message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def _content_matches(check: str, data: bytes, extension: str) -> bool:
    if check == "pdf":
        return data.startswith(b"%PDF-")
    if check == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if check == "jpeg":
        return data.startswith(b"\xff\xd8\xff")
    if check == "gif":
        return data[:6] in (b"GIF87a", b"GIF89a")
    if check == "webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if check == "ole":
        return data.startswith(OLE)
    if check == "mp3":  # an ID3 tag, or an MPEG audio frame sync
        return data.startswith(b"ID3") or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0)
    if check == "isobmff":
        return data[4:8] == b"ftyp"
    if check == "ogg":
        return data.startswith(b"OggS")
    if check == "wav":
        return data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    if check == "amr":
        return data.startswith(b"#!AMR")
    if check == "webm":
        return data.startswith(b"\x1a\x45\xdf\xa3")
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if check == "odf":
                wanted = ALLOWED[extension][0].encode()
                return "mimetype" in names and archive.read("mimetype").strip() == wanted
            prefix = check.split(":", 1)[1]
            return "[Content_Types].xml" in names and any(n.startswith(prefix) for n in names)
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def check_upload(upload: Upload, max_bytes: int) -> tuple[str, str]:
    """(clean file name, content type) for an acceptable upload; raises :class:`AttachmentRejected` otherwise."""
    name = Path(upload.filename.replace("\\", "/")).name.strip()[:200]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise AttachmentRejected("type")
    if not upload.data:
        raise AttachmentRejected("empty")
    if len(upload.data) > max_bytes:
        raise AttachmentRejected("size")
    content_type, check = ALLOWED[extension]
    if not _content_matches(check, upload.data, extension):
        raise AttachmentRejected("content")
    return name, content_type


def storage_dir() -> Path:
    path = Path(current_app.instance_path) / "peer_files"
    path.mkdir(parents=True, exist_ok=True)
    return path


def add_attachment(submission_id: int, upload: Upload, next_version: int) -> PeerAttachment:
    """Check and store a file; it becomes part of the submission's next version. Caller commits."""
    config = current_app.config
    name, content_type = check_upload(upload, int(config["PEER_MAX_ATTACHMENT_BYTES"]))
    current = db.session.scalars(select(PeerAttachment).filter_by(submission_id=submission_id,
                                                                  removed_in=None)).all()
    if len(current) >= int(config["PEER_MAX_ATTACHMENTS"]):
        raise AttachmentRejected("count")
    key = secrets.token_hex(20)
    (storage_dir() / key).write_bytes(upload.data)
    row = PeerAttachment(submission_id=submission_id, filename=name, content_type=content_type,
                         size=len(upload.data), sha256=hashlib.sha256(upload.data).hexdigest(), storage_key=key,
                         added_in=next_version)
    db.session.add(row)
    return row


def remove_attachment(row: PeerAttachment, next_version: int) -> None:
    """Leave it out of the next version (earlier versions keep it). Caller commits."""
    if row.added_in >= next_version:
        db.session.delete(row)  # never part of a submitted version
        (storage_dir() / row.storage_key).unlink(missing_ok=True)
    else:
        row.removed_in = next_version


def attachments_of(submission_id: int, version: int | None = None) -> list[PeerAttachment]:
    """Files of a version (default: the files that will go with the next submission, i.e. the current set)."""
    rows = db.session.scalars(select(PeerAttachment).filter_by(submission_id=submission_id)
                              .order_by(PeerAttachment.id)).all()
    if version is None:
        return [r for r in rows if r.removed_in is None]
    return [r for r in rows if r.added_in <= version and (r.removed_in is None or r.removed_in > version)]


def read_attachment(row: PeerAttachment) -> bytes:
    return (storage_dir() / row.storage_key).read_bytes()
