"""The validator catches figures that disagree inside an item, and feedback that gives a numeric answer away."""

from __future__ import annotations

import pytest

from curriculum.figures import parse_number

CASE = "00-sample/case-study.en.md"
CASE_ES = "00-sample/case-study.es.md"
QUIZ = "00-sample/assessment.en.md"
QUIZ_ES = "00-sample/assessment.es.md"
EXERCISE = "00-sample/peer-exercise.en.md"
EXERCISE_ES = "00-sample/peer-exercise.es.md"


def problems_at(content, file: str, needle: str) -> list[str]:
    line = content.line_of(file, needle)
    return [p for p in content.problems() if p.startswith(f"content/{file}:{line}: ")]


def test_a_membership_that_disagrees_with_the_facts_box_is_reported_at_its_line(content):
    content.edit(CASE, "The cooperative has 120 members", "The cooperative has 102 members")
    found = problems_at(content, CASE, "has 102 members")
    assert any("102 members but the facts box says 120" in p for p in found), content.problems()


def test_a_subset_of_members_is_not_taken_for_the_membership(content):
    content.edit(CASE, "Step by step.", "Step by step. The 45 members present voted for the plan.")
    assert content.problems() == []


def test_a_share_that_does_not_match_its_parts_is_reported(content):
    content.edit(CASE, "Step by step.", "Step by step.\nBy 2021, 54 of the 120 members\n(40 %) kept records.")
    found = problems_at(content, CASE, "By 2021, 54 of the 120 members")
    assert any("54 of 120 is 45.0 %, not 40 %" in p for p in found), content.problems()


def test_a_share_within_rounding_passes(content):
    content.edit(CASE, "Step by step.", "Step by step. By 2021, 54 of the 120 members (45 %) kept records.")
    assert content.problems() == []


def test_parts_that_do_not_add_up_to_their_total_are_reported(content):
    content.edit(CASE, "Few records.", "Few records. The project spent USD 1,500 on books and USD 700 on training, "
                                       "in total USD 2,300.")
    found = problems_at(content, CASE, "Few records. The project spent")
    assert any("the parts add up to 2200, not the total 2,300" in p for p in found), content.problems()


def test_spanish_figures_are_read_with_spanish_separators(content):
    content.edit(CASE_ES, "Pocos registros.", "Pocos registros. El proyecto gastó USD 1.500 en libros y USD 700 en "
                                              "capacitación, en total USD 2.200.")
    assert content.problems() == []
    content.edit(CASE_ES, "en total USD 2.200", "en total USD 2.300")
    assert any("the parts add up to 2200" in p for p in content.problems())


def test_shares_of_a_whole_must_add_up_to_100(content):
    content.edit(CASE, "went from 10 % to 80 %.", "went from 10 % to 80 %. The surplus went 50 percent to a fund "
                                                  "and 40 percent to training, together the full USD 3,000.")
    assert any("the shares add up to 90 %, not 100 %" in p for p in content.problems())


def test_wrong_answer_feedback_that_states_the_numeric_answer_is_reported(content):
    content.edit(QUIZ, "incorrect: Divide the change by the starting value.",
                 "incorrect: Divide the change by the starting value, 25 ÷ 100 = 25 %.")
    line = content.line_of(QUIZ, "- id: q4")
    assert any(p.startswith(f"content/{QUIZ}:{line}: question 'q4': the feedback for a wrong answer gives away the "
                            "answer 25") for p in content.problems())


def test_uses_case_must_agree_across_languages_and_be_a_boolean(content):
    content.edit(QUIZ, "    prompt: Members grew from 100 to 125.", "    uses_case: true\n    prompt: Members grew "
                                                                        "from 100 to 125.")
    assert any("differs from the source language (en) in question 'q4'" in p for p in content.problems())
    content.edit(QUIZ, "uses_case: true", "uses_case: often")
    assert any("'uses_case' in question 4 must be true or false" in p for p in content.problems())


def test_response_formats_are_checked_and_shared_by_every_language(content):
    content.edit(EXERCISE, "self_assessment: true", "self_assessment: true\nresponse_formats: [text, video]")
    problems = content.problems()
    assert any("unknown response format 'video'" in p for p in problems)
    assert any("differs from the source language (en) in response_formats" in p for p in problems)


def test_a_review_rubric_is_validated_like_the_rubric(content):
    review = ("review_rubric:\n  - id: helpful\n    title: Helpful review\n    levels:\n"
              "      - {points: 0, label: Vague, descriptor: No reason given.}\n"
              "      - {points: 1, label: Specific, descriptor: Reasons and a suggestion.}\n")
    content.edit(EXERCISE, "rubric:\n", review + "rubric:\n")
    assert any("in review_rubric criteria" in p for p in content.problems())  # the Spanish file has none
    content.edit(EXERCISE_ES, "rubric:\n", review.replace("{points: 1", "{points: 1") + "rubric:\n")
    assert content.problems() == []
    content.edit(EXERCISE_ES, "{points: 1, label: Specific", "{points: 2, label: Specific")
    assert any("rubric criterion 'helpful' points" in p for p in content.problems())


@pytest.mark.parametrize(("text", "language", "value"), [
    ("98,400", "en", 98400), ("98.400", "es", 98400), ("7.45", "en", 7.45), ("7,45", "es", 7.45),
    ("1.234,5", "fr", 1234.5), ("26,4", "pt", 26.4), ("2\u202f400", "fr", 2400),
])
def test_numbers_are_parsed_as_each_language_writes_them(text, language, value):
    assert parse_number(text, language) == value


TABLE = ("Few records.\n\n| Use | Share | USD |\n|---|---|---|\n| Books | 60% | 1,200 |\n| Training | 40% | 800 |\n"
         "| **Total** | **100%** | **{total}** |\n")


def test_a_table_total_that_is_not_the_sum_of_its_rows_is_reported_at_the_total_row(content):
    content.edit(CASE, "Few records.\n", TABLE.format(total="2,100"))
    line = content.line_of(CASE, "| **Total**")
    assert any(p.startswith(f"content/{CASE}:{line}: the table's column 3 adds up to 2000, not the total 2,100")
               for p in content.problems()), content.problems()


def test_a_table_whose_rows_add_up_passes(content):
    content.edit(CASE, "Few records.\n", TABLE.format(total="2,000"))
    assert content.problems() == []


def test_a_spanish_membership_that_disagrees_is_reported(content):
    content.edit(CASE_ES, "La cooperativa tiene 120 socios.", "La cooperativa cafetalera de 1.020 socios.")
    found = problems_at(content, CASE_ES, "cafetalera de 1.020 socios")
    assert any("1.020 members but the facts box says 120" in p for p in found), content.problems()
