"""A Tutor operator installs ``fieldschool[xblocks]`` into an LMS image without changing any of edx-platform's pins:
pip resolves the blocks' extra against the pins kept in ``edx_platform_constraints.txt`` (edx-platform master's
``requirements/edx/base.txt``), and what it would install carries none of the LTI tool's stack.

Resolution asks PyPI (reachable on the development machines and in CI)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
CONSTRAINTS = Path(__file__).with_name("edx_platform_constraints.txt")


def _resolve(*requirements: str) -> dict[str, str]:
    """What pip would install, by name → version, under the LMS's pins (nothing is installed)."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet", "--report", "-",
         "--disable-pip-version-check", "-c", str(CONSTRAINTS), *requirements],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    return {entry["metadata"]["name"].lower(): entry["metadata"]["version"] for entry in report["install"]}


def _pins() -> dict[str, str]:
    pins = {}
    for line in CONSTRAINTS.read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def test_the_blocks_install_under_edx_platform_masters_pins():
    planned = _resolve(".[xblocks]")
    pins = _pins()
    assert planned["xblock"] == pins["xblock"] == "5.3.0"
    assert planned["django"] == pins["django"]
    assert planned["web-fragments"] == pins["web-fragments"]
    for name, version in planned.items():  # nothing the LMS pins is moved
        if name in pins:
            assert version == pins[name], name
    lti_stack = {"flask", "flask-sqlalchemy", "flask-migrate", "sqlalchemy", "alembic", "pylti1p3", "psycopg",
                 "psycopg-binary", "gunicorn", "redis"}
    assert not lti_stack & set(planned), sorted(lti_stack & set(planned))
