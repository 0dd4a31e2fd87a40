"""The case study block: reading, discussion answers, completion, and bad input."""

import pytest


@pytest.fixture
def case(make_block):
    return make_block('<fieldschool_case_study item_id="sample.case"/>')


def test_the_case_is_rendered_with_its_questions(case, learner):
    html = learner(case, "alice").render()
    assert "A sample case" in html
    assert "How is your context different?" in html and "Which lesson applies to you?" in html
    assert 'name="context-1"' in html and 'name="lessons-1"' in html
    assert "Records build trust." in html
    assert "0 of 2 discussion questions answered." in html


def test_answering_every_question_completes_the_case_once(case, learner):
    alice = learner(case, "alice")
    status, body = alice.call("save_answers", {"answers": {"context-1": "We are smaller."}})
    assert status == 200 and body["completed"] is False
    assert alice.runtime.of("completion") == []
    status, body = alice.call("save_answers", {"answers": {"lessons-1": "Start small."}})
    assert status == 200 and body["completed"] is True
    assert alice.runtime.of("completion") == [{"completion": 1.0}]
    assert alice.block.answers == {"context-1": "We are smaller.", "lessons-1": "Start small."}
    alice.call("save_answers", {"answers": {"lessons-1": "Share results."}})
    assert alice.runtime.of("completion") == [{"completion": 1.0}]
    assert "Share results." in alice.render()
    # another learner's answers are their own
    assert learner(case, "bob").block.answers == {}


def test_bad_answers_are_refused_with_reasons(case, learner):
    alice = learner(case, "alice")
    status, body = alice.call("save_answers", {"answers": {"nope-1": "x", "context-1": 5}})
    assert status == 400
    assert any("nope-1" in d for d in body["details"]) and any("context-1" in d for d in body["details"])
    status, body = alice.call("save_answers", raw=b"\xff\xfe")
    assert status == 400 and body["error"] == "The request is not valid JSON."
    status, body = alice.call("save_answers", {"answers": {"context-1": "x" * 5001}})
    assert status == 400 and "too long" in body["details"][0]
    status, body = alice.call("save_answers", method="GET")
    assert status == 405
    status, body = alice.call("mark_read", {})
    assert status == 400  # this case has questions: reading alone does not complete it
    assert alice.block.answers == {}
