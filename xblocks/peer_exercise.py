"""The peer exercise block: submit a response, review peers' work on leases, see reviews received and the grade.

Rows live in :mod:`xblocks.peer_store`; who reviews what and how reviews become a grade come from
:mod:`curriculum.peer`. Staff see every submission and can grade it themselves (an override with a reason).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

from xblock.core import XBlock
from xblock.fields import Boolean, Float, Integer, Scope, String
from xblock.validation import ValidationMessage

from curriculum.model import ItemType, PeerExercise, Rubric
from curriculum.overrides import rubric_from_yaml
from curriculum.peer.aggregation import PeerGrade
from curriculum.peer.grading import LearnerGrade, work_complete
from curriculum.peer.workflow import (
    LEASE_MINUTES,
    REVIEWS_PER_RESPONSE,
    PeerPolicy,
    can_submit,
    review_refusal,
    reviewing_open,
)
from curriculum.percent import format_percent
from curriculum.rubrics import InvalidReview, chosen_level

from . import deadlines, gradebook
from .base import FieldSchoolBlockMixin, _
from .editor import clean_customisation, clean_due, due_field, number_setting, yaml_customisation_problems
from .handlers import BadRequest, Forbidden, json_endpoint
from .i18n import active_language
from .scenarios import scenarios_for

MAX_RESPONSE_LENGTH = 20000
MAX_COMMENT_LENGTH = 5000


def _api():
    """The peer store's API, imported late: Django's app registry must be ready first."""
    from .peer_store import api

    return api


class PeerExerciseBlock(FieldSchoolBlockMixin, XBlock):
    """A curriculum peer exercise, with reviews allocated and aggregated by :mod:`curriculum.peer`."""

    item_type = ItemType.PEER_EXERCISE
    display_name = String(display_name=_("Display name"), scope=Scope.settings, default=_("Peer exercise"))
    has_score = True
    icon_class = "problem"

    weight = Float(display_name=_("Problem weight"), scope=Scope.settings, default=1.0, values={"min": 0})
    peer_reviews = Integer(display_name=_("Peer reviews per response"), scope=Scope.settings, default=None,
                           help=_("Empty: as the curriculum says."))
    self_assessment = String(display_name=_("Self-assessment"), scope=Scope.settings, default="",
                             values=("", "true", "false"), help=_("Empty: as the curriculum says."))
    # the core's default (was 30 here): a block where Studio never set it now holds a response 60 minutes
    lease_minutes = Integer(display_name=_("Minutes a reviewer holds a response"), scope=Scope.settings,
                            default=LEASE_MINUTES.default)
    reviewing_weight = Float(display_name=_("Share of the grade for reviewing"), scope=Scope.settings, default=0.0)
    due_behaviour = String(display_name=_("After the due date"), scope=Scope.settings, default=deadlines.CLOSE,
                           values=deadlines.DUE_BEHAVIOURS)
    custom_rubric = String(display_name=_("Custom rubric (YAML)"), scope=Scope.content, default="", xml_node=True,
                           multiline_editor=True, help=_("Leave empty to use the curriculum's rubric."))

    published_score = Float(scope=Scope.user_state, default=None)
    completed = Boolean(scope=Scope.user_state, default=False)

    @property
    def block_key(self) -> str:
        return str(self.scope_ids.usage_id)

    # ---- configuration ---------------------------------------------------------------------------------------
    def customise(self, item: PeerExercise) -> PeerExercise:
        changes: dict[str, Any] = {}
        if self.custom_rubric.strip():
            rubric, problems = rubric_from_yaml(self.custom_rubric)
            if rubric.criteria and not problems:
                changes["rubric"] = rubric
        if self.peer_reviews is not None:
            changes["peer_reviews"] = self.peer_reviews
        if self.self_assessment in ("true", "false"):
            changes["self_assessment"] = self.self_assessment == "true"
        return dataclasses.replace(item, **changes) if changes else item

    def max_score(self) -> float:
        item = self.curriculum_item()
        return item.rubric.max_points if item is not None else 0.0

    # ---- grade and completion --------------------------------------------------------------------------------
    def policy(self, item: PeerExercise) -> PeerPolicy:
        """The core's policy for this block: the curriculum's (or Studio's) reviews per response, and the due date
        (with the grace period) as the deadline for submitting and reviewing when the block closes then."""
        due = deadlines.due_at(self) if self.due_behaviour == deadlines.CLOSE else None
        return PeerPolicy(reviews_required=item.peer_reviews, submission_deadline=due, review_deadline=due,
                          lease_minutes=LEASE_MINUTES.clamp(self.lease_minutes))  # stored under older bounds

    def learner_grade(self, item: PeerExercise, submission) -> LearnerGrade:
        """The core's grade of ``submission``'s author (:func:`curriculum.peer.grading.learner_grade`)."""
        return _api().learner_grade(submission, item.rubric, self.policy(item), self.reviewing_weight,
                                    datetime.now(UTC))

    def score_of(self, item: PeerExercise, learner: str) -> float | None:
        """A learner's fraction for the gradebook (peer or staff grade, reviewing credit), None while unknown."""
        submission = _api().submission_of(self.block_key, learner)
        return None if submission is None else self.learner_grade(item, submission).final

    def publish_for_author(self, item: PeerExercise, submission_id: int) -> None:
        """After a review or staff grade: the author's grade goes to the gradebook now, through edx-submissions
        where the LMS offers it (:mod:`xblocks.gradebook`), without waiting for the author to come back."""
        author = next((s.learner for s in _api().submissions(self.block_key) if s.id == submission_id), None)
        if author is None or author == self.learner_id():
            return
        score = self.score_of(item, author)
        if score is not None:
            max_points = item.rubric.max_points
            gradebook.publish_for(self, author, round(score * max_points, 6), max_points)

    def refresh(self, item: PeerExercise) -> None:
        """Publish a grade that changed and report completion, for the learner making this request.

        The LMS records grade and completion events for the current user only; other learners' grades go through
        :meth:`publish_for_author` when a review or staff grade completes them.
        """
        api = _api()
        state = api.progress(self.block_key, self.learner_id(), self.policy(item))
        if state.submission is None:
            return
        score = self.learner_grade(item, state.submission).final
        if score is not None and score != self.published_score:
            self.published_score = score
            max_points = item.rubric.max_points
            self.runtime.publish(self, "grade", {"value": round(score * max_points, 6), "max_value": max_points})
        if not self.completed and work_complete(
                self.policy(item), submitted=True, reviews_given=state.reviews_done,
                pool=api.learner_pool(self.block_key, item.peer_reviews, state.submission), now=datetime.now(UTC),
                self_assessment=item.self_assessment, self_assessed=state.self_review is not None):
            self.completed = True
            self.emit_completion(1.0)

    # ---- view ------------------------------------------------------------------------------------------------
    def rubric_context(self, rubric: Rubric, chosen: dict[str, int] | None = None) -> list[dict[str, Any]]:
        chosen = chosen or {}
        return [{"id": c.id, "title": c.title, "description_html": self.markdown(c.description),
                 "levels": [{"index": i, "points": lv.points, "label": lv.label, "descriptor": lv.descriptor,
                             "checked": chosen.get(c.id) == i} for i, lv in enumerate(c.levels)]}
                for c in rubric.criteria]

    def review_context(self, rubric: Rubric, levels: dict[str, int], comment: str, n: int) -> dict[str, Any]:
        rows = []
        for c in rubric.criteria:
            level = chosen_level(c, levels)
            rows.append({"title": c.title, "label": level.label if level else "—",
                         "points": level.points if level else 0, "max_points": c.max_points})
        return {"n": n, "rows": rows, "comment": comment}

    def grade_context(self, rubric: Rubric, peer_grade: PeerGrade | None, score: float | None) -> dict | None:
        if peer_grade is None:
            return None
        shown = score if score is not None else peer_grade.score
        return {"percent": format_percent(shown, language=active_language()),  # the one display rule
                "points": round(peer_grade.points, 2), "max_points": peer_grade.max_points,
                "overridden": peer_grade.overridden, "reason": peer_grade.override_reason,
                "criteria": [{"title": c.title, "points": round(peer_grade.criteria[c.id], 2),
                              "max_points": c.max_points} for c in rubric.criteria if c.id in peer_grade.criteria]}

    def staff_context(self, item: PeerExercise) -> dict[str, Any]:
        api = _api()
        rows = []
        for sub in api.submissions(self.block_key):
            peer_grade = self.learner_grade(item, sub).grade
            rows.append({"id": sub.id, "learner": sub.learner, "submitted_at": sub.submitted_at, "late": sub.late,
                         "reviews": len(api.received_reviews(sub)), "text_html": self.learner_markdown(sub.text),
                         "grade": (f"{peer_grade.points:g} / {peer_grade.max_points:g}" if peer_grade else ""),
                         "disagreement": bool(peer_grade and peer_grade.disagreement),
                         "overridden": bool(peer_grade and peer_grade.overridden)})
        return {"rows": rows, "rubric": self.rubric_context(item.rubric)}

    def body_context(self, item: PeerExercise) -> dict[str, Any]:
        api = _api()
        learner = self.learner_id()
        state = api.progress(self.block_key, learner, self.policy(item))
        ctx: dict[str, Any] = {
            "title": self.display_title(item),
            "language": item.language,
            "sections": [{"key": s.key, "title": s.title, "html": self.markdown(s.markdown)} for s in item.sections],
            "submitted": state.submission is not None,
            "closed": not can_submit(self.policy(item), datetime.now(UTC)),
            "reviewing_open": reviewing_open(self.policy(item), datetime.now(UTC)),
            "required": state.required_reviews,
            "done": state.reviews_done,
            "configured": item.peer_reviews,
            "rubric": self.rubric_context(item.rubric),
            "self_assessment": item.self_assessment,
            "is_staff": self.is_staff(),
            "assignment": None, "own_html": "", "self_review": None, "received": [], "grade": None,
        }
        if state.submission is not None:
            sub = state.submission
            ctx["own_html"] = self.learner_markdown(sub.text)
            if state.self_review:  # each review is shown with the rubric it was given under
                ctx["self_review"] = self.review_context(api.rubric_of(state.self_review, item.rubric),
                                                         state.self_review.levels, state.self_review.comment, 0)
            ctx["received"] = [self.review_context(api.rubric_of(r, item.rubric), r.levels, r.comment, n)
                               for n, r in enumerate(api.received_reviews(sub), start=1)]
            found = self.learner_grade(item, sub)
            ctx["grade"] = self.grade_context(found.rubric, found.grade, found.final)
        if state.open_assignment is not None:
            ctx["assignment"] = {"submission_id": state.open_assignment.submission_id,
                                 "html": self.learner_markdown(state.open_assignment.submission.text),
                                 "expires_at": state.open_assignment.expires_at}
        if ctx["is_staff"]:
            ctx["staff"] = self.staff_context(item)
        for purpose in ("review", "self", "staff"):
            ctx[f"{purpose}_rubric_html"] = self.render_html("rubric.html", {
                "rubric": ctx["rubric"], "prefix": f"{self.scope_ids.usage_id}-{purpose}"})
        return ctx

    def render_body(self, item: PeerExercise, notice: str = "") -> str:
        ctx = self.body_context(item)
        ctx["notice"] = notice
        return self.render_html("peer_exercise.html", ctx)

    def mobile_data(self, item: PeerExercise) -> dict[str, Any]:
        return {"sections": [{"key": s.key, "title": s.title, "html": self.markdown(s.markdown)}
                             for s in item.sections],
                "rubric": [{"id": c.id, "title": c.title,
                            "levels": [{"points": lv.points, "label": lv.label} for lv in c.levels]}
                           for c in item.rubric.criteria]}

    def public_summary_html(self, item: PeerExercise) -> str:
        return self.markdown(item.sections[0].markdown) if item.sections else ""

    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        item = self.curriculum_item()
        if item is None:
            return self.unavailable_fragment()
        self.refresh(item)
        strings = {"sending": self.gettext("Sending…"), "error": self.gettext("Something went wrong; try again."),
                   "choose_all": self.gettext("Choose a level for every criterion.")}
        return self.fragment(self.render_body(item), "FieldSchoolPeerExercise", {"strings": strings})

    # ---- handlers --------------------------------------------------------------------------------------------
    def _item(self) -> PeerExercise:
        item = self.curriculum_item()
        if item is None:
            raise BadRequest(self.gettext("This activity is not available."))
        return item

    def _levels(self, data: dict[str, Any]) -> dict[str, int]:
        levels = data.get("levels")
        if not isinstance(levels, dict):
            raise BadRequest(self.gettext("Send the chosen levels as 'levels'."))
        return levels

    def _comment(self, data: dict[str, Any], key: str = "comment") -> str:
        comment = data.get(key, "")
        if not isinstance(comment, str) or len(comment) > MAX_COMMENT_LENGTH:
            raise BadRequest(self.gettext("The comment must be text of at most {n} characters.")
                             .format(n=MAX_COMMENT_LENGTH))
        return comment.strip()

    def _answer(self, item: PeerExercise, notice: str) -> dict[str, Any]:
        self.refresh(item)
        return {"html": self.render_body(item, notice)}  # the notice is in the HTML, announced once

    @json_endpoint
    def submit_response(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Store the learner's response ``{"text": …}``."""
        _t = self.gettext
        item = self._item()
        text = data.get("text")
        if not isinstance(text, str) or not text.strip():
            raise BadRequest(_t("Write your response before submitting it."))
        if len(text) > MAX_RESPONSE_LENGTH:
            raise BadRequest(_t("Your response is too long (at most {n} characters).").format(n=MAX_RESPONSE_LENGTH))
        if not can_submit(self.policy(item), datetime.now(UTC)):  # the core's rule, with the due date as deadline
            raise BadRequest(_t("The due date has passed: this exercise is closed."))
        try:
            _api().submit(self.block_key, self.learner_id(), text.strip(), late=deadlines.past_due(self))
        except _api().PeerError as exc:
            raise BadRequest(_t("You have already submitted a response.")) from exc
        return self._answer(item, _t("Your response is submitted. Now review your peers' work."))

    @json_endpoint
    def request_review(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Lease the next peer response to review (the same one again while the learner holds a lease)."""
        _t = self.gettext
        item = self._item()
        api = _api()
        refusal = review_refusal(self.policy(item), now=datetime.now(UTC),
                                 submitted=api.submission_of(self.block_key, self.learner_id()) is not None)
        if refusal == "not_submitted":
            raise BadRequest(_t("Submit your own response first."))
        if refusal == "closed" and not item.peer_reviews:  # staff grade every response: nothing to review
            return {**self._answer(item, _t("There is no response for you to review yet. Come back later.")),
                    "submission_id": None}
        if refusal == "closed":
            raise BadRequest(_t("The due date has passed: this exercise is closed."))
        assignment = api.request_review(self.block_key, self.learner_id(), item.peer_reviews,
                                        self.policy(item).lease_minutes)
        notice = "" if assignment else _t("There is no response for you to review yet. Come back later.")
        result = self._answer(item, notice)
        result["submission_id"] = assignment.submission_id if assignment else None
        return result

    @json_endpoint
    def submit_review(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Record a review ``{"submission_id", "levels": {criterion: level index}, "comment"}`` of a leased response."""
        _t = self.gettext
        item = self._item()
        submission_id = data.get("submission_id")
        if isinstance(submission_id, bool) or not isinstance(submission_id, int):
            raise BadRequest(_t("Say which response you reviewed."))
        levels, comment = self._levels(data), self._comment(data)
        try:
            _api().submit_review(self.block_key, self.learner_id(), submission_id, levels, comment, item.rubric)
        except InvalidReview as exc:
            raise BadRequest(_t("Choose a level for every criterion."),
                             [exc.message.translated(self.gettext)]) from exc
        except _api().PeerError as exc:
            raise BadRequest(_t("This response is not yours to review, or you have reviewed it already.")) from exc
        self.publish_for_author(item, submission_id)
        return self._answer(item, _t("Thank you: your review is saved."))

    @json_endpoint
    def submit_self_review(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Record the learner's assessment of their own response."""
        _t = self.gettext
        item = self._item()
        if not item.self_assessment:
            raise BadRequest(_t("This exercise has no self-assessment."))
        submission = _api().submission_of(self.block_key, self.learner_id())
        if submission is None:
            raise BadRequest(_t("Submit your own response first."))
        levels, comment = self._levels(data), self._comment(data)
        try:
            _api().submit_self_review(submission, levels, comment, item.rubric)
        except InvalidReview as exc:
            raise BadRequest(_t("Choose a level for every criterion."),
                             [exc.message.translated(self.gettext)]) from exc
        except _api().PeerError as exc:
            raise BadRequest(_t("You have already assessed your response.")) from exc
        return self._answer(item, _t("Your self-assessment is saved."))

    @json_endpoint
    def staff_override(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Staff grade a response themselves: ``{"submission_id", "levels", "reason"}``."""
        _t = self.gettext
        if not self.is_staff():
            raise Forbidden(_t("Only course staff can grade responses."))
        item = self._item()
        api = _api()
        submission = next((s for s in api.submissions(self.block_key) if s.id == data.get("submission_id")), None)
        if submission is None:
            raise BadRequest(_t("Choose a response to grade."))
        levels, reason = self._levels(data), self._comment(data, "reason")
        if not reason:
            raise BadRequest(_t("Say why you are grading this response yourself."))
        try:
            api.set_override(submission, levels, reason, self.learner_id(), item.rubric)
        except InvalidReview as exc:
            raise BadRequest(_t("Choose a level for every criterion."),
                             [exc.message.translated(self.gettext)]) from exc
        self.publish_for_author(item, submission.id)
        return self._answer(item, _t("The grade is saved; the learner sees it next time they open the exercise."))

    def clear_student_state(self, user_id: str, course_id: str, item_id: str, requesting_user_id: str) -> None:
        """The Instructor Dashboard's "Delete learner state": the learner's peer data in this block goes too (their
        response, the reviews it received, their open leases), so they start over; reviews they gave of others
        stay, under a stand-in name, as part of those learners' grades. ``user_id`` is the anonymous user id."""
        _api().clear_learner(self.block_key, user_id)

    # ---- Studio ----------------------------------------------------------------------------------------------
    def extra_studio_fields(self) -> list[dict[str, Any]]:
        _t = self.gettext
        tri = [{"value": "", "label": _t("As the curriculum says"), "selected": self.self_assessment == ""},
               {"value": "true", "label": _t("Yes"), "selected": self.self_assessment == "true"},
               {"value": "false", "label": _t("No"), "selected": self.self_assessment == "false"}]
        return [
            {"name": "weight", "kind": "number", "label": _t("Problem weight"), "value": self.weight},
            {"name": "peer_reviews", "kind": "number", "label": _t("Peer reviews per response"),
             "value": "" if self.peer_reviews is None else self.peer_reviews,
             "help": _t("Empty: as the curriculum says.")},
            {"name": "self_assessment", "kind": "select", "label": _t("Self-assessment"), "value": "",
             "options": tri},
            {"name": "lease_minutes", "kind": "number", "label": _t("Minutes a reviewer holds a response"),
             "value": self.lease_minutes},
            {"name": "reviewing_weight", "kind": "number", "label": _t("Share of the grade for reviewing"),
             "value": self.reviewing_weight, "help": _t("From 0 (only the peers' grade counts) to 1.")},
            due_field(self),
            {"name": "custom_rubric", "kind": "textarea", "label": _t("Custom rubric (YAML)"),
             "value": self.custom_rubric,
             "help": _t("Leave empty to use the curriculum's rubric. Same form as 'rubric:' in AUTHORING.md.")},
        ]

    def clean_extra_settings(self, values: dict[str, Any], problems: list[str]) -> dict[str, Any]:
        _t = self.gettext
        cleaned: dict[str, Any] = {}
        if "weight" in values:
            cleaned["weight"] = number_setting(values["weight"], _t("The weight must be a number of 0 or more."),
                                               problems)
        if "peer_reviews" in values:  # the core's bounds, as in the LTI tool
            raw = values["peer_reviews"]
            wrong = _t("Peer reviews must be a whole number from {low} to {high}.").format(
                low=REVIEWS_PER_RESPONSE.low, high=REVIEWS_PER_RESPONSE.high)
            value = None if raw in ("", None) else number_setting(raw, wrong, problems)
            if value is not None and not REVIEWS_PER_RESPONSE.allows(value):
                problems.append(wrong)
            cleaned["peer_reviews"] = int(value) if value is not None and REVIEWS_PER_RESPONSE.allows(value) else None
        if "self_assessment" in values:
            raw = values["self_assessment"]
            if raw not in ("", None, True, False, "true", "false"):
                problems.append(_t("Choose whether learners assess their own response."))
            cleaned["self_assessment"] = "" if raw in ("", None) else ("true" if raw in (True, "true") else "false")
        if "lease_minutes" in values:  # the core's bounds, as in the LTI tool
            wrong = _t("Lease minutes must be a whole number from {low} to {high}.").format(
                low=LEASE_MINUTES.low, high=LEASE_MINUTES.high)
            value = number_setting(values["lease_minutes"], wrong, problems)
            if value is not None and not LEASE_MINUTES.allows(value):
                problems.append(wrong)
            cleaned["lease_minutes"] = int(value) if value is not None and LEASE_MINUTES.allows(value) \
                else LEASE_MINUTES.default  # nothing is saved when a problem was found
        if "reviewing_weight" in values:
            value = number_setting(values["reviewing_weight"], _t("The reviewing share must be between 0 and 1."),
                                   problems)
            if value is not None and value > 1:
                problems.append(_t("The reviewing share must be between 0 and 1."))
            cleaned["reviewing_weight"] = value or 0.0
        clean_due(self, values, problems, cleaned)
        clean_customisation(self, values, "custom_rubric", rubric_from_yaml, _t("Custom rubric"), problems, cleaned)
        return cleaned

    def customisation_problems(self) -> list[str]:
        return yaml_customisation_problems(self.custom_rubric, rubric_from_yaml, self.gettext("Custom rubric"),
                                           self.gettext)

    def studio_notice(self) -> str:
        """Said before an author edits: reviews exist, and a rubric change does not rewrite them."""
        if not _api().reviews_exist(self.block_key):
            return ""
        return self.gettext("Learners have already reviewed with this rubric. If you change the rubric or the "
                            "curriculum item, earlier reviews stay graded with the rubric they were given under; "
                            "grades that mix rubric versions show no breakdown per criterion.")

    def validate(self):
        """Studio's warnings, and one when reviews were given under another version of the rubric."""
        validation = super().validate()
        item = self.curriculum_item("en") if self.item_id else None
        earlier = _api().reviews_under_other_rubrics(self.block_key, item.rubric) if item is not None else 0
        if earlier:
            validation.add(ValidationMessage(ValidationMessage.WARNING, self.ngettext(
                "{n} review was given under an earlier version of the rubric; it stays graded with that version.",
                "{n} reviews were given under an earlier version of the rubric; they stay graded with that version.",
                earlier).format(n=earlier)))
        return validation

    @staticmethod
    def workbench_scenarios():
        return scenarios_for(ItemType.PEER_EXERCISE)
