"""The ``fieldschool`` command: the root group, the core's own commands, and the channels' commands.

Channels add subcommands through the ``fieldschool.commands`` entry-point group, and package formats add
subcommands to ``fieldschool export`` through ``fieldschool.export_commands``, so the core never imports them.
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import entry_points

import click

from .catalog import build_catalog
from .loader import DEFAULT_CONTENT, check_course
from .model import Course

TYPE_LABELS = {"case_study": "case study", "peer_exercise": "peer exercise", "assessment": "assessment"}


class PluginGroup(click.Group):
    """A click group that also lists the commands channels register in the entry-point group ``plugin_group``."""

    plugin_group = "fieldschool.commands"

    def _plugins(self) -> dict[str, click.Command]:
        found = {}
        for ep in entry_points(group=self.plugin_group):
            try:
                found[ep.name] = ep.load()
            except Exception as exc:  # a broken channel must not take the core's commands down with it
                click.echo(f"warning: the '{ep.name}' commands could not be loaded: {exc}", err=True)
        return found

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self._plugins()))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return super().get_command(ctx, name) or self._plugins().get(name)


class FieldSchoolGroup(PluginGroup):
    """The root group: channels' commands come from ``fieldschool.commands``."""


class ExportGroup(PluginGroup):
    """``fieldschool export``: each package format (SCORM, OLX, …) attaches its subcommand from its own channel."""

    plugin_group = "fieldschool.export_commands"


@click.group(cls=FieldSchoolGroup)
@click.version_option(package_name="fieldschool")
def main() -> None:
    """Field School of Producer Development: the curriculum and its LMS channels."""


@main.group(cls=ExportGroup)
def export() -> None:
    """Export the curriculum as packages an LMS can import (formats come from the installed channels)."""


def checked_course(path: str | None = None) -> Course:
    """The curriculum for a command to work on; prints every problem and exits 1 when it has any."""
    course, problems = check_course(path or DEFAULT_CONTENT)
    if problems or course is None:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo("The curriculum has problems; run 'fieldschool validate'.", err=True)
        sys.exit(1)
    return course


@main.command()
@click.argument("path", required=False, type=click.Path(file_okay=False))
def validate(path: str | None) -> None:
    """Check every curriculum file under PATH (default: the shipped curriculum) and report all problems."""
    course, problems = check_course(path or DEFAULT_CONTENT)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    items = sum(len(m.items) for m in course.modules)
    files = sum(len(v) for m in course.modules for v in m.items.values()) + sum(len(m.variants) for m in
                                                                                 course.modules)
    click.echo(f"OK: {len(course.modules)} modules, {items} items, {files} files in "
               f"{', '.join(course.languages)}.")


@main.command()
@click.option("--lang", default=None, help="Language of the titles (default: the source language).")
@click.option("--json", "as_json", is_flag=True, help="Print the catalogue as JSON.")
@click.option("--path", type=click.Path(file_okay=False), default=None, help="Curriculum folder.")
def catalog(lang: str | None, as_json: bool, path: str | None) -> None:
    """List the curriculum's modules and items."""
    data = build_catalog(checked_course(path), lang)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{data['title']} ({data['language']}, licence {data['licence']})")
    for module in data["modules"]:
        click.echo(f"\n{module['order']:>2}. {module['title']}  [{module['id']}, {module['estimated_minutes']} min, "
                   f"{'/'.join(module['languages'])}]")
        for item in module["items"]:
            note = "" if item["language"] == data["language"] else f" (shown in {item['language']})"
            click.echo(f"    - {TYPE_LABELS[item['type']]:<14} {item['title']}  [{item['id']}, "
                       f"{item['estimated_minutes']} min, {'/'.join(item['languages'])}]{note}")


if __name__ == "__main__":
    main()
