"""Check an experience with the curriculum's own case-study validator and say what is wrong, field by field.

The experience is written as a case-study file (:mod:`.casefile`), parsed and built by the same functions that load
the shipped curriculum (``parse_markdown_file``, ``build_case_study``, ``check_references``); each problem's line is
traced back to the form field it came from.

A finding of a kind :mod:`.messages` knows is said in the author's language by the core; any other is the
validator's own translatable message, which the channel showing the form translates (``gettext`` in the author's
language), so the author never meets an English sentence the channel's catalogue could have said in their language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..consistency import check_references
from ..frontmatter import LineList, LineMap, SourceFile, parse_markdown_file
from ..items import build_case_study
from ..messages import N_, Message, message
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
    """One finding, attached to a form field, in the author's language (``detail`` keeps the validator's words).

    ``text`` is the finding as a translatable message when the core could not say it in the author's language
    itself (then ``message`` is its English text, unless a ``gettext`` was given to :func:`validate_experience`).
    """

    field: str
    label: str
    message: str
    detail: str
    text: Message | None = field(default=None, compare=False)


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
                        original: Experience | None = None,
                        gettext: Callable[[str], str] | None = None) -> list[FieldProblem]:
    """Every problem with the experience, per field, in its author's language; empty when it is ready to submit.

    For a translation (``original`` given) the curriculum's cross-language structure check against the original
    is part of it: same facts and figures, dates, section keys and numbers of entries. ``gettext`` translates the
    core's messages into the author's language (the channel's catalogue); without it, findings of a kind the core
    cannot say in that language keep their English text.
    """
    language = exp.language if exp.language in LANGUAGES else "en"
    say = gettext or (lambda template: template)
    found: list[FieldProblem] = []
    if exp.language not in LANGUAGES:
        wanted = message(N_("write in one of {languages}"), languages=", ".join(LANGUAGES))
        found.append(FieldProblem("language", "language", wanted.translated(say),
                                  f"unknown language {exp.language!r}", wanted))
    if exp.licence not in LICENCES:
        wanted = message(N_("choose one of {licences}"), licences=", ".join(LICENCES))
        found.append(FieldProblem("licence", "licence", wanted.translated(say),
                                  f"unknown licence {exp.licence!r}", wanted))
    if not exp.organisation.strip():
        found.append(FieldProblem("organisation", field_label("organisation", language),
                                  localise("missing field 'organisation'", language) or "",
                                  "missing organisation"))
    _case, problems, text = check_experience(exp, course=course)
    if original is not None:
        from .translation import structure_problems

        if original.language == exp.language:
            wanted = message(N_("a translation is in another language than its original"))
            found.append(FieldProblem("language", "language", wanted.translated(say),
                                      f"same language as the original: {exp.language!r}", wanted))
        problems = sorted(set(problems) | set(structure_problems(original, exp, course)))
    source, _ = parse_markdown_file("experience.md", text)
    lines = _line_fields(source) if source else {}
    body_line = source.body_line if source else 0
    for problem in problems:
        where = _field_of(problem, lines, body_line)
        said = localise(problem.message, language)
        found.append(FieldProblem(where, field_label(where, language), said or problem.translated(say),
                                  problem.message, None if said else problem.text))
    return found
