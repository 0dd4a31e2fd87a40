"""Assessment grading: each question type, partial credit as stated, pass mark, attempts and order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from curriculum.scoring import (
    InvalidResponse,
    attempts_left,
    grade_attempt,
    grade_question,
    kept_score,
    normalise_text,
    numeric_readings,
    question_order,
    validate_responses,
)


@pytest.fixture
def quiz(sample_course):
    return sample_course.find_item("sample.assessment")


def q(quiz, qid):
    return quiz.question(qid)


def test_single_choice_is_all_or_nothing_with_the_chosen_options_feedback(quiz):
    right = grade_question(q(quiz, "q1"), "b")
    wrong = grade_question(q(quiz, "q1"), "a")
    assert (right.correct, right.points, right.feedback) == (True, 1.0, ("Right, the actors own it.",))
    assert (wrong.correct, wrong.points, wrong.feedback) == (False, 0.0, ("Outsiders facilitate only.",))


@pytest.mark.parametrize(("ticks", "points"), [
    (["a", "b"], 1.0),          # all correct
    (["a"], 0.5),               # half the correct ones
    (["a", "b", "c"], 0.5),     # (2 right - 1 wrong) / 2
    (["a", "c"], 0.0),          # (1 - 1) / 2
    (["c"], 0.0),               # never negative
])
def test_multiple_choice_partial_credit(quiz, ticks, points):
    result = grade_question(q(quiz, "q2"), ticks)
    assert result.points == pytest.approx(points)
    assert result.correct is (points == 1.0)
    assert len(result.feedback) == len(ticks)


def test_true_false_accepts_booleans_and_words(quiz):
    assert grade_question(q(quiz, "q3"), True).correct
    assert grade_question(q(quiz, "q3"), "true").correct
    wrong = grade_question(q(quiz, "q3"), "false")
    assert not wrong.correct and wrong.feedback == ("Not quite, aim for 3 to 5.",)


@pytest.mark.parametrize(("answer", "correct"), [(25, True), ("25.4", True), ("24,6", True), ("25,6", False),
                                                  ("25 %", True), (26, False)])
def test_numeric_uses_the_tolerance_and_decimal_commas(quiz, answer, correct):
    assert grade_question(q(quiz, "q4"), answer).correct is correct


@pytest.mark.parametrize(("typed", "readings"), [
    ("2050", [2050]), ("2,050", [2.05, 2050]), ("2.050", [2.05, 2050]), ("2 050", [2050]), ("2\u00a0050", [2050]),
    ("1.250.000", [1250000]), ("1,250,000", [1250000]), ("1.250,75", [1250.75]), ("1,250.75", [1250.75]),
    ("12,5", [12.5]), ("0,125", [0.125]), ("-3,5", [-3.5]), ("31 %", [31]), ("1.25.0", []), ("abc", []),
    ("12,", []), ("", []),
])
def test_numbers_typed_the_way_each_language_writes_them(typed, readings):
    assert numeric_readings(typed) == pytest.approx(readings)


def test_thousands_separators_in_any_language_are_graded_right(quiz):
    from dataclasses import replace

    big = replace(q(quiz, "q4"), answer=2050.0, tolerance=0)
    for typed in ("2050", "2,050", "2.050", "2 050"):
        assert grade_question(big, typed).correct, typed
    assert grade_question(big, "2,05").correct is False


@pytest.mark.parametrize(("answer", "correct"), [("eje", True), ("  EJE ", True), ("El eje.", True), ("éje", True),
                                                  ("axis", False)])
def test_short_text_ignores_case_spaces_and_accents(quiz, answer, correct):
    assert grade_question(q(quiz, "q5"), answer).correct is correct


def test_unanswered_and_malformed_answers_earn_nothing(quiz):
    assert not grade_question(q(quiz, "q1"), None).answered
    assert grade_question(q(quiz, "q1"), "zzz").points == 0
    assert grade_question(q(quiz, "q4"), "many").points == 0


def test_attempt_score_and_pass_mark(quiz):
    all_right = grade_attempt(quiz, {"q1": "b", "q2": ["a", "b"], "q3": True, "q4": 25, "q5": "eje"})
    assert (all_right.points, all_right.max_points, all_right.score, all_right.passed) == (5, 5, 1.0, True)
    three = grade_attempt(quiz, {"q1": "b", "q3": True, "q4": 25})
    assert three.score == pytest.approx(0.6) and three.passed  # pass mark is 60 %
    two = grade_attempt(quiz, {"q1": "b", "q3": True})
    assert not two.passed and two.result("q5").answered is False


def test_malformed_responses_are_rejected_for_channels_to_answer_400(quiz):
    with pytest.raises(InvalidResponse):
        validate_responses(quiz, {"q1": "nope"})
    with pytest.raises(InvalidResponse):
        validate_responses(quiz, {"q99": "a"})
    with pytest.raises(InvalidResponse):
        validate_responses(quiz, {"q4": "twelve"})
    validate_responses(quiz, {"q1": "a", "q4": "12,5"})


def test_best_or_last_score_policy():
    assert kept_score([0.4, 0.9, 0.6], "best") == 0.9
    assert kept_score([0.4, 0.9, 0.6], "last") == 0.6
    assert kept_score([], "best") is None
    with pytest.raises(ValueError):
        kept_score([0.5], "average")


def test_attempts_left(quiz):
    assert attempts_left(quiz, 0) == 2 and attempts_left(quiz, 2) == 0 and attempts_left(quiz, 5) == 0


def test_question_order_is_a_stable_shuffle_per_seed(quiz):
    ids = sorted(qq.id for qq in quiz.questions)
    first = question_order(quiz, "learner-1:1")
    assert first == question_order(quiz, "learner-1:1")
    assert sorted(first) == ids
    orders = {tuple(question_order(quiz, f"learner-{n}:1")) for n in range(20)}
    assert len(orders) > 1


@given(st.text(max_size=40))
def test_normalised_text_is_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once
