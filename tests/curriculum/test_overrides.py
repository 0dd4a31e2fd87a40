"""Author overrides of questions and rubrics are read with the curriculum's own rules."""

from curriculum.model import QuestionType
from curriculum.overrides import questions_from_yaml, rubric_from_yaml

QUESTIONS = """
- id: q1
  type: single_choice
  prompt: Pick b
  explanation: b is right.
  options:
    - {id: a, text: A, correct: false, feedback: No.}
    - {id: b, text: B, correct: true, feedback: Yes.}
- id: q2
  type: numeric
  prompt: Two plus two?
  answer: 4
  explanation: Four.
  feedback: {correct: Yes., incorrect: No.}
"""


def test_valid_questions_become_model_questions():
    questions, problems = questions_from_yaml(QUESTIONS)
    assert problems == []
    assert [q.id for q in questions] == ["q1", "q2"]
    assert questions[0].type is QuestionType.SINGLE_CHOICE and questions[0].option("b").correct
    assert questions[1].answer == 4


def test_question_problems_point_at_their_line():
    text = QUESTIONS.replace("correct: true", "correct: false")
    _, problems = questions_from_yaml(text, path="custom questions")
    assert len(problems) == 1
    assert problems[0].file == "custom questions" and problems[0].line == 6  # the "options:" line
    assert "exactly one option" in problems[0].message


def test_duplicate_ids_and_bad_yaml_and_non_lists_are_reported():
    _, problems = questions_from_yaml(QUESTIONS.replace("id: q2", "id: q1"))
    assert any("used twice" in p.message for p in problems)
    _, problems = questions_from_yaml("- id: [unclosed")
    assert problems and "not valid YAML" in problems[0].message
    _, problems = questions_from_yaml("just: a mapping")
    assert problems and "YAML list" in problems[0].message


def test_rubric_from_yaml_sorts_levels_and_checks_them():
    rubric, problems = rubric_from_yaml("""
- id: depth
  title: Depth
  levels:
    - {points: 2, label: Deep, descriptor: Goes deep.}
    - {points: 0, label: Shallow, descriptor: Stays on the surface.}
""")
    assert problems == []
    assert [lv.label for lv in rubric.criteria[0].levels] == ["Shallow", "Deep"]
    _, problems = rubric_from_yaml("- id: one\n  title: One\n  levels:\n    - {points: 1, label: A, descriptor: a}\n")
    assert any("at least two levels" in p.message for p in problems)
