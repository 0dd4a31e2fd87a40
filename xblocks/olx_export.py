"""The whole Field School as an Open edX course export (OLX tarball) that Studio imports in one step.

Layout (what Studio's import reads): ``course.xml`` pointing at ``course/<run>.xml``; a chapter per module, a
sequential per module, a vertical (unit) per curriculum item holding its block inline (settings as attributes,
customised questions or rubric as child elements: what Studio's import hands to the block's ``parse_xml``);
``policies/<run>/policy.json`` with the Advanced Module List and ``grading_policy.json``; ``about/overview.html``.
"""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lxml import etree
from xblock.fields import Scope

from curriculum import Course
from curriculum.model import ItemType

from .assessment import AssessmentBlock
from .case_study import CaseStudyBlock
from .olx import block_element
from .peer_exercise import PeerExerciseBlock
from .scenarios import TAGS

ADVANCED_MODULES = [TAGS[ItemType.CASE_STUDY], TAGS[ItemType.PEER_EXERCISE], TAGS[ItemType.ASSESSMENT]]
GRADED_FORMAT = "Field School activity"
ROOT = "course"
BLOCK_CLASSES = {ItemType.CASE_STUDY: CaseStudyBlock, ItemType.PEER_EXERCISE: PeerExerciseBlock,
                 ItemType.ASSESSMENT: AssessmentBlock}


class UnknownSetting(ValueError):
    """A block setting given for the export that the block does not have."""


def block_olx(item_type: ItemType, values: Mapping[str, Any]) -> etree._Element:
    """One block's inline element: each value serialised by the block's own field (as Studio's export would), the
    ``xml_node`` fields (customisations) as child elements, the others as attributes."""
    block_class = BLOCK_CLASSES[item_type]
    settings: dict[str, str] = {}
    customisations: dict[str, str] = {}
    for name, value in values.items():
        field = block_class.fields.get(name)
        if field is None or field.scope not in (Scope.settings, Scope.content):
            raise UnknownSetting(f"{TAGS[item_type]} has no setting {name!r}")
        text = field.to_string(value)
        (customisations if field.xml_node else settings)[name] = "" if text is None else text
    return block_element(TAGS[item_type], settings, customisations)


def url_name(identifier: str) -> str:
    """An OLX url_name from a curriculum id: letters, digits, '-' and '_' only."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in identifier)


def _xml(element: etree._Element) -> bytes:
    return etree.tostring(element, pretty_print=True, encoding="utf-8")


def build_files(course: Course, language: str = "en", org: str = "FieldSchool", number: str = "FS101",
                run: str = "course", block_settings: Mapping[str, Mapping[str, Any]] | None = None
                ) -> dict[str, bytes]:
    """Every file of the export, by path inside the course folder.

    ``block_settings`` maps a curriculum item id to the block settings a course team chose for it (attempts,
    custom questions or rubric…); they travel inline with the block. Raises :class:`UnknownSetting`.
    """
    block_settings = block_settings or {}
    known = {item_id for module in course.modules for item_id in module.item_ids}
    for item_id in block_settings:
        if item_id not in known:
            raise UnknownSetting(f"there is no curriculum item {item_id!r} to configure")
    files: dict[str, bytes] = {}
    title = course.titles.get(language) or course.titles.get(course.source_language, "Field School")
    files["course.xml"] = _xml(etree.Element("course", url_name=run, org=org, course=number))
    course_el = etree.Element("course", display_name=title, language=language, start="2026-01-01T00:00:00Z")
    graded_modules = 0
    for module in course.modules:
        variant = module.variant(language, course.source_language)
        chapter_name = url_name(f"module_{module.id}")
        etree.SubElement(course_el, "chapter", url_name=chapter_name)
        chapter = etree.Element("chapter", display_name=variant.title)
        seq_name = url_name(f"activities_{module.id}")
        etree.SubElement(chapter, "sequential", url_name=seq_name)
        files[f"chapter/{chapter_name}.xml"] = _xml(chapter)
        sequential = etree.Element("sequential", display_name=variant.title)
        graded = False
        for item_id in module.item_ids:
            item = module.item(item_id, language, course.source_language)
            if item is None:
                continue
            block_name = url_name(item_id)
            unit_name = url_name(f"unit_{item_id}")
            etree.SubElement(sequential, "vertical", url_name=unit_name)
            vertical = etree.Element("vertical", display_name=item.title)
            block = block_olx(item.type, {"display_name": item.title, "item_id": item_id, "language": language,
                                          **block_settings.get(item_id, {})})
            block.set("url_name", block_name)
            vertical.append(block)
            files[f"vertical/{unit_name}.xml"] = _xml(vertical)
            graded = graded or item.type in (ItemType.ASSESSMENT, ItemType.PEER_EXERCISE)
        if graded:
            sequential.set("graded", "true")
            sequential.set("format", GRADED_FORMAT)
            graded_modules += 1
        files[f"sequential/{seq_name}.xml"] = _xml(sequential)
    files[f"course/{run}.xml"] = _xml(course_el)
    policy = {f"course/{run}": {"display_name": title, "language": language, "advanced_modules": ADVANCED_MODULES,
                                "start": "2026-01-01T00:00:00Z"}}
    files[f"policies/{run}/policy.json"] = json.dumps(policy, indent=2, ensure_ascii=False).encode()
    grading = {"GRADER": [{"type": GRADED_FORMAT, "short_label": "FS", "min_count": max(1, graded_modules),
                           "drop_count": 0, "weight": 1.0}], "GRADE_CUTOFFS": {"Pass": 0.6}}
    files[f"policies/{run}/grading_policy.json"] = json.dumps(grading, indent=2).encode()
    description = course.descriptions.get(language) or course.descriptions.get(course.source_language, "")
    files["about/overview.html"] = f"<section class=\"about\"><h2>{title}</h2><p>{description}</p></section>".encode()
    return files


def write_tarball(course: Course, output: str | Path, **options: Any) -> Path:
    """Write the export as a .tar.gz whose single top folder is ``course/``, as Studio's import expects."""
    output = Path(output)
    with tarfile.open(output, "w:gz") as tar:
        for path, data in sorted(build_files(course, **options).items()):
            info = tarfile.TarInfo(f"{ROOT}/{path}")
            info.size = len(data)
            info.mtime = 0
            tar.addfile(info, io.BytesIO(data))
    return output
