"""Language negotiation shared by every channel: a locale's language (``es-419`` → ``es``, ``pt_BR`` → ``pt``) and
the supported language it asks for. Which variant of an item a learner reads is :meth:`Course.find_item`."""

from __future__ import annotations


def short_language(code: str | None) -> str:
    """The language part of a locale, lower case: ``'es-419'`` → ``'es'``, ``'pt_BR'`` → ``'pt'``, None → ``''``."""
    if not code or not isinstance(code, str):
        return ""
    return code.strip().replace("_", "-").split("-", 1)[0].lower()


def supported_language(code: str | None, supported: tuple[str, ...] | list[str]) -> str | None:
    """The supported language a locale asks for (``'pt_BR'`` with ``('en', 'pt')`` → ``'pt'``), or None."""
    language = short_language(code)
    return language if language and language in supported else None
