"""Plugging the library into the app: its tables, its blueprints and its commands."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from . import cli, models, share_views  # noqa: F401  (models: the tables join the metadata Alembic sees)

    app.register_blueprint(share_views.bp)
    app.cli.add_command(cli.library)
