"""Absolute URLs of the tool, built on BASE_URL when it is configured (behind proxies, in LMS configuration)."""

from __future__ import annotations

from flask import current_app, has_request_context, request, url_for


def base_url() -> str:
    """The tool's public root: BASE_URL, else the request's root (with a trusted proxy's X-Forwarded-Prefix)."""
    return current_app.config.get("BASE_URL") or request.url_root.rstrip("/")


def tool_url(endpoint: str, **values) -> str:
    path = url_for(endpoint, **values)
    root = request.script_root if has_request_context() else ""
    if root and path.startswith(root + "/"):  # the prefix is part of the base already
        path = path[len(root):]
    return base_url() + path
