"""Headless Chromium reaches the tool over https through a TLS-terminating proxy (FIELDSCHOOL_TRUSTED_PROXIES=1):
a launch, then a form posted as a learner would post it. The browser sends the referrer the tool's
Referrer-Policy allows, and the CSRF check (strict over https) accepts it."""

from __future__ import annotations

import os
import ssl
import threading

import pytest
from lti_live import LiveServer, make_app, self_signed_certificate
from werkzeug.serving import make_server

from lti_tool.devplatform import DevPlatform
from lti_tool.devplatform.blueprint import create_platform_app
from lti_tool.extensions import db
from lti_tool.lti import keys
from lti_tool.services.platforms import register_platform

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium at /usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


class TlsTerminatingProxy:
    """What nginx in front of gunicorn hands the app: the public host and scheme in X-Forwarded-*, the upstream
    address as Host, and (gunicorn trusting its local proxy) the scheme already https."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        environ["HTTP_X_FORWARDED_PROTO"] = "https"
        environ["HTTP_X_FORWARDED_HOST"] = environ["HTTP_HOST"]
        environ["HTTP_X_FORWARDED_FOR"] = environ.get("REMOTE_ADDR", "")
        environ["HTTP_HOST"] = "127.0.0.1:8000"
        environ["wsgi.url_scheme"] = "https"
        return self.app(environ, start_response)


class _Holder:
    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


@pytest.fixture
def https_tool(tmp_path):
    platform_server = LiveServer()
    platform = DevPlatform(platform_server.url)
    platform_server.start(create_platform_app(platform))
    cert_file, key_file = self_signed_certificate(tmp_path, "localhost")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    holder = _Holder()
    server = make_server("127.0.0.1", 0, holder, threaded=True, ssl_context=context)
    base = f"https://localhost:{server.port}"
    app = make_app(tmp_path, BASE_URL=base, TRUSTED_PROXIES=1)
    holder.app = TlsTerminatingProxy(app)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    with app.app_context():
        keys.ensure_key()
        # The platform holds the tool's keys (it would not trust the self-signed certificate to fetch them).
        platform.add_tool("tool", base + "/lti/login", base + "/lti/launch", deployment_id="d1", key_set=keys.jwks())
        register_platform(issuer=platform.issuer, client_id="tool", auth_login_url=platform.url("/auth"),
                          key_set_url=platform.url("/jwks.json"), deployment_ids=("d1",))
    yield platform
    server.shutdown()
    server.server_close()
    platform_server.stop()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_learner_posts_a_form_over_https_behind_the_proxy(https_tool, chromium):
    platform = https_tool
    page = chromium.new_context(ignore_https_errors=True).new_page()
    page.goto(platform.url("/start/tool?item=sample.case&role=Learner&link=l1"))
    page.locator("article h1").wait_for(timeout=15000)
    assert page.url.startswith("https://localhost:")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Save answers").first.click()
    assert posted.value.status in (200, 303), posted.value.text()[:300]
    page.wait_for_load_state()
    assert "The referrer" not in page.content() and page.locator("article h1").count() == 1
