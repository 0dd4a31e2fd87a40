"""Request ids and the log: every request gets an id (a proxy's sane ``X-Request-ID`` or a new one), returned in
the ``X-Request-ID`` header, shown on error pages and added to every log record made while serving it.

With ``FIELDSCHOOL_LOG_FORMAT=json`` the log is one JSON object per line: time, level, logger, message, and for
records made during a request its id, platform id, route (the endpoint name, never the raw path), method, status
and duration. Nothing personal goes in beyond opaque ids; one line per request comes from ``lti_tool.request``
(health probes at DEBUG).
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
REQUEST_FIELDS = ("request_id", "platform_id", "route", "method", "status", "duration_ms")
log = logging.getLogger("lti_tool.request")


def request_id_from(incoming: str | None) -> str:
    """The proxy's id when it is short and plain (letters, digits, ``._:-``), else a new random one."""
    if incoming and _SANE_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def route_name() -> str:
    """The endpoint serving this request (a bounded set of names), or ``unmatched``."""
    return request.endpoint or "unmatched"


class RequestContextFilter(logging.Filter):
    """Adds the current request's id, platform and route to records made while serving it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            for name, value in (("request_id", g.get("request_id")), ("platform_id", g.get("platform_id")),
                                ("route", route_name()), ("method", request.method)):
                if not hasattr(record, name):
                    setattr(record, name, value)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace(
                "+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in REQUEST_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(app: Flask) -> None:
    """JSON lines on stderr for the whole process when ``LOG_FORMAT`` is ``json`` (replacing an earlier app's)."""
    if str(app.config.get("LOG_FORMAT", "text")).lower() != "json":
        return
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "fieldschool_json", False)]:
        root.removeHandler(handler)
    handler = logging.StreamHandler()
    handler.fieldschool_json = True  # type: ignore[attr-defined]
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    root.addHandler(handler)
    root.setLevel(str(app.config.get("LOG_LEVEL") or "INFO").upper())


def install(app: Flask) -> None:
    """Give each request its id and timing; answer with the id; log one line per request; feed the metrics."""
    from . import metrics

    configure_logging(app)
    metrics_on = bool(app.config.get("METRICS"))

    @app.before_request
    def _start() -> None:
        g.request_id = request_id_from(request.headers.get(HEADER))
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response):
        request_id = g.get("request_id") or request_id_from(None)
        response.headers[HEADER] = request_id
        started = g.get("request_started")
        seconds = time.perf_counter() - started if started is not None else 0.0
        if metrics_on:
            metrics.observe_request(request.blueprint, request.endpoint, seconds)
        # Probes come every few seconds: their lines are DEBUG, so INFO shows the traffic that matters.
        level = logging.DEBUG if request.blueprint == "health" else logging.INFO
        log.log(level, "%s %s %s", request.method, route_name(), response.status_code,
                extra={"status": response.status_code, "duration_ms": round(seconds * 1000, 1)})
        return response

    @app.context_processor
    def _request_id() -> dict:
        return {"request_id": g.get("request_id")}
