"""Every shipped module has a facilitator's guide (en, es) and a one-page summary of its case (en, es, and every
language of the modules taught in four languages), and each reads as the validator demands."""

from __future__ import annotations

import pytest

from curriculum.companions import SUMMARY_MAX_GRADE, case_text
from curriculum.loader import default_course
from curriculum.model import CaseStudy
from curriculum.readability import reading_grade

COURSE = default_course()
FOUR_LANGUAGE_MODULES = ("experiences", "capstone")


@pytest.mark.parametrize("module", COURSE.modules, ids=lambda m: m.id)
def test_every_module_has_a_guide_and_a_summary(module):
    assert {"en", "es"} <= set(module.guides)
    wanted = set(module.languages) if module.id in FOUR_LANGUAGE_MODULES else {"en", "es"}
    assert wanted <= set(module.summaries)


@pytest.mark.parametrize("module", COURSE.modules, ids=lambda m: m.id)
def test_each_guide_plans_three_to_four_hours_with_the_peer_exercise_on_paper(module):
    for guide in module.guides.values():
        assert 180 <= guide.planned_minutes == guide.session_minutes <= 240
        assert guide.section("peer-exercise-offline") and guide.section("low-literacy")
        assert len(guide.questions) >= 3 and guide.materials


@pytest.mark.parametrize("module", COURSE.modules, ids=lambda m: m.id)
def test_each_summary_reads_at_grade_seven_and_quotes_its_case(module):
    for language, summary in module.summaries.items():
        assert reading_grade(summary.plain_text, language) <= SUMMARY_MAX_GRADE
        case = module.item(summary.case_id, language)
        assert isinstance(case, CaseStudy) and case.language == language
        text = case_text(case)
        for figure in summary.figures:
            assert all(part in text for part in figure.value.replace("%", " ").replace("→", " ").split())
        assert len(summary.figures) == len(summary.lessons) == 3
