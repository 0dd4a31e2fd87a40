"""The Field School LTI 1.3 tool: a Flask app that delivers the curriculum to Moodle, Canvas, Brightspace…

``create_app`` builds it; configuration comes from :mod:`lti_tool.config`, then ``instance/config.py``, then
``FIELDSCHOOL_*`` environment variables, then ``test_config``.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from flask import Flask, g, has_request_context, render_template, request
from werkzeug.routing import IntegerConverter

from .config import DEFAULTS
from .services.numbers import ROW_ID_MAX
from .url_rules import LazyUrlsFlask

log = logging.getLogger("lti_tool")


def _secret_key(instance: Path) -> str:
    """A persistent random secret in the instance folder, for laptops that set none."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


class _RowNumberConverter(IntegerConverter):
    """``<int:…>`` in every URL: a number larger than the tables' integer columns hold (PostgreSQL's INTEGER, 32-bit;
    no table has a BIGINT key) matches no route, so ``/library/99999999999999999999`` answers 404 instead of a 500
    from the database driver."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 (werkzeug's parameter name)
        kwargs.setdefault("max", ROW_ID_MAX)
        super().__init__(map, *args, **kwargs)


def _database_uri(url: str | None, instance: Path) -> str:
    if not url:
        return "sqlite:///" + str(instance / "fieldschool.db")
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def create_app(test_config: dict | None = None) -> Flask:
    """Build the tool. Nothing is created in the database here; ``fieldschool db upgrade``/``serve`` do that."""
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("FIELDSCHOOL_INSTANCE_PATH")
    app = LazyUrlsFlask(__name__, instance_path=str(Path(instance_path).resolve()) if instance_path else None,
                        instance_relative_config=True)
    app.url_map.converters["int"] = _RowNumberConverter
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("FIELDSCHOOL")
    if test_config:
        app.config.from_mapping(test_config)
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)

    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
    app.config["SQLALCHEMY_DATABASE_URI"] = _database_uri(app.config.get("DATABASE_URL"), instance)
    base = (app.config.get("BASE_URL") or "").rstrip("/") or None
    app.config["BASE_URL"] = base
    previous = app.config.get("PREVIOUS_BASE_URLS") or ()
    if isinstance(previous, str):  # FIELDSCHOOL_PREVIOUS_BASE_URLS=https://old.example,https://older.example
        previous = previous.split(",")
    app.config["PREVIOUS_BASE_URLS"] = tuple(url.strip().rstrip("/") for url in previous if url.strip())
    secure = bool(base and (base.startswith("https://") or base.startswith("http://localhost")))
    app.config.setdefault("COOKIES_SECURE", secure)
    app.config.update(
        SESSION_COOKIE_NAME="fieldschool_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=app.config["COOKIES_SECURE"],
        SESSION_COOKIE_SAMESITE="None" if app.config["COOKIES_SECURE"] else "Lax",
        # CHIPS: a cookie partitioned by the LMS's site, which browsers that block third-party cookies still keep.
        SESSION_COOKIE_PARTITIONED=app.config["COOKIES_SECURE"],
    )

    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:  # behind a TLS-terminating proxy: scheme, host, port and prefix come from X-Forwarded-*
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies,
                                x_prefix=proxies)

    from . import schema  # noqa: F401  (every table in the metadata)
    from .extensions import babel, csrf, db, migrate
    from .kvstore import make_store
    from .lti import launch_token

    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") and \
            "pool_pre_ping" not in app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}):
        from .ops import connection_checks

        with app.app_context():
            connection_checks.install(app, db.engine)  # stale connections pinged, busy ones not
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    launch_token.install(app)  # before CSRFProtect: binds a launch's CSRF secret to the token in its page
    csrf.init_app(app)

    def select_locale() -> str:
        # outside a request (the command line): the launch's language if set, else English
        wanted = request.accept_languages.best_match(app.config["LANGUAGES"]) if has_request_context() else None
        return g.get("lang") or wanted or "en"

    from .organisations import TRANSLATIONS as ORGANISATION_TRANSLATIONS

    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=f"{Path(__file__).parent / 'translations'};"
                                                   f"{ORGANISATION_TRANSLATIONS}")
    app.extensions["fieldschool_store"] = make_store(app.config.get("REDIS_URL"), app.config["REDIS_PREFIX"])

    from .ops import request_log

    request_log.install(app)  # first, so every later hook and log record sees the request id
    from . import views

    views.register(app)
    from .organisations.setup import install as install_organisations

    install_organisations(app)
    from .grades import drainer
    from .library.setup import register as register_library

    register_library(app)
    from .grades import producers
    from .peer.autorelease import release_due

    producers.register(app, release_due)
    drainer.install(app)

    register_percent_filters(app)

    @app.context_processor
    def inject() -> dict:
        from flask_babel import get_locale

        return {"lang": str(get_locale() or "en"), "demo_mode": app.config["DEMO_MODE"],
                "tool_title": app.config["TOOL_TITLE"]}

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if response.mimetype == "text/html":  # pages carry launch-specific content and CSRF tokens
            response.headers.setdefault("Cache-Control", "private, no-store")
        # Same-origin requests carry the referrer (CSRF's check over https needs it); other sites get none.
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                    "script-src 'self'; form-action *; frame-ancestors *")
        return response

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(405)
    def http_error(exc):
        return render_template("error.html", status=exc.code, message=exc.description, code=None), exc.code

    @app.errorhandler(500)
    def server_error(exc):
        from flask_babel import gettext

        if request.blueprint == "launch" and app.config.get("METRICS"):
            from .ops.metrics import count_launch

            count_launch("error", g.get("platform_id"))
        message = gettext("Something went wrong on our side. Please try again in a moment.")
        return render_template("error.html", status=500, message=message, code=None), 500

    return app


def register_percent_filters(app: Flask) -> None:
    """The score display rule (curriculum.percent) as the templates' ``percent`` and ``pass_mark_percent``
    filters, in the request's language: ``{{ a.score|percent(item.pass_mark) }} %``,
    ``{{ item.pass_mark|pass_mark_percent }}``; and ``plural_count`` for ``ngettext`` with a number that may have
    decimals (:func:`curriculum.percent.plural_count`)."""
    from flask_babel import get_locale

    from curriculum.percent import format_pass_mark, format_percent, plural_count

    def _language() -> str:
        return str(get_locale() or "en")

    app.add_template_filter(lambda fraction, pass_mark=None: format_percent(fraction, pass_mark, _language()),
                            "percent")
    app.add_template_filter(lambda pass_mark: format_pass_mark(pass_mark, _language()), "pass_mark_percent")
    app.add_template_filter(lambda number: plural_count(number, _language()), "plural_count")

