"""The instructor's results page: learners from the platform's roster (NRPS) or from launches, completion, scores,
attempts, passback status, the score distribution and per-question difficulty as SVG, and the CSV export."""

from __future__ import annotations

import csv
import io

from lti_activity_helpers import drain, launch, launch_id, tool_base
from lti_grade_helpers import line_item
from lti_live import Browser

LEARNER = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]
INSTRUCTOR = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"]
RIGHT = [("q-q1", "b"), ("q-q2", "a"), ("q-q2", "b"), ("q-q3", "true"), ("q-q4", "25"), ("q-q5", "eje")]
HALF = [("q-q1", "b"), ("q-q2", "a"), ("q-q3", "false")]


def test_results_of_an_assessment_with_the_roster_from_nrps(world):
    world.platform.members["course-1"] = [
        {"user_id": "ana", "name": "Ana Pérez", "roles": LEARNER, "status": "Active"},
        {"user_id": "ben", "name": "Ben Ortiz", "roles": LEARNER, "status": "Active"},
        {"user_id": "=cmd", "name": "=HYPERLINK(\"x\")", "roles": LEARNER, "status": "Active"},
        {"user_id": "teacher", "name": "Teacher", "roles": INSTRUCTOR, "status": "Active"},
        {"user_id": "gone", "name": "Gone", "roles": LEARNER, "status": "Inactive"},
    ]
    lineitem = line_item(world, "Quiz", 5)
    for user, answers in (("ana", RIGHT), ("ben", HALF)):
        browser = Browser()
        page = launch(world, "sample.assessment", user=user, lineitem=lineitem, browser=browser)
        browser.submit(page, multi=answers, form_index=0)
    drain(world)
    teacher = Browser()
    page = launch(world, "sample.assessment", user="teacher", lineitem=lineitem, instructor=True, browser=teacher)
    results = teacher.get(f"{tool_base(world)}/lti/results/{launch_id(page)}")
    text = results.text
    assert "learners from the course roster" in text
    assert "Ana Pérez" in text and "Ben Ortiz" in text and "Gone" not in text and ">Teacher<" not in text
    assert "100.0 % ✓" in text and "30.0 %" in text and "Learners: 3" in text and "Completed: 2" in text
    assert text.count('class="passback-delivered"') == 2 and 'class="passback-none"' in text
    assert 'id="score-histogram-t"' in text and 'id="question-difficulty-t"' in text
    assert "'unsafe-hashes' 'sha256-" in results.headers["Content-Security-Policy"]
    assert "<th scope=\"row\">1. Who should systematise an experience?</th><td>100 %</td>" in text
    exported = teacher.http.get(f"{tool_base(world)}/lti/results/{launch_id(page)}/results.csv")
    assert exported.headers["Content-Type"].startswith("text/csv")
    rows = {r["user_id"]: r for r in csv.DictReader(io.StringIO(exported.text))}
    assert rows["ana"]["kept_score_percent"] == "100.0" and rows["ana"]["passback"] == "delivered"
    assert rows["ben"]["kept_score_percent"] == "30.0" and rows["ben"]["attempts"] == "1"
    assert rows["'=cmd"]["name"].startswith("'=")  # no formula runs when opened in a spreadsheet
    assert rows["'=cmd"]["completed"] == "no"
    # one token per scope set (scores, roster), each cached; the roster itself is cached for a few minutes
    teacher.get(f"{tool_base(world)}/lti/results/{launch_id(page)}")
    assert sorted(r["form"]["scope"].rsplit("/", 1)[-1] for r in world.platform.received("token_request")) == [
        "contextmembership.readonly", "score"]


def test_without_a_roster_the_learners_are_those_who_launched(world, monkeypatch):
    browser = Browser()
    launch(world, "sample.case", user="ana", browser=browser, person={"name": "Ana"})
    world.platform.members.clear()
    teacher = Browser()
    page = launch(world, "sample.case", user="teacher", instructor=True, browser=teacher)
    with world.app.app_context():
        from lti_tool.extensions import db
        from lti_tool.models import Context

        db.session.query(Context).update({"nrps_url": None})
        db.session.commit()
    text = teacher.get(f"{tool_base(world)}/lti/results/{launch_id(page)}").text
    assert "learners who opened this activity" in text and ">Ana</a>" in text


def test_under_the_last_attempt_policy_the_pass_tick_follows_the_score_that_counts(world):
    lineitem = line_item(world, "Quiz", 5)
    learner = Browser()
    page = launch(world, "sample.assessment", user="ana", lineitem=lineitem, browser=learner, person={"name": "Ana"})
    learner.submit(page, multi=RIGHT, form_index=0)  # 100 %: passed
    learner.submit(learner.get(page.url), multi=HALF, form_index=0)  # then 30 %: below the 60 % pass mark
    teacher = Browser()
    tpage = launch(world, "sample.assessment", user="teacher", lineitem=lineitem, instructor=True, browser=teacher)
    results_url = f"{tool_base(world)}/lti/results/{launch_id(tpage)}"
    assert "100.0 % ✓" in teacher.get(results_url).text  # best attempt counts: passed
    teacher.submit(teacher.get(results_url), data={"policy": "last"}, form_index=0)
    text = teacher.get(results_url).text
    assert "30.0 %" in text and "30.0 % ✓" not in text and "✓" not in text


def test_answers_counted_for_a_case_are_the_cores_count_of_the_learners_page(world):
    """A blank answer and an answer to a question the case no longer has do not count (curriculum.case_page)."""
    from lti_live import FIXTURE_COURSE

    from curriculum import load_course
    from curriculum.case_page import question_ids

    ids = list(question_ids(load_course(FIXTURE_COURSE).find_item("sample.case")))
    browser = Browser()
    launch(world, "sample.case", user="ana", browser=browser, person={"name": "Ana"})
    with world.app.app_context():
        from lti_tool.activity_models import CaseAnswer
        from lti_tool.extensions import db
        from lti_tool.models import LtiUser, ResourceLink

        user = db.session.query(LtiUser).filter_by(sub="ana").one()
        link = db.session.query(ResourceLink).one()
        for qid, text in ((ids[0], "Our promoters"), (ids[1], "   "), ("gone-9", "an answer to a removed question")):
            db.session.add(CaseAnswer(resource_link_id=link.id, user_id=user.id, question_id=qid, text=text))
        db.session.commit()
    teacher = Browser()
    page = launch(world, "sample.case", user="teacher", instructor=True, browser=teacher)
    exported = teacher.http.get(f"{tool_base(world)}/lti/results/{launch_id(page)}/results.csv")
    rows = {r["user_id"]: r for r in csv.DictReader(io.StringIO(exported.text))}
    assert rows["ana"]["answers"] == "1"
