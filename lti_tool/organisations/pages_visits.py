"""``/visits``: the organisation's learning visits (as visitor or host), proposing one, each plan with its
observation guide and the steps its side may take, and the facilitator's year view ``/visits/year/<year>``."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for

from curriculum.model import CaseStudy
from curriculum.visits import allowed_actions

from ..extensions import db
from ..services.course import get_course
from ..services.numbers import row_id
from .access import open_visit, organisation_in_course, require_facilitator, require_organisation
from .models import HostOffer
from .pages import guide, viewer_or_none
from .profiles import organisations
from .visit_plans import (
    PARTICIPANT_LEVELS,
    act,
    events,
    follow_ups_due,
    guide_for,
    messages,
    post_message,
    propose_visit,
    visible_visits,
    year_csv,
    year_view,
)

bp = Blueprint("visits", __name__, template_folder="templates")


def _names(context_id: int) -> dict[int, str]:
    return {o.id: o.name for o in organisations(context_id)}


@bp.get("/visits")
def home():
    viewer = viewer_or_none()
    if viewer is None:
        return guide("visits")
    visits = visible_visits(viewer)
    return render_template("organisations/visits.html", viewer=viewer, visits=visits,
                           due=follow_ups_due(viewer, visits, date.today()), names=_names(viewer.context_id))


def _case_choices(language: str) -> list[tuple[str, str]]:
    course = get_course()
    return [(item_id, course.find_item(item_id, language).title) for m in course.modules for item_id in m.item_ids
            if isinstance(course.find_item(item_id, language), CaseStudy)]


@bp.get("/visits/new")
def new():
    viewer = viewer_or_none()
    if viewer is None:
        return guide("visits")
    require_organisation(viewer)
    host_id = request.args.get("host", "")
    host = organisation_in_course(viewer, row_id(host_id) or 0)
    offer_id = request.args.get("offer", "")
    offer = db.session.get(HostOffer, row_id(offer_id)) if row_id(offer_id) else None
    return render_template("organisations/visit_new.html", viewer=viewer, host=host,
                           offer=offer if offer is not None and offer.organisation_id == host.id else None,
                           levels=PARTICIPANT_LEVELS, cases=_case_choices(viewer.language))


@bp.post("/visits/new")
def create():
    viewer = viewer_or_none()
    if viewer is None:
        return guide("visits")
    host_id = request.form.get("host", "")
    host = organisation_in_course(viewer, row_id(host_id) or 0)
    visit = propose_visit(viewer, host, request.form.to_dict(), request.form.getlist("areas"))
    return redirect(url_for("visits.show", visit_id=visit.id, launch_id=viewer.launch_id), code=303)


@bp.get("/visits/<int:visit_id>")
def show(visit_id: int):
    viewer = viewer_or_none()
    if viewer is None:
        return guide("visits")
    visit, side = open_visit(viewer, visit_id)
    return render_template("organisations/visit.html", viewer=viewer, visit=visit, side=side.value,
                           actions=[a.value for a in allowed_actions(visit.state, side)],
                           guide=guide_for(visit, viewer.language), history=events(visit), messages=messages(visit),
                           names=_names(viewer.context_id), levels=PARTICIPANT_LEVELS)


@bp.post("/visits/<int:visit_id>/messages")
def message(visit_id: int):
    viewer = viewer_or_none()
    if viewer is None:
        return guide("visits")
    visit, side = open_visit(viewer, visit_id)
    post_message(viewer, visit, side, request.form.get("message", ""))
    return redirect(url_for("visits.show", visit_id=visit.id, launch_id=viewer.launch_id, _anchor="messages"), code=303)


@bp.post("/visits/<int:visit_id>/<action>")
def step(visit_id: int, action: str):
    viewer = viewer_or_none()
    if viewer is None:
        return guide("visits")
    visit, side = open_visit(viewer, visit_id)
    act(viewer, visit, side, action, request.form.to_dict())
    return redirect(url_for("visits.show", visit_id=visit.id, launch_id=viewer.launch_id), code=303)


@bp.get("/visits/year/<int:year>")
def year(year: int):
    viewer = viewer_or_none()
    if viewer is None:
        return guide("year")
    require_facilitator(viewer)
    if not 1900 <= year <= 2999:
        abort(404)
    view = year_view(viewer.context_id, year, int(current_app.config["VISITS_YEARLY_TARGET"]))
    names = _names(viewer.context_id)
    if request.args.get("format") == "csv":
        return Response(year_csv(view, names), mimetype="text/csv",
                        headers={"Content-Disposition": f"attachment; filename=visits-{year}.csv"})
    return render_template("organisations/year.html", viewer=viewer, view=view, names=names)
