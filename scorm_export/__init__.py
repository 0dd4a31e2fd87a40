"""SCORM 1.2 and SCORM 2004 (4th Edition) packages of the Field School curriculum.

A format-neutral plan (:mod:`.plan`, pages from :mod:`.pages`) is turned into a package by a format
(:mod:`.formats`) and zipped deterministically (:mod:`.packaging`). The learner-side runtime is plain JavaScript
in ``static/``.
"""

from curriculum.languages import short_language

from .formats import Scorm12, Scorm2004, Sequencing, scorm_format
from .heap import frozen_heap
from .packaging import BuiltPackage, build_package, deterministic_zip, package_files, plans_for
from .plan import PackagePlan, Scope, plan_package

__all__ = [
    "BuiltPackage", "PackagePlan", "Scope", "Scorm12", "Scorm2004", "Sequencing", "build_package",
    "deterministic_zip", "export_scorm", "package_files", "plan_package", "plans_for", "scorm_format",
]


def export_scorm(course, version: str = "1.2", scope: str = "module", module_id: str | None = None,
                 language: str | None = None, sequencing: str = Sequencing.FLOW) -> list[BuiltPackage]:
    """Build the SCORM packages an export asks for (see ``fieldschool export scorm --help``)."""
    fmt = scorm_format(version, sequencing)
    suffix = "scorm12" if version == "1.2" else "scorm2004"
    lang = short_language(language) or course.source_language  # --lang pt-BR: Portuguese content and strings
    with frozen_heap():  # the loaded course outlives the export: the garbage collector need not walk it
        return [build_package(plan, fmt, suffix) for plan in plans_for(course, lang, scope, module_id)]
