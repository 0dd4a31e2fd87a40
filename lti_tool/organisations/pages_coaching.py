"""``/coaching``: the agreements the viewer coaches or is coached in (facilitators: all of the course), starting
one, logging sessions, and the re-assessment with its before/after radar."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as t  # this package's own catalogue: extracted with '-k t'

from curriculum.coaching import goal_results
from curriculum.self_assessment import compare_profiles

from ..services.numbers import row_id
from .access import open_agreement, organisation_in_course
from .agreements import (
    create_agreement,
    goals_of,
    log_session,
    profiles_of,
    record_reassessment,
    sessions_of,
    visible_agreements,
)
from .pages import guide, radar, viewer_or_none
from .profiles import organisations

bp = Blueprint("coaching", __name__, template_folder="templates")


@bp.get("/coaching")
def home():
    viewer = viewer_or_none()
    if viewer is None:
        return guide("coaching")
    others = [o for o in organisations(viewer.context_id)
              if viewer.organisation is not None and o.id != viewer.organisation.id]
    return render_template("organisations/coaching.html", viewer=viewer, agreements=visible_agreements(viewer),
                           others=others, names={o.id: o.name for o in organisations(viewer.context_id)})


@bp.post("/coaching/new")
def create():
    viewer = viewer_or_none()
    if viewer is None:
        return guide("coaching")
    raw = request.form.get("coached", "")
    coached = organisation_in_course(viewer, row_id(raw) or 0)
    agreement = create_agreement(viewer, coached, request.form.to_dict())
    return redirect(url_for("coaching.show", agreement_id=agreement.id, launch_id=viewer.launch_id), code=303)


@bp.get("/coaching/<int:agreement_id>")
def show(agreement_id: int):
    viewer = viewer_or_none()
    if viewer is None:
        return guide("coaching")
    agreement, role = open_agreement(viewer, agreement_id)
    before, after = profiles_of(agreement)
    series = [(t("Before"), before)] if before else []
    if after:
        series.append((t("After"), after))
    figure = radar(series, t("Capacity before and after coaching"), viewer.language) if series else ""
    goals = goals_of(agreement)
    return render_template("organisations/agreement.html", viewer=viewer, agreement=agreement, role=role,
                           goals=goals, results=goal_results(goals, after) if after else [],
                           sessions=sessions_of(agreement), figure=figure, before=before, after=after,
                           changes=compare_profiles(before, after) if before and after else [],
                           names={o.id: o.name for o in organisations(viewer.context_id)})


@bp.post("/coaching/<int:agreement_id>/sessions")
def add_session(agreement_id: int):
    viewer = viewer_or_none()
    if viewer is None:
        return guide("coaching")
    agreement, _role = open_agreement(viewer, agreement_id)
    log_session(agreement, request.form.to_dict())
    return redirect(url_for("coaching.show", agreement_id=agreement.id, launch_id=viewer.launch_id), code=303)


@bp.post("/coaching/<int:agreement_id>/reassessment")
def reassessment(agreement_id: int):
    viewer = viewer_or_none()
    if viewer is None:
        return guide("coaching")
    agreement, _role = open_agreement(viewer, agreement_id)
    record_reassessment(agreement)
    return redirect(url_for("coaching.show", agreement_id=agreement.id, launch_id=viewer.launch_id), code=303)
