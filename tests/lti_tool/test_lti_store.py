"""The shared store (launch data, OIDC state, nonces): single-use nonces, expiry, and launches that start on one
worker and finish on another when the store is Redis."""

from __future__ import annotations

import os
import time
import uuid

import pytest
import requests

from lti_tool.kvstore import MemoryStore, RedisStore
from tests import suite_workers

REDIS = suite_workers.per_worker_redis(os.environ.get("FIELDSCHOOL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"))


def _redis_or_skip() -> RedisStore:
    store = RedisStore(REDIS, f"fieldschool-test:{uuid.uuid4().hex}:")
    try:
        store.get("ping")
    except Exception as exc:  # pragma: no cover - only without a Redis server
        pytest.skip(f"no Redis at {REDIS}: {exc}")
    return store


@pytest.fixture(params=["memory", "redis"])
def store(request):
    return MemoryStore() if request.param == "memory" else _redis_or_skip()


def test_add_is_single_use(store):
    assert store.add("nonce:a", 1, ttl=60) is True
    assert store.add("nonce:a", 1, ttl=60) is False
    assert store.get("nonce:a") == 1


def test_values_expire(store):
    store.set("launch:x", {"sub": "u"}, ttl=1)
    assert store.get("launch:x") == {"sub": "u"}
    time.sleep(1.2)
    assert store.get("launch:x") is None
    assert store.add("launch:x", 2, ttl=60) is True


def test_add_all_adds_every_key_or_none(store):
    """What consuming a launch's state and nonce rests on: one atomic step, all or nothing, while the issued nonce
    is there."""
    store.set("issued:n", True, ttl=60)
    assert store.add_all([("used:s", 1, 60), ("used:n", 1, 60)], delete=["pending:s"], require=["issued:n"]) is None
    assert store.get("used:s") == 1 and store.get("used:n") == 1
    # a replay: the first key already there stops it, and nothing changes
    assert store.add_all([("used:s2", 1, 60), ("used:n", 1, 60)], require=["issued:n"]) == "used:n"
    assert store.get("used:s2") is None
    # a nonce never issued: nothing is added
    assert store.add_all([("used:s3", 1, 60)], require=["issued:other"]) == "issued:other"
    assert store.get("used:s3") is None
    store.set("pending:x", {"nonce": "n"}, ttl=60)
    assert store.add_all([("used:x", 1, 60)], delete=["pending:x"]) is None
    assert store.get("pending:x") is None


def test_launch_begun_on_one_worker_finishes_on_another_and_cannot_be_replayed(tmp_path):
    """Two tool processes behind one URL share Redis: login on A, launch on B, replay on A refused."""
    from lti_live import LiveServer, LtiWorld, make_app

    _redis_or_skip()
    prefix = f"fieldschool-test:{uuid.uuid4().hex}:"
    world = LtiWorld(tmp_path / "a", REDIS_URL=REDIS, REDIS_PREFIX=prefix)
    worker_b = LiveServer()
    app_b = make_app(tmp_path / "b", reset=False, BASE_URL=world.app.config["BASE_URL"], REDIS_URL=REDIS,
                     REDIS_PREFIX=prefix, DATABASE_URL=world.app.config["SQLALCHEMY_DATABASE_URI"],
                     SECRET_KEY="test-secret")
    worker_b.start(app_b)
    try:
        captured = world.launch(custom={"fieldschool_item": "sample.case"},
                                stop_before=world.tool_url("/lti/launch"))
        on_b = world.browser.http.post(worker_b.url + "/lti/launch", data=captured.form.fields,
                                       allow_redirects=False)
        assert on_b.status_code == 303, on_b.text
        replay_on_a = requests.post(world.tool_url("/lti/launch"), data=captured.form.fields)
        assert replay_on_a.status_code == 409
    finally:
        worker_b.stop()
        world.stop()
