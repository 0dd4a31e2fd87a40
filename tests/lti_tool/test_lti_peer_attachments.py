"""The attachment allow-list decides by content: office documents are zip archives with the right parts inside,
images and PDFs start with their signatures, and a name alone proves nothing."""

from __future__ import annotations

import io
import zipfile

import pytest

from lti_tool.peer.attachments import AttachmentRejected, Upload, check_upload


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
    clean, detected = check_upload(Upload(name, data), 10_000)
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
        check_upload(Upload(name, data), 10_000)
    assert caught.value.code == code
