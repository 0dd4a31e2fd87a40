"""Split a Markdown file into YAML front matter and body, keeping the line of every YAML value.

Line numbers let the validator point an author at ``file:line`` instead of printing a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .messages import N_, Message, message
from .problems import Problem

_FENCE = re.compile(r"^---\s*$")


class LineMap(dict):
    """A YAML mapping that remembers the line (1-based) of itself and of each key. One built in code (a stand-in
    for a missing block) has no key lines and is blamed on line 1 until the loader says otherwise."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = 1
        self.lines: dict[Any, int] = {}  # an empty block ("facts: {}") still answers line questions


class LineList(list):
    """A YAML sequence that remembers the line (1-based) of itself and of each entry."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.line = 1
        self.lines: list[int] = []


# libyaml's parser when PyYAML has it (the wheels do): about ten times faster on the whole curriculum.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):
    """A safe loader that builds :class:`LineMap` / :class:`LineList` with line numbers."""

    offset = 0

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineMap:  # type: ignore[override]
        result = LineMap(super().construct_mapping(node, deep=True))
        result.line = node.start_mark.line + 1 + self.offset
        result.lines = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1 + self.offset
            value = result.get(key)
            if isinstance(value, (LineMap, LineList)):
                value.line = result.lines[key]  # a nested block is blamed on the line of its key
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:  # type: ignore[override]
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1 + self.offset
        result.lines = [child.start_mark.line + 1 + self.offset for child in node.value]
        return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _LineLoader.construct_sequence)
# Dates stay text: authors write "2019-03" or "2019-03-01" and mean the words they typed.
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class SourceFile:
    """A parsed content file: its front matter, its body and where the body starts."""

    path: str
    meta: LineMap
    body: str
    body_line: int  # line number of the body's first line
    folder: str = ""  # the real folder the file is in (``path`` is what authors are shown)


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[Any, list[Problem]]:
    """Parse YAML whose first line is line ``first_line`` of ``path``; values carry their file lines."""
    loader = _LineLoader(text)
    loader.offset = first_line - 1
    try:
        return loader.get_single_data(), []
    except yaml.MarkedYAMLError as exc:
        # An unclosed bracket or quote is best shown where it opened; anything else where the parser stopped.
        opened = exc.context_mark if exc.context and ("flow" in exc.context or "quoted" in exc.context) else None
        mark = opened or exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        reason = (exc.problem or "invalid YAML").strip()
        hint = Message(N_("check indentation and quotes"))
        if "mapping values are not allowed" in reason:
            hint = Message(N_("a text containing ': ' must be put in quotes, e.g. title: \"Premium: how we decided\""))
        return None, [Problem(path, line, message(N_("not valid YAML ({reason}); {hint}"), reason=reason, hint=hint))]
    finally:
        loader.dispose()


def parse_markdown_file(path: str, text: str) -> tuple[SourceFile | None, list[Problem]]:
    """Parse ``text`` (the contents of ``path``); return the file, or None and the problems found."""
    lines = text.splitlines()
    if not lines or not _FENCE.match(lines[0]):
        return None, [Problem(path, 1, Message(N_("the file must start with a line '---' opening its front matter")))]
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        return None, [Problem(path, 1, Message(N_("the front matter is never closed: add a line '---' after it")))]
    meta, problems = parse_yaml("\n".join(lines[1:end]), path, first_line=2)
    if problems:
        return None, problems
    if meta is None:
        meta = LineMap()
        meta.line, meta.lines = 2, {}
    if not isinstance(meta, LineMap):
        return None, [Problem(path, 2, Message(N_("the front matter must be a list of 'key: value' lines")))]
    body = "\n".join(lines[end + 1 :])
    return SourceFile(path=path, meta=meta, body=body, body_line=end + 2), []
