"""The public, read-only library at ``/library``: no LMS needed, published and consenting entries only, full-text
search and filters, each entry rendered like a shipped case study, with its citation, licence and case file."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, g, render_template, request, url_for
from sqlalchemy import select

from curriculum.experiences.jury import TIE_BREAK_RULE
from curriculum.model import LICENCE_URLS
from curriculum.vocabulary import COMPETENCY_AREAS, MATURITY_LEVELS, label

from ..extensions import db
from ..services import case_study as cases
from ..views.figures import allow_styles_of
from . import experiences, public
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
    entries = public.find_entries(query, **chosen)
    lang = _lang()
    return render_template("library/public_index.html", entries=entries, query=query, chosen=chosen,
                           facets=public.facets(), lang=lang, area_label=lambda k: label(COMPETENCY_AREAS, k, lang),
                           maturity_label=lambda k: label(MATURITY_LEVELS, k, lang), language_names=LANGUAGE_NAMES,
                           year_of=public.year_of)


@bp.get("/<int:exp_id>")
def entry(exp_id: int):
    row = public.public_entry(exp_id)
    if row is None:
        abort(404)
    case, _problems, _text = experiences.check_case(row)
    if case is None:
        abort(404)
    exp = experiences.experience_of(row)
    page = cases.page(case)
    allow_styles_of(*(p.figure for p in page.parts))
    url = url_for(".entry", exp_id=row.id, _external=True)
    return render_template(
        "library/public_entry.html", row=row, case=case, page=page, show_discussion=False, exp=exp,
        contact=exp.contact if exp.show_names else "", licence_url=LICENCE_URLS.get(row.licence_key, ""),
        citation=public.citation(row, url, exp.show_names, exp.contact), language_names=LANGUAGE_NAMES,
        reader_lang=_lang())


@bp.get("/<int:exp_id>/case.md")
def case_file(exp_id: int):
    row = public.public_entry(exp_id)
    if row is None:
        abort(404)
    name, text = experiences.case_file(row)
    return Response(text, mimetype="text/markdown", headers={"Content-Disposition": f"attachment; filename={name}"})


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
