"""The shipped Field School curriculum is complete: every module, language and item meets the learning design."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from curriculum.loader import DEFAULT_CONTENT, check_course
from curriculum.model import CASE_SECTIONS, LICENCE, QuestionType

MODULE_FOLDERS = sorted(p for p in DEFAULT_CONTENT.iterdir() if p.is_dir() and (p / "module.en.md").exists())
REQUIRED_LANGUAGES = {"en", "es"}
ALL_LANGUAGE_MODULES = {"experiences", "capstone", "visits"}  # also in French and Portuguese


def words(text: str) -> int:
    return len(re.findall(r"\w+(?:['’-]\w+)*", text))


def number_forms(value: float) -> set[str]:
    """The ways a number may be written in English, Spanish, French or Portuguese text."""
    if float(value).is_integer():
        whole = int(value)
        plain = str(whole)
        grouped = f"{whole:,}"
        return {plain, grouped, *(grouped.replace(",", sep) for sep in (".", " ", "\u00a0", "\u202f"))}
    text = f"{value:g}"
    return {text, text.replace(".", ",")}


def mentions(text: str, value: float) -> bool:
    return any(re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", text) for form in number_forms(value))


@pytest.fixture(scope="module")
def loaded():
    return check_course(DEFAULT_CONTENT)


@pytest.fixture(scope="module")
def course(loaded):
    course, problems = loaded
    assert not problems, "\n".join(map(str, problems))
    return course


def test_the_whole_curriculum_validates(course):
    assert course.modules


def test_fifteen_modules_in_order_in_english_and_spanish(course):
    assert [m.order for m in course.modules] == list(range(15))
    for module in course.modules:
        assert REQUIRED_LANGUAGES <= set(module.languages), module.id


def test_opening_and_capstone_modules_exist_in_four_languages(course):
    for module_id in ALL_LANGUAGE_MODULES:
        module = course.module(module_id)
        assert module is not None
        assert set(module.languages) >= {"en", "es", "fr", "pt"}
        for item_id in module.item_ids:
            assert set(module.item_languages(item_id)) >= {"en", "es", "fr", "pt"}, item_id


def module_in(loaded, module_folder: Path):
    course, _ = loaded
    assert course is not None
    return next(m for m in course.modules if Path(m.directory).name == module_folder.name)


@pytest.mark.parametrize("folder", MODULE_FOLDERS, ids=lambda p: p.name)
def test_module_is_complete_in_every_language(loaded, folder):
    module = module_in(loaded, folder)
    own = [p for p in loaded[1] if Path(p.file).parent.name == folder.name]
    assert not own, "\n".join(map(str, own))
    assert REQUIRED_LANGUAGES <= set(module.languages)
    assert 2 <= len(module.frameworks) <= 5
    assert [i.split(".")[1] for i in module.item_ids] == ["case", "exercise", "assessment"]
    for lang, variant in module.variants.items():
        assert 3 <= len(variant.objectives) <= 5, (module.id, lang)
        assert words(variant.introduction) >= 20, (module.id, lang, "module introduction")
        for item_id in module.item_ids:
            assert lang in module.items[item_id], f"{item_id} has no {lang} variant"
            assert module.items[item_id][lang].licence == LICENCE


@pytest.mark.parametrize("folder", MODULE_FOLDERS, ids=lambda p: p.name)
def test_case_study_follows_the_systematisation_design(loaded, folder):
    module = module_in(loaded, folder)
    for lang, case in module.items[f"{module.id}.case"].items():
        where = f"{case.source}"
        assert case.framing is not None, where
        assert case.composite_note, f"{where}: say that the case is an illustrative composite"
        if lang == "en":
            assert "composite" in case.composite_note.lower(), where
        assert words(case.summary) <= 150, where
        assert [s.key for s in case.sections] == list(CASE_SECTIONS), where
        for section in case.sections:
            assert words(section.markdown) >= 60, f"{where}: section '{section.key}' is too thin"
        body_words = sum(words(s.markdown) for s in case.sections)
        assert 1500 <= body_words <= 2500, f"{where}: {body_words} words in the eight sections"
        assert 4 <= len(case.timeline) <= 7, where
        for phase in case.timeline:
            assert phase.method and phase.resources and phase.who, f"{where}: timeline phase {phase.date} incomplete"
        assert 4 <= len(case.indicators) <= 6, where
        assert 3 <= len(case.lessons) <= 5, where
        assert 2 <= len(case.recommendations) <= 5, where
        assert case.opening_prompt and case.closing_prompt, where
        assert len(case.discussion) >= 4 and 6 <= len(case.discussion_questions) <= 10, where
        facts = case.facts
        assert facts.women_percent is not None and facts.youth_percent is not None, where
        assert facts.certifications and facts.period and facts.maturity, where
        body = "\n".join(s.markdown for s in case.sections)
        assert mentions(body, facts.members), f"{where}: the body never states the {facts.members} members"
        results = case.section("results").markdown
        for indicator in case.indicators:
            for value in (indicator.before, indicator.after):
                assert mentions(results, value), f"{where}: results section never states {value} ({indicator.name})"


@pytest.mark.parametrize("folder", MODULE_FOLDERS, ids=lambda p: p.name)
def test_peer_exercise_has_a_full_rubric_a_worked_example_and_an_action_plan(loaded, folder):
    module = module_in(loaded, folder)
    for _lang, exercise in module.items[f"{module.id}.exercise"].items():
        where = exercise.source
        assert exercise.peer_reviews >= 1 and exercise.self_assessment, where
        assert 3 <= len(exercise.rubric.criteria) <= 5, where
        for criterion in exercise.rubric.criteria:
            assert len(criterion.levels) == 4, f"{where}: {criterion.id}"
            for level in criterion.levels:
                assert words(level.descriptor) >= 4, f"{where}: {criterion.id} level {level.label} descriptor is thin"
        for key in ("prompt", "instructions", "example", "action-plan"):
            section = exercise.section(key)
            assert section is not None and words(section.markdown) >= 30, f"{where}: section '{key}'"


@pytest.mark.parametrize("folder", MODULE_FOLDERS, ids=lambda p: p.name)
def test_assessment_has_ten_to_twelve_questions_with_feedback_everywhere(loaded, folder):
    module = module_in(loaded, folder)
    for _lang, assessment in module.items[f"{module.id}.assessment"].items():
        where = assessment.source
        assert 10 <= len(assessment.questions) <= 12, where
        assert assessment.pass_mark == pytest.approx(0.7) and assessment.attempts >= 1, where
        types = {q.type for q in assessment.questions}
        assert QuestionType.TRUE_FALSE in types and QuestionType.NUMERIC in types, where
        for q in assessment.questions:
            assert words(q.explanation) >= 5, f"{where}: {q.id} explanation"
            if q.options:
                for option in q.options:
                    assert words(option.feedback) >= 3, f"{where}: {q.id} option {option.id} feedback"
            elif q.type is QuestionType.TRUE_FALSE:
                assert q.feedback_true and q.feedback_false, f"{where}: {q.id}"
            else:
                assert q.feedback_correct and q.feedback_incorrect, f"{where}: {q.id}"


@pytest.mark.parametrize("folder", MODULE_FOLDERS, ids=lambda p: p.name)
def test_the_right_answer_is_not_given_away_by_its_length_or_place(loaded, folder):
    module = module_in(loaded, folder)
    for _lang, assessment in module.items[f"{module.id}.assessment"].items():
        single = [q for q in assessment.questions if q.type is QuestionType.SINGLE_CHOICE and len(q.options) > 2]
        if len(single) < 4:
            continue
        longest = sum(max(q.options, key=lambda o: len(o.text)).correct for q in single)
        first = sum(q.options[0].correct for q in single)
        assert longest <= 0.7 * len(single), f"{assessment.source}: the right answer is the longest in {longest}"
        assert first <= 0.6 * len(single), f"{assessment.source}: the right answer comes first in {first}"
