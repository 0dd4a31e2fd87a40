"""Problems found in curriculum content, reported to authors as ``file:line: message``.

A problem's ``message`` is the English text (for the command line, logs and tests); its ``text`` is the same as a
translatable :class:`~curriculum.messages.Message`, which a channel shows in its user's language with
:meth:`Problem.translated`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .messages import Message


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a content file, with where it is and how to fix it.

    Give ``message`` as a :class:`Message` (a marked template and its values) so that channels can translate it;
    it is kept as its English text, and the Message as ``text``.
    """

    file: str
    line: int
    message: str
    text: Message = field(default=None, compare=False, repr=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if isinstance(self.message, Message):
            object.__setattr__(self, "text", self.message)
            object.__setattr__(self, "message", str(self.message))
        elif self.text is None:
            object.__setattr__(self, "text", Message(self.message))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"

    def translated(self, gettext: Callable[[str], str]) -> str:
        """What to fix, in the language ``gettext`` translates into (without the file and line)."""
        return self.text.translated(gettext)


class ContentError(Exception):
    """Raised when content cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
