"""The platform's state and rules, without Flask: key, registered tools, launches, tokens, line items, records."""

from __future__ import annotations

import json
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import jwt
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from itsdangerous import BadSignature, URLSafeSerializer
from jwcrypto.jwk import JWK

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
LEARNER = [ROLE + "Learner"]
INSTRUCTOR = [ROLE + "Instructor"]
AGS_SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
]
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"


class PlatformError(Exception):
    """A request the platform refuses; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def generate_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def public_jwk(private_pem: str) -> dict:
    """The public half of ``private_pem`` as a JWK with its thumbprint as ``kid`` (a new dict each call)."""
    return json.loads(_public_jwk_json(private_pem))


@lru_cache(maxsize=32)
def _public_jwk_json(private_pem: str) -> str:
    jwk = JWK.from_pem(private_pem.encode())  # parsing checks the key: tens of milliseconds, so done once a key
    public = json.loads(jwk.export_public())
    public.update({"kid": jwk.thumbprint(), "alg": "RS256", "use": "sig"})
    return json.dumps(public)


@lru_cache(maxsize=32)
def _signing_key(private_pem: str):
    """The private key, parsed once per process (OpenSSL checks an RSA key as it loads it: tens of milliseconds a
    time; every platform made with the same key shares the parsed one)."""
    return serialization.load_pem_private_key(private_pem.encode(), password=None)


@dataclass
class ToolRecord:
    """A tool registered with the platform."""

    client_id: str
    login_url: str
    redirect_uris: list[str]
    deployment_id: str = "1"
    jwks_uri: str | None = None
    key_set: dict | None = None
    name: str = ""
    scopes: list[str] = field(default_factory=list)
    registration: dict = field(default_factory=dict)


class DevPlatform:
    """One platform (one issuer). Thread-safe enough for a threaded dev server and tests."""

    def __init__(self, issuer: str, private_pem: str | None = None, secret: str | None = None,
                 fetch_json: Callable[[str], dict] | None = None) -> None:
        self.issuer = issuer.rstrip("/")
        self.private_pem = private_pem or generate_key()
        self.jwk = public_jwk(self.private_pem)
        self._signer: tuple[str, object] | None = None  # (the PEM, the key parsed from it), parsed once
        self.kid = self.jwk["kid"]
        self.previous_jwks: list[dict] = []
        self._hints = URLSafeSerializer(secret or secrets.token_hex(16), salt="devplatform-launch")
        self._fetch_json = fetch_json or (lambda url: requests.get(url, timeout=10).json())
        self._lock = threading.Lock()
        self.tools: dict[str, ToolRecord] = {}
        self.records: list[dict] = []
        self.tokens: dict[str, dict] = {}
        self.registration_tokens: set[str] = set()
        self.line_items: dict[str, dict] = {}
        self.scores: list[dict] = []
        self.members: dict[str, list[dict]] = {}
        self.links: list[dict] = []  # resource links created by deep linking (the demo course's content)

    # -- what it publishes -------------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return self.issuer + path

    def openid_configuration(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.url("/auth"),
            "token_endpoint": self.url("/token"),
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
            "jwks_uri": self.url("/jwks.json"),
            "registration_endpoint": self.url("/register"),
            "scopes_supported": ["openid", *AGS_SCOPES, NRPS_SCOPE],
            "response_types_supported": ["id_token"],
            "subject_types_supported": ["public", "pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "claims_supported": ["iss", "aud", "sub", "name", "given_name", "family_name", "email", "locale"],
            "authorization_server": self.url("/token"),
            "https://purl.imsglobal.org/spec/lti-platform-configuration": {
                "product_family_code": "fieldschool-devplatform",
                "version": "1.0",
                "messages_supported": [{"type": "LtiResourceLinkRequest"}, {"type": "LtiDeepLinkingRequest"}],
            },
        }

    def jwks(self) -> dict:
        return {"keys": [self.jwk, *self.previous_jwks]}

    def _key(self):
        """The signing key, parsed once per key (a rotation brings a new one)."""
        signer = self._signer
        if signer is None or signer[0] != self.private_pem:
            signer = self._signer = (self.private_pem, _signing_key(self.private_pem))
        return signer[1]

    def rotate_key(self) -> None:
        """Sign with a new key from now on; the old one stays published (as real platforms do for a while)."""
        self.previous_jwks.insert(0, self.jwk)
        self.private_pem = generate_key()
        self.jwk = public_jwk(self.private_pem)
        self.kid = self.jwk["kid"]

    def record(self, kind: str, **data) -> None:
        with self._lock:
            self.records.append({"kind": kind, "at": time.time(), **data})

    def received(self, kind: str) -> list[dict]:
        return [r for r in self.records if r["kind"] == kind]

    # -- tools ---------------------------------------------------------------------------------------------------
    def add_tool(self, client_id: str, login_url: str, launch_url: str, jwks_uri: str | None = None,
                 key_set: dict | None = None, deployment_id: str = "1", name: str = "") -> ToolRecord:
        tool = ToolRecord(client_id=client_id, login_url=login_url, redirect_uris=[launch_url],
                          deployment_id=deployment_id, jwks_uri=jwks_uri, key_set=key_set, name=name,
                          scopes=[*AGS_SCOPES, NRPS_SCOPE])
        with self._lock:
            self.tools[client_id] = tool
        return tool

    def tool_keys(self, tool: ToolRecord) -> dict:
        if tool.key_set:
            return tool.key_set
        if not tool.jwks_uri:
            raise PlatformError("the tool has no keys registered", 401)
        return self._fetch_json(tool.jwks_uri)

    def verify_tool_jwt(self, tool: ToolRecord, token: str, audience: str | list[str]) -> dict:
        """Check a JWT the tool signed, against the tool's published keys."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise PlatformError(f"not a JWT: {exc}", 401) from exc
        keys = self.tool_keys(tool).get("keys", [])
        key = next((k for k in keys if k.get("kid") == header.get("kid")), None)
        if key is None:
            raise PlatformError(f"no tool key with kid {header.get('kid')!r}", 401)
        try:
            return jwt.decode(token, jwt.PyJWK(key).key, algorithms=["RS256"], audience=audience,
                              options={"require": ["exp", "iat", "iss"]})
        except jwt.InvalidTokenError as exc:
            raise PlatformError(f"the tool's JWT is not valid: {exc}", 401) from exc

    # -- Dynamic Registration ----------------------------------------------------------------------------------
    def new_registration_token(self) -> str:
        token = secrets.token_urlsafe(16)
        with self._lock:
            self.registration_tokens.add(token)
        return token

    def registration_start_url(self, tool_register_url: str, token: str | None = None) -> str:
        from urllib.parse import urlencode

        token = token or self.new_registration_token()
        query = urlencode({"openid_configuration": self.url("/.well-known/openid-configuration"),
                           "registration_token": token})
        separator = "&" if "?" in tool_register_url else "?"  # an invitation URL carries its own query
        return f"{tool_register_url}{separator}{query}"

    def register_tool(self, payload: dict, bearer: str | None) -> dict:
        """The registration endpoint: accept a tool's registration, give it a client id and a deployment."""
        self.record("registration", payload=payload, token=bearer)
        with self._lock:
            if bearer not in self.registration_tokens:
                raise PlatformError("invalid or missing registration token", 401)
            self.registration_tokens.discard(bearer)  # single use
        config = payload.get("https://purl.imsglobal.org/spec/lti-tool-configuration") or {}
        for required in ("initiate_login_uri", "redirect_uris", "jwks_uri"):
            if not payload.get(required):
                raise PlatformError(f"{required} is required")
        if not config.get("target_link_uri") or not config.get("domain"):
            raise PlatformError("the LTI tool configuration needs target_link_uri and domain")
        client_id = "client-" + uuid.uuid4().hex[:12]
        deployment_id = "deployment-" + uuid.uuid4().hex[:8]
        tool = ToolRecord(client_id=client_id, login_url=payload["initiate_login_uri"],
                          redirect_uris=list(payload["redirect_uris"]), deployment_id=deployment_id,
                          jwks_uri=payload["jwks_uri"], name=payload.get("client_name", ""),
                          scopes=payload.get("scope", "").split(), registration=payload)
        with self._lock:
            self.tools[client_id] = tool
        answer = dict(payload)
        answer["client_id"] = client_id
        answer["https://purl.imsglobal.org/spec/lti-tool-configuration"] = {**config, "deployment_id": deployment_id}
        return answer

    # -- launches ------------------------------------------------------------------------------------------------
    def launch_request(self, client_id: str, *, user: str = "learner-1", roles: list[str] | None = None,
                       message_type: str = "LtiResourceLinkRequest", context: dict | None = None,
                       resource_link: dict | None = None, custom: dict | None = None, locale: str | None = None,
                       person: dict | None = None, target_link_uri: str | None = None, lineitem: str | None = None,
                       deep_link_settings: dict | None = None, tamper: dict | None = None,
                       deployment_id: str | None = None, storage_target: str | None = None) -> tuple[str, dict]:
        """The third-party-initiated login request that starts a launch: (tool login URL, its parameters).

        ``roles=None`` means learner; pass ``[]`` for none. ``context=None`` means a default course; pass ``{}``
        for a launch without context. ``person`` adds name/email claims. ``tamper`` (tests only) breaks the
        id_token: ``{"sign_with": "other-key"|"no-kid", "exp_offset": -3600, "drop": [claim], "set": {claim: v},
        "nonce": "..."}``. ``storage_target`` names the page's postMessage storage frame (``lti_storage_target``).
        """
        tool = self.tools[client_id]
        spec = {
            "client_id": client_id, "user": user, "roles": LEARNER if roles is None else roles,
            "message_type": message_type,
            "context": {"id": "course-1", "label": "FS101", "title": "Field School"} if context is None else context,
            "resource_link": resource_link, "custom": custom or {}, "locale": locale, "person": person or {},
            "target_link_uri": target_link_uri or tool.redirect_uris[0], "lineitem": lineitem,
            "deep_link_settings": deep_link_settings, "tamper": tamper or {},
            "deployment_id": deployment_id or tool.deployment_id,
        }
        params = {
            "iss": self.issuer, "login_hint": user, "target_link_uri": spec["target_link_uri"],
            "lti_message_hint": self._hints.dumps(spec), "client_id": client_id,
            "lti_deployment_id": spec["deployment_id"],
        }
        if storage_target:
            params["lti_storage_target"] = storage_target
        return tool.login_url, params

    def tool_origins(self) -> list[str]:
        """The origins of every registered tool's login and launch URLs: the only senders the storage frame and the
        course page answer (postMessage storage)."""
        from urllib.parse import urlsplit

        urls = [u for tool in self.tools.values() for u in (tool.login_url, *tool.redirect_uris)]
        return sorted({f"{p.scheme}://{p.netloc}" for p in map(urlsplit, urls) if p.scheme and p.netloc})

    def authorize(self, params: dict) -> tuple[str, dict]:
        """The OIDC authorisation endpoint: check the tool's auth request and answer with a signed id_token."""
        self.record("auth", params=dict(params))
        for name, expected in (("scope", "openid"), ("response_type", "id_token"), ("response_mode", "form_post"),
                               ("prompt", "none")):
            if params.get(name) != expected:
                raise PlatformError(f"{name} must be {expected!r}")
        tool = self.tools.get(params.get("client_id", ""))
        if tool is None:
            raise PlatformError("unknown client_id", 401)
        if params.get("redirect_uri") not in tool.redirect_uris:
            raise PlatformError("redirect_uri is not registered for this tool")
        if not params.get("nonce"):
            raise PlatformError("nonce is required")
        try:
            spec = self._hints.loads(params.get("lti_message_hint", ""))
        except BadSignature as exc:
            raise PlatformError("unknown lti_message_hint") from exc
        if spec["user"] != params.get("login_hint") or spec["client_id"] != tool.client_id:
            raise PlatformError("login_hint does not match the launch")
        token = self.id_token(tool, spec, params["nonce"])
        return params["redirect_uri"], {"id_token": token, "state": params.get("state", "")}

    def id_token(self, tool: ToolRecord, spec: dict, nonce: str) -> str:
        now = int(time.time())
        tamper = spec.get("tamper") or {}
        claims: dict = {
            "iss": self.issuer, "aud": tool.client_id, "sub": spec["user"], "iat": now,
            "exp": now + 300 + int(tamper.get("exp_offset", 0)), "nonce": tamper.get("nonce", nonce),
            LTI + "message_type": spec["message_type"], LTI + "version": "1.3.0",
            LTI + "deployment_id": spec["deployment_id"], LTI + "target_link_uri": spec["target_link_uri"],
            LTI + "roles": spec["roles"],
            LTI + "tool_platform": {"guid": self.issuer, "name": "Fieldschool dev platform",
                                    "product_family_code": "fieldschool-devplatform", "version": "1.0"},
        }
        if tamper.get("exp_offset"):
            claims["iat"] = now + int(tamper["exp_offset"]) - 60
        claims.update(spec.get("person") or {})
        context = spec.get("context") or {}
        if context:
            claims[LTI + "context"] = {"type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
                                       **context}
            claims[AGS] = {"scope": AGS_SCOPES, "lineitems": self.url(f"/ags/{context['id']}/lineitems")}
            if spec.get("lineitem"):
                claims[AGS]["lineitem"] = spec["lineitem"]
            claims[NRPS] = {"context_memberships_url": self.url(f"/nrps/{context['id']}/memberships"),
                            "service_versions": ["2.0"]}
        if spec.get("locale"):
            claims[LTI + "launch_presentation"] = {"locale": spec["locale"], "document_target": "iframe"}
        if spec.get("custom"):
            claims[LTI + "custom"] = spec["custom"]
        if spec["message_type"] == "LtiResourceLinkRequest":
            claims[LTI + "resource_link"] = spec.get("resource_link") or {"id": "link-1", "title": "Activity"}
        if spec["message_type"] == "LtiDeepLinkingRequest":
            claims[DL + "deep_linking_settings"] = spec.get("deep_link_settings") or {
                "deep_link_return_url": self.url("/deep-link-return"),
                "accept_types": ["ltiResourceLink"], "accept_presentation_document_targets": ["iframe", "window"],
                "accept_multiple": True, "auto_create": True, "data": "dl-" + uuid.uuid4().hex[:8],
            }
        for claim in tamper.get("drop", []):
            claims.pop(claim, None)
        claims.update(tamper.get("set", {}))
        key, headers = self._key(), {"kid": self.kid}
        if tamper.get("sign_with") == "other-key":
            key = generate_key()
        if tamper.get("sign_with") == "no-kid":
            headers = {}
        token = jwt.encode(claims, key, algorithm="RS256", headers=headers)
        self.record("id_token", claims=claims, token=token)
        return token

    # -- deep linking --------------------------------------------------------------------------------------------
    def receive_deep_link(self, token: str) -> list[dict]:
        """The deep-linking return URL: verify the tool's response and keep its content items as course links."""
        try:
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.InvalidTokenError as exc:
            raise PlatformError(f"not a JWT: {exc}") from exc
        tool = self.tools.get(str(unverified.get("iss")))
        if tool is None:
            raise PlatformError("the response does not come from a registered tool", 401)
        claims = self.verify_tool_jwt(tool, token, self.issuer)
        if claims.get(LTI + "message_type") != "LtiDeepLinkingResponse" or claims.get(LTI + "version") != "1.3.0":
            raise PlatformError("not a deep-linking response")
        if claims.get(LTI + "deployment_id") != tool.deployment_id:
            raise PlatformError("wrong deployment")
        items = claims.get(DL + "content_items") or []
        for item in items:
            link = {"id": "link-" + uuid.uuid4().hex[:10], "client_id": tool.client_id, "title": item.get("title"),
                    "url": item.get("url"), "custom": item.get("custom") or {}, "lineitem": None}
            if item.get("lineItem"):
                line_item = self.create_line_item("course-1", {**item["lineItem"], "resourceLinkId": link["id"]})
                link["lineitem"] = line_item["id"]
            with self._lock:
                self.links.append(link)
        self.record("deep_link_response", claims=claims, items=items)
        return items

    # -- services: token, AGS, NRPS ------------------------------------------------------------------------------
    def issue_token(self, form: dict) -> dict:
        """Client-credentials grant with a JWT bearer client assertion signed by the tool."""
        self.record("token_request", form=dict(form))
        if form.get("grant_type") != "client_credentials" or form.get("client_assertion_type") != \
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer":
            raise PlatformError("unsupported grant")
        assertion = form.get("client_assertion", "")
        try:
            unverified = jwt.decode(assertion, options={"verify_signature": False})
        except jwt.InvalidTokenError as exc:
            raise PlatformError(f"bad client assertion: {exc}", 401) from exc
        tool = self.tools.get(str(unverified.get("iss")))
        if tool is None or unverified.get("sub") != tool.client_id:
            raise PlatformError("unknown client", 401)
        self.verify_tool_jwt(tool, assertion, [self.url("/token"), self.issuer])
        scopes = [s for s in form.get("scope", "").split() if s in tool.scopes]
        token = secrets.token_urlsafe(24)
        with self._lock:
            self.tokens[token] = {"client_id": tool.client_id, "scopes": scopes, "expires": time.time() + 3600}
        return {"access_token": token, "token_type": "Bearer", "expires_in": 3600, "scope": " ".join(scopes)}

    def check_bearer(self, authorization: str | None, scope: str) -> dict:
        token = (authorization or "").removeprefix("Bearer ").strip()
        grant = self.tokens.get(token)
        if not grant or grant["expires"] < time.time():
            raise PlatformError("invalid access token", 401)
        if scope not in grant["scopes"]:
            raise PlatformError(f"the token does not grant {scope}", 403)
        return grant

    def create_line_item(self, context_id: str, data: dict) -> dict:
        item_id = self.url(f"/ags/{context_id}/lineitems/{uuid.uuid4().hex[:10]}")
        line_item = {"id": item_id, "scoreMaximum": data.get("scoreMaximum"), "label": data.get("label"),
                     "resourceId": data.get("resourceId"), "tag": data.get("tag"),
                     "resourceLinkId": data.get("resourceLinkId"), "context": context_id}
        with self._lock:
            self.line_items[item_id] = line_item
        self.record("line_item", line_item=line_item)
        return line_item

    def add_score(self, line_item_id: str, score: dict) -> None:
        if line_item_id not in self.line_items:
            raise PlatformError("no such line item", 404)
        for name in ("userId", "activityProgress", "gradingProgress", "timestamp"):
            if name not in score:
                raise PlatformError(f"score needs {name}")
        with self._lock:
            self.scores.append({"lineitem": line_item_id, **score})
        self.record("score", lineitem=line_item_id, score=score)

    def memberships(self, context_id: str) -> dict:
        return {"id": self.url(f"/nrps/{context_id}/memberships"), "context": {"id": context_id},
                "members": self.members.get(context_id, [])}
