"""Plugging the library into the app: its tables, its blueprints and its commands."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from . import cli, models  # noqa: F401  (the tables join the metadata Alembic and create_all see)

    app.cli.add_command(cli.library)
