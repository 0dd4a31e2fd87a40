"""Helpers for activity tests: launches of one item on one link as a learner or an instructor, reading pages."""

from __future__ import annotations

import re
from html import unescape

from lti_live import Browser

from lti_tool.extensions import db
from lti_tool.grades import outbox

INSTRUCTOR = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"]


def launch(world, item: str, user: str = "learner-1", link: str = "link-1", lineitem: str | None = None,
           instructor: bool = False, browser: Browser | None = None, context: dict | None = None, **spec):
    return world.launch(browser=browser or Browser(), user=user, custom={"fieldschool_item": item},
                        resource_link={"id": link, "title": item}, lineitem=lineitem,
                        roles=INSTRUCTOR if instructor else None, context=context, **spec)


def launch_id(page) -> str:
    return re.search(r"/lti/activity/([^/?#]+)", page.url).group(1)


def textarea(page, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>(.*?)</textarea>', page.text, re.S)
    return unescape(match.group(1)) if match else None


def csrf(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def question_ids(page) -> list[str]:
    return re.findall(r'<fieldset class="question" id="question-([^"]+)"', page.text)


def drain(world) -> outbox.DrainReport:
    with world.app.app_context():
        try:
            return outbox.flush()
        finally:
            db.session.remove()


def tool_base(world) -> str:
    return world.app.config["BASE_URL"]
