"""A case study printed: the article (summary, facts box, framing, sections with the core's timeline and results
charts as described images, discussion questions, lessons, recommendations) and a document of its own around it.

The print channel puts the article in each module's reader; the LTI tool's library prints a contributed experience
as a document, from the same case study its case file makes. A contributed case (learner-written) goes through the
learner Markdown renderer and is printed without fetching anything but its own charts."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html import unescape
from typing import Any

from ..case_page import facts_rows as case_facts
from ..charts import indicator_chart, timeline_chart
from ..experiences.contributed import is_contributed
from ..model import LICENCE_URLS, CaseStudy
from ..rendering import render_inline, render_learner_markdown, render_markdown
from .pdf import render_pdf
from .strings import strings

_DESC = re.compile(r"<desc[^>]*>(.*?)</desc>", re.S)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S)


@dataclass(frozen=True)
class Figure:
    """A chart as an image: the SVG the core draws, and the words a screen reader says for it."""

    src: str
    alt: str


@dataclass(frozen=True)
class PrintedDocument:
    """A page ready to print: its HTML, and whether learners wrote it (then nothing outside it is fetched)."""

    html: str
    contributed: bool

    @property
    def digest(self) -> str:
        """A short hash of the page: two documents with the same digest print the same PDF."""
        return hashlib.sha256(self.html.encode("utf-8")).hexdigest()[:16]

    def pdf(self) -> bytes:
        """The tagged PDF/UA-1 (WeasyPrint: about a second or two per case)."""
        return render_pdf(self.html, data_urls_only=self.contributed)


def figure_of(svg: str) -> Figure:
    """An SVG chart of the core as an image with its alternative text (its title and description)."""
    title = unescape(_TITLE.search(svg).group(1)) if _TITLE.search(svg) else ""
    desc = unescape(_DESC.search(svg).group(1)) if _DESC.search(svg) else ""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Figure(src=f"data:image/svg+xml;base64,{data}", alt=f"{title}. {desc}".strip(". "))


def facts_rows(case: CaseStudy, t: dict[str, str]) -> list[tuple[str, str]]:
    """The core's facts box (:func:`curriculum.case_page.facts_rows`) as (label, value) rows, labels from ``t``."""
    return [(row.label, row.value) for row in case_facts(case, t.__getitem__)]


@cache
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(loader=PackageLoader("curriculum.printing", "templates"),
                              autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    environment.filters["sentence"] = _sentence
    return environment


def _sentence(text: str) -> str:
    """The text ending with a full stop (not a second one when its author wrote it)."""
    text = text.rstrip()
    return text if text[-1:] in ".!?…" else f"{text}."


def _learner_inline(text: str) -> str:
    html = render_learner_markdown(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


def _renderers(case: CaseStudy, image_base: str) -> tuple[Callable[[str], Any], Callable[[str], Any]]:
    """(block Markdown, one-line Markdown) renderers for the case's text, as markup the templates keep."""
    from markupsafe import Markup

    if is_contributed(case):
        return (lambda text: Markup(render_learner_markdown(text))), (lambda text: Markup(_learner_inline(text)))
    return ((lambda text: Markup(render_markdown(text, image_base=image_base))),
            (lambda text: Markup(render_inline(text))))


def case_article_html(case: CaseStudy, language: str | None = None, *, image_base: str = "", kicker: str = "",
                      byline: str = "") -> str:
    """The case as a printed ``<article>``, headings in ``language`` (default: the case's own).

    ``image_base`` is where the case's relative images are (a ``file:`` URL of its module's folder); ``kicker`` is
    the small line above the title and ``byline`` the line under it (who wrote it), both plain text."""
    t = strings(language or case.language)
    charts = {}
    if case.timeline:
        charts["process"] = figure_of(timeline_chart(case.timeline, t["timeline"], ident="timeline"))
    if case.indicators:
        charts["results"] = figure_of(indicator_chart(case.indicators, t["results_chart"], t["before"], t["after"],
                                                      ident="indicators"))
    md, inline = _renderers(case, image_base)
    return _environment().get_template("case.html").render(
        t=t, case=case, facts=facts_rows(case, t), charts=charts, md=md, inline=inline, kicker=kicker, byline=byline)


def case_document_html(case: CaseStudy, *, running: str = "", kicker: str = "", byline: str = "",
                       citation: str = "", licence: str = "", licence_url: str = "", author: str = "") -> str:
    """The case as a document of its own, everything in the case's language: a running header, the article, how to
    cite it and its licence (default: the case's licence, linked when it is a known one)."""
    from markupsafe import Markup

    licence = licence or case.licence
    return _environment().get_template("case_document.html").render(
        t=strings(case.language), lang=case.language, case=case, running=running, author=author,
        description=case.summary.strip().splitlines()[0][:300] if case.summary.strip() else "",
        article=Markup(case_article_html(case, kicker=kicker, byline=byline)), citation=citation, licence=licence,
        licence_url=licence_url or LICENCE_URLS.get(licence, ""))


def case_document(case: CaseStudy, **parts: str) -> PrintedDocument:
    """The case ready to print as a document of its own (see ``case_document_html`` for the parts)."""
    return PrintedDocument(case_document_html(case, **parts), contributed=is_contributed(case))
