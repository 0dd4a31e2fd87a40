"""Published experiences as curriculum items: a "library" module joined to the course the tool serves, so an
instructor finds them in the deep-linking picker beside the curriculum's items, with a gradebook column and the
case-study activity (discussion questions by the editors, else the core's defaults) around them."""

from __future__ import annotations

from dataclasses import replace

from flask import current_app, g
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from curriculum import CaseStudy, Course
from curriculum.experiences.casefile import LIBRARY_MODULE, MODULE_TEXTS
from curriculum.model import Module, ModuleVariant

from ..extensions import db
from .experiences import check_case, item_id_of
from .models import LibraryExperience

CACHE_KEY = "fieldschool_library_course"


def public_rows():
    """Experiences anyone may read: published, consenting, not "jury only" (originals; see
    :func:`public_translations`)."""
    return select(LibraryExperience).where(LibraryExperience.status == "published", LibraryExperience.public,
                                           LibraryExperience.translation_of_id.is_(None))


def public_translations(original_ids: list[int] | None = None) -> dict[int, dict[str, LibraryExperience]]:
    """Published translations of public originals, per original and language (a translation of a "jury only" or
    unpublished experience is never public)."""
    original = aliased(LibraryExperience)
    statement = (select(LibraryExperience).join(original, original.id == LibraryExperience.translation_of_id)
                 .where(LibraryExperience.status == "published", LibraryExperience.public,
                        original.status == "published", original.public))
    if original_ids is not None:
        statement = statement.where(LibraryExperience.translation_of_id.in_(original_ids))
    found: dict[int, dict[str, LibraryExperience]] = {}
    for row in db.session.scalars(statement.order_by(LibraryExperience.id)):
        found.setdefault(row.translation_of_id, {})[row.language] = row
    return found


def _stamp() -> tuple:
    return tuple(db.session.execute(
        select(func.count(LibraryExperience.id), func.max(LibraryExperience.updated_at),
               func.max(LibraryExperience.published_at))
        .where(LibraryExperience.status == "published", LibraryExperience.public)).one())


def library_module(rows: list[LibraryExperience]) -> Module | None:
    """The library as a module of case studies (None when nothing is published)."""
    items: dict[str, dict[str, CaseStudy]] = {}
    translations = public_translations([row.id for row in rows])
    for row in rows:
        case, problems, _text = check_case(row)
        if case is not None and not problems:
            items[item_id_of(row)] = {case.language: case}
            for translated in translations.get(row.id, {}).values():  # the same item in other languages
                other, other_problems, _text = check_case(translated)
                if other is not None and not other_problems:
                    items[item_id_of(row)][other.language] = other
    if not items:
        return None
    variants = {lang: ModuleVariant(language=lang, title=title, description=description, objectives=(objective,),
                                    introduction=description, source="")
                for lang, (title, description, objective) in MODULE_TEXTS.items()}
    minutes = sum(next(iter(v.values())).estimated_minutes for v in items.values())
    return Module(id=LIBRARY_MODULE, order=999, competency_area="learning", frameworks=(), estimated_minutes=minutes,
                  item_ids=tuple(items), variants=variants, items=items, directory="")


def with_library(base: Course) -> Course:
    """``base`` plus the library module; rebuilt only when a published experience changes (one query a request)."""
    if base.module(LIBRARY_MODULE) is not None:
        return base  # a curriculum that already holds exported experiences keeps its own module
    per_request = g.get("_fieldschool_course_with_library")
    if per_request is not None and per_request[0] is base:
        return per_request[1]
    stamp = (id(base), _stamp())
    cached = current_app.extensions.get(CACHE_KEY)
    if cached is None or cached[0] != stamp:
        module = library_module(db.session.scalars(public_rows().order_by(LibraryExperience.id)).all())
        course = replace(base, modules=[*base.modules, module]) if module is not None else base
        cached = current_app.extensions[CACHE_KEY] = (stamp, course)
    g._fieldschool_course_with_library = (base, cached[1])
    return cached[1]
