"""The grade outbox with several drainers at once (threads and processes, on SQLite and PostgreSQL), across a restart
of the tool and a drainer that died holding claims, and the server's own background drainer: every score is
delivered exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid

import pytest
from lti_grade_helpers import (
    bring_platform_back,
    line_item,
    make_flaky,
    received_scores,
    seed,
    serve_again,
    take_platform_down,
)
from lti_live import LtiWorld
from sqlalchemy import create_engine, select, text

from lti_tool import create_app
from lti_tool.extensions import db
from lti_tool.grades import drainer, outbox
from lti_tool.grades.models import DELIVERED, SENDING, GradeOutbox
from tests import suite_workers

# One database per checkout, pass and xdist worker, so nothing else ever shares it.
PG_URL = suite_workers.own_postgres_url("lti5")


def _postgres_url() -> str | None:
    """Our own PostgreSQL database (created when missing), emptied; None when PostgreSQL is not running."""
    if not suite_workers.ensure_postgres_database(PG_URL):
        return None
    url = PG_URL
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=[pytest.param(kind, marks=pytest.mark.database(kind)) for kind in ("sqlite", "postgresql")])
def any_db_world(request, tmp_path):
    config = {"DATABASE_URL": f"sqlite:///{tmp_path}/tool.db"}
    if request.param == "postgresql":
        url = _postgres_url()
        if url is None:
            pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
        config["DATABASE_URL"] = url
    w = LtiWorld(tmp_path, **config)
    assert w.app.config["SQLALCHEMY_DATABASE_URI"].startswith(request.param)
    yield w
    w.stop()


def enqueue(world, link_id, user_ids):
    with world.app.app_context():
        for uid in user_ids:
            outbox.enqueue_score(link_id, uid, 3.0, 4.0, "Completed", "FullyGraded")
        db.session.remove()


def test_two_drainer_threads_deliver_every_score_exactly_once(any_db_world):
    world = any_db_world
    flaky = make_flaky(world)
    flaky.delay = 0.02
    link_id, users = seed(world, line_item(world), 60)
    enqueue(world, link_id, users)
    delivered = {"a": 0, "b": 0}
    go = threading.Barrier(2)

    def run(name):
        go.wait()
        with world.app.app_context():
            while True:
                report = outbox.drain(limit=5, worker=name)
                delivered[name] += report.delivered
                if report.claimed == 0:
                    break
            db.session.remove()

    threads = [threading.Thread(target=run, args=(n,)) for n in delivered]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    counts = received_scores(world)
    assert len(counts) == 60 and set(counts.values()) == {1}
    assert sum(delivered.values()) == 60 and min(delivered.values()) > 0  # both took part
    with world.app.app_context():
        assert set(db.session.scalars(select(GradeOutbox.state))) == {DELIVERED}


def _tool_env(world, tmp_path) -> dict:
    env = dict(os.environ)
    env.update({"FIELDSCHOOL_DATABASE_URL": world.app.config["DATABASE_URL"],
                "FIELDSCHOOL_SECRET_KEY": world.app.config["SECRET_KEY"],
                "FIELDSCHOOL_INSTANCE_PATH": str(tmp_path / "cli-instance"),
                "FIELDSCHOOL_GRADE_BATCH": "4"})
    env.pop("FIELDSCHOOL_REDIS_URL", None)
    return env


def test_two_drainer_processes_deliver_every_score_exactly_once(any_db_world, tmp_path):
    world = any_db_world
    flaky = make_flaky(world)
    flaky.delay = 0.01
    link_id, users = seed(world, line_item(world), 40)
    enqueue(world, link_id, users)
    command = [sys.executable, "-c", "from curriculum.cli import main; main()", "grades", "flush"]
    processes = [subprocess.Popen(command, env=_tool_env(world, tmp_path), stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120)[0] for p in processes]
    assert all(p.returncode == 0 for p in processes), outputs
    counts = received_scores(world)
    assert len(counts) == 40 and set(counts.values()) == {1}
    delivered = [int(out.split("Delivered ", 1)[1].split(",", 1)[0]) for out in outputs]
    assert sum(delivered) == 40, outputs


def test_scores_survive_a_restart_of_the_tool_and_a_drainer_that_died_holding_them(world, tmp_path):
    link_id, users = seed(world, line_item(world), 10)
    take_platform_down(world)
    enqueue(world, link_id, users)
    with world.app.app_context():
        assert outbox.drain(limit=4).retrying == 4  # four tried and waiting out their back-off
        world.app.config["GRADE_CLAIM_SECONDS"] = 1
        held = outbox._claim(3, "drainer-that-dies")  # claimed, then the process is killed before posting
        assert len(held) == 3
        db.session.remove()
    settings = {key: world.app.config[key] for key in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "REDIS_PREFIX",
                                                        "BASE_URL", "CURRICULUM_PATH")}
    world.tool_server.stop()
    with world.app.app_context():
        db.engine.dispose()
    restarted = create_app({**settings, "TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance-2"),
                            "GRADE_CLAIM_SECONDS": 1})
    serve_again(world.tool_server, restarted)  # the platform checks the tool's signed token against its JWKS
    bring_platform_back(world)
    time.sleep(1.2)  # the dead drainer's lease runs out
    with restarted.app_context():
        assert db.session.scalar(select(db.func.count()).where(GradeOutbox.state == SENDING)) == 3
        report = outbox.flush(include_waiting=True)
        assert report.delivered == 10
        assert set(db.session.scalars(select(GradeOutbox.state))) == {DELIVERED}
        db.session.remove()
        db.engine.dispose()
    counts = received_scores(world)
    assert len(counts) == 10 and set(counts.values()) == {1}


def test_the_server_drains_in_the_background(tmp_path):
    world = LtiWorld(tmp_path, GRADE_DRAINER=True, GRADE_POLL_SECONDS=30)
    try:
        from lti_activity_helpers import launch
        from lti_live import Browser

        lineitem = line_item(world)
        browser = Browser()
        page = launch(world, "sample.case", user=f"u-{uuid.uuid4().hex[:6]}", lineitem=lineitem, browser=browser)
        browser.submit(page, {"answer-context-1": "a", "answer-lessons-1": "b"}, form_index=0)  # completes
        deadline = time.monotonic() + 10
        while not world.platform.scores and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(world.platform.scores) == 1  # woken by the enqueue, long before the 30 s poll
        assert any(t.name == "grade-drainer" for t in threading.enumerate())
    finally:
        drainer.stop_all()
        world.stop()
