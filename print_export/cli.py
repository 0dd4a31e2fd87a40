"""``fieldschool export print``: printable PDFs from the command line (attached to the core's ``export`` group
through the ``fieldschool.export_commands`` entry points)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from curriculum.cli import checked_course

from .build import export_print


@click.command("print")
@click.option("--module", "module_id", default=None, help="Print this module.")
@click.option("--all", "every_module", is_flag=True, help="Print every module.")
@click.option("--lang", default=None, help="Language of the PDFs (default: every language each module has).")
@click.option("-o", "--output", type=click.Path(file_okay=False), default="dist/print", show_default=True,
              help="Folder the PDFs are written to.")
@click.option("--path", type=click.Path(file_okay=False), default=None, help="Curriculum folder.")
def print_pdfs(module_id: str | None, every_module: bool, lang: str | None, output: str, path: str | None) -> None:
    """Write printable PDFs: per module its reader (summary, case, worksheet with rubric) and its facilitator's
    guide, for one module (--module ID) or all (--all)."""
    if (module_id is not None) == every_module:
        raise click.UsageError("choose exactly one of --module ID or --all")
    course = checked_course(path)
    if lang and lang not in course.languages:
        click.echo(f"note: no module is written in '{lang}'; modules are printed in '{course.source_language}'.",
                   err=True)
    try:
        printed = export_print(course, module_id, lang)
    except LookupError as exc:
        raise click.UsageError(str(exc)) from exc
    if not printed:
        click.echo("Nothing to print: the curriculum has no modules.", err=True)
        sys.exit(1)
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    for pdf in printed:
        (folder / pdf.filename).write_bytes(pdf.data)
        click.echo(f"{folder / pdf.filename}  ({len(pdf.data) / 1024:.0f} KiB)")
