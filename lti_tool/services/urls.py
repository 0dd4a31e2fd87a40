"""Absolute URLs of the tool, built on BASE_URL when it is configured (behind proxies, in LMS configuration), and
which target link URIs belong to the tool.

A target belongs to the tool when it is under its base URL or under one of the previous base URLs an administrator
lists in ``FIELDSCHOOL_PREVIOUS_BASE_URLS`` (so links made before a move keep working). A target may name the item
it opens in its query, ``…/lti/launch?item=<item id>``: Common Cartridge links do, because some LMSs (Moodle) drop
a link's custom parameters on import and keep only its URL.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from flask import current_app, has_request_context, request, url_for

ITEM_QUERY = "item"


def base_url() -> str:
    """The tool's public root: BASE_URL, else the request's root (with a trusted proxy's X-Forwarded-Prefix)."""
    return current_app.config.get("BASE_URL") or request.url_root.rstrip("/")


def tool_url(endpoint: str, **values) -> str:
    path = url_for(endpoint, **values)
    root = request.script_root if has_request_context() else ""
    if root and path.startswith(root + "/"):  # the prefix is part of the base already
        path = path[len(root):]
    return base_url() + path


def tool_bases() -> list[str]:
    """The base URLs launches may target: the current one first, then the previous ones."""
    current = base_url().rstrip("/")
    previous = current_app.config.get("PREVIOUS_BASE_URLS") or ()
    return [current, *(url for url in previous if url != current)]


def _location(uri: str) -> str:
    parts = urlsplit(uri)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path}"


def is_tool_target(uri: str | None) -> bool:
    """True when ``uri`` is a page of this tool under its current or a previous base URL."""
    if not uri or urlsplit(uri).scheme not in ("http", "https"):
        return False
    location = _location(uri)
    return any(location.startswith(_location(base) + "/") for base in tool_bases())


def item_in_target(uri: str | None) -> str | None:
    """The item id a target URI names in its query, if any."""
    values = parse_qs(urlsplit(uri or "").query).get(ITEM_QUERY) or [""]
    return values[0].strip() or None
