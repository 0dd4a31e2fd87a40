"""pylti1p3's tool configuration read from the database: registrations keyed by (issuer, client id), each with any
number of deployments. The tool's private key comes from the key service."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from flask import g, has_request_context
from pylti1p3.deployment import Deployment as LtiDeployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract
from sqlalchemy import select

from ..extensions import db
from ..models import Deployment, Platform
from . import keys
from .registry_cache import remembered


class ToolRegistration(Registration):
    """A pylti1p3 registration that signs with the tool's active key and publishes every current key."""

    def __init__(self, platform: Platform) -> None:
        super().__init__()
        self.platform_pk = platform.id
        self.set_issuer(platform.issuer).set_client_id(platform.client_id)
        self.set_auth_login_url(platform.auth_login_url).set_auth_token_url(platform.auth_token_url or "")
        if platform.auth_audience:
            self.set_auth_audience(platform.auth_audience)
        self.set_key_set_url(platform.key_set_url)
        self.set_key_set(platform.key_set)
        self._signing: keys.SigningKey | None = None

    def _key(self) -> keys.SigningKey:
        if self._signing is None:
            self._signing = keys.active_key()
        return self._signing

    def get_tool_private_key(self) -> RSAPrivateKey:  # type: ignore[override]
        """The parsed key (pylti1p3 hands it to PyJWT, which signs with a key object as with a PEM)."""
        return self._key().private_key

    def get_tool_public_key(self) -> str:
        return self._key().public_pem

    def get_kid(self) -> str:
        return self._key().kid

    def get_jwks(self) -> list:
        return keys.jwks()["keys"]


def find_platform(issuer: str, client_id: str | None) -> Platform | None:
    """The registration for an issuer and client id; without a client id, the issuer's only registration.
    Remembered for the rest of the request (a launch asks several times) and across requests until the registry
    changes (:mod:`.registry_cache`); a detached row, to read only."""
    memo = g.setdefault("platforms", {}) if has_request_context() else {}
    if (issuer, client_id) not in memo:
        memo[(issuer, client_id)] = remembered(("platform", issuer, client_id),
                                               lambda: _query_platform(issuer, client_id))
    return memo[(issuer, client_id)]


def _query_platform(issuer: str, client_id: str | None) -> Platform | None:
    query = select(Platform).where(Platform.issuer == issuer)
    if client_id:
        return db.session.scalars(query.where(Platform.client_id == client_id)).first()
    found = db.session.scalars(query.limit(2)).all()
    return found[0] if len(found) == 1 else None


def find_deployment(issuer: str, client_id: str | None, deployment_id: str) -> Deployment | None:
    """A deployment of the registration for (issuer, client id), in one query, remembered for the request and
    across requests until the registry changes; a detached row, to read only."""
    memo = g.setdefault("deployments", {}) if has_request_context() else {}
    key = (issuer, client_id, deployment_id)
    if key not in memo:
        memo[key] = remembered(("deployment", *key), lambda: _query_deployment(issuer, client_id, deployment_id))
    return memo[key]


def _query_deployment(issuer: str, client_id: str | None, deployment_id: str) -> Deployment | None:
    if not client_id:
        platform = find_platform(issuer, None)
        client_id = platform.client_id if platform else None
        if client_id is None:
            return None
    return db.session.scalars(
        select(Deployment).join(Platform).where(Platform.issuer == issuer, Platform.client_id == client_id,
                                                Deployment.deployment_id == deployment_id)).first()


class DatabaseToolConf(ToolConfAbstract):
    """Every issuer may have many client ids (one per registration)."""

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss: str, *args, **kwargs) -> Registration | None:
        return self.find_registration_by_params(iss, None)

    def find_registration_by_params(self, iss: str, client_id: str | None, *args, **kwargs) -> Registration | None:
        platform = find_platform(iss, client_id)
        return ToolRegistration(platform) if platform else None

    def find_deployment(self, iss: str, deployment_id: str) -> LtiDeployment | None:
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(self, iss: str, deployment_id: str, client_id: str | None, *args,
                                  **kwargs) -> LtiDeployment | None:
        row = find_deployment(iss, client_id, deployment_id)
        return LtiDeployment().set_deployment_id(row.deployment_id) if row else None
