"""Ways an author (or a bad merge) can break a curriculum file, for the validator's fuzz test: YAML values of the
wrong type, front matter that is no longer a mapping or is not closed, Markdown headings removed, duplicated or
renamed. Each mutation is a pure function of the file's text and a few choices hypothesis draws."""

from __future__ import annotations

from typing import Any

import yaml

ODD_VALUES: list[Any] = [
    None, 0, -1, 3.5, 10**20, True, "", "text", "a: b", [], ["a", 1], [None], {}, {"x": {"y": [1, {"z": None}]}},
    [{"a": 1}, "b"], "2019-13-45", "🙂" * 3, b"bytes", {"a", "b"}, float("nan"), float("inf"), -0.0,
]
ODD_KEYS: list[Any] = [1, None, True, 2.5, "Title", "title ", "", "id.x"]


def split(text: str) -> tuple[str, str] | None:
    """(front matter, body) of a well-formed file, or None."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        return None
    return text[4:end + 1], text[end + 5:]


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key or index path in a YAML value (the value itself included)."""
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, prefix + (index,))
    return found


def _replace(value: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replace(value[head], rest, new)}
    copy = list(value)
    copy[head] = _replace(copy[head], rest, new)
    return copy


def retype_value(text: str, pick: int, odd: int) -> str:
    """Replace one front-matter value (chosen by ``pick``) with an odd one (chosen by ``odd``)."""
    parts = split(text)
    if parts is None:
        return text
    meta = yaml.safe_load(parts[0])
    paths = _paths(meta)
    path = paths[pick % len(paths)]
    meta = _replace(meta, path, ODD_VALUES[odd % len(ODD_VALUES)])
    dumped = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) if meta is not None else ""
    return f"---\n{dumped}---\n{parts[1]}"


def drop_key(text: str, pick: int, _odd: int) -> str:
    parts = split(text)
    if parts is None:
        return text
    meta = yaml.safe_load(parts[0])
    if not isinstance(meta, dict) or not meta:
        return text
    key = list(meta)[pick % len(meta)]
    meta = {k: v for k, v in meta.items() if k != key}
    return f"---\n{yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)}---\n{parts[1]}"


def rekey(text: str, pick: int, odd: int) -> str:
    """Rename one key, anywhere in the front matter, to an odd one (a number, null, a near miss)."""
    parts = split(text)
    if parts is None:
        return text
    meta = yaml.safe_load(parts[0])
    mappings = [p for p in _paths(meta) if isinstance(_get(meta, p), dict) and _get(meta, p)]
    if not mappings:
        return text
    path = mappings[pick % len(mappings)]
    block = _get(meta, path)
    old = list(block)[odd % len(block)]
    new_key = ODD_KEYS[odd % len(ODD_KEYS)]
    renamed = {(new_key if k == old else k): v for k, v in block.items()}
    meta = _replace(meta, path, renamed)
    return f"---\n{yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)}---\n{parts[1]}"


def _get(value: Any, path: tuple) -> Any:
    for step in path:
        value = value[step]
    return value


def break_front_matter(text: str, pick: int, _odd: int) -> str:
    parts = split(text)
    if parts is None:
        return text
    front, body = parts
    variants = [
        body,  # no front matter at all
        f"---\n{front}{body}",  # never closed
        f"---\n- {front.splitlines()[0]}\n- two\n---\n{body}",  # a list, not a mapping
        f"---\n{front}key: [unclosed\n---\n{body}",  # invalid YAML
        f"---\n---\n{body}",  # empty
        f"---\n{front}{front}---\n{body}",  # every key twice
        f"---\n\tid: tabbed\n{front}---\n{body}",  # a tab
        f"---\njust a sentence\n---\n{body}",  # a scalar
        f"---\n{front}---\n---\n{front}---\n{body}",  # two front matters
    ]
    return variants[pick % len(variants)]


def _heading_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.startswith("#")]


def mutate_heading(text: str, pick: int, odd: int) -> str:
    lines = text.split("\n")
    headings = _heading_lines(lines)
    if not headings:
        return text
    index = headings[pick % len(headings)]
    line = lines[index]
    how = odd % 6
    if how == 0:
        del lines[index]  # removed
    elif how == 1:
        lines.insert(index, line)  # duplicated
    elif how == 2:
        lines[index] = line.split("{", 1)[0].rstrip() + " renamed"  # renamed, anchor lost
    elif how == 3:
        lines[index] = "#" + line  # one level deeper
    elif how == 4:
        lines[index] = line.lstrip("#").strip() or "text"  # no longer a heading
    else:
        lines[index] = line.replace("{#", "{#x-")  # unknown section key
    return "\n".join(lines)


def scramble_bytes(text: str, pick: int, odd: int) -> str:
    how = odd % 4
    if how == 0:
        return ""
    if how == 1:
        return text[: pick % max(1, len(text))]  # cut short
    if how == 2:
        return text.replace("\n", "\r\n")
    return text + "\n\x00"


MUTATIONS = [retype_value, drop_key, rekey, break_front_matter, mutate_heading, scramble_bytes]
