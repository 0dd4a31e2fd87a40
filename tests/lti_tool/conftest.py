"""Fixtures for the LTI tool: the app on SQLite (or PostgreSQL when FIELDSCHOOL_TEST_DATABASE_URL is set), the
shared store in memory (or Redis when FIELDSCHOOL_TEST_REDIS_URL is set), and a live tool + dev platform pair."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from lti_live import Browser, LiveServer
from sqlalchemy import text

from lti_tool import create_app
from lti_tool.devplatform import DevPlatform
from lti_tool.devplatform.blueprint import create_platform_app
from lti_tool.extensions import db
from lti_tool.services.platforms import register_platform

FIXTURE_COURSE = Path(__file__).parents[1] / "curriculum" / "fixtures" / "good"
DATABASE_URL = os.environ.get("FIELDSCHOOL_TEST_DATABASE_URL")
REDIS_URL = os.environ.get("FIELDSCHOOL_TEST_REDIS_URL")


def _ensure_postgres_database(url: str) -> None:
    """Create the dedicated test database on first use (the server allows the postgres user in)."""
    import psycopg
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = target.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (target.database,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{target.database}"')


if DATABASE_URL:
    _ensure_postgres_database(DATABASE_URL)


def _reset_database(app) -> None:
    with app.app_context():
        if DATABASE_URL:
            db.drop_all()
            with db.engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()


def make_app(tmp_path, reset: bool = True, **config):
    settings = {
        "TESTING": True, "SECRET_KEY": "test-secret", "INSTANCE_PATH": str(tmp_path / "instance"),
        "CURRICULUM_PATH": str(FIXTURE_COURSE), "DATABASE_URL": DATABASE_URL or f"sqlite:///{tmp_path}/tool.db",
        "REDIS_URL": REDIS_URL, "REDIS_PREFIX": f"fieldschool-test:{uuid.uuid4().hex}:",
        "LTI_COOKIE_CHECK": False, "DEMO_MODE": False,
    }
    settings.update(config)
    app = create_app(settings)
    if reset:
        _reset_database(app)
    return app


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class LtiWorld:
    """A running tool and a running dev platform that know each other (manual registration)."""

    def __init__(self, tmp_path, register: bool = True, tool_host: str = "127.0.0.1", **config) -> None:
        self.platform_server = LiveServer()
        self.platform = DevPlatform(self.platform_server.url)
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


@pytest.fixture
def world(tmp_path):
    w = LtiWorld(tmp_path)
    yield w
    w.stop()
