"""An experience in another language: the same facts, figures and consent, the text in the translation's language.

A translation starts from its original (numbers rewritten in the new language's notation, the text to translate in
place) and is checked by the same validator in its own language, plus the curriculum's cross-language structure check
(:func:`curriculum.consistency.variant_differences`) against the original, so original and translation can be
exported together as two language variants of one case study.
"""

from __future__ import annotations

from ..consistency import variant_differences
from ..model import Course
from ..problems import Problem
from .model import FACT_FIELDS, LANGUAGES, Experience
from .notation import NotANumber, format_number, parse_number

# What a translation takes from its original and never changes: who the organisation is, what it consented to.
INHERITED: tuple[str, ...] = ("organisation", "contact", "competency_area", "licence", "consent_publish", "show_names")
NUMERIC_FACTS: tuple[str, ...] = ("members", "women_percent", "youth_percent")


class TranslationRefused(ValueError):
    """A translation that cannot be made; ``code`` says why (``language``, ``same-language``, ``exists``,
    ``not-original``, ``role``, ``status``) for a channel to say it in the reader's language."""

    def __init__(self, message: str, code: str = "language") -> None:
        super().__init__(message)
        self.code = code


def _renotate(text: str, source: str, target: str) -> str:
    """A number written in ``source``'s notation rewritten in ``target``'s; anything else as it was."""
    try:
        return format_number(parse_number(str(text), source), target)
    except NotANumber:
        return str(text)


def start_translation(original: Experience, language: str) -> Experience:
    """The first draft of a translation: the original with its numbers in ``language``'s notation.

    The text stays as the original wrote it, in place, for the translator to replace section by section.
    """
    if language not in LANGUAGES:
        raise TranslationRefused(f"translate into one of {', '.join(LANGUAGES)}")
    if language == original.language:
        raise TranslationRefused(f"the original is already in {language}", "same-language")
    source = original.language
    data = original.to_dict()
    data["language"] = language
    data["facts"] = {key: (_renotate(value, source, language) if key in NUMERIC_FACTS else value)
                     for key, value in original.facts.items() if key in FACT_FIELDS}
    data["indicators"] = [{**ind, **{k: _renotate(ind[k], source, language) for k in ("before", "after")
                                     if str(ind.get(k, "")).strip()}} for ind in original.indicators]
    return Experience.from_dict(data)


def inherit(translation: Experience, original: Experience, language: str) -> Experience:
    """``translation`` with its language fixed and what it inherits taken from the original again."""
    data = translation.to_dict() | {key: getattr(original, key) for key in INHERITED} | {"language": language}
    return Experience.from_dict(data)


def structure_problems(original: Experience, translation: Experience, course: Course | None = None,
                       slug: str = "experience") -> list[Problem]:
    """Where the translation's case study differs from the original's in what every language variant shares
    (facts and figures, section keys, timeline dates, indicator values, numbers of lessons…), as the curriculum's
    cross-language check says it; empty when either does not build yet (the validator then names the problems)."""
    from .validation import check_experience

    source_case, source_problems, _ = check_experience(original, slug=slug, course=course)
    case, _problems, _ = check_experience(translation, slug=slug, course=course)
    if source_case is None or case is None:
        return []
    return variant_differences(source_case, case, original.language)
