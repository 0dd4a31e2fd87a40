"""Texts the core writes for learners and authors, kept translatable.

Each is an English template with named fields, marked with :func:`N_` so that a channel's catalogue tool extracts it
(the blocks' ``xblocks/update_translations.py`` reads this package too) and the channel translates it where it is shown:
``error.message.translated(gettext)``. ``str()`` of the error stays the English text, for logs and tests.

A field's value may itself be a :class:`Message` (a phrase such as " in question 2" that goes inside another
text); it is translated with the text around it. A template with fields writes a literal brace as ``{{``/``}}``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def N_(template: str) -> str:  # noqa: N802 - the conventional name of gettext_noop
    """Mark a template for extraction; it is translated where it is shown, not here."""
    return template


@dataclass(frozen=True)
class Message:
    """A text for people: a marked template and the values of its fields."""

    template: str
    params: dict[str, Any] = field(default_factory=dict)

    def translated(self, gettext: Callable[[str], str]) -> str:
        """The text in the language ``gettext`` translates into (English where it has no translation)."""
        text = gettext(self.template)
        if not self.params:
            return text
        return text.format(**{name: value.translated(gettext) if isinstance(value, Message) else value
                              for name, value in self.params.items()})

    def __str__(self) -> str:
        return self.translated(lambda template: template)


def message(template: str, **params: Any) -> Message:
    """A :class:`Message` from a marked template and its fields' values."""
    return Message(template, params)


class MessageError(ValueError):
    """An error whose explanation is a translatable :class:`Message`."""

    def __init__(self, template: str, **params: Any) -> None:
        self.message = Message(template, params)
        super().__init__(str(self.message))
