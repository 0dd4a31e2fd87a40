"""Why a platform refused a service call, in words a school can act on: the reason from a JSON error body
(``error``, ``error_description``, ``message``, ``reason``), a plain-text answer, or an HTML error page reduced to
its title and main heading (Moodle answers blocked or failed calls with a whole HTML page)."""

from __future__ import annotations

import json

import lxml.html
from lxml.etree import ParserError

REASON_LIMIT = 300  # characters: enough for a platform's message, never a whole error page
JSON_REASON_KEYS = ("error_description", "message", "reason", "error", "errors", "detail", "title")


def _shorten(text: str, limit: int = REASON_LIMIT) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def _from_json(body: object) -> str:
    if isinstance(body, str):
        return body
    if isinstance(body, list):
        return "; ".join(filter(None, (_from_json(item) for item in body)))
    if not isinstance(body, dict):
        return ""
    found: list[str] = []
    for key in JSON_REASON_KEYS:
        value = body.get(key)
        text = _from_json(value) if value not in (None, "") else ""
        if text and text not in found:
            found.append(text)
    return ": ".join(found)


def _from_html(text: str) -> str:
    try:
        document = lxml.html.document_fromstring(text)
    except (ParserError, ValueError):
        return ""
    found: list[str] = []
    for path in ("//title", "//h1", "//h2", "//*[contains(concat(' ', @class, ' '), ' errormessage ')]",
                 "//*[contains(concat(' ', @class, ' '), ' alert ')]"):
        for element in document.xpath(path)[:1]:
            words = " ".join(element.text_content().split())
            if words and not any(words in seen or seen in words for seen in found):
                found.append(words)
    return " — ".join(found)


def platform_reason(body: str | bytes | None, content_type: str = "") -> str:
    """The platform's reason for an error answer, at most ``REASON_LIMIT`` characters ("" when it gave none)."""
    if body is None:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    stripped = text.strip()
    if not stripped:
        return ""
    kind = content_type.split(";")[0].strip().lower()
    if kind.endswith("json") or stripped[:1] in "{[":
        try:
            reason = _from_json(json.loads(stripped))
        except ValueError:
            reason = ""
        if reason:
            return _shorten(reason)
    if "html" in kind or stripped[:1] == "<":
        return _shorten(_from_html(stripped))
    return _shorten(stripped)


def response_reason(response) -> str:
    """:func:`platform_reason` of a ``requests`` response."""
    return platform_reason(response.content, response.headers.get("Content-Type", ""))
