"""Fixtures for the Common Cartridge tests: the courses and the official CC 1.1 schemas, compiled once. The
helpers live in ``cartridge_reader`` (a unique module name: test folders here are not packages)."""

from __future__ import annotations

import pytest
from cartridge_reader import FIXTURE_COURSE, RESOURCE_SCHEMAS, load_schema
from lxml import etree

from curriculum import load_course
from curriculum.loader import default_course


@pytest.fixture(scope="session")
def schemas() -> dict[str, etree.XMLSchema]:
    found = {kind: load_schema(name) for kind, name in RESOURCE_SCHEMAS.items()}
    found["manifest"] = load_schema("cc11libxml2validator.xsd")
    return found


@pytest.fixture(scope="session")
def fixture_course():
    return load_course(FIXTURE_COURSE)


@pytest.fixture(scope="session")
def shipped_course():
    return default_course()
