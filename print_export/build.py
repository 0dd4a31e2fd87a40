"""Module readers and facilitator's guides as tagged PDFs (PDF/UA-1), named so a folder of them sorts by module. The
PDF itself (stylesheet, WeasyPrint, PDF/UA settings) is the core's shared printer, ``curriculum.printing``."""

from __future__ import annotations

from dataclasses import dataclass

from curriculum.languages import short_language
from curriculum.model import Course, Module
from curriculum.printing import render_pdf

from .pages import guide_html, module_html


@dataclass(frozen=True)
class PrintedFile:
    """One PDF: its file name, language, what it holds ("module" or "guide") and its bytes."""

    filename: str
    language: str
    kind: str
    data: bytes


@dataclass(frozen=True)
class PrintPage:
    """One PDF still to print: its file name, language, what it holds and the HTML page it is printed from."""

    filename: str
    language: str
    kind: str
    html: str

    def render(self) -> PrintedFile:
        return PrintedFile(self.filename, self.language, self.kind, render_pdf(self.html))


def module_pages(course: Course, module: Module, language: str) -> list[PrintPage]:
    """The module's reader and (when it has one) its facilitator's guide in ``language``, not yet printed."""
    stem = f"{module.order:02d}-{module.id}"
    pages = [PrintPage(f"{stem}.{language}.pdf", language, "module", module_html(course, module, language))]
    guide = guide_html(course, module, language)
    if guide is not None:
        pages.append(PrintPage(f"{stem}-guide.{language}.pdf", language, "guide", guide))
    return pages


def print_pages(course: Course, module_id: str | None = None, language: str | None = None) -> list[PrintPage]:
    """The PDFs :func:`export_print` prints, before printing them (printing takes seconds a file): a command can
    refuse its options for what would result without printing anything first."""
    modules = course.modules
    if module_id is not None:
        module = course.module(module_id)
        if module is None:
            known = ", ".join(m.id for m in course.modules)
            raise LookupError(f"no module '{module_id}' in the curriculum; the modules are: {known}")
        modules = [module]
    pages: list[PrintPage] = []
    for module in modules:
        languages = [short_language(language)] if language else list(module.languages)
        for lang in languages:
            pages += module_pages(course, module, lang if lang in module.variants else course.source_language)
    return pages


def export_print(course: Course, module_id: str | None = None, language: str | None = None) -> list[PrintedFile]:
    """PDFs for one module (``module_id``) or every module, in ``language`` or in every language each module has.

    A module without the language asked for is printed in the course's source language. Raises LookupError for an
    unknown module id.
    """
    return [page.render() for page in print_pages(course, module_id, language)]
