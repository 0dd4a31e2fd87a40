"""Privacy and access in peer exercises: a learner reaches only their own submission and those leased to them,
whatever ids they guess; instructor pages need the instructor role; an instructor of one course sees nothing of
another; pages need the browser session that made the launch."""

from __future__ import annotations

import pytest
from lti_peer_helpers import launch_member, post, request_review, submit
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.models import LtiUser
from lti_tool.peer.models import PeerAssignment, PeerAttachment, PeerSubmission

PDF = b"%PDF-1.4\nsecret of B\n"


@pytest.fixture
def two_learners(world):
    a = launch_member(world, "learner-a")
    b = launch_member(world, "learner-b")
    submit(world, b, "B's private answer", files={"files": ("b.pdf", PDF, "application/pdf")})
    with world.app.app_context():
        b_id = db.session.scalars(select(LtiUser.id).filter_by(sub="learner-b")).one()
        sub = db.session.scalars(select(PeerSubmission).filter_by(user_id=b_id)).one()
        attachment = db.session.scalars(select(PeerAttachment)).one()
        ids = (sub.id, attachment.id)
    return a, b, ids


def test_learner_cannot_fetch_anothers_attachment_by_guessing_its_id(world, two_learners):
    a, b, (sub_id, attachment_id) = two_learners
    assert a.browser.http.get(a.url(world, f"files/{attachment_id}")).status_code == 404
    assert b.browser.http.get(b.url(world, f"files/{attachment_id}")).content == PDF


def test_learner_cannot_open_instructor_pages_or_anothers_submission(world, two_learners):
    a, _b, (sub_id, _att) = two_learners
    for path in (f"instructor/submission/{sub_id}", "instructor/", "instructor/export/submissions.csv",
                 "instructor/export/reviews.csv", "instructor/export/grades.csv"):
        page = a.browser.http.get(a.url(world, path))
        assert page.status_code == 403, path
        assert "private answer" not in page.text
    for path, data in ((f"instructor/submission/{sub_id}/grade", {"level-evidence": "3", "level-clarity": "1"}),
                       ("instructor/release", {}), ("instructor/settings", {"mode": "instructor"})):
        assert post(world, a, path, data).status_code == 403, path


def test_learner_cannot_submit_a_review_on_a_lease_that_is_not_theirs(world, two_learners):
    a, b, (sub_id, _att) = two_learners
    submit(world, a, "A's answer")
    request_review(world, b)  # b leases a's submission
    with world.app.app_context():
        lease = db.session.scalars(select(PeerAssignment)).one()
    refused = post(world, a, f"review/{lease.id}", {"level-evidence": "3", "level-clarity": "1"})
    assert refused.status_code == 404


def test_a_reviewer_sees_the_leased_submission_and_its_files_but_not_others(world, two_learners):
    a, b, (sub_id, attachment_id) = two_learners
    c = launch_member(world, "learner-c")
    submit(world, c, "C's answer", files={"files": ("c.pdf", b"%PDF-1.4 c", "application/pdf")})
    submit(world, a, "A's answer")
    page = request_review(world, a)
    with world.app.app_context():
        lease = db.session.scalars(select(PeerAssignment)).one()
        other = db.session.scalars(select(PeerAttachment).where(
            PeerAttachment.submission_id != lease.submission_id)).one()
        mine = db.session.scalars(select(PeerAttachment).where(
            PeerAttachment.submission_id == lease.submission_id)).one()
    assert a.browser.http.get(a.url(world, f"files/{mine.id}")).status_code == 200
    assert a.browser.http.get(a.url(world, f"files/{other.id}")).status_code == 404
    assert ("B's private answer" in page.text) != ("C's answer" in page.text)


def test_instructor_of_one_course_cannot_see_another_course(world, two_learners):
    _a, _b, (sub_id, attachment_id) = two_learners
    other_teacher = launch_member(world, "teacher-y", instructor=True, course="course-y", link="peer-y")
    for path in (f"instructor/submission/{sub_id}", f"files/{attachment_id}"):
        assert other_teacher.browser.http.get(other_teacher.url(world, path)).status_code == 404, path
    for path in ("instructor/", "instructor/export/submissions.csv", "instructor/export/grades.csv"):
        page = other_teacher.browser.http.get(other_teacher.url(world, path))
        assert page.status_code == 200 and "private answer" not in page.text and "Learner B" not in page.text
    assert post(world, other_teacher, f"instructor/submission/{sub_id}/grade",
                {"level-evidence": "3", "level-clarity": "1"}).status_code == 404
    own_teacher = launch_member(world, "teacher-x", instructor=True)
    assert "private answer" in own_teacher.browser.http.get(
        own_teacher.url(world, f"instructor/submission/{sub_id}")).text


def test_pages_need_the_browser_session_that_launched(world, two_learners):
    from lti_live import Browser

    a, _b, (_sub, attachment_id) = two_learners
    stranger = Browser()
    for path in ("", f"files/{attachment_id}", "review"):
        assert stranger.http.get(a.url(world, path)).status_code == 403


def _instructor_requests(world, teacher, sub_id, attachment_id):
    """Every instructor page and action of the peer exercise, and the pages an instructor may read as such."""
    gets = ["", "instructor/", f"instructor/submission/{sub_id}", "instructor/export/submissions.csv",
            "instructor/export/grades.csv", f"files/{attachment_id}"]
    posts = [(f"instructor/submission/{sub_id}/grade", {"level-evidence": "0", "level-clarity": "0",
                                                        "reason": "demoted"}),
             ("instructor/release", {}), ("instructor/settings", {"mode": "instructor"})]
    return ([teacher.browser.http.get(teacher.url(world, path)) for path in gets]
            + [post(world, teacher, path, data) for path, data in posts])


@pytest.mark.parametrize("same_browser", [False, True])
def test_a_learner_launch_ends_the_instructor_launch_of_the_same_user_and_course(world, two_learners,
                                                                                 same_browser):
    _a, _b, (sub_id, attachment_id) = two_learners
    teacher = launch_member(world, "teacher", instructor=True)
    assert "private answer" in teacher.browser.http.get(teacher.url(world, f"instructor/submission/{sub_id}")).text
    # the platform now says this user is a learner in the course (demoted, or viewing as a student)
    launch_member(world, "teacher", browser=teacher.browser if same_browser else None)
    for response in _instructor_requests(world, teacher, sub_id, attachment_id):
        assert response.status_code == 403, response.url
        assert "private answer" not in response.text and "Learner B" not in response.text
    with world.app.app_context():
        from lti_tool.peer.models import PeerReview, PeerSettings

        assert db.session.scalars(select(PeerReview)).first() is None  # no grade was stored
        assert db.session.scalars(select(PeerSettings.reviews_required)).one() != 0  # settings unchanged


def test_the_latest_launch_decides_so_a_new_instructor_launch_works_again(world, two_learners):
    _a, _b, (sub_id, _att) = two_learners
    launch_member(world, "teacher", instructor=True)
    launch_member(world, "teacher")
    again = launch_member(world, "teacher", instructor=True)
    assert "private answer" in again.browser.http.get(again.url(world, f"instructor/submission/{sub_id}")).text
