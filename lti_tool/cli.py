"""The tool's ``fieldschool`` subcommands (entry points in the ``fieldschool.commands`` group): serve, db, platform,
keys. They also hang off a Flask app's CLI (:mod:`lti_tool.commands`), which is how tests run them."""

from __future__ import annotations

import os

import click
from flask import Flask


def _app() -> Flask:
    """The app from Flask's CLI when there is one (tests, ``flask --app``), else a new one from the environment."""
    from flask.cli import ScriptInfo

    info = click.get_current_context().find_object(ScriptInfo)
    if info is not None and info.create_app is not None:
        return info.load_app()
    from . import create_app

    return create_app()


def _upgrade(app: Flask) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--demo/--no-demo", default=None,
              help="Offer the demo course on the home page (default: off, unless FIELDSCHOOL_DEMO_MODE=true).")
def serve(host: str, port: int, demo: bool | None) -> None:
    """Serve the LTI tool on this machine (SQLite, one process): creates the database and keys on first run."""
    from . import create_app
    from .lti import keys

    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    base = os.environ.get("FIELDSCHOOL_BASE_URL") or f"http://{shown_host}:{port}"
    settings: dict = {"BASE_URL": base}
    if demo is not None:  # the flag wins; without it FIELDSCHOOL_DEMO_MODE decides, off by default as everywhere
        settings["DEMO_MODE"] = demo
    app = create_app(settings)
    demo = bool(app.config["DEMO_MODE"])
    _upgrade(app)
    with app.app_context():
        kid = keys.ensure_key().kid
        if demo:
            from .services.demo import ensure_demo_platform

            ensure_demo_platform()
    from .grades import drainer

    drainer.start(app)  # scores left waiting before a restart go out now, not at the first request
    base = app.config["BASE_URL"]
    click.echo(f"Field School LTI tool on {base}  (database: {app.config['SQLALCHEMY_DATABASE_URI']})")
    click.echo("Values an LMS administrator needs:")
    if demo or app.config["OPEN_REGISTRATION"]:
        click.echo(f"  {'Dynamic Registration URL (open)':<38} {base}/lti/register")
    else:
        click.echo(f"  {'Dynamic Registration URL':<38} one per platform: fieldschool platform invite --name NAME")
    for label, path in (("Initiate login URL", "/lti/login"),
                        ("Launch / redirect / deep-linking URL", "/lti/launch"),
                        ("Public keyset URL (JWKS)", "/lti/jwks.json"), ("Canvas JSON URL", "/lti/canvas.json"),
                        ("All set-up values", "/lti/setup")):
        click.echo(f"  {label:<38} {base}{path}")
    click.echo(f"  Tool key id: {kid}")
    if demo:
        click.echo(f"Demo mode: ON. Demo course (a local demo platform, not a real LMS): {base}/demo/")
    else:
        click.echo("Demo mode: off (no demo course; start with --demo or FIELDSCHOOL_DEMO_MODE=true to offer it).")
    app.run(host=host, port=port, threaded=True, use_reloader=False)


@click.group()
def db() -> None:
    """The tool's database schema (Alembic migrations through Flask-Migrate)."""


@db.command()
def upgrade() -> None:
    """Apply every pending migration (creates the database on first use)."""
    app = _app()
    _upgrade(app)
    click.echo(f"Database is up to date: {app.config['SQLALCHEMY_DATABASE_URI']}")


@click.group()
def platform() -> None:
    """Register LMS platforms: invitations for Dynamic Registration, or by hand."""


@platform.command("add")
@click.option("--issuer", required=True, help="The platform's issuer (iss).")
@click.option("--client-id", required=True, help="The client id the platform gave the tool.")
@click.option("--deployment-id", "deployment_ids", multiple=True, required=True, help="Deployment id (repeatable).")
@click.option("--auth-url", required=True, help="The platform's OIDC authentication (authorisation) URL.")
@click.option("--token-url", default="", help="The platform's OAuth2 access token URL (for AGS/NRPS).")
@click.option("--jwks-url", required=True, help="The platform's public keyset URL.")
@click.option("--audience", default=None, help="Audience for token requests, if not the token URL.")
@click.option("--name", default="", help="A name to recognise the platform by.")
def platform_add(issuer, client_id, deployment_ids, auth_url, token_url, jwks_url, audience, name) -> None:
    """Add a platform registration (or add deployments to an existing one with the same URLs)."""
    from .services.platforms import PlatformExists, register_platform

    with _app().app_context():
        try:
            row = register_platform(issuer=issuer, client_id=client_id, auth_login_url=auth_url,
                                    auth_token_url=token_url, key_set_url=jwks_url, auth_audience=audience,
                                    name=name, deployment_ids=tuple(deployment_ids))
        except PlatformExists as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Registered platform {row.id}: {row.issuer} (client {row.client_id}), deployments "
                   f"{', '.join(d.deployment_id for d in row.deployments)}")


@platform.command("invite")
@click.option("--name", default="", help="Who the invitation is for (shown in 'platform invitations').")
@click.option("--hours", default=24.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="How long the invitation stays valid.")
def platform_invite(name: str, hours: float) -> None:
    """Make a one-time Dynamic Registration URL for an LMS administrator to paste into their platform."""
    from .services.invitations import create_invitation

    app = _app()
    with app.app_context():
        invitation, token = create_invitation(name, hours)
        click.echo(f"Invitation {invitation.id} ({name or 'no name'}), valid until "
                   f"{invitation.expires_at:%Y-%m-%d %H:%M} UTC, usable once:")
    base = app.config.get("BASE_URL")
    url = f"{base or ''}/lti/register?invite={token}"
    click.echo(f"  {url}")
    if not base:
        click.echo("  (prefix it with the tool's public URL; set FIELDSCHOOL_BASE_URL to have it printed)")


@platform.command("update")
@click.argument("platform_id", type=int)
@click.option("--auth-url", default=None, help="The platform's OIDC authentication (authorisation) URL.")
@click.option("--token-url", default=None, help="The platform's OAuth2 access token URL.")
@click.option("--jwks-url", default=None, help="The platform's public keyset URL.")
@click.option("--audience", default=None, help="Audience for token requests ('' for none).")
@click.option("--name", default=None, help="A name to recognise the platform by.")
def platform_update(platform_id, auth_url, token_url, jwks_url, audience, name) -> None:
    """Change a registered platform's URLs or name (registrations never change an existing platform)."""
    from .services.platforms import update_platform

    if all(v is None for v in (auth_url, token_url, jwks_url, audience, name)):
        raise click.UsageError("Say what to change: --auth-url, --token-url, --jwks-url, --audience or --name.")
    with _app().app_context():
        row = update_platform(platform_id, auth_login_url=auth_url, auth_token_url=token_url, key_set_url=jwks_url,
                              auth_audience=audience, name=name)
        if row is None:
            raise click.ClickException(f"No platform with id {platform_id}.")
        click.echo(f"Updated platform {row.id}: {row.issuer} (client {row.client_id}) auth={row.auth_login_url} "
                   f"token={row.auth_token_url or '-'} jwks={row.key_set_url or '(stored key set)'}")


@platform.command("list")
def platform_list() -> None:
    """List registered platforms with their deployments."""
    from .services.platforms import list_platforms

    with _app().app_context():
        rows = list_platforms()
        if not rows:
            click.echo("No platform registered.")
        for row in rows:
            deployments = ", ".join(d.deployment_id for d in row.deployments) or "-"
            click.echo(f"{row.id:>3}  {row.name}  issuer={row.issuer}  client_id={row.client_id}  "
                       f"deployments={deployments}  ({row.source})")


@platform.command("remove")
@click.argument("platform_id", type=int)
@click.confirmation_option(prompt="Remove this platform and everything launched through it?")
def platform_remove(platform_id: int) -> None:
    """Remove a platform registration, its deployments and their data."""
    from .services.platforms import remove_platform

    with _app().app_context():
        if not remove_platform(platform_id):
            raise click.ClickException(f"No platform with id {platform_id}.")
        click.echo(f"Removed platform {platform_id}.")


@click.group()
def keys() -> None:
    """The tool's signing keys."""


@keys.command("rotate")
def keys_rotate() -> None:
    """Make a new signing key; the previous one stays published for KEY_GRACE_DAYS."""
    from .lti.keys import rotate_key

    app = _app()
    with app.app_context():
        new, previous = rotate_key()
        click.echo(f"New signing key {new.kid}.")
        if previous is not None:
            click.echo(f"Previous key {previous.kid} stays in the JWKS for {app.config['KEY_GRACE_DAYS']} day(s).")


@click.command()
@click.option("--platform", "platform_id", type=int, default=None,
              help="Check only this platform (see 'platform list').")
def doctor(platform_id: int | None) -> None:
    """Check platform registrations end to end from the tool's side, and print what to fix."""
    from .services.doctor import FAIL, WARN, diagnose

    marks = {"ok": "ok  ", WARN: "WARN", FAIL: "FAIL"}
    with _app().app_context():
        report = diagnose(platform_id)
        if platform_id is not None and not any(p is not None for p, _findings in report):
            raise click.ClickException(f"No platform with id {platform_id}.")
        problems = 0
        for row, findings in report:
            click.echo(f"Platform {row.id}: {row.name or row.issuer} (client {row.client_id})" if row is not None
                       else "This tool, as platforms see it")
            for finding in findings:
                click.echo(f"  [{marks[finding.level]}] {finding.check}: {finding.detail}")
                if finding.fix:
                    click.echo(f"         fix: {finding.fix}")
                problems += finding.level == FAIL
        if problems:
            raise click.ClickException(f"{problems} check(s) failed.")
        click.echo("No check failed.")
