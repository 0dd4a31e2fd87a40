"""Plugging the organisations into the app: their blueprints, the problem page and the template helpers (the
pages' shared parts are :mod:`lti_tool.organisations.pages`)."""

from __future__ import annotations

from flask import Flask, render_template, request

from . import pages_coaching, pages_organisations, pages_self_assessment, pages_visits
from .access import FormProblem
from .pages import area_label, page_globals


def install(app: Flask) -> None:
    """Blueprints, the problem page and template helpers."""
    for module in (pages_organisations, pages_self_assessment, pages_visits, pages_coaching):
        app.register_blueprint(module.bp)

    @app.errorhandler(FormProblem)
    def form_problem(exc: FormProblem):
        return render_template("organisations/problem.html", code=exc.code, field=exc.field,
                               back=request.referrer or ""), 400

    app.context_processor(page_globals)
    app.add_template_filter(area_label, "area_label")
