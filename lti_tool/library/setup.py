"""Plugging the library into the app: its tables and its blueprints (its commands: :mod:`lti_tool.commands`)."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from . import cup_views, models, public_views, share_views  # noqa: F401  (models: tables in the metadata)
    from .labels import round_status_label, status_label

    app.add_template_global(status_label)
    app.add_template_global(round_status_label)

    app.register_blueprint(share_views.bp)
    app.register_blueprint(public_views.bp)
    app.register_blueprint(cup_views.bp)
