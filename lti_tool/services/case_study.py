"""Case studies for a learner: the core's page model (:mod:`curriculum.case_page`), discussion answers saved as they
type, and completion by the core's rule, sent to the gradebook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import DateTime, Integer, String, Text, bindparam, cast, literal_column, null, select, union_all
from sqlalchemy.exc import IntegrityError

from curriculum import CaseStudy
from curriculum.case_page import CasePage, case_page, is_complete, question_ids
from curriculum.rendering import render_markdown
from curriculum.terms import msgid

from ..activity_models import ActivityCompletion, CaseAnswer
from ..extensions import db
from ..grades import outbox
from ..grades.models import GradeOutbox
from ..models import utcnow
from .content_cache import BoundedCache, content_digest
from .inline_styles import style_hashes

MAX_ANSWER = 10_000  # characters kept per answer


@dataclass(frozen=True)
class PageModel:
    """A case's page model and the CSP hashes of its figures' inline styles: the same for every reader."""

    page: CasePage
    style_hashes: frozenset[str]


# (content hash, interface language, image base) -> PageModel: a handful of cases times a few languages.
_PAGES: BoundedCache[PageModel] = BoundedCache(max_entries=512)


def page_model(case: CaseStudy, image_base: str = "") -> PageModel:
    """:func:`page` with its figures' style hashes, built once per process for each content, interface language
    and image base (the case's Markdown, charts and labels are not rebuilt on every view)."""
    def build() -> PageModel:
        built = page(case, image_base, cached=False)
        return PageModel(built, style_hashes(*(p.figure for p in built.parts)))

    return _PAGES.get_or_make((content_digest(case), str(get_locale() or ""), image_base), build)


def page(case: CaseStudy, image_base: str = "", cached: bool = True) -> CasePage:
    """The core's page model of ``case``, its interface terms from the tool's catalogue (which holds the core's
    translations), images under ``image_base``."""
    if cached:
        return page_model(case, image_base).page
    return case_page(case, translate=lambda key: _(msgid(key)),
                     markdown=lambda text: render_markdown(text, None, image_base))


def answers(link_id: int, user_id: int) -> dict[str, CaseAnswer]:
    rows = db.session.scalars(select(CaseAnswer).where(CaseAnswer.resource_link_id == link_id,
                                                       CaseAnswer.user_id == user_id))
    return {row.question_id: row for row in rows}


@dataclass(frozen=True)
class Completed:
    completed_at: datetime


@dataclass(frozen=True)
class LatestScore:
    """What :func:`lti_tool.grades.outbox.delivery` reads of the learner's newest outbox entry."""

    state: str
    last_error: str
    attempts: int
    next_attempt_at: datetime


@dataclass(frozen=True)
class LearnerState:
    """One learner's state on one case-study link: answers by question id, completion, newest score sent."""

    answers: dict[str, str]
    completion: Completed | None
    latest_score: LatestScore | None


def _learner_state_query():
    """Answers ('a'), completion ('c') and the newest outbox entry ('o') of one learner on one link, as one
    UNION ALL (columns: kind, key, text, at, attempts); built once, run with ``link_id`` and ``user_id``."""
    def nothing(type_):
        return cast(null(), type_)

    link, user = bindparam("link_id", type_=Integer()), bindparam("user_id", type_=Integer())
    answered = select(literal_column("'a'").label("kind"), CaseAnswer.question_id.label("key"),
                      CaseAnswer.text.label("text"), nothing(DateTime()).label("at"),
                      nothing(Integer()).label("attempts")).where(CaseAnswer.resource_link_id == link,
                                                                  CaseAnswer.user_id == user)
    completed = select(literal_column("'c'"), nothing(String(64)), nothing(Text()), ActivityCompletion.completed_at,
                       nothing(Integer())).where(ActivityCompletion.resource_link_id == link,
                                                 ActivityCompletion.user_id == user)
    newest = (select(GradeOutbox.state, GradeOutbox.last_error, GradeOutbox.next_attempt_at, GradeOutbox.attempts)
              .where(GradeOutbox.resource_link_id == link, GradeOutbox.user_id == user)
              .order_by(GradeOutbox.id.desc()).limit(1).subquery())
    scored = select(literal_column("'o'"), newest.c.state, newest.c.last_error, newest.c.next_attempt_at,
                    newest.c.attempts)
    return union_all(answered, completed, scored)


_LEARNER_STATE = _learner_state_query()


def learner_state(link_id: int, user_id: int) -> LearnerState:
    """The learner's answers, completion and newest outbox entry on the link, in one query (the page reads them on
    every view; three queries were three round trips to the database)."""
    answers_by_id: dict[str, str] = {}
    done = latest = None
    for kind, key, text, at, attempts in db.session.execute(_LEARNER_STATE, {"link_id": link_id,
                                                                             "user_id": user_id}):
        if kind == "a":
            answers_by_id[key] = text
        elif kind == "c":
            done = Completed(at)
        else:
            latest = LatestScore(key, text or "", attempts or 0, at)
    return LearnerState(answers_by_id, done, latest)


class UnknownQuestion(ValueError):
    """An answer for a question id the case does not have."""


def save_answers(case: CaseStudy, link_id: int, user_id: int, given: dict[str, str]) -> list[str]:
    """Store the learner's answers (only the questions given; the latest write wins). Returns the ids saved."""
    known = question_ids(case)
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


def completion(link_id: int, user_id: int) -> ActivityCompletion | None:
    return db.session.scalars(select(ActivityCompletion).filter_by(resource_link_id=link_id, user_id=user_id)).first()


def complete_if_done(case: CaseStudy, link, user_id: int, send_score: bool, marked: bool = False
                     ) -> ActivityCompletion | None:
    """Apply the core's completion rule (:data:`curriculum.case_page.CASE_COMPLETION`) to the learner's stored
    answers (``marked``: they pressed the page's button): record the completion when it holds, else None."""
    done = completion(link.id, user_id)
    if done is not None:
        return done
    stored = {qid: row.text for qid, row in answers(link.id, user_id).items()}
    if not is_complete(case, stored, marked=marked):
        return None
    return mark_complete(link, user_id, send_score)


def mark_complete(link, user_id: int, send_score: bool) -> ActivityCompletion:
    """Record the completion (once) and, for a learner on a link with a line item, send it to the gradebook:
    full marks, activityProgress Completed, gradingProgress FullyGraded, in the same transaction."""
    done = completion(link.id, user_id)
    if done is not None:
        return done
    done = ActivityCompletion(resource_link_id=link.id, user_id=user_id, completed_at=utcnow())
    db.session.add(done)
    if send_score:
        outbox.enqueue_score(link, user_id, 1.0, 1.0, "Completed", "FullyGraded", commit=False)
    try:
        db.session.commit()
    except IntegrityError:  # marked complete twice at once: the first one counts
        db.session.rollback()
        return completion(link.id, user_id)
    return done
