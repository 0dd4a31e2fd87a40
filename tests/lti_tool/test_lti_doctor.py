"""``fieldschool doctor`` checks a registration end to end from the tool's side: against the dev platform everything
works but the tool's address is http on 127.0.0.1 (Moodle would block it); against a platform on 127.0.0.1 whose
key set is broken and whose token endpoint answers with Moodle's HTML error page, it says what failed and how to fix
it, and exits with an error."""

from __future__ import annotations

from lti_live import LiveServer
from sqlalchemy import select
from werkzeug.wrappers import Request, Response

from lti_tool.extensions import db
from lti_tool.models import Platform
from lti_tool.services.platforms import register_platform

BLOCKED_PAGE = ("<html><head><title>Error: cURL blocked hosts</title></head><body><div class='errorbox'>"
                "<p class='errormessage'>The URL http://127.0.0.1/lti/jwks.json is blocked.</p></div></body></html>")


def _doctor(world, *args: str):
    return world.app.test_cli_runner().invoke(args=["doctor", *args])


def test_doctor_passes_a_working_registration_and_warns_about_a_private_http_tool_address(world):
    with world.app.app_context():
        platform_id = db.session.scalars(select(Platform.id)).one()
    result = _doctor(world, "--platform", str(platform_id))
    out = result.output
    assert result.exit_code == 0, out
    assert f"Platform {platform_id}: Dev platform (client fieldschool-tool)" in out
    assert "[ok  ] platform key set (JWKS): 1 key(s) at " in out
    for scope in ("score", "lineitem", "result.readonly", "contextmembership.readonly"):
        assert f"[ok  ] access token for {scope}: obtained" in out
    assert "[WARN] tool address (FIELDSCHOOL_BASE_URL): http://127.0.0.1:" in out and "is not https" in out
    assert "is a private or loopback address (127.0.0.1)" in out and "cURL blocked hosts list" in out
    assert f"[ok  ] tool key set (JWKS) URL: {world.app.config['BASE_URL']}/lti/jwks.json answered 200" in out
    assert "[ok  ] tool launch URL:" in out
    assert "No check failed." in out
    # fresh tokens, not the cache: the platform saw one request per scope
    assert len(world.platform.received("token_request")) == 4


def _broken_platform(request: Request) -> Response:
    if request.path == "/jwks.json":
        return Response('{"keys": "none"}', content_type="application/json")
    if request.path == "/token":
        return Response(BLOCKED_PAGE, status=400, content_type="text/html; charset=utf-8")
    return Response("not found", status=404)


def test_doctor_reports_a_broken_key_set_and_a_refused_token_with_the_platforms_reason_and_the_fix(world):
    broken = LiveServer().start(Request.application(_broken_platform))
    try:
        with world.app.app_context():
            row = register_platform(issuer=broken.url, client_id="tool-1", auth_login_url=broken.url + "/auth",
                                    auth_token_url=broken.url + "/token", key_set_url=broken.url + "/jwks.json",
                                    deployment_ids=("d1",), name="Broken Moodle")
            platform_id = row.id
        result = _doctor(world, "--platform", str(platform_id))
    finally:
        broken.stop()
    out = result.output
    assert result.exit_code == 1
    assert "Broken Moodle" in out and "Dev platform" not in out
    assert f"[FAIL] platform key set (JWKS): {broken.url}/jwks.json is not a usable key set" in out
    assert ("[FAIL] access token for score: token endpoint answered 400: Error: cURL blocked hosts — "
            "The URL http://127.0.0.1/lti/jwks.json is blocked.") in out
    assert "the platform could not verify the tool's signed request" in out
    assert "Site administration → General → Security → HTTP security" in out
    assert "<html>" not in out
    assert "check(s) failed." in out


def test_doctor_names_an_unknown_platform(world):
    result = _doctor(world, "--platform", "999")
    assert result.exit_code == 1 and "No platform with id 999." in result.output
