"""The runtime without an LMS (a plain page, also from file://) and with an LMS whose calls fail: answers are
never lost silently, commits are retried, and the learner is told."""

from __future__ import annotations

import json


def _submit_first_question(sco, option: str = "b") -> None:
    sco.locator('nav a[data-nav="assessment"]').click()
    form = sco.locator("form.assessment")
    form.locator(f'input[name="assessment-q1"][value="{option}"]').check()
    sco.get_by_role("button", name="Submit my answers").click()
    sco.get_by_role("button", name="Submit my answers").click()  # second click submits with questions unanswered
    sco.locator('[data-result="assessment"] p').first.wait_for()


def test_without_an_lms_the_package_runs_as_a_plain_page_from_file_and_says_so(page, site):
    index = site["root"] / "pkg" / "1.2-en" / "sample" / "index.html"
    page.goto(index.as_uri())
    status = page.locator("#fs-status[data-kind]")
    status.wait_for()
    assert status.get_attribute("data-kind") == "standalone"
    assert "No learning platform found: this page works on its own" in status.inner_text()
    _submit_first_question(page)
    assert "Your score: 20% (1 of 5 points)." in page.locator('[data-result="assessment"]').inner_text()
    assert "Correct" in page.locator('[data-feedback="q1"]').inner_text()
    assert "Not answered" in page.locator('[data-feedback="q2"]').inner_text()
    page.reload()
    page.locator("#fs-status[data-kind]").wait_for()
    page.locator('nav a[data-nav="assessment"]').click()
    assert page.locator('input[name="assessment-q1"][value="b"]').is_checked()
    assert "Your score: 20%" in page.locator('[data-result="assessment"]').inner_text()


def test_without_an_lms_over_http_too(page, site):
    page.goto(f"{site['url']}/pkg/2004-es/sample/index.html")
    status = page.locator("#fs-status[data-kind]")
    status.wait_for()
    assert "No se encontró ninguna plataforma de aprendizaje" in status.inner_text()


def test_a_failing_lms_gets_retries_the_learner_is_told_and_nothing_is_lost(lms):
    sco = lms.launch("1.2", down=True)
    lms.sco_eval("() => FieldSchoolRuntime.configure({retryDelays: [100, 200, 300]})")
    sco.locator('#fs-status[data-kind="saving_failed"], #fs-status[data-kind="gave_up"]').wait_for()
    _submit_first_question(sco)
    # The learner sees the grade at once (grading is offline) ...
    assert "Your score: 20%" in sco.locator('[data-result="assessment"]').inner_text()
    # ... and, once the retries are used up, a plain message and a button to try again.
    sco.locator('#fs-status[data-kind="gave_up"]').wait_for()
    assert "is not saving your progress" in sco.locator("#fs-status").inner_text()
    assert sco.get_by_role("button", name="Try saving again").is_visible()
    assert lms.page.evaluate("lms.commitCalls") >= 4  # the first commit and three retries at least
    kept = lms.sco_eval("() => JSON.parse(localStorage.getItem('fieldschool:sample-course-sample-en:sample:local'))")
    assert kept["state"]["a"]["assessment"]["r"]["q1"] == "b"  # the browser's copy holds the answers
    assert lms.cmi()["suspend_data"] == ""  # the LMS really has nothing yet

    lms.page.evaluate("lms.down = false")
    sco.get_by_role("button", name="Try saving again").click()
    sco.locator('#fs-status[data-kind="saved_again"]').wait_for()
    assert sco.get_by_role("button", name="Try saving again").is_hidden()
    cmi = lms.cmi()
    assert json.loads(cmi["suspend_data"])["a"]["assessment"]["r"]["q1"] == "b"  # the refused values were re-sent
    assert cmi["core"]["score"]["raw"] == "20" and cmi["core"]["lesson_status"] == "failed"


def test_answers_newer_in_the_browser_than_in_the_lms_are_restored_and_the_learner_is_told(lms):
    sco = lms.launch("2004", down=True)
    lms.sco_eval("() => FieldSchoolRuntime.configure({retryDelays: [50]})")
    sco.locator('nav a[data-nav="case"]').click()
    sco.locator('[data-discussion="context-1"]').fill("Written while the platform was down.")
    sco.locator('#fs-status[data-kind="gave_up"]').wait_for()
    lms.close_sco()

    sco = lms.launch("2004")  # the platform is back, with no saved data for this learner
    assert sco.locator("#fs-status").get_attribute("data-kind") == "restored_local"
    assert "restored" in sco.locator("#fs-status").inner_text()
    sco.locator('nav a[data-nav="case"]').click()
    assert sco.locator('[data-discussion="context-1"]').input_value() == "Written while the platform was down."


def test_a_package_opened_in_a_new_window_finds_the_api_through_its_opener(page, site):
    page.goto(f"{site['url']}/host.html")
    page.evaluate("setup({version: '1.2'})")  # an LMS page holding the API, launching content in a new window
    with page.context.expect_page() as opened:
        page.evaluate("window.open('/pkg/1.2-en/sample/index.html', 'scowindow')")
    window = opened.value
    status = window.locator("#fs-status[data-kind]")
    status.wait_for()
    assert status.get_attribute("data-kind") == "connected"
    page.wait_for_function("() => sent('cmi.core.lesson_status') === 'incomplete'")
