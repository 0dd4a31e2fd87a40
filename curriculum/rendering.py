"""Markdown to safe HTML, sanitised by nh3.

Two renderers: the shipped, trusted curriculum goes through Python-Markdown (``render_markdown``); whatever learners
write (responses, previews) goes through cmark-gfm (``render_learner_markdown``), whose C parser is built and fuzzed
to stay linear on pathological input, under a size cap (``check_learner_text``). Every channel renders learner text
here and nowhere else.

Python-Markdown and sanitising are pure functions of their input, so their results are kept in one bounded cache per
process, keyed by a hash of the text: a text is rendered once however many channels, packages, languages or page
views show it.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable

import cmarkgfm
import markdown
import nh3
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension

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
_RELATIVE_SRC = re.compile(r'src="(?![a-z]+:|/)([^"]+)"')
# One line of prose with no character Markdown or HTML gives a meaning to (no *, _, `, [, <, &, #, |, \\, newline,
# no leading dash or space, no leading number followed by a dot or parenthesis and a space or the line's end, as
# ``1. `` opens a list item and ``1.700`` or ``2020.`` does not): Python-Markdown makes it
# ``<p>text</p>`` and nh3 leaves that unchanged, so it skips both (most options, feedback and titles are such lines).
# ``=`` and ``+`` only mean something at the start of a line (a setext underline, a list item), where they are refused.
# Paragraphs of such lines, separated by one blank line, are each wrapped the same way, one paragraph a line.
# Tests check the shortcut against the full path.
# The pattern is one character class (``\w`` with the punctuation) so the regex engine scans it without backtracking
# through alternatives; ``_``, which ``\w`` includes, is refused before it runs (:func:`_is_plain_line`,
# :func:`_plain_paragraphs`).
_PLAIN_CHARS = '\\w ,.;:?!¿¡\'"«»()/%$×÷–−—…→≈±\u202f=+₡-'
_LINE_START = r'(?:[^\W\d_]|[¿¡«"(]|\d(?!\d*[.)](?: |$)))'
_PLAIN_LINE = re.compile(rf'{_LINE_START}[{_PLAIN_CHARS}]*(?<! )')
# The same lines with ``**strong**`` and ``*emphasis*`` (a line may open with one). Every ``*`` of a paragraph must
# belong to one of these spans, its text free of ``*`` and neither starting nor ending with white space, and no span
# may touch another ``*``: then Python-Markdown's asterisk processor reads each span alone (``**`` as strong, ``*``
# as emphasis; no ``***``, no nesting, no ``*`` between spaces) and nothing else in the paragraph, and nh3 keeps
# ``<strong>`` and ``<em>`` as they are. A span may cross a line break inside its paragraph, as Python-Markdown's does.
_EMPHASIS_LINE = re.compile(rf'(?:{_LINE_START}|\*)[*{_PLAIN_CHARS}]*(?<! )')
_LIST_START = re.compile(r"- |\d+\. ")
_LIST_ITEM = re.compile(r"(- |([1-9])\. )(.*)")
_EMPHASIS = re.compile(r'(?<!\*)(?:\*\*([^*\s](?:[^*]*[^*\s])?)\*\*|\*([^*\s](?:[^*]*[^*\s])?)\*)(?!\*)')


def _emphasis_html(match: re.Match) -> str:
    strong = match.group(1)
    return f"<strong>{strong}</strong>" if strong is not None else f"<em>{match.group(2)}</em>"


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


# Parts of Python-Markdown that cannot act on a text lacking all of their trigger strings, by stage and name. Each
# text is converted by a converter without the parts it cannot trigger (same output, fewer regex searches per text).
# A trigger must survive every rewriting Python-Markdown does before the part runs: tabs become spaces, ``\r``
# becomes a newline, list items lose their indentation, raw HTML becomes placeholders; none of these creates a
# trigger the text lacked (a tab or carriage return is a trigger wherever it could turn into spaces or a newline).
_INLINE_TRIGGERS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",), "escape": ("\\",), "reference": ("[",), "link": ("[",), "short_reference": ("[",),
    "image_link": ("![",), "image_reference": ("![",), "short_image_ref": ("![",), "autolink": ("<",),
    "automail": ("<",), "linebreak": ("  ", "\t", "\r"), "html": ("<", "&"), "entity": ("&",),
    "em_strong": ("*", "_"),
}
_BLOCK_TRIGGERS: dict[str, tuple[str, ...]] = {
    "code": ("    ", "\t"), "table": ("|",), "hashheader": ("#",), "setextheader": ("=", "-"),
    "hr": ("-", "_", "*"), "quote": (">",), "reference": ("[",),
}
_PREPROCESSOR_TRIGGERS: dict[str, tuple[str, ...]] = {"html_block": ("<", "&")}
_TREEPROCESSOR_TRIGGERS: dict[str, tuple[str, ...]] = {"unescape": ("\\",)}


def _untriggered(triggers: dict[str, tuple[str, ...]], text: str) -> frozenset[str]:
    return frozenset(name for name, found in triggers.items() if not any(t in text for t in found))


def _convert(text: str) -> str:
    """Python-Markdown with reusable converters per thread (building a converter costs more than converting), one
    per set of parts the text cannot trigger."""
    converters = getattr(_local, "markdown", None)
    if converters is None:
        converters = _local.markdown = {}
    unused = (_untriggered(_INLINE_TRIGGERS, text), _untriggered(_BLOCK_TRIGGERS, text),
              _untriggered(_PREPROCESSOR_TRIGGERS, text), _untriggered(_TREEPROCESSOR_TRIGGERS, text))
    converter = converters.get(unused)
    if converter is None:
        # The extensions as instances of their classes, not by their names ("tables", "sane_lists"): a name sends
        # Python-Markdown through the installed packages' entry points, which reads every distribution's metadata
        # (tens of milliseconds in a fresh process, for the same classes).
        converter = markdown.Markdown(extensions=[TableExtension(), SaneListExtension()], output_format="html")
        for registry, names in zip((converter.inlinePatterns, converter.parser.blockprocessors,
                                    converter.preprocessors, converter.treeprocessors), unused, strict=True):
            for name in names:
                if name in registry:
                    registry.deregister(name)
        # Asked of every element while parsing and serialising; a list of ~60 tags is searched one by one.
        converter.block_level_elements = frozenset(converter.block_level_elements)
        converters[unused] = converter
    return converter.reset().convert(text)


_CLEAN_OPTIONS = {"tags": ALLOWED_TAGS, "attributes": ALLOWED_ATTRIBUTES, "url_schemes": URL_SCHEMES,
                  "link_rel": "noopener noreferrer"}
# One sanitiser built once: ``nh3.clean`` rebuilds it from the Python sets on every call, which costs about as much as
# cleaning a short text. Older nh3 releases have no ``Cleaner``; with them every call builds it again.
_CLEANER = nh3.Cleaner(**_CLEAN_OPTIONS) if hasattr(nh3, "Cleaner") else None


def _clean(html: str) -> str:
    if _CLEANER is not None:
        return _CLEANER.clean(html)
    return nh3.clean(html, **_CLEAN_OPTIONS)


def _to_html(text: str) -> str:
    return MARKDOWN_CACHE.get_or_make(text, _convert)


def _sanitise(html: str) -> str:
    return SANITISED_CACHE.get_or_make(html, _clean)


def _is_plain_line(text: str) -> bool:
    """Whether ``text`` is one line of plain prose that Python-Markdown and nh3 would only wrap in ``<p>``."""
    return "_" not in text and "  " not in text and _PLAIN_LINE.fullmatch(text) is not None


def _plain_paragraph(block: str) -> str | None:
    """``<p>`` around a paragraph of plain lines, its emphasis spans as ``<strong>``/``<em>``; else None."""
    if "  " in block:
        return None
    line_pattern = _EMPHASIS_LINE if "*" in block else _PLAIN_LINE
    for line in block.split("\n"):
        if line_pattern.fullmatch(line) is None:
            return None
    if "*" in block:
        block = _EMPHASIS.sub(_emphasis_html, block)
        if "*" in block:
            return None
    return f"<p>{block}</p>"


def _plain_list(block: str) -> str | None:
    """A tight list of plain lines (``- `` items, or ``1. `` to ``9. `` from 1), each item's further lines indented
    by its marker's width: ``<ul>``/``<ol>`` with one ``<li>`` a line, the further lines kept with their indent,
    as Python-Markdown makes it (no nesting, no blank line between items, no lazy lines); else None."""
    first = _LIST_ITEM.fullmatch(block[:block.find("\n")] if "\n" in block else block)
    if first is None or first.group(2) not in (None, "1"):
        return None
    ordered = first.group(2) is not None
    items: list[list[str]] = []
    indent = ""
    for line in block.split("\n"):
        item = _LIST_ITEM.fullmatch(line)
        if item is not None and (item.group(2) is not None) == ordered:
            content = item.group(3)
            indent = " " * len(item.group(1))
            items.append([content])
        elif items and line.startswith(indent):
            content = line[len(indent):]
            items[-1].append(line)
        else:
            return None
        if "  " in content or _EMPHASIS_LINE.fullmatch(content) is None:
            return None
    html = []
    for lines in items:
        text = "\n".join(lines)
        if "*" in text:
            text = _EMPHASIS.sub(_emphasis_html, text)
            if "*" in text:
                return None
        html.append(f"<li>{text}</li>")
    tag = "ol" if ordered else "ul"
    return f"<{tag}>\n" + "\n".join(html) + f"\n</{tag}>"


def _plain_paragraphs(text: str) -> str | None:
    """The HTML of ``text`` when it is blocks separated by one blank line, each a paragraph of plain lines or a
    tight list of them (:func:`_plain_list`; never two lists in a row, which Python-Markdown joins), with
    ``**strong**`` and ``*emphasis*`` spans (each paragraph in ``<p>``, its lines as they are, the spans as
    ``<strong>`` and ``<em>``, one block a line: what Python-Markdown and nh3 make of it); else None."""
    if "_" in text:
        return None
    html = []
    after_list = False
    for block in text.split("\n\n"):
        if _LIST_START.match(block):
            if after_list:
                return None
            made, after_list = _plain_list(block), True
        else:
            made, after_list = _plain_paragraph(block), False
        if made is None:
            return None
        html.append(made)
    return "\n".join(html)


def render_markdown(text: str, link_resolver: LinkResolver | None = None, image_base: str = "") -> str:
    """Render Markdown to sanitised HTML.

    ``item:``/``module:`` links are handed to ``link_resolver(kind, id)`` so each channel can point them at its own
    URLs; without a resolver they become plain text. Relative image paths are prefixed with ``image_base``.
    Script tags, event handlers and ``javascript:`` URLs never survive.
    """
    text = text or ""
    plain = _plain_paragraphs(text)
    if plain is not None:
        return plain
    html = _to_html(text)

    def resolve(match: re.Match) -> str:
        target = link_resolver(match.group(1), match.group(2)) if link_resolver else ""
        return f'href="{target}"' if target else ""

    if 'href="' in html:
        html = _ITEM_LINK.sub(resolve, html)
    if image_base and 'src="' in html:
        html = _RELATIVE_SRC.sub(lambda m: f'src="{image_base.rstrip("/")}/{m.group(1)}"', html)
    return _sanitise(html)


def sanitise_html(html: str) -> str:
    """Sanitise HTML that did not come from Markdown (e.g. a learner's pasted rich text)."""
    return _sanitise(html)


def render_inline(text: str) -> str:
    """Render a one-line Markdown string (an option, a feedback) without the wrapping paragraph."""
    if text and _is_plain_line(text):
        return text  # what the paragraph around it would be stripped back to
    html = render_markdown(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


LEARNER_MARKDOWN_MAX_CHARS = 50_000  # the default cap; channels pass their configured value
MAX_LEARNER_NESTING = 32  # deeper quotes/lists are flattened: HTML parsers slow down with the square of depth
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_VOID = frozenset({"br", "hr", "img", "input", "col", "wbr"})


class LearnerTextTooLong(ValueError):
    """Learner-written Markdown longer than the cap; ``length`` and ``limit`` are in characters."""

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"{length} characters, at most {limit} allowed")
        self.length, self.limit = length, limit


def check_learner_text(text: str, max_chars: int = LEARNER_MARKDOWN_MAX_CHARS) -> str:
    """The text itself when it is within the cap, else :class:`LearnerTextTooLong` (never silently cut)."""
    text = text or ""
    if len(text) > max_chars:
        raise LearnerTextTooLong(len(text), max_chars)
    return text


def _flatten_deep_nesting(html: str, limit: int = MAX_LEARNER_NESTING) -> str:
    """Drop the tags nested deeper than ``limit`` (their text stays). cmark's output is well formed and its raw-HTML
    filter leaves no stray tags, so one pass with a stack is enough; it keeps the sanitiser's work linear."""
    kept: list[bool] = []

    def visit(match: re.Match) -> str:
        tag = match.group(0)
        if match.group(2).lower() in _VOID or tag.endswith("/>"):
            return tag
        if match.group(1):  # a closing tag: drop it when its opening tag was dropped
            return tag if (kept.pop() if kept else True) else ""
        keep = len(kept) < limit
        kept.append(keep)
        return tag if keep else ""

    return _TAG.sub(visit, html)


def render_learner_markdown(text: str) -> str:
    """Render learner-written Markdown (GitHub-flavoured: tables, strikethrough, autolinks) to sanitised HTML.

    Linear in the input, whatever it holds: cmark-gfm parses, raw HTML is omitted (never passed through), nesting is
    flattened beyond :data:`MAX_LEARNER_NESTING` levels, and nh3 sanitises as for the curriculum. Callers enforce the
    size cap with :func:`check_learner_text` when the text is written.
    """
    html = cmarkgfm.github_flavored_markdown_to_html(text or "")
    return _sanitise(_flatten_deep_nesting(html))
