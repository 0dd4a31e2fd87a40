"""The assessment block graded through a real runtime: scores, grade and completion events, attempts, errors."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from curriculum.percent import format_pass_mark, format_percent

ALL_RIGHT = {"q1": "b", "q2": ["a", "b"], "q3": True, "q4": "25,0", "q5": "Eje"}
ALL_WRONG = {"q1": "a", "q2": ["c"], "q3": "false", "q4": 3, "q5": "no idea"}


@pytest.fixture
def assessment(make_block):
    return make_block('<fieldschool_assessment item_id="sample.assessment" weight="2"/>')


def test_a_right_attempt_is_graded_on_the_server_and_published(assessment, learner):
    alice = learner(assessment, "alice")
    status, body = alice.call("submit", {"responses": ALL_RIGHT})
    assert status == 200
    assert body["score"] == 1.0 and body["passed"] is True
    assert body["points"] == body["max_points"] == 5.0
    assert alice.runtime.of("grade") == [{"value": 5.0, "max_value": 5.0, "only_if_higher": None}]
    assert alice.runtime.of("completion") == [{"completion": 1.0}]
    block = alice.block
    assert block.has_score and block.weight == 2 and block.max_score() == 5.0
    assert "You passed." in body["html"]


def test_partial_credit_feedback_and_attempt_limit(assessment, learner):
    bob = learner(assessment, "bob")
    status, body = bob.call("submit", {"responses": {"q1": "b", "q2": ["a", "c"]}})
    assert status == 200
    assert body["points"] == 1.0  # q1 right; q2 one right tick minus one wrong tick earns nothing
    assert body["passed"] is False and body["attempts_left"] == 1
    assert "Right, the actors own it." in body["html"]  # the chosen option's feedback
    assert "Only the actors can systematise" not in body["html"]  # explanations wait until the end

    status, body = bob.call("submit", {"responses": ALL_WRONG})
    assert status == 200 and body["attempts_left"] == 0
    assert "Only the actors can systematise" in body["html"]
    # best score kept: the first attempt's 1 point out of 5
    assert [e["value"] for e in bob.runtime.of("grade")] == [1.0, 1.0]
    assert bob.runtime.of("completion") == [{"completion": 1.0}]  # completion once, on the first attempt

    status, body = bob.call("submit", {"responses": ALL_RIGHT})
    assert status == 400 and body["error"] == "You have used all your attempts."


def test_last_score_policy_and_unlimited_attempts(make_block, learner):
    usage = make_block('<fieldschool_assessment item_id="sample.assessment" score_policy="last" attempts_allowed="0"/>')
    carmen = learner(usage, "carmen")
    for _ in range(3):
        carmen.call("submit", {"responses": ALL_RIGHT})
    status, body = carmen.call("submit", {"responses": ALL_WRONG})
    assert status == 200 and body["attempts_left"] is None
    assert carmen.runtime.of("grade")[-1]["value"] == 0.0


def test_bad_json_and_malformed_answers_get_400_with_a_message(assessment, learner):
    alice = learner(assessment, "alice")
    status, body = alice.call("submit", raw=b"{not json")
    assert status == 400 and body["error"] == "The request is not valid JSON."
    status, body = alice.call("submit", raw=b"[1, 2]")
    assert status == 400 and "JSON object" in body["error"]
    status, body = alice.call("submit", {"responses": {"q4": "twelve"}})
    assert status == 400 and "'twelve' is not a number" in body["details"][0]
    status, body = alice.call("submit", {"responses": {"nope": "a"}})
    assert status == 400 and "no question 'nope'" in body["details"][0]
    status, body = alice.call("submit", {"answers": {}})
    assert status == 400
    assert alice.block.attempts == []  # nothing was counted
    assert alice.runtime.of("grade") == []


def test_past_due_closes_or_accepts_late(make_block, learner):
    past = datetime.now(UTC) - timedelta(days=1)
    closed = make_block('<fieldschool_assessment item_id="sample.assessment"/>')
    status, body = learner(closed, "alice", due=past).call("submit", {"responses": ALL_RIGHT})
    assert status == 400 and "closed" in body["error"]
    late = make_block('<fieldschool_assessment item_id="sample.assessment" due_behaviour="accept_late"/>')
    alice = learner(late, "alice", due=past)
    status, _ = alice.call("submit", {"responses": ALL_RIGHT})
    assert status == 200 and alice.block.attempts[0]["late"] is True
    future = datetime.now(UTC) + timedelta(days=1)
    status, _ = learner(closed, "bob", due=future).call("submit", {"responses": ALL_RIGHT})
    assert status == 200


def test_custom_questions_replace_the_curriculum_ones(make_block, learner):
    usage = make_block("""<fieldschool_assessment item_id="sample.assessment"
        xmlns:option="http://code.edx.org/xblock/option"><option:custom_questions>
- id: only
  type: true_false
  prompt: The sky is blue.
  answer: true
  explanation: It is.
  feedback: {true: Yes., false: Look up.}
</option:custom_questions></fieldschool_assessment>""")
    alice = learner(usage, "alice")
    assert alice.block.max_score() == 1.0
    status, body = alice.call("submit", {"responses": {"only": "true"}})
    assert status == 200 and body["score"] == 1.0
    assert "The sky is blue." in alice.render()


def test_student_view_lists_questions_accessibly(assessment, learner):
    html = learner(assessment, "alice").render()
    assert html.count("<fieldset") == 5 and html.count("<legend ") == 5
    assert 'data-init="FieldSchoolAssessment"' in html or "FieldSchoolAssessment" in html
    assert "Pass mark: 60%" in html


def test_an_unset_block_says_it_is_unavailable(make_block, learner):
    usage = make_block("<fieldschool_assessment/>")
    html = learner(usage).render()
    assert "not available" in html
    status, body = learner(usage).call("submit", {"responses": {}})
    assert status == 400


REVEAL_CASES = json.loads((Path(__file__).parents[1] / "curriculum" / "fixtures" / "reveal_cases.json").read_text())
EXPLANATION = "Only the actors can systematise"


@pytest.mark.parametrize("case", REVEAL_CASES, ids=[c["why"] for c in REVEAL_CASES])
def test_explanations_show_only_when_no_attempt_will_follow(case, make_block, learner):
    usage = make_block(f'<fieldschool_assessment item_id="sample.assessment" attempts_allowed="{case["attempts"]}"/>')
    carmen = learner(usage, "carmen")
    body = {"html": carmen.render()}
    for _ in range(case["used"]):
        status, body = carmen.call("submit", {"responses": ALL_RIGHT if case["passed"] else ALL_WRONG})
        assert status == 200, body
    html = learner(usage, "carmen", due=datetime.now(UTC) - timedelta(days=1)).render() if case["closed"] \
        else body["html"]
    assert (EXPLANATION in html) is case["revealed"]


def test_scores_show_by_the_core_display_rule(make_block, learner):
    # two of three right: 66.666…% reads "66.7" as in every channel (curriculum.percent), not "67"
    questions = "".join(f"""
- id: q{i}
  type: true_false
  prompt: Statement {i}.
  answer: true
  explanation: It is.
  feedback: {{true: Yes., false: Look again.}}""" for i in range(3))
    usage = make_block(f"""<fieldschool_assessment item_id="sample.assessment"
        xmlns:option="http://code.edx.org/xblock/option"><option:custom_questions>{questions}
</option:custom_questions></fieldschool_assessment>""")
    alice = learner(usage, "alice")
    status, body = alice.call("submit", {"responses": {"q0": "true", "q1": "true", "q2": "false"}})
    assert status == 200, body
    html = alice.render()
    shown = format_percent(2 / 3, 0.6)
    assert shown == "66.7"
    assert f"Your last attempt: {shown}%" in html and f"Score kept for your grade: {shown}%." in html
    assert f"Pass mark: {format_pass_mark(0.6)}%." in html
