"""The facilitator's guide in the LTI tool: instructors reach it from their views of the module's activities,
learners never see it; the case's one-page summary opens the case page for everyone."""

from __future__ import annotations

import re
from html import unescape

import pytest
from lti_activity_helpers import launch, launch_id, tool_base
from lti_live import Browser, LtiWorld

from curriculum import default_course

COURSE = default_course()
MODULE = COURSE.module("experiences")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    world = LtiWorld(tmp_path_factory.mktemp("guide"), CURRICULUM_PATH=None)
    yield world
    world.stop()


def _guide_url(world, page) -> str:
    return f"{tool_base(world)}/lti/guide/{launch_id(page)}"


def _guide_link(world, page, launch: str) -> str | None:
    """The page's link to the guide of this launch (with its launch token, when pages carry one), absolute."""
    found = re.search(rf'href="(/lti/guide/{re.escape(launch)}(?:\?[^"]*)?)"', unescape(page.text))
    return f"{tool_base(world)}{found.group(1)}" if found else None


@pytest.mark.parametrize("item", ["experiences.case", "experiences.assessment"])
def test_an_instructor_finds_the_guide_from_the_activity(shipped, item):
    teacher = Browser()
    page = launch(shipped, item, user="teacher", instructor=True, browser=teacher, link=f"guide-{item}")
    link = _guide_link(shipped, page, launch_id(page))
    assert link is not None
    guide = teacher.get(link)
    guide_en, text = MODULE.guide("en"), unescape(guide.text)
    assert guide.status_code == 200
    assert guide_en.title in text and all(step.title in text for step in guide_en.activities)
    assert guide_en.section("low-literacy").title in text
    assert f"{guide_en.session_minutes} minutes" in text


def test_the_guide_follows_the_launch_language(shipped):
    teacher = Browser()
    page = launch(shipped, "experiences.case", user="teacher-es", instructor=True, browser=teacher, link="guide-es",
                  locale="es")
    guide = teacher.get(_guide_link(shipped, page, launch_id(page)))
    assert guide.status_code == 200 and MODULE.guide("es").title in unescape(guide.text)


def test_the_peer_exercise_instructor_view_links_to_the_guide(shipped):
    teacher = Browser()
    page = launch(shipped, "experiences.exercise", user="teacher", instructor=True, browser=teacher,
                  link="guide-peer")
    peer_launch = re.search(r"/lti/peer/([^/?#]+)/", page.url).group(1)
    roster = teacher.get(f"{tool_base(shipped)}/lti/peer/{peer_launch}/instructor/")
    assert roster.status_code == 200
    link = _guide_link(shipped, roster, peer_launch)
    assert link is not None and teacher.get(link).status_code == 200


def test_a_learner_neither_sees_nor_opens_the_guide(shipped):
    learner = Browser()
    page = launch(shipped, "experiences.case", user="learner-guide", browser=learner, link="guide-learner")
    assert "/lti/guide/" not in page.text
    token = re.search(r'name="launch_token" value="([^"]+)"', page.text)  # the learner's own, valid launch token
    assert token is not None
    refused = learner.get(_guide_url(shipped, page), lt=token.group(1))
    assert refused.status_code == 403
    assert MODULE.guide("en").title not in unescape(refused.text)
    assert MODULE.guide("en").section("low-literacy").title not in unescape(refused.text)


def test_the_case_page_opens_with_the_one_page_summary(shipped):
    learner = Browser()
    page = launch(shipped, "experiences.case", user="learner-summary", browser=learner, link="summary")
    summary = MODULE.summary("en")
    start = page.text.index('<details class="one-page" open')
    assert start < page.text.index('<section class="facts"')
    text = unescape(page.text)
    assert summary.title in text and all(f"<strong>{f.value}</strong>" in text for f in summary.figures)
    assert all(lesson in text for lesson in summary.lessons)
