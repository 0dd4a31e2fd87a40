"""Markdown to safe HTML: Python-Markdown renders, nh3 sanitises. Used for curriculum text and learner text alike.

Both steps are pure functions of their input, so their results are kept in one bounded cache per process, keyed by
a hash of the text: a text is rendered once however many channels, packages, languages or page views show it.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
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


class ContentCache:
    """A thread-safe least-recently-used map from a content hash to its rendered HTML, bounded in characters.

    Texts longer than ``largest`` are not kept (one learner's long essay must not push the curriculum out).
    """

    def __init__(self, budget: int, largest: int):
        self.budget, self.largest = budget, largest
        self.size = 0
        self._entries: OrderedDict[bytes, str] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def get_or_make(self, text: str, make: Callable[[str], str]) -> str:
        """The cached result for ``text``, made with ``make(text)`` (outside the lock) when missing."""
        if len(text) > self.largest:
            return make(text)
        key = self.key(text)
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        made = make(text)
        with self._lock:
            if key not in self._entries:
                self._entries[key] = made
                self.size += len(made)
                while self.size > self.budget and self._entries:
                    self.size -= len(self._entries.popitem(last=False)[1])
        return made

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0

    def __len__(self) -> int:
        return len(self._entries)


# One cache for Markdown → HTML and one for HTML → sanitised HTML, shared by every channel in the process.
MARKDOWN_CACHE = ContentCache(budget=16_000_000, largest=200_000)
SANITISED_CACHE = ContentCache(budget=16_000_000, largest=200_000)


def clear_caches() -> None:
    """Forget every rendered text (benchmarks measure a cold start with it)."""
    MARKDOWN_CACHE.clear()
    SANITISED_CACHE.clear()


def _convert(text: str) -> str:
    """Python-Markdown with one reusable converter per thread: building a converter costs more than converting."""
    converter = getattr(_local, "markdown", None)
    if converter is None:
        converter = _local.markdown = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    return converter.reset().convert(text)


def _clean(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer")


def _to_html(text: str) -> str:
    return MARKDOWN_CACHE.get_or_make(text, _convert)


def _sanitise(html: str) -> str:
    return SANITISED_CACHE.get_or_make(html, _clean)


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
