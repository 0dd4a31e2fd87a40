"""``/metrics`` in Prometheus' text format: 404 unless ``FIELDSCHOOL_METRICS`` is on; with
``FIELDSCHOOL_METRICS_TOKEN`` set, only for ``Authorization: Bearer <token>``."""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, abort, current_app, request

from ..ops.metrics import render

bp = Blueprint("metrics", __name__)


@bp.get("/metrics")
def scrape():
    if not current_app.config.get("METRICS"):
        abort(404)
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), str(token).encode()):
            return Response("A bearer token is required.\n", 401, {"WWW-Authenticate": 'Bearer realm="metrics"'},
                            mimetype="text/plain")
    body, content_type = render()
    return Response(body, 200, {"Cache-Control": "no-store"}, content_type=content_type)
