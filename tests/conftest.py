"""Suite-wide rule for tests that need something from the machine (Chromium, PostgreSQL, Redis, npm packages).

Locally such a test may skip when its service is missing, and the run then ends with a loud summary of what was not
tested. Where the service was asked for — on CI (``CI=true``), or when the pass names it
(``FIELDSCHOOL_TEST_DATABASE_URL``, ``FIELDSCHOOL_TEST_REDIS_URL``, ``FIELDSCHOOL_XBLOCKS_TEST_DB``) — the skip
becomes a failure, so a missing service can never pass for a green run."""

from __future__ import annotations

import os
import re

import pytest

# What a skip reason says when a test was skipped for want of a service, and which setting asks for that service.
SERVICES = {
    "Chromium": (re.compile(r"chromium|playwright|axe", re.I), ()),
    "PostgreSQL": (re.compile(r"postgres", re.I), ("FIELDSCHOOL_TEST_DATABASE_URL", "FIELDSCHOOL_XBLOCKS_TEST_DB")),
    "Redis": (re.compile(r"redis", re.I), ("FIELDSCHOOL_TEST_REDIS_URL",)),
    "MariaDB": (re.compile(r"mariadb|mysql", re.I), ("FIELDSCHOOL_XBLOCKS_TEST_DB",)),
    "npm packages": (re.compile(r"\bnpm\b|scorm-again", re.I), ()),
}

_missing: dict[str, list[str]] = {}


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _service_of(reason: str) -> str | None:
    for service, (pattern, _settings) in SERVICES.items():
        if pattern.search(reason):
            return service
    return None


def _asked_for(service: str) -> bool:
    settings = SERVICES[service][1]
    return on_ci() or any(os.environ.get(name) for name in settings)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or not isinstance(report.longrepr, tuple):
        return
    reason = str(report.longrepr[2])
    service = _service_of(reason)
    if service is None:
        return
    if _asked_for(service):
        report.outcome = "failed"
        report.longrepr = f"{service} was asked for in this run but is missing: {reason}"
    else:
        _missing.setdefault(service, []).append(item.nodeid)


def pytest_terminal_summary(terminalreporter):
    for service, nodeids in sorted(_missing.items()):
        terminalreporter.write_sep("!", f"NOT TESTED: {len(nodeids)} tests skipped because {service} is missing",
                                   red=True, bold=True)
