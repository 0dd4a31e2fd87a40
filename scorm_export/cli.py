"""``fieldschool export scorm``: SCORM packages from the command line (attached to the core's ``export`` group)."""

from __future__ import annotations

import click

from curriculum.cli import checked_course
from curriculum.export_options import course_to_export, output_option, path_option, write_files

from . import export_scorm
from .formats import Sequencing


@click.command()
@click.option("--version", "version", type=click.Choice(["1.2", "2004"]), default="1.2", show_default=True,
              help="SCORM version. 1.2 plays everywhere (Moodle, its mobile app offline); 2004 is 4th Edition.")
@click.option("--module", "module_id", default=None, help="Export this module as one package.")
@click.option("--all", "all_modules", is_flag=True, help="Export every module, one package each.")
@click.option("--course", "whole_course", is_flag=True, help="Export the course as one package, a SCO per module.")
@click.option("--lang", default=None, help="Language of the package (default: the curriculum's source language).")
@click.option("--sequencing", type=click.Choice([Sequencing.FLOW, Sequencing.CHOICE]), default=Sequencing.FLOW,
              show_default=True, help="SCORM 2004 only: modules in order (flow, forward only) or free choice.")
@output_option("scorm", (".zip",))
@path_option
def scorm(version: str, module_id: str | None, all_modules: bool, whole_course: bool, lang: str | None,
          sequencing: str, output: str | None, path: str | None) -> None:
    """Export SCORM packages: one module (--module ID), each module (--all) or the whole course (--course)."""
    chosen = [name for name, on in (("--module", module_id is not None), ("--all", all_modules),
                                    ("--course", whole_course)) if on]
    if len(chosen) != 1:
        raise click.UsageError("choose exactly one of --module ID, --all or --course")
    course = course_to_export(checked_course(path), lang, empty="The curriculum has no modules yet: nothing to export.")
    scope = "module" if module_id is not None else "all" if all_modules else "course"
    try:
        packages = export_scorm(course, version, scope, module_id, lang, sequencing)
    except LookupError as exc:
        raise click.UsageError(str(exc)) from exc
    written = write_files(output, "scorm", (".zip",), [(p.filename, p.data) for p in packages])
    for target, package in zip(written, packages, strict=True):
        click.echo(f"{target}  ({len(package.data) / 1024:.1f} KiB, {len(package.entries)} files)")
