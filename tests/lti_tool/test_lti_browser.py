"""Headless Chromium: a launch and the deep-linking picker inside an iframe of an LMS page on another origin
(the platform on 127.0.0.1, the tool on localhost), with the third-party-cookie check on, as an LMS shows them.

With third-party cookies allowed (a browser profile that allows them, as most LMS users' browsers still do) the
whole flow happens in the iframe. With Chromium's default of blocking them and an LMS page without a postMessage
storage frame, the tool's Secure cookies are ``Partitioned`` (CHIPS), so Chromium keeps them for the LMS's site
and the launch still completes in the iframe. (Without any cookie at all: test_lti_cookieless_browser.py.)
"""

from __future__ import annotations

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium at /usr/bin/chromium")


@pytest.fixture
def cross_origin(tmp_path):
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, tool_host="localhost", LTI_COOKIE_CHECK=True)
    assert world.tool_url("").startswith("http://localhost:") and world.platform.issuer.startswith("http://127.")
    yield world
    world.stop()


@pytest.fixture
def page(cookie_friendly_context):
    """A page in a Chromium profile that allows third-party cookies."""
    page = cookie_friendly_context.new_page()
    page.set_viewport_size({"width": 1280, "height": 720})
    return page


@pytest.fixture
def strict_page(chromium):
    """A page in Chromium's default profile, which blocks third-party cookies."""
    return chromium.new_context().new_page()


def tool_frame(page):
    page.wait_for_selector("#tool-frame")
    return page.frame_locator("#tool-frame")


def test_launch_inside_a_cross_origin_iframe(cross_origin, page):
    course = cross_origin.platform.url(f"/course/{cross_origin.client_id}?item=sample.case&role=Learner&link=l1")
    page.goto(course)
    frame = tool_frame(page)
    heading = frame.locator("article h1")
    heading.wait_for(timeout=15000)
    with cross_origin.app.app_context():
        from lti_tool.services.course import get_course

        assert heading.inner_text() == get_course().find_item("sample.case").title
    assert page.url.startswith(cross_origin.platform.issuer)  # the LMS page stayed where it was
    assert len(cross_origin.platform.received("id_token")) == 1


def test_deep_linking_picker_inside_a_cross_origin_iframe(cross_origin, page):
    course = cross_origin.platform.url(f"/course/{cross_origin.client_id}?message_type=LtiDeepLinkingRequest"
                                       "&role=Instructor&user=teacher-1")
    page.goto(course)
    frame = tool_frame(page)
    frame.locator("#item-sample\\.assessment").wait_for(timeout=15000)
    frame.get_by_label(cross_origin_title(cross_origin, "sample.assessment")).check()
    frame.locator("#item-sample\\.case").focus()
    page.keyboard.press("Space")  # keyboard works too
    frame.get_by_role("button", name="Add to course").click()
    frame.locator("#received-items").wait_for(timeout=15000)
    items = cross_origin.platform.received("deep_link_response")[0]["items"]
    assert sorted(i["custom"]["fieldschool_item"] for i in items) == ["sample.assessment", "sample.case"]
    assert all(i["lineItem"]["scoreMaximum"] == 100 for i in items)


def cross_origin_title(world, item_id: str) -> str:
    with world.app.app_context():
        from lti_tool.services.course import get_course

        return get_course().find_item(item_id).title


def test_blocked_third_party_cookies_still_launch_in_the_iframe_with_partitioned_cookies(cross_origin, strict_page):
    page = strict_page
    page.goto(cross_origin.platform.url(
        f"/course/{cross_origin.client_id}?item=sample.case&role=Learner&link=l2&storage=0"))
    frame = tool_frame(page)
    heading = frame.locator("article h1")
    heading.wait_for(timeout=15000)
    assert heading.inner_text() == cross_origin_title(cross_origin, "sample.case")
    assert len(cross_origin.platform.received("id_token")) == 1
    cookies = page.context.cookies(cross_origin.tool_url("/"))
    assert {c["name"].split("-")[0] for c in cookies} == {"lti1p3", "fieldschool_session"}
    assert all(c.get("partitionKey") and c["secure"] and c["sameSite"] == "None" for c in cookies)
