"""``fieldschool export cartridge``: a Common Cartridge 1.1 from the command line (attached to the core's
``export`` group through the ``fieldschool.export_commands`` entry points)."""

from __future__ import annotations

from urllib.parse import urlsplit

import click

from curriculum.cli import checked_course
from curriculum.export_options import course_to_export, output_option, path_option, write_files

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
@output_option("cartridge", (".imscc",))
@path_option
def cartridge(module_id: str | None, whole_course: bool, lang: str | None, tool_url: str, quizzes: str,
              output: str | None, path: str | None) -> None:
    """Export an IMS Common Cartridge 1.1: one module (--module ID) or the whole course (--course)."""
    if (module_id is not None) == whole_course:
        raise click.UsageError("choose exactly one of --module ID or --course")
    course = course_to_export(checked_course(path), lang, empty="The curriculum has no modules yet: nothing to export.")
    try:
        built = export_cartridge(course, tool_url, module_id, lang, QuizMode(quizzes))
    except LookupError as exc:
        raise click.UsageError(str(exc)) from exc
    [target] = write_files(output, "cartridge", (".imscc",), [(built.filename, built.data)])
    click.echo(f"{target}  ({len(built.data) / 1024:.1f} KiB, {len(built.entries)} files)")
