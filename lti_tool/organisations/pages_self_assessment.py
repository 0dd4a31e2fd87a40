"""The capacity self-assessment as an activity: the form (twelve areas, four levels each, with guiding questions
and evidence), the learner's profile as a radar with its table (before/after once done twice), the modules
recommended for the weakest areas, and for facilitators the class's distribution per area with a CSV."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_babel import gettext as t  # this package's own catalogue: extracted with '-k t'

from curriculum.charts import distribution_chart
from curriculum.self_assessment import INSTRUMENT_ID, Profile, capacity_instrument, compare_profiles
from curriculum.self_assessment import recommend_modules as recommend

from ..extensions import db
from ..models import LEARNER, ResourceLink
from ..services.course import get_course
from ..views.csp import allow_styles_of
from .access import Viewer, require_facilitator
from .pages import area_names, guide, radar, viewer_or_none
from .profiles import class_csv, class_distribution, own_assessments, record_assessment

bp = Blueprint("self_assessment", __name__, template_folder="templates")


def _link(viewer: Viewer) -> ResourceLink | None:
    """The resource link this launch opened, when it is a self-assessment link (its completion is graded)."""
    link = db.session.get(ResourceLink, viewer.ctx.resource_link_id) if viewer.ctx.resource_link_id else None
    if link is None or INSTRUMENT_ID not in (link.item_id, viewer.ctx.custom_item):
        return None
    return link


@bp.get("/organisations/self-assessment")
def show():
    viewer = viewer_or_none()
    if viewer is None:
        return guide("self_assessment")
    language = viewer.language
    records = own_assessments(viewer)
    profiles = [Profile.from_dict(r.profile) for r in records]
    figure, changes, recommendations = "", [], []
    if profiles:
        series = [(t("Before"), profiles[0])] if len(profiles) > 1 else []
        series.append((t("After") if len(profiles) > 1 else t("Your profile"), profiles[-1]))
        figure = radar(series, t("Capacity profile"), language)
        changes = compare_profiles(profiles[0], profiles[-1]) if len(profiles) > 1 else []
        course = get_course()
        recommendations = [(r, course.module(r.module_id).variant(language).title)
                           for r in recommend(profiles[-1], course)]
    link = _link(viewer)
    return render_template("organisations/self_assessment.html", viewer=viewer,
                           instrument=capacity_instrument(language), records=records, figure=figure,
                           latest=profiles[-1] if profiles else None, first=profiles[0] if profiles else None,
                           changes=changes, recommendations=recommendations,
                           graded=bool(link and link.ags_lineitem_url), done=request.args.get("done"))


@bp.post("/organisations/self-assessment")
def submit():
    viewer = viewer_or_none()
    if viewer is None:
        return guide("self_assessment")
    instrument = capacity_instrument(viewer.language)
    answers = {area.area: request.form.get(f"level-{area.area}", "") for area in instrument.areas}
    notes = {area.area: request.form.get(f"evidence-{area.area}", "") for area in instrument.areas}
    record_assessment(viewer, _link(viewer), answers, notes, send_score=viewer.ctx.role == LEARNER)
    return redirect(url_for("self_assessment.show", launch_id=viewer.launch_id, done=1), code=303)


@bp.get("/organisations/self-assessment/class")
def class_view():
    viewer = viewer_or_none()
    if viewer is None:
        return guide("self_assessment")
    require_facilitator(viewer)
    distribution, learners = class_distribution(viewer.context_id)
    levels = capacity_instrument(viewer.language).level_labels
    figure = distribution_chart([(label, distribution[key]) for key, label in area_names(viewer.language)], levels,
                                t("Learners per area and level"), ident="class-distribution") if learners else ""
    allow_styles_of(figure)
    return render_template("organisations/self_assessment_class.html", viewer=viewer, distribution=distribution,
                           learners=learners, levels=levels, figure=figure)


@bp.get("/organisations/self-assessment/class.csv")
def class_export():
    viewer = viewer_or_none()
    if viewer is None:
        return guide("self_assessment")
    require_facilitator(viewer)
    return Response(class_csv(viewer.context_id), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=self-assessments.csv"})
