"""The tool's commands on a Flask app's own CLI (``app.cli``): ``flask --app lti_tool.commands …`` and the tests'
``app.test_cli_runner()``. The command line imports the app factory, never the other way round: ``create_app``
builds the app without its commands, and this module adds them to it. The ``fieldschool`` command finds the same
commands through its ``fieldschool.commands`` entry points."""

from __future__ import annotations

import click
from flask import Flask

from . import cli
from . import create_app as create_bare_app
from .grades import cli as grades_cli
from .library import cli as library_cli
from .ops import cli as ops_cli

# "flask db …" is Flask-Migrate's own group, so the tool's ``db`` command is left to ``fieldschool db``.
COMMANDS: tuple[click.Command, ...] = (cli.platform, cli.keys, cli.doctor, grades_cli.grades, ops_cli.cleanup,
                                       ops_cli.learner, library_cli.library, library_cli.cup)


def add_commands(app: Flask) -> Flask:
    """Hang every tool command on ``app.cli``; returns the app."""
    for command in COMMANDS:
        app.cli.add_command(command)
    return app


def create_app(test_config: dict | None = None) -> Flask:
    """The app from :func:`lti_tool.create_app`, with the tool's commands on its CLI."""
    return add_commands(create_bare_app(test_config))
