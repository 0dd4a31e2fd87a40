"""The suite-wide rule of tests/conftest.py, with and without pytest-xdist workers: a test skipped for want of a
service is counted in a loud summary when nobody asked for that service, and fails when the run asked for it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT_CONFTEST = Path(__file__).with_name("conftest.py")
SUITE = '''
import pytest


def test_needs_redis():
    pytest.skip("no Redis at redis://127.0.0.1:1/0")


def test_needs_nothing():
    pass
'''
WORKERS = [pytest.param([], id="one process"), pytest.param(["-p", "xdist", "-n", "2"], id="two xdist workers")]


def run_suite(tmp_path: Path, workers: list[str], **env: str) -> subprocess.CompletedProcess:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "conftest.py").write_text(ROOT_CONFTEST.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "test_one.py").write_text(SUITE, encoding="utf-8")
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("CI", "FIELDSCHOOL_TEST_DATABASE_URL", "FIELDSCHOOL_TEST_REDIS_URL",
                                "FIELDSCHOOL_XBLOCKS_TEST_DB", "PYTEST_XDIST_WORKER", "PYTEST_ADDOPTS")}
    # only the plugins the rule meets (xdist, named in ``workers``): loading every installed one costs seconds a run
    environment.update(env, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *workers, "test_one.py"],
                          cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("workers", WORKERS)
def test_a_skip_nobody_asked_about_is_counted_in_the_summary(tmp_path, workers):
    if workers:
        pytest.importorskip("xdist")
    result = run_suite(tmp_path, workers)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 1 skipped" in result.stdout
    assert "NOT TESTED: 1 tests skipped because Redis is missing" in result.stdout


@pytest.mark.parametrize("workers", WORKERS)
def test_a_skip_for_a_service_the_run_asked_for_fails(tmp_path, workers):
    if workers:
        pytest.importorskip("xdist")
    result = run_suite(tmp_path, workers, FIELDSCHOOL_TEST_REDIS_URL="redis://127.0.0.1:1/0")
    assert result.returncode == 1, result.stdout
    assert "1 failed, 1 passed" in result.stdout
    assert "Redis was asked for in this run but is missing" in result.stdout
    assert "NOT TESTED" not in result.stdout
