"""Demo mode: a local demo platform (the dev platform, mounted at /demo/platform) registered with the tool, so
someone without an LMS can launch activities and try deep linking through the real LTI code path."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app

from ..devplatform import DevPlatform
from ..devplatform.platform import generate_key
from ..lti import keys
from .platforms import PlatformExists, find_registered, register_platform, update_platform
from .urls import base_url

CLIENT_ID = "fieldschool-demo"
DEPLOYMENT_ID = "demo"
PREFIX = "/demo/platform"


def _key(instance: Path) -> str:
    path = instance / "demo_platform_key.pem"
    if not path.exists():
        path.write_text(generate_key())
        path.chmod(0o600)
    return path.read_text()


def demo_platform() -> DevPlatform:
    """The app's demo platform, created (and registered with the tool) on first use."""
    platform = current_app.extensions.get("demo_platform")
    if platform is None:
        platform = ensure_demo_platform()
    return platform


def ensure_demo_platform() -> DevPlatform:
    base = base_url()
    secret = hashlib.sha256(("demo-platform:" + current_app.config["SECRET_KEY"]).encode()).hexdigest()
    platform = DevPlatform(base + PREFIX, private_pem=_key(Path(current_app.instance_path)), secret=secret,
                           fetch_json=lambda url: keys.jwks())
    platform.add_tool(CLIENT_ID, base + "/lti/login", base + "/lti/launch", jwks_uri=base + "/lti/jwks.json",
                      deployment_id=DEPLOYMENT_ID, name=current_app.config["TOOL_TITLE"])
    settings = {"auth_login_url": platform.url("/auth"), "auth_token_url": platform.url("/token"),
                "key_set": platform.jwks(), "name": "Demo platform (local)"}
    try:
        register_platform(issuer=platform.issuer, client_id=CLIENT_ID, deployment_ids=(DEPLOYMENT_ID,),
                          source="demo", **settings)
    except PlatformExists:
        # The demo platform is the tool's own: a new demo key (a fresh instance folder) replaces the old one.
        existing = find_registered(platform.issuer, CLIENT_ID)
        if existing is None or existing.source != "demo":
            raise
        update_platform(existing.id, **settings)
    current_app.extensions["demo_platform"] = platform
    return platform
