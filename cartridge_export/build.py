"""Building a cartridge: plan the modules asked for, write the manifest, zip deterministically with the core."""

from __future__ import annotations

from dataclasses import dataclass

from curriculum.archive import deterministic_zip
from curriculum.languages import short_language
from curriculum.model import Course

from .manifest import MANIFEST_NAME, manifest_xml
from .plan import CartridgePlan, QuizMode, plan_cartridge


@dataclass(frozen=True)
class BuiltCartridge:
    """One cartridge: its file name, the zip's bytes and the paths inside it."""

    filename: str
    data: bytes
    entries: tuple[str, ...]


def cartridge_files(plan: CartridgePlan) -> dict[str, bytes]:
    """Every file of the cartridge, the manifest included."""
    files: dict[str, bytes] = {}
    for resource in plan.resources:
        files.update(resource.files)
    files[MANIFEST_NAME] = manifest_xml(plan)
    return files


def export_cartridge(course: Course, tool_url: str, module_id: str | None = None, language: str | None = None,
                     quizzes: QuizMode | str = QuizMode.NATIVE) -> BuiltCartridge:
    """One module (``module_id``) or, without it, the whole course as a Common Cartridge 1.1."""
    lang = short_language(language) or course.source_language  # --lang pt-BR: Portuguese content and strings
    if module_id is not None:
        module = course.module(module_id)
        if module is None:
            known = ", ".join(m.id for m in course.modules) or "none"
            raise LookupError(f"no module '{module_id}' in the curriculum (modules: {known})")
        plan = plan_cartridge(course, [module], lang, tool_url, QuizMode(quizzes))
    else:
        plan = plan_cartridge(course, list(course.modules), lang, tool_url, QuizMode(quizzes), whole_course=True)
    files = cartridge_files(plan)
    return BuiltCartridge(f"{plan.identifier}.imscc", deterministic_zip(files), tuple(sorted(files)))
