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
