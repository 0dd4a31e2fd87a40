"""The printed pages as HTML: a module's reader (summary, case, worksheet) and its facilitator's guide. The text is
rendered by the core (Markdown, sanitised); the case, with its facts box and charts, is the core's printed case
article (``curriculum.printing``), the same one the library prints."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from curriculum.model import LICENCE_URLS, CaseStudy, Course, Module, PeerExercise
from curriculum.printing import case_article_html, strings
from curriculum.rendering import render_markdown

_env = Environment(loader=PackageLoader("print_export", "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)


def _image_base(module: Module) -> str:
    """The module's folder as a file URL: relative image paths in its Markdown are found there."""
    return Path(module.directory).resolve().as_uri() if module.directory else ""


def _markdown(module: Module):
    """Markdown to HTML with images taken from the module's folder."""
    base = _image_base(module)

    def render(text: str) -> Markup:
        return Markup(render_markdown(text, image_base=base))

    return render


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
    summary = module.summary(language, course.source_language)
    case_html = None
    if case is not None:
        case_html = Markup(case_article_html(case, language, image_base=_image_base(module),
                                             kicker=t["case"] if summary else ""))
    return _env.get_template("module.html").render(
        t=t, lang=language, course=course, module=module, variant=variant, case=case, case_html=case_html,
        exercise=exercise, summary=summary, md=_markdown(module),
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
