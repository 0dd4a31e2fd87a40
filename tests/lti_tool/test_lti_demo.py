"""Demo mode: the home page's demo course launches activities and deep linking through the real LTI path."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.models import Platform


@pytest.fixture
def demo(tmp_path):
    from lti_live import Browser, LiveServer, make_app

    server = LiveServer()
    app = make_app(tmp_path, BASE_URL=server.url, DEMO_MODE=True)
    server.start(app)
    yield server, app, Browser()
    server.stop()


def links(html: str, role: str) -> dict[str, str]:
    return {m.group(2): unescape(m.group(1)) for m in
            re.finditer(r'<a href="([^"]+)" data-role="' + role + r'" data-item="([^"]+)"', html)}


def test_home_page_offers_the_demo_only_in_demo_mode(demo, client):
    server, _, browser = demo
    assert "/demo/" in browser.get(server.url + "/").text
    assert "/demo/" not in client.get("/").get_data(as_text=True)  # the plain app fixture: demo mode off
    assert client.get("/demo/").status_code == 404


def test_demo_launches_as_learner_and_instructor_through_lti(demo):
    server, app, browser = demo
    page = browser.get(server.url + "/demo/")
    assert "demo-banner" in page.text
    learner = links(page.text, "learner")
    assert set(learner) == {"sample.case", "sample.exercise", "sample.assessment"}
    activity = browser.get(server.url + learner["sample.case"])
    assert activity.status_code == 200 and "/lti/activity/" in activity.url
    assert "demo-banner" in activity.text and "you are viewing as an instructor" not in activity.text
    teacher = browser.get(server.url + links(page.text, "instructor")["sample.assessment"])
    assert "you are viewing as an instructor" in teacher.text
    with app.app_context():
        assert db.session.scalars(select(Platform)).one().source == "demo"
    platform = app.extensions["demo_platform"]
    assert len(platform.received("id_token")) == 2  # real, signed id_tokens


def test_demo_deep_linking_adds_items_to_the_demo_course(demo):
    server, app, browser = demo
    page = browser.get(server.url + "/demo/")
    deep = re.search(r'id="demo-deep-link" href="([^"]+)"', page.text).group(1)
    picker = browser.get(server.url + unescape(deep))
    assert "/lti/deep-link/" in picker.url
    received = browser.submit(picker, multi=[("item", "sample.exercise")])
    assert received.status_code == 200 and 'data-item="sample.exercise"' in received.text
    course = browser.get(server.url + "/demo/")
    assert "Added by deep linking" in course.text
