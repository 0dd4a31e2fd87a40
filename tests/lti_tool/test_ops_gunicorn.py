"""The repository's gunicorn configuration, for real: ``/readyz`` answers through it, and ``/metrics`` from two
workers sums what both recorded after a short load (health probes, plus demo launches when Redis is there to share
launch state between the workers)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from flask_migrate import stamp
from lti_live import DATABASE_URL, FIXTURE_COURSE, REDIS_URL, Browser, make_app
from prometheus_client.parser import text_string_to_metric_families

from lti_tool.extensions import db
from lti_tool.lti.keys import ensure_key

ROOT = Path(__file__).parents[2]
CONF = ROOT / "deploy" / "gunicorn.conf.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn -c deploy/gunicorn.conf.py on 127.0.0.1, on a database prepared as ``fieldschool db upgrade`` would."""

    def __init__(self, tmp_path: Path, workers: int, **settings: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        database = DATABASE_URL or f"sqlite:///{tmp_path}/tool.db"
        app = make_app(tmp_path, DATABASE_URL=database)
        with app.app_context():
            stamp(directory=app.extensions["migrate"].directory)
            ensure_key()
            db.session.remove()
            db.engine.dispose()
        self.metrics_dir = tmp_path / "prometheus"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FIELDSCHOOL_", "PROMETHEUS_"))}
        env.update({"FIELDSCHOOL_INSTANCE_PATH": str(tmp_path / "instance"), "FIELDSCHOOL_DATABASE_URL": database,
                    "FIELDSCHOOL_SECRET_KEY": "test-secret", "FIELDSCHOOL_BASE_URL": self.url,
                    "FIELDSCHOOL_CURRICULUM_PATH": str(FIXTURE_COURSE), "FIELDSCHOOL_LTI_COOKIE_CHECK": "false",
                    "PROMETHEUS_MULTIPROC_DIR": str(self.metrics_dir), **settings})
        if REDIS_URL:
            env.update(FIELDSCHOOL_REDIS_URL=REDIS_URL, FIELDSCHOOL_REDIS_PREFIX=f"fs-gunicorn-{self.port}:")
        self.log = (tmp_path / "gunicorn.log").open("w+")
        self.proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(CONF), "--bind",
                                      f"127.0.0.1:{self.port}", "--workers", str(workers)],
                                     cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_ready(self) -> requests.Response:
        for _ in range(150):
            if self.proc.poll() is not None:
                break
            try:
                return requests.get(self.url + "/readyz", timeout=5)
            except requests.ConnectionError:
                time.sleep(0.2)
        self.log.seek(0)
        raise AssertionError("gunicorn did not start:\n" + self.log.read()[-3000:])

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture
def gunicorn(tmp_path):
    servers = []

    def start(workers: int = 1, **settings) -> Gunicorn:
        server = Gunicorn(tmp_path, workers, **settings)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def test_gunicorn_with_the_shipped_configuration_is_ready(gunicorn):
    server = gunicorn(workers=1)
    response = server.wait_ready()
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "ready"
    assert "Set-Cookie" not in response.headers and response.headers["X-Request-ID"]


def scrape(url: str) -> dict[tuple[str, tuple], float]:
    text = requests.get(url + "/metrics", timeout=10).text
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def total(samples: dict, name: str, **labels) -> float:
    return sum(v for (n, lab), v in samples.items() if n == name and set(labels.items()) <= set(lab))


def demo_launch(server: Gunicorn, n: int) -> requests.Response:
    browser = Browser()
    start = (f"{server.url}/demo/platform/start/fieldschool-demo?role=Learner&user=load-{n}&item=sample.case"
             f"&link=demo-load&title=Load&locale=en")
    return browser.get(start)


def test_metrics_from_two_workers_sum_what_each_recorded(gunicorn):
    server = gunicorn(workers=2, FIELDSCHOOL_METRICS="true", FIELDSCHOOL_DEMO_MODE="true")
    assert server.wait_ready().status_code == 200
    before = scrape(server.url)
    probes = 40
    with ThreadPoolExecutor(8) as pool:  # a fresh connection per request, so both workers take some
        answers = list(pool.map(lambda _: requests.get(server.url + "/healthz", timeout=10).status_code,
                                range(probes)))
    assert answers == [200] * probes
    launches = 3 if REDIS_URL else 0  # without a shared store, a launch's steps must stay in one worker
    for n in range(launches):
        page = demo_launch(server, n)
        assert page.status_code == 200 and "/lti/activity/" in page.url, page.text[:300]
    after = scrape(server.url)

    def delta(name, **labels):
        return total(after, name, **labels) - total(before, name, **labels)

    assert delta("fieldschool_request_duration_seconds_count", route_group="health") == probes
    assert delta("fieldschool_launches_total", outcome="ok") == launches
    pids = {re.search(r"_(\d+)\.db$", f.name).group(1) for f in server.metrics_dir.glob("histogram_*.db")}
    assert len(pids) == 2, pids  # both workers recorded requests, and the scrape summed them
    heartbeats = [v for (n, _), v in after.items() if n == "fieldschool_grade_drainer_heartbeat_timestamp_seconds"]
    assert len(heartbeats) == 2 and all(beat > 0 for beat in heartbeats)  # one drainer per worker, none in the master
    assert ("fieldschool_grade_drainer_heartbeat_age_seconds", ()) in after
    assert total(after, "fieldschool_grade_outbox_depth", state="pending") == 0
