"""Checks across files: language variants share their structure, and links and images point somewhere real."""

from __future__ import annotations

import os
from collections.abc import Iterable

from .body import find_references
from .frontmatter import SourceFile
from .messages import N_, Message, message
from .model import Assessment, CaseStudy, Course, Item, PeerExercise, SelfAssessment
from .problems import Problem

LANGUAGE_NAMES = {"en": N_("English"), "es": N_("Spanish"), "fr": N_("French"), "pt": N_("Portuguese")}


def _shape(item: Item) -> list[tuple[Message | str, object, int]]:
    """What must be equal in every language variant of ``item``: (what, value, line to blame)."""
    at = item.lines.get
    top = at("id", 1)
    shape: list[tuple[Message | str, object, int]] = [("type", item.type.value, at("type", top)),
                                            ("version", item.version, at("version", top))]
    if isinstance(item, Assessment):
        shape += [("pass_mark", item.pass_mark, at("pass_mark", top)), ("attempts", item.attempts, at("attempts", top)),
                  (Message(N_("question ids")), [q.id for q in item.questions], at("questions", top))]
        for q in item.questions:
            shape.append((message(N_("question '{id}'"), id=q.id),
                          (q.type.value, q.points, [(o.id, o.correct) for o in q.options], q.answer, q.tolerance,
                           q.uses_case), q.line))
    elif isinstance(item, PeerExercise):
        review_criteria = item.review_rubric.criteria if item.review_rubric else ()
        shape += [("peer_reviews", item.peer_reviews, at("peer_reviews", top)),
                  ("self_assessment", item.self_assessment, at("self_assessment", top)),
                  ("response_formats", sorted(item.response_formats), at("response_formats", top)),
                  (Message(N_("rubric criteria")), [c.id for c in item.rubric.criteria], at("rubric", top)),
                  (Message(N_("review_rubric criteria")),
                   [c.id for c in review_criteria] if item.review_rubric else None, at("review_rubric", top))]
        for c in item.rubric.criteria + review_criteria:
            shape.append((message(N_("rubric criterion '{id}' points"), id=c.id), [lv.points for lv in c.levels],
                          c.line or top))
    elif isinstance(item, SelfAssessment):
        shape += [("areas", [a.area for a in item.areas], at("areas", top)),
                  (Message(N_("number of levels")), len(item.level_labels), at("levels", top))]
        for a in item.areas:
            shape.append((message(N_("area '{area}' (levels, questions, evidence)"), area=a.area),
                          (len(a.levels), len(a.questions), len(a.evidence)), a.line or top))
    elif isinstance(item, CaseStudy):
        f = item.facts
        shape += [
            (Message(N_("facts (members, women_percent, youth_percent)")),
             (f.members, f.women_percent, f.youth_percent), at("facts", top)),
            (Message(N_("number of certifications")), len(f.certifications), at("facts", top)),
            ("maturity", f.maturity, at("facts", top)),
            (Message(N_("section keys")), [s.key for s in item.sections],
             item.sections[0].line if item.sections else top),
            (Message(N_("timeline dates")), [p.date for p in item.timeline], at("timeline", top)),
            (Message(N_("indicator values")), [(i.before, i.after) for i in item.indicators], at("indicators", top)),
            (Message(N_("number of lessons")), len(item.lessons), at("lessons", top)),
            (Message(N_("number of recommendations")), len(item.recommendations), at("recommendations", top)),
            (Message(N_("discussion questions per section")), {k: len(v) for k, v in item.discussion.items()},
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
                    problems.append(Problem(item.source, 1, message(N_("'{id}' has no {language} variant, the source "
                                                                       "language: add '{file}'"), id=item_id,
                                                                    language=source_lang,
                                                                    file=_expected_name(item, source_lang))))
                continue
            for lang, item in sorted(variants.items()):
                if lang != source_lang:
                    problems += variant_differences(source, item, source_lang)
    return problems


def variant_differences(source: Item, item: Item, source_lang: str) -> list[Problem]:
    """Where ``item`` (a translation) differs in structure from ``source``, its source-language variant."""
    problems = []
    lang = item.language
    for (what, want, _), (_, got, line) in zip(_shape(source), _shape(item), strict=False):
        if want != got:
            problems.append(Problem(
                item.source, line,
                message(N_("the {language} variant differs from the source language ({source}) in {what}: {source} "
                           "has {want}, this file has {got}"),
                        language=Message(LANGUAGE_NAMES[lang]) if lang in LANGUAGE_NAMES else lang,
                        source=source_lang, what=what, want=repr(want), got=repr(got))))
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
                    problems.append(Problem(source.path, ref.line, message(N_("the image '{target}' has no alt text: "
                                                                              "describe it inside the brackets, "
                                                                              "![like this](…)"), target=ref.target)))
                if ref.target and "://" not in ref.target and not os.path.isfile(os.path.join(folder, ref.target)):
                    problems.append(Problem(source.path, ref.line, message(N_("the image file '{target}' does not "
                                                                              "exist next to this file"),
                                                                           target=ref.target)))
                continue
            target = ref.target
            if target.startswith("item:"):
                if target[5:] not in item_ids:
                    problems.append(Problem(source.path, ref.line, message(N_("broken link: no item '{id}' in the "
                                                                              "curriculum (check the id in its front "
                                                                              "matter)"), id=target[5:])))
            elif target.startswith("module:"):
                if target[7:] not in module_ids:
                    problems.append(Problem(source.path, ref.line,
                                            message(N_("broken link: no module '{id}'"), id=target[7:])))
            elif target.endswith(".md") and "://" not in target:
                problems.append(Problem(source.path, ref.line, message(N_("broken link '{target}': link to other "
                                                                          "items as 'item:<id>' (e.g. "
                                                                          "item:governance.case)"), target=target)))
    return problems
