"""Check an experience with the curriculum's own case-study validator and say what is wrong, field by field.

The experience is written as a case-study file (:mod:`.casefile`), parsed and built by the same functions that load
the shipped curriculum (``parse_markdown_file``, ``build_case_study``, ``check_references``); each problem's line is
traced back to the form field it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..consistency import check_references
from ..frontmatter import LineList, LineMap, SourceFile, parse_markdown_file
from ..items import build_case_study
from ..model import CaseStudy, Course
from ..problems import Problem
from .casefile import LIBRARY_MODULE, case_file_text, item_id_for
from .messages import field_label, localise
from .model import LANGUAGES, LICENCES, Experience

_MISSING = re.compile(r"^missing (?:field|section) '(?P<key>[a-z_-]+)'")
_IN_GROUP = re.compile(r"' in '(?P<group>[a-z_]+)'")
_NAMED = re.compile(r"^'(?P<key>[a-z_]+)'")


@dataclass(frozen=True)
class FieldProblem:
    """One finding, attached to a form field, in the author's language (``detail`` keeps the validator's words)."""

    field: str
    label: str
    message: str
    detail: str


def _line_fields(source: SourceFile) -> dict[int, str]:
    """Which form field each line of the case file holds."""
    fields: dict[int, str] = {}

    def walk(node, path: str) -> None:
        if isinstance(node, LineMap):
            for key, line in node.lines.items():
                fields.setdefault(line, f"{path}{key}")
                walk(node[key], f"{path}{key}.")
        elif isinstance(node, LineList):
            for index, (value, line) in enumerate(zip(node, node.lines, strict=False)):
                fields[line] = f"{path}{index}"
                walk(value, f"{path}{index}.")

    walk(source.meta, "")
    for offset, text in enumerate(source.body.splitlines()):
        match = re.search(r"\{#([a-z0-9-]+)\}\s*$", text) if text.startswith("## ") else None
        if match:
            fields[source.body_line + offset] = f"sections.{match.group(1)}"
    return fields


def _field_of(problem: Problem, lines: dict[int, str], body_line: int) -> str:
    """The form field a problem is about: the field on its line, refined by the key the message names."""
    earlier = [line for line in lines if line <= problem.line]
    base = lines[max(earlier)] if earlier else ""
    missing = _MISSING.match(problem.message)
    if missing:
        key = missing.group("key")
        if problem.message.startswith("missing section"):
            return f"sections.{key}"
        group = _IN_GROUP.search(problem.message)
        if group:
            return f"{group.group('group')}.{key}"
        return f"{base}.{key}" if "' in " in problem.message and base else key
    named = _NAMED.match(problem.message)
    if named and base and "." not in base and base != named.group("key"):
        return f"{base}.{named.group('key')}"
    if problem.line >= body_line and not base.startswith("sections."):
        return "sections"
    return base


def check_experience(exp: Experience, slug: str = "experience", course: Course | None = None,
                     ) -> tuple[CaseStudy | None, list[Problem], str]:
    """The case study the experience makes, the validator's problems (``file:line``) and the case file's text."""
    item_id = item_id_for(slug)
    text = case_file_text(exp, item_id)
    path = f"{item_id.split('.', 1)[1]}.{exp.language}.md"
    source, problems = parse_markdown_file(path, text)
    if source is None:
        return None, problems, text
    case = build_case_study(source, exp.language, problems)
    known = course or Course(id="", source_language="en", titles={}, descriptions={}, licence="")
    problems += [p for p in check_references(known, [source]) if "item:" + LIBRARY_MODULE not in p.message]
    return case, sorted(set(problems)), text


def validate_experience(exp: Experience, course: Course | None = None,
                        original: Experience | None = None) -> list[FieldProblem]:
    """Every problem with the experience, per field, in its author's language; empty when it is ready to submit.

    For a translation (``original`` given) the curriculum's cross-language structure check against the original
    is part of it: same facts and figures, dates, section keys and numbers of entries.
    """
    language = exp.language if exp.language in LANGUAGES else "en"
    found: list[FieldProblem] = []
    if exp.language not in LANGUAGES:
        found.append(FieldProblem("language", "language", f"write in one of {', '.join(LANGUAGES)}",
                                  f"unknown language {exp.language!r}"))
    if exp.licence not in LICENCES:
        found.append(FieldProblem("licence", "licence", f"choose one of {', '.join(LICENCES)}",
                                  f"unknown licence {exp.licence!r}"))
    if not exp.organisation.strip():
        found.append(FieldProblem("organisation", field_label("organisation", language),
                                  localise("missing field 'organisation'", language), "missing organisation"))
    _case, problems, text = check_experience(exp, course=course)
    if original is not None:
        from .translation import structure_problems

        if original.language == exp.language:
            found.append(FieldProblem("language", "language", "a translation is in another language than its "
                                      "original", f"same language as the original: {exp.language!r}"))
        problems = sorted(set(problems) | set(structure_problems(original, exp, course)))
    source, _ = parse_markdown_file("experience.md", text)
    lines = _line_fields(source) if source else {}
    body_line = source.body_line if source else 0
    for problem in problems:
        field = _field_of(problem, lines, body_line)
        found.append(FieldProblem(field, field_label(field, language), localise(problem.message, language),
                                  problem.message))
    return found
