"""Markdown to safe HTML: Python-Markdown renders, nh3 sanitises. Used for curriculum text and learner text alike."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "dl", "dt", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "small", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_ITEM_LINK = re.compile(r'href="(item|module):([a-z0-9.-]+)"')

LinkResolver = Callable[[str, str], str]
_local = threading.local()


def _to_html(text: str) -> str:
    """Python-Markdown with one reusable converter per thread: building a converter costs more than converting."""
    converter = getattr(_local, "markdown", None)
    if converter is None:
        converter = _local.markdown = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    return converter.reset().convert(text)


def _sanitise(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer")


def render_markdown(text: str, link_resolver: LinkResolver | None = None, image_base: str = "") -> str:
    """Render Markdown to sanitised HTML.

    ``item:``/``module:`` links are handed to ``link_resolver(kind, id)`` so each channel can point them at its own
    URLs; without a resolver they become plain text. Relative image paths are prefixed with ``image_base``.
    Script tags, event handlers and ``javascript:`` URLs never survive.
    """
    html = _to_html(text or "")

    def resolve(match: re.Match) -> str:
        target = link_resolver(match.group(1), match.group(2)) if link_resolver else ""
        return f'href="{target}"' if target else ""

    html = _ITEM_LINK.sub(resolve, html)
    if image_base:
        html = re.sub(r'src="(?![a-z]+:|/)([^"]+)"', lambda m: f'src="{image_base.rstrip("/")}/{m.group(1)}"', html)
    return _sanitise(html)


def sanitise_html(html: str) -> str:
    """Sanitise HTML that did not come from Markdown (e.g. a learner's pasted rich text)."""
    return _sanitise(html)


def render_inline(text: str) -> str:
    """Render a one-line Markdown string (an option, a feedback) without the wrapping paragraph."""
    html = render_markdown(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html
