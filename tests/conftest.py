"""Suite-wide rule for tests that need something from the machine (Chromium, PostgreSQL, Redis, npm packages).

Locally such a test may skip when its service is missing, and the run then ends with a loud summary of what was not
tested. Where the service was asked for — on CI (``CI=true``), or when the pass names it
(``FIELDSCHOOL_TEST_DATABASE_URL``, ``FIELDSCHOOL_TEST_REDIS_URL``, ``FIELDSCHOOL_XBLOCKS_TEST_DB``) — the skip
becomes a failure, so a missing service can never pass for a green run. The rule holds under pytest-xdist too: the
skip turns into a failure in the worker that ran the test, and the summary is counted where the reports arrive.

Also here, the one headless Chromium each test process shares (``chromium``; every test opens its own contexts in
it) and the one Chromium profile that allows third-party cookies (``cookie_friendly_context``, emptied before each
test). What keeps the databases of xdist workers apart is in ``tests.suite_workers``."""

from __future__ import annotations

import json
import os
import re

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

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


def pass_database() -> str:
    """The kind of database this pass gives the LTI tool's tests: "postgresql" in the pass that names one, else
    "sqlite"."""
    return "postgresql" if os.environ.get("FIELDSCHOOL_TEST_DATABASE_URL", "").startswith("postgres") else "sqlite"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "database(kind): the test makes its own database of this kind ('sqlite' or 'postgresql') "
        "whatever the pass's, so it runs in one pass only: the one on that kind of database (the main pass for "
        "SQLite; the pass on PostgreSQL + Redis for PostgreSQL, where it also meets Redis). Elsewhere it is "
        "deselected.")


# The files that take longest (measured on the 2-core machines), longest first: under pytest-xdist, which hands out
# whole files in collection order, they start first, so a pass does not end with one worker still busy on one of
# them while the others sit idle. A scheduling hint only: every file runs wherever it stands.
LONGEST_FIRST = (
    "print_export/test_print_pdfs.py", "scorm_export/test_accessibility.py", "parity/test_peer_parity.py",
    "lti_tool/test_library_cycle_browser.py", "lti_tool/test_lti_peer_flow.py",
    "scorm_export/test_runtime_second_visit.py", "scorm_export/test_export_bytes.py", "lti_tool/test_lti_serve.py",
    "lti_tool/test_lti_organisations_browser.py", "lti_tool/test_lti_activity_browser.py",
    "lti_tool/test_lti_peer_browser.py", "print_export/test_print_cli.py",
    "lti_tool/test_lti_grade_outbox_concurrency.py", "scorm_export/test_offline_grading.py",
    "scorm_export/test_self_assessment_sco.py", "curriculum/test_validate_fuzz.py",
)


def _start_rank(item) -> int:
    path = item.nodeid.split("::", 1)[0].removeprefix("tests/")
    return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)


def pytest_collection_modifyitems(config, items):
    """Deselect the tests pinned to another kind of database than the pass's (see the ``database`` marker): the same
    test on the same database would only run twice. Then put the longest files first (``LONGEST_FIRST``)."""
    kind = pass_database()
    elsewhere = [item for item in items if (marker := item.get_closest_marker("database")) and marker.args[0] != kind]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = [item for item in items if item not in elsewhere]
    items.sort(key=_start_rank)  # stable: the order within a file, and of the other files, is kept


def pytest_runtest_logreport(report):
    """Count the skips for want of a service where the reports arrive (the controller, under xdist)."""
    if not report.skipped or not isinstance(report.longrepr, tuple | list) or len(report.longrepr) != 3:
        return
    service = _service_of(str(report.longrepr[2]))
    if service is not None:
        _missing.setdefault(service, []).append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    for service, nodeids in sorted(_missing.items()):
        terminalreporter.write_sep("!", f"NOT TESTED: {len(nodeids)} tests skipped because {service} is missing",
                                   red=True, bold=True)


@pytest.fixture(scope="session")
def playwright_session():
    """Playwright, started once per test process (its sync API allows one per thread)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def _chromium(playwright_session):
    browser = playwright_session.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def chromium(_chromium):
    """One headless Chromium per test process; each test opens its own contexts (its own cookies) in it, and the
    contexts a test opened are closed after it. A context of a launched browser blocks third-party cookies, as
    Chromium's default profile does."""
    before = set(_chromium.contexts)
    yield _chromium
    for context in _chromium.contexts:
        if context not in before:
            context.close()


@pytest.fixture(scope="session")
def _cookie_friendly_chromium(playwright_session, tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    (profile / "Default").mkdir(parents=True)
    (profile / "Default" / "Preferences").write_text(json.dumps(
        {"profile": {"cookie_controls_mode": 0, "block_third_party_cookies": False}}))
    context = playwright_session.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
        viewport={"width": 800, "height": 900})
    yield context
    context.close()


@pytest.fixture
def cookie_friendly_context(_cookie_friendly_chromium):
    """The context of a Chromium profile that allows third-party cookies (as most LMS users' browsers still do),
    shared by the tests of this process: no cookie, route or open page is left from an earlier test."""
    context = _cookie_friendly_chromium
    context.clear_cookies()
    yield context
    for page in list(context.pages):
        page.close()
    context.unroute_all(behavior="ignoreErrors")
    context.clear_cookies()
