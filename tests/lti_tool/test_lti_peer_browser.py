"""Headless Chromium: the peer exercise inside an LMS iframe on another origin. Two learners write (autosave,
server preview), submit and review each other; the instructor opens the grading page, grades with the rubric and
releases; the learner sees the grade and the platform's AGS endpoint has it. Pages pass axe-core's WCAG 2.1 AA
rules with no serious violation when axe-core is installed (``make test`` installs it)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlencode

import pytest
from lti_live import AXE, tool_frame, tool_test_page

CHROMIUM = "/usr/bin/chromium"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium at /usr/bin/chromium")


@pytest.fixture
def lms(tmp_path):
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, tool_host="localhost", LTI_COOKIE_CHECK=True)
    yield world
    world.stop()


@pytest.fixture
def page(lms, cookie_friendly_context):
    """A page in a Chromium profile that allows third-party cookies (as most LMS users' browsers still do)."""
    return tool_test_page(cookie_friendly_context, lms)


def open_as(page, world, user: str, role: str, lineitem: str):
    page.goto(world.platform.url(f"/course/{world.client_id}?" + urlencode(
        {"item": "sample.exercise", "role": role, "link": "peer-link", "user": user, "lineitem": lineitem})))
    frame = tool_frame(page, world, "/lti/peer/")
    frame.locator("h1").first.wait_for(timeout=15000)
    return frame


def axe_violations(frame, world) -> list[str]:
    if not AXE.exists():
        return []
    frame.add_script_tag(url=world.tool_url("/__test__/axe.js"))
    result = frame.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("serious", "critical")]


def write_and_submit(frame, text: str) -> None:
    editor = frame.locator("#response-text")
    editor.fill(text)
    frame.locator("#draft-status").filter(has_text="UTC").wait_for(timeout=10000)  # autosaved
    frame.get_by_role("button", name="Preview").click()
    frame.locator("#preview strong").wait_for(timeout=10000)  # rendered on the server
    frame.get_by_role("button", name="Submit my response").click()
    frame.get_by_text("Your response was submitted").wait_for(timeout=10000)


def choose(frame, selector: str) -> None:
    """Pick a radio button (by clicking it, as a person does), and make sure it took."""
    radio = frame.locator(selector)
    for _ in range(5):
        radio.click()
        if radio.is_checked():
            return
        frame.wait_for_timeout(200)
    raise AssertionError(f"{selector} could not be chosen")


def review_peer(frame, levels: dict[str, int]) -> None:
    frame.get_by_role("button", name="Review a peer's response").click()
    frame.locator("#review-form").wait_for(timeout=10000)
    for criterion, level in levels.items():
        choose(frame, f"#r-{criterion}-{level}")
        frame.locator(f"#r-comment-{criterion}").fill(f"Comment on {criterion}")
    frame.locator("#r-overall").fill("Clear and useful.")
    frame.get_by_role("button", name="Submit my review").click()
    frame.get_by_text("your review was saved").wait_for(timeout=10000)


def test_learners_submit_review_and_see_the_grade_and_the_instructor_grades(lms, page):
    world = lms
    lineitem = world.platform.create_line_item("course-1", {"label": "Peer", "scoreMaximum": 100})["id"]

    ana = open_as(page, world, "ana", "Learner", lineitem)
    assert axe_violations(ana, world) == []
    write_and_submit(ana, "Our **records** are kept in a ledger.")
    assert "Submitted: version 1." in ana.content()

    ben = open_as(page, world, "ben", "Learner", lineitem)
    write_and_submit(ben, "We use a **spreadsheet** every week.")
    review_peer(ben, {"evidence": 3, "clarity": 1})

    ana = open_as(page, world, "ana", "Learner", lineitem)
    review_peer(ana, {"evidence": 2, "clarity": 1})
    assert "Reviewer 1" in ana.content()  # ben's review of ana, anonymous
    assert "ben" not in ana.locator("#received").inner_text().lower()

    teacher = open_as(page, world, "teacher", "Instructor", lineitem)
    teacher.get_by_role("link", name="ana").click()
    teacher.locator("#grade").wait_for(timeout=10000)
    assert axe_violations(teacher, world) == []
    assert "Our records are kept in a ledger." in teacher.locator(".response").first.inner_text()
    choose(teacher, "#g-evidence-3")
    choose(teacher, "#g-clarity-1")
    teacher.locator("#reason").fill("Evidence is dated and sourced.")
    teacher.get_by_role("button", name="Save grade").click()
    teacher.get_by_text("Grade: 100%").wait_for(timeout=10000)
    teacher.get_by_role("link", name="Back to the class").click()
    teacher.get_by_role("button", name="Release grades").click()
    teacher.get_by_text("grades were sent to the gradebook").wait_for(timeout=10000)

    from lti_tool.extensions import db
    from lti_tool.grades import outbox

    with world.app.app_context():
        outbox.flush()
        db.session.remove()
    scores = {s["userId"]: s["scoreGiven"] for s in world.platform.scores if s["lineitem"] == lineitem}
    assert scores == {"ana": 100.0, "ben": 80.0}  # ben: the median of his one review

    ana = open_as(page, world, "ana", "Learner", lineitem)
    assert "Your grade: 100%" in ana.locator("#received").inner_text()
    assert axe_violations(ana, world) == []
    assert page.csp_errors == []


def test_the_preview_says_so_when_a_learner_asks_too_often(lms, page):
    world = lms
    world.app.config["PREVIEWS_PER_MINUTE"] = 2
    lineitem = world.platform.create_line_item("course-1", {"label": "Peer", "scoreMaximum": 100})["id"]
    ana = open_as(page, world, "ana", "Learner", lineitem)
    assert ana.locator("#response-text").get_attribute("maxlength") == "50000"
    ana.locator("#response-text").fill("Our **records**.")
    preview = ana.get_by_role("button", name="Preview")
    for _ in range(2):
        preview.click()
        ana.locator("#preview strong").wait_for(timeout=10000)
        ana.evaluate("document.getElementById('preview').innerHTML = ''")
    preview.click()
    ana.locator("#preview").filter(has_text="Too many previews").wait_for(timeout=10000)
    assert ana.locator("#preview strong").count() == 0
    assert "Our **records**." == ana.locator("#response-text").input_value()  # the text is untouched


def test_a_zip_bomb_attached_in_the_browser_is_refused_with_a_message_and_nothing_is_kept(lms, page):
    from test_lti_peer_attachments import ODT_BOMB

    world = lms
    lineitem = world.platform.create_line_item("course-1", {"label": "Peer", "scoreMaximum": 100})["id"]
    ana = open_as(page, world, "ana", "Learner", lineitem)
    ana.locator("#response-text").fill("My notes are attached.")
    ana.locator("#files").set_input_files(files=[{"name": "notes.odt", "mimeType": "application/octet-stream",
                                                  "buffer": ODT_BOMB}])
    ana.get_by_role("button", name="Submit my response").click()
    ana.get_by_text("This office file could not be checked").wait_for(timeout=10000)
    assert "My notes are attached." in ana.locator("#response-text").input_value()  # the draft was kept
    stored = Path(world.app.instance_path) / "peer_files"
    assert [p for p in stored.rglob("*") if p.is_file()] == []
