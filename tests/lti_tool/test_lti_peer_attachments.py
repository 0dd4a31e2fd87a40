"""The attachment allow-list decides by content: office documents are zip archives with the right parts inside,
images and PDFs start with their signatures, and a name alone proves nothing."""

from __future__ import annotations

import io
import zipfile

import pytest

from lti_tool.peer.attachments import AttachmentRejected, check_file


def check_upload(name: str, data: bytes, max_bytes: int):
    return check_file(name, io.BytesIO(data), len(data), max_bytes)


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
PLAIN_ZIP = _zip({"readme.txt": b"hello"})


@pytest.mark.parametrize("name, data, content_type", [
    ("report.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("budget.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("notes.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 32, "application/msword"),
    ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\0" * 16, "image/jpeg"),
    ("anim.gif", b"GIF89a" + b"\0" * 16, "image/gif"),
    ("pic.webp", b"RIFF\x10\0\0\0WEBPVP8 ", "image/webp"),
    ("C:\\Users\\ana\\plan.pdf", b"%PDF-1.7\n", "application/pdf"),
    # voice notes as phones record them: exercises accept one where a written text is not essential
    ("nota de voz.m4a", b"\0\0\0\x20ftypM4A \0\0\0\0", "audio/mp4"),
    ("WhatsApp Audio.opus", b"OggS\0\x02" + b"\0" * 16, "audio/ogg"),
    ("memo.mp3", b"ID3\x04\0" + b"\0" * 16, "audio/mpeg"),
    ("frames.mp3", b"\xff\xfb\x90\x64" + b"\0" * 16, "audio/mpeg"),
    ("rec.wav", b"RIFF\x10\0\0\0WAVEfmt ", "audio/wav"),
    ("call.amr", b"#!AMR\n" + b"\0" * 8, "audio/amr"),
    ("browser.webm", b"\x1a\x45\xdf\xa3" + b"\0" * 8, "audio/webm"),
])
def test_accepted_files(name, data, content_type):
    clean, detected = check_upload(name, data, 10_000)
    assert detected == content_type
    assert "\\" not in clean and "/" not in clean


@pytest.mark.parametrize("name, data, code", [
    ("report.docx", PLAIN_ZIP, "content"),  # a zip, but not a Word document
    ("report.docx", XLSX, "content"),  # a spreadsheet named as a Word document
    ("notes.odt", DOCX, "content"),
    ("photo.png", b"\xff\xd8\xff\xe0", "content"),  # a JPEG named .png
    ("voice.m4a", b"%PDF-1.7", "content"),  # a PDF named as a voice note
    ("voice.ogg", b"RIFF\x10\0\0\0WAVEfmt ", "content"),  # a WAV named .ogg
    ("script.html", b"<script>", "type"),
    ("noextension", b"%PDF-", "type"),
    ("empty.pdf", b"", "empty"),
    ("big.pdf", b"%PDF-" + b"x" * 20_000, "size"),
])
def test_rejected_files(name, data, code):
    with pytest.raises(AttachmentRejected) as caught:
        check_upload(name, data, 10_000)
    assert caught.value.code == code


# -- archives at a bounded cost ----------------------------------------------------------------------------------

def _inflating(member: str, megabytes: int, others: dict[str, bytes]) -> bytes:
    """A small zip whose ``member`` inflates to ``megabytes`` of zeros (written a megabyte at a time)."""
    out = io.BytesIO()
    zero = b"\0" * (1 << 20)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in others.items():
            archive.writestr(name, data)
        with archive.open(member, "w") as target:
            for _ in range(megabytes):
                target.write(zero)
    return out.getvalue()


ODT_BOMB = _inflating("mimetype", 128, {"content.xml": b"<office/>"})  # ~130 KB that inflates to 128 MB
DOCX_BOMB = _inflating("word/document.xml", 16, {"[Content_Types].xml": b"<Types/>"})


def test_a_zip_bomb_is_refused_without_inflating_it():
    import tracemalloc

    assert len(ODT_BOMB) < 300_000
    tracemalloc.start()
    try:
        with pytest.raises(AttachmentRejected) as caught:
            check_upload("bomb.odt", ODT_BOMB, 10_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.code == "archive"
    assert peak < 2_000_000  # the member declares 128 MB; reading it whole would cost that much


def test_an_office_file_that_inflates_far_beyond_its_size_is_refused():
    with pytest.raises(AttachmentRejected) as caught:
        check_upload("report.docx", DOCX_BOMB, 10_000_000)
    assert caught.value.code == "archive"


def test_reads_inside_an_archive_are_capped_and_counted_whatever_it_declares():
    from lti_tool.peer.archives import ArchiveLimits, ArchiveRefused, inspect_archive

    permissive = ArchiveLimits(max_ratio=10**9, max_member_read=4096, max_total_read=10_000)
    inspection = inspect_archive(io.BytesIO(ODT_BOMB), permissive)
    assert len(inspection.read("mimetype", 10**9)) == 4096 and inspection.bytes_read == 4096
    inspection.read("mimetype")
    with pytest.raises(ArchiveRefused):  # a third read would pass the archive's total budget
        inspection.read("mimetype")
    assert inspection.bytes_read == 8192


@pytest.mark.parametrize("limits, data", [
    ({"max_members": 50}, _zip({"mimetype": b"application/vnd.oasis.opendocument.text",
                                **{f"part{i}.xml": b"" for i in range(60)}})),
    ({"max_declared_bytes": 1_000_000, "max_ratio": 10**9}, ODT_BOMB),
])
def test_too_many_members_or_too_many_declared_bytes_are_refused(limits, data):
    from lti_tool.peer.archives import ArchiveLimits

    with pytest.raises(AttachmentRejected) as caught:
        check_file("notes.odt", io.BytesIO(data), len(data), 10_000_000, ArchiveLimits(**limits))
    assert caught.value.code == "archive"


def test_the_member_count_is_read_before_the_directory_is_parsed(monkeypatch):
    from lti_tool.peer import archives

    many = _zip({f"p{i}": b"" for i in range(30)})
    assert archives.declared_members(io.BytesIO(many)) == 30
    monkeypatch.setattr(archives.zipfile, "ZipFile", lambda *a, **k: pytest.fail("directory parsed"))
    with pytest.raises(archives.ArchiveRefused):
        archives.inspect_archive(io.BytesIO(many), archives.ArchiveLimits(max_members=10))
