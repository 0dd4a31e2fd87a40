"""The "Share an experience" activity: a guided form one section at a time (autosaved, plain forms without
JavaScript), validation problems per field, submission, withdrawal, attachments; and the editors' review queue."""

from __future__ import annotations

from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from curriculum.experiences.model import LANGUAGES, LICENCES, STEPS
from curriculum.experiences.translation import INHERITED
from curriculum.experiences.workflow import EDITABLE, Role, Status, TransitionRefused, next_steps
from curriculum.vocabulary import COMPETENCY_AREAS, MATURITY_LEVELS, label

from ..extensions import db
from ..lti.errors import LaunchError
from ..models import LtiUser
from ..peer.messages import ATTACHMENT_REFUSALS
from ..services.access import open_launch
from ..services.numbers import row_id
from ..services.roster import people_names
from . import attachments as files
from . import cup as cups
from . import experiences
from .form import ROW_FIELDS, STEP_FIELDS, STEP_TITLES, read_step, step_of_field, value_of
from .labels import refusal, status_label
from .models import LibraryAttachment, LibraryExperience
from .public_views import LANGUAGE_NAMES

bp = Blueprint("library_share", __name__, url_prefix="/lti/library/<launch_id>")


def _ctx(launch_id: str):
    return open_launch(launch_id)


def _own(ctx) -> LibraryExperience:
    """The experience this user works on here: ``tr=ID`` names one of their translations, else their experience
    on this link."""
    wanted = request.values.get("tr", "")
    if wanted:
        row = db.session.get(LibraryExperience, row_id(wanted)) if row_id(wanted) else None
        if row is None or row.translation_of_id is None or row.author_id != ctx.user_id \
                or row.status == Status.WITHDRAWN.value:
            abort(404)  # someone else's translation is theirs alone
        return row
    row = experiences.current_draft(ctx.user_id, ctx.resource_link_id)
    if row is None:
        abort(404)
    return row


def _tr(row: LibraryExperience | None) -> int | None:
    """The ``tr`` argument that keeps a translation's pages on that translation."""
    return row.id if row is not None and row.translation_of_id else None


def _actor(ctx, row: LibraryExperience | None = None) -> experiences.Actor:
    user = db.session.get(LtiUser, ctx.user_id)
    roles = experiences.roles_for(row, ctx.user_id) if row is not None else frozenset()
    return experiences.Actor(ctx.user_id, (user.name or user.email or user.sub) if user else "", roles)


def _problems_by_step(row: LibraryExperience) -> dict[str, list]:
    by_step: dict[str, list] = {}
    for problem in experiences.problems_of(row):
        by_step.setdefault(step_of_field(problem.field), []).append(problem)
    return by_step


def _choices() -> dict:
    lang = g.get("lang") or "en"
    return {"competency_area": [(k, label(COMPETENCY_AREAS, k, lang)) for k in COMPETENCY_AREAS],
            "facts.maturity": [(k, label(MATURITY_LEVELS, k, lang)) for k in MATURITY_LEVELS]}


@bp.get("/")
def home(launch_id: str):
    ctx = _ctx(launch_id)
    row = _own(ctx) if request.args.get("tr") else experiences.current_draft(ctx.user_id, ctx.resource_link_id)
    problems = _problems_by_step(row) if row is not None and row.status in EDITABLE else {}
    notices = cups.notices_for(ctx.user_id)
    entered = {(r.id, e.experience_id) for r, e, _x in notices}
    enterable = [r for r in cups.open_rounds() if row is not None and row.status in cups.ENTERABLE
                 and (r.id, row.id) not in entered and not row.translation_of_id]
    original = experiences.original_of(row) if row is not None else None
    # notices address the author by the name on their course's roster (asked only when there is news to tell)
    news = bool(notices) or (row is not None and row.status in (Status.RETURNED.value, Status.PUBLISHED.value))
    greeting = cups.name_for(ctx.user_id) if news else ""
    translatable = row is not None and original is None and row.status not in (Status.DRAFT.value,
                                                                                Status.WITHDRAWN.value)
    course_entries = cups.course_experiences(ctx.context_id) \
        if experiences.is_course_instructor(ctx.user_id, ctx.context_id if ctx.is_instructor else None) else []
    return render_template("library/share_home.html", ctx=ctx, row=row, steps=STEPS, titles=STEP_TITLES,
                           course_entries=course_entries, open_rounds=cups.open_rounds() if course_entries else [],
                           notices=notices, enterable=enterable, is_juror=bool(cups.juror_rows(ctx.user_id)),
                           problems=problems, editable=row is not None and row.status in EDITABLE,
                           is_editor=experiences.is_editor(ctx.user_id), tr=_tr(row), original=original,
                           translations=experiences.translations_of(row) if translatable else [],
                           translatable=translatable, my_translations=experiences.translations_by(ctx.user_id),
                           languages=LANGUAGES, greeting=greeting, language_names=LANGUAGE_NAMES,
                           files=files.listed(row.id) if row else [], history=experiences.history(row) if row else [])


@bp.post("/translations")
def translate(launch_id: str):
    """Start a translation of an experience (the author's own, or any submitted one for an editor)."""
    ctx = _ctx(launch_id)
    wanted = request.form.get("experience", "")
    original = db.session.get(LibraryExperience, row_id(wanted)) if row_id(wanted) else None
    if original is None or original.status in (Status.DRAFT.value, Status.WITHDRAWN.value):
        abort(404)
    actor = _actor(ctx, original)
    if not actor.roles:
        abort(404)
    try:
        row = experiences.add_translation(original, request.form.get("language", ""), actor, ctx.resource_link_id)
    except experiences.TranslationRefused as exc:
        db.session.rollback()
        flash(refusal(exc), "error")
        return redirect(url_for(".home", launch_id=launch_id), code=303)
    db.session.commit()
    return redirect(url_for(".home", launch_id=launch_id, tr=row.id), code=303)


@bp.post("/start")
def start(launch_id: str):
    ctx = _ctx(launch_id)
    if experiences.current_draft(ctx.user_id, ctx.resource_link_id) is None:
        language = ctx.locale if ctx.locale in LANGUAGES else "en"
        experiences.start(ctx.user_id, ctx.resource_link_id, language)
        db.session.commit()
    return redirect(url_for(".step", launch_id=launch_id, step=STEPS[0]), code=303)


@bp.post("/from-systematisation")
def from_systematisation(launch_id: str):
    """ "Send my systematisation to the Cup": a draft pre-filled from the learner's last submitted response."""
    from curriculum.experiences.prefill import prefill_from_response

    from ..peer.access import peer_page
    from ..peer.submissions import find_submission, version

    page = peer_page(launch_id)
    if page.item.id not in current_app.config["LIBRARY_SYSTEMATISATION_ITEMS"]:
        abort(404)
    sub = find_submission(page.link.id, page.ctx.user_id)
    last = version(sub.id) if sub is not None and sub.submitted else None
    if last is None:
        abort(409, _("Submit your systematisation first; then you can send it to the Cup."))
    if experiences.current_draft(page.ctx.user_id, page.link.id) is None:
        language = page.language if page.language in LANGUAGES else "en"
        experiences.start(page.ctx.user_id, page.link.id, language, prefill_from_response(last.text, language))
        db.session.commit()
    return redirect(url_for(".home", launch_id=launch_id), code=303)


@bp.get("/step/<step>")
def step(launch_id: str, step: str):
    ctx = _ctx(launch_id)
    if step not in STEP_FIELDS:
        abort(404)
    row = _own(ctx)
    exp = experiences.experience_of(row)
    problems = {p.field: p for p in _problems_by_step(row).get(step, [])} if row.status in EDITABLE else {}
    position = STEPS.index(step)
    fields = [f for f in STEP_FIELDS[step] if not (row.translation_of_id and f.name in INHERITED)]
    return render_template("library/share_step.html", ctx=ctx, row=row, exp=exp, step=step, fields=fields, tr=_tr(row),
                           titles=STEP_TITLES, value_of=value_of, problems=problems, row_fields=ROW_FIELDS,
                           choices=_choices(), languages=LANGUAGES, licences=LICENCES,
                           previous=STEPS[position - 1] if position else None,
                           following=STEPS[position + 1] if position + 1 < len(STEPS) else None,
                           editable=row.status in EDITABLE, steps=STEPS,
                           files=files.listed(row.id) if step == "consent" and not row.translation_of_id else [])


@bp.post("/step/<step>")
def save_step(launch_id: str, step: str):
    ctx = _ctx(launch_id)
    if step not in STEP_FIELDS:
        abort(404)
    row = _own(ctx)
    try:
        experiences.save(row, read_step(step, request.form))
    except experiences.NotEditable:
        abort(409, _("This experience is with the editors: you can change it again if they return it to you."))
    db.session.commit()
    if request.headers.get("X-Requested-With") == "fetch":
        return jsonify({"saved": True})
    target = request.form.get("go") or step
    if target not in STEP_FIELDS and target != "overview":
        target = step
    if target == "overview":
        return redirect(url_for(".home", launch_id=launch_id, tr=_tr(row)), code=303)
    return redirect(url_for(".step", launch_id=launch_id, step=target, tr=_tr(row)), code=303)


@bp.post("/submit")
def submit(launch_id: str):
    ctx = _ctx(launch_id)
    row = _own(ctx)
    try:
        experiences.move(row, Status.SUBMITTED.value, _actor(ctx, row))
    except experiences.NotReady:
        db.session.rollback()
        flash(_("Your experience is not ready yet: complete the parts marked below, then submit again."), "error")
        return redirect(url_for(".home", launch_id=launch_id, tr=_tr(row)), code=303)
    except TransitionRefused:
        abort(409, _("This experience cannot be submitted now."))
    db.session.commit()
    flash(_("Submitted. The library's editors will read it; you will see their comments here."), "ok")
    return redirect(url_for(".home", launch_id=launch_id, tr=_tr(row)), code=303)


@bp.post("/cup/<int:year>/enter")
def enter_cup(launch_id: str, year: int):
    ctx = _ctx(launch_id)
    row = _own(ctx)
    round_ = next((r for r in cups.open_rounds() if r.year == year), None)
    if round_ is None or row.translation_of_id:
        abort(404)  # the original enters the Cup, not its translations
    try:
        cups.nominate(round_, row, ctx.user_id)
    except cups.CupError as exc:
        abort(409, str(exc))
    db.session.commit()
    flash(_("Your experience is entered in the %(y)s Cup.", y=year), "ok")
    return redirect(url_for(".home", launch_id=launch_id), code=303)


@bp.post("/cup/<int:year>/nominate/<int:exp_id>")
def nominate_from_course(launch_id: str, year: int, exp_id: int):
    """An instructor enters an experience written in their course."""
    ctx = _ctx(launch_id)
    if not experiences.is_course_instructor(ctx.user_id, ctx.context_id if ctx.is_instructor else None):
        raise LaunchError("forbidden", f"user {ctx.user_id} is not an instructor of context {ctx.context_id}")
    row = next((r for r in cups.course_experiences(ctx.context_id) if r.id == exp_id), None)
    round_ = next((r for r in cups.open_rounds() if r.year == year), None)
    if row is None or round_ is None:
        abort(404)
    try:
        cups.nominate(round_, row, ctx.user_id)
    except cups.CupError as exc:
        abort(409, str(exc))
    db.session.commit()
    flash(_("“%(t)s” is entered in the %(y)s Cup.", t=row.title, y=year), "ok")
    return redirect(url_for(".home", launch_id=launch_id), code=303)


@bp.post("/withdraw")
def withdraw(launch_id: str):
    ctx = _ctx(launch_id)
    row = _own(ctx)
    try:
        experiences.move(row, Status.WITHDRAWN.value, _actor(ctx, row))
    except TransitionRefused:
        abort(409, _("This experience cannot be withdrawn now."))
    db.session.commit()
    flash(_("Your experience was withdrawn."), "ok")
    if row.translation_of_id:
        return redirect(url_for(".home", launch_id=launch_id), code=303)
    return redirect(url_for(".home", launch_id=launch_id), code=303)


@bp.post("/files")
def upload(launch_id: str):
    ctx = _ctx(launch_id)
    row = _own(ctx)
    if row.translation_of_id:
        abort(404)  # photos and documents belong to the original
    if row.status not in EDITABLE:
        abort(409, _("This experience is with the editors: you can change it again if they return it to you."))
    for remove_id in request.form.getlist("remove"):
        found = db.session.get(LibraryAttachment, row_id(remove_id)) if row_id(remove_id) else None
        if found is not None and found.experience_id == row.id:
            files.remove(found)
    for upload in request.files.getlist("files"):
        if not upload or not upload.filename:
            continue
        try:
            files.add(row.id, files.Upload(upload.filename, upload.stream))
        except files.AttachmentRejected as exc:
            db.session.rollback()
            mb = current_app.config["PEER_MAX_ATTACHMENT_BYTES"] // (1024 * 1024)
            flash(str(ATTACHMENT_REFUSALS[exc.code]) % {"mb": mb, "n": current_app.config["LIBRARY_MAX_ATTACHMENTS"]},
                  "error")
            return redirect(url_for(".step", launch_id=launch_id, step="consent"), code=303)
    db.session.commit()
    return redirect(url_for(".step", launch_id=launch_id, step="consent"), code=303)


@bp.get("/files/<int:attachment_id>")
def attachment(launch_id: str, attachment_id: int):
    ctx = _ctx(launch_id)
    found = db.session.get(LibraryAttachment, attachment_id)
    row = db.session.get(LibraryExperience, found.experience_id) if found else None
    # the author's, and the editors' once it reached them: a draft's photos are the author's alone, as the draft is;
    # a juror's while scoring the entry (its evidence) in a round not yet confirmed
    editors_see = row is not None and row.status not in cups.UNREADABLE and experiences.is_editor(ctx.user_id)
    if row is None or not (row.author_id == ctx.user_id or editors_see or cups.juror_may_read(ctx.user_id, row.id)):
        abort(404)
    response = Response(files.read(found), mimetype=found.content_type)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(found.filename)}"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _editor(launch_id: str):
    ctx = _ctx(launch_id)
    if not experiences.is_editor(ctx.user_id):
        raise LaunchError("forbidden", f"user {ctx.user_id} is not a library editor")
    return ctx


@bp.get("/review")
def queue(launch_id: str):
    ctx = _editor(launch_id)
    rows = db.session.query(LibraryExperience).filter(
        LibraryExperience.status.in_([Status.SUBMITTED.value, Status.REVIEWED.value, Status.RETURNED.value,
                                      Status.PUBLISHED.value])).order_by(LibraryExperience.updated_at.desc()).all()
    return render_template("library/review_queue.html", ctx=ctx, rows=rows, language_names=LANGUAGE_NAMES,
                           people=people_names([r.author_id for r in rows]))


@bp.get("/review/<int:exp_id>")
def review(launch_id: str, exp_id: int):
    ctx = _editor(launch_id)
    row = db.session.get(LibraryExperience, exp_id)
    if row is None or row.status in (Status.DRAFT.value, Status.WITHDRAWN.value):
        abort(404)  # drafts belong to their authors alone
    case, _problems, _text = experiences.check_case(row)
    original = experiences.original_of(row)
    return render_template("library/review.html", ctx=ctx, row=row, exp=experiences.experience_of(row), case=case,
                           original=original, people=people_names([row.author_id]), language_names=LANGUAGE_NAMES,
                           languages=[lang for lang in LANGUAGES if lang != row.language and lang not in {
                               t.language for t in experiences.translations_of(row)}] if original is None else [],
                           render=experiences.render_learner_markdown, history=experiences.history(row),
                           files=files.listed(row.id), steps=next_steps(row.status, frozenset({Role.EDITOR})))


@bp.post("/review/<int:exp_id>")
def decide(launch_id: str, exp_id: int):
    ctx = _editor(launch_id)
    row = db.session.get(LibraryExperience, exp_id)
    if row is None:
        abort(404)
    actor = experiences.Actor(ctx.user_id, _actor(ctx).label, frozenset({Role.EDITOR}))
    try:
        experiences.move(row, request.form.get("to", ""), actor, request.form.get("comment", ""))
    except TransitionRefused as exc:
        db.session.rollback()
        flash(refusal(exc), "error")
        return redirect(url_for(".review", launch_id=launch_id, exp_id=exp_id), code=303)
    db.session.commit()
    flash(_("Done: the experience is now “%(s)s”.", s=status_label(row.status)), "ok")
    return redirect(url_for(".queue", launch_id=launch_id), code=303)
