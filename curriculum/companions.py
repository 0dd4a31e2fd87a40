"""A module's companion documents: the facilitator's guide (``facilitator-guide.<lang>.md``) and the case's one-page
summary (``summary.<lang>.md``). They are read with the module and checked like items, but are not activities: no
LMS link, no grade, so they are not listed in the module's ``items``.
"""

from __future__ import annotations

import re

from .fields import FieldReader
from .frontmatter import LineMap, SourceFile
from .items import ITEM_ID, _sections
from .messages import N_, Message, message
from .model import (
    CASE_SUMMARY,
    FACILITATOR_GUIDE,
    GUIDE_SECTIONS,
    LICENCE,
    REQUIRED_GUIDE_SECTIONS,
    SUMMARY_SECTIONS,
    CaseStudy,
    CaseSummary,
    Course,
    FacilitatorGuide,
    GuideActivity,
    Module,
    SummaryFigure,
)
from .problems import Problem
from .readability import reading_grade

SESSION_MINUTES = (180, 240)  # a guide plans a 3- to 4-hour session
MIN_ACTIVITY_MINUTES = 5
MIN_GUIDE_QUESTIONS = 3
SUMMARY_FIGURES = SUMMARY_LESSONS = 3
SUMMARY_MAX_GRADE = 7.0
SUMMARY_MAX_WORDS = 350  # one printed page with its figures and lessons
DOCUMENT_FIELDS = {"id", "type", "version", "language", "licence", "title"}
_NUMBER = re.compile(r"\d+(?:[.,\s\u202f\u00a0]\d{3})*(?:[.,]\d+)?")


def _common(reader: FieldReader, meta: LineMap, language: str) -> dict:
    """The fields every companion document has (as items have, without a learner's time)."""
    document_id = reader.text(meta, "id")
    if document_id and not ITEM_ID.match(document_id):
        reader.problem(reader.line_of(meta, "id"), message(N_("the id '{id}' must look like 'module.kind' in lower "
                                                              "case, e.g. 'governance.guide'"), id=document_id))
    declared = reader.text(meta, "language", required=False)
    if declared and declared != language:
        reader.problem(reader.line_of(meta, "language"),
                       message(N_("the file name says language '{language}' but the front matter says '{declared}'"),
                               language=language, declared=declared))
    return {"id": document_id, "version": reader.integer(meta, "version", minimum=1, default=1),
            "language": language, "licence": reader.text(meta, "licence", default=LICENCE),
            "title": reader.text(meta, "title"), "lines": dict(meta.lines)}


def build_facilitator_guide(source: SourceFile, language: str, problems: list[Problem]) -> FacilitatorGuide:
    reader, meta = FieldReader(source.path, problems), source.meta
    reader.unknown_keys(meta, DOCUMENT_FIELDS | {"session_minutes", "activities", "questions", "materials"})
    common = _common(reader, meta, language)
    session = reader.integer(meta, "session_minutes", minimum=1, default=0)
    low, high = SESSION_MINUTES
    if session and not low <= session <= high:
        reader.problem(reader.line_of(meta, "session_minutes"),
                       message(N_("'session_minutes' is {session}: plan a session of {low} to {high} minutes (3 to 4 "
                                  "hours)"), session=session, low=low, high=high))
    activities = []
    for n, activity in enumerate(reader.mappings(meta, "activities"), start=1):
        where = message(N_(" in activity {n}"), n=n)
        reader.unknown_keys(activity, {"minutes", "title", "how"}, where)
        minutes = reader.integer(activity, "minutes", minimum=MIN_ACTIVITY_MINUTES, default=0, where=where)
        activities.append(GuideActivity(minutes=minutes, title=reader.text(activity, "title", where=where),
                                        how=reader.text(activity, "how", where=where),
                                        line=reader.line_of(activity)))
    planned = sum(a.minutes for a in activities)
    if activities and session and planned != session:
        reader.problem(reader.line_of(meta, "activities"),
                       message(N_("the activities add up to {planned} minutes but 'session_minutes' is {session}: "
                                  "make the durations add up to the session"), planned=planned, session=session))
    questions = reader.texts(meta, "questions")
    if len(questions) < MIN_GUIDE_QUESTIONS and "questions" in meta:
        reader.problem(reader.line_of(meta, "questions"),
                       message(N_("list at least {count} questions to ask"), count=MIN_GUIDE_QUESTIONS))
    materials = reader.texts(meta, "materials")
    if not materials and "materials" in meta:
        reader.problem(reader.line_of(meta, "materials"), Message(N_("list the materials to print or bring")))
    intro, sections = _sections(reader, source, GUIDE_SECTIONS, REQUIRED_GUIDE_SECTIONS)
    _expect_id(reader, meta, common["id"], "guide")
    return FacilitatorGuide(**common, session_minutes=session, activities=tuple(activities), questions=questions,
                            materials=materials, sections=sections, introduction=intro.strip(), source=source.path)


def build_case_summary(source: SourceFile, language: str, problems: list[Problem]) -> CaseSummary:
    reader, meta = FieldReader(source.path, problems), source.meta
    reader.unknown_keys(meta, DOCUMENT_FIELDS | {"case", "figures", "lessons"})
    common = _common(reader, meta, language)
    figures = []
    for n, figure in enumerate(reader.mappings(meta, "figures"), start=1):
        where = message(N_(" in figure {n}"), n=n)
        reader.unknown_keys(figure, {"value", "label"}, where)
        figures.append(SummaryFigure(value=reader.text(figure, "value", where=where),
                                     label=reader.text(figure, "label", where=where)))
    if "figures" in meta and len(figures) != SUMMARY_FIGURES:
        reader.problem(reader.line_of(meta, "figures"), message(N_("give exactly {count} figures from the case (this "
                                                                   "file has {found})"),
                                                                count=SUMMARY_FIGURES, found=len(figures)))
    lessons = reader.texts(meta, "lessons")
    if "lessons" in meta and len(lessons) != SUMMARY_LESSONS:
        reader.problem(reader.line_of(meta, "lessons"), message(N_("give exactly {count} lessons (this file has "
                                                                   "{found})"),
                                                                count=SUMMARY_LESSONS, found=len(lessons)))
    _, sections = _sections(reader, source, SUMMARY_SECTIONS, SUMMARY_SECTIONS)
    what_happened = next((s.markdown for s in sections if s.key == "what-happened"), "")
    _expect_id(reader, meta, common["id"], "summary")
    return CaseSummary(**common, case_id=reader.text(meta, "case"), what_happened=what_happened,
                       figures=tuple(figures), lessons=lessons, source=source.path)


def _expect_id(reader: FieldReader, meta: LineMap, item_id: str, kind: str) -> None:
    if item_id and not item_id.endswith(f".{kind}"):
        reader.problem(reader.line_of(meta, "id"), message(N_("the id '{id}' must be '<module id>.{kind}', e.g. "
                                                              "'governance.{kind}'"), id=item_id, kind=kind))


COMPANION_BUILDERS = {FACILITATOR_GUIDE: build_facilitator_guide, CASE_SUMMARY: build_case_summary}


def add_companion(module: Module, source: SourceFile, language: str, problems: list[Problem]) -> None:
    """Build the companion document ``source`` (its ``type`` is a key of COMPANION_BUILDERS) into ``module``."""
    document = COMPANION_BUILDERS[source.meta["type"]](source, language, problems)
    if document.id and not document.id.startswith(module.id + "."):
        problems.append(Problem(source.path, FieldReader.line_of(source.meta, "id"),
                                message(N_("the id '{id}' must start with the module id '{module}.'"),
                                        id=document.id, module=module.id)))
    home = module.guides if isinstance(document, FacilitatorGuide) else module.summaries
    if language in home:
        problems.append(Problem(source.path, 1, message(N_("a second {language} file for '{id}'"),
                                                        language=language, id=document.id)))
    home[language] = document


def numbers_in(text: str) -> list[str]:
    """The numbers ``text`` gives, as bare digits: "1,200", "1.200" and "1 200" are all "1200"; "4.5" is "45"."""
    return [re.sub(r"\D", "", n) for n in _NUMBER.findall(text)]


def figures_in(text: str) -> set[str]:
    """Every number ``text`` gives (as :func:`numbers_in`), and every run of digits on its own, so that neither
    "in 2021 163 members" nor "1 200" written without grouping hides a figure."""
    return set(numbers_in(text)) | set(re.findall(r"\d+", text))


def check_summary(summary: CaseSummary, case: CaseStudy | None, case_text: str) -> list[Problem]:
    """Three figures that appear in the case, three lessons, a reading grade of 7 or lower, one page long."""
    problems: list[Problem] = []
    line = summary.lines.get
    if case is None:
        problems.append(Problem(summary.source, line("case", 1), message(N_("'case: {case}' names no case study of "
                                                                            "this module: give the case's id"),
                                                                         case=summary.case_id)))
    else:
        in_case = figures_in(case_text)
        for figure in summary.figures:
            missing = [n for n in numbers_in(figure.value) if n not in in_case]
            if not numbers_in(figure.value) or missing:
                problems.append(Problem(summary.source, line("figures", 1),
                                        message(N_("the figure '{value}' ({label}) does not appear in the case "
                                                   "'{case}' ({language}): use a figure the case gives"),
                                                value=figure.value, label=figure.label, case=case.id,
                                                language=case.language)))
    grade = reading_grade(summary.plain_text, summary.language)
    if grade > SUMMARY_MAX_GRADE:
        problems.append(Problem(summary.source, line("id", 1),
                                message(N_("the summary reads at grade {grade}; it must read at grade {limit} or "
                                           "lower: use shorter sentences and shorter, everyday words"),
                                        grade=f"{grade:g}", limit=f"{SUMMARY_MAX_GRADE:g}")))
    words = len(summary.plain_text.split())
    if words > SUMMARY_MAX_WORDS:
        problems.append(Problem(summary.source, line("id", 1), message(N_("the summary has {words} words: keep it "
                                                                          "to {limit} so it fits on one page"),
                                                                       words=words, limit=SUMMARY_MAX_WORDS)))
    return problems


def _guide_shape(guide: FacilitatorGuide) -> list[tuple[Message | str, object, int]]:
    at = guide.lines.get
    return [("version", guide.version, at("version", 1)),
            ("session_minutes", guide.session_minutes, at("session_minutes", 1)),
            (Message(N_("activity minutes")), [a.minutes for a in guide.activities], at("activities", 1)),
            (Message(N_("number of questions")), len(guide.questions), at("questions", 1)),
            (Message(N_("number of materials")), len(guide.materials), at("materials", 1)),
            (Message(N_("section keys")), [s.key for s in guide.sections],
             guide.sections[0].line if guide.sections else 1)]


def _summary_shape(summary: CaseSummary) -> list[tuple[Message | str, object, int]]:
    at = summary.lines.get
    return [("version", summary.version, at("version", 1)), ("case", summary.case_id, at("case", 1)),
            ("figures", [numbers_in(f.value) for f in summary.figures], at("figures", 1)),
            (Message(N_("number of lessons")), len(summary.lessons), at("lessons", 1))]


def case_text(case: CaseStudy) -> str:
    """Everything a case says, facts box, timeline and indicators included: where a summary's figures must be."""
    f = case.facts
    facts = [f.members, f.women_percent, f.youth_percent, f.period]
    parts = [case.summary, *map(str, facts), *(f"{p.date} {p.milestone} {p.method} {p.resources} {p.who}"
                                               for p in case.timeline),
             *(f"{i.name} {i.before:g} {i.after:g} {i.after - i.before:g}" for i in case.indicators),
             *case.lessons, *case.recommendations, *(s.markdown for s in case.sections)]
    if case.framing:
        parts += [case.framing.objective, case.framing.object, case.framing.central_question]
    return "\n".join(p for p in parts if p and p != "None")


def check_companions(course: Course) -> list[Problem]:
    """Summaries against their cases, and language variants of both kinds against the source language."""
    problems: list[Problem] = []
    source_lang = course.source_language
    for module in course.modules:
        for summary in module.summaries.values():
            case = module.items.get(summary.case_id, {})
            case = case.get(summary.language) or case.get(source_lang)
            if not isinstance(case, CaseStudy):
                case = None
            problems += check_summary(summary, case, case_text(case) if case else "")
        for documents, shape in ((module.guides, _guide_shape), (module.summaries, _summary_shape)):
            reference = documents.get(source_lang)
            if reference is None:
                for document in documents.values():
                    problems.append(Problem(document.source, 1, message(N_("'{id}' has no {language} variant, the "
                                                                           "source language: add it"),
                                                                        id=document.id, language=source_lang)))
                continue
            expected = shape(reference)
            for lang, document in sorted(documents.items()):
                if lang == source_lang:
                    continue
                for (what, want, _), (_, got, line) in zip(expected, shape(document), strict=True):
                    if want != got:
                        problems.append(Problem(document.source, line,
                                                message(N_("the '{language}' variant differs from the source "
                                                           "language ({source}) in {what}: {source} has {want}, this "
                                                           "file has {got}"), language=lang, source=source_lang,
                                                        what=what, want=repr(want), got=repr(got))))
            for lang, document in documents.items():
                if lang not in module.variants:
                    problems.append(Problem(document.source, 1, message(N_("the module has no '{language}' file: "
                                                                           "add 'module.{language}.md'"),
                                                                        language=lang)))
    return problems
