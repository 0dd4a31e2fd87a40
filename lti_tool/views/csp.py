"""Inline SVG figures under the tool's Content-Security-Policy: the core's figures carry one ``style`` attribute,
which ``style-src 'self'`` would block, so pages that embed them allow exactly those styles by hash."""

from __future__ import annotations

import base64
import hashlib
import re

from flask import Response, g

_STYLE = re.compile(r'style="([^"]*)"')


def allow_styles_of(*svgs: str) -> None:
    """Let this response's CSP allow the inline style attributes of these SVG strings (and nothing else)."""
    hashes = g.setdefault("svg_style_hashes", set())
    for svg in svgs:
        for style in _STYLE.findall(svg or ""):
            digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
            hashes.add(f"'sha256-{digest}'")


def amend_csp(response: Response) -> Response:
    """Runs after the app's security headers are set (registered before them, so Flask calls it later)."""
    hashes = g.get("svg_style_hashes")
    policy = response.headers.get("Content-Security-Policy")
    if hashes and policy and "style-src 'self'" in policy:
        response.headers["Content-Security-Policy"] = policy.replace(
            "style-src 'self'", "style-src 'self' 'unsafe-hashes' " + " ".join(sorted(hashes)), 1)
    return response
