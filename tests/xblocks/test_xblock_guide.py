"""Open edX: course staff find the module's facilitator's guide in the case study block; learners never do."""

from __future__ import annotations

from html import unescape

import pytest

from curriculum.loader import DEFAULT_CONTENT, default_course

GUIDE = default_course().module("experiences").guide("en")


@pytest.fixture
def shipped_case(make_block, monkeypatch):
    monkeypatch.setenv("FIELDSCHOOL_CURRICULUM", str(DEFAULT_CONTENT))
    return make_block('<fieldschool_case_study item_id="experiences.case"/>')


def test_course_staff_see_the_facilitators_guide_in_the_case_study(shipped_case, learner):
    html = unescape(learner(shipped_case, "staff").render())
    assert "Facilitator's guide (course staff only)" in html and GUIDE.title in html
    assert all(step.title in html for step in GUIDE.activities)
    start = sum(step.minutes for step in GUIDE.activities[:3])
    assert f"{start // 60}:{start % 60:02d} · {GUIDE.activities[3].minutes} min" in html  # with the time it starts
    assert GUIDE.section("peer-exercise-offline").title in html


def test_a_learner_never_sees_the_guide(shipped_case, learner):
    alice = learner(shipped_case, "alice")
    html = unescape(alice.render())
    assert "Facilitator's guide" not in html and GUIDE.title not in html
    status, body = alice.call("save_answers", {"answers": {"context-1": "Rust hit us too."}})
    assert status == 200 and GUIDE.title not in unescape(body["html"])
