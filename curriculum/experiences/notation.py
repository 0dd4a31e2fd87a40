"""Numbers as authors write them in their language: ``1.234,5`` in Spanish, ``1 234,5`` in French."""

from __future__ import annotations

import re

from babel.numbers import NumberFormatError, format_decimal, get_group_symbol, parse_decimal


class NotANumber(ValueError):
    """Text that is not a number in the given language's notation."""


def parse_number(text: str, language: str) -> float:
    """The number ``text`` means in ``language``'s notation; raises :class:`NotANumber` otherwise.

    Strict parsing: ``1.5`` in Spanish is refused rather than read as fifteen.
    """
    cleaned = (text or "").strip()
    if not cleaned:
        raise NotANumber(text)
    if get_group_symbol(language).isspace():  # people type an ordinary space where typesetting puts a narrow one
        cleaned = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d)", get_group_symbol(language), cleaned)
    try:
        return float(parse_decimal(cleaned, locale=language, strict=True))
    except (NumberFormatError, ValueError) as exc:
        raise NotANumber(text) from exc


def format_number(value: float, language: str) -> str:
    """``value`` written in ``language``'s notation (a translation's figures start from the original's)."""
    return format_decimal(value, locale=language)
