"""The printed pages as HTML: a module's reader (summary, case, worksheet) and its facilitator's guide. The text is
rendered by the core (Markdown, sanitised) and the figures are the core's charts, as on the web pages."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from curriculum.case_page import facts_rows
from curriculum.charts import indicator_chart, timeline_chart
from curriculum.model import LICENCE_URLS, CaseStudy, Course, Module, PeerExercise
from curriculum.rendering import render_inline, render_markdown

from .strings import strings

_env = Environment(loader=PackageLoader("print_export", "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)
_DESC = re.compile(r"<desc[^>]*>(.*?)</desc>", re.S)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S)


@dataclass(frozen=True)
class Figure:
    """A chart as an image: the SVG the core draws, and the words a screen reader says for it."""

    src: str
    alt: str


def _figure(svg: str) -> Figure:
    title = unescape(_TITLE.search(svg).group(1)) if _TITLE.search(svg) else ""
    desc = unescape(_DESC.search(svg).group(1)) if _DESC.search(svg) else ""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Figure(src=f"data:image/svg+xml;base64,{data}", alt=f"{title}. {desc}".strip(". "))


def _markdown(module: Module):
    """Markdown to HTML with images taken from the module's folder (relative paths become file URLs)."""
    base = Path(module.directory).resolve().as_uri() if module.directory else ""

    def render(text: str) -> Markup:
        return Markup(render_markdown(text, image_base=base))

    return render


def _facts(case: CaseStudy, t: dict[str, str]) -> list[tuple[str, str]]:
    """The core's facts box (every fact the case gives), labelled with the core's terms."""
    return [(row.label, row.value) for row in facts_rows(case, t.__getitem__)]


def _items(module: Module, language: str, source_language: str) -> tuple[CaseStudy | None, PeerExercise | None]:
    found = [module.item(item_id, language, source_language) for item_id in module.item_ids]
    case = next((i for i in found if isinstance(i, CaseStudy)), None)
    exercise = next((i for i in found if isinstance(i, PeerExercise)), None)
    return case, exercise


def module_html(course: Course, module: Module, language: str) -> str:
    """The module's printed reader: summary page, the case, and the exercise as a worksheet with its rubric."""
    t = strings(language)
    variant = module.variant(language, course.source_language)
    case, exercise = _items(module, language, course.source_language)
    charts = {}
    if case is not None:
        if case.timeline:
            charts["process"] = _figure(timeline_chart(case.timeline, t["timeline"], ident="timeline"))
        if case.indicators:
            charts["results"] = _figure(indicator_chart(case.indicators, t["results_chart"], t["before"], t["after"],
                                                        ident="indicators"))
    return _env.get_template("module.html").render(
        t=t, lang=language, course=course, module=module, variant=variant, case=case, exercise=exercise,
        summary=module.summary(language, course.source_language), facts=_facts(case, t) if case else [],
        charts=charts, md=_markdown(module), inline=lambda text: Markup(render_inline(text)),
        licence=course.licence, licence_url=LICENCE_URLS.get(course.licence, ""))


def guide_html(course: Course, module: Module, language: str) -> str | None:
    """The facilitator's guide as a printed page, None when the module has no guide."""
    guide = module.guide(language, course.source_language)
    if guide is None:
        return None
    t = strings(language)
    hours = f"{guide.session_minutes / 60:.1f}".rstrip("0").rstrip(".").replace(".", "," if language != "en" else ".")
    return _env.get_template("guide.html").render(
        t=t, lang=language, module=module, variant=module.variant(language, course.source_language), guide=guide,
        plan=guide.schedule, hours=hours, md=_markdown(module),
        licence=course.licence, licence_url=LICENCE_URLS.get(course.licence, ""))
