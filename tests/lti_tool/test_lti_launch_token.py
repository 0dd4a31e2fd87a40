"""The launch token that replaces the session cookie inside LMS iframes: it opens its own launch's pages (and posts,
with a CSRF token tied to it) from a browser that keeps no cookie; it cannot be forged, does not open another
launch, and expires."""

from __future__ import annotations

import re
import time
from html import unescape
from urllib.parse import parse_qs, urlsplit

import itsdangerous.timed
import requests
from itsdangerous import URLSafeTimedSerializer

from lti_tool.lti import launch_token

CASE = {"fieldschool_item": "sample.case"}


def token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["lt"][0]


def hidden(page_text: str, name: str) -> str:
    return unescape(re.search(rf'name="{name}" value="([^"]+)"', page_text).group(1))


def test_a_browser_without_cookies_uses_the_token_for_pages_and_posts(world):
    page = world.launch(custom=CASE)
    bare = page.url.split("?")[0]
    # A fresh client with no cookie: the token in the link opens the page, the hidden fields make posts work.
    shown = requests.get(bare, params={"lt": token_of(page.url)})
    assert shown.status_code == 200 and "Save answers" in shown.text
    fields = {"csrf_token": hidden(shown.text, "csrf_token"), "launch_token": hidden(shown.text, "launch_token")}
    case = world.tool_url("/lti/case/" + bare.rsplit("/", 1)[1])
    done = requests.post(case + "/answers", data={**fields, "answer-context-1": "a", "answer-lessons-1": "b"})
    assert done.status_code == 200 and "You completed this case study" in done.text
    # Scripts send the token in a header and get a fresh one back.
    saved = requests.post(case + "/answers", data={"csrf_token": fields["csrf_token"]},
                          headers={"X-Fieldschool-Launch": fields["launch_token"], "X-Requested-With": "fetch"})
    assert saved.status_code == 200 and "saved" in saved.json()
    assert saved.headers.get("X-Fieldschool-Launch-Refreshed")


def test_without_token_or_cookie_a_post_is_refused(world):
    page = world.launch(custom=CASE)
    bare = page.url.split("?")[0]
    shown = requests.get(bare, params={"lt": token_of(page.url)})
    # The CSRF token alone (no launch token, no cookie) opens nothing.
    case = world.tool_url("/lti/case/" + bare.rsplit("/", 1)[1])
    refused = requests.post(case + "/complete", data={"csrf_token": hidden(shown.text, "csrf_token")})
    assert refused.status_code in (400, 403)


def test_a_token_opens_only_its_own_launch(world):
    first = world.launch(custom=CASE, user="ana", resource_link={"id": "a"})
    second = world.launch(custom=CASE, user="bo", resource_link={"id": "b"})
    stolen = requests.get(second.url.split("?")[0], params={"lt": token_of(first.url)})
    assert stolen.status_code == 403


def test_a_forged_or_expired_token_is_refused(world, monkeypatch):
    page = world.launch(custom=CASE)
    bare = page.url.split("?")[0]
    launch_id = bare.rsplit("/", 1)[1]
    claims = URLSafeTimedSerializer(world.app.config["SECRET_KEY"], salt=launch_token.SALT).loads(token_of(page.url))
    assert claims["l"] == launch_id
    forged = URLSafeTimedSerializer("not-the-secret", salt=launch_token.SALT).dumps(claims)
    assert requests.get(bare, params={"lt": forged}).status_code == 403
    # A token issued longer ago than LAUNCH_TOKEN_TTL (signed with a clock set back) no longer opens the page.
    set_back = time.time() - world.app.config["LAUNCH_TOKEN_TTL"] - 60
    with monkeypatch.context() as clock, world.app.test_request_context():
        clock.setattr(itsdangerous.timed.time, "time", lambda: set_back)
        expired = launch_token.issue(launch_id, claims["u"], claims["c"])
    assert requests.get(bare, params={"lt": expired}).status_code == 403
    assert requests.get(bare, params={"lt": token_of(page.url)}).status_code == 200


def test_the_launch_sets_the_session_once_and_its_page_posts_with_the_cookie_alone(world):
    page = world.launch(custom=CASE)
    launch = next(r for r in page.history if r.request.method == "POST" and "/lti/launch" in r.url)
    assert "fieldschool_session" in launch.cookies  # the launch binds itself (and its CSRF secret) to the browser
    assert "fieldschool_session" not in page.cookies  # so its page, a GET, sends no new session cookie
    # A post from that page carrying no launch token passes CSRF on the session cookie alone.
    case = world.tool_url("/lti/case/" + page.url.split("?")[0].rsplit("/", 1)[1])
    done = world.browser.http.post(case + "/answers", data={
        "csrf_token": hidden(page.text, "csrf_token"), "answer-context-1": "a", "answer-lessons-1": "b"})
    assert done.status_code == 200 and "You completed this case study" in done.text
