"""Module readers and facilitator's guides as tagged PDFs (PDF/UA-1), named so a folder of them sorts by module."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from weasyprint import CSS, HTML

from curriculum.model import Course, Module

from .pages import guide_html, module_html

STYLESHEET = files("print_export").joinpath("templates/print.css").read_text(encoding="utf-8")


@dataclass(frozen=True)
class PrintedFile:
    """One PDF: its file name, language, what it holds ("module" or "guide") and its bytes."""

    filename: str
    language: str
    kind: str
    data: bytes


def render_pdf(html: str, base_url: str = ".") -> bytes:
    """HTML to a tagged, PDF/UA-1 PDF (document language and title from the page; headings, lists, tables and
    images with their alternative text in the structure tree)."""
    return HTML(string=html, base_url=base_url).write_pdf(
        stylesheets=[CSS(string=STYLESHEET)], pdf_variant="pdf/ua-1", pdf_tags=True, custom_metadata=True)


def module_files(course: Course, module: Module, language: str) -> list[PrintedFile]:
    """The module's reader and (when it has one) its facilitator's guide in ``language``."""
    stem = f"{module.order:02d}-{module.id}"
    printed = [PrintedFile(f"{stem}.{language}.pdf", language, "module", render_pdf(module_html(course, module,
                                                                                              language)))]
    guide = guide_html(course, module, language)
    if guide is not None:
        printed.append(PrintedFile(f"{stem}-guide.{language}.pdf", language, "guide", render_pdf(guide)))
    return printed


def export_print(course: Course, module_id: str | None = None, language: str | None = None) -> list[PrintedFile]:
    """PDFs for one module (``module_id``) or every module, in ``language`` or in every language each module has.

    A module without the language asked for is printed in the course's source language. Raises LookupError for an
    unknown module id.
    """
    modules = course.modules
    if module_id is not None:
        module = course.module(module_id)
        if module is None:
            known = ", ".join(m.id for m in course.modules)
            raise LookupError(f"no module '{module_id}' in the curriculum; the modules are: {known}")
        modules = [module]
    printed: list[PrintedFile] = []
    for module in modules:
        languages = [language] if language else list(module.languages)
        for lang in languages:
            printed += module_files(course, module, lang if lang in module.variants else course.source_language)
    return printed
