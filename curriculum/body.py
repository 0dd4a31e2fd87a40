"""Split an item's Markdown body into keyed sections and find the links and images inside it.

A section starts with a level-2 heading that carries a language-neutral key: ``## Contexto {#context}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .messages import N_, message
from .model import Section
from .problems import Problem

_HEADING = re.compile(r"^##\s+(?P<title>.*?)\s*(?:\{#(?P<key>[a-z0-9][a-z0-9-]*)\})?\s*$")
_FENCE = re.compile(r"^(```|~~~)")
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HTML_ALT = re.compile(r"\balt\s*=\s*(\"[^\"]*\"|'[^']*')", re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    """A link or image in Markdown text, with the file line it stands on."""

    kind: str  # "link" or "image"
    target: str
    text: str
    line: int


def split_sections(path: str, body: str, first_line: int, problems: list[Problem]) -> tuple[str, list[Section]]:
    """Return the text before the first section and the sections, recording malformed headings."""
    intro: list[str] = []
    sections: list[Section] = []
    current: tuple[str, str, int] | None = None
    buffer: list[str] = []
    in_fence = False
    seen: set[str] = set()

    def close() -> None:
        if current is not None:
            key, title, line = current
            sections.append(Section(key=key, title=title, markdown="\n".join(buffer).strip(), line=line))
        else:
            intro.extend(buffer)

    for offset, line in enumerate(body.splitlines()):
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match and line.startswith("## "):
            lineno = first_line + offset
            key, title = match.group("key"), match.group("title")
            if not key:
                problems.append(Problem(path, lineno, message(N_("the heading '## {title}' has no section key: end "
                                                                 "it with one, e.g. '## Context {{#context}}'"),
                                                              title=title)))
                buffer.append(line)
                continue
            if key in seen:
                problems.append(Problem(path, lineno, message(N_("the section key '{key}' is used twice: give each "
                                                                 "section its own"), key=key)))
            seen.add(key)
            close()
            current, buffer = (key, title, lineno), []
        else:
            buffer.append(line)
    close()
    return "\n".join(intro).strip(), sections


def find_references(markdown: str, first_line: int) -> list[Reference]:
    """Every Markdown/HTML link and image in ``markdown``; ``first_line`` is the file line of its first line."""
    found: list[Reference] = []
    for offset, line in enumerate(markdown.splitlines()):
        lineno = first_line + offset
        for m in _IMAGE.finditer(line):
            found.append(Reference("image", m.group("target"), m.group("alt").strip(), lineno))
        for m in _LINK.finditer(line):
            found.append(Reference("link", m.group("target"), m.group("text"), lineno))
        for m in _HTML_IMG.finditer(line):
            alt = _HTML_ALT.search(m.group(0))
            src = re.search(r"\bsrc\s*=\s*[\"']([^\"']*)[\"']", m.group(0))
            found.append(Reference("image", src.group(1) if src else "", alt.group(1)[1:-1].strip() if alt else "",
                                   lineno))
    return found
