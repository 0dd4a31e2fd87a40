"""``/organisations``: join or create the learner's organisation, its profile (radar and table), its offers, and
the offers ranked for it with the reasons."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as t  # this package's own catalogue: extracted with '-k t'

from curriculum.self_assessment import Profile

from ..services.numbers import row_id
from .access import organisation_in_course
from .library_offers import offers_for
from .offers import create_offer, own_offers
from .pages import guide, radar, viewer_or_none
from .profiles import create_organisation, join_organisation, latest_profile, organisations
from .profiles import organisation_assessments as assessments_of

bp = Blueprint("organisations", __name__, template_folder="templates")


@bp.get("/organisations")
def home():
    viewer = viewer_or_none()
    if viewer is None:
        return guide("organisations")
    organisation = viewer.organisation
    figure, profile, matches, offers, entries = "", None, [], [], {}
    if organisation is not None:
        records = assessments_of(organisation)
        _, profile = latest_profile(organisation)
        if records:
            series = [(t("Before"), Profile.from_dict(records[-2].profile))] if len(records) > 1 else []
            series.append((t("Now") if len(records) > 1 else organisation.name, profile))
            figure = radar(series, t("Capacity profile of %(name)s", name=organisation.name), viewer.language)
        matches, entries = offers_for(viewer)
        offers = own_offers(organisation)
    names = {str(o.id): o.name for o in organisations(viewer.context_id)}
    return render_template("organisations/home.html", viewer=viewer, organisation=organisation, figure=figure,
                           profile=profile, matches=matches, offers=offers, names=names, entries=entries,
                           others=organisations(viewer.context_id))


def _back(viewer):
    return redirect(url_for("organisations.home", launch_id=viewer.launch_id), code=303)


@bp.post("/organisations/create")
def create():
    viewer = viewer_or_none()
    if viewer is None:
        return guide("organisations")
    create_organisation(viewer, request.form.to_dict(), request.form.getlist("languages"))
    return _back(viewer)


@bp.post("/organisations/join")
def join():
    viewer = viewer_or_none()
    if viewer is None:
        return guide("organisations")
    raw = request.form.get("organisation", "")
    organisation = organisation_in_course(viewer, row_id(raw) or 0)
    join_organisation(viewer, organisation)
    return _back(viewer)


@bp.post("/organisations/offers")
def offer():
    viewer = viewer_or_none()
    if viewer is None:
        return guide("organisations")
    form = request.form
    create_offer(viewer, form.getlist("areas"), form.getlist("months"), form.getlist("languages"),
                 form.get("capacity", ""), form.get("maturity", ""), form.get("coaching") == "yes",
                 form.get("note", ""))
    return _back(viewer)
