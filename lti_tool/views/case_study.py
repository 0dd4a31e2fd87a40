"""Case study pages: reading the case, discussion answers saved as the learner types (or with the form when there
is no JavaScript), marking the case complete, and the case's images."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    abort,
    get_template_attribute,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from markupsafe import Markup

from curriculum import CaseStudy
from curriculum.case_page import unanswered
from curriculum.rendering import render_markdown

from ..grades import outbox
from ..models import LEARNER
from ..services import case_study as cases
from ..services.access import Activity, open_activity
from ..services.content_cache import BoundedCache
from ..services.course import course_holding, get_course
from .csp import allow_style_hashes

bp = Blueprint("case_study", __name__)
IMAGE_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif")


def render_page(activity: Activity):
    case: CaseStudy = activity.item  # type: ignore[assignment]
    model = cases.page_model(case, image_base=url_for("case_study.media", item_id=case.id, filename="")[:-1])
    page = model.page
    allow_style_hashes(model.style_hashes)
    part_bodies = _part_bodies(model)
    course = course_holding(case.id)
    module = course.module(case.id.split(".", 1)[0])
    one_page = module.summary(case.language, course.source_language) if module else None
    state = cases.learner_state(activity.link.id, activity.ctx.user_id)
    answers = state.answers
    return render_template(
        "case_study.html", activity=activity, case=case, page=page, launch_id=activity.launch_id,
        one_page=one_page, one_page_html=render_markdown(one_page.what_happened) if one_page else "",
        part_bodies=part_bodies, answers=answers, answered=len(page.question_ids) - len(unanswered(case, answers)),
        completion=state.completion, saved=request.args.get("saved"),
        not_yet=request.args.get("not_yet"), graded=bool(activity.link.ags_lineitem_url),
        delivery=outbox.delivery(state.latest_score))


# Each page model's section bodies (headings, text, figures, timeline and indicator tables) rendered once: the same
# for every reader (the learner's answers come after them, in _case_parts.html). Keyed by the model object, which
# the entry holds so its id is not reused meanwhile; page models are few (services/case_study.page_model).
_PART_BODIES: BoundedCache[tuple[cases.PageModel, tuple[Markup, ...]]] = BoundedCache(max_entries=512)


def _part_bodies(model: cases.PageModel) -> tuple[Markup, ...]:
    def render() -> tuple[cases.PageModel, tuple[Markup, ...]]:
        part_body = get_template_attribute("_case_part_body.html", "part_body")
        return model, tuple(Markup(part_body(part, model.page)) for part in model.page.parts)

    return _PART_BODIES.get_or_make(id(model), render)[1]


def _wants_json() -> bool:
    return request.headers.get("X-Requested-With") == "fetch" or request.accept_mimetypes.best == "application/json"


@bp.post("/lti/case/<launch_id>/answers")
def save(launch_id: str):
    activity = open_activity(launch_id, CaseStudy)
    given = {name.removeprefix("answer-"): value for name, value in request.form.items()
             if name.startswith("answer-")}
    try:
        saved = cases.save_answers(activity.item, activity.link.id, activity.ctx.user_id, given)
    except cases.UnknownQuestion:
        abort(400, _("That question is not part of this case study."))
    done = cases.complete_if_done(activity.item, activity.link, activity.ctx.user_id,
                                  send_score=activity.ctx.role == LEARNER)
    if _wants_json():
        return jsonify({"saved": saved, "completed": done is not None})
    return redirect(url_for("activity.show", launch_id=launch_id, saved=1) + "#discussion-saved", code=303)


@bp.post("/lti/case/<launch_id>/complete")
def complete(launch_id: str):
    activity = open_activity(launch_id, CaseStudy)
    given = {name.removeprefix("answer-"): value for name, value in request.form.items()
             if name.startswith("answer-")}
    if given:  # without JavaScript the answers come along with "mark complete"
        try:
            cases.save_answers(activity.item, activity.link.id, activity.ctx.user_id, given)
        except cases.UnknownQuestion:
            abort(400, _("That question is not part of this case study."))
    done = cases.complete_if_done(activity.item, activity.link, activity.ctx.user_id,
                                  send_score=activity.ctx.role == LEARNER, marked=True)
    if done is None:  # the core's rule does not hold yet: questions without an answer
        return redirect(url_for("activity.show", launch_id=launch_id, not_yet=1) + "#completion", code=303)
    return redirect(url_for("activity.show", launch_id=launch_id) + "#completion", code=303)


@bp.get("/lti/media/<item_id>/<path:filename>")
def media(item_id: str, filename: str):
    """An image next to an item's Markdown file (curriculum content, public like the rest of the curriculum)."""
    item = get_course().find_item(item_id)
    if item is None or not filename.lower().endswith(IMAGE_TYPES) or not item.source:
        abort(404)
    folder = Path(item.source).resolve().parent  # the loader keeps the path relative to the working folder
    response = send_from_directory(folder, filename, max_age=86400)
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
