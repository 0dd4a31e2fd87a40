"""Nobody stuck, through the LTI tool: the reported request order ends with every response reviewed exactly as
often as required, and the instructor's 'Stuck' filter lists every learner whose response is below its reviews
after the review deadline or out of reach of anyone who still owes reviews."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from lti_peer_helpers import ITEM, launch_member, request_review, review, submit
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.models import LtiUser, utcnow
from lti_tool.peer.models import DONE, PeerAssignment, PeerSettings, PeerSubmission

LEVELS = {"evidence": 2, "clarity": 1}


def _stored_settings() -> PeerSettings:
    """The peer link's settings row, stored from the item's defaults as an instructor's first save would."""
    from lti_tool.models import ResourceLink
    from lti_tool.peer.settings import get_settings
    from lti_tool.services.course import get_course

    link_id = db.session.scalars(select(ResourceLink.id).filter_by(item_id=ITEM)).one()
    return get_settings(link_id, get_course().find_item(ITEM))


def _settings(world, **values) -> None:
    with world.app.app_context():
        row = _stored_settings()
        for key, value in values.items():
            setattr(row, key, value)
        db.session.commit()


def _reviews_received(world) -> dict[str, int]:
    with world.app.app_context():
        rows = db.session.execute(select(LtiUser.sub).join(PeerSubmission, PeerSubmission.user_id == LtiUser.id)
                                  .join(PeerAssignment, PeerAssignment.submission_id == PeerSubmission.id)
                                  .where(PeerAssignment.status == DONE)).all()
    return dict(Counter(sub for (sub,) in rows))


def _stuck_names(world, teacher) -> set[str]:
    page = teacher.browser.http.get(teacher.url(world, "instructor/?filter=stuck"))
    assert page.status_code == 200
    return {name for name in ("Learner A", "Learner B", "Learner C", "Learner D", "Learner X1", "Learner Y1",
                              "Learner Y2") if name in page.text}


def test_the_reported_order_d_a_b_c_a_b_c_d_reviews_everyone_twice_and_nobody_is_stuck(world):
    teacher = launch_member(world, "teacher", instructor=True)
    learners = {x: launch_member(world, f"learner-{x}") for x in "abcd"}
    _settings(world, reviews_required=2)
    for x in "abcd":
        submit(world, learners[x], f"work of {x}")
    for x in "dabcabcd":
        request_review(world, learners[x])
        review(world, learners[x], LEVELS)
    assert _reviews_received(world) == {f"learner-{x}": 2 for x in "abcd"}  # main: b 3 times, d once
    assert _stuck_names(world, teacher) == set()


def test_the_stuck_filter_lists_a_response_nobody_who_owes_reviews_can_reach(world):
    teacher = launch_member(world, "teacher", instructor=True)
    _settings(world, reviews_required=1, exclude_same_group=True)
    x1 = launch_member(world, "learner-x1", custom={"group": "x"})
    y1 = launch_member(world, "learner-y1", custom={"group": "y"})
    y2 = launch_member(world, "learner-y2", custom={"group": "y"})
    for member in (x1, y1, y2):
        submit(world, member, f"work of {member.sub}")
    for member in (y1, x1):  # y1 reviews x1; x1 reviews y1 and owes nothing more
        request_review(world, member)
        review(world, member, LEVELS)
    # y2's response has no review and only x1 could give it one: listed, and y2 is told there is nothing to review
    assert _stuck_names(world, teacher) == {"Learner Y2"}
    assert "no response from a peer for you to review yet" in request_review(world, y2).text
    request_review(world, x1)  # x1 comes back for more: y2's response is served, nobody is stuck any more
    review(world, x1, LEVELS)
    assert _reviews_received(world)["learner-y2"] == 1
    assert _stuck_names(world, teacher) == set()


def test_after_the_review_deadline_every_response_below_its_reviews_is_listed(world):
    teacher = launch_member(world, "teacher", instructor=True)
    _settings(world, reviews_required=2)
    a, b, c = (launch_member(world, f"learner-{x}") for x in "abc")
    for member in (a, b, c):
        submit(world, member, f"work of {member.sub}")
    for member in (a, b, c):
        request_review(world, member)
        review(world, member, LEVELS)
    _settings(world, review_deadline=utcnow() - timedelta(minutes=1))
    received = _reviews_received(world)
    short = {f"Learner {sub[-1].upper()}" for sub in ("learner-a", "learner-b", "learner-c")
             if received.get(sub, 0) < 2}
    assert 1 in received.values()  # one response is graded on the single review it has...
    assert _stuck_names(world, teacher) == short  # ...and is listed with every other response below two
