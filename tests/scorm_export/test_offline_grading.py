"""The package grades offline in JavaScript; it must agree with the curriculum's own rules (curriculum.scoring)."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import pytest

from curriculum.reveal import answers_revealed
from curriculum.scoring import grade_attempt

CHOICES = {
    "q1": [None, "a", "b", "c"],
    "q2": [[], ["a"], ["a", "b"], ["a", "c"], ["a", "b", "c"], ["c"], ["b", "a"]],
    "q3": [None, "true", "false"],
    "q4": [None, "25", "25,4", "24.5", "25.6", "26", " 25 ", "25%", "abc", "1,000.5", "-25", "2,5e1", "25,000",
           "25.000", "0,025", "1.250,75", "1 250", "2.5.0", "25,", "+25", "25\u00a0%", "1.250.000", "25,0,0"],
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


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_javascript_grading_matches_the_curriculum_rules_at_the_pass_mark(page, site, boundary_course, version):
    # pass mark 66.67 %, q1 worth 2 of 6 points: scores land a hair below, on and above the mark
    page.goto(f"{site['url']}/pkg/{version}-boundary/sample/index.html")
    page.locator("#fs-status[data-kind]").wait_for()
    assessment = boundary_course.find_item("sample.assessment", "en")
    cases = [{"q1": "b", "q2": ["c"], "q3": "true", "q4": "25"},  # 4 of 6: 0.666666…, not passed
             {"q1": "b", "q2": ["a"], "q3": "true", "q4": "25"},  # 4.5 of 6: passed
             {"q1": "b", "q2": ["c"], "q3": "true", "q4": "25", "q5": "eje"}]  # 5 of 6: passed
    graded = page.evaluate(
        "cases => cases.map(c => FieldSchoolSCO.grade(FieldSchoolSCO.parts.assessment, c))", cases)
    verdicts = [grade_attempt(assessment, responses).passed for responses in cases]
    assert verdicts == [False, True, True]
    assert [js["passed"] for js in graded] == verdicts
    reported = page.evaluate("scores => scores.map(s => FieldSchoolRuntime.reachesPassMark(s, 0.6667))",
                             [js["score"] for js in graded])
    assert reported == verdicts  # the runtime's twin of the rule, which decides the LMS's status


GRADE_ALL = "args => args.cases.map(c => FieldSchoolSCO.grade(FieldSchoolSCO.parts[args.key], c))"


def _responses_for(question, rng: random.Random):
    kind = question.type.value
    if kind == "single_choice":
        return rng.choice([None, *[o.id for o in question.options]])
    if kind == "multiple_choice":
        return [o.id for o in question.options if rng.random() < 0.5]
    if kind == "true_false":
        return rng.choice([None, "true", "false"])
    if kind == "numeric":
        answer = float(question.answer)
        near = answer + question.tolerance / 2
        return rng.choice([None, f"{answer:g}", f"{near:g}".replace(".", ","), f"{answer + question.tolerance + 1:g}",
                           "not a number"])
    accepted = list(question.accepted) or ["x"]
    return rng.choice([None, accepted[0], accepted[0].upper() + " ", "something else"])


def test_javascript_grading_matches_on_every_assessment_of_the_shipped_curriculum(page, real_course, tmp_path):
    import io
    import zipfile

    from scorm_export import export_scorm

    if real_course is None:
        pytest.skip("the shipped curriculum has no modules yet")
    rng = random.Random(7)
    checked = 0
    for language in ("en", "es"):
        for module in real_course.modules:
            assessment_id = next((i for i in module.item_ids if i.endswith(".assessment")), None)
            if assessment_id is None:
                continue
            package = export_scorm(real_course, "1.2", "module", module.id, language)[0]
            folder = tmp_path / f"{module.id}-{language}"
            zipfile.ZipFile(io.BytesIO(package.data)).extractall(folder)
            page.goto((folder / module.id / "index.html").as_uri())
            page.locator("#fs-status[data-kind]").wait_for()
            assessment = real_course.find_item(assessment_id, language)
            key = assessment_id.split(".", 1)[1]
            cases = [{q.id: _responses_for(q, rng) for q in assessment.questions} for _ in range(15)]
            cases = [{q: v for q, v in case.items() if v is not None} for case in cases]
            graded = page.evaluate(GRADE_ALL, {"cases": cases, "key": key})
            for responses, js in zip(cases, graded, strict=True):
                expected = grade_attempt(assessment, responses)
                assert js["points"] == pytest.approx(expected.points), (module.id, responses)
                assert js["passed"] == expected.passed, (module.id, responses)
                checked += 1
    assert checked > 0


REVEAL_CASES = json.loads((Path(__file__).parents[1] / "curriculum" / "fixtures" / "reveal_cases.json").read_text())


def test_javascript_reveals_explanations_exactly_when_the_curriculum_rule_does(page, site, fixture_course):
    """The SCO's twin of curriculum.reveal.answers_revealed, on the shared scenario table (a package has no due
    date, so the table's closed cases are the core's and the other channels' alone)."""
    page.goto((site["root"] / "pkg" / "1.2-en" / "sample" / "index.html").as_uri())
    page.locator("#fs-status[data-kind]").wait_for()
    cases = [c for c in REVEAL_CASES if not c["closed"]]
    revealed = page.evaluate("cases => cases.map(c => FieldSchoolSCO.revealAnswers({attempts: c.attempts}, c.used))",
                             cases)
    assessment = fixture_course.find_item("sample.assessment", "en")
    for case, js in zip(cases, revealed, strict=True):
        expected = answers_revealed(dataclasses.replace(assessment, attempts=case["attempts"]), case["used"])
        assert js is expected is case["revealed"], case["why"]


def test_a_passed_attempt_with_one_left_shows_feedback_but_not_the_explanations(page, site):
    page.goto((site["root"] / "pkg" / "1.2-en" / "sample" / "index.html").as_uri())
    page.locator("#fs-status[data-kind]").wait_for()
    page.locator('nav a[data-nav="assessment"]').click()
    form = page.locator('[data-assessment="assessment"]')

    def answer_all_right_and_submit():
        form.locator('input[name="assessment-q1"][value="b"]').check()
        for option in ("a", "b"):
            form.locator(f'input[name="assessment-q2"][value="{option}"]').check()
        form.locator('input[name="assessment-q3"][value="true"]').check()
        form.locator('input[name="assessment-q4"]').fill("25")
        form.locator('input[name="assessment-q5"]').fill("eje")
        page.locator('[data-submit="assessment"]').click()
        page.locator('[data-result="assessment"] .verdict').wait_for()

    answer_all_right_and_submit()  # attempt 1 of 2, passed
    feedback = form.locator("[data-feedback]")
    assert "Right, the actors own it." in feedback.all_inner_texts()[0]
    assert form.locator(".explanation").count() == 0

    page.locator('[data-retry="assessment"]').click()
    answer_all_right_and_submit()  # attempt 2 of 2: nothing follows
    assert form.locator(".explanation").count() == 5
