"""The organisation pages' own catalogue: every string in their templates and code is translated into es, fr and
pt, the compiled files match, and the pages follow the launch's language."""

from __future__ import annotations

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from lti_tool.organisations import TRANSLATIONS

PACKAGE = TRANSLATIONS.parent


def strings_in_the_package() -> set[str]:
    found = extract_from_dir(str(PACKAGE), method_map=[("**.py", "python"), ("templates/**.html", "jinja2")],
                             keywords={"_": None, "gettext": None, "t": None})
    return {message for _file, _line, message, _comments, _context in found if isinstance(message, str)}


def test_the_package_uses_only_its_own_gettext_alias_in_python():
    # the tool's main catalogue extracts '_', 'gettext' and 'lazy_gettext' from every .py under lti_tool
    for path in PACKAGE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "gettext as _" not in text and "lazy_gettext" not in text, path.name


@pytest.mark.parametrize("lang", ["es", "fr", "pt"])
def test_every_string_is_translated_and_compiled(lang):
    po = read_po((TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb"))
    mo = read_mo((TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").open("rb"))
    translated = {m.id: m.string for m in po if m.id and m.string}
    missing = strings_in_the_package() - set(translated)
    assert not missing, f"{lang}: untranslated {sorted(missing)[:5]}"
    for message_id, text in translated.items():
        assert mo.get(message_id) is not None and mo.get(message_id).string == text, \
            f"{lang}: messages.mo is stale; run pybabel compile -d lti_tool/organisations/translations"
