"""Absolute URLs of the tool, built on BASE_URL when it is configured (behind proxies, in LMS configuration)."""

from __future__ import annotations

from flask import current_app, request, url_for


def base_url() -> str:
    return current_app.config.get("BASE_URL") or request.url_root.rstrip("/")


def tool_url(endpoint: str, **values) -> str:
    return base_url() + url_for(endpoint, **values)
