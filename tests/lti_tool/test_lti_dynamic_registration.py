"""LTI Dynamic Registration by invitation against the dev platform's registration endpoint, then a launch through
it; invitations are single-use and expire, and a registration never changes an existing platform."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.models import Platform, RegistrationInvitation, utcnow
from lti_tool.services.dynamic_registration import TOOL_CONFIG
from lti_tool.services.invitations import claim_invitation, create_invitation, token_hash
from lti_tool.services.platforms import register_platform

LIS = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
REFUSED = "This registration link is not valid"


def invite(world, hours: float = 24) -> str:
    with world.app.app_context():
        return create_invitation("Test Moodle", hours)[1]


def start_url(world, token: str | None = None, registration_token: str | None = None) -> str:
    """The URL the platform opens: the invitation URL with openid_configuration and registration_token appended."""
    tool_url = world.tool_url("/lti/register") + (f"?invite={token}" if token else "")
    return world.platform.registration_start_url(tool_url, token=registration_token)


@pytest.fixture
def new_world(tmp_path):
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, register=False)
    yield world
    world.stop()


def test_dynamic_registration_by_invitation_registers_the_tool_and_launches_work(new_world):
    world = new_world
    token = invite(world)
    page = world.browser.get(start_url(world, token))
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
        invitation = db.session.scalars(select(RegistrationInvitation)).one()
        assert invitation.used_at is not None and invitation.platform_id == platform.id
        assert invitation.token_hash == token_hash(token) and token not in invitation.token_hash

    url, params = world.platform.launch_request(tool.client_id, roles=[LIS + "Instructor"],
                                                message_type="LtiDeepLinkingRequest")
    picker = world.browser.start_launch(url, params)
    assert picker.status_code == 200 and 'value="sample.case"' in picker.text

    # The same invitation, pasted again (with a fresh registration token from the platform), is refused.
    again = world.browser.get(start_url(world, token))
    assert again.status_code == 403 and REFUSED in again.text
    assert len(world.platform.received("registration")) == 1


def test_registration_without_an_invitation_is_refused_with_a_translated_page(new_world):
    world = new_world
    page = requests.get(start_url(world), headers={"Accept-Language": "es"})
    assert page.status_code == 403
    assert "Este enlace de registro no es válido" in page.text
    posted = requests.post(world.tool_url("/lti/register"), data={
        "openid_configuration": world.platform.url("/.well-known/openid-configuration"), "registration_token": "t"})
    assert posted.status_code == 403 and REFUSED in posted.text
    made_up = requests.get(start_url(world, "made-up-invitation"))
    assert made_up.status_code == 403
    assert world.platform.received("registration") == []  # nothing was fetched or posted on a stranger's behalf


def test_an_expired_invitation_is_refused(new_world):
    world = new_world
    token = invite(world, hours=1)
    with world.app.app_context():
        row = db.session.scalars(select(RegistrationInvitation)).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    page = world.browser.get(start_url(world, token))
    assert page.status_code == 403 and REFUSED in page.text


def test_the_invitation_survives_a_registration_that_did_not_complete(new_world):
    world = new_world
    token = invite(world)
    failed = world.browser.get(start_url(world, token, registration_token="not-issued"))
    assert failed.status_code == 400 and "Registration failed" in failed.text
    assert 'data-registered="0"' in failed.text
    page = world.browser.get(start_url(world, token))
    assert page.status_code == 200 and 'data-registered="1"' in page.text


def test_two_registrations_racing_with_one_invitation_cannot_both_claim_it(app):
    with app.app_context():
        token = create_invitation("race")[1]
    barrier = threading.Barrier(8)
    results: list[int | None] = []

    def claim() -> None:
        with app.app_context():
            barrier.wait()
            results.append(claim_invitation(token))
            db.session.remove()

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8 and len([r for r in results if r is not None]) == 1


def test_two_platform_windows_posting_one_invitation_at_once_register_once(new_world):
    world = new_world
    token = invite(world)
    barrier = threading.Barrier(4)
    statuses: list[int] = []
    forms = [{"invite": token, "registration_token": world.platform.new_registration_token(),
              "openid_configuration": world.platform.url("/.well-known/openid-configuration")} for _ in range(4)]

    def register(form: dict) -> None:
        barrier.wait()
        statuses.append(requests.post(world.tool_url("/lti/register"), data=form).status_code)

    threads = [threading.Thread(target=register, args=(form,)) for form in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 403, 403, 403]
    with world.app.app_context():
        assert db.session.scalar(select(db.func.count(Platform.id))) == 1


def test_open_registration_needs_no_invitation(tmp_path):
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, register=False, OPEN_REGISTRATION=True)
    try:
        page = world.browser.get(start_url(world))
        assert page.status_code == 200 and 'data-registered="1"' in page.text
    finally:
        world.stop()


def test_a_registration_never_changes_an_existing_platform(new_world):
    world = new_world
    with world.app.app_context():
        original = register_platform(issuer=world.platform.issuer, client_id="taken", name="The school",
                                     auth_login_url="https://lms.example/auth", key_set_url="https://lms.example/k",
                                     deployment_ids=("d1",))
        original_id = original.id
    answer_with = world.platform.register_tool

    def same_client_id(payload, bearer):  # an attacker's platform answering with an existing client id
        return {**answer_with(payload, bearer), "client_id": "taken"}

    world.platform.register_tool = same_client_id
    page = world.browser.get(start_url(world, invite(world)))
    assert page.status_code == 400 and "registered with the tool already" in page.text
    with world.app.app_context():
        platform = db.session.get(Platform, original_id)
        assert (platform.auth_login_url, platform.key_set_url, platform.name) == (
            "https://lms.example/auth", "https://lms.example/k", "The school")
        assert [d.deployment_id for d in platform.deployments] == ["d1"]
        assert db.session.scalar(select(db.func.count(Platform.id))) == 1


def test_registration_token_is_required(world):
    with world.app.app_context():
        token = create_invitation()[1]
    page = world.browser.get(start_url(world, token, registration_token="not-issued"))
    assert page.status_code == 400 and "Registration failed" in page.text
    assert 'data-registered="0"' in page.text


def test_issuer_must_match_the_configuration_url(world):
    with world.app.app_context():
        token = create_invitation()[1]
    other = f"http://localhost:{world.platform_server.port}/.well-known/openid-configuration"
    response = requests.get(world.tool_url("/lti/register"), params={
        "invite": token, "openid_configuration": other, "registration_token": "x"})
    assert response.status_code == 200
    posted = requests.post(world.tool_url("/lti/register"), data={
        "invite": token, "openid_configuration": other, "registration_token": "x"})
    assert posted.status_code == 400 and "does not match" in posted.text


def test_registration_without_configuration_url_is_refused(client, app):
    assert client.get("/lti/register").status_code == 403
    app.config["OPEN_REGISTRATION"] = True
    assert client.get("/lti/register").status_code == 400


def test_the_setup_page_explains_invitations_unless_registration_is_open(client, app):
    closed = client.get("/lti/setup").get_data(as_text=True)
    assert "fieldschool platform invite" in closed and 'id="register-url"' not in closed
    app.config["OPEN_REGISTRATION"] = True
    assert 'id="register-url"' in client.get("/lti/setup").get_data(as_text=True)


def test_registration_in_demo_mode_is_open(client, app):
    app.config["DEMO_MODE"] = True
    page = client.get("/lti/register?openid_configuration=https://lms.example/openid&registration_token=t")
    assert page.status_code == 200 and b"data-autosubmit" in page.data


def test_issuer_site_rule():
    from lti_tool.lti.outbound import same_site

    assert same_site("https://moodle.uni.edu/moodle", "https://moodle.uni.edu/moodle/mod/lti/openid-configuration.php")
    assert same_site("https://canvas.instructure.com",
                     "https://school.instructure.com/api/lti/security/openid-configuration")
    assert not same_site("https://evil.example.com", "https://moodle.uni.edu/openid")
    assert not same_site("http://moodle.uni.edu", "https://moodle.uni.edu/openid")
    assert not same_site("http://127.0.0.1:8000", "http://127.0.0.2:8000/openid")
    assert not same_site("http://127.0.0.1:8000", "http://127.0.0.1:8001/openid")
    assert not same_site("https://other.ac.uk", "https://evil.ac.uk/openid")
    assert same_site("https://lms.uni.ac.uk", "https://tenant.uni.ac.uk/openid")
    # Shared hosting suffixes on the Public Suffix List: each app is its own site.
    assert not same_site("https://school.herokuapp.com", "https://attacker.herokuapp.com/openid")
    assert not same_site("https://school.github.io", "https://attacker.github.io/openid")
    assert same_site("https://lms.school.com.br", "https://moodle.school.com.br/openid")


@pytest.mark.parametrize("answer", [
    {"client_id": "c" * 300}, {"client_id": {"id": 1}}, {"client_id": None},
    {TOOL_CONFIG: {"deployment_id": ["d"]}}, {TOOL_CONFIG: {"deployment_id": "d" * 300}}])
def test_an_odd_registration_answer_is_a_clear_refusal(new_world, answer):
    world = new_world
    answer_with = world.platform.register_tool
    world.platform.register_tool = lambda payload, bearer: {**answer_with(payload, bearer), **answer}
    page = world.browser.get(start_url(world, invite(world)))
    assert page.status_code == 400 and "did not accept the registration" in page.text
    with world.app.app_context():
        assert db.session.scalar(select(db.func.count(Platform.id))) == 0
