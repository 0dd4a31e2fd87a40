"""Build model objects from parsed content files, one builder per kind of file.

Each builder reads front matter through a :class:`FieldReader`, so every problem is recorded with its
line and building goes on: an author sees all that is wrong in one run.
"""

from __future__ import annotations

import re

from .body import split_sections
from .fields import FieldReader
from .figures import number_in_text
from .frontmatter import LineMap, SourceFile
from .messages import N_, Message, message
from .model import (
    CASE_SECTIONS,
    DISCUSSION_KEYS,
    LICENCE,
    PEER_EXERCISE_SECTIONS,
    REQUIRED_CASE_SECTIONS,
    REQUIRED_PEER_EXERCISE_SECTIONS,
    Assessment,
    CaseStudy,
    Facts,
    FrameworkRef,
    Framing,
    Indicator,
    Item,
    ItemType,
    MaturityArea,
    ModuleVariant,
    Option,
    PeerExercise,
    Question,
    QuestionType,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Section,
    SelfAssessment,
    TimelinePhase,
)
from .problems import Problem
from .vocabulary import COMPETENCY_AREAS, MATURITY_LEVELS, RESPONSE_FORMATS

ITEM_ID = re.compile(r"^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$")
MODULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
COMMON_ITEM_FIELDS = {"id", "type", "version", "language", "licence", "title", "estimated_minutes"}


def _common(reader: FieldReader, meta: LineMap, language: str) -> dict:
    item_id = reader.text(meta, "id")
    if item_id and not ITEM_ID.match(item_id):
        reader.problem(reader.line_of(meta, "id"),
                       message(N_("the id '{id}' must look like 'module.item' in lower case, e.g. 'governance.case'"),
                               id=item_id))
    declared = reader.text(meta, "language", required=False)
    if declared and declared != language:
        reader.problem(reader.line_of(meta, "language"),
                       message(N_("the file name says language '{language}' but the front matter says '{declared}'"),
                               language=language, declared=declared))
    return {
        "id": item_id,
        "version": reader.integer(meta, "version", minimum=1, default=1),
        "language": language,
        "licence": reader.text(meta, "licence", default=LICENCE),
        "title": reader.text(meta, "title"),
        "estimated_minutes": reader.integer(meta, "estimated_minutes", minimum=1, default=1),
        "lines": dict(meta.lines),
    }


def _sections(reader: FieldReader, source: SourceFile, known: tuple[str, ...], required: tuple[str, ...],
              ) -> tuple[str, tuple[Section, ...]]:
    intro, sections = split_sections(source.path, source.body, source.body_line, reader.problems)
    keys = {s.key for s in sections}
    for section in sections:
        if section.key not in known:
            reader.problem(section.line, message(N_("unknown section key '{key}': use one of {known}"),
                                                 key=section.key, known=", ".join(known)))
        elif not section.markdown:
            reader.problem(section.line, message(N_("the section '{key}' is empty: write its text"), key=section.key))
    for key in required:
        if key not in keys:
            reader.problem(source.body_line, message(N_("missing section '{key}': add a heading like "
                                                        "'## … {{#{key}}}' and its text"), key=key))
    return intro, tuple(sections)


def build_case_study(source: SourceFile, language: str, problems: list[Problem]) -> CaseStudy:
    reader, meta = FieldReader(source.path, problems), source.meta
    reader.unknown_keys(meta, COMMON_ITEM_FIELDS | {"summary", "composite_note", "facts", "framing", "timeline",
                                                    "indicators", "lessons", "recommendations", "discussion",
                                                    "prompts"})
    common = _common(reader, meta, language)
    facts_map = reader.mapping(meta, "facts") or LineMap()
    where = message(N_(" in '{group}'"), group="facts")
    facts = Facts(
        country=reader.text(facts_map, "country", where=where),
        commodity=reader.text(facts_map, "commodity", where=where),
        organisation_type=reader.text(facts_map, "organisation_type", where=where),
        members=reader.integer(facts_map, "members", minimum=1, default=1, where=where),
        women_percent=reader.number(facts_map, "women_percent", required=False, default=None, where=where),
        youth_percent=reader.number(facts_map, "youth_percent", required=False, default=None, where=where),
        certifications=reader.texts(facts_map, "certifications", required=False, where=where),
        period=reader.text(facts_map, "period", required=False, where=where),
        maturity=reader.text(facts_map, "maturity", required=False, where=where),
    )
    if facts.maturity and facts.maturity not in MATURITY_LEVELS:
        reader.problem(reader.line_of(facts_map, "maturity"),
                       message(N_("unknown maturity '{maturity}': use one of {levels} (the same key in every "
                                  "language)"), maturity=facts.maturity, levels=", ".join(MATURITY_LEVELS)))
    for key in ("women_percent", "youth_percent"):
        value = getattr(facts, key)
        if value is not None and not 0 <= value <= 100:
            reader.problem(reader.line_of(facts_map, key),
                           message(N_("'{key}' is a percentage between 0 and 100, not {value}"), key=key, value=value))
    framing = None
    framing_map = reader.mapping(meta, "framing", required=False)
    if framing_map is not None:
        framing = Framing(*(reader.text(framing_map, k, where=message(N_(" in '{group}'"), group="framing"))
                            for k in ("objective", "object", "central_question")))
    timeline = tuple(
        TimelinePhase(
            date=reader.text(phase, "date", where=message(N_(" in timeline phase {n}"), n=n)),
            milestone=reader.text(phase, "milestone", where=message(N_(" in timeline phase {n}"), n=n)),
            method=reader.text(phase, "method", required=False),
            resources=reader.text(phase, "resources", required=False),
            who=reader.text(phase, "who", required=False),
        )
        for n, phase in enumerate(reader.mappings(meta, "timeline"), start=1)
    )
    if not timeline and "timeline" in meta:
        reader.problem(reader.line_of(meta, "timeline"), Message(N_("the timeline needs at least one phase")))
    indicators = tuple(
        Indicator(
            name=reader.text(ind, "name", where=message(N_(" in indicator {n}"), n=n)),
            unit=reader.text(ind, "unit", required=False),
            before=reader.number(ind, "before", where=message(N_(" in indicator {n}"), n=n)) or 0.0,
            after=reader.number(ind, "after", where=message(N_(" in indicator {n}"), n=n)) or 0.0,
        )
        for n, ind in enumerate(reader.mappings(meta, "indicators"), start=1)
    )
    discussion: dict[str, tuple[str, ...]] = {}
    discussion_map = reader.mapping(meta, "discussion")
    if discussion_map is not None:
        for key in discussion_map:
            if key not in DISCUSSION_KEYS:
                reader.problem(reader.line_of(discussion_map, key),
                               message(N_("discussion questions for unknown section '{key}': use one of {known}"),
                                       key=key, known=", ".join(DISCUSSION_KEYS)))
                continue
            discussion[key] = reader.texts(discussion_map, key, where=message(N_(" in '{group}'"), group="discussion"))
        if not any(discussion.values()):
            reader.problem(reader.line_of(meta, "discussion"), Message(N_("write at least one discussion question")))
    prompts = reader.mapping(meta, "prompts", required=False) or LineMap()
    _, sections = _sections(reader, source, CASE_SECTIONS, REQUIRED_CASE_SECTIONS)
    results = next((s for s in sections if s.key == "results"), None)
    if results is not None:
        for n, (indicator, raw) in enumerate(zip(indicators, reader.mappings(meta, "indicators"), strict=False), 1):
            for when, value in (("before", indicator.before), ("after", indicator.after)):
                stated = raw.get(when)
                if isinstance(stated, (int, float)) and not isinstance(stated, bool) \
                        and not number_in_text(value, results.markdown, language):
                    reader.problem(reader.line_of(raw, when),
                                   message(N_("the value {when} of indicator {n} ({value}) does not appear in the "
                                              "results text: give the figures in the 'results' section too, in this "
                                              "language's notation"), when=when, n=n, value=f"{value:g}"))
    section_keys = {s.key for s in sections}
    for key in discussion:
        if key in CASE_SECTIONS and key not in section_keys:
            reader.problem(reader.line_of(discussion_map, key),
                           message(N_("discussion questions for section '{key}', which the body does not have"),
                                   key=key))
    return CaseStudy(
        **common,
        summary=reader.text(meta, "summary"),
        facts=facts,
        framing=framing,
        timeline=timeline,
        indicators=indicators,
        lessons=reader.texts(meta, "lessons"),
        recommendations=reader.texts(meta, "recommendations"),
        sections=sections,
        discussion=discussion,
        opening_prompt=reader.text(prompts, "opening", required=False),
        closing_prompt=reader.text(prompts, "closing", required=False),
        composite_note=reader.text(meta, "composite_note", required=False),
        source=source.path,
    )


def build_rubric(reader: FieldReader, meta: LineMap, key: str = "rubric") -> Rubric:
    """The rubric under ``meta[key]`` (``rubric``, or ``review_rubric`` for judging the reviews themselves)."""
    criteria = []
    seen: set[str] = set()
    for n, crit in enumerate(reader.mappings(meta, key), start=1):
        where = message(N_(" in {key} criterion {n}"), key=key, n=n)
        reader.unknown_keys(crit, {"id", "title", "description", "levels"}, where)
        crit_id = reader.text(crit, "id", where=where)
        if crit_id in seen:
            reader.problem(reader.line_of(crit, "id"),
                           message(N_("the rubric criterion id '{id}' is used twice"), id=crit_id))
        seen.add(crit_id)
        levels = []
        for m, level in enumerate(reader.mappings(crit, "levels", where=where), start=1):
            lwhere = message(N_(" in level {m} of rubric criterion '{id}'"), m=m, id=crit_id)
            reader.unknown_keys(level, {"points", "label", "descriptor"}, lwhere)
            if "points" not in level:
                reader.problem(reader.line_of(level), message(N_("level {m} of rubric criterion '{id}' has no points: "
                                                                 "add 'points: <number>'"), m=m, id=crit_id))
            points = reader.number(level, "points", required=False, default=0.0, where=lwhere) or 0.0
            levels.append(RubricLevel(points=points, label=reader.text(level, "label", where=lwhere),
                                      descriptor=reader.text(level, "descriptor", where=lwhere)))
        if len(levels) < 2:
            reader.problem(reader.line_of(crit),
                           message(N_("rubric criterion '{id}' needs at least two levels"), id=crit_id))
        points = [lv.points for lv in levels]
        if len(set(points)) != len(points):
            reader.problem(reader.line_of(crit), message(N_("the levels of rubric criterion '{id}' must each have "
                                                            "different points"), id=crit_id))
        levels.sort(key=lambda lv: lv.points)
        criteria.append(RubricCriterion(id=crit_id, title=reader.text(crit, "title", where=where),
                                        description=reader.text(crit, "description", required=False),
                                        levels=tuple(levels), line=reader.line_of(crit)))
    if not criteria and key in meta:
        reader.problem(reader.line_of(meta, key), message(N_("the {key} needs at least one criterion"), key=key))
    return Rubric(criteria=tuple(criteria))


def _response_formats(reader: FieldReader, meta: LineMap) -> tuple[str, ...]:
    """The response forms an exercise accepts: written text always, plus any of RESPONSE_FORMATS."""
    formats = reader.texts(meta, "response_formats", required=False) or ("text",)
    for name in formats:
        if name not in RESPONSE_FORMATS:
            reader.problem(reader.line_of(meta, "response_formats"),
                           message(N_("unknown response format '{name}': use one of {known}"), name=name,
                                   known=", ".join(RESPONSE_FORMATS)))
    if "text" not in formats:
        reader.problem(reader.line_of(meta, "response_formats"),
                       Message(N_("'response_formats' must include 'text': a written response is always accepted")))
    return tuple(dict.fromkeys(formats))


def build_peer_exercise(source: SourceFile, language: str, problems: list[Problem]) -> PeerExercise:
    reader, meta = FieldReader(source.path, problems), source.meta
    reader.unknown_keys(meta, COMMON_ITEM_FIELDS | {"peer_reviews", "self_assessment", "rubric", "review_rubric",
                                                    "response_formats"})
    common = _common(reader, meta, language)
    _, sections = _sections(reader, source, PEER_EXERCISE_SECTIONS, REQUIRED_PEER_EXERCISE_SECTIONS)
    review_rubric = build_rubric(reader, meta, "review_rubric") if "review_rubric" in meta else None
    return PeerExercise(
        **common,
        peer_reviews=reader.integer(meta, "peer_reviews", minimum=0, default=0),
        self_assessment=reader.boolean(meta, "self_assessment", required=False, default=False),
        rubric=build_rubric(reader, meta),
        review_rubric=review_rubric,
        response_formats=_response_formats(reader, meta),
        sections=sections,
        source=source.path,
    )


def _feedback(reader: FieldReader, q: LineMap, keys: tuple, where: Message) -> list[str]:
    feedback = reader.mapping(q, "feedback", where=where) or LineMap()
    result = []
    for key in keys:
        value = feedback.get(key, feedback.get(str(key).lower()))
        if value is None or not str(value).strip():
            name = str(key).lower()
            reader.problem(reader.line_of(q, "feedback"), message(N_("missing feedback for '{name}'{where}: add "
                                                                     "'{name}: …' under 'feedback'"),
                                                                  name=name, where=where))
            result.append("")
        else:
            result.append(str(value).strip())
    return result


def build_question(reader: FieldReader, q: LineMap, n: int) -> Question | None:
    """One question from its YAML mapping (``n`` is its 1-based position, for messages)."""
    where = message(N_(" in question {n}"), n=n)
    qid = reader.text(q, "id", where=where)
    raw_type = reader.text(q, "type", where=where)
    try:
        qtype = QuestionType(raw_type)
    except ValueError:
        if raw_type:
            reader.problem(reader.line_of(q, "type"), message(N_("unknown question type '{type}'{where}: use one of "
                                                                 "{known}"), type=raw_type, where=where,
                                                              known=", ".join(t.value for t in QuestionType)))
        return None
    fields = dict(id=qid, type=qtype, prompt=reader.text(q, "prompt", where=where),
                  explanation=reader.text(q, "explanation", where=where),
                  points=reader.number(q, "points", required=False, default=1.0, where=where) or 1.0,
                  uses_case=reader.boolean(q, "uses_case", required=False, default=False, where=where),
                  line=reader.line_of(q))
    common_keys = {"id", "type", "prompt", "explanation", "points", "uses_case"}
    if qtype in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        reader.unknown_keys(q, common_keys | {"options"}, where)
        options, seen = [], set()
        for m, opt in enumerate(reader.mappings(q, "options", where=where), start=1):
            owhere = message(N_(" in option {m} of question '{id}'"), m=m, id=qid)
            reader.unknown_keys(opt, {"id", "text", "correct", "feedback"}, owhere)
            oid = reader.text(opt, "id", where=owhere)
            if oid in seen:
                reader.problem(reader.line_of(opt, "id"), message(N_("the option id '{option}' is used twice in "
                                                                     "question '{id}'"), option=oid, id=qid))
            seen.add(oid)
            options.append(Option(id=oid, text=reader.text(opt, "text", where=owhere),
                                  correct=reader.boolean(opt, "correct", required=False, default=False, where=owhere),
                                  feedback=reader.text(opt, "feedback", where=owhere)))
        correct = sum(o.correct for o in options)
        if len(options) < 2:
            reader.problem(reader.line_of(q, "options"),
                           message(N_("question '{id}' needs at least two options"), id=qid))
        elif qtype is QuestionType.SINGLE_CHOICE and correct != 1:
            reader.problem(reader.line_of(q, "options"), message(N_("single-choice question '{id}' must have exactly "
                                                                    "one option with 'correct: true' (it has "
                                                                    "{correct})"), id=qid, correct=correct))
        elif qtype is QuestionType.MULTIPLE_CHOICE and correct < 1:
            reader.problem(reader.line_of(q, "options"), message(N_("multiple-choice question '{id}' needs at least "
                                                                    "one option with 'correct: true'"), id=qid))
        return Question(**fields, options=tuple(options))
    if qtype is QuestionType.TRUE_FALSE:
        reader.unknown_keys(q, common_keys | {"answer", "feedback"}, where)
        answer = reader.boolean(q, "answer", where=where)
        on_true, on_false = _feedback(reader, q, (True, False), where)
        return Question(**fields, answer=answer, feedback_true=on_true, feedback_false=on_false)
    reader.unknown_keys(q, common_keys | {"answer", "tolerance", "accepted", "case_sensitive", "feedback"}, where)
    on_right, on_wrong = _feedback(reader, q, ("correct", "incorrect"), where)
    if qtype is QuestionType.NUMERIC:
        tolerance = reader.number(q, "tolerance", required=False, default=0.0, where=where) or 0.0
        if tolerance < 0:
            reader.problem(reader.line_of(q, "tolerance"),
                           message(N_("the tolerance{where} cannot be negative"), where=where))
        return Question(**fields, answer=reader.number(q, "answer", where=where), tolerance=abs(tolerance),
                        feedback_correct=on_right, feedback_incorrect=on_wrong)
    accepted = reader.texts(q, "accepted", where=where)
    if not accepted and "accepted" in q:
        reader.problem(reader.line_of(q, "accepted"), message(N_("list at least one accepted answer{where}"),
                                                              where=where))
    return Question(**fields, accepted=accepted,
                    case_sensitive=reader.boolean(q, "case_sensitive", required=False, default=False, where=where),
                    feedback_correct=on_right, feedback_incorrect=on_wrong)


def build_assessment(source: SourceFile, language: str, problems: list[Problem]) -> Assessment:
    reader, meta = FieldReader(source.path, problems), source.meta
    reader.unknown_keys(meta, COMMON_ITEM_FIELDS | {"pass_mark", "attempts", "questions"})
    common = _common(reader, meta, language)
    pass_mark = reader.number(meta, "pass_mark", default=0.0) or 0.0
    if not 0 <= pass_mark <= 100:
        reader.problem(reader.line_of(meta, "pass_mark"),
                       message(N_("'pass_mark' is a percentage from 0 to 100, not {value}"), value=pass_mark))
    return Assessment(**common, pass_mark=pass_mark / 100, attempts=reader.integer(meta, "attempts", default=0),
                      questions=build_questions(reader, meta), introduction=source.body.strip(), source=source.path)


def build_questions(reader: FieldReader, meta: LineMap) -> tuple[Question, ...]:
    """The questions under ``meta['questions']``, with unique ids."""
    questions, seen = [], set()
    for n, q in enumerate(reader.mappings(meta, "questions"), start=1):
        question = build_question(reader, q, n)
        if question is None:
            continue
        if question.id in seen:
            reader.problem(question.line, message(N_("the question id '{id}' is used twice"), id=question.id))
        seen.add(question.id)
        questions.append(question)
    if not questions and "questions" in meta:
        reader.problem(reader.line_of(meta, "questions"), Message(N_("the assessment needs at least one question")))
    return tuple(questions)


MATURITY_LEVEL_COUNT = 4
# The twelve areas an organisation assesses itself in: the vocabulary's areas without the cross-cutting "learning".
ASSESSED_AREAS: tuple[str, ...] = tuple(key for key in COMPETENCY_AREAS if key != "learning")


def build_self_assessment(source: SourceFile, language: str, problems: list[Problem]) -> SelfAssessment:
    reader, meta = FieldReader(source.path, problems), source.meta
    reader.unknown_keys(meta, COMMON_ITEM_FIELDS | {"levels", "areas"})
    common = _common(reader, meta, language)
    level_labels = reader.texts(meta, "levels")
    if "levels" in meta and len(level_labels) != MATURITY_LEVEL_COUNT:
        reader.problem(reader.line_of(meta, "levels"), message(N_("name exactly {count} maturity levels, lowest first "
                                                                  "(there are {found})"),
                                                               count=MATURITY_LEVEL_COUNT, found=len(level_labels)))
    areas: list[MaturityArea] = []
    for n, entry in enumerate(reader.mappings(meta, "areas"), start=1):
        where = message(N_(" in area {n}"), n=n)
        reader.unknown_keys(entry, {"area", "levels", "questions", "evidence"}, where)
        key = reader.text(entry, "area", where=where)
        if key and key not in ASSESSED_AREAS:
            reader.problem(reader.line_of(entry, "area"), message(N_("unknown competency area '{area}'{where}: use one "
                                                                     "of {known}"), area=key, where=where,
                                                                  known=", ".join(ASSESSED_AREAS)))
        elif key in {a.area for a in areas}:
            reader.problem(reader.line_of(entry, "area"),
                           message(N_("the area '{area}' is described twice: keep one"), area=key))
        where = message(N_(" in area '{area}'"), area=key or n)
        levels = reader.texts(entry, "levels", where=where)
        if "levels" in entry and len(levels) != MATURITY_LEVEL_COUNT:
            reader.problem(reader.line_of(entry, "levels"), message(N_("describe exactly {count} levels{where}, lowest "
                                                                       "first (there are {found})"),
                                                                    count=MATURITY_LEVEL_COUNT, where=where,
                                                                    found=len(levels)))
        areas.append(MaturityArea(area=key, levels=levels, questions=reader.texts(entry, "questions", where=where),
                                  evidence=reader.texts(entry, "evidence", where=where), line=reader.line_of(entry)))
    named = {a.area for a in areas}
    missing = [key for key in ASSESSED_AREAS if key not in named]
    if "areas" in meta and missing:
        reader.problem(reader.line_of(meta, "areas"),
                       message(N_("every competency area needs its ladder: add {areas}"), areas=", ".join(missing)))
    return SelfAssessment(**common, level_labels=level_labels, areas=tuple(areas),
                          introduction=source.body.strip(), source=source.path)


BUILDERS = {
    ItemType.CASE_STUDY.value: build_case_study,
    ItemType.PEER_EXERCISE.value: build_peer_exercise,
    ItemType.ASSESSMENT.value: build_assessment,
    ItemType.SELF_ASSESSMENT.value: build_self_assessment,
}


def build_item(source: SourceFile, language: str, problems: list[Problem]) -> Item | None:
    """Build whichever item the file's ``type`` names, or record why it cannot be built."""
    reader = FieldReader(source.path, problems)
    item_type = reader.text(source.meta, "type")
    builder = BUILDERS.get(item_type)
    if builder is None:
        if item_type:
            reader.problem(reader.line_of(source.meta, "type"),
                           message(N_("unknown item type '{type}': use one of {known}"), type=item_type,
                                   known=", ".join(BUILDERS)))
        return None
    return builder(source, language, problems)


MODULE_FIELDS = {"id", "type", "order", "title", "description", "competency_area", "frameworks",
                 "estimated_minutes", "objectives", "items", "language"}


def build_module_variant(source: SourceFile, language: str, problems: list[Problem],
                         is_source: bool = True) -> tuple[dict, ModuleVariant]:
    """The module file's language-neutral fields (as read) and its text in this language.

    Only the source language's file must carry the language-neutral fields (order, competency area, frameworks,
    time, items); other variants may repeat them, and then they must agree.
    """
    reader, meta = FieldReader(source.path, problems), source.meta
    required = is_source
    reader.unknown_keys(meta, MODULE_FIELDS)
    module_id = reader.text(meta, "id")
    if module_id and not MODULE_ID.match(module_id):
        reader.problem(reader.line_of(meta, "id"), message(N_("the module id '{id}' must be lower case letters, "
                                                              "digits and dashes"), id=module_id))
    frameworks = tuple(
        FrameworkRef(reader.text(f, "framework", where=message(N_(" in '{group}'"), group="frameworks")),
                     reader.text(f, "clause", where=message(N_(" in '{group}'"), group="frameworks")))
        for f in reader.mappings(meta, "frameworks", required=False)
    )
    area = reader.text(meta, "competency_area", required=required)
    if area and area not in COMPETENCY_AREAS:
        reader.problem(reader.line_of(meta, "competency_area"),
                       message(N_("unknown competency area '{area}': use one of {known}"), area=area,
                               known=", ".join(COMPETENCY_AREAS)))
    neutral = {
        "id": module_id,
        "order": reader.integer(meta, "order", default=0, required=required),
        "competency_area": area,
        "frameworks": frameworks,
        "estimated_minutes": reader.integer(meta, "estimated_minutes", minimum=1, default=1, required=required),
        "item_ids": reader.texts(meta, "items", required=required),
        "present": {"id"} | {("item_ids" if k == "items" else k) for k in meta},
        "lines": {k: reader.line_of(meta, k) for k in ("order", "competency_area", "frameworks",
                                                        "estimated_minutes", "items")},
    }
    variant = ModuleVariant(language=language, title=reader.text(meta, "title"),
                            description=reader.text(meta, "description"),
                            objectives=reader.texts(meta, "objectives"),
                            introduction=source.body.strip(), source=source.path)
    return neutral, variant
