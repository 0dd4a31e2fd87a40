"""A learner takes an assessment: questions in a stable shuffled order per attempt, nothing giving the answers away
before submitting, grading on the server, feedback and explanations after, an attempts limit, and the kept score
(best or last, per link) arriving at the platform's line item with activity and grading progress."""

from __future__ import annotations

import re

from lti_activity_helpers import csrf, drain, launch, launch_id, question_ids, tool_base
from lti_grade_helpers import line_item
from lti_live import Browser
from sqlalchemy import select

from curriculum.scoring import question_order
from lti_tool.activity_models import AssessmentAttempt
from lti_tool.extensions import db
from lti_tool.models import LtiUser

RIGHT = [("q-q1", "b"), ("q-q2", "a"), ("q-q2", "b"), ("q-q3", "true"), ("q-q4", "25,0"), ("q-q5", " El eje ")]
WRONG = [("q-q1", "a"), ("q-q2", "c"), ("q-q3", "false"), ("q-q4", "20"), ("q-q5", "axis")]
HALF = [("q-q1", "b"), ("q-q2", "a"), ("q-q3", "false")]  # 1 + 0.5 + 0 of 5 points
SECRETS = ["Only the actors can systematise", "Right, the actors own it", "Outsiders facilitate only",
           "Divide the change by the starting value", "It is the &#39;eje&#39;", "Jara calls it the eje"]


def take(browser, page, answers):
    return browser.submit(page, multi=answers, form_index=0)


def assessment(world):
    with world.app.app_context():
        from lti_tool.services.course import get_course

        return get_course().find_item("sample.assessment")


def test_nothing_in_the_page_gives_the_answers_away_and_the_order_is_stable_per_attempt(world):
    browser = Browser()
    page = launch(world, "sample.assessment", browser=browser)
    for secret in SECRETS:
        assert secret not in page.text
    assert "correct" not in page.text.lower()
    order = question_ids(page)
    assert sorted(order) == ["q1", "q2", "q3", "q4", "q5"]
    assert question_ids(browser.get(page.url)) == order  # a reload keeps the order
    with world.app.app_context():
        user_id = db.session.scalars(select(LtiUser.id)).one()
    assert order == question_order(assessment(world), f"{user_id}:1")
    result = take(browser, page, RIGHT)
    again = browser.get(page.url)
    assert question_ids(again) == question_order(assessment(world), f"{user_id}:2")
    assert "Attempt 2" in again.text and "Attempt 1</a>: 100 %" in again.text
    assert result.status_code == 200


def test_right_and_wrong_answers_get_feedback_and_the_score_reaches_the_line_item(world):
    lineitem = line_item(world, "Sample assessment", 5)
    browser = Browser()
    page = launch(world, "sample.assessment", lineitem=lineitem, browser=browser, user="ana")
    result = take(browser, page, RIGHT)
    assert "/lti/assessment/" in result.url and "/attempt/1" in result.url
    assert "Your score: 100 % (5 of 5 points)." in result.text and "You passed." in result.text
    assert result.text.count("✓ Correct") == 5
    assert "Right, the actors own it." in result.text  # the chosen option's feedback
    assert "Only the actors can systematise" not in result.text  # passed, but an attempt is left: no explanations
    assert drain(world).delivered == 1
    [score] = world.platform.scores
    assert score["lineitem"] == lineitem and score["userId"] == "ana"
    assert (score["scoreGiven"], score["scoreMaximum"]) == (5.0, 5.0)
    assert (score["activityProgress"], score["gradingProgress"]) == ("Submitted", "FullyGraded")  # 1 attempt left
    assert score["timestamp"].endswith("Z")

    wrong = take(browser, browser.get(page.url), WRONG)
    assert "Your score: 0 %" in wrong.text and "You did not reach the pass mark (60 %)." in wrong.text
    assert "Outsiders facilitate only." in wrong.text and "Divide the change by the starting value." in wrong.text
    assert "Your score that counts (best attempt): 100 %" in wrong.text
    assert "Only the actors can systematise" in wrong.text  # the last attempt: explanations now
    drain(world)
    last = world.platform.scores[-1]
    assert (last["scoreGiven"], last["activityProgress"]) == (5.0, "Completed")  # best kept, attempts used up
    assert len(world.platform.scores) == 2


def test_the_attempts_limit_holds_even_against_a_replayed_form(world):
    browser = Browser()
    page = launch(world, "sample.assessment", browser=browser)
    take(browser, page, WRONG)
    second = browser.get(page.url)
    take(browser, second, RIGHT)
    used_up = browser.get(page.url)
    assert "You have used all your attempts." in used_up.text and 'name="attempt"' not in used_up.text
    submit = f"{tool_base(world)}/lti/assessment/{launch_id(page)}/submit"
    replay = browser.http.post(submit, data=[("csrf_token", csrf(page)), ("attempt", "2"), *RIGHT])
    assert "/attempt/2" in replay.url  # an already submitted attempt: its feedback, nothing new
    third = browser.http.post(submit, data=[("csrf_token", csrf(page)), ("attempt", "3"), *RIGHT])
    assert third.status_code == 409
    with world.app.app_context():
        assert db.session.scalar(select(db.func.count(AssessmentAttempt.id))) == 2


def test_malformed_answers_are_refused_without_using_an_attempt(world):
    browser = Browser()
    page = launch(world, "sample.assessment", browser=browser)
    refused = take(browser, page, [("q-q4", "twenty-five"), ("q-q1", "z")])
    assert refused.status_code == 400 and "could not be read" in refused.text
    with world.app.app_context():
        assert db.session.scalar(select(db.func.count(AssessmentAttempt.id))) == 0


def test_partial_credit_and_unanswered_questions(world):
    browser = Browser()
    page = launch(world, "sample.assessment", browser=browser)
    result = take(browser, page, HALF)
    assert "Your score: 30 % (1.5 of 5 points)." in result.text
    assert "◐ Partly correct" in result.text and result.text.count("✗ Not answered") == 2


def _policy(world, link: str, policy: str, lineitem: str) -> None:
    browser = Browser()
    page = launch(world, "sample.assessment", user="teacher", link=link, lineitem=lineitem, instructor=True,
                  browser=browser)
    results = browser.get(f"{tool_base(world)}/lti/results/{launch_id(page)}")
    form = re.findall(r"<form", results.text)
    assert form
    browser.submit(results, {"policy": policy}, form_index=0)


def test_last_policy_sends_the_last_score_and_switching_to_best_resends(world):
    lineitem = line_item(world, "Last counts", 5)
    _policy(world, "link-last", "last", lineitem)
    browser = Browser()
    page = launch(world, "sample.assessment", user="ben", link="link-last", lineitem=lineitem, browser=browser)
    take(browser, page, RIGHT)
    take(browser, browser.get(page.url), HALF)
    drain(world)
    assert [s["scoreGiven"] for s in world.platform.scores] == [5.0, 1.5]
    _policy(world, "link-last", "best", lineitem)
    drain(world)
    assert [s["scoreGiven"] for s in world.platform.scores] == [5.0, 1.5, 5.0]
    assert world.platform.scores[-1]["userId"] == "ben"
    assert len({s["timestamp"] for s in world.platform.scores}) == 3


def test_instructors_preview_without_sending_grades(world):
    lineitem = line_item(world)
    browser = Browser()
    page = launch(world, "sample.assessment", user="teacher", lineitem=lineitem, instructor=True, browser=browser)
    assert "Results for this activity" in page.text
    take(browser, page, RIGHT)
    assert drain(world).claimed == 0 and world.platform.scores == []
