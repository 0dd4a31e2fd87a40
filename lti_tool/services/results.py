"""An instructor's view of one resource link: each learner's completion, attempts, kept score and grade passback
status, the score distribution and per-question difficulty (server-drawn SVG), and the same rows as CSV."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from curriculum import Assessment, CaseStudy
from curriculum.case_page import question_ids, unanswered
from curriculum.charts import difficulty_bars, histogram
from curriculum.scoring import kept_score, reaches_pass_mark

from ..activity_models import ActivityCompletion, AssessmentAttempt, CaseAnswer
from ..extensions import db
from ..grades import outbox
from ..grades.models import GradeOutbox
from ..models import Context, ResourceLink
from .assessment import score_policy
from .roster import Learner, RosterSource, course_learners
from .spreadsheet import csv_text


@dataclass
class Row:
    learner: Learner
    completed: bool = False
    completed_at: str = ""
    attempts: int = 0
    kept: float | None = None  # 0-1
    passed: bool = False
    answered: int = 0
    passback: GradeOutbox | None = None


@dataclass
class Results:
    rows: list[Row]
    source: RosterSource
    policy: str
    waiting: list[GradeOutbox] = field(default_factory=list)  # scores not delivered (pending, sending, failed)
    histogram_svg: str = ""
    difficulty_svg: str = ""
    difficulty: list[tuple[str, float, int]] = field(default_factory=list)  # (label, share right, attempts)

    @property
    def completed(self) -> int:
        return sum(r.completed for r in self.rows)


def link_results(link: ResourceLink, item: CaseStudy | Assessment) -> Results:
    context = db.session.get(Context, link.context_id)
    learners, source = course_learners(context) if context else ([], RosterSource("launches"))
    policy = score_policy(link.id)
    latest = outbox.latest_by_user(link.id)
    rows: list[Row] = []
    if isinstance(item, CaseStudy):
        done = {c.user_id: c for c in db.session.scalars(select(ActivityCompletion)
                                                          .filter_by(resource_link_id=link.id))}
        given: dict[int, dict[str, str]] = {}
        for a in db.session.scalars(select(CaseAnswer).filter_by(resource_link_id=link.id)):
            given.setdefault(a.user_id, {})[a.question_id] = a.text
        # the core's count, as the learner's page shows it: questions of the case with an answer that is not blank
        total = len(question_ids(item))
        answered = {user_id: total - len(unanswered(item, answers)) for user_id, answers in given.items()}
        for learner in learners:
            c = done.get(learner.user_id)
            rows.append(Row(learner, completed=c is not None,
                            completed_at=c.completed_at.strftime("%Y-%m-%d %H:%M") if c else "",
                            answered=answered.get(learner.user_id, 0), passback=latest.get(learner.user_id)))
    else:
        by_user: dict[int, list[AssessmentAttempt]] = {}
        for a in db.session.scalars(select(AssessmentAttempt).filter_by(resource_link_id=link.id)
                                    .order_by(AssessmentAttempt.number)):
            by_user.setdefault(a.user_id, []).append(a)
        for learner in learners:
            tries = by_user.get(learner.user_id, [])
            kept = kept_score([a.score for a in tries], policy)
            # The tick follows the score that counts: under "last attempt" an earlier pass no longer counts.
            rows.append(Row(learner, completed=bool(tries), attempts=len(tries), kept=kept,
                            passed=reaches_pass_mark(item, kept), passback=latest.get(learner.user_id)))
    result = Results(rows, source, policy)
    result.waiting = [e for e in outbox.entries(link.id) if e.state in ("pending", "sending", "failed")]
    if isinstance(item, Assessment):
        _figures(result, item, by_user, {r.learner.user_id for r in rows if r.learner.user_id})
    return result


def _figures(result: Results, item: Assessment, by_user: dict[int, list[AssessmentAttempt]],
             learner_ids: set[int]) -> None:
    kept = [r.kept for r in result.rows if r.kept is not None]
    result.histogram_svg = histogram(kept, _("Score distribution (kept score per learner)"), ident="score-histogram")
    right: dict[str, int] = {q.id: 0 for q in item.questions}
    total = 0
    for user_id, tries in by_user.items():
        if user_id not in learner_ids:
            continue
        for attempt in tries:
            total += 1
            for qid, outcome in attempt.results.items():
                if qid in right and outcome.get("correct"):
                    right[qid] += 1
    for n, question in enumerate(item.questions, start=1):
        share = right[question.id] / total if total else 0.0
        result.difficulty.append((f"{n}. {question.prompt}", share, total))
    if total:
        result.difficulty_svg = difficulty_bars([(label[:22], share) for label, share, _n in result.difficulty],
                                                _("Share of attempts answering each question right"),
                                                ident="question-difficulty")


def csv_export(link: ResourceLink, item: CaseStudy | Assessment, results: Results) -> str:
    rows = []
    for r in results.rows:
        entry = r.passback
        rows.append([
            r.learner.sub, r.learner.name, r.learner.email, "yes" if r.completed else "no", r.completed_at,
            r.attempts if isinstance(item, Assessment) else "",
            "" if r.kept is None else f"{r.kept * 100:.1f}", ("yes" if r.passed else "no") if r.attempts else "",
            r.answered if isinstance(item, CaseStudy) else "", entry.state if entry else "",
            (entry.delivered_at or entry.created_at).strftime("%Y-%m-%dT%H:%M:%SZ") if entry else ""])
    return csv_text(["user_id", "name", "email", "completed", "completed_at", "attempts", "kept_score_percent",
                     "passed", "answers", "passback", "passback_at"], rows)
