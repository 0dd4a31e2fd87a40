"""The instructor's tools around a peer exercise: CSV exports, credit for reviewing, group exclusion."""

from __future__ import annotations

import csv
import io

from lti_peer_helpers import launch_member, post, request_review, review, submit
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.models import LtiUser
from lti_tool.peer.models import PeerAssignment, PeerReview, PeerSubmission


def _rows(response) -> list[dict]:
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_exports_of_submissions_reviews_and_grades(world):
    a, b = (launch_member(world, f"learner-{x}") for x in "ab")
    teacher = launch_member(world, "teacher", instructor=True)
    submit(world, a, "=HYPERLINK(\"http://evil\") first")
    submit(world, a, "second version")
    submit(world, b, "B's work")
    request_review(world, b)
    review(world, b, {"evidence": 3, "clarity": 1}, comment="Solid")
    get = teacher.browser.http.get
    subs = _rows(get(teacher.url(world, "instructor/export/submissions.csv")))
    assert [(r["user_id"], r["version"]) for r in subs] == [("learner-a", "1"), ("learner-a", "2"),
                                                             ("learner-b", "1")]
    assert subs[0]["text"].startswith("'=")  # a spreadsheet will not run it as a formula
    reviews = _rows(get(teacher.url(world, "instructor/export/reviews.csv")))
    assert [(r["author_id"], r["reviewer"], r["points:evidence"], r["comment:evidence"]) for r in reviews] == [
        ("learner-a", "Learner B", "3.0", "Solid on evidence")]
    grades = {r["user_id"]: r for r in _rows(get(teacher.url(world, "instructor/export/grades.csv")))}
    assert grades["learner-a"]["final_score"] == "1.0" and grades["learner-a"]["state"] == "graded"
    assert grades["learner-b"]["final_score"] == ""  # nobody reviewed b yet


def test_reviews_given_under_an_earlier_rubric_export_unscored_as_grading_treats_them(world):
    a, b, c = (launch_member(world, f"learner-{x}") for x in "abc")
    teacher = launch_member(world, "teacher", instructor=True)
    for person in (a, b, c):
        submit(world, person, f"{person.sub}'s work")
    for reviewer in (b, c):
        request_review(world, reviewer)
        review(world, reviewer, {"evidence": 3, "clarity": 1}, comment="Solid")
    with world.app.app_context():  # as given under earlier rubrics: a fifth evidence level, no clarity criterion
        first, second = db.session.scalars(select(PeerReview).order_by(PeerReview.id)).all()
        first.levels_json, second.levels_json = '{"evidence": 4, "clarity": 1}', '{"evidence": 2}'
        db.session.commit()
        db.session.remove()
    reviews = _rows(teacher.browser.http.get(teacher.url(world, "instructor/export/reviews.csv")))
    assert [(r["reviewer"], r["points:evidence"], r["points:clarity"], r["comment:evidence"]) for r in reviews] == [
        ("Learner B", "", "", "Solid on evidence"), ("Learner C", "", "", "Solid on evidence")]


def test_credit_for_reviewing_is_blended_into_the_grade(world):
    teacher = launch_member(world, "teacher", instructor=True)
    post(world, teacher, "instructor/settings", {"mode": "peer", "reviews_required": "1", "lease_minutes": "60",
                                                 "reviewing_weight": "50"})
    a, b = (launch_member(world, f"learner-{x}") for x in "ab")
    submit(world, a, "A")
    submit(world, b, "B")
    request_review(world, a)
    review(world, a, {"evidence": 3, "clarity": 1})  # b's work: 100%; a reviewed (1 of 1)
    grades = {r["user_id"]: r for r in _rows(teacher.browser.http.get(
        teacher.url(world, "instructor/export/grades.csv")))}
    # b has not reviewed: credit 0 → 0.5 * 1.0 + 0.5 * 0 = 0.5
    assert grades["learner-b"]["reviewing_credit"] == "0.0" and grades["learner-b"]["final_score"] == "0.5"


def test_learners_never_review_their_own_group_when_the_instructor_says_so(world):
    teacher = launch_member(world, "teacher", instructor=True)
    post(world, teacher, "instructor/settings", {"mode": "peer", "reviews_required": "2", "lease_minutes": "60",
                                                 "exclude_same_group": "on"})
    members = [launch_member(world, f"learner-{i}", custom={"fieldschool_group": f"g{i % 2}"}) for i in range(4)]
    for m in members:
        submit(world, m, f"work of {m.sub}")
    for m in members:
        request_review(world, m)
        review(world, m, {"evidence": 1, "clarity": 1})
        request_review(world, m)
        review(world, m, {"evidence": 1, "clarity": 1})
    with world.app.app_context():
        group = {s.user_id: s.group for s in db.session.scalars(select(PeerSubmission))}
        subs = {s.id: s.user_id for s in db.session.scalars(select(PeerSubmission))}
        pairs = db.session.execute(select(PeerAssignment.reviewer_id, PeerAssignment.submission_id)).all()
        assert set(group.values()) == {"g0", "g1"}
        assert pairs and all(group[r] != group[subs[s]] for r, s in pairs)
        assert len(pairs) == 8
        assert db.session.scalar(select(LtiUser.id).filter_by(sub="learner-0")) is not None


def test_csv_exports_neutralise_every_formula_start_learners_can_type(world):
    a = launch_member(world, "learner-a", name="@SUM(A1:A9)", custom={"group": "-2+3"})
    b = launch_member(world, "learner-b", name="+cmd")
    teacher = launch_member(world, "teacher", instructor=True)
    submit(world, a, "\t=1+1 hidden behind a tab")
    submit(world, b, "\r=2+2 hidden behind a carriage return")
    request_review(world, b)
    review(world, b, {"evidence": 3, "clarity": 1}, comment="-1 for style")
    get = teacher.browser.http.get
    subs = {r["user_id"]: r for r in _rows(get(teacher.url(world, "instructor/export/submissions.csv")))}
    assert subs["learner-a"]["name"] == "'@SUM(A1:A9)" and subs["learner-a"]["group"] == "'-2+3"
    assert subs["learner-a"]["text"].startswith("'\t=") and subs["learner-b"]["text"].startswith("'\r=")
    reviews = _rows(get(teacher.url(world, "instructor/export/reviews.csv")))
    assert reviews[0]["reviewer"] == "'+cmd" and reviews[0]["overall"] == "'-1 for style"
    assert reviews[0]["points:evidence"] == "3.0"  # numbers stay numbers
    grades = {r["user_id"]: r for r in _rows(get(teacher.url(world, "instructor/export/grades.csv")))}
    assert grades["learner-b"]["name"] == "'+cmd"


def test_a_deadline_typed_with_an_offset_is_kept_in_naive_utc_like_every_time_the_tool_compares():
    from datetime import datetime

    from lti_tool.views.peer_instructor import _parse_dt

    assert _parse_dt("2030-01-01T12:00+02:00") == datetime(2030, 1, 1, 10, 0)
    assert _parse_dt("2030-01-01T12:00Z") == datetime(2030, 1, 1, 12, 0)
    assert _parse_dt("2030-01-01T12:00") == datetime(2030, 1, 1, 12, 0)  # the form's own: UTC already
    assert _parse_dt("") is None
