"""Case studies for a learner: the core's page model (:mod:`curriculum.case_page`), discussion answers saved as they
type, and completion by the core's rule, sent to the gradebook."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from curriculum import CaseStudy
from curriculum.case_page import CasePage, case_page, is_complete, question_ids
from curriculum.rendering import render_markdown
from curriculum.terms import msgid

from ..activity_models import ActivityCompletion, CaseAnswer
from ..extensions import db
from ..grades import outbox
from ..models import utcnow

MAX_ANSWER = 10_000  # characters kept per answer


def page(case: CaseStudy, image_base: str = "") -> CasePage:
    """The core's page model of ``case``, its interface terms from the tool's catalogue (which holds the core's
    translations), images under ``image_base``."""
    return case_page(case, translate=lambda key: _(msgid(key)),
                     markdown=lambda text: render_markdown(text, None, image_base))


def answers(link_id: int, user_id: int) -> dict[str, CaseAnswer]:
    rows = db.session.scalars(select(CaseAnswer).where(CaseAnswer.resource_link_id == link_id,
                                                       CaseAnswer.user_id == user_id))
    return {row.question_id: row for row in rows}


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
