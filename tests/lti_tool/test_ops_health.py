"""/healthz and /readyz: cheap, sessionless probes; readiness names the part that fails."""

from __future__ import annotations

from flask_migrate import stamp
from lti_live import make_app

from lti_tool.lti.keys import ensure_key


def make_ready(app) -> None:
    """What ``fieldschool db upgrade`` and the first start leave behind: migrations recorded, a signing key."""
    with app.app_context():
        stamp(directory=app.extensions["migrate"].directory)
        ensure_key()


def test_healthz_answers_without_a_session_or_launch(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_once_migrated_and_keyed(app, client):
    make_ready(app)
    response = client.get("/readyz")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["checks"] == {"database": "ok", "redis": "ok", "signing_key": "ok",
                                             "migrations": "ok"}
    assert "Set-Cookie" not in response.headers


def test_readyz_names_missing_migrations_and_key(client):
    response = client.get("/readyz")
    body = response.get_json()
    assert response.status_code == 503
    assert body["failing"] == ["signing_key", "migrations"]
    assert "fieldschool db upgrade" in body["checks"]["migrations"]


def test_readyz_names_a_signing_key_that_no_longer_opens(app, tmp_path):
    make_ready(app)
    moved = make_app(tmp_path, reset=False, SECRET_KEY="another-secret")  # same database, secret changed
    body = moved.test_client().get("/readyz").get_json()
    assert body["failing"] == ["signing_key"]


def test_readyz_names_redis_when_it_does_not_answer(app, tmp_path):
    make_ready(app)
    broken = make_app(tmp_path, reset=False, REDIS_URL="redis://127.0.0.1:1/0")
    response = broken.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["failing"] == ["redis"]
    assert response.get_json()["checks"]["redis"].startswith("unavailable")


def test_readyz_names_the_database_and_skips_what_depends_on_it(tmp_path):
    app = make_app(tmp_path, reset=False, DATABASE_URL=f"sqlite:///{tmp_path}/missing-dir/none.db")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    checks = response.get_json()["checks"]
    assert checks["database"].startswith("unavailable")
    assert checks["signing_key"] == checks["migrations"] == "skipped"
