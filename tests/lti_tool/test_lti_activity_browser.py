"""Headless Chromium: a learner takes a case study and an assessment inside an iframe of an LMS course page on
another origin (platform on 127.0.0.1, tool on localhost). Cookies, CSRF-protected posts (autosave included) and
grade passback all work there, no Content-Security-Policy violation occurs, and every page passes axe-core's
WCAG 2.0/2.1 A and AA rules with no serious or critical violation."""

from __future__ import annotations

import os
import re
from urllib.parse import urlencode

import pytest
from lti_live import AXE, tool_frame, tool_test_page

CHROMIUM = "/usr/bin/chromium"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
pytestmark = [
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium at /usr/bin/chromium"),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core comes with 'make test' (npm ci in tests/scorm_export/node)"),
]


@pytest.fixture
def lms(tmp_path):
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, tool_host="localhost", LTI_COOKIE_CHECK=True)
    assert world.tool_url("").startswith("http://localhost:") and world.platform.issuer.startswith("http://127.")
    yield world
    world.stop()


@pytest.fixture
def browser_page(lms, cookie_friendly_context):
    """A page in a Chromium profile that allows third-party cookies (as most LMS users' browsers still do)."""
    return tool_test_page(cookie_friendly_context, lms)


def course_page(world, **params) -> str:
    return world.platform.url(f"/course/{world.client_id}?" + urlencode(params))



def serious_violations(frame, world) -> list[str]:
    frame.add_script_tag(url=world.tool_url("/__test__/axe.js"))
    result = frame.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def flush(world) -> None:
    from lti_tool.extensions import db
    from lti_tool.grades import outbox

    with world.app.app_context():
        outbox.flush()
        db.session.remove()


def test_a_case_study_and_an_assessment_inside_a_cross_origin_iframe(lms, browser_page):
    page, world = browser_page, lms
    case_item = world.platform.create_line_item("course-1", {"label": "Case", "scoreMaximum": 100})["id"]
    quiz_item = world.platform.create_line_item("course-1", {"label": "Quiz", "scoreMaximum": 100})["id"]

    # The case study: answers autosave (fetch + CSRF header inside the iframe) and survive a reload
    page.goto(course_page(world, item="sample.case", role="Learner", link="case-link", user="ana",
                          lineitem=case_item))
    frame = tool_frame(page, world)
    frame.locator("article h1").wait_for(timeout=15000)
    assert page.url.startswith(world.platform.issuer)
    assert serious_violations(frame, world) == []
    page.set_viewport_size({"width": 360, "height": 740})  # a phone: the LMS page and its iframe narrow
    assert serious_violations(frame, world) == []
    page.set_viewport_size({"width": 800, "height": 900})
    answer = frame.get_by_label("How is your context different?")
    answer.fill("Our cooperative is younger.")
    frame.locator("#s-context .save-status", has_text="Saved").wait_for(timeout=10000)
    page.reload()  # the LMS page again: a new launch, the answer comes back from the server
    frame = tool_frame(page, world)
    frame.locator("article h1").wait_for(timeout=15000)
    assert frame.get_by_label("How is your context different?").input_value() == "Our cooperative is younger."
    # the core's rule: the last discussion answer completes the case (no button)
    assert frame.get_by_role("button", name="Mark complete").count() == 0
    frame.get_by_label("Which lesson applies to you?").fill("Start with the records.")
    frame.get_by_text("You have completed this case study.").wait_for(timeout=10000)
    flush(world)
    [completion] = world.platform.scores
    assert (completion["lineitem"], completion["userId"], completion["activityProgress"]) == (
        case_item, "ana", "Completed")

    # The assessment: nothing to find before submitting, graded on the server, feedback after
    page.goto(course_page(world, item="sample.assessment", role="Learner", link="quiz-link", user="ana",
                          lineitem=quiz_item))
    frame = tool_frame(page, world)
    frame.locator("form.questions").wait_for(timeout=15000)
    assert serious_violations(frame, world) == []
    frame.get_by_label("The people who lived it").check()
    frame.get_by_label("Recover the process").check()
    frame.get_by_label("Draw lessons").check()
    frame.locator("#question-q3").get_by_label("True").check()
    frame.locator("#q-q4").fill("25")
    frame.locator("#q-q5").focus()
    page.keyboard.type("eje")  # the keyboard works too
    frame.get_by_role("button", name="Submit answers").click()
    frame.get_by_text("Your score: 100 %").wait_for(timeout=10000)
    assert re.search(r"/lti/assessment/[^/]+/attempt/1$", tool_frame(page, world).url.split("?")[0])
    assert serious_violations(tool_frame(page, world), world) == []
    flush(world)
    score = world.platform.scores[-1]
    assert (score["lineitem"], score["userId"], score["scoreGiven"], score["scoreMaximum"]) == (
        quiz_item, "ana", 5.0, 5.0)
    assert (score["activityProgress"], score["gradingProgress"]) == ("Submitted", "FullyGraded")
    assert page.csp_errors == []


def test_the_results_page_passes_axe(lms, browser_page):
    page, world = browser_page, lms
    quiz_item = world.platform.create_line_item("course-1", {"label": "Quiz", "scoreMaximum": 100})["id"]
    world.platform.members["course-1"] = [{"user_id": "ana", "name": "Ana", "status": "Active",
                                           "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]}]
    page.goto(course_page(world, item="sample.assessment", role="Instructor", link="quiz-link", user="teacher",
                          lineitem=quiz_item))
    frame = tool_frame(page, world)
    frame.get_by_role("link", name="Results for this activity").click()
    frame = tool_frame(page, world)
    frame.get_by_role("heading", name=re.compile("^Results")).wait_for(timeout=15000)
    frame = tool_frame(page, world)
    assert "Ana" in frame.content()
    assert serious_violations(frame, world) == []
    page.set_viewport_size({"width": 360, "height": 740})
    assert serious_violations(frame, world) == []
    assert page.csp_errors == []


def test_an_answer_typed_before_the_autosave_script_arrives_is_saved_all_the_same(browser_page, lms):
    """On a slow link the page shows before its deferred script runs; what the learner typed meanwhile is saved once
    the script arrives (it compares every answer with what the server sent)."""
    page, world = browser_page, lms
    held = []

    def hold(route):
        held.append(route)

    page.context.route("**/static/autosave.js*", hold)  # the script is late, as on a slow, costly link
    try:
        page.goto(course_page(world, item="sample.case", role="Learner", link="late-link", user="bea"))
        frame = tool_frame(page, world)
        frame.locator("article h1").wait_for(timeout=15000)
        frame.get_by_label("How is your context different?").fill("Typed before the script ran.")
        for _ in range(150):
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the page never asked for its autosave script"
        held[0].continue_()
        frame.locator("#s-context .save-status", has_text="Saved").wait_for(timeout=15000)
    finally:
        page.context.unroute("**/static/autosave.js*", hold)
    page.reload()
    frame = tool_frame(page, world)
    frame.locator("article h1").wait_for(timeout=15000)
    assert frame.get_by_label("How is your context different?").input_value() == "Typed before the script ran."
