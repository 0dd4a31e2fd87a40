"""Assessment pages: taking an attempt (questions in the attempt's own stable order, nothing that gives the answers
away), submitting it for grading on the server, and reading an attempt's feedback."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from curriculum import Assessment
from curriculum.rendering import render_inline, render_markdown
from curriculum.scoring import InvalidResponse, grade_attempt

from ..grades import outbox
from ..models import LEARNER
from ..services import assessment as assessments
from ..services.access import Activity, open_activity

bp = Blueprint("assessment", __name__)


def render_page(activity: Activity, status: int = 200, error: str = ""):
    item: Assessment = activity.item  # type: ignore[assignment]
    user_id = activity.ctx.user_id
    standing = assessments.standing(item, activity.link.id, user_id)
    number = standing.used + 1
    questions = [item.question(qid) for qid in assessments.order_for(item, user_id, number)]
    return render_template(
        "assessment.html", activity=activity, item=item, launch_id=activity.launch_id, standing=standing,
        number=number, questions=questions, intro_html=render_markdown(item.introduction), inline=render_inline,
        previous=assessments.attempts(activity.link.id, user_id), error=error,
        graded=bool(activity.link.ags_lineitem_url)), status


@bp.post("/lti/assessment/<launch_id>/submit")
def submit(launch_id: str):
    activity = open_activity(launch_id, Assessment)
    try:
        number = int(request.form.get("attempt", ""))
    except ValueError:
        abort(400, _("The form is missing its attempt number; open the assessment again."))
    responses = assessments.responses_from_form(activity.item, request.form)
    try:
        row = assessments.submit(activity.item, activity.link, activity.ctx.user_id, number, responses,
                                 activity.language, send_score=activity.ctx.role == LEARNER)
    except InvalidResponse:
        return render_page(activity, 400, _("Some answers could not be read (a number where a number is asked, "
                                             "for example). Check them and submit again."))
    except assessments.AttemptRefused as refused:
        if refused.reason == "stale":  # already submitted (another tab, a double click): show that attempt
            done = assessments.attempts(activity.link.id, activity.ctx.user_id)
            if done:
                return redirect(url_for("assessment.feedback", launch_id=launch_id, number=done[-1].number), 303)
        return render_page(activity, 409, _("You have no attempts left."))
    return redirect(url_for("assessment.feedback", launch_id=launch_id, number=row.number), code=303)


@bp.get("/lti/assessment/<launch_id>/attempt/<int:number>")
def feedback(launch_id: str, number: int):
    """A learner's own submitted attempt with feedback per chosen option; each question's explanation once no
    attempt will follow (:func:`curriculum.reveal.answers_revealed`)."""
    activity = open_activity(launch_id, Assessment)
    item: Assessment = activity.item  # type: ignore[assignment]
    row = assessments.attempt(activity.link.id, activity.ctx.user_id, number)
    if row is None:
        abort(404)
    result = grade_attempt(item, row.responses)  # re-graded for its feedback texts, in the page's language
    standing = assessments.standing(item, activity.link.id, activity.ctx.user_id)
    questions = [(item.question(qid), result.result(qid)) for qid in row.order if item.question(qid)]
    return render_template("assessment_result.html", activity=activity, item=item, launch_id=launch_id, row=row,
                           result=result, questions=questions, standing=standing, inline=render_inline,
                           graded=bool(activity.link.ags_lineitem_url),
                           delivery=outbox.delivery(outbox.latest_for(activity.link.id, activity.ctx.user_id)))
