"""Picking the interface language from a launch's ``locale`` (``es-ES``, ``pt_BR``, ``fr``…)."""

from __future__ import annotations


def launch_language(locale: str | None, supported: tuple[str, ...]) -> str | None:
    """The supported language a locale asks for, or None."""
    if not locale or not isinstance(locale, str):
        return None
    lang = locale.replace("_", "-").split("-", 1)[0].lower()
    return lang if lang in supported else None
