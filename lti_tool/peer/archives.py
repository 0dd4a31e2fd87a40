"""Looking inside zip-based office files (OpenDocument, Office Open XML) at a bounded cost.

An uploaded archive is untrusted: its directory may list a million members, a member a few hundred bytes long
may inflate to gigabytes, and the sizes it declares may lie. So the member count is read from the end record
before the directory is parsed, declared sizes and compression ratios are checked before anything is inflated,
and every read is capped (per member and in total) and counted, whatever the archive declares.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass, field
from typing import BinaryIO

END_RECORD = b"PK\x05\x06"
END_RECORD_SIZE = 22
MAX_COMMENT = 0xFFFF


class ArchiveRefused(ValueError):
    """The archive is beyond what the tool inspects (too many members, too large, too compressed)."""


@dataclass(frozen=True)
class ArchiveLimits:
    """Caps on the work inspecting one archive may cost."""

    max_members: int = 2000
    max_declared_bytes: int = 200 * 1024 * 1024  # sum of the members' declared uncompressed sizes
    max_ratio: int = 200  # declared uncompressed size / compressed size, for members over ``ratio_floor``
    ratio_floor: int = 1024 * 1024
    max_member_read: int = 64 * 1024  # bytes inflated from any one member
    max_total_read: int = 1024 * 1024  # bytes inflated from the whole archive


@dataclass
class ArchiveInspection:
    """An open archive whose directory passed the limits; reads through it are capped and counted."""

    archive: zipfile.ZipFile
    limits: ArchiveLimits
    bytes_read: int = 0
    names: list[str] = field(default_factory=list)

    def read(self, name: str, max_bytes: int | None = None) -> bytes:
        """At most ``max_bytes`` (and the per-member cap) of a member, inflated in small steps; refused when the
        archive's total read budget would be exceeded."""
        cap = min(max_bytes or self.limits.max_member_read, self.limits.max_member_read)
        if self.bytes_read + cap > self.limits.max_total_read:
            raise ArchiveRefused("the archive needs more reading than allowed")
        chunks = []
        with self.archive.open(name) as member:
            while cap > 0:
                chunk = member.read(min(cap, 8192))
                if not chunk:
                    break
                chunks.append(chunk)
                cap -= len(chunk)
                self.bytes_read += len(chunk)
        return b"".join(chunks)


def declared_members(stream: BinaryIO) -> int | None:
    """The member count the archive's end record declares (None when there is no end record)."""
    stream.seek(0, 2)
    size = stream.tell()
    tail_size = min(size, END_RECORD_SIZE + MAX_COMMENT)
    stream.seek(size - tail_size)
    tail = stream.read(tail_size)
    at = tail.rfind(END_RECORD)
    if at < 0 or len(tail) - at < END_RECORD_SIZE:
        return None
    _disk, _start, _here, total, _dir_size, _dir_offset, _comment = struct.unpack(
        "<HHHHIIH", tail[at + 4:at + END_RECORD_SIZE])
    return total  # 0xFFFF means a ZIP64 count: more than any office document needs


def inspect_archive(stream: BinaryIO, limits: ArchiveLimits) -> ArchiveInspection:
    """Open ``stream`` as a zip archive after checking its directory against ``limits``.

    Raises :class:`ArchiveRefused` beyond the limits, ``zipfile.BadZipFile`` when it is no zip archive."""
    members = declared_members(stream)
    if members is None:
        raise zipfile.BadZipFile("no end of central directory record")
    if members >= 0xFFFF or members > limits.max_members:
        raise ArchiveRefused(f"{members} members (limit {limits.max_members})")
    stream.seek(0)
    archive = zipfile.ZipFile(stream)
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        archive.close()
        raise ArchiveRefused(f"{len(infos)} members (limit {limits.max_members})")
    declared = 0
    for info in infos:
        declared += info.file_size
        if declared > limits.max_declared_bytes:
            archive.close()
            raise ArchiveRefused(f"more than {limits.max_declared_bytes} bytes once uncompressed")
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            archive.close()
            raise ArchiveRefused(f"{info.filename!r} is compressed more than {limits.max_ratio} times")
    return ArchiveInspection(archive, limits, names=[i.filename for i in infos])
