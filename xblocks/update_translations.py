"""Keeping the interface catalogues in step with the code: extract, update the .po files, compile the .mo files.

Run ``python -m xblocks.update_translations`` after changing interface strings, translate the new entries in
``translations/<lang>/LC_MESSAGES/text.po``, and run it again to compile. The interface terms the channels share
(``curriculum/terms.py``) are written with the core's translations; do not translate them here.
Needs Babel and Django (the test extras).
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from curriculum.terms import fill_catalog

from .i18n import DOMAIN, LANGUAGES, LOCALE_DIR

PACKAGE = Path(__file__).parent
KEYWORDS = {"_": None, "_t": None, "gettext": None, "ngettext": (1, 2), "N_": None}
# The core's texts for learners and authors (marked with curriculum.messages.N_) that the blocks show.
CORE = PACKAGE.parent / "curriculum"


def _extract(source: str, filename: str, catalog: Catalog) -> None:
    for lineno, _func, message, _comments in extract_python(io.BytesIO(source.encode()), KEYWORDS, [], {}):
        if isinstance(message, tuple):  # ngettext(singular, plural, n): the count is no string to translate
            message = message[:2] if all(isinstance(m, str) for m in message[:2]) else None
        if message:  # calls with a variable instead of a literal are not strings to translate
            catalog.add(message, locations=[(filename, lineno)])


def extract() -> Catalog:
    """Every interface string in the blocks' Python code and templates."""
    from django.utils.translation.template import templatize

    catalog = Catalog(domain=DOMAIN, project="fieldschool-xblocks")
    for path in sorted(PACKAGE.glob("*.py")):
        _extract(path.read_text(encoding="utf-8"), path.name, catalog)
    for path in sorted(CORE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "N_(" in source:
            _extract(source, f"curriculum/{path.relative_to(CORE)}", catalog)
    for path in sorted((PACKAGE / "templates").rglob("*.html")):
        _extract(templatize(path.read_text(encoding="utf-8"), origin=str(path)), f"templates/{path.name}", catalog)
    return catalog


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(language: str) -> Catalog:
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def update() -> None:
    """Merge newly extracted strings into each language's .po and compile every .mo."""
    template = extract()
    for language in LANGUAGES:
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            catalog = read_catalogue(language)
            catalog.update(template, no_fuzzy_matching=True)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN, project="fieldschool-xblocks")
            catalog.update(template, no_fuzzy_matching=True)
        if language != "en":  # the interface terms the channels share: the core's translations (curriculum/terms.py)
            fill_catalog(catalog, language)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=120, omit_header=False, ignore_obsolete=True)
        path.with_suffix(".mo").write_bytes(compiled(catalog))


if __name__ == "__main__":
    import django
    from django.conf import settings

    settings.configure()
    django.setup()
    update()
