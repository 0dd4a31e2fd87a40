"""Outbound requests on a request's behalf: private addresses, redirects, oversize bodies, plain http outside
development and cross-site registration endpoints are refused with one generic message; the address checked is the
address connected to; TLS still verifies the host name; pylti1p3's key-set fetches obey the same rules."""

from __future__ import annotations

import socket
import ssl
import threading

import pytest
from flask import Flask, Response, jsonify, redirect, request
from lti_live import LiveServer, LtiWorld, self_signed_certificate
from werkzeug.serving import make_server

from lti_tool.lti.outbound import (
    GENERIC_ERROR,
    GuardedSession,
    OutboundError,
    OutboundPolicy,
    get_json,
    is_public_address,
    policy_from_config,
)
from lti_tool.services.dynamic_registration import RegistrationError, fetch_openid_configuration

LOCAL = OutboundPolicy(require_https=False, allowed_private_hosts=frozenset({"127.0.0.1", "localhost"}),
                       max_bytes=10_000, timeout=5)
PRODUCTION = OutboundPolicy(require_https=True)


def target_app(hits: list) -> Flask:
    app = Flask("outbound-target")

    @app.before_request
    def count():
        hits.append((request.path, request.headers.get("Host")))

    @app.get("/json")
    def json_answer():
        return jsonify({"ok": True})

    @app.get("/redirect")
    def moved():
        return redirect("http://127.0.0.1:1/json")

    @app.get("/big")
    def big():
        return Response(b"{" + b" " * 50_000 + b"}", mimetype="application/json")

    @app.get("/big-stream")
    def big_stream():
        return Response((b" " * 4096 for _ in range(20)), mimetype="application/json")  # no Content-Length

    @app.get("/gzip")
    def compressed():
        import gzip

        body = gzip.compress(b"{" + b" " * 5_000_000 + b"}")  # small on the wire, 5 MB unpacked
        return Response(body, mimetype="application/json", headers={"Content-Encoding": "gzip"})

    @app.get("/missing")
    def missing():
        return jsonify({"error": "no"}), 404

    @app.get("/openid")
    def openid():
        base = request.host_url.rstrip("/")
        return jsonify({"issuer": base, "authorization_endpoint": base + "/auth", "token_endpoint": base + "/token",
                        "jwks_uri": base + "/jwks", "registration_endpoint": request.args.get("register", "")})

    return app


@pytest.fixture
def target():
    hits: list = []
    server = LiveServer().start(target_app(hits))
    server.hits = hits
    yield server
    server.stop()


def generic_failure(url: str, policy: OutboundPolicy) -> OutboundError:
    with pytest.raises(OutboundError) as caught:
        get_json(url, policy)
    assert str(caught.value) == GENERIC_ERROR
    return caught.value


def test_a_public_json_answer_is_read(target):
    assert get_json(target.url + "/json", LOCAL) == {"ok": True}


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                                     "100.64.0.1", "0.0.0.0", "240.0.0.1", "224.0.0.1", "::1", "fe80::1", "fc00::1",
                                     "::ffff:127.0.0.1"])
def test_non_public_addresses_are_recognised(address):
    assert not is_public_address(address)


def test_public_addresses_are_recognised():
    assert is_public_address("93.184.216.34") and is_public_address("2606:4700::1111")


def test_a_private_address_is_refused_unless_its_host_is_allowed(target):
    not_allowed = OutboundPolicy(require_https=False, max_bytes=10_000)
    error = generic_failure(target.url + "/json", not_allowed)
    assert "non-public" in error.detail
    generic_failure(f"http://localhost:{target.port}/json", not_allowed)
    assert target.hits == []  # refused before connecting
    assert get_json(target.url + "/json", LOCAL) == {"ok": True}


def test_a_redirect_is_refused_not_followed(target):
    error = generic_failure(target.url + "/redirect", LOCAL)
    assert "redirect" in error.detail
    assert [path for path, _ in target.hits] == ["/redirect"]


def test_an_oversize_body_is_refused(target):
    assert "bytes" in generic_failure(target.url + "/big", LOCAL).detail
    assert "bytes" in generic_failure(target.url + "/big-stream", LOCAL).detail
    assert "compressed" in generic_failure(target.url + "/gzip", LOCAL).detail


def test_plain_http_is_refused_outside_development(target):
    allowed_but_https_only = OutboundPolicy(allowed_private_hosts=frozenset({"127.0.0.1"}))
    generic_failure(target.url + "/json", allowed_but_https_only)
    assert target.hits == []
    assert policy_from_config({"DEMO_MODE": False}).require_https
    assert not policy_from_config({"DEMO_MODE": True}).require_https
    assert policy_from_config({"ALLOWED_PRIVATE_HOSTS": " moodle.campus , 10.0.0.5"}).allowed_private_hosts == {
        "moodle.campus", "10.0.0.5"}


def test_every_failure_reads_the_same(target, monkeypatch):
    real = socket.getaddrinfo

    def no_such_host(host, *args, **kwargs):  # answered here: tests never ask a DNS server
        if host == "no-such-host.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    messages = {str(generic_failure(url, policy)) for url, policy in [
        (target.url + "/missing", LOCAL), (f"http://127.0.0.1:{port}/json", LOCAL),
        (target.url + "/json", PRODUCTION), ("http://no-such-host.invalid/json", LOCAL),
        ("https://user:pw@127.0.0.1/json", LOCAL), ("ftp://127.0.0.1/json", LOCAL)]}
    assert messages == {GENERIC_ERROR}


def test_the_checked_address_is_the_one_connected_to(target, monkeypatch):
    """DNS rebinding: a name that resolves to an allowed address once and elsewhere later is not resolved again."""
    real = socket.getaddrinfo
    lookups = []

    def rebinding(host, port, *args, **kwargs):
        if host == "lms.test":
            lookups.append(host)
            address = "127.0.0.1" if len(lookups) == 1 else "10.255.255.1"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    policy = OutboundPolicy(require_https=False, allowed_private_hosts=frozenset({"lms.test"}))
    assert get_json(f"http://lms.test:{target.port}/json", policy) == {"ok": True}
    assert lookups == ["lms.test"]
    assert target.hits == [("/json", f"lms.test:{target.port}")]


@pytest.mark.parametrize("certified_name, accepted", [("localhost", True), ("other.example", False)])
def test_https_to_the_pinned_address_still_verifies_the_host_name(tmp_path, certified_name, accepted):
    cert_file, key_file = self_signed_certificate(tmp_path, certified_name)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server = make_server("127.0.0.1", 0, target_app([]), threaded=True, ssl_context=context)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    policy = OutboundPolicy(require_https=True, allowed_private_hosts=frozenset({"localhost"}))
    try:
        with GuardedSession(policy) as http:
            http.verify = str(cert_file)
            if accepted:
                assert http.get(f"https://localhost:{server.port}/json").json() == {"ok": True}
            else:
                with pytest.raises(OutboundError):
                    http.get(f"https://localhost:{server.port}/json")
    finally:
        server.shutdown()
        server.server_close()


def test_a_registration_endpoint_on_another_site_is_refused(target):
    # Two apps under a shared hosting suffix (Public Suffix List) are two sites.
    elsewhere = "https://attacker.herokuapp.com/register"
    with pytest.raises(RegistrationError) as caught:
        fetch_openid_configuration(f"{target.url}/openid?register={elsewhere}", LOCAL)
    assert caught.value.reason == "configuration"
    same = fetch_openid_configuration(f"{target.url}/openid?register={target.url}/register", LOCAL)
    assert same["registration_endpoint"] == target.url + "/register"


def test_outside_development_every_platform_endpoint_must_be_https(target, monkeypatch):
    import lti_tool.services.dynamic_registration as registration

    answer = {"issuer": "https://lms.example", "authorization_endpoint": "http://lms.example/auth",
              "token_endpoint": "https://lms.example/token", "jwks_uri": "https://lms.example/jwks",
              "registration_endpoint": "https://lms.example/register"}
    monkeypatch.setattr(registration, "get_json", lambda url, policy: dict(answer))
    with pytest.raises(RegistrationError) as caught:
        fetch_openid_configuration("https://lms.example/openid", PRODUCTION)
    assert caught.value.reason == "configuration" and "authorization_endpoint" in caught.value.detail
    answer["authorization_endpoint"] = "https://lms.example/auth"
    assert fetch_openid_configuration("https://lms.example/openid", PRODUCTION)["issuer"] == "https://lms.example"


def test_an_unreachable_configuration_gives_the_generic_reason(target):
    with pytest.raises(RegistrationError) as caught:
        fetch_openid_configuration(target.url + "/redirect", LOCAL)
    assert caught.value.reason == "unreachable"


def test_platform_key_sets_fetched_by_pylti1p3_obey_the_outbound_rules(tmp_path):
    world = LtiWorld(tmp_path, ALLOWED_PRIVATE_HOSTS="")  # the dev platform's keys sit on 127.0.0.1
    try:
        page = world.launch(custom={"fieldschool_item": "sample.case"})
        assert page.status_code == 401 and "signature" in page.text
        assert world.platform.received("jwks_fetch") == []
    finally:
        world.stop()
