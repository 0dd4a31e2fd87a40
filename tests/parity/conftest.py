"""Fixtures for the cross-channel parity tests: the LTI tool's app (SQLite, or PostgreSQL when
FIELDSCHOOL_TEST_DATABASE_URL is set) and the Open edX blocks in the workbench runtime on the peer store, in one
process, so the same scenario runs through both and their results are compared. They need both stacks installed
(the main .venv has them)."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

pytest.importorskip("xblock")
pytest.importorskip("workbench")
pytest.importorskip("flask")

_TESTS = Path(__file__).parents[1]
for _folder in ("xblocks", "lti_tool"):  # the two suites' helper modules (unique names: xblock_harness, lti_live)
    if str(_TESTS / _folder) not in sys.path:
        sys.path.insert(0, str(_TESTS / _folder))

import xblock_harness  # noqa: E402  (sets Django up)
from lti_live import make_app  # noqa: E402
from workbench.runtime import WorkbenchRuntime  # noqa: E402

from lti_tool.extensions import db  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def django_db():
    xblock_harness.open_database()
    yield
    xblock_harness.close_database()


@pytest.fixture(autouse=True)
def clean_tables():
    yield
    xblock_harness.clean_tables()


@pytest.fixture
def lti_app(tmp_path):
    app = make_app(tmp_path)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def make_block():
    """Parse one block's OLX in a fresh workbench scenario and return its usage id."""

    def make(xml: str) -> str:
        runtime = WorkbenchRuntime()
        runtime.id_generator.set_scenario(f"parity-{uuid.uuid4().hex[:10]}")
        return runtime.parse_xml_string(xml)

    return make


@pytest.fixture
def learner():
    return xblock_harness.Learner
