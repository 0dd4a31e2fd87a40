"""The case study block: a systematised experience to read, with discussion questions the learner answers."""

from __future__ import annotations

from typing import Any

from xblock.core import XBlock
from xblock.fields import Boolean, Dict, Scope, String

from curriculum.model import DISCUSSION_KEYS, CaseStudy, ItemType

from .base import FieldSchoolBlockMixin, _
from .handlers import BadRequest, json_endpoint
from .scenarios import scenarios_for

MAX_ANSWER_LENGTH = 5000


def question_ids(case: CaseStudy) -> dict[str, str]:
    """Storage id (``<key>-<n>``, 1-based per key) → question text, in reading order."""
    ids: dict[str, str] = {}
    for key in DISCUSSION_KEYS:
        for n, text in enumerate(case.discussion.get(key, ()), start=1):
            ids[f"{key}-{n}"] = text
    return ids


class CaseStudyBlock(FieldSchoolBlockMixin, XBlock):
    """A case study from the curriculum, read in the learner's language, with its discussion questions."""

    item_type = ItemType.CASE_STUDY
    display_name = String(display_name=_("Display name"), scope=Scope.settings, default=_("Case study"))
    answers = Dict(scope=Scope.user_state, default={}, help=_("The learner's answers, by question id."))
    completed = Boolean(scope=Scope.user_state, default=False)

    # ---- view ------------------------------------------------------------------------------------------------
    def _questions(self, case: CaseStudy, key: str) -> list[dict[str, str]]:
        return [{"id": f"{key}-{n}", "text": text, "answer": self.answers.get(f"{key}-{n}", "")}
                for n, text in enumerate(case.discussion.get(key, ()), start=1)]

    def body_context(self, case: CaseStudy) -> dict[str, Any]:
        sections = [{"key": s.key, "title": s.title, "html": self.markdown(s.markdown),
                     "questions": self._questions(case, s.key)} for s in case.sections]
        all_ids = question_ids(case)
        answered = sum(1 for qid in all_ids if self.answers.get(qid, "").strip())
        return {
            "title": self.display_title(case),
            "case": case,
            "language": case.language,
            "summary_html": self.markdown(case.summary),
            "framing_questions": self._questions(case, "framing"),
            "sections": sections,
            "lessons_questions": self._questions(case, "lessons"),
            "recommendations_questions": self._questions(case, "recommendations"),
            "question_count": len(all_ids),
            "answered": answered,
            "completed": self.completed,
            "opening_html": self.markdown(case.opening_prompt) if case.opening_prompt else "",
            "closing_html": self.markdown(case.closing_prompt) if case.closing_prompt else "",
            "guide": self.staff_guide(case) if self.is_staff() else None,
        }

    def staff_guide(self, case: CaseStudy) -> dict[str, Any] | None:
        """The module's facilitator's guide for course staff (never in a learner's view), None when there is none."""
        course = self.course()
        module = course.module(case.id.split(".", 1)[0])
        guide = module.guide(case.language, course.source_language) if module else None
        if guide is None:
            return None
        return {"guide": guide, "plan": [{"start": start, "activity": step, "html": self.markdown(step.how)}
                                         for start, step in guide.schedule],
                "sections": [{"title": s.title, "html": self.markdown(s.markdown)} for s in guide.sections]}

    def render_body(self) -> str:
        case = self.curriculum_item()
        return self.render_html("case_study.html", self.body_context(case))

    def mobile_data(self, case: CaseStudy) -> dict[str, Any]:
        return {"summary_html": self.markdown(case.summary),
                "sections": [{"key": s.key, "title": s.title, "html": self.markdown(s.markdown)}
                             for s in case.sections],
                "questions": [{"id": qid, "text": text, "answer": self.answers.get(qid, "")}
                              for qid, text in question_ids(case).items()],
                "completed": self.completed}

    def public_summary_html(self, case: CaseStudy) -> str:
        return self.markdown(case.summary)

    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        if self.curriculum_item() is None:
            return self.unavailable_fragment()
        strings = {"saving": self.gettext("Saving…"), "error": self.gettext("Something went wrong; try again.")}
        return self.fragment(self.render_body(), "FieldSchoolCaseStudy", {"strings": strings})

    # ---- handlers --------------------------------------------------------------------------------------------
    @json_endpoint
    def save_answers(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Store discussion answers ``{"answers": {question id: text}}``; complete when all are answered."""
        case = self.curriculum_item()
        if case is None:
            raise BadRequest(self.gettext("This activity is not available."))
        answers = data.get("answers")
        if not isinstance(answers, dict):
            raise BadRequest(self.gettext("Send your answers as 'answers'."))
        known = question_ids(case)
        problems = []
        for qid, text in answers.items():
            if qid not in known:
                problems.append(self.gettext("There is no question '{id}' in this case.").format(id=qid))
            elif not isinstance(text, str):
                problems.append(self.gettext("Answer question '{id}' with text.").format(id=qid))
            elif len(text) > MAX_ANSWER_LENGTH:
                problems.append(self.gettext("Your answer to '{id}' is too long (at most {n} characters).")
                                .format(id=qid, n=MAX_ANSWER_LENGTH))
        if problems:
            raise BadRequest(self.gettext("Your answers could not be saved."), problems)
        stored = dict(self.answers)
        stored.update({qid: text.strip() for qid, text in answers.items()})
        self.answers = stored
        self.check_completion(case)
        return {"html": self.render_body(), "completed": self.completed,
                "message": self.gettext("Your answers are saved.")}

    @json_endpoint
    def mark_read(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """A case without discussion questions is complete once the learner says they have read it."""
        case = self.curriculum_item()
        if case is None:
            raise BadRequest(self.gettext("This activity is not available."))
        if question_ids(case):
            raise BadRequest(self.gettext("Answer the discussion questions to complete this case."))
        self.check_completion(case, read=True)
        return {"html": self.render_body(), "completed": self.completed}

    def check_completion(self, case: CaseStudy, read: bool = False) -> None:
        ids = question_ids(case)
        done = all(self.answers.get(qid, "").strip() for qid in ids) if ids else read
        if done and not self.completed:
            self.completed = True
            self.emit_completion(1.0)

    @staticmethod
    def workbench_scenarios():
        return scenarios_for(ItemType.CASE_STUDY)
