"""Deterministic zips for every package format (SCORM, Common Cartridge, …): same files → same bytes.

Entries are sorted, carry a fixed timestamp and fixed permissions, and are compressed at a fixed level, so the
zip depends only on the paths and contents it holds.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644  # a regular file, rw-r--r--


def deterministic_zip(files: Mapping[str, bytes]) -> bytes:
    """A zip of ``files`` whose bytes depend only on their paths and contents."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = FILE_MODE << 16
            archive.writestr(info, files[path], compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return buffer.getvalue()
