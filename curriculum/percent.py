"""How a score is shown to people: one display rule for every channel (display only; stored and sent scores keep
their precision).

A score fraction (0-1) is shown as a percent with at most one decimal ("66.7", "67.5", "100"), rounded to the
nearest tenth, except where that would mislead:

- a pass mark is shown exactly when it has at most one decimal, otherwise rounded *up* (66.67 % reads "66.7");
- a score below the pass mark (by :func:`curriculum.scoring.score_reaches`) never shows as equal to or above the
  shown pass mark, and a score that reaches it never shows below it (a learner at 67.46 % with a 67.5 % mark reads
  "67.4", not "67.5");
- a score short of full marks never shows as "100", and a score above nothing never shows as "0" (the pass mark
  rule comes first).

The decimal mark follows the language the page is written in ("66,7" in Spanish). The SCORM package's offline page
mirrors this rule in ``scorm_export/static/runtime.js`` (``FieldSchoolRuntime.percentText``); the parity test in
``tests/scorm_export/test_offline_grading.py`` keeps the two together.

The arithmetic works in tenths of a percent on plain floats (multiply, add, floor), so that Python and JavaScript,
which share IEEE doubles, land on the same integer.
"""

from __future__ import annotations

import math
from functools import lru_cache

from babel.core import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol

from .scoring import PASS_TOLERANCE, score_reaches

_SNAP = 1e-6  # tenths of a percent: 0.675 * 1000 is 675.0000000000001 in floats; it means 675


def _tenths(fraction: float) -> float:
    """``fraction`` in tenths of a percent, snapped to a whole number when float error is all that separates them."""
    value = fraction * 1000
    whole = math.floor(value + 0.5)
    return float(whole) if abs(value - whole) < _SNAP else value


def pass_mark_tenths(pass_mark: float) -> int:
    """The pass mark as shown, in tenths of a percent: exact, or rounded up."""
    return math.ceil(_tenths(pass_mark))


def percent_tenths(fraction: float, pass_mark: float | None = None) -> int:
    """A score as shown, in tenths of a percent (see the module's rule)."""
    shown = math.floor(_tenths(fraction) + 0.5)
    if not score_reaches(fraction, 1):
        shown = min(shown, 999)
    if fraction > PASS_TOLERANCE:
        shown = max(shown, 1)
    if pass_mark is not None:
        mark = pass_mark_tenths(pass_mark)
        shown = max(shown, mark) if score_reaches(fraction, pass_mark) else min(shown, mark - 1)
    return shown


# The decimal marks of the languages the curriculum ships in (curriculum.terms.LANGUAGES), as Babel's CLDR data gives
# them: asking Babel loads the language's whole locale data, a cost every fresh process (an export, a worker) pays
# once per language for one character. tests/curriculum/test_percent.py checks this table against Babel for every
# supported language; other languages and regional variants ("pt-BR") ask Babel.
DECIMAL_MARKS: dict[str, str] = {"en": ".", "es": ",", "fr": ",", "pt": ","}


@lru_cache(maxsize=64)
def decimal_mark(language: str | None) -> str:
    """The decimal mark of ``language`` ("." for English, "," for Spanish); "." when unknown or not given."""
    if not language:
        return "."
    known = DECIMAL_MARKS.get(language)
    if known is not None:
        return known
    try:
        return get_decimal_symbol(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return "."


def _text(tenths: int, language: str | None) -> str:
    whole, tenth = divmod(abs(tenths), 10)
    sign = "-" if tenths < 0 else ""
    return f"{sign}{whole}{decimal_mark(language) + str(tenth) if tenth else ''}"


def format_percent(fraction: float, pass_mark: float | None = None, language: str | None = None) -> str:
    """A score (0-1) as the percent people read, without the sign: "66.7". Give the pass mark it is read against,
    if any, so the two never mislead side by side."""
    return _text(percent_tenths(fraction, pass_mark), language)


def format_pass_mark(pass_mark: float, language: str | None = None) -> str:
    """A pass mark (0-1) as the percent people read, without the sign: exact, or rounded up ("66.7" for 0.6667)."""
    return _text(pass_mark_tenths(pass_mark), language)


def plural_count(number: float, language: str | None) -> int:
    """The whole number to give ``ngettext`` for ``number`` (gettext's plural rules take whole numbers only): the
    number itself when it is whole, else 1 where CLDR puts it in the singular ("1,5 point" in French and Portuguese)
    and 2 elsewhere ("1.5 points"). The number shown beside it is formatted separately, in the same language."""
    if float(number).is_integer():
        return int(number)
    try:
        category = Locale.parse((language or "en").replace("-", "_")).plural_form(abs(number))
    except (UnknownLocaleError, ValueError, TypeError):
        category = "other"
    return 1 if category == "one" else 2
