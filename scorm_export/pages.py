"""A module rendered as one small, self-contained launch page: overview, case study, solo exercise, assessment.

Markdown is rendered here, at build time, with :mod:`curriculum.rendering`; the package carries HTML and a JSON
block with what its script needs (question data for offline grading, interface strings), never a Markdown parser.

A module's page is the same in its own package and in the course package except for the package it sits in and
the module that follows it, so the page body (``module_body.html``) and its script data are rendered once per
module and language and kept; each package only adds its small shell (``module.html``).
"""

from __future__ import annotations

import json
import re
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from importlib.resources import files as package_files
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from curriculum.case_page import CasePage, case_page
from curriculum.items import MATURITY_LEVEL_COUNT
from curriculum.model import (
    Assessment,
    CaseStudy,
    Course,
    Item,
    Module,
    PeerExercise,
    Question,
    QuestionType,
    SelfAssessment,
)
from curriculum.percent import decimal_mark, format_pass_mark
from curriculum.rendering import render_inline, render_markdown
from curriculum.scoring import normalise_text
from curriculum.vocabulary import COMPETENCY_AREAS, label

from .strings import ui_strings

STATIC = package_files("scorm_export") / "static"
SHARED_ASSETS: dict[str, bytes] = {
    f"shared/{name}": (STATIC / name).read_bytes() for name in ("sco.js", "sco.css")
}
MEDIA_DIR = "media"
_IMG_SRC = re.compile(r'src="media/([^"]+)"')

# ``optimized=False``: Jinja's optimiser folds constant expressions, and these templates have none to fold (the Python
# it generates for them is the same with and without it); it only costs time when the templates are compiled, which a
# first export in a new process pays.
_env = Environment(loader=PackageLoader("scorm_export", "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, optimized=False)


def _inline(text: str) -> Markup:
    """The ``inline`` filter: a one-line Markdown text as HTML. A filter, not a method of the page context: Jinja
    calls a filter directly, a method through ``Context.call`` (some 7,000 texts in an export of the course)."""
    return _html(render_inline(text))


_env.filters["inline"] = _inline


def part_key(item_id: str) -> str:
    """The part of a module page an item lives in: its id after the module prefix (``sample.case`` → ``case``)."""
    return item_id.split(".", 1)[1] if "." in item_id else item_id


def _html(text: str) -> Markup:
    return Markup(text)


def _question_data(question: Question) -> dict:
    """What the package's script needs to grade one question offline, feedback already rendered to HTML."""
    data: dict = {"id": question.id, "type": question.type.value, "points": question.points,
                  "explanation": render_markdown(question.explanation)}
    if question.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        data["options"] = [{"id": o.id, "correct": o.correct, "feedback": render_inline(o.feedback)}
                           for o in question.options]
    elif question.type is QuestionType.TRUE_FALSE:
        data.update(answer=bool(question.answer), feedback_true=render_inline(question.feedback_true),
                    feedback_false=render_inline(question.feedback_false))
    else:
        data.update(feedback_correct=render_inline(question.feedback_correct),
                    feedback_incorrect=render_inline(question.feedback_incorrect))
        if question.type is QuestionType.NUMERIC:
            data.update(answer=float(question.answer), tolerance=question.tolerance)
        else:
            # Normalised with the core's own rule, so the script only has to normalise the learner's answer.
            data.update(accepted=sorted({normalise_text(a, question.case_sensitive) for a in question.accepted}),
                        shown=list(question.accepted), case_sensitive=question.case_sensitive)
    data["prompt_text"] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", render_inline(question.prompt))).strip()
    return data


class _Strings:
    """The interface strings as the templates read them (``t.skip``, ``t[part.kind]``, ``t["copy"]``).

    Jinja tries an attribute before a key, so on a plain dict every ``t.skip`` first fails with an exception (some
    9,000 times in an export of the course); here the attribute is found at once."""

    def __init__(self, strings: dict[str, str]):
        self.__dict__.update(strings)

    def __getitem__(self, key: str) -> str:
        return self.__dict__[key]


@dataclass(frozen=True)
class _Part:
    """One part of a module page as the body template reads it (an object: Jinja finds ``part.key`` at once)."""

    key: str
    item: Item
    kind: str
    page: CasePage | None = None  # a case study's page


class _PageContext:
    """Collects the images a module's Markdown refers to while rendering it."""

    def __init__(self, course: Course, module: Module, language: str):
        self.course, self.module, self.language = course, module, language
        self.images: set[str] = set()

    def link(self, kind: str, target: str) -> str:
        # A SCO may not navigate to another SCO, so only links inside this module survive.
        if kind == "module":
            return "#overview" if target == self.module.id else ""
        return f"#{part_key(target)}" if target in self.module.item_ids else ""

    def md(self, text: str) -> Markup:
        html = render_markdown(text, link_resolver=self.link, image_base=MEDIA_DIR)
        self.images.update(_IMG_SRC.findall(html))
        return _html(html)



def _item(course: Course, module: Module, item_id: str, language: str) -> Item | None:
    return module.item(item_id, language, course.source_language)


def _media_files(module: Module, names: set[str]) -> dict[str, bytes]:
    """The images the page uses, copied from the module folder; names leaving the folder are refused."""
    found: dict[str, bytes] = {}
    base = Path(module.directory).resolve() if module.directory else None
    for name in sorted(names):
        if base is None:
            continue
        path = (base / name).resolve()
        if base in path.parents and path.is_file():
            found[f"{module.id}/{MEDIA_DIR}/{name}"] = path.read_bytes()
    return found


@dataclass(frozen=True)
class ModulePage:
    """A module's page in one language without its package: the HTML body, the script's parts, the images."""

    body: Markup
    data_parts: tuple[dict, ...]
    media: dict[str, bytes]
    script_members: dict[str, str]  # the script data's package-independent members ("parts", "strings") as JSON


class _PageCache:
    """Rendered :class:`ModulePage` objects for the loaded course and module objects still alive (weakly held).

    Loaded curricula are not changed after loading; a course loaded again is a new object and is rendered anew.
    """

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[tuple[int, int, str], tuple[weakref.ref, weakref.ref, ModulePage]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, course: Course, module: Module, language: str) -> ModulePage:
        key = (id(course), id(module), language)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0]() is course and entry[1]() is module:
                self._entries.move_to_end(key)
                return entry[2]
        page = _render_module_body(course, module, language)
        with self._lock:
            self._entries[key] = (weakref.ref(course), weakref.ref(module), page)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return page

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_PAGES = _PageCache(size=512)


def clear_page_cache() -> None:
    """Forget every rendered page body (benchmarks measure a cold start with it)."""
    _PAGES.clear()


def _render_module_body(course: Course, module: Module, language: str) -> ModulePage:
    """Render the package-independent part of a module's page (the expensive part: every text of the module)."""
    t = ui_strings(language)
    ctx = _PageContext(course, module, language)
    variant = module.variant(language, course.source_language)
    parts = []
    data_parts = []
    for item_id in module.item_ids:
        item = _item(course, module, item_id, language)
        if item is None:
            continue
        key = part_key(item_id)
        page = None
        entry: dict = {"key": key, "type": item.type.value, "id": item_id, "title": item.title}
        if isinstance(item, Assessment):
            entry.update(pass_mark=item.pass_mark, attempts=item.attempts, max_points=item.max_points,
                         questions=[_question_data(q) for q in item.questions])
        elif isinstance(item, PeerExercise):
            entry.update(criteria=[{"id": c.id, "title": c.title, "points": [lv.points for lv in c.levels],
                                    "labels": [lv.label for lv in c.levels]} for c in item.rubric.criteria],
                         max_points=item.rubric.max_points)
        elif isinstance(item, CaseStudy):
            page = case_page(item, translate=t.__getitem__, markdown=ctx.md, inline=_inline,
                             chart_prefix=f"{key}-")
            entry.update(questions=list(page.question_ids), completion=page.completion.value)
        elif isinstance(item, SelfAssessment):
            entry["areas"] = [{"key": a.area, "name": label(COMPETENCY_AREAS, a.area, item.language)}
                              for a in item.areas]
            entry["levels"] = MATURITY_LEVEL_COUNT  # the radar's outer ring
        data_parts.append(entry)
        parts.append(_Part(key, item, item.type.value, page))
    body = _env.get_template("module_body.html").render(
        t=_Strings(t), lang=language,
        course_title=course.titles.get(language) or course.titles.get(course.source_language),
        module=module, variant=variant, parts=parts, ctx=ctx,
        pass_mark_percent=lambda fraction: format_pass_mark(fraction, language),
        area_label=lambda key, language: label(COMPETENCY_AREAS, key, language),
    )
    members = {"parts": _dumps(data_parts), "strings": _dumps(t)}
    return ModulePage(Markup(body), tuple(data_parts), _media_files(module, ctx.images), members)


def render_module_page(course: Course, module: Module, language: str, package_id: str,
                       next_title: str = "") -> dict[str, bytes]:
    """The files of one module's page set: ``<module>/index.html`` and the images it shows.

    ``next_title`` names the module that follows in the same package (a course package), if any.
    """
    page = _PAGES.get(course, module, language)
    t = ui_strings(language)
    data = {
        "package": package_id,
        "module": module.id,
        "language": language,
        "title": module.variant(language, course.source_language).title,
        "next": next_title,
        "decimal_mark": decimal_mark(language),  # for the scores sco.js shows (runtime.js mirrors curriculum.percent)
    }
    html = _env.get_template("module.html").render(
        body=page.body, t=_Strings(t), data_json=_json_for_script(data, page.script_members),
        licence=course.licence, next_title=next_title)
    files = {f"{module.id}/index.html": html.encode("utf-8")}
    files.update(page.media)
    return files


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _json_for_script(data: dict, serialised: dict[str, str] | None = None) -> Markup:
    """JSON safe to embed in a ``<script type="application/json">`` block (no ``</script>`` break-out).

    ``serialised`` holds more members already serialised with :func:`_dumps` (the parts every package holding the
    page shares, serialised once); the object is the text ``_dumps`` gives for ``data`` merged with them."""
    members = {key: _dumps(value) for key, value in data.items()}
    members.update(serialised or {})
    text = "{" + ",".join(f"{_dumps(key)}:{members[key]}" for key in sorted(members)) + "}"
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
