"""Pre-filling an experience from a learner's systematisation (the capstone's Markdown response).

Headings that name a case-study section (in the response's language or by its key) fill that section; a first-level
heading becomes the title; text under no recognised heading goes to the context, so nothing written is lost.
"""

from __future__ import annotations

import re

from ..model import CASE_SECTIONS
from .texts import SECTION_TITLES

_HEADING = re.compile(r"^(#{1,3})\s+(.*?)\s*(?:\{#([a-z0-9-]+)\})?\s*$")


def _section_key(title: str, explicit: str | None, language: str) -> str | None:
    if explicit in CASE_SECTIONS:
        return explicit
    wanted = title.strip().lower().rstrip(":")
    for lang in (language, *SECTION_TITLES):
        for key, text in SECTION_TITLES.get(lang, {}).items():
            if key in CASE_SECTIONS and (wanted == text.lower() or wanted == key.replace("-", " ")):
                return key
    return None


def prefill_from_response(text: str, language: str) -> dict:
    """Experience data (title, sections) taken from a Markdown systematisation."""
    title = ""
    sections: dict[str, list[str]] = {}
    current = "context"
    for line in (text or "").splitlines():
        match = _HEADING.match(line)
        if match and len(match.group(1)) == 1 and not title:
            title = match.group(2).strip()
            continue
        if match:
            key = _section_key(match.group(2), match.group(3), language)
            if key is not None:
                current = key
                continue
        sections.setdefault(current, []).append(line)
    filled = {key: "\n".join(lines).strip() for key, lines in sections.items() if "\n".join(lines).strip()}
    return {"language": language, "title": title, "sections": filled}
