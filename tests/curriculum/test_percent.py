"""The one display rule for scores (curriculum.percent): at most one decimal, never misleading beside a pass mark."""

from __future__ import annotations

import random

import pytest
from babel.numbers import get_decimal_symbol

from curriculum.percent import (
    DECIMAL_MARKS,
    decimal_mark,
    format_pass_mark,
    format_percent,
    pass_mark_tenths,
    percent_tenths,
)
from curriculum.scoring import score_reaches
from curriculum.terms import LANGUAGES


@pytest.mark.parametrize(("fraction", "pass_mark", "shown"), [
    (2 / 3, None, "66.7"),
    (0.675, None, "67.5"),
    (0.675, 0.675, "67.5"),       # on the mark: shown as the mark
    (0.67499, 0.675, "67.4"),     # a hair below: never "67.5"
    (0.6746, 0.675, "67.4"),
    (0.676, 0.675, "67.6"),
    (2 / 3, 0.6667, "66.6"),      # 66.666…% fails a 66.67 % mark: below the mark as shown ("66.7")
    (4.5 / 6, 0.6667, "75"),
    (0.99995, None, "99.9"),      # short of full marks never reads 100
    (1, None, "100"),
    (0, None, "0"),
    (0.0004, None, "0.1"),        # something never reads 0
    (0.5, None, "50"),
])
def test_scores_show_with_one_decimal_at_most_and_never_across_the_mark(fraction, pass_mark, shown):
    assert format_percent(fraction, pass_mark) == shown


@pytest.mark.parametrize(("pass_mark", "shown"), [(0.675, "67.5"), (0.6667, "66.7"), (0.66641, "66.7"),
                                                   (0.7, "70"), (1, "100"), (0, "0"), (0.5, "50")])
def test_a_pass_mark_shows_exactly_or_rounded_up(pass_mark, shown):
    assert format_pass_mark(pass_mark) == shown


def test_the_decimal_mark_follows_the_page_language():
    assert format_percent(2 / 3, language="es") == "66,7"
    assert format_pass_mark(0.675, "es") == "67,5"
    assert format_percent(2 / 3, language="en") == "66.7"
    assert decimal_mark(None) == decimal_mark("xx-nonsense") == "."


def test_the_table_of_decimal_marks_is_babels_answer_for_every_supported_language():
    # The table only spares a fresh process loading Babel's locale data: it must say what Babel says, for exactly the
    # languages the curriculum ships in.
    assert set(DECIMAL_MARKS) == set(LANGUAGES)
    for language in LANGUAGES:
        assert DECIMAL_MARKS[language] == get_decimal_symbol(language), language
        assert decimal_mark(language) == get_decimal_symbol(language), language


def test_regional_variants_and_other_languages_still_ask_babel():
    assert decimal_mark("pt-BR") == get_decimal_symbol("pt_BR") == ","
    assert decimal_mark("de") == get_decimal_symbol("de") == ","
    assert decimal_mark("en-GB") == "."


def test_no_score_is_shown_on_the_wrong_side_of_its_pass_mark():
    rng = random.Random(7)
    marks = [0.675, 0.6667, 2 / 3, 0.5, 0.7, 0.66641, 0.999, 1.0]
    for _ in range(20000):
        mark = rng.choice(marks)
        score = rng.choice([mark + rng.uniform(-0.002, 0.002), rng.random(), mark])
        score = min(1.0, max(0.0, score))
        shown, needed = percent_tenths(score, mark), pass_mark_tenths(mark)
        assert (shown >= needed) == score_reaches(score, mark), (score, mark)
        assert abs(shown - score * 1000) < 1 + 1e-6, (score, mark)  # never more than a tenth away


@pytest.mark.parametrize(("number", "language", "count"), [
    (2.0, "en", 2), (1.0, "fr", 1), (0, "es", 0), (1.5, "en", 2), (1.5, "fr", 1), (0.25, "pt", 1), (1.5, "es", 2),
    (2.5, "fr", 2), (1.5, "xx-unknown", 2),
])
def test_plural_count_is_the_number_when_whole_else_cldrs_category(number, language, count):
    from curriculum.percent import plural_count

    assert plural_count(number, language) == count
