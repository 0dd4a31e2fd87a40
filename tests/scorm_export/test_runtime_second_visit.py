"""A learner comes back to a module they finished: the LMS opens it in review mode, or launches it again. The
package shows their work, writes nothing in review, and never reports less than the LMS already holds. The data
the first session left in one scorm-again instance is fed into a new one, as an LMS does between sessions."""

from __future__ import annotations

import json

import pytest
from scorm_learner import SECOND, answer, do_case_study, go


def _finish_the_module(lms, version: str) -> dict:
    """A first session that completes and passes the module, then leaves; the LMS's data model afterwards."""
    sco = lms.launch(version)
    do_case_study(sco)
    go(sco, "exercise")
    sco.locator('[data-response="exercise"]').fill("We keep a record book per member, checked every month.")
    sco.locator("#exercise-evidence-2").check()
    sco.locator("#exercise-clarity-1").check()
    sco.get_by_role("button", name="Save my response and self-assessment").click()
    go(sco, "assessment")
    answer(sco, SECOND)  # 80 %: passed
    lms.close_sco()
    lms.page.evaluate("localStorage.clear()")  # only what the LMS kept counts on the next visit
    return lms.cmi()


def _next_session(version: str, first: dict, mode: str = "normal", with_state: bool = True) -> dict:
    """What the LMS hands the next session: the results it holds and, when it kept them, the location and state."""
    if version == "1.2":
        core = {"lesson_status": first["core"]["lesson_status"], "score": first["core"]["score"],
                "lesson_mode": mode, "entry": "resume" if with_state else ""}
        if with_state:
            core["lesson_location"] = first["core"]["lesson_location"]
        initial = {"core": core}
    else:
        initial = {"mode": mode, "entry": "resume" if with_state else "", "score": first["score"],
                   "completion_status": first["completion_status"], "success_status": first["success_status"],
                   "progress_measure": first["progress_measure"]}
        if with_state:
            initial["location"] = first["location"]
    if with_state:
        initial["suspend_data"] = first["suspend_data"]
    return initial


def _leave(lms) -> None:
    lms.page.evaluate("launch('about:blank')")
    lms.page.wait_for_function("() => lms.api.isTerminated()")


def _assert_results_kept(lms, version: str) -> None:
    cmi = lms.cmi()
    if version == "1.2":
        assert cmi["core"]["lesson_status"] == "passed"
        assert cmi["core"]["score"]["raw"] == "80"
    else:
        assert (cmi["completion_status"], cmi["success_status"]) == ("completed", "passed")
        assert float(cmi["progress_measure"]) == 1 and float(cmi["score"]["scaled"]) == 0.8


@pytest.mark.parametrize("version, mode", [("1.2", "review"), ("2004", "review"), ("2004", "browse"),
                                           ("1.2", "browse")])
def test_in_review_mode_the_learner_sees_their_answers_read_only_and_nothing_is_written(lms, version, mode):
    first = _finish_the_module(lms, version)

    sco = lms.launch(version, initial=_next_session(version, first, mode=mode))
    assert sco.locator("#fs-status").get_attribute("data-kind") == "review"
    assert "Nothing you do here changes them" in sco.locator("#fs-status").inner_text()
    assert sco.locator("section#assessment").is_visible()  # where the learner left off
    form = sco.locator("form.assessment")
    assert form.locator('input[name="assessment-q1"][value="b"]').is_checked()
    assert form.locator('input[name="assessment-q4"]').input_value() == "25"
    assert form.locator('input[name="assessment-q4"]').is_disabled()
    assert "Your score: 80%" in sco.locator('[data-result="assessment"]').inner_text()
    go(sco, "case")
    discussion = sco.locator('[data-discussion="context-1"]')
    assert discussion.input_value() == "Our members are spread over three valleys."
    assert not discussion.is_editable()
    assert not sco.locator('[data-discussion="lessons-1"]').is_editable()
    go(sco, "exercise")
    assert sco.get_by_role("button", name="Save my response and self-assessment").is_disabled()

    _leave(lms)
    assert lms.page.evaluate("lms.calls") == []  # not one SetValue: status, score, state and exit untouched
    _assert_results_kept(lms, version)
    assert json.loads(lms.cmi()["suspend_data"])["x"]["exercise"]["k"] == 1


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_second_launch_after_completion_resumes_the_work_and_keeps_the_results(lms, version):
    first = _finish_the_module(lms, version)
    exit_element = "cmi.core.exit" if version == "1.2" else "cmi.exit"
    assert lms.sent(exit_element) == "suspend"  # so the LMS hands the state back next time

    sco = lms.launch(version, initial=_next_session(version, first))
    assert "Connected to your learning platform" in sco.locator("#fs-status").inner_text()
    assert "Your score: 80%" in sco.locator('[data-result="assessment"]').inner_text()
    go(sco, "case")
    assert sco.locator('[data-discussion="context-1"]').input_value() == "Our members are spread over three valleys."
    lms.close_sco()

    _assert_results_kept(lms, version)
    assert lms.sent(exit_element) == "suspend"
    assert json.loads(lms.sent("cmi.suspend_data"))["c"] == {"case": 1}


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_second_launch_that_finds_no_saved_state_lowers_nothing_and_saves_no_empty_state(lms, version):
    first = _finish_the_module(lms, version)

    sco = lms.launch(version, initial=_next_session(version, first, with_state=False))
    assert sco.locator("#fs-status").get_attribute("data-kind") == "connected"
    lms.close_sco()

    assert lms.sent("cmi.suspend_data") is None
    if version == "1.2":
        assert lms.sent("cmi.core.lesson_status") is None
        assert lms.sent("cmi.core.score.raw") is None
    else:
        assert lms.sent("cmi.completion_status") is None and lms.sent("cmi.progress_measure") is None
        assert lms.sent("cmi.success_status") is None and lms.sent("cmi.score.scaled") is None
    _assert_results_kept(lms, version)


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_worse_result_in_a_later_session_does_not_replace_a_better_one_the_lms_holds(lms, version):
    first = _finish_the_module(lms, version)

    sco = lms.launch(version, initial=_next_session(version, first, with_state=False))
    go(sco, "assessment")
    answer(sco, {"q1": "a", "q2": ["c"], "q3": "false", "q4": "1", "q5": "no"})  # 0 %
    assert "Your score: 0%" in sco.locator('[data-result="assessment"]').inner_text()
    lms.close_sco()

    _assert_results_kept(lms, version)
