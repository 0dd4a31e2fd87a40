"""Web pages (``webcontent``) of a cartridge: each module's introduction and each case study's reading text, so the
course is usable even where the tool is not registered yet. Markdown is rendered and sanitised by the core."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from curriculum.case_page import case_page
from curriculum.model import LICENCE_URLS, CaseStudy, Course, FacilitatorGuide, Module
from curriculum.rendering import render_markdown
from curriculum.terms import term

from .strings import strings

MEDIA_DIR = "media"
_IMG_SRC = re.compile(r'src="media/([^"]+)"')

_env = Environment(loader=PackageLoader("cartridge_export", "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


@dataclass
class PageFiles:
    """A page's HTML and the images it shows (path in the cartridge → bytes)."""

    html: bytes
    media: dict[str, bytes] = field(default_factory=dict)


class _Markdown:
    """Renders a module's Markdown for a page, collecting the images it refers to. Links to other items become
    plain text: a cartridge page cannot address the LMS's copy of another resource portably."""

    def __init__(self, module: Module):
        self.module = module
        self.images: set[str] = set()

    def __call__(self, text: str) -> Markup:
        html = render_markdown(text, image_base=MEDIA_DIR)
        self.images.update(_IMG_SRC.findall(html))
        return Markup(html)

    def media(self) -> dict[str, bytes]:
        """The images, copied from the module folder; names leaving the folder are refused."""
        found: dict[str, bytes] = {}
        if not self.module.directory:
            return found
        base = Path(self.module.directory).resolve()
        for name in sorted(self.images):
            path = (base / name).resolve()
            if base in path.parents and path.is_file():
                found[f"{self.module.id}/{MEDIA_DIR}/{name}"] = path.read_bytes()
        return found


def _render(template: str, course: Course, language: str, md: _Markdown, **values) -> PageFiles:
    html = _env.get_template(template).render(
        t=strings(language), lang=language, md=md, licence=course.licence,
        licence_url=LICENCE_URLS.get(course.licence, ""), **values)
    return PageFiles(html.encode("utf-8"), md.media())


def module_page(course: Course, module: Module, language: str) -> PageFiles:
    """The module's introduction: title, description, objectives, time and its introduction text."""
    variant = module.variant(language, course.source_language)
    return _render("module.html", course, variant.language, _Markdown(module), variant=variant,
                   minutes=module.estimated_minutes)


def case_study_page(course: Course, module: Module, case: CaseStudy, language: str,
                    activity_title: str) -> PageFiles:
    """The case's reading text, ending with where to find its interactive activity (``activity_title``): the
    core's page model (:func:`curriculum.case_page.case_page`, its facts box and interface terms), as every channel
    shows it."""
    md = _Markdown(module)
    page = case_page(case, translate=lambda key: term(key, case.language), markdown=md)
    return _render("case_study.html", course, case.language, md, page=page, activity_title=activity_title)


def guide_page(course: Course, module: Module, guide: FacilitatorGuide) -> PageFiles:
    """The module's facilitator's guide: the timed session plan, the questions, the materials, and its sections."""
    return _render("guide.html", course, guide.language, _Markdown(module), guide=guide)
