"""Fixtures for the SCORM tests: the courses, the official schemas, exported packages, a local web server that
serves a test LMS (scorm-again from npm) beside the unzipped packages, and pages in headless Chromium."""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from curriculum import load_course
from curriculum.loader import default_course
from scorm_export import export_scorm

HERE = Path(__file__).parent
REPO = HERE.parent.parent
FIXTURE_COURSE = REPO / "tests" / "curriculum" / "fixtures" / "good"
# The official schemas travel with the repository (licence notes in SOURCES.md beside them).
SCHEMAS = REPO / "tests" / "conformance" / "schemas"
NODE_DIR = HERE / "node"
SCORM_AGAIN = NODE_DIR / "node_modules" / "scorm-again" / "dist"
AXE = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def fixture_course():
    return load_course(FIXTURE_COURSE)


@pytest.fixture(scope="session")
def real_course():
    """The shipped curriculum when it has modules (it is being written); None before that."""
    course = default_course()
    return course if course.modules else None


def copy_with_second_module(target: Path) -> Path:
    """The fixture course plus a copy of its module as a second module (``second``), for course packages."""
    shutil.copytree(FIXTURE_COURSE, target)
    second = target / "01-second"
    second.mkdir()
    for path in (target / "00-sample").iterdir():
        if path.suffix == ".md":
            text = re.sub(r"\bsample\b", "second", path.read_text(encoding="utf-8")).replace("order: 0", "order: 1")
            text = text.replace("title: Sample module", "title: Second module")
            (second / path.name).write_text(text, encoding="utf-8")
        else:
            shutil.copy(path, second / path.name)
    return target


def copy_at_the_pass_mark(target: Path) -> Path:
    """The fixture course with q1 worth 2 points and a pass mark of 66.67 %: 4 of 6 points (0.666666…) is a hair
    below it, and rounded to 4 decimals (0.6667) it would reach it."""
    shutil.copytree(FIXTURE_COURSE, target)
    for path in (target / "00-sample").glob("assessment.*.md"):
        text = path.read_text(encoding="utf-8").replace("pass_mark: 60", "pass_mark: 66.67")
        text = text.replace("  - id: q1\n", "  - id: q1\n    points: 2\n", 1)
        path.write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def boundary_course(tmp_path_factory):
    return load_course(copy_at_the_pass_mark(tmp_path_factory.mktemp("courses") / "boundary"))


@pytest.fixture(scope="session")
def two_module_course(tmp_path_factory):
    return load_course(copy_with_second_module(tmp_path_factory.mktemp("courses") / "two"))


@pytest.fixture(scope="session")
def schemas_root() -> Path:
    if not (SCHEMAS / "scorm12").is_dir() or not (SCHEMAS / "scorm2004_4th").is_dir():
        pytest.fail(f"the official SCORM schemas are missing: expected them in {SCHEMAS}")
    return SCHEMAS


@pytest.fixture(scope="session")
def scorm_again() -> Path:
    """scorm-again's browser builds (and axe-core), installed from the npm registry as pinned in package-lock.json."""
    if not (SCORM_AGAIN / "scorm12.js").is_file() or not AXE.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to install scorm-again for the browser tests (run 'make test')")
        subprocess.run([npm, "ci", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund"], check=True)
    return SCORM_AGAIN


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@pytest.fixture(scope="session")
def site(tmp_path_factory, scorm_again, fixture_course, two_module_course, boundary_course):
    """A local web root: /host.html (the test LMS), /scorm-again/, and /pkg/<name>/ for unzipped packages."""
    root = tmp_path_factory.mktemp("site")
    shutil.copy(HERE / "host" / "host.html", root / "host.html")
    shutil.copytree(scorm_again, root / "scorm-again")
    for version in ("1.2", "2004"):
        for lang in ("en", "es"):
            for package in export_scorm(fixture_course, version, "module", "sample", lang):
                target = root / "pkg" / f"{version}-{lang}"
                target.mkdir(parents=True)
                with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
                    archive.extractall(target)
    for version in ("1.2", "2004"):
        for package in export_scorm(two_module_course, version, "course", language="en"):
            with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
                archive.extractall(root / "pkg" / f"{version}-course-en")
        for package in export_scorm(boundary_course, version, "module", "sample", "en"):
            with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
                archive.extractall(root / "pkg" / f"{version}-boundary")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"root": root, "url": f"http://127.0.0.1:{server.server_address[1]}"}
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(chromium):
    """A page in a context of its own in the test process's one Chromium (``chromium``, tests/conftest.py)."""
    page = chromium.new_context().new_page()
    page.set_default_timeout(10000)
    return page


class LMSDriver:
    """Drives the test LMS page: a fresh scorm-again API per launch, the SCO in a frame, the data model out."""

    def __init__(self, page, url: str):
        self.page, self.url = page, url
        self.sco = None

    def launch(self, version: str, lang: str = "en", initial: dict | None = None, down: bool = False,
               package: str = "", module: str = "sample", continue_valid: bool = False):
        self.version = version
        self.page.goto(f"{self.url}/host.html")
        self.page.evaluate("options => setup(options)", {"version": version, "initial": initial, "down": down,
                                                         "continueValid": continue_valid})
        self.page.evaluate("src => launch(src)", f"/pkg/{package or f'{version}-{lang}'}/{module}/index.html")
        self.sco = self.page.frame_locator("#sco")
        self.sco.locator("#fs-status[data-kind]").wait_for()
        return self.sco

    def close_sco(self) -> None:
        """Leave the SCO as a learner does (the frame unloads: pagehide), then wait for LMSFinish/Terminate."""
        element = "cmi.core.session_time" if self.version == "1.2" else "cmi.session_time"
        self.page.evaluate("launch('about:blank')")
        self.page.wait_for_function("name => sent(name) !== null", arg=element)

    def cmi(self) -> dict:
        return self.page.evaluate("cmi()")

    def sent(self, name: str):
        return self.page.evaluate("name => sent(name)", name)

    def sco_eval(self, script: str, arg=None):
        frame = self.page.frame(name="sco")
        return frame.evaluate(script, arg)


@pytest.fixture
def lms(page, site):
    return LMSDriver(page, site["url"])
