"""The shipped Field School curriculum is complete: every module, language and item meets the learning design."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from curriculum.loader import DEFAULT_CONTENT, check_course
from curriculum.model import CASE_SECTIONS, LICENCE, QuestionType

MODULE_FOLDERS = sorted(p for p in DEFAULT_CONTENT.iterdir() if p.is_dir() and (p / "module.en.md").exists())
REQUIRED_LANGUAGES = {"en", "es"}
ALL_LANGUAGE_MODULES = {"experiences", "capstone"}  # also in French and Portuguese


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


def test_fourteen_modules_in_order_in_english_and_spanish(course):
    assert [m.order for m in course.modules] == list(range(14))
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


# --- Assessments that measure understanding (issue 17) ---------------------------------------------------------------

def assessments_in(course, lang: str):
    return [m.items[f"{m.id}.assessment"][lang] for m in course.modules if lang in m.items[f"{m.id}.assessment"]]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_true_false_keys_are_mixed(course, lang):
    keys = [q.answer for a in assessments_in(course, lang) for q in a.questions if q.type is QuestionType.TRUE_FALSE]
    assert len(keys) >= 10
    assert 0.3 <= sum(keys) / len(keys) <= 0.7, f"{sum(keys)} of {len(keys)} true/false questions are keyed 'true'"


@pytest.mark.parametrize("lang", ["en", "es", "fr", "pt"])
def test_the_right_option_is_not_the_longest_more_often_than_chance(course, lang):
    """Chance is 1/len(options) per question; allow a margin of two standard errors (at least 8 points)."""
    single = [q for a in assessments_in(course, lang) for q in a.questions if q.type is QuestionType.SINGLE_CHOICE]
    expected = sum(1 / len(q.options) for q in single) / len(single)
    longest = 0
    for q in single:
        lengths = sorted((len(o.text), o.correct) for o in q.options)
        longest += lengths[-1][1] and lengths[-1][0] > lengths[-2][0]
    margin = max(0.08, 2 * (expected * (1 - expected) / len(single)) ** 0.5)
    share = longest / len(single)
    assert share <= expected + margin, f"{lang}: the key is the strictly longest option in {longest} of {len(single)}"


CASE_WORDS = {"en": "case", "es": "caso", "fr": "cas", "pt": "caso"}


@pytest.mark.parametrize("folder", MODULE_FOLDERS, ids=lambda p: p.name)
def test_three_questions_per_assessment_need_the_module_case(loaded, folder):
    module = module_in(loaded, folder)
    for lang, assessment in module.items[f"{module.id}.assessment"].items():
        needing = [q for q in assessment.questions if q.uses_case]
        assert len(needing) >= 3, f"{assessment.source}: only {len(needing)} questions marked uses_case"
        for q in needing:
            assert re.search(rf"\b{CASE_WORDS[lang]}\b", q.prompt, re.IGNORECASE), \
                f"{assessment.source}: {q.id} is marked uses_case but does not point the learner to the case"


def test_wrong_answer_feedback_never_states_the_numeric_answer(course):
    for module in course.modules:
        for assessment in module.items[f"{module.id}.assessment"].values():
            for q in assessment.questions:
                if q.type is QuestionType.NUMERIC and not mentions(q.prompt, q.answer):
                    assert not mentions(q.feedback_incorrect, q.answer), f"{assessment.source}: {q.id}"


# --- Language ---------------------------------------------------------------------------------------------------------

# Unmistakable tú forms (pronouns and verb forms that cannot be usted or third person).
TU_FORMS = re.compile(r"\b(?:tú|tu|tus|te|ti|contigo|tuy[oa]s?|puedes|tienes|crees|sabes|quieres|debes|eres|estás|"
                      r"has|necesitas|vas|leíste|escribiste|entendiste|pensaste|recibas|haz)\b", re.IGNORECASE)


def content_files(lang: str) -> list[Path]:
    return sorted(DEFAULT_CONTENT.rglob(f"*.{lang}.md"))


def test_spanish_uses_usted_throughout():
    found = [f"{p.relative_to(DEFAULT_CONTENT)}:{n}: {m.group(0)}" for p in content_files("es")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
             for m in TU_FORMS.finditer(line)]
    assert not found, "tú forms in Spanish content:\n" + "\n".join(found)


@pytest.mark.parametrize(("lang", "pattern"), [("es", r"\bexitos[ao]s?\b"), ("fr", r"\bexpériences?\s+réussies?\b")])
def test_excellent_experiences_are_never_called_successful(lang, pattern):
    found = [str(p.relative_to(DEFAULT_CONTENT)) for p in content_files(lang)
             if re.search(pattern, p.read_text(encoding="utf-8"), re.IGNORECASE)]
    assert not found, f"say 'excelentes'/'destacadas' ('excellentes'), not {pattern}: {found}"


def test_composite_notes_call_the_details_realistic_not_real(course):
    for module in course.modules:
        case = module.items[f"{module.id}.case"].get("es")
        assert case is not None and not re.search(r"\breales\b", case.composite_note), case.source


# --- Peer exercises ---------------------------------------------------------------------------------------------------

VOICE_WORDS = {"en": "voice note", "es": "nota de voz", "fr": "message vocal", "pt": "mensagem de voz"}
WRITTEN_ESSENTIAL = {"capstone"}  # the capstone's product is a written case for the case library


@pytest.mark.parametrize("folder", MODULE_FOLDERS, ids=lambda p: p.name)
def test_peer_exercise_accepts_a_voice_note_or_a_photo_of_handwritten_work(loaded, folder):
    module = module_in(loaded, folder)
    for lang, exercise in module.items[f"{module.id}.exercise"].items():
        if module.id in WRITTEN_ESSENTIAL:
            assert exercise.response_formats == ("text",), exercise.source
            continue
        assert {"text", "voice-note", "photo"} <= set(exercise.response_formats), exercise.source
        assert VOICE_WORDS[lang] in exercise.section("instructions").markdown.lower(), exercise.source


@pytest.mark.parametrize("folder", MODULE_FOLDERS, ids=lambda p: p.name)
def test_peer_reviews_themselves_are_judged_with_a_review_rubric(loaded, folder):
    module = module_in(loaded, folder)
    for _lang, exercise in module.items[f"{module.id}.exercise"].items():
        assert exercise.review_rubric is not None, exercise.source
        for criterion in exercise.review_rubric.criteria:
            assert [lv.points for lv in criterion.levels] == [0, 1, 2, 3], exercise.source


# --- Cases: maturity and figures ---------------------------------------------------------------------------------

def test_good_practice_only_where_the_case_shows_replication_elsewhere(course):
    ratings = {}
    for module in course.modules:
        case = module.items[f"{module.id}.case"]["en"]
        ratings[module.id] = case.facts.maturity
        if case.facts.maturity in {"good-practice", "institutionalised"}:
            analysis = case.section("analysis").markdown
            assert re.search(r"replicated|same model", analysis), f"{case.source}: rated {case.facts.maturity}"
    assert list(ratings.values()).count("good-practice") <= len(ratings) // 3, ratings


def test_at_least_one_case_tells_a_first_attempt_that_failed(course):
    failed = [m.id for m in course.modules
              if re.search(r"first (?:attempt|try)[^.]*fail", m.items[f"{m.id}.case"]["en"].section("process").markdown,
                           re.IGNORECASE)]
    assert failed


def test_no_two_organisations_share_a_membership_figure(course):
    members = [m.items[f"{m.id}.case"]["en"].facts.members for m in course.modules]
    assert len(members) == len(set(members)), members
