"""Interface strings in the learner's language, from the catalogues shipped in ``xblocks/translations``.

Open edX expects a third-party block to carry its own ``translations/<lang>/LC_MESSAGES/text.mo``; the same
catalogue serves Python code (``gettext``) and the templates' ``{% trans %}`` tags.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from curriculum.languages import short_language
from curriculum.terms import LANGUAGES as LANGUAGES  # the interface languages every channel ships, one list

DOMAIN = "text"
LOCALE_DIR = Path(__file__).parent / "translations"


def active_language() -> str:
    """The learner's interface language as Django has activated it (the LMS does so per user)."""
    from django.utils import translation

    return short_language(translation.get_language()) or "en"


@lru_cache(maxsize=16)
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue for ``language`` (English text when there is none)."""
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[short_language(language)],
                               fallback=True)
