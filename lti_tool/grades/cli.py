"""``fieldschool grades …``: drain the grade outbox by hand (or from cron) and see what is waiting."""

from __future__ import annotations

import click


@click.group()
def grades() -> None:
    """Grade passback to the platforms (the grade outbox)."""


@grades.command("flush")
@click.option("--now", "include_waiting", is_flag=True,
              help="Also try the scores that are waiting out a back-off after a failure, and take back the scores "
                   "left 'sending' by a drainer that has stopped (or whose claim has expired).")
@click.option("--max-seconds", default=300.0, show_default=True, help="Stop after this long.")
def flush(include_waiting: bool, max_seconds: float) -> None:
    """Deliver every due score to its platform, then report what is left."""
    from ..cli import _app
    from . import outbox, producers

    with _app().app_context():
        produced = producers.run()  # scores that became due with time (a deadline passed) join the outbox
        if produced:
            click.echo(f"Released {produced} score(s) that became final since the last pass.")
        report = outbox.flush(include_waiting=include_waiting, max_seconds=max_seconds)
        left = outbox.counts()
    if include_waiting:
        click.echo(f"Reclaimed {report.reclaimed} score(s) left 'sending' by a stopped drainer or an expired claim.")
    click.echo(f"Delivered {report.delivered}, retrying later {report.retrying}, failed {report.failed}.")
    click.echo("Outbox: " + (", ".join(f"{state} {n}" for state, n in sorted(left.items())) or "empty"))
    if report.failed:
        raise SystemExit(1)


@grades.command("status")
def status() -> None:
    """How many scores are pending, sending, delivered or failed."""
    from ..cli import _app
    from . import outbox

    with _app().app_context():
        left = outbox.counts()
    click.echo("Outbox: " + (", ".join(f"{state} {n}" for state, n in sorted(left.items())) or "empty"))
