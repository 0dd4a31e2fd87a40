"""A translation of an experience: the same facts and figures (numbers in the new language's notation), checked by
the same validator in its language and by the curriculum's cross-language structure check against the original."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from curriculum.experiences.casefile import case_file_name, case_file_text, item_id_for
from curriculum.experiences.model import Experience
from curriculum.experiences.translation import TranslationRefused, inherit, start_translation
from curriculum.experiences.validation import validate_experience

FIXTURE = Path(__file__).parent / "fixtures" / "experiences" / "el-progreso.en.yaml"


def original() -> Experience:
    return Experience.from_dict(yaml.safe_load(FIXTURE.read_text(encoding="utf-8")))


def test_a_translation_starts_with_the_originals_figures_in_its_own_notation():
    source = original()
    spanish = start_translation(source, "es")
    assert spanish.language == "es" and spanish.title == source.title  # the text is there to translate in place
    assert spanish.facts["members"] == "1.120" and spanish.facts["women_percent"] == "31,5"
    assert start_translation(source, "fr").facts["members"] == "1\u202f120"
    assert [i["before"] for i in spanish.indicators] == ["210", "42"]
    assert validate_experience(spanish, original=source) == []


@pytest.mark.parametrize("language, code", [("en", "same-language"), ("de", "language")])
def test_a_translation_into_the_same_or_an_unknown_language_is_refused(language, code):
    with pytest.raises(TranslationRefused) as refused:
        start_translation(original(), language)
    assert refused.value.code == code


def test_changed_figures_dates_or_entries_are_found_by_the_cross_language_check_in_the_translators_language():
    source = original()
    spanish = start_translation(source, "es")
    spanish.facts["members"] = "1.200"
    spanish.timeline[0]["date"] = "2021-11"
    spanish.lessons.append("Otra lección.")
    problems = {p.field: p for p in validate_experience(spanish, original=source)}
    assert set(problems) == {"facts", "timeline", "lessons"}
    assert problems["facts"].message.startswith("El original es distinto aquí")
    assert "en has (1120, 31.5, 12.0), this file has (1200, 31.5, 12.0)" in problems["facts"].detail
    assert problems["timeline"].label == "Cronología"
    # the same experience checked alone (no original) has none of these problems: they are the translation's
    assert validate_experience(spanish) == []


def test_the_translation_is_checked_in_its_own_notation():
    source = original()
    spanish = start_translation(source, "es")
    spanish.facts["women_percent"] = "31.5"  # English notation in a Spanish text: not a number here
    fields = {p.field for p in validate_experience(spanish, original=source)}
    assert "facts.women_percent" in fields


def test_consent_licence_and_organisation_always_come_from_the_original():
    source = original()
    source.licence, source.consent_publish = "jury-only", True
    spanish = start_translation(source, "es")
    spanish.licence, spanish.consent_publish, spanish.show_names, spanish.organisation = \
        "CC-BY-SA-4.0", True, True, "Otra"
    kept = inherit(spanish, source, "es")
    assert (kept.licence, kept.show_names, kept.organisation, kept.language) == \
        ("jury-only", False, source.organisation, "es")
    assert kept.jury_only and not kept.publishable  # a translation of a jury-only entry is jury-only


def test_original_and_translation_files_are_two_variants_of_one_item():
    source = original()
    spanish = start_translation(source, "es")
    item_id = item_id_for("exp-7")
    assert case_file_name(item_id, "es") == "exp-7.es.md"
    text = case_file_text(spanish, item_id)
    assert f"id: {item_id}" in text and "members: 1120" in text and "women_percent: 31.5" in text
