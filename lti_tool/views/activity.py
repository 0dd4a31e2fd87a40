"""Where a resource-link launch lands: the chosen item, or (for an instructor) choosing it once."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..extensions import reads_outside_a_transaction
from ..lti.errors import LaunchError
from ..services.access import open_launch
from ..services.activity import choose_item, launch_link, render_item, resolve_item
from ..services.course import TOOL_ITEMS, course_holding, filtered_catalog, get_course

bp = Blueprint("activity", __name__)


@bp.get("/lti/activity/<launch_id>")
def show(launch_id: str):
    reads_outside_a_transaction()  # the page every launch lands on only reads (the instructor's role, its rows)
    ctx = open_launch(launch_id)
    from ..library.activities import library_page_for

    library_page = library_page_for(ctx)
    if library_page is not None:
        return redirect(library_page, code=303)
    link = launch_link(ctx)  # held since library_page_for read it: no second query
    course = course_holding(ctx.custom_item, link.item_id if link is not None else None)
    language = ctx.locale or g.get("lang") or "en"
    item_id = resolve_item(ctx, course)
    if item_id is None:
        if ctx.is_instructor and ctx.resource_link_id:
            return render_template("choose_item.html", launch_id=launch_id,
                                   catalog=filtered_catalog(language))
        return render_template("not_ready.html"), 200
    if item_id in TOOL_ITEMS:
        return redirect(url_for("self_assessment.show", launch_id=launch_id), code=303)
    if course.find_item(item_id).type.value == "peer_exercise":
        return redirect(url_for("peer.home", launch_id=launch_id), code=303)
    from .pages import activity_page

    page = activity_page(launch_id, course.find_item(item_id).type.value)
    if page is not None:
        return page
    item = render_item(course, item_id, language)
    return render_template("activity.html", item=item, ctx=ctx)


@bp.post("/lti/activity/<launch_id>/item")
def choose(launch_id: str):
    ctx = open_launch(launch_id)
    if not ctx.is_instructor:
        raise LaunchError("forbidden", f"user {ctx.user_id} tried to choose the item of a link")
    if not choose_item(ctx, get_course(), request.form.get("item", "")):
        abort(400, _("This link already opens an item, or the item does not exist."))
    return redirect(url_for("activity.show", launch_id=launch_id), code=303)
