"""When explanations and correct answers show: only when no attempt will follow (the scenario table in
``fixtures/reveal_cases.json`` is shared with the channels' tests)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from curriculum.reveal import answers_revealed

CASES = json.loads((Path(__file__).parent / "fixtures" / "reveal_cases.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_answers_show_only_when_no_attempt_will_follow(case, sample_course):
    assessment = dataclasses.replace(sample_course.find_item("sample.assessment", "en"), attempts=case["attempts"])
    assert answers_revealed(assessment, case["used"], closed=case["closed"]) is case["revealed"]
