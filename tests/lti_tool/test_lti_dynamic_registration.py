"""LTI Dynamic Registration against the dev platform's registration endpoint, then a launch through it."""

from __future__ import annotations

from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.models import Platform
from lti_tool.services.dynamic_registration import TOOL_CONFIG

LIS = "http://purl.imsglobal.org/vocab/lis/v2/membership#"


def test_dynamic_registration_registers_the_tool_and_launches_work(tmp_path):
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, register=False)
    try:
        page = world.browser.get(world.platform.registration_start_url(world.tool_url("/lti/register")))
        assert page.status_code == 200, page.text
        assert 'data-registered="1"' in page.text and "registered.js" in page.text

        payload = world.platform.received("registration")[0]["payload"]
        assert payload["initiate_login_uri"] == world.tool_url("/lti/login")
        assert payload["redirect_uris"] == [world.tool_url("/lti/launch")]
        assert payload["jwks_uri"] == world.tool_url("/lti/jwks.json")
        assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in payload["scope"].split()
        assert "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly" in payload["scope"]
        config = payload[TOOL_CONFIG]
        assert {m["type"] for m in config["messages"]} == {"LtiResourceLinkRequest", "LtiDeepLinkingRequest"}
        assert config["target_link_uri"] == world.tool_url("/lti/launch")
        assert config["domain"] == world.tool_url("").split("://")[1]
        assert "email" in config["claims"]

        tool = next(t for t in world.platform.tools.values() if t.registration)
        with world.app.app_context():
            platform = db.session.scalars(select(Platform).filter_by(client_id=tool.client_id)).one()
            assert platform.issuer == world.platform.issuer and platform.source == "dynamic"
            assert platform.auth_login_url == world.platform.url("/auth")
            assert platform.key_set_url == world.platform.url("/jwks.json")
            assert [d.deployment_id for d in platform.deployments] == [tool.deployment_id]

        url, params = world.platform.launch_request(tool.client_id, roles=[LIS + "Instructor"],
                                                    message_type="LtiDeepLinkingRequest")
        picker = world.browser.start_launch(url, params)
        assert picker.status_code == 200 and 'value="sample.case"' in picker.text
    finally:
        world.stop()


def test_registration_token_is_required(world):
    url = world.platform.registration_start_url(world.tool_url("/lti/register"), token="not-issued")
    page = world.browser.get(url)
    assert page.status_code == 400 and "Registration failed" in page.text
    assert 'data-registered="0"' in page.text


def test_issuer_must_match_the_configuration_url(world):
    import requests

    other = f"http://localhost:{world.platform_server.port}/.well-known/openid-configuration"
    response = requests.get(world.tool_url("/lti/register"), params={"openid_configuration": other,
                                                                     "registration_token": "x"})
    assert response.status_code == 400 and "does not match" in response.text


def test_registration_without_configuration_url_is_refused(client):
    assert client.get("/lti/register").status_code == 400


def test_issuer_site_rule():
    from lti_tool.services.dynamic_registration import same_site

    assert same_site("https://moodle.uni.edu/moodle", "https://moodle.uni.edu/moodle/mod/lti/openid-configuration.php")
    assert same_site("https://canvas.instructure.com",
                     "https://school.instructure.com/api/lti/security/openid-configuration")
    assert not same_site("https://evil.example.com", "https://moodle.uni.edu/openid")
    assert not same_site("http://moodle.uni.edu", "https://moodle.uni.edu/openid")
    assert not same_site("http://127.0.0.1:8000", "http://127.0.0.2:8000/openid")
    assert not same_site("https://other.ac.uk", "https://evil.ac.uk/openid")
    assert same_site("https://lms.uni.ac.uk", "https://tenant.uni.ac.uk/openid")
