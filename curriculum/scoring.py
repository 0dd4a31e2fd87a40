"""Grading an assessment attempt: one function per question type, one rule set for every channel.

Partial credit (also stated in AUTHORING.md):
- single choice, true/false, numeric and short text are all or nothing;
- multiple choice earns ``max(0, (right ticks - wrong ticks) / correct options) * points``;
- a numeric answer is right when any sensible reading of what was typed ("2,050", "2.050", "2 050") is within the
  tolerance, since learners write numbers the way their language does.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .messages import N_, MessageError
from .model import Assessment, Question, QuestionType


class InvalidResponse(MessageError):
    """A response that is not of the question's form (e.g. text for a numeric question); ``message`` is
    translatable."""


@dataclass(frozen=True)
class QuestionResult:
    """How one question was answered: points, whether fully right, and what the learner should read."""

    question_id: str
    answered: bool
    correct: bool
    points: float
    max_points: float
    feedback: tuple[str, ...]
    explanation: str
    response: Any


@dataclass(frozen=True)
class AttemptResult:
    """A graded attempt. ``score`` is a fraction of the maximum, between 0 and 1."""

    points: float
    max_points: float
    score: float
    passed: bool
    questions: tuple[QuestionResult, ...]

    def result(self, question_id: str) -> QuestionResult | None:
        return next((r for r in self.questions if r.question_id == question_id), None)


def normalise_text(text: str, case_sensitive: bool = False) -> str:
    """Text as compared for short answers: accents removed, spaces collapsed, case folded unless sensitive."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = " ".join(plain.split()).strip(" .!¡?¿")
    return plain if case_sensitive else plain.casefold()


_NUMBER = re.compile(r"^[+-]?\d[\d.,]*$")


def numeric_readings(raw: Any) -> list[float]:
    """Every sensible reading of a typed number, most likely first; empty when it is not a number.

    Learners write "12.5", "12,5", "1,250", "1.250", "1 250" or "1.250,75" depending on their language. One
    separator followed by exactly three digits is ambiguous ("2,050" is 2050 in English, 2.05 in Spanish), so both
    readings are returned and a grader accepts either.
    """
    if isinstance(raw, bool):
        return []
    if isinstance(raw, (int, float)):
        return [float(raw)]
    text = re.sub(r"[\s\u00a0\u202f%]", "", str(raw))
    if not _NUMBER.match(text) or text.endswith((".", ",")):
        return []
    sign = -1.0 if text.startswith("-") else 1.0
    text = text.lstrip("+-")
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        whole, _, fraction = text.partition(decimal)
        if grouping in fraction or decimal in fraction:
            return []
        return [sign * float(whole.replace(grouping, "") + "." + fraction)]
    separator = "," if commas else "." if dots else ""
    if not separator:
        return [sign * float(text)]
    parts = text.split(separator)
    if len(parts) > 2:  # "1.250.000": only grouping makes sense
        return [sign * float("".join(parts))] if all(len(p) == 3 for p in parts[1:]) else []
    decimal_reading = sign * float(parts[0] + "." + parts[1])
    if len(parts[1]) == 3 and parts[0] != "0":
        return [decimal_reading, sign * float(parts[0] + parts[1])]
    return [decimal_reading]


def parse_response(question: Question, raw: Any) -> Any:
    """The response in its canonical form, None when unanswered; :class:`InvalidResponse` when malformed."""
    if raw is None or raw == "" or raw == []:
        return None
    qtype = question.type
    if qtype is QuestionType.SINGLE_CHOICE:
        if not isinstance(raw, str) or question.option(raw) is None:
            raise InvalidResponse(N_("question '{question}': '{answer}' is not one of its options"),
                                  question=question.id, answer=raw)
        return raw
    if qtype is QuestionType.MULTIPLE_CHOICE:
        values = [raw] if isinstance(raw, str) else raw
        if not isinstance(values, Sequence) or any(not isinstance(v, str) or question.option(v) is None
                                                   for v in values):
            raise InvalidResponse(N_("question '{question}': choose among its options"), question=question.id)
        return tuple(sorted(set(values)))
    if qtype is QuestionType.TRUE_FALSE:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        raise InvalidResponse(N_("question '{question}': answer true or false"), question=question.id)
    if qtype is QuestionType.NUMERIC:
        readings = numeric_readings(raw)
        if not readings:
            raise InvalidResponse(N_("question '{question}': '{answer}' is not a number"), question=question.id,
                                  answer=raw)
        return readings[0]
    if not isinstance(raw, str):
        raise InvalidResponse(N_("question '{question}': answer with text"), question=question.id)
    return raw.strip()[:500]


def grade_question(question: Question, raw: Any) -> QuestionResult:
    """Grade one response. Unanswered or malformed responses earn nothing and say so."""
    try:
        response = parse_response(question, raw)
    except InvalidResponse:
        response = None
    if response is None:
        return QuestionResult(question.id, False, False, 0.0, question.points, (), question.explanation, None)
    qtype = question.type
    if qtype is QuestionType.SINGLE_CHOICE:
        option = question.option(response)
        fraction, feedback = (1.0 if option.correct else 0.0), (option.feedback,)
    elif qtype is QuestionType.MULTIPLE_CHOICE:
        chosen = [question.option(o) for o in response]
        right = sum(o.correct for o in chosen)
        wrong = len(chosen) - right
        total = sum(o.correct for o in question.options)
        fraction = max(0.0, (right - wrong) / total)
        feedback = tuple(o.feedback for o in question.options if o.id in response)
    elif qtype is QuestionType.TRUE_FALSE:
        fraction = 1.0 if response == question.answer else 0.0
        feedback = (question.feedback_true if response else question.feedback_false,)
    elif qtype is QuestionType.NUMERIC:
        target = float(question.answer)
        matching = [r for r in numeric_readings(raw) if abs(r - target) <= question.tolerance + 1e-9]
        response = matching[0] if matching else response
        fraction = 1.0 if matching else 0.0
        feedback = (question.feedback_correct if fraction else question.feedback_incorrect,)
    else:
        wanted = {normalise_text(a, question.case_sensitive) for a in question.accepted}
        fraction = 1.0 if normalise_text(response, question.case_sensitive) in wanted else 0.0
        feedback = (question.feedback_correct if fraction else question.feedback_incorrect,)
    return QuestionResult(question.id, True, fraction == 1.0, round(fraction * question.points, 6), question.points,
                          feedback, question.explanation, response)


PASS_TOLERANCE = 1e-9  # float error in a sum of points must not fail a learner who is exactly on the mark


def score_reaches(score: float, mark: float) -> bool:
    """Does a score (0-1) reach ``mark`` (0-1), within the rule's tolerance?"""
    return score + PASS_TOLERANCE >= mark


def reaches_pass_mark(assessment: Assessment, score: float | None) -> bool:
    """Does a score (0-1) reach the assessment's pass mark? None (no attempt yet) does not."""
    return score is not None and score_reaches(score, assessment.pass_mark)


def grade_attempt(assessment: Assessment, responses: Mapping[str, Any]) -> AttemptResult:
    """Grade a whole attempt; ``responses`` maps question ids to raw answers (missing ones count as unanswered)."""
    results = tuple(grade_question(q, responses.get(q.id)) for q in assessment.questions)
    points = round(sum(r.points for r in results), 6)
    max_points = assessment.max_points
    score = points / max_points if max_points else 0.0
    return AttemptResult(points, max_points, score, reaches_pass_mark(assessment, score), results)


def validate_responses(assessment: Assessment, responses: Mapping[str, Any]) -> None:
    """Raise :class:`InvalidResponse` for unknown question ids or malformed answers (channels answer 400)."""
    for question_id, raw in responses.items():
        question = assessment.question(question_id)
        if question is None:
            raise InvalidResponse(N_("no question '{question}' in this assessment"), question=question_id)
        parse_response(question, raw)


def kept_score(scores: Sequence[float], policy: str = "best") -> float | None:
    """The score that counts after several attempts: the ``best`` or the ``last``; None before any attempt."""
    if not scores:
        return None
    if policy == "best":
        return max(scores)
    if policy == "last":
        return scores[-1]
    raise ValueError(f"unknown score policy '{policy}': use 'best' or 'last'")


def attempts_left(assessment: Assessment, attempts_used: int) -> int | None:
    """How many attempts remain; None when unlimited."""
    if assessment.attempts == 0:
        return None
    return max(0, assessment.attempts - attempts_used)


def question_order(assessment: Assessment, seed: str) -> list[str]:
    """A shuffled question order that is stable for one seed (e.g. ``"<learner>:<attempt number>"``)."""
    digest = hashlib.sha256(f"{assessment.id}:{seed}".encode()).digest()
    ids = [q.id for q in assessment.questions]
    random.Random(digest).shuffle(ids)
    return ids
