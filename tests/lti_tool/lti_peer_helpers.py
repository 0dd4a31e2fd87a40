"""Helpers for the peer-exercise tests: a class of learners (each with their own browser) launching one link."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lti_live import Browser, parse

from lti_tool.devplatform.platform import INSTRUCTOR

ITEM = "sample.exercise"


@dataclass
class Member:
    sub: str
    browser: Browser
    page: object  # the landing response
    launch_id: str

    def url(self, world, path: str = "") -> str:
        return world.tool_url(f"/lti/peer/{self.launch_id}/{path}")

    def csrf(self) -> str:
        return parse(self.page.text).forms[0].fields.get("csrf_token", "") if parse(self.page.text).forms else ""


def launch_member(world, sub: str, *, instructor: bool = False, link: str = "peer-1", course: str = "course-1",
                  lineitem: str | None = None, custom: dict | None = None, name: str | None = None,
                  browser: Browser | None = None) -> Member:
    browser = browser or Browser()
    page = world.launch(browser=browser, user=sub, roles=INSTRUCTOR if instructor else None,
                        custom={"fieldschool_item": ITEM, **(custom or {})},
                        resource_link={"id": link, "title": "Peer exercise"},
                        context={"id": course, "label": course, "title": course}, lineitem=lineitem,
                        person={"name": name or sub.replace("-", " ").title()})
    assert page.status_code == 200, page.text[:500]
    match = re.search(r"/lti/peer/([^/]+)/", page.url)
    assert match, page.url
    return Member(sub, browser, page, match.group(1))


def token(member: Member) -> str:
    """The session's CSRF token, from the landing page (Flask-WTF tokens live as long as the session)."""
    for form in parse(member.page.text).forms:
        if "csrf_token" in form.fields:
            return form.fields["csrf_token"]
    raise AssertionError("no CSRF token on the page")


def launch_fields(member: Member) -> dict[str, str]:
    """The hidden fields every form of the launch's pages carries: the CSRF token and the launch token."""
    for form in parse(member.page.text).forms:
        if "csrf_token" in form.fields:
            return {name: form.fields[name] for name in ("csrf_token", "launch_token") if name in form.fields}
    raise AssertionError("no CSRF token on the page")


def post(world, member: Member, path: str, data: dict | None = None, files=None):
    """A form post as the launch's pages make it (with their hidden CSRF and launch tokens)."""
    payload = {**launch_fields(member), **(data or {})}
    return member.browser.http.post(member.url(world, path), data=payload, files=files)


def submit(world, member: Member, text: str, files=None):
    return post(world, member, "submit", {"text": text}, files=files)


def request_review(world, member: Member):
    return post(world, member, "review")


def current_lease_form(world, member: Member):
    page = member.browser.http.get(member.url(world, "review"))
    forms = [f for f in parse(page.text).forms if "/review/" in f.action]
    return page, (forms[0] if forms else None)


def review(world, member: Member, levels: dict[str, int], comment: str = "Good work"):
    page, form = current_lease_form(world, member)
    assert form is not None, page.text[:800]
    data = {f"level-{k}": str(v) for k, v in levels.items()}
    data.update({f"comment-{k}": f"{comment} on {k}" for k in levels})
    data["overall"] = comment
    data["csrf_token"] = form.fields["csrf_token"]
    return member.browser.http.post(world.tool_url(form.action), data=data)
