"""Writing packages: a plan plus a format becomes one deterministic zip (same curriculum → same bytes), zipped by
the core's :func:`curriculum.archive.deterministic_zip`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from curriculum.archive import FIXED_TIME, deterministic_zip
from curriculum.model import Course

from .formats import PackageFormat
from .plan import PackagePlan, Scope, plan_package

__all__ = ["FIXED_TIME", "BuiltPackage", "build_package", "deterministic_zip", "package_files", "plans_for"]


@dataclass(frozen=True)
class BuiltPackage:
    """One package: its file name, the zip's bytes and the paths inside it."""

    filename: str
    data: bytes
    entries: tuple[str, ...]


def package_files(plan: PackagePlan, fmt: PackageFormat) -> dict[str, bytes]:
    """Every file of the package, the manifest included."""
    files = dict(plan.files)
    files.update(fmt.runtime_files(plan))
    name, manifest = fmt.manifest(plan, files)
    files[name] = manifest
    return files


def build_package(plan: PackagePlan, fmt: PackageFormat, suffix: str) -> BuiltPackage:
    """Zip a plan in a format; ``suffix`` tells packages of several formats apart (``scorm12``)."""
    files = package_files(plan, fmt)
    return BuiltPackage(f"{plan.identifier}-{suffix}.zip", deterministic_zip(files), tuple(sorted(files)))


def plans_for(course: Course, language: str, scope: str, module_id: str | None = None) -> Iterator[PackagePlan]:
    """The plans an export asks for: one module, every module separately, or the course as one package."""
    if scope == "module":
        module = course.module(module_id or "")
        if module is None:
            known = ", ".join(m.id for m in course.modules) or "none"
            raise LookupError(f"no module '{module_id}' in the curriculum (modules: {known})")
        yield plan_package(course, language, [module], Scope.MODULE)
    elif scope == "all":
        for module in course.modules:
            yield plan_package(course, language, [module], Scope.MODULE)
    elif scope == "course":
        yield plan_package(course, language, list(course.modules), Scope.COURSE)
    else:
        raise ValueError(f"unknown scope '{scope}'")
