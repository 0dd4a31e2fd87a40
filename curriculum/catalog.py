"""The catalogue: a language-aware listing of modules and items, as data every channel can show."""

from __future__ import annotations

from .languages import short_language
from .model import Course
from .vocabulary import COMPETENCY_AREAS, label


def build_catalog(course: Course, language: str | None = None) -> dict:
    """Modules and their items as plain data, texts in ``language`` (falling back to the source language)."""
    lang = short_language(language) or course.source_language
    modules = []
    for module in course.modules:
        variant = module.variant(lang, course.source_language)
        items = []
        for item_id in module.item_ids:
            item = module.item(item_id, lang, course.source_language)
            if item is None:
                continue
            items.append({
                "id": item_id,
                "type": item.type.value,
                "title": item.title,
                "language": item.language,
                "languages": list(module.item_languages(item_id)),
                "estimated_minutes": item.estimated_minutes,
                "version": item.version,
            })
        modules.append({
            "id": module.id,
            "order": module.order,
            "title": variant.title,
            "language": variant.language,
            "description": variant.description,
            "competency_area": module.competency_area,
            "competency_area_label": label(COMPETENCY_AREAS, module.competency_area, lang),
            "frameworks": [{"framework": f.framework, "clause": f.clause} for f in module.frameworks],
            "estimated_minutes": module.estimated_minutes,
            "objectives": list(variant.objectives),
            "languages": list(module.languages),
            "items": items,
        })
    return {
        "course": course.id,
        "title": course.titles.get(lang) or course.titles.get(course.source_language, ""),
        "language": lang,
        "licence": course.licence,
        "modules": modules,
    }
