"""Typed reads from YAML front matter that record a problem (with its line) instead of raising.

Every problem is a translatable :class:`~curriculum.messages.Message`. ``where`` (e.g. " in question 2") is a
phrase that goes inside those texts: give it as a Message too (``message(N_(" in question {n}"), n=2)``), so that it
is translated with them.
"""

from __future__ import annotations

from typing import Any

from .frontmatter import LineList, LineMap
from .messages import N_, Message, message
from .problems import Problem

Where = Message | str

_MISSING = object()


class FieldReader:
    """Reads fields of one file's front matter, collecting every problem it meets."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = problems

    def problem(self, line: int, text: Message | str) -> None:
        """Record a problem; ``text`` is a :class:`Message` (a plain string cannot be translated)."""
        self.problems.append(Problem(self.path, line, text))

    @staticmethod
    def line_of(mapping: Any, key: Any = None) -> int:
        if isinstance(mapping, LineMap):
            return mapping.lines.get(key, mapping.line) if key is not None else mapping.line
        if isinstance(mapping, LineList):
            if isinstance(key, int) and 0 <= key < len(mapping.lines):
                return mapping.lines[key]
            return mapping.line
        return 1

    def _fetch(self, mapping: LineMap, key: str, required: bool, where: Where) -> Any:
        if not isinstance(mapping, dict):
            return _MISSING
        value = mapping.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.problem(self.line_of(mapping), message(N_("missing field '{key}'{where}: add '{key}: …'"),
                                                            key=key, where=where))
            return _MISSING
        return value

    def text(self, mapping: LineMap, key: str, required: bool = True, default: str = "", where: Where = "") -> str:
        value = self._fetch(mapping, key, required, where)
        if value is _MISSING:
            return default
        if isinstance(value, (dict, list)):
            self.problem(self.line_of(mapping, key),
                         message(N_("'{key}'{where} must be text, not a list or mapping"), key=key, where=where))
            return default
        text = str(value).strip()
        if required and not text:
            self.problem(self.line_of(mapping, key),
                         message(N_("'{key}'{where} is empty: write its text"), key=key, where=where))
        return text

    def integer(self, mapping: LineMap, key: str, required: bool = True, default: int = 0, minimum: int = 0,
                where: Where = "") -> int:
        value = self._fetch(mapping, key, required, where)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.problem(self.line_of(mapping, key),
                         message(N_("'{key}'{where} must be a whole number of at least {minimum}, not {value}"),
                                 key=key, where=where, minimum=minimum, value=repr(value)))
            return default
        return value

    def number(self, mapping: LineMap, key: str, required: bool = True, default: float | None = 0.0,
               where: Where = "") -> float | None:
        value = self._fetch(mapping, key, required, where)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(self.line_of(mapping, key), message(N_("'{key}'{where} must be a number, not {value}"),
                                                             key=key, where=where, value=repr(value)))
            return default
        return float(value)

    def boolean(self, mapping: LineMap, key: str, required: bool = True, default: bool = False,
                where: Where = "") -> bool:
        value = self._fetch(mapping, key, required, where)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self.problem(self.line_of(mapping, key), message(N_("'{key}'{where} must be true or false, not {value}"),
                                                             key=key, where=where, value=repr(value)))
            return default
        return value

    def mapping(self, mapping: LineMap, key: str, required: bool = True, where: Where = "") -> LineMap | None:
        value = self._fetch(mapping, key, required, where)
        if value is _MISSING:
            return None
        if not isinstance(value, LineMap):
            self.problem(self.line_of(mapping, key),
                         message(N_("'{key}'{where} must be a group of 'key: value' lines"), key=key, where=where))
            return None
        return value

    def sequence(self, mapping: LineMap, key: str, required: bool = True, where: Where = "") -> LineList:
        value = self._fetch(mapping, key, required, where)
        if value is _MISSING:
            empty = LineList()
            empty.line, empty.lines = self.line_of(mapping, key), []
            return empty
        if not isinstance(value, LineList):
            self.problem(self.line_of(mapping, key),
                         message(N_("'{key}'{where} must be a list (lines starting with '- ')"), key=key, where=where))
            empty = LineList()
            empty.line, empty.lines = self.line_of(mapping, key), []
            return empty
        return value

    def texts(self, mapping: LineMap, key: str, required: bool = True, where: Where = "") -> tuple[str, ...]:
        values = self.sequence(mapping, key, required, where)
        result = []
        for index, value in enumerate(values):
            if value is None or isinstance(value, (dict, list)) or not str(value).strip():
                self.problem(self.line_of(values, index),
                             message(N_("entry {n} of '{key}'{where} must be non-empty text"), n=index + 1, key=key,
                                     where=where))
                continue
            result.append(str(value).strip())
        return tuple(result)

    def mappings(self, mapping: LineMap, key: str, required: bool = True, where: Where = "") -> list[LineMap]:
        values = self.sequence(mapping, key, required, where)
        result = []
        for index, value in enumerate(values):
            if not isinstance(value, LineMap):
                self.problem(self.line_of(values, index),
                             message(N_("entry {n} of '{key}'{where} must be a group of 'key: value' lines"),
                                     n=index + 1, key=key, where=where))
                continue
            result.append(value)
        return result

    def unknown_keys(self, mapping: LineMap, allowed: set[str], where: Where = "") -> None:
        for key in mapping:
            if key not in allowed:
                hint = (Message(N_(" (a comma inside {…} starts a new field: put text with commas in quotes)"))
                        if mapping.get(key) is None else "")
                self.problem(self.line_of(mapping, key),
                             message(N_("unknown field '{key}'{where}: expected one of {allowed}{hint}"), key=key,
                                     where=where, allowed=", ".join(sorted(allowed)), hint=hint))
