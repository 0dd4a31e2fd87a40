"""Where the blocks find the curriculum, and which language variant of an item a learner reads."""

from __future__ import annotations

import os

from curriculum import Course, default_course
from curriculum.languages import short_language
from curriculum.model import Item, ItemType, Module
from curriculum.self_assessment import INSTRUMENT_ID, capacity_instrument

ENV_VAR = "FIELDSCHOOL_CURRICULUM"


def curriculum_path() -> str | None:
    """The curriculum folder: Django's ``FIELDSCHOOL_CURRICULUM_PATH`` setting, else $FIELDSCHOOL_CURRICULUM."""
    try:
        from django.conf import settings

        configured = getattr(settings, "FIELDSCHOOL_CURRICULUM_PATH", None) if settings.configured else None
    except ImportError:  # pragma: no cover - the blocks always run inside Django
        configured = None
    return configured or os.environ.get(ENV_VAR) or None


def course() -> Course:
    """The curriculum the blocks render (loaded once per folder and modification time)."""
    return default_course(curriculum_path())


def module_of(course_: Course, item_id: str) -> Module | None:
    return course_.module(item_id.split(".", 1)[0]) if item_id else None


def items_of_type(course_: Course, item_type: ItemType) -> list[tuple[Module, str, tuple[str, ...], str]]:
    """Every item of one type as (module, item id, languages, title in the source language), in course order."""
    found = []
    for module in course_.modules:
        for item_id in module.item_ids:
            item = module.item(item_id, course_.source_language)
            if item is not None and item.type is item_type:
                found.append((module, item_id, module.item_languages(item_id), item.title))
    return found


def choose_language(course_: Course, item_id: str, authored: str, learner: str, follow_learner: bool) -> str:
    """The language a learner reads: theirs when the author allows it and the item has it, else the author's."""
    module = module_of(course_, item_id)
    available = module.item_languages(item_id) if module else ()
    if follow_learner and learner in available:
        return learner
    if authored in available:
        return authored
    return course_.source_language


def find_item(course_: Course, item_id: str, language: str) -> Item | None:
    """The item in ``language``: the core's :meth:`Course.find_item`, plus the capacity self-assessment, which
    lives beside the modules, not in one."""
    if item_id == INSTRUMENT_ID:
        return capacity_instrument(short_language(language) or course_.source_language)
    return course_.find_item(item_id, language)
