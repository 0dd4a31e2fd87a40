"""Correctly signed launches whose claims have the wrong shape or size: each is a 400 page naming the claim and the
problem, logged at WARNING, with nothing stored and never a traceback. Odd but valid claims (Unicode names, a
locale the tool does not speak, numbers in custom parameters) still launch."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from lti_tool.extensions import db
from lti_tool.models import Context, LtiUser, Membership, ResourceLink

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
ITEM = {"fieldschool_item": "sample.case"}
GOOD_DL = {"deep_link_return_url": "https://lms.example/return", "accept_types": ["ltiResourceLink"],
           "accept_presentation_document_targets": ["iframe"]}

MALFORMED = [
    # (what, claims set on the signed id_token, the claim the page must name, words the page must say)
    ("roles as a string", {LTI + "roles": "Instructor"}, "roles", "list of texts"),
    ("roles as an object", {LTI + "roles": {"role": "Instructor"}}, "roles", "list of texts"),
    ("roles holding numbers", {LTI + "roles": [1, 2]}, "roles[0]", "must be text"),
    ("too many roles", {LTI + "roles": ["Learner"] * 5000}, "roles", "at most"),
    ("numeric sub", {"sub": 12345}, "sub", "must be text"),
    ("empty sub", {"sub": ""}, "sub", "must not be empty"),
    ("oversized sub", {"sub": "u" * 5000}, "sub", "characters long"),
    ("name as a list", {"name": ["Ana", "Ruiz"]}, "name", "must be text"),
    ("oversized name", {"name": "Ana " * 50_000}, "name", "characters long"),
    ("NUL in a name", {"given_name": "Ana\x00"}, "given_name", "NUL"),
    ("email as an object", {"email": {"address": "ana@example.org"}}, "email", "must be text"),
    ("context as a string", {LTI + "context": "course-1"}, "context", "must be an object"),
    ("context without an id", {LTI + "context": {"title": "Course"}}, "context.id", "is missing"),
    ("context id as an object", {LTI + "context": {"id": {"x": 1}}}, "context.id", "must be text"),
    ("oversized context id", {LTI + "context": {"id": "c" * 300}}, "context.id", "characters long"),
    ("resource_link as a list", {LTI + "resource_link": ["link-1"]}, "resource_link", "must be an object"),
    ("resource_link id as a number", {LTI + "resource_link": {"id": 7}}, "resource_link.id", "must be text"),
    ("custom as a string", {LTI + "custom": "fieldschool_item=sample.case"}, "custom", "must be an object"),
    ("custom value as an object", {LTI + "custom": {"fieldschool_item": {"id": "sample.case"}}},
     "custom.fieldschool_item", "must be text"),
    ("presentation as a string", {LTI + "launch_presentation": "es"}, "launch_presentation", "must be an object"),
    ("locale as a list", {LTI + "launch_presentation": {"locale": ["es"]}}, "launch_presentation.locale",
     "must be text"),
    ("AGS endpoint as a string", {AGS: "https://lms.example/ags"}, "lti-ags endpoint", "must be an object"),
    ("AGS scope as a string", {AGS: {"scope": "https://purl.imsglobal.org/spec/lti-ags/scope/score"}},
     "lti-ags endpoint.scope", "list of texts"),
    ("NRPS without a URL", {NRPS: {"service_versions": ["2.0"]}}, "namesroleservice.context_memberships_url",
     "is missing"),
    ("deployment id as a number", {LTI + "deployment_id": 1}, "deployment_id", "must be text"),
    # read before the signature is checked: refused the same way
    ("aud as an object", {"aud": {"client": "fieldschool-tool"}}, "aud", "must be text"),
    ("aud as an empty list", {"aud": []}, "aud", "must not be empty"),
    ("nonce as a list", {"nonce": ["n-1"]}, "nonce", "must be text"),
]

DEEP_LINKING_MALFORMED = [
    ("settings as a string", "https://lms.example/return", "deep_linking_settings", "must be an object"),
    ("return URL missing", {**GOOD_DL, "deep_link_return_url": None}, "deep_linking_settings.deep_link_return_url",
     "is missing"),
    ("return URL not http", {**GOOD_DL, "deep_link_return_url": "javascript:alert(1)"},
     "deep_linking_settings.deep_link_return_url", "http(s) URL"),
    ("accept_types as a string", {**GOOD_DL, "accept_types": "ltiResourceLink"},
     "deep_linking_settings.accept_types", "list of texts"),
    ("data as an object", {**GOOD_DL, "data": {"x": 1}}, "deep_linking_settings.data", "must be text"),
]


def stored_rows(world) -> int:
    with world.app.app_context():
        return sum(db.session.scalar(select(func.count(model.id)))
                   for model in (LtiUser, Context, Membership, ResourceLink))


def assert_refused(world, caplog, page, claim: str, words: str) -> None:
    assert page.status_code == 400, page.text[:400]
    assert "Traceback" not in page.text and 'role="alert"' in page.text
    assert "<code>malformed</code>" in page.text
    assert f"“{claim}”" in page.text and words in page.text
    warnings = [r for r in caplog.records if r.name == "lti_tool.launch" and r.levelno == logging.WARNING]
    assert any("[malformed]" in r.getMessage() and claim in r.getMessage() for r in warnings)
    assert stored_rows(world) == 0


@pytest.fixture(autouse=True)
def _capture(caplog):
    caplog.set_level(logging.INFO)


@pytest.mark.parametrize("what, claims, claim, words", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_resource_link_launch_is_a_400_page(world, caplog, what, claims, claim, words):
    page = world.launch(custom=ITEM, tamper={"set": claims})
    assert_refused(world, caplog, page, claim, words)


@pytest.mark.parametrize("what, settings, claim, words", DEEP_LINKING_MALFORMED,
                         ids=[m[0] for m in DEEP_LINKING_MALFORMED])
def test_a_malformed_deep_linking_launch_is_a_400_page(world, caplog, what, settings, claim, words):
    from lti_tool.devplatform.platform import INSTRUCTOR

    page = world.launch(roles=INSTRUCTOR, message_type="LtiDeepLinkingRequest", tamper={"set": {DL: settings}})
    assert_refused(world, caplog, page, claim, words)


def test_odd_but_valid_claims_still_launch(world):
    person = {"name": "Ñusta Quispe 👩🏽‍🌾 María-José", "given_name": "Ñusta", "email": "ñ@example.org"}
    page = world.launch(custom={**ITEM, "weight": 3, "graded": True}, person=person,
                        locale="zz-!!", context={"id": "课程-1", "title": "Café ☕ cooperatives"})
    assert page.status_code == 200, page.text[:400]
    with world.app.app_context():
        assert db.session.scalars(select(LtiUser.name)).one() == "Ñusta Quispe 👩🏽‍🌾 María-José"
        assert db.session.scalars(select(Context.context_id)).one() == "课程-1"
