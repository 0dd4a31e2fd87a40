"""Grade and roster failures a school can diagnose: the platform's own reason is kept (never its whole error page),
failures are logged at WARNING with platform, line item and status, learners and instructors see "waiting",
"delivered", "failed, will retry at …" or "failed", and a failed roster call is not mistaken for "no roster"."""

from __future__ import annotations

import json
import logging

from lti_activity_helpers import drain, launch, launch_id, tool_base
from lti_grade_helpers import line_item, make_flaky, no_grace
from lti_live import Browser
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.grades.models import FAILED, PENDING, GradeOutbox
from lti_tool.grades.reasons import REASON_LIMIT, platform_reason

RIGHT = [("q-q1", "b"), ("q-q2", "a"), ("q-q2", "b"), ("q-q3", "true"), ("q-q4", "25"), ("q-q5", "eje")]
LEARNER = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]
# What Moodle answers when its outbound requests to the tool are blocked: a whole themed HTML page.
MOODLE_ERROR_PAGE = ("<!DOCTYPE html><html><head><title>Error: cURL blocked hosts</title>"
                     "<style>body{font:12px sans-serif}</style><script>var M = {};</script></head><body>"
                     "<nav>" + "<a href='#'>menu</a>" * 200 + "</nav><div class='box errorbox'><h1>Error</h1>"
                     "<p class='errormessage'>The URL is blocked.</p></div></body></html>").encode()


def test_the_platforms_reason_is_read_from_json_text_or_an_html_page():
    assert platform_reason('{"error": "invalid_client", "error_description": "Unknown key id"}',
                           "application/json") == "Unknown key id: invalid_client"
    assert platform_reason('{"errors": [{"message": "Line item closed"}]}', "application/json") == \
        "Line item closed"
    assert platform_reason("Service down for maintenance\n", "text/plain") == "Service down for maintenance"
    from_html = platform_reason(MOODLE_ERROR_PAGE, "text/html; charset=utf-8")
    assert from_html == "Error: cURL blocked hosts — The URL is blocked."
    assert platform_reason("<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>", "") == "502 Bad Gateway"
    long = platform_reason("x" * 5000, "text/plain")
    assert len(long) == REASON_LIMIT and long.endswith("…")
    assert platform_reason("", "text/html") == "" and platform_reason(None) == ""


def _outbox_rows(world) -> list[GradeOutbox]:
    with world.app.app_context():
        rows = list(db.session.scalars(select(GradeOutbox)))
        db.session.expunge_all()
        return rows


def test_a_failing_gradebook_is_shown_as_waiting_then_retrying_then_delivered_to_learner_and_instructor(world):
    flaky = make_flaky(world)
    lineitem = line_item(world, "Quiz", 5)
    learner = Browser()
    page = launch(world, "sample.assessment", user="ana", lineitem=lineitem, browser=learner)
    feedback = learner.submit(page, multi=RIGHT, form_index=0)
    assert "waiting to be sent to your course's gradebook" in feedback.text
    assert "— sent to your course's gradebook" not in feedback.text

    flaky.fail_status, flaky.fail_type = 503, "application/json"
    flaky.fail_body = json.dumps({"error": "temporarily_unavailable",
                                  "error_description": "The gradebook is being upgraded"}).encode()
    drain(world)
    [row] = _outbox_rows(world)
    assert row.state == PENDING and row.attempts == 1
    assert row.last_error == "the platform answered 503: The gradebook is being upgraded: temporarily_unavailable"
    retry_at = row.next_attempt_at.strftime("%H:%M")
    again = learner.get(feedback.url).text
    assert f"sending failed, will retry at {retry_at} UTC" in again

    teacher = Browser()
    tpage = launch(world, "sample.assessment", user="teacher", lineitem=lineitem, instructor=True, browser=teacher)
    results = teacher.get(f"{tool_base(world)}/lti/results/{launch_id(tpage)}").text
    assert f"failed, will retry at {retry_at} UTC" in results and "The gradebook is being upgraded" in results
    assert "(1 try)" in results

    flaky.fail_status = None
    no_grace(world.app)
    drain(world)
    assert "delivered to your course's gradebook" in learner.get(feedback.url).text
    results = teacher.get(f"{tool_base(world)}/lti/results/{launch_id(tpage)}").text
    assert 'class="passback-delivered">delivered<' in results


def test_a_refusal_keeps_the_reason_not_the_error_page_logs_a_warning_and_shows_failed(world, caplog):
    flaky = make_flaky(world)
    flaky.fail_status, flaky.fail_type, flaky.fail_body = 403, "text/html; charset=utf-8", MOODLE_ERROR_PAGE
    lineitem = line_item(world, "Case")
    learner = Browser()
    page = launch(world, "sample.case", user="ana", lineitem=lineitem, browser=learner)
    from lti_activity_helpers import csrf

    done = learner.http.post(f"{tool_base(world)}/lti/case/{launch_id(page)}/complete",
                             data={"csrf_token": csrf(page), "answer-context-1": "a", "answer-lessons-1": "b"})
    assert "waiting to be sent to your course's gradebook" in done.text
    with caplog.at_level(logging.WARNING, logger="lti_tool.grades"):
        drain(world)
    [row] = _outbox_rows(world)
    assert row.state == FAILED  # 403 is a refusal: no automatic retries
    assert row.last_error == "the platform answered 403: Error: cURL blocked hosts — The URL is blocked."
    [record] = [r for r in caplog.records if r.name == "lti_tool.grades"]
    message = record.getMessage()
    assert record.levelno == logging.WARNING
    assert "Dev platform" in message and lineitem in message and "status 403" in message
    assert "cURL blocked hosts" in message and "<" not in message

    page_again = learner.get(done.url).text
    assert "sending to your course's gradebook failed" in page_again
    teacher = Browser()
    tpage = launch(world, "sample.case", user="teacher", lineitem=lineitem, instructor=True, browser=teacher)
    results = teacher.get(f"{tool_base(world)}/lti/results/{launch_id(tpage)}").text
    assert 'class="passback-failed">failed<' in results and "The URL is blocked." in results


def test_a_failed_roster_call_is_told_apart_from_a_platform_without_a_roster(world):
    flaky = make_flaky(world)
    world.platform.members["course-1"] = [{"user_id": "ana", "name": "Ana", "roles": LEARNER, "status": "Active"}]
    flaky.roster_failure = (403, "text/html", MOODLE_ERROR_PAGE)
    teacher = Browser()
    page = launch(world, "sample.case", user="teacher", instructor=True, browser=teacher)
    text = teacher.get(f"{tool_base(world)}/lti/results/{launch_id(page)}").text
    assert "roster call failed: NRPS answered 403: Error: cURL blocked hosts — The URL is blocked." in text
    assert "offers no roster" not in text

    with world.app.app_context():
        from lti_tool.models import Context

        db.session.query(Context).update({"nrps_url": None})
        db.session.commit()
    text = teacher.get(f"{tool_base(world)}/lti/results/{launch_id(page)}").text
    assert "the platform offers no roster service" in text and "roster call failed" not in text
