"""Launches without repeated work: registrations and deployments are remembered across requests until the registry
changes, and a launch whose course and link claims this process already wrote touches neither row again (a changed
claim is written); the page a launch lands on reads without BEGIN and ROLLBACK round trips on PostgreSQL.
Statements are counted at the database engine."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, select, text

from lti_tool.extensions import db
from lti_tool.models import Context, LtiUser, Membership, ResourceLink
from lti_tool.services.platforms import register_platform, update_platform
from lti_tool.services.provisioning import CLAIM, provision

ISSUER, CLIENT, DEPLOYMENT = "https://lms.example", "client-1", "dep-1"


@contextmanager
def statements(app):
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement.lower())

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def registered(app):
    with app.app_context():
        register_platform(issuer=ISSUER, client_id=CLIENT, auth_login_url=ISSUER + "/auth",
                          key_set={"keys": []}, deployment_ids=(DEPLOYMENT,))
    return app


def _body(user: str, course_title: str = "Course", link_title: str = "Link") -> dict:
    return {"iss": ISSUER, "aud": CLIENT, "sub": user, "name": f"Learner {user}",
            CLAIM + "deployment_id": DEPLOYMENT, CLAIM + "message_type": "LtiResourceLinkRequest",
            CLAIM + "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
            CLAIM + "context": {"id": "course-1", "title": course_title},
            CLAIM + "resource_link": {"id": "link-1", "title": link_title}}


def _launch(app, user: str, **titles):
    with app.test_request_context("/lti/launch", method="POST"):
        ctx = provision(f"launch-{user}", _body(user, **titles), "en")
        db.session.remove()
        return ctx


def test_registrations_are_read_once_until_one_changes(registered):
    from lti_tool.lti.tool_conf import find_deployment, find_platform

    def lookup():
        with registered.test_request_context("/"):
            platform = find_platform(ISSUER, CLIENT)
            deployment = find_deployment(ISSUER, CLIENT, DEPLOYMENT)
            found = (platform.auth_login_url, deployment.deployment_id)
            db.session.remove()
            return found

    assert lookup() == (ISSUER + "/auth", DEPLOYMENT)
    with statements(registered) as seen:
        assert lookup() == (ISSUER + "/auth", DEPLOYMENT)
    assert not [s for s in seen if "platform" in s or "deployment" in s]
    with registered.app_context():
        from lti_tool.lti.tool_conf import _query_platform

        update_platform(_query_platform(ISSUER, CLIENT).id, auth_login_url=ISSUER + "/new-auth")
    assert lookup() == (ISSUER + "/new-auth", DEPLOYMENT)  # the change is seen at the next lookup


def test_a_launch_with_known_course_and_link_claims_leaves_their_rows_alone(registered):
    first = _launch(registered, "a")
    with statements(registered) as seen:
        second = _launch(registered, "b")
    assert (second.context_id, second.resource_link_id) == (first.context_id, first.resource_link_id)
    touching = ("from context", "update context", "into context", "from resource_link", "update resource_link",
                "into resource_link")
    assert not [s for s in seen if any(t in s for t in touching)]
    assert second.user_id != first.user_id
    _launch(registered, "c", course_title="Course, 2nd edition", link_title="Link, revised")
    with registered.app_context():
        assert db.session.get(Context, first.context_id).title == "Course, 2nd edition"
        assert db.session.get(ResourceLink, first.resource_link_id).title == "Link, revised"


INSTRUCTOR_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


def _row_versions(app, user_id: int) -> tuple:
    """What changes whenever the user's or their membership's row is written: PostgreSQL's row version (xmin, new
    on every write) or, elsewhere, every column."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            query = ("SELECT u.xmin::text, m.xmin::text FROM lti_user u JOIN membership m ON m.user_id = u.id "
                     "WHERE u.id = :id")
        else:
            query = "SELECT * FROM lti_user u JOIN membership m ON m.user_id = u.id WHERE u.id = :id"
        found = tuple(db.session.execute(text(query), {"id": user_id}).one())
        db.session.remove()
        return found


def _launch_as(app, user: str, **changes):
    body = {**_body(user), **changes}
    with app.test_request_context("/lti/launch", method="POST"):
        ctx = provision(f"launch-{user}", body, "en")
        db.session.remove()
        return ctx


def test_a_repeated_launch_with_the_same_claims_writes_nothing_but_a_changed_name_or_role_is_written(registered):
    first = _launch_as(registered, "a")
    before = _row_versions(registered, first.user_id)
    with statements(registered) as seen:
        again = _launch_as(registered, "a")
    assert again.user_id == first.user_id and again.role == first.role
    assert _row_versions(registered, first.user_id) == before  # neither row written
    if seen and "with" not in seen[-1]:  # the select-then-upsert path: only reads went to the database
        assert not [s for s in seen if s.lstrip().startswith(("insert", "update"))]

    _launch_as(registered, "a", name="Learner A. Renamed")
    renamed = _row_versions(registered, first.user_id)
    assert renamed != before
    with registered.app_context():
        assert db.session.get(LtiUser, first.user_id).name == "Learner A. Renamed"

    promoted = _launch_as(registered, "a", name="Learner A. Renamed", **{CLAIM + "roles": [INSTRUCTOR_ROLE]})
    assert promoted.is_instructor
    assert _row_versions(registered, first.user_id) != renamed
    with registered.app_context():
        membership = db.session.scalars(select(Membership).filter_by(user_id=first.user_id)).one()
        assert membership.role == promoted.role
    demoted = _launch_as(registered, "a", name="Learner A. Renamed")  # back to learner: written again
    with registered.app_context():
        assert db.session.scalars(select(Membership.role).filter_by(user_id=first.user_id)).one() == demoted.role
        assert not demoted.is_instructor


def _last_launch(app, user_id: int):
    with app.app_context():
        found = db.session.get(LtiUser, user_id).last_launch_at
        db.session.remove()
        return found


def test_last_launch_is_rewritten_once_it_is_older_than_the_precision(registered, monkeypatch):
    from lti_tool.services import provisioning

    first = _launch_as(registered, "a")
    launched = _last_launch(registered, first.user_id)
    _launch_as(registered, "a")
    assert _last_launch(registered, first.user_id) == launched  # within the precision: left alone
    monkeypatch.setattr(provisioning, "LAST_LAUNCH_PRECISION", timedelta(0))
    _launch_as(registered, "a")
    assert _last_launch(registered, first.user_id) > launched


def test_the_page_a_launch_lands_on_reads_outside_a_transaction_on_postgresql(world):
    page = world.launch(custom={"fieldschool_item": "sample.case"})
    seen: list[tuple[bool, str]] = []

    def record(conn, cursor, statement, *args):
        seen.append((bool(getattr(conn.connection.dbapi_connection, "autocommit", False)), statement.lower()))

    with world.app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        again = world.browser.http.get(page.url)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert again.status_code == 200 and "Save answers" in again.text
    assert seen and all(statement.lstrip().startswith("select") for _, statement in seen)  # a GET only reads
    if engine.dialect.name == "postgresql":  # no BEGIN before its reads, no ROLLBACK after them
        assert all(autocommit for autocommit, _ in seen)
