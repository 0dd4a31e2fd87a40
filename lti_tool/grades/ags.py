"""The tool's side of LTI Advantage services: an access token by the JWT client-credentials grant (built on
pylti1p3's ``ServiceConnector``), cached in the shared store until shortly before it expires, score posts to a line
item (AGS 2.0) and course rosters (NRPS 2.0)."""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from flask import current_app
from pylti1p3.exception import LtiServiceException
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector

from ..kvstore import shared_store
from ..lti.tool_conf import ToolRegistration
from ..models import Platform
from .reasons import response_reason

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
LINEITEM_MEDIA_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEMS_MEDIA_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
SCORE_MEDIA_TYPE = "application/vnd.ims.lis.v1.score+json"
_token_locks: dict[str, threading.Lock] = {}
TOKEN_MARGIN = 60  # seconds: a cached token is dropped this long before the platform says it expires


class ServiceError(Exception):
    """A service call that did not succeed. ``status`` is the HTTP status (None: no answer at all);
    ``transient`` says whether trying again later may work; ``reason`` is what the platform said (or why there was
    no answer), short and readable."""

    def __init__(self, message: str, status: int | None = None, transient: bool = True, reason: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.transient = transient
        self.reason = reason or message


def _answered(what: str, response) -> ServiceError:
    """The error for an HTTP error answer, with the platform's own reason (never its whole error page)."""
    status = response.status_code
    reason = response_reason(response) or "no reason given"
    return ServiceError(f"{what} answered {status}: {reason}", status, is_transient(status), reason)


def _unreachable(what: str, exc: requests.RequestException) -> ServiceError:
    reason = f"{exc.__class__.__name__}: {exc}"[:300]
    return ServiceError(f"{what} unreachable: {reason}", None, True, reason)


def is_transient(status: int | None) -> bool:
    """Worth retrying: no answer, a timeout, rate limiting, or a server-side failure."""
    return status is None or status in (401, 408, 425, 429) or status >= 500


class _TimeoutSession(requests.Session):
    """A requests session with a default timeout, so a platform that hangs cannot hold a drainer forever."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout
        self.headers["User-Agent"] = "fieldschool-lti-tool"

    def request(self, method, url, **kwargs):  # type: ignore[override]
        kwargs.setdefault("timeout", self._timeout)
        return super().request(method, url, **kwargs)


class CachedServiceConnector(ServiceConnector):
    """pylti1p3's connector with its access tokens kept in the shared store (Redis or in-process), by platform and
    scopes, for as long as the platform says they live; every worker and the CLI share them."""

    def __init__(self, platform: Platform, timeout: float) -> None:
        super().__init__(ToolRegistration(platform), requests_session=_TimeoutSession(timeout))
        self._platform_id = platform.id

    def _token_key(self, scopes: Sequence[str]) -> str:
        digest = hashlib.sha256("|".join(sorted(scopes)).encode()).hexdigest()[:24]
        return f"service-token:{self._platform_id}:{digest}"

    def forget_token(self, scopes: Sequence[str]) -> None:
        shared_store().delete(self._token_key(scopes))

    def get_access_token(self, scopes: Sequence[str]) -> str:
        key = self._token_key(scopes)
        cached = shared_store().get(key)
        if cached:
            return cached
        with _token_locks.setdefault(key, threading.Lock()):  # parallel senders wait for one token request
            cached = shared_store().get(key)
            return cached or self._fetch_token(key, scopes)

    def _fetch_token(self, key: str, scopes: Sequence[str]) -> str:
        registration = self._registration
        token_url = registration.get_auth_token_url()
        if not token_url:
            raise ServiceError("the platform registration has no access token URL", None, transient=False)
        now = int(time.time())
        claims = {"iss": registration.get_client_id(), "sub": registration.get_client_id(),
                  "aud": registration.get_auth_audience() or token_url, "iat": now - 5, "exp": now + 60,
                  "jti": "fieldschool-" + uuid.uuid4().hex}
        assertion = self.encode_jwt(claims, registration.get_tool_private_key(), {"kid": registration.get_kid()})
        try:
            answer = self._requests_session.post(token_url, data={
                "grant_type": "client_credentials",
                "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion": assertion, "scope": " ".join(sorted(scopes))})
        except requests.RequestException as exc:
            raise _unreachable("token endpoint", exc) from exc
        if not answer.ok:
            # Kept transient: a platform that has not yet fetched a rotated key, or a token endpoint that is down,
            # recovers; the outbox gives up only after its attempts run out.
            error = _answered("token endpoint", answer)
            error.transient = True
            raise error
        body = answer.json()
        token = body["access_token"]
        lifetime = int(body.get("expires_in") or 3600)
        shared_store().set(key, token, max(1, lifetime - TOKEN_MARGIN))
        return token


def connector(platform: Platform) -> CachedServiceConnector:
    return CachedServiceConnector(platform, float(current_app.config["GRADE_HTTP_TIMEOUT"]))


def scores_url(lineitem_url: str) -> str:
    """The line item's scores endpoint: ``/scores`` appended to its path, any query string kept."""
    parts = urlsplit(lineitem_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def _call(service: CachedServiceConnector, scopes: list[str], url: str, **kwargs) -> dict:
    """One service request; a 401 drops the cached token and tries once more with a fresh one."""
    for attempt in (1, 2):
        try:
            return service.make_service_request(scopes, url, **kwargs)
        except LtiServiceException as exc:
            status = exc.response.status_code
            if status == 401 and attempt == 1:
                service.forget_token(scopes)
                continue
            raise _answered("the platform", exc.response) from exc
        except requests.RequestException as exc:
            raise _unreachable("the platform", exc) from exc
    raise AssertionError("unreachable")


def post_score(service: CachedServiceConnector, lineitem_url: str, score: dict) -> None:
    """POST a score to the line item (``service``: :func:`connector` of the line item's platform). A 409 (the
    platform already holds a score as new) counts as delivered."""
    import json

    try:
        _call(service, [SCORE_SCOPE], scores_url(lineitem_url), is_post=True, data=json.dumps(score),
              content_type=SCORE_MEDIA_TYPE)
    except ServiceError as exc:
        if exc.status == 409:
            return
        raise


def find_or_create_line_item(service: CachedServiceConnector, lineitems_url: str, line_item: dict) -> str:
    """The URL of the course's line item bound to ``line_item["resourceLinkId"]``: the one the platform already
    has for that link, else a new one made from ``line_item`` (label, scoreMaximum, resourceId, tag)."""
    import json

    link_id = line_item["resourceLinkId"]
    parts = urlsplit(lineitems_url)
    query = urlencode([*parse_qsl(parts.query), ("resource_link_id", link_id)])
    found = _call(service, [LINEITEM_SCOPE], urlunsplit(parts._replace(query=query)), accept=LINEITEMS_MEDIA_TYPE)
    for existing in found.get("body") or []:
        if isinstance(existing, dict) and existing.get("resourceLinkId") == link_id and existing.get("id"):
            return existing["id"]
    created = _call(service, [LINEITEM_SCOPE], lineitems_url, is_post=True, data=json.dumps(line_item),
                    content_type=LINEITEM_MEDIA_TYPE, accept=LINEITEM_MEDIA_TYPE)
    body = created.get("body") or {}
    if not body.get("id"):
        raise ServiceError(f"{lineitems_url} created a line item without an id", None, transient=False)
    return body["id"]


def course_members(platform: Platform, memberships_url: str) -> list[dict]:
    """Every member of a course from NRPS (all pages), as the platform describes them."""
    service = connector(platform)
    nrps = NamesRolesProvisioningService(service, {"context_memberships_url": memberships_url})
    try:
        return nrps.get_members()
    except LtiServiceException as exc:
        raise _answered("NRPS", exc.response) from exc
    except requests.RequestException as exc:
        raise _unreachable("NRPS", exc) from exc
