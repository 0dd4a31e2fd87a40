"""``fieldschool doctor``: checks a platform registration end to end from the tool's side and says what to fix.

For each platform: its key set (JWKS) is reachable and holds usable keys; an access token is obtainable by the
client-credentials grant for each scope the platform granted (the platform must fetch the tool's JWKS to verify the
request, so this also proves the platform can reach the tool); and the tool's own JWKS and launch URLs, as the
platform will see them, are public HTTPS addresses the tool itself can fetch. Moodle refuses outbound requests to
private and loopback addresses by default, which breaks grades, rosters and key checks without a clear message.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from flask import current_app
from jwcrypto.common import JWException
from jwcrypto.jwk import JWK
from sqlalchemy import select

from ..extensions import db
from ..models import Context, Deployment, Platform, ResourceLink
from .dynamic_registration import SCOPES as REQUESTED_SCOPES

OK, WARN, FAIL = "ok", "warn", "fail"
MOODLE_NETWORK_FIX = ("in Moodle: Site administration → General → Security → HTTP security: remove the tool's "
                      "address (or its private range) from \"cURL blocked hosts list\" and add its port to \"cURL "
                      "allowed ports\" if it is not 80 or 443 — or better, serve the tool on a public https:// "
                      "address (FIELDSCHOOL_BASE_URL)")


@dataclass(frozen=True)
class Finding:
    """One check's outcome: ``level`` ok / warn / fail, what was checked, what was found, and how to fix it."""

    level: str
    check: str
    detail: str
    fix: str = ""


def _reason(response: requests.Response) -> str:
    from ..grades.reasons import response_reason

    return response_reason(response) or "no reason given"


def _private_host(host: str) -> str:
    """The private, loopback or link-local address ``host`` is or resolves to ("" when it is public)."""
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            addresses = [ipaddress.ip_address(info[4][0]) for info in socket.getaddrinfo(host, None)]
        except (OSError, ValueError):
            return ""
    for address in addresses:
        if address.is_private or address.is_loopback or address.is_link_local or address.is_reserved:
            return str(address)
    return ""


def check_platform_jwks(platform: Platform, timeout: float) -> Finding:
    """The platform's public keys (used to verify every launch) are reachable and parseable."""
    check = "platform key set (JWKS)"
    if not platform.key_set_url:
        if platform.key_set:
            return Finding(OK, check, "keys stored with the registration (no URL)")
        return Finding(FAIL, check, "no key set URL and no stored keys", "register the platform's JWKS URL "
                       "again (fieldschool platform add --jwks-url …)")
    try:
        answer = requests.get(platform.key_set_url, timeout=timeout)
    except requests.RequestException as exc:
        return Finding(FAIL, check, f"{platform.key_set_url} unreachable: {exc.__class__.__name__}",
                       "check the URL and that this server can reach the platform (DNS, firewall, proxy)")
    if not answer.ok:
        return Finding(FAIL, check, f"{platform.key_set_url} answered {answer.status_code}: {_reason(answer)}",
                       "check the JWKS URL in the platform's registration")
    try:
        keys = answer.json().get("keys")
        if not isinstance(keys, list) or not keys:
            raise ValueError("no keys")
        for key in keys:
            JWK(**key)
    except (ValueError, TypeError, AttributeError, JWException) as exc:
        return Finding(FAIL, check, f"{platform.key_set_url} is not a usable key set ({exc})",
                       "the URL must serve the platform's public keys as JSON {\"keys\": [...]}")
    return Finding(OK, check, f"{len(keys)} key(s) at {platform.key_set_url}")


def granted_scopes(platform: Platform) -> list[str]:
    """The service scopes the platform granted, as seen in its launches; before any launch, those the tool asks for
    at registration."""
    seen: set[str] = set()
    deployments = select(Deployment.id).where(Deployment.platform_id == platform.id)
    for scopes in db.session.scalars(select(ResourceLink.ags_scopes).where(
            ResourceLink.deployment_id.in_(deployments), ResourceLink.ags_scopes.is_not(None))):
        seen.update(scopes.split())
    if db.session.scalar(select(Context.id).where(Context.deployment_id.in_(deployments),
                                                  Context.nrps_url.is_not(None)).limit(1)):
        seen.add("https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly")
    return sorted(seen & set(REQUESTED_SCOPES)) or list(REQUESTED_SCOPES)


def check_tokens(platform: Platform) -> list[Finding]:
    """An access token for each granted scope, freshly requested (never from the cache)."""
    from ..grades import ags

    if not platform.auth_token_url:
        return [Finding(WARN, "access tokens", "the registration has no access token URL: grades and rosters "
                        "cannot be sent", "register the platform's token URL (fieldschool platform add "
                        "--token-url …)")]
    findings = []
    service = ags.connector(platform)
    for scope in granted_scopes(platform):
        check = f"access token for {scope.rsplit('/', 1)[-1]}"
        service.forget_token([scope])
        try:
            service.get_access_token([scope])
        except ags.ServiceError as exc:
            fix = ("the platform could not verify the tool's signed request: check that it can fetch the tool's "
                   "JWKS URL (below) and that the client id is right; " + MOODLE_NETWORK_FIX)
            if exc.status is None:
                fix = "check that this server can reach the platform's token URL (DNS, firewall, proxy)"
            findings.append(Finding(FAIL, check, str(exc), fix))
        else:
            findings.append(Finding(OK, check, "obtained"))
    return findings


def check_tool_urls(base_url: str, timeout: float, jwks_path: str, launch_path: str) -> list[Finding]:
    """The tool's JWKS and launch URLs as the platform will see them: public, https, and answering."""
    findings = []
    parts = urlsplit(base_url)
    check = "tool address (FIELDSCHOOL_BASE_URL)"
    if parts.scheme != "https":
        findings.append(Finding(WARN, check, f"{base_url} is not https: browsers block the tool's cookies inside "
                                "the LMS page and many platforms refuse http tool URLs",
                                "serve the tool behind TLS and set FIELDSCHOOL_BASE_URL=https://…"))
    private = _private_host(parts.hostname or "")
    if private:
        findings.append(Finding(WARN, check, f"{parts.hostname} is a private or loopback address ({private}): "
                                "Moodle blocks requests to it by default, so it cannot fetch the tool's keys "
                                "(token requests fail, so no grades or rosters) or register the tool",
                                MOODLE_NETWORK_FIX))
    if not findings:
        findings.append(Finding(OK, check, f"{base_url} is a public https address"))
    for label, path in (("tool key set (JWKS) URL", jwks_path), ("tool launch URL", launch_path)):
        url = base_url + path
        try:
            answer = requests.get(url, timeout=timeout, allow_redirects=False)
        except requests.RequestException as exc:
            findings.append(Finding(WARN, label, f"{url} unreachable from this machine ({exc.__class__.__name__})",
                                    "is the tool running, and does FIELDSCHOOL_BASE_URL name its public address?"))
            continue
        if label.startswith("tool key set"):
            good = answer.ok and bool((answer.json() if "json" in answer.headers.get("Content-Type", "") else {})
                                      .get("keys"))
        else:
            good = answer.status_code < 500  # a GET without a launch is refused politely, not with a crash
        findings.append(Finding(OK if good else FAIL, label, f"{url} answered {answer.status_code}",
                                "" if good else "check the proxy in front of the tool forwards this path"))
    return findings


def diagnose(platform_id: int | None = None) -> list[tuple[Platform | None, list[Finding]]]:
    """Every check, per platform (all, or the one asked for), then the tool's own URLs (platform None)."""
    from flask import url_for

    timeout = float(current_app.config["GRADE_HTTP_TIMEOUT"])
    query = select(Platform).order_by(Platform.id)
    if platform_id is not None:
        query = query.where(Platform.id == platform_id)
    report: list[tuple[Platform | None, list[Finding]]] = []
    for platform in db.session.scalars(query):
        report.append((platform, [check_platform_jwks(platform, timeout), *check_tokens(platform)]))
    base = (current_app.config.get("BASE_URL") or "").rstrip("/")
    if not base:
        report.append((None, [Finding(FAIL, "tool address (FIELDSCHOOL_BASE_URL)", "not set",
                                      "set FIELDSCHOOL_BASE_URL to the tool's public https:// address")]))
        return report
    with current_app.test_request_context():
        jwks_path, launch_path = url_for("registration.jwks"), url_for("launch.launch")
    report.append((None, check_tool_urls(base, timeout, jwks_path, launch_path)))
    return report
