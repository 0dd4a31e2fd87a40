"""The assessment block: curriculum questions graded on the server, with feedback, attempts and a published grade."""

from __future__ import annotations

import dataclasses
from typing import Any

from xblock.core import XBlock
from xblock.fields import Boolean, Float, Integer, List, Scope, String
from xblock.scorable import ScorableXBlockMixin, Score

from curriculum.model import Assessment, ItemType, Question, QuestionType
from curriculum.overrides import questions_from_yaml
from curriculum.percent import format_pass_mark, format_percent
from curriculum.rendering import render_inline
from curriculum.reveal import answers_revealed
from curriculum.scoring import (
    AttemptResult,
    InvalidResponse,
    attempts_left,
    grade_attempt,
    kept_score,
    question_order,
    validate_responses,
)

from . import deadlines
from .base import FieldSchoolBlockMixin, _
from .editor import clean_customisation, clean_due, due_field, number_setting, yaml_customisation_problems
from .handlers import BadRequest, json_endpoint
from .i18n import active_language
from .scenarios import scenarios_for

SCORE_POLICIES = ("best", "last")


class AssessmentBlock(FieldSchoolBlockMixin, ScorableXBlockMixin, XBlock):
    """A curriculum assessment graded with :mod:`curriculum.scoring`; the kept score goes to the gradebook."""

    item_type = ItemType.ASSESSMENT
    display_name = String(display_name=_("Display name"), scope=Scope.settings, default=_("Assessment"))
    has_score = True
    icon_class = "problem"

    weight = Float(display_name=_("Problem weight"), scope=Scope.settings, default=1.0, values={"min": 0})
    # Not called max_attempts on purpose: Open edX's inherited course-wide "Maximum Attempts" would silently replace
    # "as the curriculum says". It does not apply to this component (Studio says so next to the field).
    attempts_allowed = Integer(display_name=_("Attempts"), scope=Scope.settings, default=None,
                               help=_("Empty: as the curriculum says; 0: unlimited."))
    # OLX written before the rename (max_attempts="3") still imports into attempts_allowed.
    olx_aliases = {"max_attempts": "attempts_allowed"}
    score_policy = String(display_name=_("Score kept"), scope=Scope.settings, default="best",
                          values=SCORE_POLICIES)
    due_behaviour = String(display_name=_("After the due date"), scope=Scope.settings, default=deadlines.CLOSE,
                           values=deadlines.DUE_BEHAVIOURS)
    shuffle_questions = Boolean(display_name=_("Shuffle questions"), scope=Scope.settings, default=False)
    custom_questions = String(display_name=_("Custom questions (YAML)"), scope=Scope.content, default="",
                              xml_node=True, multiline_editor=True,
                              help=_("Leave empty to use the curriculum's questions."))

    attempts = List(scope=Scope.user_state, default=[])
    raw_earned = Float(scope=Scope.user_state, default=None)
    raw_possible = Float(scope=Scope.user_state, default=None)

    # ---- the assessment as configured ------------------------------------------------------------------------
    def customise(self, item: Assessment) -> Assessment:
        changes: dict[str, Any] = {}
        if self.custom_questions.strip():
            questions, problems = questions_from_yaml(self.custom_questions)
            if questions and not problems:
                changes["questions"] = questions
        attempts = self.attempts_setting()
        if attempts is not None:
            changes["attempts"] = attempts
        return dataclasses.replace(item, **changes) if changes else item

    def attempts_setting(self) -> int | None:
        """The author's attempts for this component: ``attempts_allowed``, else a value stored on this very
        component under the old name before the rename. A course-wide "Maximum Attempts" inherited from Advanced
        Settings is deliberately not honoured: the curriculum (or this component's setting) decides."""
        if self.attempts_allowed is not None:
            return self.attempts_allowed
        legacy = self.fields.get("max_attempts")
        if legacy is not None and legacy.is_set_on(self):
            return legacy.read_from(self)
        return None

    def max_score(self) -> float:
        item = self.curriculum_item()
        return item.max_points if item is not None else 0.0

    def attempts_remaining(self, item: Assessment) -> int | None:
        return attempts_left(item, len(self.attempts))

    # ---- ScorableXBlockMixin ---------------------------------------------------------------------------------
    def has_submitted_answer(self) -> bool:
        return bool(self.attempts)

    def get_score(self) -> Score | None:
        if self.raw_earned is None:
            return None
        return Score(self.raw_earned, self.raw_possible)

    def set_score(self, score: Score) -> None:
        self.raw_earned, self.raw_possible = score.raw_earned, score.raw_possible

    def calculate_score(self) -> Score:
        """Regrade every stored attempt against the current questions and keep the score the policy says."""
        item = self.curriculum_item()
        scores = [grade_attempt(item, a["responses"]).score for a in self.attempts]
        kept = kept_score(scores, self.score_policy) or 0.0
        return Score(round(kept * item.max_points, 6), item.max_points)

    # ---- view ------------------------------------------------------------------------------------------------
    def _question_context(self, question: Question, response: Any, result) -> dict[str, Any]:
        chosen = set(response) if isinstance(response, (list, tuple)) else {response}
        if question.type is QuestionType.TRUE_FALSE:
            options = [{"id": "true", "html": self.gettext("True"), "checked": response in (True, "true")},
                       {"id": "false", "html": self.gettext("False"), "checked": response in (False, "false")}]
        else:
            options = [{"id": o.id, "html": render_inline(o.text), "checked": o.id in chosen}
                       for o in question.options]
        ctx = {"id": question.id, "type": question.type.value, "prompt_html": render_inline(question.prompt),
               "points": question.points, "options": options,
               "value": "" if response is None or isinstance(response, (list, tuple, bool)) else response,
               "input_type": "checkbox" if question.type is QuestionType.MULTIPLE_CHOICE else "radio",
               "result": None}
        if result is not None:
            status = "correct" if result.correct else ("partial" if result.points > 0 else "incorrect")
            ctx["result"] = {"status": status, "points": result.points, "max_points": result.max_points,
                             "answered": result.answered,
                             "feedback_html": [render_inline(f) for f in result.feedback if f]}
        return ctx

    def body_context(self, item: Assessment) -> dict[str, Any]:
        last = self.attempts[-1] if self.attempts else None
        graded: AttemptResult | None = grade_attempt(item, last["responses"]) if last else None
        left = self.attempts_remaining(item)
        passed = any(a.get("passed") for a in self.attempts)
        closed = deadlines.closed(self)
        shown = deadlines.correctness_shown(self)  # Open edX's "Show correctness"
        revealed = shown and answers_revealed(item, len(self.attempts), closed=closed)
        if not shown:
            graded = None
        order = [q.id for q in item.questions]
        if self.shuffle_questions:
            order = question_order(item, f"{self.learner_id()}:{len(self.attempts)}")
        questions = []
        for qid in order:
            question = item.question(qid)
            response = last["responses"].get(qid) if last else None
            ctx = self._question_context(question, response, graded.result(qid) if graded else None)
            ctx["explanation_html"] = self.markdown(question.explanation) if revealed else ""
            questions.append(ctx)
        kept = self.get_score()
        return {
            "title": self.display_title(item),
            "language": item.language,
            "introduction_html": self.markdown(item.introduction),
            "questions": questions,
            "attempts_used": len(self.attempts),
            "attempts_left": left,
            "unlimited": left is None,
            "can_submit": (left is None or left > 0) and not closed,
            "closed": closed,
            # shown in the interface language, by the one display rule (curriculum.percent)
            "pass_mark": format_pass_mark(item.pass_mark, active_language()),
            "last": ({"percent": format_percent(graded.score, item.pass_mark, active_language()),
                      "points": graded.points, "max_points": graded.max_points, "passed": graded.passed}
                     if graded else None),
            "kept_percent": (format_percent(kept.raw_earned / kept.raw_possible, item.pass_mark, active_language())
                             if shown and kept and kept.raw_possible else None),
            "correctness_hidden": not shown,
            "passed": passed,
            "answers_revealed": revealed,
        }

    def render_body(self) -> str:
        return self.render_html("assessment.html", self.body_context(self.curriculum_item()))

    def mobile_data(self, item: Assessment) -> dict[str, Any]:
        """The questions as the learner answers them: prompts and options, never which one is right."""
        return {"introduction_html": self.markdown(item.introduction), "pass_mark": item.pass_mark,
                "attempts_used": len(self.attempts), "attempts_left": self.attempts_remaining(item),
                "questions": [{"id": q.id, "type": q.type.value, "prompt_html": render_inline(q.prompt),
                               "points": q.points,
                               "options": [{"id": o.id, "html": render_inline(o.text)} for o in q.options]}
                              for q in item.questions]}

    def public_summary_html(self, item: Assessment) -> str:
        return self.markdown(item.introduction)

    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        if self.curriculum_item() is None:
            return self.unavailable_fragment()
        strings = {"sending": self.gettext("Checking your answers…"),
                   "error": self.gettext("Something went wrong; try again.")}
        return self.fragment(self.render_body(), "FieldSchoolAssessment", {"strings": strings})

    # ---- handlers --------------------------------------------------------------------------------------------
    @json_endpoint
    def submit(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Grade an attempt ``{"responses": {question id: answer}}``, keep it, publish the grade."""
        _t = self.gettext
        item = self.curriculum_item()
        if item is None:
            raise BadRequest(_t("This activity is not available."))
        responses = data.get("responses")
        if not isinstance(responses, dict):
            raise BadRequest(_t("Send your answers as 'responses'."))
        try:
            validate_responses(item, responses)
        except InvalidResponse as exc:
            raise BadRequest(_t("Some answers are not in the expected form."),
                             [exc.message.translated(self.gettext)]) from exc
        if deadlines.closed(self):
            raise BadRequest(_t("The due date has passed: this assessment is closed."))
        left = self.attempts_remaining(item)
        if left == 0:
            raise BadRequest(_t("You have used all your attempts."))
        result = grade_attempt(item, responses)
        self.attempts = [*self.attempts, {"responses": responses, "points": result.points,
                                          "max_points": result.max_points, "score": result.score,
                                          "passed": result.passed, "late": deadlines.past_due(self)}]
        score = self.calculate_score()
        self.set_score(score)
        self._publish_grade(score)
        if len(self.attempts) == 1:
            self.emit_completion(1.0)
        answer = {"html": self.render_body(), "attempts_left": self.attempts_remaining(item)}
        if deadlines.correctness_shown(self):
            answer.update(score=result.score, passed=result.passed, points=result.points,
                          max_points=result.max_points)
        return answer

    # ---- Studio ----------------------------------------------------------------------------------------------
    def extra_studio_fields(self) -> list[dict[str, Any]]:
        _t = self.gettext
        return [
            {"name": "weight", "kind": "number", "label": _t("Problem weight"), "value": self.weight},
            {"name": "attempts_allowed", "kind": "number", "label": _t("Attempts"),
             "value": "" if self.attempts_allowed is None else self.attempts_allowed,
             "help": _t("Empty: as the curriculum says; 0: unlimited. The course-wide \"Maximum Attempts\" of "
                        "Advanced Settings does not apply to this component.")},
            {"name": "score_policy", "kind": "select", "label": _t("Score kept"), "value": self.score_policy,
             "options": [{"value": "best", "label": _t("The best attempt"), "selected": self.score_policy == "best"},
                         {"value": "last", "label": _t("The last attempt"), "selected": self.score_policy == "last"}]},
            due_field(self),
            {"name": "shuffle_questions", "kind": "checkbox", "label": _t("Shuffle questions"),
             "value": self.shuffle_questions},
            {"name": "custom_questions", "kind": "textarea", "label": _t("Custom questions (YAML)"),
             "value": self.custom_questions,
             "help": _t("Leave empty to use the curriculum's questions. Same form as 'questions:' in AUTHORING.md.")},
        ]

    def clean_extra_settings(self, values: dict[str, Any], problems: list[str]) -> dict[str, Any]:
        _t = self.gettext
        cleaned: dict[str, Any] = {}
        if "weight" in values:
            cleaned["weight"] = number_setting(values["weight"], _t("The weight must be a number of 0 or more."),
                                               problems)
        if "attempts_allowed" in values:
            raw = values["attempts_allowed"]
            if raw in ("", None):
                cleaned["attempts_allowed"] = None
            else:
                value = number_setting(raw, _t("Attempts must be a whole number of 0 or more."), problems)
                if value is not None and value != int(value):
                    problems.append(_t("Attempts must be a whole number of 0 or more."))
                cleaned["attempts_allowed"] = int(value) if value is not None else None
        if "score_policy" in values:
            if values["score_policy"] not in SCORE_POLICIES:
                problems.append(_t("Choose which score is kept: the best or the last."))
            cleaned["score_policy"] = values["score_policy"]
        clean_due(self, values, problems, cleaned)
        if "shuffle_questions" in values:
            cleaned["shuffle_questions"] = bool(values["shuffle_questions"])
        clean_customisation(self, values, "custom_questions", questions_from_yaml, _t("Custom questions"), problems,
                            cleaned)
        return cleaned

    def customisation_problems(self) -> list[str]:
        return yaml_customisation_problems(self.custom_questions, questions_from_yaml, self.gettext("Custom questions"),
                                           self.gettext)

    @staticmethod
    def workbench_scenarios():
        return scenarios_for(ItemType.ASSESSMENT)
