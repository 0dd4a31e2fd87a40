"""The package grades offline in JavaScript; it must agree with the curriculum's own rules (curriculum.scoring)."""

from __future__ import annotations

import random

import pytest

from curriculum.scoring import grade_attempt

CHOICES = {
    "q1": [None, "a", "b", "c"],
    "q2": [[], ["a"], ["a", "b"], ["a", "c"], ["a", "b", "c"], ["c"], ["b", "a"]],
    "q3": [None, "true", "false"],
    "q4": [None, "25", "25,4", "24.5", "25.6", "26", " 25 ", "25%", "abc", "1,000.5", "-25", "2,5e1"],
    "q5": [None, "eje", "Eje", "EL EJE", "  el   eje ", "¿Eje?", "éje", "axis", "ejes", "el-eje"],
}


def _cases(count: int = 80) -> list[dict]:
    rng = random.Random(20261129)
    cases = [{q: values[i % len(values)] for q, values in CHOICES.items()} for i in range(12)]
    while len(cases) < count:
        cases.append({q: rng.choice(values) for q, values in CHOICES.items()})
    return [{q: v for q, v in case.items() if v is not None} for case in cases]


@pytest.mark.parametrize("language", ["en", "es"])
def test_javascript_grading_matches_the_curriculum_rules(page, site, fixture_course, language):
    page.goto((site["root"] / "pkg" / f"1.2-{language}" / "sample" / "index.html").as_uri())
    page.locator("#fs-status[data-kind]").wait_for()
    assessment = fixture_course.find_item("sample.assessment", language)
    cases = _cases()
    graded = page.evaluate(
        "cases => cases.map(c => FieldSchoolSCO.grade(FieldSchoolSCO.parts.assessment, c))", cases)
    for responses, js in zip(cases, graded, strict=True):
        expected = grade_attempt(assessment, responses)
        assert js["points"] == pytest.approx(expected.points), responses
        assert js["score"] == pytest.approx(expected.score), responses
        assert js["passed"] == expected.passed, responses
        for js_q, py_q in zip(js["questions"], expected.questions, strict=True):
            assert (js_q["answered"], js_q["correct"]) == (py_q.answered, py_q.correct), (responses, py_q)
            assert js_q["points"] == pytest.approx(py_q.points), (responses, py_q)
