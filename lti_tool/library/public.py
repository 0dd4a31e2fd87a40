"""The public library's queries: filters over the published, consenting entries, full-text search, and what an
entry page shows (names only with consent, the citation line)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func

from curriculum.vocabulary import COMPETENCY_AREAS, MATURITY_LEVELS

from ..extensions import db
from ..services.numbers import is_digits
from .catalogue import public_rows, public_translations
from .models import LibraryExperience
from .search import library_search

FILTERS = ("area", "commodity", "country", "org_type", "maturity", "language", "year", "winners")
_COLUMNS = {"area": "competency_area", "commodity": "commodity", "country": "country",
            "org_type": "organisation_type", "maturity": "maturity", "language": "language"}


@dataclass
class Facets:
    """The values each filter can take, from the entries themselves."""

    area: list[str]
    commodity: list[str]
    country: list[str]
    org_type: list[str]
    maturity: list[str]
    language: list[str]
    year: list[int]


@dataclass
class Shown:
    """An entry as a reader sees it: the version in their language when there is one (``row``), its original (for
    the Cup, the year, the filters), and every language it can be read in."""

    row: LibraryExperience
    original: LibraryExperience
    versions: dict[str, LibraryExperience]

    @property
    def languages(self) -> list[str]:
        return sorted(self.versions)

    @property
    def translated(self) -> bool:
        return self.row is not self.original


def shown_in(originals: list[LibraryExperience], reader_lang: str) -> list[Shown]:
    """Each entry in the reader's language when a published translation exists, else as written."""
    translations = public_translations([r.id for r in originals]) if originals else {}
    shown = []
    for original in originals:
        versions = {original.language: original, **translations.get(original.id, {})}
        shown.append(Shown(versions.get(reader_lang, original), original, versions))
    return shown


def year_of(row: LibraryExperience) -> int | None:
    return row.cup_year or (row.published_at.year if row.published_at else None)


def find_entries(query: str = "", **filters: str) -> list[LibraryExperience]:
    """Public entries matching the search words (best first) and every filter given (newest first otherwise)."""
    statement = public_rows()
    for key, column in _COLUMNS.items():
        wanted = (filters.get(key) or "").strip().lower()
        if wanted and key != "language":
            statement = statement.where(func.lower(getattr(LibraryExperience, column)) == wanted)
    if filters.get("winners"):
        statement = statement.where(LibraryExperience.cup_place.is_not(None))
    rows = db.session.scalars(statement.order_by(LibraryExperience.published_at.desc(),
                                                 LibraryExperience.id.desc())).all()
    if is_digits(filters.get("year") or ""):
        rows = [r for r in rows if year_of(r) == int(filters["year"])]
    language = (filters.get("language") or "").strip().lower()
    translations = public_translations([r.id for r in rows]) if rows and (language or query.strip()) else {}
    if language:  # an entry is in a language when it was written in it or has a published translation into it
        rows = [r for r in rows if r.language == language or language in translations.get(r.id, {})]
    if query.strip():
        ranked: dict[int, int] = {}
        of_translation = {t.id: original_id for original_id, by_lang in translations.items()
                          for t in by_lang.values()}
        for n, exp_id in enumerate(library_search().search(query)):  # a match in a translation finds its entry
            ranked.setdefault(of_translation.get(exp_id, exp_id), n)
        rows = sorted((r for r in rows if r.id in ranked), key=lambda r: ranked[r.id])
    return rows


def facets() -> Facets:
    rows = db.session.scalars(public_rows()).all()

    def values(column: str) -> list[str]:
        return sorted({getattr(r, column) for r in rows if getattr(r, column)}, key=str.lower)

    return Facets(area=[a for a in COMPETENCY_AREAS if a in values("competency_area")],
                  commodity=values("commodity"), country=values("country"), org_type=values("organisation_type"),
                  maturity=[m for m in MATURITY_LEVELS if m in values("maturity")],
                  language=sorted(set(values("language")) | {lang for by_lang in public_translations(
                      [r.id for r in rows]).values() for lang in by_lang} if rows else set()),
                  year=sorted({y for r in rows if (y := year_of(r))}, reverse=True))


def public_entry(exp_id: int) -> LibraryExperience | None:
    """An entry anyone may read, or None (drafts, "jury only" and unpublished entries do not exist here)."""
    return db.session.scalars(public_rows().where(LibraryExperience.id == exp_id)).first()


def citation(row: LibraryExperience, url: str, show_names: bool, contact: str) -> str:
    """How to cite an entry; a person is named only with consent."""
    who = row.organisation or "—"
    if show_names and contact.strip():
        who = f"{contact.strip()}, {who}"
    year = row.published_at.year if row.published_at else ""
    return (f"{who} ({year}). {row.title}. Field School of Producer Development, experience library, "
            f"version {row.version}. {url}")
