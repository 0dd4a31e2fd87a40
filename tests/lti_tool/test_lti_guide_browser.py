"""Headless Chromium, inside an LMS course page on another origin: an instructor opens the facilitator's guide from
the case study, a learner folds the one-page summary away; both pages pass axe-core when it is installed."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from lti_live import tool_frame

from curriculum import default_course

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parents[1] / "scorm_export" / "node" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MODULE = default_course().module("experiences")
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium at /usr/bin/chromium")


@pytest.fixture
def lms(tmp_path):
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, tool_host="localhost", LTI_COOKIE_CHECK=True, CURRICULUM_PATH=None)
    yield world
    world.stop()


@pytest.fixture
def page(lms, cookie_friendly_context):
    """A page (800×900) in a Chromium profile that allows third-party cookies, axe-core served from the tool."""
    context = cookie_friendly_context
    if AXE.exists():
        context.route(lms.tool_url("/__test__/axe.js"), lambda route: route.fulfill(
            path=str(AXE), content_type="application/javascript"))
    page = context.new_page()
    page.set_viewport_size({"width": 800, "height": 900})
    return page



def _serious_violations(frame, world) -> list[str]:
    if not AXE.exists():
        return []
    frame.add_script_tag(url=world.tool_url("/__test__/axe.js"))
    result = frame.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [f"{v['id']} ({v['impact']}): {v['help']}" for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


def _course_page(world, **params) -> str:
    return world.platform.url(f"/course/{world.client_id}?" + urlencode(params))


def test_an_instructor_opens_the_guide_from_the_case_study(lms, page):
    page.goto(_course_page(lms, item="experiences.case", role="Instructor", link="case-link", user="teacher"))
    frame = tool_frame(page, lms)
    frame.get_by_role("link", name="Facilitator's guide").click()
    frame = tool_frame(page, lms)
    guide = MODULE.guide("en")
    frame.get_by_role("heading", name=guide.title, level=1).wait_for(timeout=15000)
    frame = tool_frame(page, lms)
    assert frame.get_by_role("table").first.is_visible()
    assert frame.get_by_role("heading", name=guide.section("low-literacy").title).is_visible()
    assert _serious_violations(frame, lms) == []


def test_a_learner_folds_the_one_page_summary_away(lms, page):
    page.goto(_course_page(lms, item="experiences.case", role="Learner", link="case-link", user="ana"))
    frame = tool_frame(page, lms)
    summary = MODULE.summary("en")
    first_lesson = frame.get_by_text(summary.lessons[0])
    first_lesson.wait_for(timeout=15000)
    assert first_lesson.is_visible()
    assert frame.get_by_role("link", name=re.compile("Facilitator")).count() == 0
    frame.locator("details.one-page > summary").click()
    assert not first_lesson.is_visible()
    assert _serious_violations(frame, lms) == []
