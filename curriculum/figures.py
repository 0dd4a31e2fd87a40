"""Numbers inside prose: whether a case's text states a figure, as a reader of its language would write it."""

from __future__ import annotations

import re
from functools import lru_cache

from babel import UnknownLocaleError
from babel.numbers import format_decimal


@lru_cache(maxsize=4096)
def _spellings(value: float, language: str) -> tuple[str, ...]:
    """The ways ``value`` is written: the language's notation with and without grouping, and plainly."""
    forms = {f"{value:g}", f"{value:.0f}" if float(value).is_integer() else f"{value:g}"}
    try:
        grouped = format_decimal(value, locale=language)
        forms |= {grouped, format_decimal(value, locale=language, group_separator=False)}
    except (UnknownLocaleError, ValueError):
        pass
    spaced = {f.replace("\u202f", " ").replace("\u00a0", " ") for f in forms}
    return tuple(sorted(forms | spaced, key=len, reverse=True))


def number_in_text(value: float, text: str, language: str) -> bool:
    """Whether ``text`` states ``value`` as a whole number (``3`` is not found inside ``2023`` or ``3.5``)."""
    for form in _spellings(value, language):
        if re.search(rf"(?<![\d.,]){re.escape(form)}(?!\d|[.,]\d)", text):
            return True
    return False
