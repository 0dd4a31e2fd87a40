"""Whole numbers a browser sends (form fields, query strings): ASCII digits only, since ``"²".isdigit()`` is true yet
``int("²")`` raises, and row ids no larger than the tables' integer columns hold (PostgreSQL's INTEGER), since a
larger one makes the database driver raise. Either way the request gets its ordinary answer, never a 500."""

from __future__ import annotations

ROW_ID_MAX = 2**31 - 1


def is_digits(text: str) -> bool:
    """True for a non-empty run of ASCII digits, which ``int`` always reads."""
    return text.isascii() and text.isdigit()


def row_id(text: str) -> int | None:
    """The row id ``text`` names, or None when it names none (not digits, or too large for any row)."""
    if not is_digits(text):
        return None
    value = int(text)
    return value if value <= ROW_ID_MAX else None
