"""The dev platform's AGS and NRPS endpoints, driven through pylti1p3's service classes with the tool's own
registration (what grade passback and rosters will use): tokens, line items, scores and memberships recorded."""

from __future__ import annotations

from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector

from lti_tool.lti.tool_conf import DatabaseToolConf

AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"


def test_scores_and_rosters_reach_the_dev_platform(world):
    world.launch(custom={"fieldschool_item": "sample.case"})
    claims = world.platform.received("id_token")[-1]["claims"]
    world.platform.members["course-1"] = [{"user_id": "learner-1", "roles": ["Learner"], "status": "Active"}]
    with world.app.app_context():
        registration = DatabaseToolConf().find_registration_by_params(world.platform.issuer, world.client_id)
        connector = ServiceConnector(registration)
        ags = AssignmentsGradesService(connector, claims[AGS])
        line_item = ags.find_or_create_lineitem(LineItem().set_tag("sample.case").set_score_maximum(100)
                                                .set_label("Sample case").set_resource_id("sample.case"))
        grade = (Grade().set_score_given(80).set_score_maximum(100).set_user_id("learner-1")
                 .set_activity_progress("Completed").set_grading_progress("FullyGraded")
                 .set_timestamp("2026-11-29T03:00:00+00:00"))
        ags.put_grade(grade, line_item)
        members = NamesRolesProvisioningService(connector, claims[NRPS]).get_members()
    assert world.platform.scores == [{"lineitem": line_item.get_id(), "scoreGiven": 80, "scoreMaximum": 100,
                                      "userId": "learner-1", "activityProgress": "Completed",
                                      "gradingProgress": "FullyGraded", "timestamp": "2026-11-29T03:00:00+00:00"}]
    assert [m["user_id"] for m in members] == ["learner-1"]
    assert len(world.platform.received("token_request")) >= 1
