"""`fieldschool serve` on a laptop: creates the database and keys, prints the admin URLs, serves the demo course."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests


def test_serve_creates_everything_and_prints_the_urls(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = Path(sys.executable).with_name("fieldschool")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIELDSCHOOL_")}
    env["FIELDSCHOOL_INSTANCE_PATH"] = str(tmp_path / "instance")
    proc = subprocess.Popen([str(command), "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                jwks = requests.get(base + "/lti/jwks.json", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            raise AssertionError("the server did not start")
        assert jwks.json()["keys"][0]["kid"]
        assert requests.get(base + "/demo/").status_code == 200
        assert (tmp_path / "instance" / "fieldschool.db").exists()
        assert oct((tmp_path / "instance" / "secret_key").stat().st_mode)[-3:] == "600"
    finally:
        proc.terminate()
        output = proc.communicate(timeout=10)[0]
    for path in ("/lti/register", "/lti/login", "/lti/launch", "/lti/jwks.json", "/lti/canvas.json", "/demo/"):
        assert base + path in output
