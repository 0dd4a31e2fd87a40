"""Blueprints, one per area of the tool, and the page every launch failure ends on."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request
from flask_babel import lazy_gettext as _l

from ..lti.errors import LaunchError
from ..ops.metrics import count_launch

log = logging.getLogger("lti_tool.launch")
TYPE_LABELS = {"case_study": _l("case study"), "peer_exercise": _l("peer exercise"), "assessment": _l("assessment")}


def type_label(item_type: str) -> str:
    return str(TYPE_LABELS.get(item_type, item_type))


def register(app: Flask) -> None:
    from . import (
        activity,
        assessment,
        case_study,
        deep_linking,
        guide,
        health,
        home,
        launch,
        metrics,
        peer,
        peer_instructor,
        registration,
        results,
    )
    from .csp import amend_csp
    from .input_guard import install as install_input_guard

    for module in (health, metrics, home, launch, registration, deep_linking, activity, case_study, assessment,
                   results, peer, peer_instructor, guide):
        app.register_blueprint(module.bp)
    install_input_guard(app)
    app.after_request(amend_csp)  # registered before the app's security headers, so it runs after them
    if app.config["DEMO_MODE"]:
        from ..devplatform.blueprint import make_blueprint
        from ..services.demo import PREFIX, demo_platform
        from . import demo

        app.extensions["devplatform"] = demo_platform
        app.register_blueprint(make_blueprint(), url_prefix=PREFIX)
        app.register_blueprint(demo.bp)

    @app.context_processor
    def labels() -> dict:
        from flask import g

        return {"type_label": type_label, "demo_page": g.get("demo", False)}

    @app.errorhandler(LaunchError)
    def launch_error(exc: LaunchError):
        log.warning("LTI request rejected [%s] %s %s: %s", exc.code, request.method, request.path, exc.detail)
        if request.blueprint == "launch" and app.config.get("METRICS"):
            count_launch(exc.code, g.get("platform_id"))
        return render_template("error.html", status=exc.status, message=exc.message, code=exc.code), exc.status
