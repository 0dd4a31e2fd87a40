"""Every activity page checks who may see it: a learner reaches only their own answers and attempts, never the
instructor pages; an instructor sees their own course's results and learners, never another course's."""

from __future__ import annotations

from lti_activity_helpers import csrf, drain, launch, launch_id, textarea, tool_base
from lti_grade_helpers import line_item, make_flaky
from lti_live import Browser
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.grades.models import GradeOutbox
from lti_tool.models import LtiUser

COURSE_2 = {"id": "course-2", "label": "FS202", "title": "Another course"}
RIGHT = [("q-q1", "b"), ("q-q2", "a"), ("q-q2", "b"), ("q-q3", "true"), ("q-q4", "25"), ("q-q5", "eje")]


def user_id(world, sub: str) -> int:
    with world.app.app_context():
        return db.session.scalars(select(LtiUser.id).filter_by(sub=sub)).one()


def test_a_learner_sees_only_their_own_answers(world):
    ana, ben = Browser(), Browser()
    ana_page = launch(world, "sample.case", user="ana", browser=ana)
    ana.submit(ana_page, {"answer-context-1": "Ana's private answer"}, form_index=0)
    ben_page = launch(world, "sample.case", user="ben", browser=ben)
    assert textarea(ben_page, "answer-context-1") == "" and "Ana's private answer" not in ben_page.text
    # Ben holding Ana's launch id gets nothing: launches are bound to the browser session that made them
    stolen = ben.http.get(ana_page.url.split("?")[0])  # the launch id alone, without the token of Ana's page
    assert stolen.status_code == 403 and "Ana" not in stolen.text
    forged = ben.http.post(f"{tool_base(world)}/lti/case/{launch_id(ana_page)}/answers",
                           data={"answer-context-1": "overwritten", "csrf_token": csrf(ben_page)})
    assert forged.status_code == 403
    assert textarea(ana.get(ana_page.url), "answer-context-1") == "Ana's private answer"


def test_a_learner_cannot_open_instructor_pages_or_other_attempts(world):
    ana, ben = Browser(), Browser()
    ana_page = launch(world, "sample.assessment", user="ana", browser=ana)
    ana.submit(ana_page, multi=RIGHT, form_index=0)
    ben_page = launch(world, "sample.assessment", user="ben", browser=ben)
    base, lid = tool_base(world), launch_id(ben_page)
    ana_id = user_id(world, "ana")
    for path in (f"/lti/results/{lid}", f"/lti/results/{lid}/results.csv", f"/lti/results/{lid}/learner/{ana_id}"):
        assert ben.http.get(base + path).status_code == 403, path
    assert ben.http.post(f"{base}/lti/results/{lid}/policy",
                         data={"policy": "last", "csrf_token": csrf(ben_page)}).status_code == 403
    assert ben.http.get(f"{base}/lti/assessment/{lid}/attempt/1").status_code == 404  # Ana's attempt 1 is not his
    assert ana.http.get(f"{base}/lti/assessment/{launch_id(ana_page)}/attempt/1").status_code == 200


def test_an_instructor_sees_their_course_and_not_another(world):
    lineitem = line_item(world)
    flaky = make_flaky(world)
    flaky.fail_status = 400
    ana = Browser()
    ana_page = launch(world, "sample.case", user="ana", lineitem=lineitem, browser=ana)
    ana.submit(ana_page, {"answer-context-1": "Ana's answer"}, form_index=0)
    # the last answer completes the case: its score fails (400) and waits for a retry
    ana.submit(ana.get(ana_page.url), {"answer-lessons-1": "Ana's lesson"}, form_index=0)
    drain(world)
    own, other = Browser(), Browser()
    own_page = launch(world, "sample.case", user="teacher-1", lineitem=lineitem, instructor=True, browser=own)
    other_page = launch(world, "sample.case", user="teacher-2", link="link-9", instructor=True, browser=other,
                        context=COURSE_2)
    base, ana_id = tool_base(world), user_id(world, "ana")
    mine = own.get(f"{base}/lti/results/{launch_id(own_page)}")
    assert mine.status_code == 200 and "ana" in mine.text and "failed" in mine.text
    assert "Ana&#39;s answer" in own.get(f"{base}/lti/results/{launch_id(own_page)}/learner/{ana_id}").text
    theirs = other.get(f"{base}/lti/results/{launch_id(other_page)}")
    assert theirs.status_code == 200 and "ana" not in theirs.text
    assert other.http.get(f"{base}/lti/results/{launch_id(other_page)}/learner/{ana_id}").status_code == 404
    assert other.http.get(f"{base}/lti/results/{launch_id(own_page)}").status_code == 403
    with world.app.app_context():
        entry = db.session.scalars(select(GradeOutbox.id)).one()
    retry_elsewhere = other.http.post(f"{base}/lti/results/{launch_id(other_page)}/retry/{entry}",
                                      data={"csrf_token": csrf(other_page)})
    assert retry_elsewhere.status_code == 404
    # the instructor of Ana's course retries it once the platform accepts scores again
    flaky.fail_status = None
    retried = own.submit(mine, form_index=-1)
    assert "The score will be sent again now." in retried.text
    assert drain(world).delivered == 1 and world.platform.scores[0]["userId"] == "ana"
    assert "Every score has been delivered." in own.get(f"{base}/lti/results/{launch_id(own_page)}").text
