"""Editor fields and value checks that more than one block's Studio editor uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from curriculum.problems import Problem

from . import deadlines


def number_setting(raw: Any, message: str, problems: list[str]) -> float | None:
    """A non-negative number from an editor value, or None with ``message`` added to ``problems``."""
    try:
        value = float(raw)
    except (TypeError, ValueError):
        problems.append(message)
        return None
    if value < 0 or value != value:
        problems.append(message)
        return None
    return value


def due_field(block) -> dict[str, Any]:
    _t = block.gettext
    return {"name": "due_behaviour", "kind": "select", "label": _t("After the due date"),
            "value": block.due_behaviour,
            "options": [{"value": deadlines.CLOSE, "label": _t("Close: no more submissions"),
                         "selected": block.due_behaviour == deadlines.CLOSE},
                        {"value": deadlines.ACCEPT_LATE, "label": _t("Accept late work, marked late"),
                         "selected": block.due_behaviour == deadlines.ACCEPT_LATE}]}


def yaml_customisation_problems(text: str, read: Callable[..., tuple[Any, list[Problem]]], label: str,
                                gettext: Callable[[str], str]) -> list[str]:
    """Problems in an author's YAML customisation (questions or rubric), read by the curriculum's own reader and
    said in the language ``gettext`` translates into: "<label>, line <n>: <what to fix>"."""
    if not text.strip():
        return []
    _value, found = read(text, path=label)
    return [gettext("{where}, line {line}: {problem}").format(where=label, line=p.line, problem=p.translated(gettext))
            for p in found]


def clean_customisation(block, values: dict[str, Any], field: str, read: Callable[..., tuple[Any, list[Problem]]],
                        label: str, problems: list[str], cleaned: dict[str, Any]) -> None:
    """Take an editor's YAML customisation field, recording its problems in the author's language."""
    if field in values:
        text = str(values[field] or "")
        problems.extend(yaml_customisation_problems(text, read, label, block.gettext))
        cleaned[field] = text


def clean_due(block, values: dict[str, Any], problems: list[str], cleaned: dict[str, Any]) -> None:
    if "due_behaviour" in values:
        if values["due_behaviour"] not in deadlines.DUE_BEHAVIOURS:
            problems.append(block.gettext("Choose what happens after the due date."))
        cleaned["due_behaviour"] = values["due_behaviour"]
