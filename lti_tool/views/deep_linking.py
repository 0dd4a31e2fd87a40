"""Deep linking: an instructor picks curriculum items and the tool returns them to the platform as a signed JWT."""

from __future__ import annotations

from flask import Blueprint, g, render_template, request

from ..library.activities import content_items as library_items
from ..library.activities import picker_entries
from ..lti.errors import LaunchError
from ..lti.flask_lti import restore_launch
from ..services.access import open_launch
from ..services.course import filtered_catalog, get_course
from ..services.deep_linking import content_items
from ..services.urls import tool_url

bp = Blueprint("deep_linking", __name__)
TYPES = ("case_study", "peer_exercise", "assessment")


def _instructor_context(launch_id: str):
    ctx = open_launch(launch_id)
    if not ctx.is_instructor:
        raise LaunchError("forbidden", f"user {ctx.user_id} is not an instructor in launch {launch_id}")
    if ctx.message_type != "LtiDeepLinkingRequest":
        raise LaunchError("forbidden", f"launch {launch_id} is not a deep-linking request")
    return ctx


@bp.get("/lti/deep-link/<launch_id>")
def picker(launch_id: str):
    ctx = _instructor_context(launch_id)
    message_launch = restore_launch(launch_id)
    settings = message_launch.get_launch_data().get(
        "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings", {})
    filters = {k: request.args.get(k, "") for k in ("module", "type", "language", "q")}
    language = ctx.locale or g.get("lang") or "en"
    catalog = filtered_catalog(language, filters["module"], filters["type"], filters["language"], filters["q"])
    course = get_course()
    return render_template(
        "picker.html", launch_id=launch_id, catalog=catalog, filters=filters, types=TYPES,
        modules=[(m.id, m.variant(language).title) for m in course.modules], languages=course.languages,
        multiple=str(settings.get("accept_multiple", True)).lower() != "false",
        platform_title=settings.get("title", ""), library_entries=picker_entries(),
    )


@bp.post("/lti/deep-link/<launch_id>")
def respond(launch_id: str):
    ctx = _instructor_context(launch_id)
    message_launch = restore_launch(launch_id)
    chosen = request.form.getlist("item")
    settings = message_launch.get_launch_data().get(
        "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings", {})
    if str(settings.get("accept_multiple", True)).lower() == "false":
        chosen = chosen[:1]
    resources = content_items(get_course(), chosen, ctx.locale or "en", tool_url("launch.launch"))
    resources += library_items(chosen, tool_url("launch.launch"))
    deep_link = message_launch.get_deep_link()
    token = deep_link.get_response_jwt(resources)
    return render_template("deep_link_return.html", return_url=settings["deep_link_return_url"], jwt=token,
                           count=len(resources))
