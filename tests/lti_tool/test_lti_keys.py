"""The tool's keys: generated on first use, stored encrypted, published with kids, rotated with a grace period,
and accepted by the platform's token endpoint (the JWT client-credentials grant AGS and NRPS use)."""

from __future__ import annotations

import jwt
from pylti1p3.service_connector import ServiceConnector
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.lti import keys
from lti_tool.lti.tool_conf import DatabaseToolConf
from lti_tool.models import ToolKey

NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"


def test_first_key_is_generated_encrypted_and_published(app, client):
    body = client.get("/lti/jwks.json").get_json()
    assert len(body["keys"]) == 1
    jwk = body["keys"][0]
    assert jwk["kty"] == "RSA" and jwk["alg"] == "RS256" and jwk["use"] == "sig" and jwk["kid"]
    assert "d" not in jwk  # public part only
    with app.app_context():
        row = db.session.scalars(select(ToolKey)).one()
        assert "ENCRYPTED PRIVATE KEY" in row.private_pem
        assert row.kid == jwk["kid"]


def test_rotation_keeps_the_previous_key_published_during_the_grace_period(app, client):
    old_kid = client.get("/lti/jwks.json").get_json()["keys"][0]["kid"]
    with app.app_context():
        new, previous = keys.rotate_key()
        assert previous.kid == old_kid
        assert keys.active_key().kid == new.kid
    kids = [k["kid"] for k in client.get("/lti/jwks.json").get_json()["keys"]]
    assert kids == [new.kid, old_kid]
    app.config["KEY_GRACE_DAYS"] = 0
    assert [k["kid"] for k in client.get("/lti/jwks.json").get_json()["keys"]] == [new.kid]


def test_cli_rotates_keys(app, runner):
    with app.app_context():
        first = keys.ensure_key().kid
    result = runner.invoke(args=["keys", "rotate"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert keys.active_key().kid != first
        assert first in result.output


def test_platform_accepts_service_tokens_signed_before_and_after_rotation(world):
    with world.app.app_context():
        registration = DatabaseToolConf().find_registration_by_params(world.platform.issuer, world.client_id)
        token = ServiceConnector(registration).get_access_token([NRPS])
        signed_kid = jwt.get_unverified_header(world.platform.received("token_request")[-1]["form"]
                                               ["client_assertion"])["kid"]
        keys.rotate_key()
        registration = DatabaseToolConf().find_registration_by_params(world.platform.issuer, world.client_id)
        token2 = ServiceConnector(registration).get_access_token([NRPS])
        new_kid = jwt.get_unverified_header(world.platform.received("token_request")[-1]["form"]
                                            ["client_assertion"])["kid"]
    assert token and token2 and token != token2
    assert signed_kid != new_kid
    assert world.platform.tokens[token2]["scopes"] == [NRPS]
