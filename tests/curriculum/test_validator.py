"""Every validator error names the file and the line, and says what to fix; all problems come at once."""

from __future__ import annotations

import pytest

CASE = "00-sample/case-study.en.md"
CASE_ES = "00-sample/case-study.es.md"
EXERCISE_ES = "00-sample/peer-exercise.es.md"
EXERCISE = "00-sample/peer-exercise.en.md"
QUIZ = "00-sample/assessment.en.md"
QUIZ_ES = "00-sample/assessment.es.md"
MODULE = "00-sample/module.en.md"

# (file, text to replace, replacement, expected message fragment, text on the line the problem must point at)
CASES = [
    ("missing field", CASE, "title: A sample case\n", "", "missing field 'title'", "id: sample.case"),
    ("missing nested field", CASE, "  country: Peru\n", "", "missing field 'country' in 'facts'", "facts:"),
    ("unknown question type", QUIZ, "type: numeric", "type: essay", "unknown question type 'essay'", "type: essay"),
    ("rubric level without points", EXERCISE, "- {points: 1, label: Some,", "- {label: Some,", "has no points",
     "label: Some"),
    ("variant's correct answer differs", QUIZ_ES, "{id: b, text: The people who lived it, correct: true",
     "{id: b, text: The people who lived it, correct: false", "differs from the source language (en) in question 'q1'",
     "id: q1"),
    ("variant's question ids differ", QUIZ_ES, "id: q5", "id: q9", "question ids", "questions:"),
    ("variant's rubric points differ", EXERCISE_ES, "{points: 2, label: Clara", "{points: 3, label: Clara",
     "rubric criterion 'clarity' points", "- id: clarity"),
    ("variant's rubric criteria differ", EXERCISE_ES, "id: clarity", "id: style", "rubric criteria", "rubric:"),
    ("variant's indicator values differ", CASE_ES, "after: 80", "after: 85", "indicator values", "indicators:"),
    ("broken internal link", CASE, "(item:sample.exercise)", "(item:sample.nothing)", "broken link: no item "
     "'sample.nothing'", "item:sample.nothing"),
    ("broken module link", CASE, "(module:sample)", "(module:nowhere)", "no module 'nowhere'", "module:nowhere"),
    ("image without alt text", CASE, "![A timeline of the record-keeping project]", "![]", "has no alt text",
     "![](timeline.svg)"),
    ("html image without alt", CASE, "![A timeline of the record-keeping project](timeline.svg)",
     '<img src="timeline.svg">', "has no alt text", "<img"),
    ("missing image file", CASE, "(timeline.svg)", "(missing.svg)", "'missing.svg' does not exist", "missing.svg"),
    ("invalid yaml", CASE, "summary: A cooperative learned to keep records.", "summary: [unclosed",
     "not valid YAML", "summary: [unclosed"),
    ("unquoted colon in a value", CASE, "summary: A cooperative learned to keep records.",
     "summary: Records: a cooperative learned", "must be put in quotes", "summary: Records:"),
    ("heading without key", CASE, "## Process {#process}", "## Process", "has no section key", "## Process"),
    ("unknown section key", CASE, "{#process}", "{#journey}", "unknown section key 'journey'", "{#journey}"),
    ("missing required section", CASE_ES, "## Resultados {#results}\nMejores registros: los socios con registros al "
     "día pasaron del 10 % al 80 %.\n", "",
     "missing section 'results'", "## Contexto {#context}"),
    ("single choice with two correct", QUIZ, "{id: c, text: The buyer, correct: false",
     "{id: c, text: The buyer, correct: true", "exactly one option with 'correct: true' (it has 2)", "options:"),
    ("listed item without a file", MODULE, "  - sample.assessment\n", "  - sample.assessment\n  - sample.extra\n",
     "'sample.extra' is listed but no file defines it", "items:"),
    ("item id outside its module", QUIZ, "id: sample.assessment", "id: other.assessment",
     "must start with the module id 'sample.'", "id: other.assessment"),
    ("unknown field", CASE, "estimated_minutes: 30", "estimated_minutes: 30\ncolour: green", "unknown field 'colour'",
     "colour: green"),
    ("unquoted comma in a short form", EXERCISE, "descriptor: One or two facts.}", "descriptor: One, or two.}",
     "a comma inside {…} starts a new field", "label: Some"),
    ("maturity outside the ladder", CASE, "  period: 2019–2021\n", "  period: 2019–2021\n  maturity: buena práctica\n",
     "unknown maturity 'buena práctica': use one of innovation, promising-practice", "maturity:"),
    ("unknown competency area", MODULE, "competency_area: learning", "competency_area: gardening",
     "unknown competency area 'gardening'", "competency_area:"),
    ("indicator not in the results text", CASE, "to 80 %.", "to most.",
     "the value after of indicator 1 (80) does not appear in the results text", "after: 80"),
    ("pass mark out of range", QUIZ, "pass_mark: 60", "pass_mark: 160", "'pass_mark' is a percentage", "pass_mark"),
    ("duplicate question id", QUIZ, "id: q5", "id: q4", "question id 'q4' is used twice", "id: q4\n    type: short"),
    ("number that is not a number", CASE, "members: 120", "members: many", "'members' in 'facts' must be a whole "
     "number", "members: many"),
    ("criterion with one level", EXERCISE, "      - {points: 2, label: Clear, descriptor: Easy to follow.}\n", "",
     "needs at least two levels", "- id: clarity"),
    ("discussion for unknown section", CASE, "  lessons:\n    - Which", "  lesons:\n    - Which",
     "discussion questions for unknown section 'lesons'", "lesons:"),
    ("true/false without feedback", QUIZ, "      false: Not quite, aim for 3 to 5.\n", "",
     "missing feedback for 'false'", "    feedback:\n      true: Correct."),
    ("file without front matter", QUIZ, "---\nid: sample.assessment", "id: sample.assessment",
     "must start with a line '---'", None),
    ("language in front matter disagrees", CASE_ES, "version: 1", "version: 1\nlanguage: pt",
     "the file name says language 'es'", "language: pt"),
]


@pytest.mark.parametrize(("name", "file", "old", "new", "message", "needle"), CASES, ids=[c[0] for c in CASES])
def test_each_problem_names_file_line_and_fix(content, name, file, old, new, message, needle):
    content.edit(file, old, new)
    problems = content.problems()
    if needle is None:
        line = 1
    elif "\n" in needle:
        first = needle.split("\n")[0]
        text = (content.path / file).read_text(encoding="utf-8")
        line = text[: text.index(needle)].count("\n") + 1 if first else 1
    else:
        line = content.line_of(file, needle)
    expected = f"content/{file}:{line}: "
    assert any(p.startswith(expected) and message in p for p in problems), (expected, message, problems)


def test_multiple_choice_needs_a_correct_option(content):
    content.edit(QUIZ, "{id: a, text: Recover the process, correct: true", "{id: a, text: Recover, correct: false")
    content.edit(QUIZ, "{id: b, text: Draw lessons, correct: true", "{id: b, text: Draw lessons, correct: false")
    line = content.line_of(QUIZ, "id: q2") + 4  # its 'options:' line
    assert any(p.startswith(f"content/{QUIZ}:{line}: multiple-choice question 'q2' needs at least one option")
               for p in content.problems())


def test_an_item_missing_from_its_module_list_is_reported(content):
    content.edit(MODULE, "  - sample.assessment\n", "")
    line = content.line_of(QUIZ, "id: sample.assessment")
    assert any(p.startswith(f"content/{QUIZ}:{line}: 'sample.assessment' is not listed in the module's 'items'")
               for p in content.problems())


def test_all_problems_are_reported_at_once(content):
    content.edit(CASE, "title: A sample case\n", "")
    content.edit(QUIZ, "type: numeric", "type: essay")
    content.edit(EXERCISE, "- {points: 1, label: Some,", "- {label: Some,")
    problems = content.problems()
    assert any("missing field 'title'" in p for p in problems)
    assert any("unknown question type 'essay'" in p for p in problems)
    assert any("has no points" in p for p in problems)


def test_a_correct_course_has_no_problems(content):
    assert content.problems() == []


def test_a_file_that_is_not_utf8_is_reported(content):
    (content.path / QUIZ).write_bytes("---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    assert any(p.startswith(f"content/{QUIZ}:1: the file is not UTF-8") for p in content.problems())


def test_a_missing_source_language_variant_is_reported(content):
    (content.path / QUIZ).unlink()
    problems = content.problems()
    assert any("has no en variant, the source language" in p and "assessment.es.md" in p for p in problems)


def test_a_module_without_a_translation_file_is_reported(content):
    text = (content.path / QUIZ).read_text(encoding="utf-8")
    (content.path / "00-sample/assessment.pt.md").write_text(text, encoding="utf-8")
    assert any("the module has no 'pt' file" in p for p in content.problems())


def test_two_modules_with_one_order_are_reported(content):
    import shutil

    shutil.copytree(content.path / "00-sample", content.path / "01-copy")
    for file in (content.path / "01-copy").glob("*.md"):
        file.write_text(file.read_text(encoding="utf-8").replace("sample", "copy"), encoding="utf-8")
    assert any("shares its order 0" in p for p in content.problems())
