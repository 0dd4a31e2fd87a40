"""Case studies for a learner: the page's parts (facts, timeline and indicator figures, sections each followed by
their discussion questions), discussion answers saved as they type, and completion sent to the gradebook."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from curriculum import CaseStudy
from curriculum.charts import indicator_chart, timeline_chart
from curriculum.experiences.casefile import is_contributed
from curriculum.rendering import render_inline, render_learner_markdown, render_markdown
from curriculum.vocabulary import MATURITY_LEVELS, label

from ..activity_models import CaseAnswer, CaseCompletion
from ..extensions import db
from ..grades import outbox
from ..models import utcnow

MAX_ANSWER = 10_000  # characters kept per answer


@dataclass
class Question:
    id: str  # <section key>-<n>, 1-based per key
    text: str


@dataclass
class Part:
    """One block of the page in reading order: a section (or framing, lessons, recommendations) and the discussion
    questions that follow it."""

    key: str
    title: str
    html: str = ""
    questions: list[Question] = field(default_factory=list)
    figure: str = ""  # an inline SVG drawn by the core
    kind: str = "section"


def discussion_ids(case: CaseStudy) -> dict[str, str]:
    """Question id -> question text, in reading order."""
    ids: dict[str, str] = {}
    counters: dict[str, int] = {}
    for key, text in case.discussion_questions:
        counters[key] = counters.get(key, 0) + 1
        ids[f"{key}-{counters[key]}"] = text
    return ids


def _questions(case: CaseStudy, key: str) -> list[Question]:
    return [Question(f"{key}-{n}", text) for n, text in enumerate(case.discussion.get(key, ()), start=1)]


def page_parts(case: CaseStudy, image_base: str = "") -> list[Part]:
    """The case's blocks in reading order, each with its discussion questions after it.

    A contributed experience from the library was written by a learner: its text goes through the linear-time
    learner renderer, never Python-Markdown (which is kept for the trusted, shipped curriculum)."""
    render = (lambda text, _lang, _base: render_learner_markdown(text)) if is_contributed(case) else render_markdown
    parts: list[Part] = []
    if case.framing:
        html = (f"<dl><dt>{escape(_('Objective'))}</dt><dd>{render_inline(case.framing.objective)}</dd>"
                f"<dt>{escape(_('What is systematised'))}</dt><dd>{render_inline(case.framing.object)}</dd>"
                f"<dt>{escape(_('Central question'))}</dt><dd>{render_inline(case.framing.central_question)}</dd></dl>")
        parts.append(Part("framing", _("Why this experience was systematised"), html, _questions(case, "framing")))
    for section in case.sections:
        part = Part(section.key, section.title, render(section.markdown, None, image_base),
                    _questions(case, section.key))
        if section.key == "process" and case.timeline:
            part.figure = timeline_chart(case.timeline, _("The process, step by step"), ident="timeline")
            part.kind = "process"
        if section.key == "results" and case.indicators:
            part.figure = indicator_chart(case.indicators, _("Results: before and after"), _("Before"), _("After"),
                                          ident="indicators")
            part.kind = "results"
        parts.append(part)
    if case.lessons:
        html = "<ol>" + "".join(f"<li>{render_inline(lesson)}</li>" for lesson in case.lessons) + "</ol>"
        parts.append(Part("lessons", _("Lessons learned"), html, _questions(case, "lessons")))
    if case.recommendations:
        html = "<ul>" + "".join(f"<li>{render_inline(r)}</li>" for r in case.recommendations) + "</ul>"
        parts.append(Part("recommendations", _("Recommendations"), html, _questions(case, "recommendations")))
    return parts


def facts_rows(case: CaseStudy) -> list[tuple[str, str]]:
    f = case.facts
    rows = [(_("Country"), f.country), (_("Commodity"), f.commodity), (_("Organisation"), f.organisation_type),
            (_("Members"), str(f.members))]
    if f.women_percent is not None:
        rows.append((_("Women"), f"{f.women_percent:g} %"))
    if f.youth_percent is not None:
        rows.append((_("Youth"), f"{f.youth_percent:g} %"))
    if f.certifications:
        rows.append((_("Certifications"), ", ".join(f.certifications)))
    if f.period:
        rows.append((_("Period"), f.period))
    if f.maturity:
        rows.append((_("Maturity"), label(MATURITY_LEVELS, f.maturity, case.language)))
    return rows


def answers(link_id: int, user_id: int) -> dict[str, CaseAnswer]:
    rows = db.session.scalars(select(CaseAnswer).where(CaseAnswer.resource_link_id == link_id,
                                                       CaseAnswer.user_id == user_id))
    return {row.question_id: row for row in rows}


class UnknownQuestion(ValueError):
    """An answer for a question id the case does not have."""


def save_answers(case: CaseStudy, link_id: int, user_id: int, given: dict[str, str]) -> list[str]:
    """Store the learner's answers (only the questions given; the latest write wins). Returns the ids saved."""
    known = discussion_ids(case)
    unknown = [qid for qid in given if qid not in known]
    if unknown:
        raise UnknownQuestion(", ".join(unknown))
    saved = []
    for qid, text in given.items():
        text = (text or "").replace("\r\n", "\n")[:MAX_ANSWER]
        for _attempt in (1, 2):  # two first saves racing for the same row: the loser updates it instead
            row = db.session.scalars(select(CaseAnswer).filter_by(resource_link_id=link_id, user_id=user_id,
                                                                  question_id=qid)).first()
            if row is None:
                row = CaseAnswer(resource_link_id=link_id, user_id=user_id, question_id=qid)
                db.session.add(row)
            row.text, row.updated_at = text, utcnow()
            try:
                db.session.commit()
                break
            except IntegrityError:
                db.session.rollback()
        saved.append(qid)
    return saved


def completion(link_id: int, user_id: int) -> CaseCompletion | None:
    return db.session.scalars(select(CaseCompletion).filter_by(resource_link_id=link_id, user_id=user_id)).first()


def mark_complete(link, user_id: int, send_score: bool) -> CaseCompletion:
    """Record the completion (once) and, for a learner on a link with a line item, send it to the gradebook:
    full marks, activityProgress Completed, gradingProgress FullyGraded, in the same transaction."""
    done = completion(link.id, user_id)
    if done is not None:
        return done
    done = CaseCompletion(resource_link_id=link.id, user_id=user_id, completed_at=utcnow())
    db.session.add(done)
    if send_score:
        outbox.enqueue_score(link, user_id, 1.0, 1.0, "Completed", "FullyGraded", commit=False)
    try:
        db.session.commit()
    except IntegrityError:  # marked complete twice at once: the first one counts
        db.session.rollback()
        return completion(link.id, user_id)
    return done
