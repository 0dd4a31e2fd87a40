"""Checks across files: language variants share their structure, and links and images point somewhere real."""

from __future__ import annotations

import os
from collections.abc import Iterable

from .body import find_references
from .frontmatter import SourceFile
from .model import Assessment, CaseStudy, Course, Item, PeerExercise
from .problems import Problem

LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "pt": "Portuguese"}


def _shape(item: Item) -> list[tuple[str, object, int]]:
    """What must be equal in every language variant of ``item``: (what, value, line to blame)."""
    at = item.lines.get
    top = at("id", 1)
    shape: list[tuple[str, object, int]] = [("type", item.type.value, at("type", top)),
                                            ("version", item.version, at("version", top))]
    if isinstance(item, Assessment):
        shape += [("pass_mark", item.pass_mark, at("pass_mark", top)), ("attempts", item.attempts, at("attempts", top)),
                  ("question ids", [q.id for q in item.questions], at("questions", top))]
        for q in item.questions:
            shape.append((f"question '{q.id}'", (q.type.value, q.points, [(o.id, o.correct) for o in q.options],
                                                 q.answer, q.tolerance, q.uses_case), q.line))
    elif isinstance(item, PeerExercise):
        review_criteria = item.review_rubric.criteria if item.review_rubric else ()
        shape += [("peer_reviews", item.peer_reviews, at("peer_reviews", top)),
                  ("self_assessment", item.self_assessment, at("self_assessment", top)),
                  ("response_formats", sorted(item.response_formats), at("response_formats", top)),
                  ("rubric criteria", [c.id for c in item.rubric.criteria], at("rubric", top)),
                  ("review_rubric criteria", [c.id for c in review_criteria] if item.review_rubric else None,
                   at("review_rubric", top))]
        for c in item.rubric.criteria + review_criteria:
            shape.append((f"rubric criterion '{c.id}' points", [lv.points for lv in c.levels], c.line or top))
    elif isinstance(item, CaseStudy):
        f = item.facts
        shape += [
            ("facts (members, women_percent, youth_percent)", (f.members, f.women_percent, f.youth_percent),
             at("facts", top)),
            ("number of certifications", len(f.certifications), at("facts", top)),
            ("maturity", f.maturity, at("facts", top)),
            ("section keys", [s.key for s in item.sections], item.sections[0].line if item.sections else top),
            ("timeline dates", [p.date for p in item.timeline], at("timeline", top)),
            ("indicator values", [(i.before, i.after) for i in item.indicators], at("indicators", top)),
            ("number of lessons", len(item.lessons), at("lessons", top)),
            ("number of recommendations", len(item.recommendations), at("recommendations", top)),
            ("discussion questions per section", {k: len(v) for k, v in item.discussion.items()},
             at("discussion", top)),
        ]
    return shape


def check_language_variants(course: Course) -> list[Problem]:
    """Every variant of an item (and module) must match the source language's structure."""
    problems: list[Problem] = []
    source_lang = course.source_language
    for module in course.modules:
        for item_id, variants in module.items.items():
            source = variants.get(source_lang)
            if source is None:
                for item in variants.values():
                    problems.append(Problem(item.source, 1, f"'{item_id}' has no {source_lang} variant, the source "
                                                            f"language: add '{_expected_name(item, source_lang)}'"))
                continue
            expected = _shape(source)
            for lang, item in sorted(variants.items()):
                if lang == source_lang:
                    continue
                for (what, want, _), (_, got, line) in zip(expected, _shape(item), strict=False):
                    if want != got:
                        problems.append(Problem(
                            item.source, line,
                            f"the {LANGUAGE_NAMES.get(lang, lang)} variant differs from the source language "
                            f"({source_lang}) in {what}: {source_lang} has {want!r}, this file has {got!r}"))
    return problems


def _expected_name(item: Item, lang: str) -> str:
    base = os.path.basename(item.source)
    return base.split(".", 1)[0] + f".{lang}.md"


def check_references(course: Course, sources: Iterable[SourceFile]) -> list[Problem]:
    """Internal links must name an existing item or module; images need alt text and an existing file."""
    problems: list[Problem] = []
    item_ids = set(course.all_item_ids())
    module_ids = {m.id for m in course.modules}
    for source in sources:
        folder = source.folder or os.path.dirname(source.path)
        for ref in find_references(source.body, source.body_line):
            if ref.kind == "image":
                if not ref.text:
                    problems.append(Problem(source.path, ref.line, f"the image '{ref.target}' has no alt text: "
                                                                   "describe it inside the brackets, ![like this](…)"))
                if ref.target and "://" not in ref.target and not os.path.isfile(os.path.join(folder, ref.target)):
                    problems.append(Problem(source.path, ref.line, f"the image file '{ref.target}' does not exist "
                                                                   f"next to this file"))
                continue
            target = ref.target
            if target.startswith("item:"):
                if target[5:] not in item_ids:
                    problems.append(Problem(source.path, ref.line, f"broken link: no item '{target[5:]}' in the "
                                                                   "curriculum (check the id in its front matter)"))
            elif target.startswith("module:"):
                if target[7:] not in module_ids:
                    problems.append(Problem(source.path, ref.line, f"broken link: no module '{target[7:]}'"))
            elif target.endswith(".md") and "://" not in target:
                problems.append(Problem(source.path, ref.line, f"broken link '{target}': link to other items as "
                                                               "'item:<id>' (e.g. item:governance.case)"))
    return problems
