"""``fieldschool cleanup`` (data retention, for cron) and ``fieldschool learner export|delete`` (a learner's data on
request). Entry points in the ``fieldschool.commands`` group; also on the Flask app's CLI (tests)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("--dry-run", is_flag=True, help="Only count what would be removed.")
@click.option("--batch-size", default=500, show_default=True, help="Rows removed per transaction.")
def cleanup(dry_run: bool, batch_size: int) -> None:
    """Remove data that has outlived its use (see the README's retention table); prints what went, per kind."""
    from ..cli import _app
    from .cleanup import run_cleanup

    with _app().app_context():
        results = run_cleanup(dry_run=dry_run, batch_size=batch_size)
    verb = "would remove" if dry_run else "removed"
    for result in results:
        note = f"  ({result.note})" if result.note else ""
        click.echo(f"{result.kind}: {verb} {result.removed}{note}")


@click.group()
def learner() -> None:
    """A learner's data on request: export it, or delete it."""


def _platform_option(f):
    return click.option("--platform", "platform_id", required=True, type=int,
                        help="The platform's id (see 'fieldschool platform list').")(f)


def _sub_option(f):
    return click.option("--sub", required=True, help="The learner's id on that platform (the LTI 'sub').")(f)


@learner.command("export")
@_platform_option
@_sub_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="ZIP file to write (default: learner-<platform>-<n>.zip in the current folder).")
def learner_export(platform_id: int, sub: str, output: str | None) -> None:
    """Write everything the tool holds about a learner as a ZIP of JSON files and their attachments."""
    from ..cli import _app
    from .learner_data import LearnerNotFound, export_learner

    with _app().app_context():
        try:
            data = export_learner(platform_id, sub)
        except LearnerNotFound as exc:
            raise click.ClickException(str(exc)) from exc
    path = Path(output) if output else _free_name(platform_id)
    path.write_bytes(data)
    click.echo(f"Wrote {path} ({len(data)} bytes).")


def _free_name(platform_id: int) -> Path:
    n = 1
    while Path(f"learner-{platform_id}-{n}.zip").exists():
        n += 1
    return Path(f"learner-{platform_id}-{n}.zip")


@learner.command("delete")
@_platform_option
@_sub_option
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def learner_delete(platform_id: int, sub: str, yes: bool) -> None:
    """Delete or anonymise a learner's data (reviews they wrote stay, anonymised, so others' grades hold)."""
    from ..cli import _app
    from .learner_data import LearnerNotFound, delete_learner, find_learner

    with _app().app_context():
        try:
            find_learner(platform_id, sub)
        except LearnerNotFound as exc:
            raise click.ClickException(str(exc)) from exc
        if not yes:
            click.confirm(f"Delete the data of learner {sub!r} on platform {platform_id}? This cannot be undone",
                          abort=True)
        done = delete_learner(platform_id, sub)
    click.echo(f"Deleted the data of learner {sub!r} on platform {platform_id}:")
    for kind, count in sorted(done.items()):
        click.echo(f"  {kind.replace('_', ' ')}: {count}")
