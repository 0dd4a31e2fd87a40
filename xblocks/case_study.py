"""The case study block: a systematised experience to read, with discussion questions the learner answers."""

from __future__ import annotations

import re
from typing import Any

from xblock.core import XBlock
from xblock.fields import Boolean, Dict, Scope, String

from curriculum.case_page import CasePage, case_page, is_complete, question_ids, unanswered
from curriculum.model import CaseStudy, ItemType
from curriculum.terms import msgid

from .base import FieldSchoolBlockMixin, _
from .handlers import BadRequest, json_endpoint
from .scenarios import scenarios_for

MAX_ANSWER_LENGTH = 5000


class CaseStudyBlock(FieldSchoolBlockMixin, XBlock):
    """A case study from the curriculum, read in the learner's language, with its discussion questions."""

    item_type = ItemType.CASE_STUDY
    display_name = String(display_name=_("Display name"), scope=Scope.settings, default=_("Case study"))
    answers = Dict(scope=Scope.user_state, default={}, help=_("The learner's answers, by question id."))
    completed = Boolean(scope=Scope.user_state, default=False)

    # ---- view ------------------------------------------------------------------------------------------------
    def page(self, case: CaseStudy) -> CasePage:
        """The core's page model of the case, its interface terms from the blocks' catalogue."""
        prefix = re.sub(r"[^A-Za-z0-9_-]+", "-", str(self.scope_ids.usage_id)) + "-"
        return case_page(case, translate=lambda key: self.gettext(msgid(key)), markdown=self.markdown,
                         chart_prefix=prefix)

    def body_context(self, case: CaseStudy) -> dict[str, Any]:
        page = self.page(case)
        return {
            "title": self.display_title(case),
            "case": case,
            "page": page,
            "language": case.language,
            "parts": [{"part": part, "questions": [{"id": q.id, "text": q.text, "answer": self.answers.get(q.id, "")}
                                                   for q in part.questions]} for part in page.parts],
            "question_count": len(page.question_ids),
            "answered": len(page.question_ids) - len(unanswered(case, self.answers)),
            "completed": self.completed,
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
        page = self.page(case)
        return {"summary_html": page.summary_html,
                "facts": [{"key": row.key, "label": row.label, "value": row.value} for row in page.facts],
                "sections": [{"key": s.key, "title": s.title, "html": self.markdown(s.markdown)}
                             for s in case.sections],
                "questions": [{"id": q.id, "text": q.text, "answer": self.answers.get(q.id, "")}
                              for q in page.questions],
                "completion_rule": page.completion.value,
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
        """Store discussion answers ``{"answers": {question id: text}}``; complete by the core's rule."""
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
        """The page's button (the core's rule offers it for a case without discussion questions)."""
        case = self.curriculum_item()
        if case is None:
            raise BadRequest(self.gettext("This activity is not available."))
        if not self.page(case).mark_button:
            raise BadRequest(self.gettext("Answer the discussion questions to complete this case."))
        self.check_completion(case, read=True)
        return {"html": self.render_body(), "completed": self.completed}

    def check_completion(self, case: CaseStudy, read: bool = False) -> None:
        """The core's completion rule (curriculum.case_page.CASE_COMPLETION) on the stored answers."""
        if is_complete(case, self.answers, marked=read) and not self.completed:
            self.completed = True
            self.emit_completion(1.0)

    @staticmethod
    def workbench_scenarios():
        return scenarios_for(ItemType.CASE_STUDY)
