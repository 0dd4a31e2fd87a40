"""A public library entry as a printable PDF ("download as PDF"): the same case study its case file makes, printed by
the core's printer (``curriculum.printing``, the one the print channel uses), everything in the entry's language.

Printing takes a second or two, so each PDF is kept in the instance folder (``library_pdf/``) under the entry's id,
version and language and a digest of the printed page (a new version, a Cup place, a changed citation print anew);
older copies of the same entry and language are removed when a new one is written."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from curriculum.printing import case_document, strings

from ..extensions import db
from . import experiences, public
from .catalogue import public_rows, public_translations
from .models import LibraryExperience

KEPT_NAME = re.compile(r"exp-(\d+)-v\d+\.")


class PrintingUnavailable(RuntimeError):
    """WeasyPrint (the ``lti`` extra) or the Pango library it needs is missing on this server."""


@dataclass(frozen=True)
class EntryPdf:
    """A printed entry: a safe file name for the download, the bytes, and the digest of the page printed."""

    filename: str
    data: bytes
    digest: str


def _folder() -> Path:
    path = Path(current_app.instance_path) / "library_pdf"
    path.mkdir(parents=True, exist_ok=True)
    return path


def safe_filename(row: LibraryExperience, language: str) -> str:
    """``exp-<id>-<title in ASCII, hyphenated>-v<version>.<language>.pdf``: letters, digits, dots and hyphens only."""
    ascii_title = unicodedata.normalize("NFKD", row.title).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:60].strip("-")
    lang = re.sub(r"[^a-z-]", "", language.lower())[:8] or "und"
    return f"exp-{row.id}{'-' + slug if slug else ''}-v{max(1, row.version)}.{lang}.pdf"


def _byline(row: LibraryExperience, t: dict[str, str], contact: str) -> str:
    parts = [row.organisation.strip()]
    if contact.strip():
        parts.append(contact.strip())
    if row.cup_year and row.cup_place:
        parts.append(t["cup_place"].format(year=row.cup_year, place=row.cup_place))
    return " · ".join(p for p in parts if p)


def entry_pdf(row: LibraryExperience, url: str) -> EntryPdf | None:
    """The PDF of a public entry (the caller has checked that it is public), from the cache or printed now; None
    when the entry does not make a case study. ``url`` is the entry page's address, for the citation line.

    Raises PrintingUnavailable when the server cannot print (WeasyPrint or Pango missing)."""
    case, _problems, _text = experiences.check_case(row)
    if case is None:
        return None
    exp = experiences.experience_of(row)
    contact = exp.contact if exp.show_names else ""
    t = strings(case.language)
    document = case_document(
        case, running=f"{t['library']} · {row.organisation}".strip(" ·"), kicker=t["library"],
        byline=_byline(row, t, contact), citation=public.citation(row, url, exp.show_names, exp.contact),
        licence=row.licence_key, author=row.organisation)
    stem = f"exp-{row.id}-v{max(1, row.version)}.{case.language}"
    path = _folder() / f"{stem}.{document.digest}.pdf"
    name = safe_filename(row, case.language)
    try:
        return EntryPdf(name, path.read_bytes(), document.digest)
    except FileNotFoundError:
        pass
    try:
        data = document.pdf()
    except (ImportError, OSError) as exc:  # no WeasyPrint, or it cannot load Pango
        current_app.logger.error("library: cannot print PDFs on this server: %s", exc)
        raise PrintingUnavailable(str(exc)) from exc
    _keep(path, data, stale=f"exp-{row.id}-v*.{case.language}.*.pdf")
    return EntryPdf(name, data, document.digest)


def _keep(path: Path, data: bytes, stale: str) -> None:
    """Write the PDF whole (a reader never sees half a file) and remove older copies of the same entry."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".printing-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        current_app.logger.warning("library: could not keep the printed PDF %s", path.name)
        return
    for older in path.parent.glob(stale):
        if older != path:
            older.unlink(missing_ok=True)


def no_longer_public(dry_run: bool = False) -> int:
    """Remove kept PDFs whose entry is no longer public (withdrawn, made "jury only", consent taken back, deleted):
    the route already refuses them, and a copy may name a person whose consent is gone. Returns how many."""
    folder = Path(current_app.instance_path) / "library_pdf"
    if not folder.is_dir():
        return 0
    kept = [(path, KEPT_NAME.match(path.name)) for path in folder.glob("exp-*.pdf")]
    ids = {int(match.group(1)) for _path, match in kept if match}
    public_ids = set(db.session.scalars(public_rows().with_only_columns(LibraryExperience.id).where(
        LibraryExperience.id.in_(ids)))) if ids else set()
    public_ids |= {row.id for versions in public_translations().values() for row in versions.values()}
    removed = 0
    for path, match in kept:
        if match is None or int(match.group(1)) not in public_ids:
            if not dry_run:
                path.unlink(missing_ok=True)
            removed += 1
    return removed
