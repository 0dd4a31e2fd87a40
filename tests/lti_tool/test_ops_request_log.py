"""Request ids (answered in X-Request-ID, shown on error pages) and JSON log lines without personal data."""

from __future__ import annotations

import json
import logging

import pytest

from lti_tool.ops import request_log


@pytest.fixture
def json_log(capsys):
    """Configure the JSON log for an app now (so it writes to the captured stderr); removed afterwards."""
    apps = []

    def configure(app):
        app.config["LOG_FORMAT"] = "json"
        request_log.configure_logging(app)
        apps.append(app)
        capsys.readouterr()
        return lambda: [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]

    yield configure
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "fieldschool_json", False)]:
        root.removeHandler(handler)


def test_every_response_carries_a_request_id_and_a_sane_incoming_one_is_kept(client):
    generated = client.get("/healthz").headers["X-Request-ID"]
    assert len(generated) == 32 and generated != client.get("/healthz").headers["X-Request-ID"]
    assert client.get("/healthz", headers={"X-Request-ID": "lb-7f3a:42"}).headers["X-Request-ID"] == "lb-7f3a:42"
    for insane in ("<script>alert(1)</script>", "x" * 300, "a b"):
        kept = client.get("/healthz", headers={"X-Request-ID": insane}).headers["X-Request-ID"]
        assert kept != insane and len(kept) == 32


def test_error_pages_show_the_request_id(app, client):
    def broken():
        raise RuntimeError("a bug")

    app.add_url_rule("/broken", view_func=broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    page = client.get("/no/such/page", headers={"X-Request-ID": "support-1234"})
    assert page.status_code == 404 and "support-1234" in page.get_data(as_text=True)
    page = client.get("/broken", headers={"X-Request-ID": "support-5678"})
    assert page.status_code == 500 and page.headers["X-Request-ID"] == "support-5678"
    text = page.get_data(as_text=True)
    assert "support-5678" in text and "Traceback" not in text and "a bug" not in text


def test_json_log_has_one_object_per_line_with_request_fields_and_no_personal_data(world, json_log):
    read = json_log(world.app)
    page = world.launch(custom={"fieldschool_item": "sample.case"}, user="learner-77",
                        person={"name": "Ana Pérez", "email": "ana@example.org"})
    assert page.status_code == 200
    world.browser.http.get(world.tool_url("/lti/launch"))  # GET on a POST-only URL: a 405 line
    entries = read()
    requests_logged = [e for e in entries if e["logger"] == "lti_tool.request"]
    assert requests_logged, entries
    for entry in requests_logged:
        assert {"time", "level", "logger", "message", "request_id", "route", "method", "status",
                "duration_ms"} <= set(entry)
        assert entry["time"].endswith("Z") and entry["level"] == "INFO"
    launch_line = next(e for e in requests_logged if e["route"] == "launch.launch" and e["method"] == "POST")
    assert launch_line["status"] == 303 and launch_line["platform_id"] >= 1
    assert any(e["route"] == "unmatched" and e["status"] == 405 for e in requests_logged)  # never the raw path
    everything = json.dumps(entries, ensure_ascii=False)
    assert "ana@example.org" not in everything and "Ana Pérez" not in everything
