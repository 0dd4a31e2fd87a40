"""Inline SVG figures under the tool's Content-Security-Policy: the core's figures carry one ``style`` attribute,
which ``style-src 'self'`` would block, so pages that embed them allow exactly those styles by hash."""

from __future__ import annotations

from flask import Response, g

from ..services.inline_styles import style_hashes


def allow_style_hashes(hashes: frozenset[str]) -> None:
    """Let this response's CSP allow the inline styles with these hashes (from :func:`style_hashes`)."""
    if hashes:
        g.setdefault("svg_style_hashes", set()).update(hashes)


def allow_styles_of(*svgs: str) -> None:
    """Let this response's CSP allow the inline style attributes of these SVG strings (and nothing else)."""
    allow_style_hashes(style_hashes(*svgs))


def amend_csp(response: Response) -> Response:
    """Runs after the app's security headers are set (registered before them, so Flask calls it later)."""
    hashes = g.get("svg_style_hashes")
    policy = response.headers.get("Content-Security-Policy")
    if hashes and policy and "style-src 'self'" in policy:
        response.headers["Content-Security-Policy"] = policy.replace(
            "style-src 'self'", "style-src 'self' 'unsafe-hashes' " + " ".join(sorted(hashes)), 1)
    return response
