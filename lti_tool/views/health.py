"""Probes for load balancers and orchestrators: ``/healthz`` (the process answers) and ``/readyz`` (it can serve:
database, Redis, signing key, migrations). JSON, no session, no launch needed."""

from __future__ import annotations

from flask import Blueprint, jsonify

from ..ops.health import readiness

bp = Blueprint("health", __name__)


def _uncached(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz():
    return _uncached(jsonify(status="ok"))


@bp.get("/readyz")
def readyz():
    ready, checks = readiness()
    failing = [name for name, result in checks.items() if result != "ok"]
    body = {"status": "ready" if ready else "not ready", "checks": checks}
    if failing:
        body["failing"] = failing
    return _uncached(jsonify(body)), 200 if ready else 503
