"""The public, read-only library at ``/library``: no LMS needed, published and consenting entries only, full-text
search and filters, each entry rendered like a shipped case study, with its citation, licence, case file and PDF."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, g, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select

from curriculum.experiences.jury import TIE_BREAK_RULE
from curriculum.model import LICENCE_URLS
from curriculum.vocabulary import COMPETENCY_AREAS, MATURITY_LEVELS, label

from ..extensions import db
from ..services import case_study as cases
from ..views.csp import allow_styles_of
from . import experiences, printing, public
from .models import CupEntry, CupRound, LibraryExperience

bp = Blueprint("library_public", __name__, url_prefix="/library")
LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français", "pt": "Português"}


@bp.before_request
def reader_language() -> None:
    """``?lang=`` chooses the interface language (else the browser's)."""
    wanted = request.args.get("lang", "")
    if wanted in current_app.config["LANGUAGES"]:
        g.lang = wanted


def _lang() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "en")


@bp.get("/")
def index():
    query = request.args.get("q", "")[:200]
    chosen = {key: request.args.get(key, "")[:100] for key in public.FILTERS}
    lang = _lang()
    # each entry in the language the reader filters on, else in theirs when it has it
    entries = public.shown_in(public.find_entries(query, **chosen), chosen["language"] or lang)
    return render_template("library/public_index.html", entries=entries, query=query, chosen=chosen,
                           facets=public.facets(), lang=lang, area_label=lambda k: label(COMPETENCY_AREAS, k, lang),
                           maturity_label=lambda k: label(MATURITY_LEVELS, k, lang), language_names=LANGUAGE_NAMES,
                           year_of=public.year_of)


def _version(exp_id: int, language: str | None) -> public.Shown:
    """The entry in ``language`` (404 when it has no published version in it), else in the reader's language when
    it has one, else as written."""
    original = public.public_entry(exp_id)
    if original is None:
        abort(404)
    [shown] = public.shown_in([original], language or _lang())
    if language is not None and language not in shown.versions:
        abort(404)
    return shown


@bp.get("/<int:exp_id>")
@bp.get("/<int:exp_id>/<any(en, es, fr, pt):language>")
def entry(exp_id: int, language: str | None = None):
    shown = _version(exp_id, language)
    row = shown.row
    case, _problems, _text = experiences.check_case(row)
    if case is None:
        abort(404)
    exp = experiences.experience_of(row)
    page = cases.page(case)
    allow_styles_of(*(p.figure for p in page.parts))
    url = url_for(".entry", exp_id=shown.original.id, language=row.language if shown.translated else None,
                  _external=True)
    return render_template(
        "library/public_entry.html", row=row, original=shown.original, shown=shown, case=case, page=page,
        show_discussion=False, exp=exp,
        contact=exp.contact if exp.show_names else "", licence_url=LICENCE_URLS.get(row.licence_key, ""),
        citation=public.citation(row, url, exp.show_names, exp.contact), language_names=LANGUAGE_NAMES,
        reader_lang=_lang())


@bp.get("/<int:exp_id>/case.md")
@bp.get("/<int:exp_id>/<any(en, es, fr, pt):language>/case.md")
def case_file(exp_id: int, language: str | None = None):
    shown = _version(exp_id, language)
    name, text = experiences.case_file(shown.row if language else shown.original)
    return Response(text, mimetype="text/markdown", headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.get("/<int:exp_id>/entry.pdf")
@bp.get("/<int:exp_id>/<any(en, es, fr, pt):language>/entry.pdf")
def entry_pdf(exp_id: int, language: str | None = None):
    """The entry as a tagged PDF, in the entry's own language whatever the reader's (printed once per version); with
    a language, its published translation into that language."""
    shown = _version(exp_id, language)
    row = shown.row if language else shown.original
    url = url_for(".entry", exp_id=shown.original.id, language=language, _external=True)
    try:
        printed = printing.entry_pdf(row, url)
    except printing.PrintingUnavailable:
        message = gettext("PDFs cannot be printed on this server just now; the case file has the same text.")
        return render_template("error.html", status=503, message=message, code=None), 503
    if printed is None:
        abort(404)
    response = Response(printed.data, mimetype="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{printed.filename}"'})
    response.set_etag(printed.digest)
    return response.make_conditional(request)


@bp.get("/cup/<int:year>")
def cup_results(year: int):
    round_ = db.session.scalars(select(CupRound).filter_by(year=year, status="confirmed")).first()
    if round_ is None:
        abort(404)
    rows = db.session.execute(
        select(CupEntry, LibraryExperience).join(LibraryExperience, LibraryExperience.id == CupEntry.experience_id)
        .where(CupEntry.round_id == round_.id, CupEntry.result.in_(("winner", "shortlisted")))
        .order_by(CupEntry.place.is_(None), CupEntry.place, LibraryExperience.title)).all()
    return render_template("library/public_cup.html", round=round_, rows=rows, rule=TIE_BREAK_RULE)
