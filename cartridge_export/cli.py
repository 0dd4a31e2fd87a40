"""``fieldschool export cartridge``: a Common Cartridge 1.1 from the command line (attached to the core's
``export`` group through the ``fieldschool.export_commands`` entry points)."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from curriculum.cli import checked_course

from . import export_cartridge
from .plan import QuizMode


def _tool_url(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    parts = urlsplit(value or "")
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise click.BadParameter(f"'{value}' is not the tool's address: give its public base URL, e.g. "
                                 "https://fieldschool.example.org (FIELDSCHOOL_BASE_URL is used when set)")
    return value.rstrip("/")


@click.command()
@click.option("--module", "module_id", default=None, help="Export this module as one cartridge.")
@click.option("--course", "whole_course", is_flag=True, help="Export the whole course, a folder per module.")
@click.option("--lang", default=None, help="Language of the cartridge (default: the curriculum's source language).")
@click.option("--tool-url", envvar="FIELDSCHOOL_BASE_URL", required=True, callback=_tool_url,
              help="The Field School tool's public base URL the LTI links point to (default: $FIELDSCHOOL_BASE_URL).")
@click.option("--quizzes", type=click.Choice([m.value for m in QuizMode]), default=QuizMode.NATIVE.value,
              show_default=True, help="Assessments as the LMS's own quizzes (QTI) or as LTI links to the tool.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="The .imscc file to write (default: dist/<course>-<module>-<lang>.imscc).")
@click.option("--path", type=click.Path(file_okay=False), default=None, help="Curriculum folder.")
def cartridge(module_id: str | None, whole_course: bool, lang: str | None, tool_url: str, quizzes: str,
              output: str | None, path: str | None) -> None:
    """Export an IMS Common Cartridge 1.1: one module (--module ID) or the whole course (--course)."""
    if (module_id is not None) == whole_course:
        raise click.UsageError("choose exactly one of --module ID or --course")
    course = checked_course(path)
    if not course.modules:
        click.echo("The curriculum has no modules yet: nothing to export.", err=True)
        sys.exit(1)
    if lang and lang not in course.languages:
        click.echo(f"note: no module is written in '{lang}'; texts fall back to '{course.source_language}'.",
                   err=True)
    try:
        built = export_cartridge(course, tool_url, module_id, lang, QuizMode(quizzes))
    except LookupError as exc:
        raise click.UsageError(str(exc)) from exc
    target = Path(output) if output else Path("dist") / built.filename
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(built.data)
    click.echo(f"{target}  ({len(built.data) / 1024:.1f} KiB, {len(built.entries)} files)")
