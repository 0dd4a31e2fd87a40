"""The floor for ``lti_launch.py``: a bare pylti1p3 Flask launch handler (pylti1p3's own Flask example reduced to
login + launch), with its launch data in the same Redis. No database, no provisioning, no page rendering.

Configured by environment: BARE_ISSUER, BARE_CLIENT_ID, BARE_DEPLOYMENT_ID, BARE_AUTH_URL, BARE_KEY_SET (JSON),
BARE_REDIS_URL, BARE_BASE_URL. Run with ``gunicorn 'benchmarks.bare_pylti1p3_app:create_app()'``.
"""

from __future__ import annotations

import json
import os

import redis
from flask import Flask
from pylti1p3.contrib.flask import FlaskCacheDataStorage, FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
from pylti1p3.tool_config import ToolConfDict


class RedisCache:
    """The get/set interface pylti1p3's cache storage expects, over Redis."""

    def __init__(self, url: str, prefix: str) -> None:
        self._redis = redis.Redis.from_url(url)
        self._prefix = prefix

    def get(self, key):
        value = self._redis.get(self._prefix + key)
        return None if value is None else json.loads(value)

    def set(self, key, value, exp=None):
        self._redis.set(self._prefix + key, json.dumps(value), ex=exp or None)


def create_app() -> Flask:
    app = Flask(__name__)
    app.secret_key = "bench"
    base = os.environ["BARE_BASE_URL"]
    conf = ToolConfDict({os.environ["BARE_ISSUER"]: [{
        "default": True, "client_id": os.environ["BARE_CLIENT_ID"], "auth_login_url": os.environ["BARE_AUTH_URL"],
        "auth_token_url": os.environ["BARE_AUTH_URL"], "key_set_url": None,
        "key_set": json.loads(os.environ["BARE_KEY_SET"]), "deployment_ids": [os.environ["BARE_DEPLOYMENT_ID"]],
    }]})
    cache = RedisCache(os.environ["BARE_REDIS_URL"], "fieldschool-bench-bare:")

    @app.route("/lti/login", methods=["GET", "POST"])
    def login():
        request = FlaskRequest()
        oidc = FlaskOIDCLogin(request, conf, launch_data_storage=FlaskCacheDataStorage(cache))
        return oidc.redirect(base + "/lti/launch")

    @app.post("/lti/launch")
    def launch():
        request = FlaskRequest()
        message_launch = FlaskMessageLaunch(request, conf, launch_data_storage=FlaskCacheDataStorage(cache))
        data = message_launch.get_launch_data()
        return f"<!doctype html><title>ok</title><p>Hello {data['sub']}</p>"

    return app
