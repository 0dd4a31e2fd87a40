"""Fixtures for the block tests: Django configured with the workbench and the peer-store app, a test database
(SQLite file; PostgreSQL or MariaDB when FIELDSCHOOL_XBLOCKS_TEST_DB=postgres or mariadb), the fixture curriculum,
and a real XBlock runtime (the workbench's) that records what blocks publish."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

pytest.importorskip("xblock")
pytest.importorskip("workbench")

import xblock_harness  # noqa: E402  (sets Django up)
from workbench.runtime import WorkbenchRuntime  # noqa: E402
from xblock_harness import FIXTURE_COURSE, Learner  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def django_db():
    """The test database (migrations included), made once and dropped at the end."""
    xblock_harness.open_database()
    yield
    xblock_harness.close_database()


def pytest_report_header(config):
    from importlib.metadata import version

    db = {"postgres": "PostgreSQL", "mariadb": "MariaDB"}.get(os.environ.get("FIELDSCHOOL_XBLOCKS_TEST_DB", ""),
                                                             "SQLite")
    return (f"fieldschool xblocks: XBlock {version('XBlock')}, xblock-sdk {version('xblock-sdk')}, "
            f"Django {xblock_harness.django.get_version()}, peer data on {db}")


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives headless Chromium against a workbench in its own process")


@pytest.fixture(autouse=True)
def clean_tables(request):
    yield
    if request.node.get_closest_marker("browser"):
        return  # that workbench runs in its own process with its own database
    xblock_harness.clean_tables()


@pytest.fixture
def fixture_course() -> Path:
    return FIXTURE_COURSE


@pytest.fixture
def make_block():
    """Parse one block's OLX in a fresh scenario and return its usage id."""

    def make(xml: str) -> str:
        runtime = WorkbenchRuntime()
        runtime.id_generator.set_scenario(f"test-{uuid.uuid4().hex[:10]}")
        return runtime.parse_xml_string(xml)

    return make


@pytest.fixture
def import_element():
    """Import one block element the way Studio's course import does: the block class's own ``parse_xml`` on the
    element found in the vertical, in a runtime that has no access to any other file of the course (give it a
    ``resources_fs`` to offer them). Returns the usage id."""
    from xblock.fields import ScopeIds

    def parse(element, resources_fs=None) -> str:
        runtime = WorkbenchRuntime()
        runtime.id_generator.set_scenario(f"import-{uuid.uuid4().hex[:10]}")
        if resources_fs is not None:
            runtime.resources_fs = resources_fs
        definition_id = runtime.id_generator.create_definition(element.tag)
        usage_id = runtime.id_generator.create_usage(definition_id)
        block_class = runtime.load_block_type(element.tag)
        block = block_class.parse_xml(element, runtime, ScopeIds(None, element.tag, definition_id, usage_id))
        block.save()
        return usage_id

    return parse


@pytest.fixture
def learner():
    def make(usage_id: str, user_id: str = "student_1", due=None, inherited: dict | None = None,
             mixins=()) -> Learner:
        """``inherited``: course settings edx-platform's inheritance would give the block (show_correctness,
        graceperiod…), set as plain attributes; ``mixins``: field mixins the runtime adds to every block class."""
        return Learner(usage_id, user_id, due, inherited, mixins)

    return make
