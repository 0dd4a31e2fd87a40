"""Learner Markdown built to make parsers work hard: 100,000 characters each of the constructs that made the old
renderer grow with the square of its input. Shared by the tests and ``benchmarks/learner_markdown.py``."""

from __future__ import annotations

SIZE = 100_000


def _fill(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


ADVERSARIAL: dict[str, str] = {
    "open brackets": _fill("["),
    "nested brackets": _fill("[", SIZE // 2) + _fill("]", SIZE // 2),
    "bracket-paren pairs": _fill("[]("),
    "unclosed link chain": _fill("[a]("),
    "long link chain": _fill("[a](b)"),
    "image openers": _fill("!["),
    "emphasis run": _fill("*a"),
    "mixed emphasis": _fill("**_"),
    "underscore words": _fill("a_"),
    "star wall": _fill("*", SIZE // 2) + "a" + _fill("*", SIZE // 2 - 1),
    "backticks": _fill("`"),
    "backtick ladder": "".join("`" * n + "a" for n in range(1, 447)),
    "less-than run": _fill("<"),
    "autolink openers": _fill("<a"),
    "html openers": _fill("<div>"),
    "nested quotes": _fill("> "),
    "nested lists": _fill("- "),
    "quote-list ladder": _fill("> - "),
    "entities": _fill("&#"),
    "escapes": _fill("\\"),
    "reference definitions": _fill("[a]: b\n", SIZE // 2) + _fill("[a]", SIZE // 2),
}
