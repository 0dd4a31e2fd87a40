"""HTTP requests the tool makes on a request's behalf (a platform's OpenID configuration, its registration endpoint,
its key set): https only outside demo/development, no redirects, no loopback/private/link-local/reserved address
unless the host is allowed by name, the address checked is the address connected to (so DNS rebinding cannot
switch it), bounded size and time, and one generic error that does not tell which hosts or ports answer.

Every such request goes through :class:`GuardedSession`; pylti1p3 gets one for the key sets it fetches itself.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

import requests
import tldextract
from requests.adapters import HTTPAdapter

log = logging.getLogger("lti_tool.outbound")
GENERIC_ERROR = "the address could not be fetched (it must be a public https address answering with JSON)"
DEFAULT_PORTS = {"http": 80, "https": 443}


class OutboundError(requests.RequestException):
    """A refused or failed outbound request. ``str()`` is the generic message; ``detail`` is for the admin log."""

    def __init__(self, detail: str) -> None:
        super().__init__(GENERIC_ERROR)
        self.detail = detail

    def __str__(self) -> str:
        return GENERIC_ERROR


@dataclass(frozen=True)
class OutboundPolicy:
    """What an outbound request may do. Hosts in ``allowed_private_hosts`` (names as written in URLs) may resolve to
    private addresses: a campus Moodle, or the dev platform on 127.0.0.1 in tests."""

    require_https: bool = True
    allowed_private_hosts: frozenset[str] = field(default_factory=frozenset)
    max_bytes: int = 1_000_000
    timeout: float = 10.0


def policy_from_config(config: Mapping) -> OutboundPolicy:
    """The policy from the app's configuration: http is accepted only in demo mode or debug (development) unless
    ``OUTBOUND_HTTP_ALLOWED`` says otherwise."""
    allowed = config.get("ALLOWED_PRIVATE_HOSTS") or ()
    if isinstance(allowed, str):
        allowed = allowed.split(",")
    http_allowed = config.get("OUTBOUND_HTTP_ALLOWED")
    if http_allowed is None:
        http_allowed = bool(config.get("DEMO_MODE") or config.get("DEBUG"))
    return OutboundPolicy(require_https=not http_allowed,
                          allowed_private_hosts=frozenset(h.strip().lower().strip("[]") for h in allowed if h.strip()),
                          max_bytes=int(config.get("OUTBOUND_MAX_BYTES", 1_000_000)),
                          timeout=float(config.get("OUTBOUND_TIMEOUT", 10)))


def current_policy() -> OutboundPolicy:
    from flask import current_app

    return policy_from_config(current_app.config)


def is_public_address(address: str) -> bool:
    """A globally routable unicast address (not loopback, private, link-local, shared, reserved or multicast)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def checked_address(host: str, port: int, policy: OutboundPolicy) -> str:
    """Resolve ``host`` and return the address to connect to, after checking every address it resolves to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise OutboundError(f"{host} does not resolve: {exc}") from exc
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise OutboundError(f"{host} has no address")
    if host.lower() not in policy.allowed_private_hosts:
        refused = [a for a in addresses if not is_public_address(a)]
        if refused:
            raise OutboundError(f"{host} resolves to non-public address(es) {', '.join(refused)}")
    return addresses[0]


class _PinnedAdapter(HTTPAdapter):
    """Connects to an address already checked while TLS still verifies the certificate for the host name."""

    def __init__(self, hostname: str) -> None:
        self._hostname = hostname
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs) -> None:
        kwargs["server_hostname"] = self._hostname
        kwargs["assert_hostname"] = self._hostname
        super().init_poolmanager(*args, **kwargs)


class GuardedSession(requests.Session):
    """A requests session that applies an :class:`OutboundPolicy` to every request; any failure is an
    :class:`OutboundError`."""

    def __init__(self, policy: OutboundPolicy) -> None:
        super().__init__()
        self.policy = policy
        self.trust_env = False  # an environment proxy would connect to the host itself, unchecked
        self.max_redirects = 0
        self.headers["User-Agent"] = "fieldschool-lti-tool"

    def request(self, method, url, **kwargs):  # type: ignore[override]
        try:
            return self._guarded_request(method, str(url), **kwargs)
        except OutboundError as exc:
            log.warning("outbound %s refused: %s", method, exc.detail)
            raise
        except (requests.RequestException, OSError, ValueError) as exc:
            log.warning("outbound %s %s failed: %s", method, url, exc)
            raise OutboundError(f"{method} {url}: {exc}") from exc

    def _guarded_request(self, method: str, url: str, **kwargs) -> requests.Response:
        parts = urlsplit(url)
        allowed_schemes = ("https",) if self.policy.require_https else ("https", "http")
        if parts.scheme not in allowed_schemes or not parts.hostname:
            raise OutboundError(f"{url!r} is not an {' or '.join(allowed_schemes)} URL")
        if parts.username or parts.password:
            raise OutboundError(f"{url!r} carries credentials")
        host = parts.hostname
        port = parts.port or DEFAULT_PORTS[parts.scheme]
        address = checked_address(host, port, self.policy)
        shown = f"[{address}]" if ":" in address else address
        pinned_url = urlunsplit((parts.scheme, f"{shown}:{port}", parts.path or "/", parts.query, ""))
        self.mount(f"{parts.scheme}://", _PinnedAdapter(host))
        headers = dict(kwargs.pop("headers", None) or {})
        headers["Host"] = parts.netloc
        headers["Accept-Encoding"] = "identity"  # the size limit counts the bytes that arrive
        kwargs.update(allow_redirects=False, stream=True, timeout=(self.policy.timeout, self.policy.timeout))
        response = super().request(method, pinned_url, headers=headers, **kwargs)
        try:
            if response.is_redirect or 300 <= response.status_code < 400:
                raise OutboundError(f"{url} answered with a redirect ({response.status_code}) to "
                                    f"{response.headers.get('Location')!r}")
            body = self._bounded_body(response, url)
        finally:
            response.close()
        response._content = body
        response._content_consumed = True
        response.url = url  # where the request ended: no redirect was followed
        return response

    def _bounded_body(self, response: requests.Response, url: str) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.policy.max_bytes:
            raise OutboundError(f"{url} declares {declared} bytes (limit {self.policy.max_bytes})")
        if response.headers.get("Content-Encoding", "identity").lower() != "identity":
            raise OutboundError(f"{url} sent a compressed body though none was asked for")
        deadline = time.monotonic() + self.policy.timeout
        chunks: list[bytes] = []
        size = 0
        while chunk := response.raw.read1(64 * 1024):  # whatever has arrived: a trickle cannot outlast the deadline
            size += len(chunk)
            if size > self.policy.max_bytes:
                raise OutboundError(f"{url} sent more than {self.policy.max_bytes} bytes")
            if time.monotonic() > deadline:
                raise OutboundError(f"{url} took longer than {self.policy.timeout} s")
            chunks.append(chunk)
        return b"".join(chunks)


def get_json(url: str, policy: OutboundPolicy, headers: dict | None = None) -> dict:
    """GET a JSON object under the policy."""
    with GuardedSession(policy) as http:
        return _json_object(http.get(url, headers=headers))


def post_json(url: str, payload: dict, policy: OutboundPolicy, headers: dict | None = None) -> dict:
    """POST JSON and read a JSON object back, under the policy."""
    with GuardedSession(policy) as http:
        return _json_object(http.post(url, json=payload, headers=headers))


def _json_object(response: requests.Response) -> dict:
    if not response.ok:
        raise OutboundError(f"{response.url} answered {response.status_code}: {response.text[:200]!r}")
    try:
        answer = response.json()
    except ValueError as exc:
        raise OutboundError(f"{response.url} did not answer with JSON") from exc
    if not isinstance(answer, dict):
        raise OutboundError(f"{response.url} answered with JSON that is not an object")
    return answer


@lru_cache(maxsize=1)
def _suffix_list() -> tldextract.TLDExtract:
    # The snapshot of the Public Suffix List bundled with tldextract: no network fetch, no cache folder.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def registrable_domain(host: str) -> str:
    """The host's registrable domain under the Public Suffix List (private suffixes such as herokuapp.com count as
    public ones: two apps there are two sites); empty for IP addresses and single-label names such as localhost."""
    return _suffix_list()(host.lower().rstrip(".")).top_domain_under_public_suffix


def same_site(url_a: str, url_b: str) -> bool:
    """Same scheme and the same registrable domain (school.instructure.com and canvas.instructure.com are one site;
    a.herokuapp.com and b.herokuapp.com are not). Hosts without one (IP addresses, localhost) must match exactly,
    port included."""
    a, b = urlsplit(url_a), urlsplit(url_b)
    if a.scheme != b.scheme or not a.hostname or not b.hostname:
        return False
    if a.hostname == b.hostname and a.port == b.port:
        return True
    site = registrable_domain(a.hostname)
    return bool(site) and site == registrable_domain(b.hostname)
