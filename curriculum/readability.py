"""Reading grade of plain-language text, per language: the one-page summaries must read at grade 7 or lower.

One small formula per language, on word, sentence and syllable counts (syllables from Pyphen's hyphenation
dictionaries, which every language of the curriculum has):

- English: Flesch–Kincaid grade = 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
- Spanish: Fernández-Huerta ease = 206.84 − 60 × syllables per word − 1.02 × words per sentence.
- French: Kandel & Moles ease = 207 − 73.6 × syllables per word − 1.015 × words per sentence.
- Portuguese: Flesch adapted by Martins et al. (1996) = 248.835 − 84.6 × syllables per word − 1.015 × words per
  sentence.

An ease score becomes a school grade with the formula's own table, interpolated: Flesch's table for Spanish and
French (90 → grade 5, 80 → 6, 70 → 7, 60 → 8: grade = 14 − ease / 10), Martins et al.'s for Portuguese
(75 → grade 4, 50 → grade 8: grade = 16 − 0.16 × ease). Hyphenation points slightly undercount syllables.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"[.!?…]+(?:\s|$)|\n\s*\n|\n\s*[-*] ")
_MARKDOWN = re.compile(r"[*_`#>\[\]()]")
# Ease formulas: language -> (base, per syllable per word, per word per sentence, grade at ease 0, grades per
# point of ease). Flesch's table for es and fr; Martins et al.'s own table for pt (75 → grade 4, 50 → grade 8).
EASE_FORMULAS: dict[str, tuple[float, float, float, float, float]] = {
    "es": (206.84, 60.0, 1.02, 14.0, 0.1),  # Fernández-Huerta (1959)
    "fr": (207.0, 73.6, 1.015, 14.0, 0.1),  # Kandel & Moles (1958)
    "pt": (248.835, 84.6, 1.015, 16.0, 0.16),  # Martins et al. (1996)
}
PYPHEN_LANGUAGES = {"en": "en_GB", "es": "es", "fr": "fr", "pt": "pt_PT"}


@lru_cache(maxsize=8)
def _hyphenator(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=PYPHEN_LANGUAGES.get(language, "en_GB"), left=1, right=1)


def _syllables(word: str, language: str) -> int:
    if word[0].isdigit():
        return 2  # a figure read aloud: "412", "31" — counted as a short word
    return len(_hyphenator(language).positions(word.lower())) + 1


def text_counts(text: str, language: str) -> tuple[int, int, int]:
    """(words, sentences, syllables) of ``text``, Markdown marks ignored."""
    plain = _MARKDOWN.sub(" ", text)
    words = _WORD.findall(plain)
    sentences = max(1, len([s for s in _SENTENCE_END.split(plain) if _WORD.search(s)]))
    return len(words), sentences, sum(_syllables(w, language) for w in words)


def reading_grade(text: str, language: str) -> float:
    """The school grade a reader needs for ``text`` (lower is easier), by the formula for its language."""
    words, sentences, syllables = text_counts(text, language)
    if not words:
        return 0.0
    per_sentence, per_word = words / sentences, syllables / words
    if language in EASE_FORMULAS:
        base, syllable_weight, sentence_weight, grade_at_zero, grade_per_point = EASE_FORMULAS[language]
        ease = base - syllable_weight * per_word - sentence_weight * per_sentence
        return round(grade_at_zero - grade_per_point * ease, 1)
    return round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)
