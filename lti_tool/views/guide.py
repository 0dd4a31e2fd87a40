"""The facilitator's guide of an activity's module: a page for the course's instructors only, linked from the
instructor views of the module's activities. Learners who try its address get the "not allowed" page."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from curriculum.model import FacilitatorGuide
from curriculum.rendering import render_markdown

from ..services.access import open_activity, require_instructor
from ..services.course import get_course

bp = Blueprint("guide", __name__)


def guide_for(item_id: str, language: str) -> FacilitatorGuide | None:
    """The guide of the module ``item_id`` belongs to, in ``language`` or the source language."""
    course = get_course()
    module = course.module(item_id.split(".", 1)[0])
    return module.guide(language, course.source_language) if module else None


@bp.get("/lti/guide/<launch_id>")
def show(launch_id: str):
    activity = open_activity(launch_id)
    require_instructor(activity)
    guide = guide_for(activity.item.id, activity.language)
    if guide is None:
        abort(404)
    course = get_course()
    module = course.module(activity.item.id.split(".", 1)[0])
    return render_template("guide.html", guide=guide, module_title=module.variant(guide.language).title,
                           launch_id=launch_id, md=render_markdown)


@bp.app_context_processor
def guide_links() -> dict:
    """``has_guide(item)`` for instructor views: whether to link to the module's guide."""
    return {"has_guide": lambda item: guide_for(item.id, item.language) is not None}
