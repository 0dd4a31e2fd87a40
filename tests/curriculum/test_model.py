"""The loaded model: items, language variants and fall-backs, as channels read them."""

from __future__ import annotations

from curriculum.loader import default_course
from curriculum.model import CaseStudy, ItemType
from tests.curriculum.conftest import GOOD


def test_modules_items_and_languages(sample_course):
    module = sample_course.module("sample")
    assert module.item_ids == ("sample.case", "sample.exercise", "sample.assessment")
    assert module.languages == ("en", "es")
    assert sample_course.source_language == "en"
    assert sample_course.titles["es"] == "Curso de prueba"


def test_language_variants_share_ids_and_fall_back_to_the_source(sample_course):
    es = sample_course.find_item("sample.case", "es")
    en = sample_course.find_item("sample.case", "en")
    fr = sample_course.find_item("sample.case", "fr")
    assert es.title == "Un caso de prueba" and en.title == "A sample case"
    assert fr is en and fr.language == "en"
    assert sample_course.find_item("nothing.here") is None


def test_a_modules_lookups_read_a_locales_language_as_find_item_does(sample_course):
    module = sample_course.module("sample")
    for locale in ("es-419", "es_PE", "ES"):
        assert module.variant(locale).language == "es"
        assert module.item("sample.case", locale) is sample_course.find_item("sample.case", locale)
        assert module.item("sample.case", locale).language == "es"
    shipped = default_course().module("experiences")
    assert shipped.guide("fr-CA") is shipped.guide("fr") and shipped.guide("fr").language == "fr"
    assert shipped.summary("pt-BR") is shipped.summary("pt") and shipped.summary("pt").language == "pt"


def test_case_study_structure(sample_course):
    case = sample_course.find_item("sample.case")
    assert isinstance(case, CaseStudy) and case.type is ItemType.CASE_STUDY
    assert case.facts.members == 120 and case.facts.certifications == ("Fairtrade",)
    assert case.timeline[0].date == "2019-03"  # dates stay as typed, not parsed
    assert case.indicators[0].after == 80
    assert case.section("context").title == "Context"
    assert case.discussion_questions[0] == ("context", "How is your context different?")
    assert case.framing.central_question.startswith("What made")


def test_rubric_levels_are_sorted_lowest_first(sample_course):
    rubric = sample_course.find_item("sample.exercise").rubric
    assert [lv.points for lv in rubric.criterion("evidence").levels] == [0, 1, 2, 3]
    assert rubric.max_points == 5


def test_assessment_pass_mark_is_a_fraction(sample_course):
    quiz = sample_course.find_item("sample.assessment")
    assert quiz.pass_mark == 0.6 and quiz.attempts == 2 and quiz.max_points == 5


def test_default_course_is_cached_until_a_file_changes(content):
    first = default_course(content.path)
    assert default_course(content.path) is first
    content.edit("00-sample/case-study.en.md", "title: A sample case", "title: A changed case")
    import os
    import time

    later = time.time() + 5
    os.utime(content.path / "00-sample/case-study.en.md", (later, later))
    assert default_course(content.path).find_item("sample.case").title == "A changed case"


def test_the_shipped_content_folder_is_package_data():
    from curriculum.loader import DEFAULT_CONTENT

    assert (DEFAULT_CONTENT / "course.en.md").exists() and GOOD.exists()


def test_a_case_opens_its_discussion_with_its_first_question_in_reading_order(sample_course):
    case = sample_course.find_item("sample.case")
    assert case.opening_question == case.discussion_questions[0][1]
    assert case.opening_question == "How is your context different?"
