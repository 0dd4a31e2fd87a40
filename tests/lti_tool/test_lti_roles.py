"""Mapping LTI roles to learner / instructor."""

from __future__ import annotations

import pytest

from lti_tool.models import INSTRUCTOR, LEARNER
from lti_tool.services.roles import tool_role

LIS = "http://purl.imsglobal.org/vocab/lis/v2/"


@pytest.mark.parametrize("roles, expected", [
    ([LIS + "membership#Instructor"], INSTRUCTOR),
    ([LIS + "membership/Instructor#TeachingAssistant"], INSTRUCTOR),
    ([LIS + "membership#ContentDeveloper"], INSTRUCTOR),
    ([LIS + "membership#Administrator"], INSTRUCTOR),
    ([LIS + "membership#Learner"], LEARNER),
    ([LIS + "membership#Mentor"], LEARNER),
    (["Instructor"], INSTRUCTOR),
    (["Learner"], LEARNER),
    ([], LEARNER),
    (None, LEARNER),
    (["urn:lti:role:ims/lis/Unknown", 42], LEARNER),
    # A professor taking a course as a student: the course role decides.
    ([LIS + "membership#Learner", LIS + "institution/person#Faculty", LIS + "institution/person#Instructor"], LEARNER),
    # No course role: institution and system roles decide.
    ([LIS + "system/person#Administrator"], INSTRUCTOR),
    ([LIS + "institution/person#Faculty"], INSTRUCTOR),
    ([LIS + "institution/person#Student"], LEARNER),
])
def test_tool_role(roles, expected):
    assert tool_role(roles) == expected
