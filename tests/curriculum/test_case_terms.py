"""The interface terms the channels share have one source, curriculum/terms.py; the LTI tool's Flask-Babel
catalogue, the blocks' catalogues and the SCORM strings must hold exactly the core's translations (run
``make translations`` and ``python -m xblocks.update_translations`` after changing a term)."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from curriculum.terms import LANGUAGES, TERMS, TRANSLATIONS, catalogue, term, terms
from scorm_export.strings import ui_strings

REPO = Path(__file__).parents[2]
LTI = REPO / "lti_tool" / "translations"
XBLOCKS = REPO / "xblocks" / "translations"
ORGANISATIONS = REPO / "lti_tool" / "organisations" / "translations"
TRANSLATED = [language for language in LANGUAGES if language != "en"]


def test_every_term_is_translated_into_every_language():
    assert set(TRANSLATIONS) == set(TRANSLATED)
    for language in TRANSLATED:
        assert set(TRANSLATIONS[language]) == set(TERMS), language
        assert all(text.strip() for text in TRANSLATIONS[language].values())
    assert len(set(TERMS.values())) == len(TERMS)  # one msgid per term
    assert term("youth", "pt_BR") == "Jovens" and term("youth", "de") == "Young people"


def _po(folder: Path, language: str, domain: str):
    with (folder / language / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
        return read_po(handle, locale=language, domain=domain)


def _mo(folder: Path, language: str, domain: str) -> gettext.GNUTranslations:
    with (folder / language / "LC_MESSAGES" / f"{domain}.mo").open("rb") as handle:
        return gettext.GNUTranslations(handle)


@pytest.mark.parametrize(("channel", "folder", "domain"), [("lti", LTI, "messages"), ("xblocks", XBLOCKS, "text")])
@pytest.mark.parametrize("language", TRANSLATED)
def test_the_channel_catalogues_hold_the_core_translations(channel, folder, domain, language):
    po, mo = _po(folder, language, domain), _mo(folder, language, domain)
    for msgid, text in catalogue(language).items():
        entry = po.get(msgid)
        assert entry is not None, f"{channel}/{language}: {msgid!r} missing"
        assert (entry.string, entry.fuzzy) == (text, False), f"{channel}/{language}: {msgid!r}"
        assert mo.gettext(msgid) == text, f"{channel}/{language}: {msgid!r} (compile the catalogue)"
    # one entry per msgid: an update must not have added a second (obsolete entries are prefixed #~)
    source = (folder / language / "LC_MESSAGES" / f"{domain}.po").read_text(encoding="utf-8")
    for msgid in TERMS.values():
        assert len(re.findall(rf'^msgid "{re.escape(msgid)}"$', source, re.M)) == 1, (channel, language, msgid)


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_organisations_catalogue_merged_into_the_tools_agrees_where_it_has_a_term(language):
    # Flask-Babel merges lti_tool/organisations/translations with the tool's catalogue: its entry would win
    po, mo = _po(ORGANISATIONS, language, "messages"), _mo(ORGANISATIONS, language, "messages")
    for msgid, text in catalogue(language).items():
        if po.get(msgid) is not None:
            assert po.get(msgid).string == text == mo.gettext(msgid), (language, msgid)


def test_the_lti_template_catalogue_extracts_the_core_terms():
    template = (LTI / "messages.pot").read_text(encoding="utf-8")
    for msgid in TERMS.values():
        assert f'msgid "{msgid}"' in template, msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_scorm_strings_are_the_core_terms(language):
    strings = ui_strings(language)
    assert {key: strings[key] for key in TERMS} == terms(language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_printed_facts_and_labels_are_the_core_terms(language):
    from curriculum.printing.strings import SHARED_TERMS, strings

    assert {key: strings(language)[key] for key in SHARED_TERMS} == {key: term(key, language) for key in SHARED_TERMS}
