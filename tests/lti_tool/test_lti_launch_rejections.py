"""Every way a launch can be refused: each gets a clear page, a 4xx status and a log line, and stores nothing."""

from __future__ import annotations

import logging

import pytest
import requests
from sqlalchemy import func, select

from lti_tool.extensions import db
from lti_tool.models import Context, LtiUser, Membership, ResourceLink

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
ITEM = {"fieldschool_item": "sample.case"}


def stored_rows(world) -> int:
    with world.app.app_context():
        return sum(db.session.scalar(select(func.count(model.id)))
                   for model in (LtiUser, Context, Membership, ResourceLink))


def rejected(world, caplog, response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert f"<code>{code}</code>" in response.text
    assert 'role="alert"' in response.text
    assert any(f"[{code}]" in r.getMessage() for r in caplog.records if r.name == "lti_tool.launch")
    assert stored_rows(world) == 0


@pytest.fixture(autouse=True)
def _capture(caplog):
    caplog.set_level(logging.INFO)


def test_bad_signature_is_rejected(world, caplog):
    page = world.launch(custom=ITEM, tamper={"sign_with": "other-key"})
    rejected(world, caplog, page, 401, "signature")


def test_token_without_key_id_is_rejected(world, caplog):
    page = world.launch(custom=ITEM, tamper={"sign_with": "no-kid"})
    rejected(world, caplog, page, 401, "signature")


def test_expired_token_is_rejected(world, caplog):
    page = world.launch(custom=ITEM, tamper={"exp_offset": -3600})
    rejected(world, caplog, page, 401, "expired")


def test_replayed_launch_is_rejected(world, caplog):
    captured = world.launch(custom=ITEM, stop_before=world.tool_url("/lti/launch"))
    form = captured.form
    first = world.browser.http.post(world.tool_url("/lti/launch"), data=form.fields)
    assert first.status_code == 200 and "/lti/activity/" in first.url
    rows = stored_rows(world)
    second = world.browser.http.post(world.tool_url("/lti/launch"), data=form.fields)
    assert second.status_code == 409 and "<code>replay</code>" in second.text
    # An attacker replaying a captured id_token from another browser fares no better.
    third = requests.post(world.tool_url("/lti/launch"), data=form.fields)
    assert third.status_code == 409
    assert stored_rows(world) == rows
    assert any("[replay]" in r.getMessage() for r in caplog.records)


def test_unknown_platform_is_rejected_at_login(tmp_path, caplog):
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, register=False)
    try:
        page = world.launch(custom=ITEM)
        rejected(world, caplog, page, 403, "platform")
    finally:
        world.stop()


def test_id_token_from_an_unknown_issuer_is_rejected(world, caplog):
    page = world.launch(custom=ITEM, tamper={"set": {"iss": "https://lms.unknown.example"}})
    rejected(world, caplog, page, 403, "platform")


def test_id_token_for_another_client_is_rejected(world, caplog):
    page = world.launch(custom=ITEM, tamper={"set": {"aud": "someone-else"}})
    rejected(world, caplog, page, 403, "platform")


@pytest.mark.parametrize("claim", [LTI + "roles", LTI + "version", LTI + "resource_link", "sub", LTI + "message_type"])
def test_missing_claim_is_rejected(world, caplog, claim):
    page = world.launch(custom=ITEM, tamper={"drop": [claim]})
    rejected(world, caplog, page, 400, "claims")


def test_wrong_deployment_is_rejected(world, caplog):
    page = world.launch(custom=ITEM, deployment_id="not-registered")
    rejected(world, caplog, page, 403, "deployment")


def test_bad_state_is_rejected(world, caplog):
    captured = world.launch(custom=ITEM, stop_before=world.tool_url("/lti/launch"))
    fields = dict(captured.form.fields, state="state-forged")
    page = world.browser.http.post(world.tool_url("/lti/launch"), data=fields)
    rejected(world, caplog, page, 400, "state")


def test_missing_state_is_rejected(world, caplog):
    captured = world.launch(custom=ITEM, stop_before=world.tool_url("/lti/launch"))
    fields = {"id_token": captured.form.fields["id_token"]}
    page = world.browser.http.post(world.tool_url("/lti/launch"), data=fields)
    rejected(world, caplog, page, 400, "state")


def test_nonce_the_tool_never_issued_is_rejected(world, caplog):
    page = world.launch(custom=ITEM, tamper={"nonce": "nonce-made-up-by-someone"})
    rejected(world, caplog, page, 400, "nonce")


def test_garbage_id_token_is_rejected(world, caplog):
    captured = world.launch(custom=ITEM, stop_before=world.tool_url("/lti/launch"))
    fields = dict(captured.form.fields, id_token="not-a-jwt")
    page = world.browser.http.post(world.tool_url("/lti/launch"), data=fields)
    assert page.status_code == 400
    assert stored_rows(world) == 0


def test_login_for_a_foreign_target_is_rejected(world, caplog):
    url, params = world.platform.launch_request(world.client_id, custom=ITEM)
    params["target_link_uri"] = "https://evil.example/steal"
    page = world.browser.start_launch(url, params)
    rejected(world, caplog, page, 400, "target")


def test_login_without_login_hint_is_rejected(world, caplog):
    url, params = world.platform.launch_request(world.client_id, custom=ITEM)
    del params["login_hint"]
    page = world.browser.start_launch(url, params)
    rejected(world, caplog, page, 400, "login")


def test_launch_without_the_session_cookie_is_rejected(tmp_path, caplog):
    """With Secure cookies (the tool on https, here localhost) a browser that dropped them cannot finish a launch."""
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, tool_host="localhost")
    try:
        page = world.launch(custom=ITEM)  # requests never sends Secure cookies over plain http
        rejected(world, caplog, page, 400, "cookies")
        assert "new window" in page.text
    finally:
        world.stop()
