"""The tool's commands (platform add/list/remove, db upgrade) and the shipped migration matching the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text

from lti_tool.extensions import db
from lti_tool.models import Deployment, Platform


def test_platform_add_list_remove(app, runner):
    args = ["platform", "add", "--issuer", "https://canvas.instructure.com", "--client-id", "1000001",
            "--deployment-id", "d1", "--deployment-id", "d2", "--auth-url", "https://sso.canvaslms.com/api/lti/authorize_redirect",
            "--token-url", "https://sso.canvaslms.com/login/oauth2/token",
            "--jwks-url", "https://sso.canvaslms.com/api/lti/security/jwks", "--name", "NGO Canvas"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    # Same issuer, another client id: a second tenant of a shared-issuer LMS, side by side.
    args[args.index("1000001")] = "1000002"
    assert runner.invoke(args=args).exit_code == 0
    listing = runner.invoke(args=["platform", "list"]).output
    assert "client_id=1000001" in listing and "client_id=1000002" in listing and "deployments=d1, d2" in listing
    with app.app_context():
        first = db.session.scalars(select(Platform).filter_by(client_id="1000001")).one()
        first_id = first.id
    result = runner.invoke(args=["platform", "remove", str(first_id), "--yes"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert [p.client_id for p in db.session.scalars(select(Platform))] == ["1000002"]
        assert db.session.scalar(select(db.func.count(Deployment.id))) == 2
    assert runner.invoke(args=["platform", "remove", "999", "--yes"]).exit_code != 0


def test_migrations_build_exactly_the_models_schema(app):
    from flask_migrate import upgrade

    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade(directory=app.extensions["migrate"].directory)
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []
        from alembic.script import ScriptDirectory

        head = ScriptDirectory(app.extensions["migrate"].directory).get_current_head()
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == head


def test_platform_invite_prints_a_one_time_registration_url_and_stores_only_its_hash(app, runner):
    from lti_tool.models import RegistrationInvitation
    from lti_tool.services.invitations import token_hash

    app.config["BASE_URL"] = "https://tool.example.org"
    result = runner.invoke(args=["platform", "invite", "--name", "Uni Moodle", "--hours", "48"])
    assert result.exit_code == 0, result.output
    url = next(w for w in result.output.split() if w.startswith("https://"))
    assert url.startswith("https://tool.example.org/lti/register?invite=")
    token = url.split("invite=", 1)[1]
    with app.app_context():
        row = db.session.scalars(select(RegistrationInvitation)).one()
        assert row.name == "Uni Moodle" and row.token_hash == token_hash(token) and row.used_at is None
        assert round((row.expires_at - row.created_at).total_seconds()) == 48 * 3600
        stored = " ".join(str(v) for v in db.session.execute(text("SELECT * FROM registration_invitation")).one())
        assert token not in stored
    assert runner.invoke(args=["platform", "invite", "--hours", "0"]).exit_code != 0


def test_platform_update_changes_urls_and_add_never_does(app, runner):
    add = ["platform", "add", "--issuer", "https://moodle.uni.edu", "--client-id", "c1", "--deployment-id", "1",
           "--auth-url", "https://moodle.uni.edu/mod/lti/auth.php", "--jwks-url", "https://moodle.uni.edu/mod/lti/certs.php"]
    assert runner.invoke(args=add).exit_code == 0
    moved = add[:add.index("--auth-url") + 1] + ["https://evil.example/auth"] + add[add.index("--jwks-url"):]
    refused = runner.invoke(args=moved)
    assert refused.exit_code != 0 and "platform update" in refused.output
    with app.app_context():
        platform = db.session.scalars(select(Platform)).one()
        assert platform.auth_login_url == "https://moodle.uni.edu/mod/lti/auth.php"
        platform_id = platform.id
    result = runner.invoke(args=["platform", "update", str(platform_id), "--auth-url", "https://lms.uni.edu/auth",
                                 "--token-url", "https://lms.uni.edu/token", "--jwks-url", "https://lms.uni.edu/k",
                                 "--name", "Uni LMS"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        platform = db.session.get(Platform, platform_id)
        assert (platform.auth_login_url, platform.auth_token_url, platform.key_set_url, platform.name) == (
            "https://lms.uni.edu/auth", "https://lms.uni.edu/token", "https://lms.uni.edu/k", "Uni LMS")
        assert [d.deployment_id for d in platform.deployments] == ["1"]
    assert runner.invoke(args=["platform", "update", "999", "--name", "x"]).exit_code != 0
    assert runner.invoke(args=["platform", "update", str(platform_id)]).exit_code != 0
