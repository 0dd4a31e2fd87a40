"""The blocks' commands: ``fieldschool workbench`` (the xblock-sdk workbench with the blocks and the peer-store
tables) and ``fieldschool export olx`` (the course tarball for Studio's import)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from curriculum.cli import checked_course
from curriculum.export_options import course_to_export, output_option, path_option, targets

OLX_SUFFIXES = (".tar.gz", ".tgz")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--curriculum", type=click.Path(file_okay=False, exists=True), default=None,
              help="A curriculum folder other than the shipped one.")
@click.option("--staff", default="staff", show_default=True,
              help="Comma-separated workbench learner ids (?student=…) with course-staff rights.")
def workbench(host: str, port: int, curriculum: str | None, staff: str) -> None:
    """Run the xblock-sdk workbench with the Field School blocks (data in ./var/workbench.db)."""
    Path("var").mkdir(exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "xblocks.workbench_settings"
    os.environ["FIELDSCHOOL_WORKBENCH_STAFF"] = staff
    if curriculum:
        os.environ["FIELDSCHOOL_CURRICULUM"] = str(Path(curriculum).resolve())
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, run_syncdb=True, verbosity=0)
    click.echo(f"Workbench on http://{host}:{port}/  — learners: add ?student=alice (or bob, staff…) to a scenario.")
    call_command("runserver", f"{host}:{port}", use_reloader=False)


@click.command("olx")
@output_option("olx", OLX_SUFFIXES)
@click.option("--lang", "language", default="en", show_default=True, help="Language of titles and of the blocks.")
@click.option("--org", default="FieldSchool", show_default=True)
@click.option("--number", default="FS101", show_default=True, help="The course number.")
@click.option("--run", default="course", show_default=True, help="The course run (url_name of the course).")
@path_option
@click.option("--settings", "settings_file", type=click.File("r", encoding="utf-8"), default=None,
              help="YAML: curriculum item id → block settings (e.g. attempts_allowed, custom_questions).")
def export_olx(output: str | None, language: str, org: str, number: str, run: str, path: str | None,
               settings_file) -> None:
    """Write the whole Field School as an Open edX course tarball (import it in Studio: Tools → Import), named
    <org>-<number>-<run>-<lang>.tar.gz in the -o folder unless -o names the .tar.gz file."""
    import yaml

    from .olx_export import UnknownSetting, write_tarball

    course = course_to_export(checked_course(path), language)
    block_settings = {}
    if settings_file is not None:
        try:
            block_settings = yaml.safe_load(settings_file) or {}
        except yaml.YAMLError as exc:
            raise click.ClickException(f"{settings_file.name}: not valid YAML ({exc})") from exc
        if not isinstance(block_settings, dict) or not all(isinstance(v, dict) for v in block_settings.values()):
            raise click.ClickException(f"{settings_file.name}: expected 'item id: {{setting: value}}' entries")
    [target] = targets(output, "olx", OLX_SUFFIXES, [f"{org}-{number}-{run}-{language}.tar.gz"])
    try:
        written = write_tarball(course, target, language=language, org=org, number=number, run=run,
                                block_settings=block_settings)
    except UnknownSetting as exc:
        raise click.ClickException(f"{settings_file.name if settings_file else 'settings'}: {exc}") from exc
    items = sum(len(m.item_ids) for m in course.modules)
    click.echo(f"Wrote {written}: {len(course.modules)} modules, {items} blocks. Import it in Studio "
               "(Tools → Import); the blocks need the 'fieldschool' package installed (see README).")
