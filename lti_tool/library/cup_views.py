"""The Cup's pages in the tool: the organisers' page (open a round, enter experiences, name jurors, assign them,
results with the stated tie-break, confirm winners and shortlist, CSV, winners' checklist) and the jurors' page."""

from __future__ import annotations

import json
from datetime import datetime, time
from types import SimpleNamespace

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import or_, select

from curriculum.experiences.jury import TIE_BREAK_RULE
from curriculum.model import PeerExercise
from curriculum.rubrics import InvalidReview

from ..extensions import db
from ..lti.errors import LaunchError
from ..models import LtiUser
from ..services.access import open_launch
from ..services.course import get_course
from ..services.numbers import is_digits, row_id
from . import attachments as files
from . import cup as cups
from . import experiences
from .models import CupRound, LibraryExperience

bp = Blueprint("library_cup", __name__, url_prefix="/lti/library/<launch_id>")


def _ctx(launch_id: str):
    return open_launch(launch_id)


def _organiser(launch_id: str):
    ctx = _ctx(launch_id)
    if not experiences.is_editor(ctx.user_id):
        raise LaunchError("forbidden", f"user {ctx.user_id} is not a library editor (Cup organiser)")
    return ctx


def _round(year: int) -> CupRound:
    found = db.session.scalars(select(CupRound).filter_by(year=year)).first()
    if found is None:
        abort(404)
    return found


def _back(launch_id: str, year: int, anchor: str = ""):
    return redirect(url_for(".round_page", launch_id=launch_id, year=year) + anchor, code=303)


@bp.get("/cup")
def organiser(launch_id: str):
    ctx = _organiser(launch_id)
    course = get_course()
    exercises = [(item_id, course.find_item(item_id, ctx.locale or "en").title) for item_id in course.all_item_ids()
                 if isinstance(course.find_item(item_id), PeerExercise)]
    return render_template("library/cup_organiser.html", ctx=ctx, rounds=cups.rounds(), exercises=exercises,
                           next_year=datetime.now().year + 1)


@bp.post("/cup")
def open_round(launch_id: str):
    _organiser(launch_id)
    try:
        year = int(request.form.get("year", ""))
        closes = datetime.combine(datetime.strptime(request.form.get("closes", ""), "%Y-%m-%d").date(), time(23, 59))
        per_entry = int(request.form.get("jurors_per_entry") or 3)
    except ValueError:
        abort(400, _("Give the year, the closing date (YYYY-MM-DD) and the number of jurors per entry."))
    try:
        round_ = cups.open_round(year, closes, request.form.get("rubric") or None, per_entry,
                                 request.form.get("exclude_country") == "on", get_course())
    except cups.CupError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".organiser", launch_id=launch_id), code=303)
    db.session.commit()
    return _back(launch_id, round_.year)


@bp.get("/cup/<int:year>")
def round_page(launch_id: str, year: int):
    ctx = _organiser(launch_id)
    round_ = _round(year)
    entered = {exp.id for _, exp in cups.entries_of(round_)}
    candidates = db.session.scalars(select(LibraryExperience).where(
        LibraryExperience.status.in_(cups.ENTERABLE)).order_by(LibraryExperience.id)).all()
    juror_rows = cups.jurors_of(round_)
    jurors = [(j, db.session.get(LtiUser, j.user_id)) for j in juror_rows]
    results = cups.results(round_, get_course())
    people = cups.people_of(results, juror_rows)  # names from the platforms' rosters, for the organisers only
    checklists = {r.experience.id: json.loads(r.experience.checklist or "{}") for r in results
                  if r.entry.result == "winner"}
    return render_template("library/cup_round.html", ctx=ctx, round=round_, results=results, checklists=checklists,
                           candidates=[c for c in candidates if c.id not in entered], jurors=jurors,
                           rubric=cups.rubric_of(round_, ctx.locale or "en", get_course()), rule=TIE_BREAK_RULE,
                           closed=round_.closes_at <= cups.utcnow(), checklist_keys=cups.CHECKLIST,
                           people=people)


@bp.post("/cup/<int:year>/entries")
def nominate(launch_id: str, year: int):
    ctx = _organiser(launch_id)
    round_ = _round(year)
    for raw in request.form.getlist("experience"):
        experience = db.session.get(LibraryExperience, row_id(raw)) if row_id(raw) else None
        if experience is None:
            continue
        try:
            cups.nominate(round_, experience, ctx.user_id)
        except cups.CupError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return _back(launch_id, year)
    db.session.commit()
    return _back(launch_id, year, "#entries")


@bp.post("/cup/<int:year>/jurors")
def add_juror(launch_id: str, year: int):
    _organiser(launch_id)
    round_ = _round(year)
    who = request.form.get("who", "").strip()
    clauses = [LtiUser.email == who, LtiUser.sub == who] + ([LtiUser.id == row_id(who)] if row_id(who) else [])
    users = db.session.scalars(select(LtiUser).where(or_(*clauses))).all() if who else []
    if len(users) != 1:
        flash(_("No single user matches “%(w)s”: give an email or a user number of someone who has opened the tool.",
                w=who), "error")
        return _back(launch_id, year, "#jurors")
    cups.add_juror(round_, users[0].id, request.form.get("organisation", ""), request.form.get("country", ""))
    db.session.commit()
    return _back(launch_id, year, "#jurors")


@bp.post("/cup/<int:year>/close")
def close(launch_id: str, year: int):
    _organiser(launch_id)
    cups.close_now(_round(year))
    db.session.commit()
    return _back(launch_id, year)


@bp.post("/cup/<int:year>/assign")
def assign(launch_id: str, year: int):
    _organiser(launch_id)
    try:
        made = cups.assign_jurors(_round(year))
    except cups.CupError as exc:
        flash(str(exc), "error")
        return _back(launch_id, year)
    db.session.commit()
    flash(_("%(n)s assignments made.", n=made), "ok")
    return _back(launch_id, year, "#results")


@bp.post("/cup/<int:year>/confirm")
def confirm(launch_id: str, year: int):
    _organiser(launch_id)
    round_ = _round(year)
    places = []
    for key, value in request.form.items():
        if key.startswith("place-") and is_digits(value.strip()) and is_digits(key[6:]):
            places.append((int(value), int(key[6:])))
    winners = [entry_id for _, entry_id in sorted(places)]
    shortlist = [int(v) for v in request.form.getlist("shortlist") if is_digits(v) and int(v) not in winners]
    try:
        cups.confirm(round_, winners, shortlist)
    except cups.CupError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _back(launch_id, year, "#results")
    db.session.commit()
    flash(_("Results confirmed; authors see them in the tool."), "ok")
    return _back(launch_id, year, "#results")


@bp.get("/cup/<int:year>/results.csv")
def results_csv(launch_id: str, year: int):
    _organiser(launch_id)
    body = cups.results_csv(_round(year), get_course())
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=cup-{year}-results.csv"})


@bp.post("/cup/<int:year>/checklist/<int:exp_id>")
def checklist(launch_id: str, year: int, exp_id: int):
    _organiser(launch_id)
    experience = db.session.get(LibraryExperience, exp_id)
    if experience is None or experience.cup_year != year:
        abort(404)
    cups.update_checklist(experience, set(request.form.getlist("done")), request.form.get("video_links", ""))
    db.session.commit()
    return _back(launch_id, year, "#winners")


@bp.get("/jury")
def jury(launch_id: str):
    ctx = _ctx(launch_id)
    return render_template("library/jury.html", ctx=ctx, rows=cups.juror_rows(ctx.user_id))


def _assignment(launch_id: str, score_id: int):
    ctx = _ctx(launch_id)
    found = cups.assignment_for(ctx.user_id, score_id)
    if found is None:
        abort(404)  # not this juror's: another juror's scores are theirs alone
    return ctx, found


@bp.get("/jury/<int:score_id>")
def score_page(launch_id: str, score_id: int):
    ctx, (score, entry, experience, round_) = _assignment(launch_id, score_id)
    rubric = cups.rubric_of(round_, ctx.locale or "en", get_course())
    case, _problems, _text = experiences.check_case(experience)
    review = SimpleNamespace(levels=score.level_map(), comments={}, overall=score.comment) if score.levels else None
    original_id = experience.translation_of_id or experience.id  # photos and documents belong to the original
    evidence = files.listed(original_id) if cups.juror_may_read(ctx.user_id, original_id) else []
    return render_template("library/jury_score.html", ctx=ctx, score=score, experience=experience, round=round_,
                           item=SimpleNamespace(rubric=rubric), review=review, prefix="j-", case=case,
                           render=experiences.render_learner_markdown, files=evidence)


@bp.post("/jury/<int:score_id>")
def save_score(launch_id: str, score_id: int):
    ctx, (score, entry, experience, round_) = _assignment(launch_id, score_id)
    rubric = cups.rubric_of(round_, ctx.locale or "en", get_course())
    levels = {}
    for criterion in rubric.criteria:
        raw = request.form.get(f"level-{criterion.id}", "")
        if is_digits(raw):
            levels[criterion.id] = int(raw)
    notes = [f"{c.title}: {request.form[f'comment-{c.id}'].strip()}" for c in rubric.criteria
             if request.form.get(f"comment-{c.id}", "").strip()]
    comment = "\n".join([request.form.get("overall", "").strip(), *notes]).strip()
    try:
        cups.record_score(score, rubric, levels, comment, round_)
    except (InvalidReview, cups.CupError) as exc:
        # the core's finding ("choose a level for …") in the juror's language
        flash(exc.message.translated(_) if isinstance(exc, InvalidReview) else str(exc), "error")
        return redirect(url_for(".score_page", launch_id=launch_id, score_id=score_id), code=303)
    db.session.commit()
    flash(_("Your scores were saved."), "ok")
    return redirect(url_for(".jury", launch_id=launch_id), code=303)
