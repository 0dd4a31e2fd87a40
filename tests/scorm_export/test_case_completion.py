"""The package decides in JavaScript when a case study is complete; it must agree with the core's rule
(curriculum.case_page.is_complete) for every mix of answers, and the page must carry the rule and ids the core gives."""

from __future__ import annotations

import itertools

import pytest

from curriculum.case_page import CASE_COMPLETION, CompletionRule, is_complete, question_ids

VALUES = [None, "", "   ", "\n", "An answer", " x "]


def _scenarios(ids: list[str]) -> list[dict[str, str]]:
    scenarios = []
    for combo in itertools.product(VALUES, repeat=len(ids)):
        scenarios.append({qid: v for qid, v in zip(ids, combo, strict=True) if v is not None})
    return scenarios


@pytest.mark.parametrize("rule", list(CompletionRule))
def test_javascript_case_completion_matches_the_core_rule(page, site, fixture_course, rule):
    page.goto((site["root"] / "pkg" / "1.2-en" / "sample" / "index.html").as_uri())
    page.locator("#fs-status[data-kind]").wait_for()
    case = fixture_course.find_item("sample.case", "en")
    part = page.evaluate("() => FieldSchoolSCO.parts.case")
    assert part["completion"] == CASE_COMPLETION.value
    assert part["questions"] == list(question_ids(case))
    scenarios = [(answers, marked) for answers in _scenarios(part["questions"]) for marked in (False, True)]
    # the same case data without questions: the rule falls back to the button
    no_questions = [({}, False), ({}, True)]
    js = page.evaluate(
        """args => args.scenarios.map(s => FieldSchoolSCO.caseComplete(
               Object.assign({}, FieldSchoolSCO.parts.case, {completion: args.rule}), s[0], s[1]))
             .concat(args.bare.map(s => FieldSchoolSCO.caseComplete(
               Object.assign({}, FieldSchoolSCO.parts.case, {completion: args.rule, questions: []}), s[0], s[1])))""",
        {"scenarios": scenarios, "bare": no_questions, "rule": rule.value})
    bare_case = _without_questions(case)
    expected = ([is_complete(case, answers, marked, rule) for answers, marked in scenarios]
                + [is_complete(bare_case, answers, marked, rule) for answers, marked in no_questions])
    assert js == expected
    assert True in expected and False in expected  # the table has both outcomes


def _without_questions(case):
    import dataclasses

    return dataclasses.replace(case, discussion={})
