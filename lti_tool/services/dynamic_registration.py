"""LTI Dynamic Registration (1EdTech, 1.0), tool side: read the platform's OpenID configuration, post the tool's
configuration to the platform's registration endpoint, and store the registration the platform answers with."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

import requests

from .platforms import register_platform

PLATFORM_CONFIG = "https://purl.imsglobal.org/spec/lti-platform-configuration"
TOOL_CONFIG = "https://purl.imsglobal.org/spec/lti-tool-configuration"
SCOPES = (
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
)
CLAIMS = ("iss", "sub", "name", "given_name", "family_name", "email", "locale")
TIMEOUT = 10


class RegistrationError(Exception):
    """Dynamic Registration could not complete; the message says why, for the admin."""


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


def same_site(issuer: str, config_url: str) -> bool:
    """The issuer belongs to the site serving the configuration: same scheme and host, or (for hosted LMSs such as
    Canvas, whose tenants serve it from school.instructure.com with issuer canvas.instructure.com) the same
    registrable domain."""
    a, b = urlparse(issuer), urlparse(config_url)
    if a.scheme != b.scheme or not a.hostname or not b.hostname:
        return False
    if a.netloc == b.netloc:
        return True
    ha, hb = a.hostname.split("."), b.hostname.split(".")
    if len(ha) < 3 or len(hb) < 3 or all(p.isdigit() for p in ha):
        return False
    keep = 3 if len(ha[-2]) <= 3 else 2  # school.ac.uk, uni.edu.br: compare one label more
    return len(ha) > keep and len(hb) > keep and ha[-keep:] == hb[-keep:]


def fetch_openid_configuration(url: str, session: requests.Session | None = None) -> dict:
    """The platform's OpenID configuration; its issuer must be the configuration URL's origin (spec 3.5.1)."""
    http = session or requests
    try:
        response = http.get(url, timeout=TIMEOUT)
        response.raise_for_status()
        config = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise RegistrationError(f"could not read the platform's OpenID configuration at {url}: {exc}") from exc
    issuer = config.get("issuer", "")
    if not issuer or not same_site(issuer, url):
        raise RegistrationError(f"the platform's issuer {issuer!r} does not match the configuration URL {url}")
    for field in ("authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint"):
        if not config.get(field):
            raise RegistrationError(f"the platform's OpenID configuration has no {field}")
    messages = [m.get("type") for m in config.get(PLATFORM_CONFIG, {}).get("messages_supported", [])]
    if messages and "LtiResourceLinkRequest" not in messages:
        raise RegistrationError("the platform does not support resource link launches")
    return config


def register_with_platform(openid_configuration_url: str, registration_token: str | None, urls: ToolUrls,
                           title: str, description: str, session: requests.Session | None = None):
    """Run the whole exchange and store the result. Returns the Platform row."""
    config = fetch_openid_configuration(openid_configuration_url, session)
    payload = tool_registration(urls, title, description)
    supported_scopes = config.get("scopes_supported")
    if supported_scopes:
        payload["scope"] = " ".join(s for s in SCOPES if s in supported_scopes)
    headers = {"Authorization": f"Bearer {registration_token}"} if registration_token else {}
    http = session or requests
    try:
        response = http.post(config["registration_endpoint"], json=payload, headers=headers, timeout=TIMEOUT)
        response.raise_for_status()
        answer = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise RegistrationError(f"the platform refused the registration: {exc}") from exc
    client_id = answer.get("client_id")
    if not client_id:
        raise RegistrationError("the platform's answer has no client_id")
    deployment_id = (answer.get(TOOL_CONFIG) or {}).get("deployment_id")
    platform_name = (config.get(PLATFORM_CONFIG) or {}).get("product_family_code") or config["issuer"]
    return register_platform(
        issuer=config["issuer"], client_id=str(client_id), auth_login_url=config["authorization_endpoint"],
        auth_token_url=config["token_endpoint"], key_set_url=config["jwks_uri"],
        auth_audience=config.get("authorization_server") or None, name=platform_name,
        deployment_ids=(str(deployment_id),) if deployment_id else (), source="dynamic",
    )
