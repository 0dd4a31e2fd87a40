"""The tool's one resolver of a page's activity context only reads: a link's item is stored when the launch
arrives, and opening pages (GET) of every blueprint writes nothing to the database."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from lti_activity_helpers import launch
from lti_library_helpers import launch_share
from lti_live import Browser
from lti_organisation_helpers import Person
from lti_peer_helpers import launch_member
from sqlalchemy import event, select

from lti_tool.extensions import db
from lti_tool.models import ResourceLink

WRITES = ("insert", "update", "delete")


@contextmanager
def writes_on_get(app):
    """(path, statement) of every write the tool makes while answering a GET request."""
    from flask import has_request_context, request

    seen: list[tuple[str, str]] = []
    lock = threading.Lock()

    def record(conn, cursor, statement, *args):
        if has_request_context() and request.method == "GET" and statement.lstrip().lower().startswith(WRITES):
            with lock:
                seen.append((request.path, statement.split("\n")[0][:120]))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_the_launch_stores_the_custom_parameters_item_on_the_link(world):
    with writes_on_get(world.app) as seen:
        launch(world, "sample.case", link="case-link")
    with world.app.app_context():
        link = db.session.scalars(select(ResourceLink).filter_by(resource_link_id="case-link")).one()
        assert link.item_id == "sample.case"
    assert seen == []  # stored by the launch (a POST), not by the page it lands on


def test_opening_the_pages_of_every_blueprint_writes_nothing(world):
    """Launches (POST) land on each blueprint's page (GET, the first view), and the pages are opened again."""
    from lti_tool.lti.keys import ensure_key

    with world.app.app_context():
        ensure_key()  # the tool's signing key exists before it serves pages, as `fieldschool serve` makes sure
    with writes_on_get(world.app) as seen:
        opened = []
        for item, link, user, instructor in (("sample.case", "case-link", "learner-1", False),
                                             ("sample.assessment", "quiz-link", "learner-2", False),
                                             ("sample.case", "case-link", "teacher-1", True)):
            browser = Browser()
            opened.append((browser, launch(world, item, link=link, user=user, instructor=instructor,
                                           browser=browser)))
        learner = launch_member(world, "learner-3")
        peer_teacher = launch_member(world, "teacher-2", instructor=True)
        share_browser, share_page, _launch_id = launch_share(world, "author-1")
        person = Person(world, "learner-4")
        for browser, page in opened:
            assert browser.http.get(page.url).status_code == 200, page.url
        teacher_browser, teacher_page = opened[2]
        teacher_launch = teacher_page.url.rsplit("/", 1)[-1].split("?")[0]
        assert teacher_browser.http.get(world.tool_url(f"/lti/results/{teacher_launch}")).status_code == 200
        for path in ("", "review"):
            assert learner.browser.http.get(learner.url(world, path)).status_code in (200, 303), path
        assert peer_teacher.browser.http.get(peer_teacher.url(world, "instructor/")).status_code == 200
        assert share_browser.http.get(share_page.url).status_code == 200, share_page.url
        assert person.get("/organisations").status_code == 200
        for path in ("/organisations/self-assessment", "/visits", "/coaching"):
            assert person.get(path).status_code == 200, path
    assert seen == []
