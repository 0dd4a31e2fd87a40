"""Numbers as authors write them in their language: ``1.234,5`` in Spanish, ``1 234,5`` in French."""

from __future__ import annotations

import re

from babel.numbers import NumberFormatError, format_decimal, get_decimal_symbol, get_group_symbol, parse_decimal


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


def parse_coordinate(text: str, language: str) -> float:
    """A latitude or longitude in decimal degrees as typed in ``language``; raises :class:`NotANumber` otherwise.

    Degrees never reach a thousand, so a coordinate has no grouping mark: the language's decimal mark (``12,5`` in
    Spanish) is its decimal point, and so is the point that maps and GPS devices write in every language
    (``-7.16``). A comma in English is refused rather than read as a grouping mark (``12,5`` is not 125 degrees).
    """
    cleaned = (text or "").strip().replace("\u2212", "-")
    decimal = get_decimal_symbol(language)
    if decimal != "." and "." not in cleaned:
        cleaned = cleaned.replace(decimal, ".", 1)
    if not re.fullmatch(r"[+-]?\d+(?:\.\d+)?|[+-]?\.\d+", cleaned):
        raise NotANumber(text)
    return float(cleaned)


def format_number(value: float, language: str) -> str:
    """``value`` written in ``language``'s notation (a translation's figures start from the original's)."""
    return format_decimal(value, locale=language)
