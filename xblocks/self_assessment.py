"""The capacity self-assessment block: twelve competency areas, four maturity levels each; the learner's profile
as a radar with its numbers in a table, and before/after once they assess again. Course staff also see the class's
distribution per area (each learner once, with their latest profile) as a table and a chart, and download it as CSV.

Scoring, comparing, recommending and counting the class live in ``curriculum.self_assessment``; this block stores
the profiles (the learner's history in user state, each learner's latest in :mod:`xblocks.peer_store` for staff)
and renders them."""

from __future__ import annotations

from typing import Any

from webob import Response
from xblock.core import XBlock
from xblock.fields import List, Scope, String

from curriculum.charts import distribution_chart, radar_chart
from curriculum.items import ASSESSED_AREAS
from curriculum.model import ItemType, SelfAssessment
from curriculum.self_assessment import (
    INSTRUMENT_ID,
    AnswerError,
    Profile,
    capacity_instrument,
    class_distribution,
    compare_profiles,
    profile_cells,
    profile_columns,
    recommend_modules,
    score_answers,
)
from curriculum.spreadsheet import csv_text
from curriculum.vocabulary import COMPETENCY_AREAS, label

from .base import FieldSchoolBlockMixin, _
from .handlers import BadRequest, json_endpoint
from .i18n import active_language

MAX_PROFILES = 20


def _api():
    """The peer store's API, imported late: Django's app registry must be ready first."""
    from .peer_store import api

    return api


class SelfAssessmentBlock(FieldSchoolBlockMixin, XBlock):
    """The organisation's capacity self-assessment, in the learner's language."""

    item_type = ItemType.SELF_ASSESSMENT
    item_id = String(display_name=_("Curriculum item"), scope=Scope.settings, default=INSTRUMENT_ID)
    profiles = List(scope=Scope.user_state, default=[],
                    help=_("The learner's completed self-assessments, oldest first."))

    @property
    def block_key(self) -> str:
        return str(self.scope_ids.usage_id)

    def default_title(self) -> str:
        return self.gettext("Capacity self-assessment")

    def curriculum_item(self, language: str | None = None) -> SelfAssessment | None:
        """The shipped capacity instrument (the only self-assessment there is), in the learner's language."""
        language = language or (active_language() if self.follow_learner_language else self.language)
        return capacity_instrument(language)

    # ---- view ------------------------------------------------------------------------------------------------
    def body_context(self, instrument: SelfAssessment) -> dict[str, Any]:
        language = instrument.language
        stored = [Profile.from_dict(p) for p in self.profiles]
        axes = [(key, label(COMPETENCY_AREAS, key, language)) for key in ASSESSED_AREAS]
        latest = stored[-1] if stored else None
        context: dict[str, Any] = {
            "title": self.display_name or instrument.title, "instrument": instrument, "language": language,
            "introduction_html": self.markdown(instrument.introduction), "latest": latest, "figure": "",
            "areas": [{"key": a.area, "name": label(COMPETENCY_AREAS, a.area, language), "questions": a.questions,
                       "evidence": "; ".join(a.evidence),
                       "levels": [{"n": n, "label": instrument.level_labels[n - 1], "text": text,
                                   "checked": bool(latest and latest.levels.get(a.area) == n)}
                                  for n, text in enumerate(a.levels, start=1)]} for a in instrument.areas],
            "rows": [], "moved": [], "recommended": [], "count": len(stored),
            "staff": self.staff_context(instrument, axes) if self.is_staff() else None,
        }
        if latest is None:
            return context
        first = stored[0]
        before, after = self.gettext("Before"), self.gettext("After")
        series = [(before, dict(first.levels)), (after, dict(latest.levels))] if len(stored) > 1 else \
            [(self.gettext("Your profile"), dict(latest.levels))]
        context["figure"] = radar_chart(axes, series, self.gettext("Capacity profile"),
                                        ident=f"radar-{self.scope_ids.usage_id}".replace(".", "-"))
        context["rows"] = [{"area": key, "name": name, "first": first.levels.get(key, ""),
                            "latest": latest.levels.get(key, "")} for key, name in axes]
        if len(stored) > 1:
            context["moved"] = [{"name": label(COMPETENCY_AREAS, c.area, language), "delta": f"{c.delta:+d}"}
                                for c in compare_profiles(first, latest) if c.moved]
        course = self.course()
        context["recommended"] = [{"title": course.module(r.module_id).variant(language).title,
                                   "area": label(COMPETENCY_AREAS, r.area, language)}
                                  for r in recommend_modules(latest, course)]
        return context

    def staff_context(self, instrument: SelfAssessment, axes: list[tuple[str, str]]) -> dict[str, Any]:
        """The class's distribution per area and level: each learner once, with their latest profile."""
        stored = _api().class_profiles(self.block_key)
        counts = class_distribution(Profile.from_dict(row.profile) for row in stored)
        learners = len(stored)
        title = self.gettext("Learners per area and level")
        figure = distribution_chart([(name, counts[key]) for key, name in axes], instrument.level_labels, title,
                                    ident=f"class-{self.scope_ids.usage_id}".replace(".", "-")) if learners else ""
        return {"learners": learners, "figure": figure, "levels": instrument.level_labels,
                "summary": self.ngettext(
                    "{n} learner has completed the self-assessment; each counts once, with their latest profile.",
                    "{n} learners have completed the self-assessment; each counts once, with their latest profile.",
                    learners).format(n=learners),
                "rows": [{"area": key, "name": name, "counts": counts[key]} for key, name in axes],
                "csv_url": self.runtime.handler_url(self, "class_csv")}

    def render_body(self) -> str:
        return self.render_html("self_assessment.html", self.body_context(self.curriculum_item()))

    @XBlock.supports("multi_device")  # one column of radio buttons: the mobile apps show it (checked at 375 px)
    def student_view(self, context=None):
        strings = {"saving": self.gettext("Saving…"), "error": self.gettext("Something went wrong; try again.")}
        return self.fragment(self.render_body(), "FieldSchoolSelfAssessment", {"strings": strings})

    # ---- handlers --------------------------------------------------------------------------------------------
    @json_endpoint
    def submit(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Score ``{"levels": {area: 1-4}, "notes": {area: text}}``; every area needs a level."""
        levels, notes = data.get("levels"), data.get("notes") or {}
        if not isinstance(levels, dict) or not isinstance(notes, dict):
            raise BadRequest(self.gettext("Send your answers as 'levels'."))
        try:
            profile = score_answers(levels, notes)
        except AnswerError as exc:
            raise BadRequest(self.gettext("Your answers could not be saved."),
                             [exc.message.translated(self.gettext)]) from exc
        if not profile.complete:
            raise BadRequest(self.gettext("Choose a level in every area."))
        first = not self.profiles
        self.profiles = [*self.profiles, profile.to_dict()][-MAX_PROFILES:]
        _api().record_profile(self.block_key, self.learner_id(), profile.to_dict())
        if first:
            self.emit_completion(1.0)
        return {"html": self.render_body(), "completed": True, "message": self.gettext("Your answers are saved.")}

    @XBlock.handler
    def class_csv(self, request, suffix: str = "") -> Response:
        """Course staff download the class's latest profiles: one row per learner (the LMS's anonymous id), a level
        and the evidence note per area; anyone else gets 403."""
        if not self.is_staff():
            return Response(self.gettext("Only course staff can download the class's self-assessments."),
                            status=403, content_type="text/plain", charset="utf-8")
        rows = [[row.learner, row.assessments, row.submitted_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 *profile_cells(Profile.from_dict(row.profile))] for row in _api().class_profiles(self.block_key)]
        response = Response(csv_text(["learner", "assessments", "submitted_at", *profile_columns()], rows),
                            content_type="text/csv", charset="utf-8")
        response.headers["Content-Disposition"] = "attachment; filename=self-assessments.csv"
        return response

    def clear_student_state(self, user_id: str, course_id: str, item_id: str, requesting_user_id: str) -> None:
        """The Instructor Dashboard's "Delete learner state": the learner's profile leaves the class's view too."""
        _api().clear_profile(self.block_key, user_id)

    # ---- Studio: nothing to choose, the instrument is fixed --------------------------------------------------
    def studio_fields(self) -> list[dict[str, Any]]:
        return [field for field in super().studio_fields() if field["name"] != "item_id"]

    def clean_settings(self, values: dict[str, Any]) -> dict[str, Any]:
        return super().clean_settings({**values, "item_id": INSTRUMENT_ID})

    @staticmethod
    def workbench_scenarios():
        return [("Field School: capacity self-assessment",
                 '<vertical_demo><fieldschool_self_assessment item_id="instruments.capacity"/></vertical_demo>')]
