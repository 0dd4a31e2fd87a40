"""A case study as a page, the same in every channel: facts rows, framing, sections in reading order with the
timeline and indicator figures, lessons and recommendations, each followed by its discussion questions (with their
storage ids ``<key>-<n>``), and the rule that says when the case is complete.

Channels build the page with :func:`case_page` and render it with their own template; nothing here knows about
HTML templates or web frameworks. Labels are the interface terms of :mod:`curriculum.terms`, translated by the
``translate`` function the channel passes (its own catalogue, which agrees with the core's translations).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from .charts import indicator_chart, timeline_chart
from .experiences.contributed import is_contributed
from .model import DISCUSSION_KEYS, CaseStudy
from .rendering import render_inline, render_learner_markdown, render_markdown
from .terms import term
from .vocabulary import MATURITY_LEVELS, label


# ---- question ids -----------------------------------------------------------------------------------------------
def question_id(key: str, n: int) -> str:
    """The storage id of the ``n``-th (1-based) discussion question attached to ``key``: ``<key>-<n>``."""
    return f"{key}-{n}"


def question_ids(case: CaseStudy) -> dict[str, str]:
    """Question id -> question text for every discussion question, in reading order (keys as in DISCUSSION_KEYS)."""
    return {question_id(key, n): text for key in DISCUSSION_KEYS
            for n, text in enumerate(case.discussion.get(key, ()), start=1)}


def questions_for(case: CaseStudy, key: str) -> tuple[PageQuestion, ...]:
    """The discussion questions attached to one key, with their ids."""
    return tuple(PageQuestion(question_id(key, n), key, text)
                 for n, text in enumerate(case.discussion.get(key, ()), start=1))


# ---- completion ---------------------------------------------------------------------------------------------------
class CompletionRule(StrEnum):
    """When a learner has completed a case study."""

    # Every discussion question has an answer that is not blank; a case without discussion questions is complete
    # once the learner says they have read it.
    ALL_ANSWERED = "all_answered"
    # The learner marks the case complete (a button), whatever they answered.
    MARKED_DONE = "marked_done"


# The rule every channel applies (stated in curriculum/AUTHORING.md, "When a case study is complete").
CASE_COMPLETION = CompletionRule.ALL_ANSWERED


def unanswered(case: CaseStudy, answers: Mapping[str, str]) -> list[str]:
    """The ids of the discussion questions without an answer (blank answers do not count), in reading order."""
    return [qid for qid in question_ids(case) if not str(answers.get(qid) or "").strip()]


def offers_mark_button(case: CaseStudy, rule: CompletionRule = CASE_COMPLETION) -> bool:
    """Whether the page offers the learner a button to say they are done (always with MARKED_DONE; with
    ALL_ANSWERED only when the case has no discussion questions)."""
    return rule is CompletionRule.MARKED_DONE or not question_ids(case)


def is_complete(case: CaseStudy, answers: Mapping[str, str], marked: bool = False,
                rule: CompletionRule = CASE_COMPLETION) -> bool:
    """Whether a learner with these answers (and who pressed the page's button, ``marked``) has completed the case."""
    if rule is CompletionRule.MARKED_DONE:
        return marked
    if not question_ids(case):
        return marked
    return not unanswered(case, answers)


# ---- the page model -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PageQuestion:
    id: str  # <key>-<n>, 1-based per key
    key: str
    text: str


@dataclass(frozen=True)
class FactRow:
    key: str  # a key of curriculum.terms.TERMS
    label: str  # translated
    value: str


@dataclass(frozen=True)
class LabelledHtml:
    key: str
    label: str
    html: str


@dataclass(frozen=True)
class TimelineRow:
    date: str
    milestone_html: str
    method_html: str = ""
    resources_html: str = ""
    who_html: str = ""


@dataclass(frozen=True)
class IndicatorRow:
    name: str
    unit: str
    before: str  # numbers as the page shows them ("%g")
    after: str
    difference: str  # signed ("%+g")


@dataclass(frozen=True)
class PagePart:
    """One block of the page in reading order and the discussion questions that follow it.

    ``kind``: "framing" (``rows``), "section" / "process" (a section followed by the timeline) / "results" (followed
    by the indicators), "lessons" (``items``, numbered) or "recommendations" (``items``)."""

    key: str
    title: str
    kind: str
    html: str = ""
    rows: tuple[LabelledHtml, ...] = ()
    items: tuple[str, ...] = ()  # inline HTML
    figure: str = ""  # an inline SVG drawn by the core
    questions: tuple[PageQuestion, ...] = ()


@dataclass(frozen=True)
class CasePage:
    """Everything a channel shows of a case study, in reading order."""

    case: CaseStudy
    language: str
    title: str
    summary_html: str
    composite_note_html: str
    facts: tuple[FactRow, ...]
    opening_html: str
    closing_html: str
    parts: tuple[PagePart, ...]
    timeline: tuple[TimelineRow, ...]
    indicators: tuple[IndicatorRow, ...]
    labels: dict[str, str] = field(default_factory=dict)  # every interface term, translated, by key
    completion: CompletionRule = CASE_COMPLETION
    mark_button: bool = False

    @property
    def questions(self) -> tuple[PageQuestion, ...]:
        return tuple(q for part in self.parts for q in part.questions)

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)


def facts_rows(case: CaseStudy, translate: Callable[[str], str] | None = None) -> tuple[FactRow, ...]:
    """The facts box: every fact the case gives, labelled; maturity named in the case's language."""
    tr = translate or (lambda key: term(key, case.language))
    f = case.facts
    rows = [("country", f.country), ("commodity", f.commodity), ("organisation", f.organisation_type),
            ("members", str(f.members))]
    if f.women_percent is not None:
        rows.append(("women", f"{f.women_percent:g} %"))
    if f.youth_percent is not None:
        rows.append(("youth", f"{f.youth_percent:g} %"))
    if f.certifications:
        rows.append(("certifications", ", ".join(f.certifications)))
    if f.period:
        rows.append(("period", f.period))
    if f.maturity:
        rows.append(("maturity", label(MATURITY_LEVELS, f.maturity, case.language)))
    return tuple(FactRow(key, tr(key), value) for key, value in rows)


def case_page(case: CaseStudy, translate: Callable[[str], str] | None = None,
              markdown: Callable[[str], str] | None = None, inline: Callable[[str], str] | None = None,
              chart_prefix: str = "", rule: CompletionRule = CASE_COMPLETION) -> CasePage:
    """The page of ``case``.

    ``translate(key)`` gives an interface term in the reader's interface language (default: the core's translation
    into the case's language); ``markdown(text)`` renders the case's Markdown (default: the core's renderer; a
    channel passes its own to resolve links and images); ``inline(text)`` renders one-line Markdown.
    ``chart_prefix`` keeps the figures' element ids unique on a page showing several cases.

    A contributed experience from the library was written by a learner: its text goes through the linear-time
    learner renderer, never Python-Markdown (which is kept for the trusted, shipped curriculum)."""
    tr = translate or (lambda key: term(key, case.language))
    if is_contributed(case):
        md: Callable[[str], str] = render_learner_markdown
    else:
        md = markdown or render_markdown
    inl = inline or render_inline
    labels = {key: tr(key) for key in _LABEL_KEYS}

    parts: list[PagePart] = []
    if case.framing:
        rows = (LabelledHtml("objective", labels["objective"], inl(case.framing.objective)),
                LabelledHtml("object", labels["object"], inl(case.framing.object)),
                LabelledHtml("central_question", labels["central_question"], inl(case.framing.central_question)))
        parts.append(PagePart("framing", labels["framing"], "framing", rows=rows,
                              questions=questions_for(case, "framing")))
    for section in case.sections:
        kind, figure = "section", ""
        if section.key == "process" and case.timeline:
            kind = "process"
            figure = timeline_chart(case.timeline, labels["timeline_chart"], ident=f"{chart_prefix}timeline")
        elif section.key == "results" and case.indicators:
            kind = "results"
            figure = indicator_chart(case.indicators, labels["indicator_chart"], labels["before"], labels["after"],
                                     ident=f"{chart_prefix}indicators")
        parts.append(PagePart(section.key, section.title, kind, html=md(section.markdown), figure=figure,
                              questions=questions_for(case, section.key)))
    if case.lessons:
        parts.append(PagePart("lessons", labels["lessons"], "lessons", items=tuple(inl(x) for x in case.lessons),
                              questions=questions_for(case, "lessons")))
    if case.recommendations:
        parts.append(PagePart("recommendations", labels["recommendations"], "recommendations",
                              items=tuple(inl(x) for x in case.recommendations),
                              questions=questions_for(case, "recommendations")))
    timeline = tuple(TimelineRow(p.date, inl(p.milestone), inl(p.method) if p.method else "",
                                 inl(p.resources) if p.resources else "", inl(p.who) if p.who else "")
                     for p in case.timeline)
    indicators = tuple(IndicatorRow(i.name, i.unit, f"{i.before:g}", f"{i.after:g}", f"{i.after - i.before:+g}")
                       for i in case.indicators)
    return CasePage(
        case=case, language=case.language, title=case.title, summary_html=md(case.summary),
        composite_note_html=inl(case.composite_note) if case.composite_note else "",
        facts=facts_rows(case, tr),
        opening_html=inl(case.opening_prompt) if case.opening_prompt else "",
        closing_html=inl(case.closing_prompt) if case.closing_prompt else "",
        parts=tuple(parts), timeline=timeline, indicators=indicators, labels=labels, completion=rule,
        mark_button=offers_mark_button(case, rule))


_LABEL_KEYS = ("facts", "framing", "objective", "object", "central_question", "timeline", "timeline_chart", "when",
               "milestone", "method", "resources", "who", "indicators", "indicator_chart", "indicator", "before",
               "after", "difference", "lessons", "recommendations", "discussion", "before_reading",
               "after_reading")
