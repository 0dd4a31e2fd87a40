"""Fixtures for the LTI tool: the app on SQLite (or PostgreSQL when FIELDSCHOOL_TEST_DATABASE_URL is set), the
shared store in memory (or Redis when FIELDSCHOOL_TEST_REDIS_URL is set), and a live tool + dev platform pair.
The helpers themselves live in ``lti_live`` (a unique module name: test folders here are not packages)."""

from __future__ import annotations

import pytest
from lti_live import LtiWorld, make_app

from lti_tool.extensions import db


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


@pytest.fixture
def world(tmp_path):
    w = LtiWorld(tmp_path)
    yield w
    w.stop()
