"""Headless Chromium with third-party cookies blocked, the LMS page on another site (platform on 127.0.0.1, tool on
localhost) and the tool's cookies unusable in its iframe (plain ``SameSite=Lax`` cookies, which a cross-site frame
never stores or sends): a learner's launch, an autosave and a form post, and a teacher's deep link all work with no
cookie at all, through the platform's postMessage storage frame (the OIDC state) and the signed launch token in the
page (the session). Without a storage frame, the new window is the last resort, and a deep-linking answer made
there still reaches the LMS page through the frame that opened it."""

from __future__ import annotations

import os
import re
from urllib.parse import urlencode

import pytest
import requests
from lti_live import tool_frame

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--test-third-party-cookie-phaseout"]
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium at /usr/bin/chromium")


class CookieRecorder:
    """WSGI middleware noting every request path that reached the tool with a Cookie header."""

    def __init__(self, app) -> None:
        self.app = app
        self.with_cookies: list[str] = []
        self.paths: list[str] = []

    def __call__(self, environ, start_response):
        self.paths.append(environ.get("PATH_INFO", ""))
        if environ.get("HTTP_COOKIE"):
            self.with_cookies.append(environ.get("PATH_INFO", ""))
        return self.app(environ, start_response)


@pytest.fixture
def lms(tmp_path):
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, tool_host="localhost", LTI_COOKIE_CHECK=True, COOKIES_SECURE=False)
    assert world.tool_url("").startswith("http://localhost:") and world.platform.issuer.startswith("http://127.")
    world.recorder = CookieRecorder(world.app)
    world.tool_server._holder.app = world.recorder
    yield world
    world.stop()


@pytest.fixture
def page(chromium):
    """A page in a Chromium that blocks third-party cookies."""
    return chromium.new_context().new_page()


def course_page(world, **params) -> str:
    return world.platform.url(f"/course/{world.client_id}?" + urlencode(params))



def stored_answer(world, text: str) -> bool:
    from sqlalchemy import text as sql

    from lti_tool.extensions import db

    with world.app.app_context():
        rows = db.session.execute(sql("SELECT text FROM case_answer")).scalars().all()
        db.session.remove()
    return text in rows


def used_states(world) -> list[str]:
    states = [r["params"]["state"] for r in world.platform.received("auth")]
    with world.app.app_context():
        from lti_tool.lti import platform_storage

        return [s for s in states if platform_storage.state_used(s)]


def test_learner_launch_autosave_and_form_post_with_no_cookie_at_all(lms, page):
    world = lms
    page.goto(course_page(world, item="sample.case", role="Learner", link="case-link", user="ana"))
    frame = tool_frame(page, world, "/lti/activity/")
    frame.locator("article h1").wait_for(timeout=15000)
    assert page.url.startswith(world.platform.issuer)  # the LMS page stayed where it was
    # The OIDC state went through the platform's storage frame and was used once.
    assert len(used_states(world)) == 1

    answer = frame.get_by_label("How is your context different?")
    answer.fill("Our cooperative is younger.")  # autosave: fetch with the launch token in a header
    frame.locator("#s-context .save-status", has_text="Saved").wait_for(timeout=10000)
    assert stored_answer(world, "Our cooperative is younger.")

    frame.get_by_label("Which lesson applies to you?").fill("Start with the records.")
    # a plain form post: token in a hidden field (the last answer completes the case)
    frame.get_by_role("button", name="Save answers").first.click()
    frame.get_by_text("Your answers are saved.").wait_for(timeout=10000)
    frame.get_by_text("You completed this case study").wait_for(timeout=10000)
    assert world.recorder.with_cookies == []  # no request to the tool carried a cookie
    assert any(p.startswith("/lti/launch/storage") for p in world.recorder.paths)


def test_teacher_deep_link_with_no_cookie_at_all(lms, page):
    world = lms
    page.goto(course_page(world, message_type="LtiDeepLinkingRequest", role="Instructor", user="teacher-1"))
    frame = tool_frame(page, world, "/lti/deep-link/")
    frame.locator("#item-sample\\.case").wait_for(timeout=15000)
    frame.locator("#f-type").select_option("case_study")  # the filter form (GET) keeps the launch
    frame.get_by_role("button", name="Filter").click()
    frame = tool_frame(page, world, "/lti/deep-link/")
    frame.locator("#item-sample\\.case").check()
    frame.get_by_role("button", name="Add to course").click()
    page.frame_locator("#tool-frame").locator("#received-items").wait_for(timeout=15000)
    items = world.platform.received("deep_link_response")[0]["items"]
    assert [i["custom"]["fieldschool_item"] for i in items] == ["sample.case"]
    assert world.recorder.with_cookies == []


def test_without_a_storage_frame_the_new_window_brings_the_deep_link_back_to_the_lms_frame(lms, page):
    world = lms
    page.goto(course_page(world, message_type="LtiDeepLinkingRequest", role="Instructor", user="teacher-1",
                          storage="0"))
    frame = page.frame_locator("#tool-frame")
    link = frame.get_by_role("link", name="Open the activity in a new window")
    link.wait_for(timeout=15000)
    with page.context.expect_page() as popup_info:
        link.click()
    popup = popup_info.value
    popup.locator("#item-sample\\.assessment").wait_for(timeout=15000)
    popup.locator("#item-sample\\.assessment").check()
    popup.get_by_role("button", name="Add to course").click()
    # The answer is posted from the LMS's own frame, so the LMS page receives it there.
    frame.locator("#received-items").wait_for(timeout=15000)
    items = world.platform.received("deep_link_response")[0]["items"]
    assert [i["custom"]["fieldschool_item"] for i in items] == ["sample.assessment"]


def test_the_storage_frame_answers_registered_tools_only(lms, page):
    world = lms
    page.goto(course_page(world, item="sample.case", role="Learner", link="l9", user="bo"))
    page.wait_for_selector("#storage-frame", state="attached")
    page.wait_for_load_state("load")
    # The course page's own origin is not a registered tool: its request goes unanswered.
    answered = page.evaluate("""() => new Promise(resolve => {
        const target = window.frames['lti_storage_frame'];
        window.addEventListener('message', e => { if (e.source === target) resolve(true); });
        target.postMessage({subject: 'lti.put_data', message_id: 'm1', key: 'k', value: 'v'}, '*');
        setTimeout(() => resolve(false), 1500);
    })""")
    assert answered is False


def test_storage_confirmation_must_come_from_the_tools_own_page(lms):
    """The server-side end of the storage check: a cross-site form or script cannot finish a launch for a state
    kept in the platform's storage, and a state opens one launch only."""
    from html import unescape

    from lti_live import parse

    world = lms
    url, params = world.platform.launch_request(world.client_id, custom={"fieldschool_item": "sample.case"},
                                                storage_target="lti_storage_frame")
    login = requests.get(url, params=params)
    assert 'data-storage-target="lti_storage_frame"' in login.text
    auth = requests.get(unescape(re.search(r'data-auth="([^"]+)"', login.text).group(1)))
    fields = parse(auth.text).forms[0].fields
    check = requests.post(world.tool_url("/lti/launch"), data=fields)
    assert check.status_code == 200 and 'id="launch-check"' in check.text
    nonce = re.search(r'data-nonce="([^"]+)"', check.text).group(1)
    proof = dict(fields, stored_state=fields["state"], stored_nonce=nonce)
    confirm = world.tool_url("/lti/launch/storage")
    forged = requests.post(confirm, data=proof, headers={"Origin": "http://evil.example",
                                                          "X-Fieldschool-Storage-Verified": "1"})
    assert forged.status_code == 400
    wrong = requests.post(confirm, data=dict(proof, stored_nonce="other"),
                          headers={"Origin": world.tool_url(""), "X-Fieldschool-Storage-Verified": "1"})
    assert wrong.status_code == 400
    ok = requests.post(confirm, data=proof, headers={"Origin": world.tool_url(""),
                                                     "X-Fieldschool-Storage-Verified": "1"})
    assert ok.status_code == 200 and "/lti/activity/" in ok.json()["location"]
    again = requests.post(confirm, data=proof, headers={"Origin": world.tool_url(""),
                                                        "X-Fieldschool-Storage-Verified": "1"})
    assert again.status_code in (400, 409)


EVIL_PAGE = """<!doctype html><html><head><title>Another site</title><script>
window.received = [];
window.addEventListener('message', function (e) {
  window.received.push(e.data);
  if (e.source) { e.source.postMessage(Object.assign({}, e.data, {subject: e.data.subject + '.response',
    supported_messages: [{subject: 'lti.put_data', frame: 'lti_storage_frame'},
                         {subject: 'lti.get_data', frame: 'lti_storage_frame'}]}), '*'); }
});
</script></head><body>
<iframe name="lti_storage_frame" srcdoc="<script>window.addEventListener('message', function (e) {
  parent.received.push(e.data); e.source.postMessage(Object.assign({}, e.data,
  {subject: e.data.subject + '.response'}), '*'); });</script>"></iframe>
<iframe id="tool-frame" src="%s"></iframe></body></html>"""


def test_the_tool_talks_only_to_the_registered_platform_origin(lms, page):
    """A page on another origin that embeds the login and answers every message gets nothing from the tool (its
    messages go to the origin of the platform's registered authorisation URL only); the tool falls back to the
    new window instead of trusting it."""
    from flask import Flask
    from lti_live import LiveServer

    world = lms
    url, params = world.platform.launch_request(world.client_id, custom={"fieldschool_item": "sample.case"},
                                                storage_target="lti_storage_frame")
    evil = Flask("evil")
    evil.add_url_rule("/", "index", lambda: EVIL_PAGE % (url + "?" + urlencode(params)).replace("&", "&amp;"))
    server = LiveServer().start(evil)
    try:
        page.goto(server.url + "/")
        link = page.frame_locator("#tool-frame").get_by_role("link", name="Open the activity in a new window")
        link.wait_for(timeout=15000)
        assert page.evaluate("window.received.length") == 0
        assert world.platform.received("auth") == []
    finally:
        server.stop()
