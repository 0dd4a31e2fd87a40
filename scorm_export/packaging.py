"""Writing packages: a plan plus a format becomes one deterministic zip (same curriculum → same bytes).

Entries are sorted, carry a fixed timestamp and fixed permissions, and are compressed at a fixed level, so the
zip depends only on the content.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from curriculum.model import Course

from .formats import PackageFormat
from .plan import PackagePlan, Scope, plan_package

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644  # a regular file, rw-r--r--


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


def deterministic_zip(files: dict[str, bytes]) -> bytes:
    """A zip of ``files`` whose bytes depend only on their paths and contents."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = FILE_MODE << 16
            archive.writestr(info, files[path], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()


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


def write_packages(packages: Iterable[BuiltPackage], directory: Path) -> list[Path]:
    """Write packages to ``directory`` (created when missing); return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for package in packages:
        path = directory / package.filename
        path.write_bytes(package.data)
        written.append(path)
    return written
