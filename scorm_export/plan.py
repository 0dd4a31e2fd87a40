"""The format-neutral package plan: which learning objects a package holds, their pages and assets, as bytes.

A plan knows nothing about SCORM. A format (SCORM 1.2, SCORM 2004, later IMS Common Cartridge) takes a plan,
adds its own runtime script and manifest, and zips the result (see :mod:`scorm_export.formats`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from curriculum.model import LICENCE_URLS, Assessment, Course, Module

from .pages import SHARED_ASSETS, render_module_page


class Scope(StrEnum):
    """What one package holds: a single module, or the whole course with one learning object per module."""

    MODULE = "module"
    COURSE = "course"


@dataclass(frozen=True)
class LearningObject:
    """One launchable unit (a SCO in SCORM): a module's page set."""

    identifier: str
    module_id: str
    title: str
    description: str
    language: str
    href: str
    files: tuple[str, ...]
    pass_mark: float | None  # fraction 0-1 from the module's assessment; None when the module has none
    estimated_minutes: int


@dataclass
class PackagePlan:
    """Everything a package contains except its format's manifest and runtime."""

    identifier: str
    title: str
    description: str
    language: str
    licence: str
    objects: list[LearningObject]
    shared_files: tuple[str, ...]
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def licence_text(self) -> str:
        url = LICENCE_URLS.get(self.licence, "")
        return f"{self.licence} {url}".strip()


def _identifier(text: str) -> str:
    """An XML NCName-safe identifier (letters, digits, dot, hyphen, underscore; starts with a letter)."""
    cleaned = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "-" for ch in text)
    return cleaned if cleaned[:1].isalpha() else f"fs-{cleaned}"


def _learning_object(course: Course, module: Module, language: str, package_id: str,
                     files: dict[str, bytes], next_module: Module | None = None) -> LearningObject:
    variant = module.variant(language, course.source_language)
    next_title = next_module.variant(language, course.source_language).title if next_module else ""
    page_files = render_module_page(course, module, language, package_id, next_title)
    files.update(page_files)
    items = (module.item(item_id, language, course.source_language) for item_id in module.item_ids)
    assessment = next((item for item in items if isinstance(item, Assessment)), None)
    return LearningObject(
        identifier=_identifier(f"sco-{module.id}"),
        module_id=module.id,
        title=variant.title,
        description=variant.description,
        language=language,
        href=f"{module.id}/index.html",
        files=tuple(sorted(page_files)),
        pass_mark=assessment.pass_mark if assessment is not None else None,
        estimated_minutes=module.estimated_minutes,
    )


def plan_package(course: Course, language: str, modules: list[Module], scope: Scope) -> PackagePlan:
    """Render ``modules`` of ``course`` in ``language`` into a plan (one package)."""
    if not modules:
        raise ValueError("a package needs at least one module")
    files: dict[str, bytes] = dict(SHARED_ASSETS)
    if scope is Scope.COURSE:
        package_id = _identifier(f"{course.id}-{language}")
        title = course.titles.get(language) or course.titles.get(course.source_language, course.id)
        description = course.descriptions.get(language) or course.descriptions.get(course.source_language, "")
    else:
        module = modules[0]
        variant = module.variant(language, course.source_language)
        package_id = _identifier(f"{course.id}-{module.id}-{language}")
        title, description = variant.title, variant.description
    following = [*modules[1:], None]
    objects = [_learning_object(course, m, language, package_id, files, n) for m, n in zip(modules, following,
                                                                                          strict=True)]
    return PackagePlan(
        identifier=package_id,
        title=title,
        description=description,
        language=language,
        licence=course.licence,
        objects=objects,
        shared_files=tuple(sorted(SHARED_ASSETS)),
        files=files,
    )
