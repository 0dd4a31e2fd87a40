"""LTI Dynamic Registration (1EdTech, 1.0), tool side: read the platform's OpenID configuration, post the tool's
configuration to the platform's registration endpoint, and store the registration the platform answers with."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

from ..lti.outbound import OutboundError, OutboundPolicy, get_json, post_json, same_site
from ..models import Platform
from .platforms import PlatformExists, create_platform

PLATFORM_CONFIG = "https://purl.imsglobal.org/spec/lti-platform-configuration"
TOOL_CONFIG = "https://purl.imsglobal.org/spec/lti-tool-configuration"
SCOPES = (
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
)
CLAIMS = ("iss", "sub", "name", "given_name", "family_name", "email", "locale")
MAX_ID, MAX_URL = 255, 1024  # the platform table's column sizes


class RegistrationError(Exception):
    """Dynamic Registration could not complete. ``reason`` picks the message people see (unreachable, issuer,
    configuration, refused, exists); ``detail`` is the cause, for the admin's log."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ToolUrls:
    base: str
    login: str
    launch: str
    jwks: str
    logo: str = ""


def tool_registration(urls: ToolUrls, title: str, description: str) -> dict:
    """The client registration the tool posts (OpenID Connect client metadata plus the LTI tool configuration)."""
    return {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": urls.login,
        "redirect_uris": [urls.launch],
        "client_name": title,
        "jwks_uri": urls.jwks,
        "logo_uri": urls.logo,
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(SCOPES),
        TOOL_CONFIG: {
            "domain": urlparse(urls.base).netloc,
            "description": description,
            "target_link_uri": urls.launch,
            "claims": list(CLAIMS),
            "messages": [
                {"type": "LtiResourceLinkRequest", "target_link_uri": urls.launch, "label": title},
                {"type": "LtiDeepLinkingRequest", "target_link_uri": urls.launch, "label": title,
                 "placements": ["ContentArea", "link_selection", "assignment_selection", "editor_button"],
                 "supported_types": ["ltiResourceLink"]},
            ],
        },
    }


def fetch_openid_configuration(url: str, policy: OutboundPolicy) -> dict:
    """The platform's OpenID configuration, fetched under the outbound policy. Its issuer (spec 3.5.1) and its
    registration endpoint must be on the configuration URL's site (compared by registrable domain, Public Suffix
    List); the platform may serve its other endpoints elsewhere (Canvas: sso.canvaslms.com)."""
    try:
        config = get_json(url, policy)
    except OutboundError as exc:
        raise RegistrationError("unreachable", f"OpenID configuration at {url}: {exc.detail}") from exc
    issuer = config.get("issuer", "")
    if not isinstance(issuer, str) or not issuer or not same_site(issuer, url):
        raise RegistrationError("issuer", f"the platform's issuer {issuer!r} does not match the configuration URL "
                                          f"{url}")
    if len(issuer) > MAX_ID:
        raise RegistrationError("configuration", f"the platform's issuer is longer than {MAX_ID} characters")
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint"):
        value = config.get(name)
        schemes = ("https://",) if policy.require_https else ("https://", "http://")
        if not isinstance(value, str) or not value.startswith(schemes) or len(value) > MAX_URL:
            raise RegistrationError("configuration", f"the platform's OpenID configuration has no usable {name}")
    if not isinstance(config.get("authorization_server") or "", str):
        raise RegistrationError("configuration", "the platform's authorization_server is not a string")
    if not same_site(config["registration_endpoint"], url):
        raise RegistrationError("configuration", f"the registration endpoint {config['registration_endpoint']} is "
                                                 f"not on the site of {url}")
    platform_config = config.get(PLATFORM_CONFIG)
    messages = platform_config.get("messages_supported", []) if isinstance(platform_config, dict) else []
    if messages and "LtiResourceLinkRequest" not in [m.get("type") for m in messages if isinstance(m, dict)]:
        raise RegistrationError("configuration", "the platform does not support resource link launches")
    return config


def register_with_platform(openid_configuration_url: str, registration_token: str | None, urls: ToolUrls,
                           title: str, description: str, policy: OutboundPolicy) -> Platform:
    """Run the whole exchange and store the result as a new platform. Returns the Platform row."""
    config = fetch_openid_configuration(openid_configuration_url, policy)
    payload = tool_registration(urls, title, description)
    supported_scopes = config.get("scopes_supported")
    if isinstance(supported_scopes, list) and supported_scopes:
        payload["scope"] = " ".join(s for s in SCOPES if s in supported_scopes)
    headers = {"Authorization": f"Bearer {registration_token}"} if registration_token else {}
    try:
        answer = post_json(config["registration_endpoint"], payload, policy, headers=headers)
    except OutboundError as exc:
        raise RegistrationError("refused", f"registration endpoint {config['registration_endpoint']}: "
                                           f"{exc.detail}") from exc
    client_id = answer.get("client_id")
    if not client_id or not isinstance(client_id, str | int) or len(str(client_id)) > MAX_ID:
        raise RegistrationError("refused", "the platform's answer has no usable client_id")
    tool_answer = answer.get(TOOL_CONFIG)
    deployment_id = tool_answer.get("deployment_id") if isinstance(tool_answer, dict) else None
    if not isinstance(deployment_id, str | int | None) or len(str(deployment_id or "")) > MAX_ID:
        raise RegistrationError("refused", "the platform's answer has no usable deployment_id")
    platform_config = config.get(PLATFORM_CONFIG)
    family = platform_config.get("product_family_code") if isinstance(platform_config, dict) else None
    try:
        return create_platform(
            issuer=config["issuer"], client_id=str(client_id), auth_login_url=config["authorization_endpoint"],
            auth_token_url=config["token_endpoint"], key_set_url=config["jwks_uri"],
            auth_audience=config.get("authorization_server") or None,
            name=str(family or config["issuer"])[:MAX_ID],
            deployment_ids=(str(deployment_id),) if deployment_id else (), source="dynamic",
        )
    except PlatformExists as exc:
        raise RegistrationError("exists", str(exc)) from exc
