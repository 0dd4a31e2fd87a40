"""The instructor's results page for one resource link (learners, completion, scores, attempts, grade passback
with "retry", figures), its CSV export, the link's score policy, and one learner's work."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from curriculum import Assessment, CaseStudy
from curriculum.case_page import question_ids

from ..grades import outbox
from ..services import assessment as assessments
from ..services import case_study as cases
from ..services.access import learner_of_link, open_activity, require_instructor
from ..services.results import csv_export, link_results
from .csp import allow_styles_of

bp = Blueprint("results", __name__)


def _instructor_activity(launch_id: str):
    activity = open_activity(launch_id, (CaseStudy, Assessment))
    require_instructor(activity)
    return activity


@bp.get("/lti/results/<launch_id>")
def show(launch_id: str):
    activity = _instructor_activity(launch_id)
    results = link_results(activity.link, activity.item)
    allow_styles_of(results.histogram_svg, results.difficulty_svg)
    return render_template("results.html", activity=activity, item=activity.item, results=results,
                           launch_id=launch_id, delivery=outbox.delivery,
                           is_assessment=isinstance(activity.item, Assessment), policies=assessments.POLICIES,
                           notice=request.args.get("notice", ""))


@bp.get("/lti/results/<launch_id>/results.csv")
def export(launch_id: str):
    activity = _instructor_activity(launch_id)
    body = csv_export(activity.link, activity.item, link_results(activity.link, activity.item))
    name = f"{activity.item.id}-results.csv"
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@bp.post("/lti/results/<launch_id>/retry/<int:entry_id>")
def retry(launch_id: str, entry_id: int):
    activity = _instructor_activity(launch_id)
    if not outbox.retry(entry_id, resource_link_id=activity.link.id):
        abort(404)
    return redirect(url_for("results.show", launch_id=launch_id, notice="retry") + "#passback", code=303)


@bp.post("/lti/results/<launch_id>/policy")
def policy(launch_id: str):
    activity = _instructor_activity(launch_id)
    if not isinstance(activity.item, Assessment):
        abort(404)
    chosen = request.form.get("policy", "")
    if chosen not in assessments.POLICIES:
        abort(400, _("Choose the best or the last attempt."))
    assessments.set_policy(activity.item, activity.link, chosen)
    return redirect(url_for("results.show", launch_id=launch_id, notice="policy"), code=303)


@bp.get("/lti/results/<launch_id>/learner/<int:user_id>")
def learner(launch_id: str, user_id: int):
    """One learner's work on this link: discussion answers, or attempts with their scores."""
    activity = _instructor_activity(launch_id)
    user = learner_of_link(activity, user_id)
    item = activity.item
    answers = tries = None
    questions = {}
    if isinstance(item, CaseStudy):
        questions = question_ids(item)
        answers = {k: v.text for k, v in cases.answers(activity.link.id, user.id).items()}
    else:
        tries = assessments.attempts(activity.link.id, user.id)
    return render_template("learner_work.html", activity=activity, item=item, user=user, answers=answers,
                           questions=questions, tries=tries, launch_id=launch_id)
