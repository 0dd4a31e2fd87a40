"""The curriculum the tool serves: loaded once per app from CURRICULUM_PATH (default: the shipped curriculum)."""

from __future__ import annotations

from curriculum import Course
from curriculum.catalog import build_catalog
from curriculum.experiences.casefile import LIBRARY_MODULE
from curriculum.self_assessment import INSTRUMENT_ID

from ..library.catalogue import with_library
from .curriculum import base_course

# Activities outside the course's modules, by item id: the capacity self-assessment (lti_tool.organisations).
TOOL_ITEMS: frozenset[str] = frozenset({INSTRUMENT_ID})


def get_course() -> Course:
    """The curriculum, with the experience library's published experiences as one more module."""
    return with_library(base_course())


def course_holding(*item_ids: str | None) -> Course:
    """The course to resolve an item in, for the first of ``item_ids`` given: the authored curriculum alone when
    that item is one of its own (or one of the tool's), so opening it costs no library query; else
    :func:`get_course`. Whatever the ids, an item found in the returned course is the one :func:`get_course`
    would find (library items live only in the library module, whose ids start with its name)."""
    base = base_course()
    first = next((item_id for item_id in item_ids if item_id), None)
    if first and first.split(".", 1)[0] != LIBRARY_MODULE and (
            first in TOOL_ITEMS or base.find_item(first) is not None):
        return base
    return get_course()


def filtered_catalog(language: str, module: str = "", item_type: str = "", item_language: str = "",
                     text: str = "") -> dict:
    """The catalogue in ``language``, keeping only items that match every filter given."""
    data = build_catalog(get_course(), language)
    text = text.strip().lower()
    for mod in data["modules"]:
        mod["items"] = [
            item for item in mod["items"]
            if (not item_type or item["type"] == item_type)
            and (not item_language or item_language in item["languages"])
            and (not text or text in item["title"].lower() or text in item["id"])
        ]
    data["modules"] = [m for m in data["modules"] if (not module or m["id"] == module) and m["items"]]
    return data


def known_item(course: Course, item_id: str | None) -> bool:
    """Whether a link may open ``item_id``: a curriculum (or library) item, or one of the tool's own activities."""
    return bool(item_id) and (item_id in TOOL_ITEMS or course.find_item(item_id) is not None)


def known_item_id(item_id: str | None) -> bool:
    """``known_item(get_course(), item_id)``, asking the database about the library only for an item that neither
    the curriculum nor the tool has (a launch of a curriculum item, the usual case, makes no query)."""
    return known_item(base_course(), item_id) or known_item(get_course(), item_id)
