"""A resource link is known by its platform, deployment, course and link id together: the same link id launched
from another course is another link, and nothing of the first course's work shows there."""

from __future__ import annotations

from lti_peer_helpers import launch_member, submit
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.models import Context, ResourceLink
from lti_tool.peer.models import PeerSubmission


def test_the_same_link_id_in_another_course_is_another_link(world):
    ana = launch_member(world, "ana-course-1", course="course-1", link="peer-1", name="Ana Secret")
    assert submit(world, ana, "Our cooperative's confidential sales figures").status_code == 200
    with world.app.app_context():
        ana_submission = db.session.scalars(select(PeerSubmission)).one().id

    # An instructor of another course launches a link the platform gave the same id.
    teacher = launch_member(world, "teacher-course-2", instructor=True, course="course-2", link="peer-1")
    roster = teacher.page.text
    assert "/instructor" in teacher.page.url
    assert "Ana Secret" not in roster and "confidential" not in roster
    opened = teacher.browser.http.get(world.tool_url(
        f"/lti/peer/{teacher.launch_id}/instructor/submission/{ana_submission}"))
    assert opened.status_code == 404
    export = teacher.browser.http.get(
        world.tool_url(f"/lti/peer/{teacher.launch_id}/instructor/export/submissions.csv"))
    assert "confidential" not in export.text and "Ana Secret" not in export.text

    with world.app.app_context():
        links = db.session.execute(select(ResourceLink.resource_link_id, Context.context_id)
                                   .join(Context, ResourceLink.context_id == Context.id)
                                   .order_by(Context.context_id)).all()
        assert [tuple(row) for row in links] == [("peer-1", "course-1"), ("peer-1", "course-2")]

    # Course 1's instructor still sees Ana's work in course 1: the link did not move.
    teacher_1 = launch_member(world, "teacher-course-1", instructor=True, course="course-1", link="peer-1")
    assert "Ana Secret" in teacher_1.page.text
