"""``fieldschool export print``: printable PDFs from the command line (attached to the core's ``export`` group
through the ``fieldschool.export_commands`` entry points)."""

from __future__ import annotations

import sys

import click

from curriculum.cli import checked_course
from curriculum.export_options import course_to_export, output_option, path_option, targets, write_files

from .build import print_pages


@click.command("print")
@click.option("--module", "module_id", default=None, help="Print this module.")
@click.option("--all", "every_module", is_flag=True, help="Print every module.")
@click.option("--lang", default=None, help="Language of the PDFs (default: every language each module has).")
@output_option("print", (".pdf",))
@path_option
def print_pdfs(module_id: str | None, every_module: bool, lang: str | None, output: str | None,
               path: str | None) -> None:
    """Write printable PDFs: per module its reader (summary, case, worksheet with rubric) and its facilitator's
    guide, for one module (--module ID) or all (--all)."""
    if (module_id is not None) == every_module:
        raise click.UsageError("choose exactly one of --module ID or --all")
    course = course_to_export(checked_course(path), lang)
    try:
        pages = print_pages(course, module_id, lang)
    except LookupError as exc:
        raise click.UsageError(str(exc)) from exc
    if not pages:
        click.echo("Nothing to print: the curriculum has no modules.", err=True)
        sys.exit(1)
    targets(output, "print", (".pdf",), [page.filename for page in pages])  # a wrong -o refused before printing
    printed = [page.render() for page in pages]
    written = write_files(output, "print", (".pdf",), [(pdf.filename, pdf.data) for pdf in printed])
    for target, pdf in zip(written, printed, strict=True):
        click.echo(f"{target}  ({len(pdf.data) / 1024:.0f} KiB)")
