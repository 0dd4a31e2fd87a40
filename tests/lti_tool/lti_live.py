"""Test helpers for the LTI tool: the app on SQLite or PostgreSQL, real HTTP servers in threads, a running tool
and dev platform that know each other (``LtiWorld``), and a small form-following browser built on requests."""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urljoin

import requests
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import text
from werkzeug.serving import make_server

from lti_tool.commands import create_app
from lti_tool.devplatform import DevPlatform
from lti_tool.devplatform.blueprint import create_platform_app
from lti_tool.devplatform.platform import generate_key
from lti_tool.extensions import db
from lti_tool.lti import keys as tool_keys
from lti_tool.services.platforms import register_platform
from tests import suite_workers


class _Holder:
    """A WSGI app whose target is set after the server (and so its port) exists."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


# How often a serving thread looks for a shutdown request: werkzeug's default (0.5 s) made every stop() wait up to
# half a second, and a world stops two servers after each of several hundred tests.
POLL_INTERVAL = 0.02


class LiveServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self._holder = _Holder()
        self._server = make_server(host, 0, self._holder, threaded=True)
        self.host = host
        self.port = self._server.port
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, app) -> LiveServer:
        self._holder.app = app
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": POLL_INTERVAL},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@dataclass
class Form:
    action: str
    method: str
    fields: dict = field(default_factory=dict)
    autosubmit: bool = False


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.data_continue: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(Form(a.get("action") or "", (a.get("method") or "get").lower(), {},
                                   "data-autosubmit" in a))
        elif tag == "input" and self.forms and a.get("type") == "hidden":
            self.forms[-1].fields[a.get("name")] = a.get("value") or ""
        if a.get("id") == "lti1p3-cookie-check":
            self.data_continue = a.get("data-continue")


def parse(html: str) -> _FormParser:
    parser = _FormParser()
    parser.feed(html)
    return parser


class Browser:
    """Follows redirects, the cookie-check page and auto-submitted forms, like a browser with JavaScript."""

    def __init__(self) -> None:
        self.http = requests.Session()

    def follow(self, response: requests.Response, stop_before: str | None = None) -> requests.Response:
        for _ in range(10):
            page = parse(response.text) if "text/html" in response.headers.get("Content-Type", "") else None
            if page and page.data_continue:
                response = self.http.get(page.data_continue)
                continue
            auto = next((f for f in page.forms if f.autosubmit), None) if page else None
            if auto is None:
                return response
            action = urljoin(response.url, auto.action)
            if stop_before and action.startswith(stop_before):
                response.form = auto  # type: ignore[attr-defined]
                return response
            response = self.http.post(action, data=auto.fields)
        raise AssertionError("too many automatic steps")

    def get(self, url: str, **params) -> requests.Response:
        return self.follow(self.http.get(url, params=params or None))

    def start_launch(self, login_url: str, params: dict, stop_before: str | None = None) -> requests.Response:
        return self.follow(self.http.get(login_url + "?" + urlencode(params)), stop_before=stop_before)

    def submit(self, response: requests.Response, data: dict | None = None, form_index: int = -1,
               multi: list[tuple[str, str]] | None = None) -> requests.Response:
        """Submit a form on the page (hidden fields kept), then follow what happens."""
        form = parse(response.text).forms[form_index]
        payload = list(form.fields.items()) + list((data or {}).items()) + list(multi or [])
        action = urljoin(response.url, form.action) if form.action else response.url
        if form.method == "get":
            return self.follow(self.http.get(action, params=payload))
        return self.follow(self.http.post(action, data=payload))


FIXTURE_COURSE = Path(__file__).parents[1] / "curriculum" / "fixtures" / "good"
# The pass's database and Redis, each xdist worker on its own (the database <name>_gw0…, created on first use).
DATABASE_URL = suite_workers.per_worker_database(os.environ.get("FIELDSCHOOL_TEST_DATABASE_URL"))
REDIS_URL = suite_workers.per_worker_redis(os.environ.get("FIELDSCHOOL_TEST_REDIS_URL"))


if DATABASE_URL:
    suite_workers.ensure_postgres_database(DATABASE_URL)


# The schema as this process last built it, per PostgreSQL database: while a database still has exactly that
# schema, emptying its tables gives the next test what DROP SCHEMA + create_all would, much sooner.
_BUILT_SCHEMAS: dict[str, tuple] = {}
_SCHEMA_FINGERPRINT = text(
    "SELECT 'c', table_name, column_name, data_type, is_nullable FROM information_schema.columns "
    "WHERE table_schema = 'public' UNION ALL SELECT 'i', tablename, indexname, indexdef, '' FROM pg_indexes "
    "WHERE schemaname = 'public' ORDER BY 1, 2, 3")
# An empty SQLite database with the schema, built once per process and copied for each test that needs one.
_SQLITE_TEMPLATE: list[Path] = []


def _sqlite_template() -> Path:
    if not _SQLITE_TEMPLATE:
        from sqlalchemy import create_engine

        template = Path(tempfile.mkdtemp(prefix="fieldschool-schema-")) / "tool.db"
        engine = create_engine(f"sqlite:///{template}")
        db.metadata.create_all(engine)
        engine.dispose()
        _SQLITE_TEMPLATE.append(template)
    return _SQLITE_TEMPLATE[0]


def _empty_tables(conn) -> None:
    """Every row deleted (children first) and every sequence back at 1: as fresh as TRUNCATE, which costs far more
    on tables this small."""
    for table in reversed(db.metadata.sorted_tables):
        conn.execute(table.delete())
    sequences = conn.scalars(text("SELECT quote_ident(sequencename) FROM pg_sequences WHERE schemaname = 'public'"))
    restarts = ", ".join(f"setval('{name}', 1, false)" for name in sequences)
    if restarts:
        conn.execute(text(f"SELECT {restarts}"))


def empty_database(app) -> None:
    """Every table of the app's database emptied, its schema kept (PostgreSQL's sequences back at 1 too): for a test
    that starts afresh many times on one database, far sooner than dropping and creating every table again."""
    with app.app_context(), db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            _empty_tables(conn)
        else:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


def _reset_database(app) -> None:
    with app.app_context():
        url = db.engine.url
        if db.engine.dialect.name == "postgresql":
            key = url.render_as_string(hide_password=False)
            with db.engine.begin() as conn:
                if _BUILT_SCHEMAS.get(key) == tuple(conn.execute(_SCHEMA_FINGERPRINT)):
                    _empty_tables(conn)
                    return
                # Everything goes, including tables other branches' models added to this shared test database.
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            db.create_all()
            with db.engine.begin() as conn:
                _BUILT_SCHEMAS[key] = tuple(conn.execute(_SCHEMA_FINGERPRINT))
            return
        file = Path(url.database or ":memory:")
        new_file = file.name != ":memory:" and file.parent.is_dir() and not file.exists()
        if url.get_backend_name() == "sqlite" and new_file:
            db.engine.dispose()
            shutil.copyfile(_sqlite_template(), file)  # a new database: the schema, no rows
            return
        if DATABASE_URL:
            db.drop_all()
            with db.engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()


class _SharedTemplateCode(BytecodeCache):
    """Compiled templates kept for every app a test process makes: each app has a Jinja environment of its own,
    which would otherwise parse and compile every template it renders again, test after test. Jinja checks each
    entry against the template's source before using it."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CODE = _SharedTemplateCode()


def make_app(tmp_path, reset: bool = True, **config):
    settings = {
        "TESTING": True, "SECRET_KEY": "test-secret", "INSTANCE_PATH": str(tmp_path / "instance"),
        "CURRICULUM_PATH": str(FIXTURE_COURSE), "DATABASE_URL": DATABASE_URL or f"sqlite:///{tmp_path}/tool.db",
        "REDIS_URL": REDIS_URL, "REDIS_PREFIX": f"fieldschool-test:{uuid.uuid4().hex}:",
        "LTI_COOKIE_CHECK": False, "DEMO_MODE": False,
        # The dev platform runs on this machine over http: let the outbound rules reach it, and only it.
        "ALLOWED_PRIVATE_HOSTS": "127.0.0.1,localhost", "OUTBOUND_HTTP_ALLOWED": True,
    }
    settings.update(config)
    app = create_app(settings)
    app.jinja_env.bytecode_cache = _TEMPLATE_CODE
    if reset:
        _reset_database(app)
    return app


class _ToolKeyPool:
    """The tool's new keys drawn from a small pool made once per test process and SECRET_KEY: every test's tool makes
    its first key on first use, through the product's own path (``keys.ensure_key`` → ``keys._new_key``), and making
    and encrypting a 2048-bit RSA key costs tens of milliseconds, as decrypting it again does in each new tool. The
    pool's keys are made by the product's ``_new_key``; consecutive keys differ (a rotation gets a new one)."""

    SIZE = 8

    def __init__(self, make) -> None:
        self._make = make
        self._made: dict[str, list[tuple[str, str, str]]] = {}
        self._next = itertools.count()
        self._lock = threading.Lock()

    def __call__(self, secret_key: str):
        from lti_tool.models import ToolKey

        with self._lock:
            made = self._made.setdefault(secret_key, [])
            n = next(self._next) % self.SIZE
            if n >= len(made):
                row = self._make(secret_key)
                made.append((row.kid, row.private_pem, row.public_pem))
                n = len(made) - 1
            kid, private_pem, public_pem = made[n]
        return ToolKey(kid=kid, private_pem=private_pem, public_pem=public_pem)


tool_keys._new_key = _ToolKeyPool(tool_keys._new_key)


_PLATFORM_KEYS: list[str] = []
_next_platform_key = itertools.count()
_platform_keys_lock = threading.Lock()


def platform_key() -> str:
    """A platform signing key from a small pool made once per test process (an RSA key takes tens of milliseconds
    to make, every test has a platform): consecutive platforms, e.g. two in one test, get different keys."""
    with _platform_keys_lock:
        n = next(_next_platform_key) % 8
        if n == len(_PLATFORM_KEYS):
            _PLATFORM_KEYS.append(generate_key())
        return _PLATFORM_KEYS[n]


class LtiWorld:
    """A running tool and a running dev platform that know each other (manual registration)."""

    def __init__(self, tmp_path, register: bool = True, tool_host: str = "127.0.0.1", **config) -> None:
        self.platform_server = LiveServer()
        self.platform = DevPlatform(self.platform_server.url, private_pem=platform_key())
        self.platform_server.start(create_platform_app(self.platform))
        self.tool_server = LiveServer()
        tool_base = self.tool_server.url.replace("127.0.0.1", tool_host)
        self.app = make_app(tmp_path, BASE_URL=tool_base, **config)
        self.tool_server.start(self.app)
        self.client_id = "fieldschool-tool"
        self.platform.add_tool(self.client_id, self.tool_url("/lti/login"), self.tool_url("/lti/launch"),
                               jwks_uri=self.tool_url("/lti/jwks.json"), deployment_id="deploy-1")
        if register:
            with self.app.app_context():
                register_platform(issuer=self.platform.issuer, client_id=self.client_id,
                                  auth_login_url=self.platform.url("/auth"),
                                  auth_token_url=self.platform.url("/token"),
                                  key_set_url=self.platform.url("/jwks.json"), deployment_ids=("deploy-1",),
                                  name="Dev platform")
        self.browser = Browser()

    def tool_url(self, path: str) -> str:
        return self.app.config["BASE_URL"] + path

    def launch(self, browser: Browser | None = None, stop_before: str | None = None, **spec):
        url, params = self.platform.launch_request(self.client_id, **spec)
        return (browser or self.browser).start_launch(url, params, stop_before=stop_before)

    def stop(self) -> None:
        self.tool_server.stop()
        self.platform_server.stop()
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()


def self_signed_certificate(folder: Path, name: str) -> tuple[Path, Path]:
    """A certificate (and its key) for ``name``, signed by itself, valid for a day: for local TLS servers."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / f"{name}.pem", folder / f"{name}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def tool_frame(page, world, path: str = "/lti/", timeout: float = 30.0):
    """The platform course page's tool iframe once it shows ``path`` of the tool.

    It waits on the frame's own navigations (a loop over ``page.frames`` sees them late on a busy machine), and
    every two seconds also asks the frame's document where it is: the iframe hops between the platform's origin and
    the tool's (login, the platform's authorisation, the launch), so Chromium moves it between processes, and on a
    loaded machine Playwright can miss the navigation that follows such a move (CI saw ``frame.url`` stay on
    /lti/launch while the tool had served the activity page into it)."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    prefix = world.tool_url(path)
    deadline = time.monotonic() + timeout
    while True:
        frame = page.wait_for_selector("#tool-frame").content_frame()
        try:
            frame.wait_for_url(lambda url: url.startswith(prefix), wait_until="commit", timeout=2000)
            return frame
        except PlaywrightTimeout:
            pass
        try:
            if frame.evaluate("location.href").startswith(prefix):
                return frame
        except PlaywrightError:
            pass  # the document is being replaced: ask again
        if time.monotonic() > deadline:
            raise AssertionError(f"the tool never showed {path} in the iframe (it shows {frame.url})")


AXE = Path(__file__).parents[1] / "scorm_export" / "node" / "node_modules" / "axe-core" / "axe.min.js"


def tool_test_page(context, world):
    """A page (800×900) in ``context`` with axe-core served from the tool's own origin (so the tool's CSP stays on
    while it runs), recording the console's Content Security Policy errors in ``page.csp_errors``."""
    if AXE.exists():
        context.route(world.tool_url("/__test__/axe.js"), lambda route: route.fulfill(
            path=str(AXE), content_type="application/javascript"))
    page = context.new_page()
    page.set_viewport_size({"width": 800, "height": 900})
    page.csp_errors = []
    page.on("console", lambda msg: page.csp_errors.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    return page
