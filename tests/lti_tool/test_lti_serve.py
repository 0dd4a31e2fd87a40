"""`fieldschool serve` on a laptop: creates the database and keys, prints the admin URLs, serves the demo course."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).parents[2]
# `fieldschool serve` as on a laptop: no FIELDSCHOOL_* settings reach it, so it makes its own SQLite database in its
# instance folder whatever the pass's database is (the same test on the same database: it runs in the main pass).
pytestmark = pytest.mark.database("sqlite")


def _serve(tmp_path, *args: str, env_extra: dict | None = None):
    """Run ``fieldschool serve`` (this checkout's code) until it answers; yields (base URL, process)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIELDSCHOOL_")}
    env["FIELDSCHOOL_INSTANCE_PATH"] = str(tmp_path / "instance")
    env.update(env_extra or {})
    # the console script, from this checkout (cwd first on sys.path), as `fieldschool serve …`
    proc = subprocess.Popen([sys.executable, "-c", "from curriculum.cli import main; main()", "serve", "--port",
                             str(port), *args], env=env,
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            requests.get(base + "/lti/jwks.json", timeout=1)
            break
        except requests.RequestException:
            time.sleep(0.2)
    else:
        proc.terminate()
        raise AssertionError("the server did not start: " + proc.communicate(timeout=10)[0])
    return base, proc


def _stop(proc) -> str:
    proc.terminate()
    return proc.communicate(timeout=10)[0]


def test_serve_with_demo_creates_everything_and_prints_the_urls(tmp_path):
    base, proc = _serve(tmp_path, "--demo")  # as `make run` starts it
    try:
        jwks = requests.get(base + "/lti/jwks.json", timeout=5)
        assert jwks.json()["keys"][0]["kid"]
        assert requests.get(base + "/demo/").status_code == 200
        assert (tmp_path / "instance" / "fieldschool.db").exists()
        assert oct((tmp_path / "instance" / "secret_key").stat().st_mode)[-3:] == "600"
    finally:
        output = _stop(proc)
    for path in ("/lti/register", "/lti/login", "/lti/launch", "/lti/jwks.json", "/lti/canvas.json", "/demo/"):
        assert base + path in output
    assert "Demo mode: ON" in output


def test_serve_without_the_flag_keeps_demo_mode_off_as_the_readme_says_and_says_so(tmp_path):
    base, proc = _serve(tmp_path)
    try:
        assert requests.get(base + "/demo/").status_code == 404
    finally:
        output = _stop(proc)
    assert "Demo mode: off" in output and "--demo or FIELDSCHOOL_DEMO_MODE=true" in output
    assert base + "/demo/" not in output


def test_serve_follows_fieldschool_demo_mode(tmp_path):
    base, proc = _serve(tmp_path, env_extra={"FIELDSCHOOL_DEMO_MODE": "true"})
    try:
        assert requests.get(base + "/demo/").status_code == 200
    finally:
        output = _stop(proc)
    assert "Demo mode: ON" in output
