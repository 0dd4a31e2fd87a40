"""A launch's session carried in the page instead of a cookie: a signed, expiring token bound to one launch (its id,
user and course), so the tool works inside an LMS iframe whose browser keeps no third-party cookies.

Pages put it in every form (hidden ``launch_token`` field) and in the links they render (``lt`` query parameter);
scripts send it in the ``X-Fieldschool-Launch`` header. A request that presents a valid token for the launch in its
URL gets that launch's CSRF secret, derived from the launch, so Flask-WTF's CSRF check works without a session
cookie; the session cookie (``SameSite=None; Secure; Partitioned`` on https) stays an optimisation.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, current_app, g, request, session
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from markupsafe import Markup, escape

SALT = "fieldschool-launch-token"
FIELD = "launch_token"
HEADER = "X-Fieldschool-Launch"
QUERY = "lt"
REFRESHED_HEADER = "X-Fieldschool-Launch-Refreshed"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue(launch_id: str, user_id: int, context_id: int | None) -> str:
    """A fresh token for this launch (its lifetime is ``LAUNCH_TOKEN_TTL`` seconds from now)."""
    return _serializer().dumps({"l": launch_id, "u": user_id, "c": context_id})


def presented() -> str | None:
    """The token the request carries: header first (scripts), then the form, then the URL."""
    token = request.headers.get(HEADER)
    if not token and request.method not in ("GET", "HEAD") and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        token = request.form.get(FIELD)
    return token or request.args.get(QUERY) or None


def verify(token: str | None, launch_id: str) -> dict | None:
    """The token's claims when it is genuine, unexpired and for ``launch_id``; None otherwise."""
    if not token:
        return None
    try:
        claims = _serializer().loads(token, max_age=int(current_app.config["LAUNCH_TOKEN_TTL"]))
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(claims, dict) or claims.get("l") != launch_id:
        return None
    return claims


def verified_for(launch_id: str) -> dict | None:
    """The request's token claims for ``launch_id`` (checked once per request)."""
    memo = g.setdefault("launch_token_claims", {})
    if launch_id not in memo:
        memo[launch_id] = verify(presented(), launch_id)
    return memo[launch_id]


def csrf_secret(launch_id: str) -> str:
    """The CSRF secret of one launch: derived from the app's secret, so it needs no cookie to be remembered."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, b"fieldschool-csrf:" + launch_id.encode(), hashlib.sha256).hexdigest()


def bind(launch_id: str, token: str) -> None:
    """Remember the launch this request serves, so links, forms and scripts on the page carry its token."""
    g.launch_token = token
    g.launch_token_launch = launch_id


def hidden_fields() -> Markup:
    """The CSRF token and the launch token as hidden inputs, for every form of a launch's page."""
    from flask_wtf.csrf import generate_csrf

    parts = [f'<input type="hidden" name="csrf_token" value="{escape(generate_csrf())}">']
    if g.get("launch_token"):
        parts.append(f'<input type="hidden" name="{FIELD}" value="{escape(g.launch_token)}">')
    return Markup("".join(parts))


def _takes_get(endpoint: str) -> bool:
    """Whether ``endpoint`` answers GET (a page a link leads to), remembered per app."""
    known = current_app.extensions.setdefault("launch_token_get_endpoints", {})
    if endpoint not in known:
        known[endpoint] = any("GET" in (rule.methods or ()) for rule in current_app.url_map.iter_rules(endpoint))
    return known[endpoint]


def _add_token_to_links(endpoint: str, values: dict) -> None:
    """Links to a page of the launch being served carry its token (a link cannot send a header)."""
    token = g.get("launch_token")
    if token and values.get("launch_id") == g.get("launch_token_launch") and QUERY not in values \
            and _takes_get(endpoint):
        values[QUERY] = token


def _bind_csrf_to_launch() -> None:
    """Before Flask-WTF's check: a request holding a valid token for its launch uses that launch's CSRF secret."""
    # pages at stable paths (/organisations, /visits, /coaching) name their launch in the query or the form
    launch_id = (request.view_args or {}).get("launch_id") or request.values.get("launch_id")
    if not launch_id or verified_for(launch_id) is None:
        return
    use_csrf_secret_of(launch_id)


def use_csrf_secret_of(launch_id: str) -> None:
    """Make ``launch_id``'s CSRF secret the one this request checks and signs with. The session changes (and its
    cookie is sent again) only when it held another secret: the launch puts its secret there in the response that
    sets the session cookie anyway, so its page's GET answers without a new cookie."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    secret = csrf_secret(launch_id)
    if session.get(field) != secret:
        session[field] = secret
        g.pop("csrf_token", None)


def _refreshed_token_header(response):
    """Scripts (autosave) pick up a fresh token from each answer, so a long session never expires mid-work."""
    if g.get("launch_token") and request.headers.get(HEADER):
        response.headers[REFRESHED_HEADER] = g.launch_token
    return response


def install(app: Flask) -> None:
    """Call before Flask-WTF's CSRFProtect is initialised, so the CSRF secret is bound before it is checked."""
    app.before_request(_bind_csrf_to_launch)
    app.url_defaults(_add_token_to_links)
    app.after_request(_refreshed_token_header)
    app.jinja_env.globals["launch_fields"] = hidden_fields
