"""Load a curriculum folder into a :class:`~curriculum.model.Course`, collecting every problem found.

Layout: ``course.<lang>.md`` at the top, then one folder per module holding ``module.<lang>.md`` and one
``<item>.<lang>.md`` per item and language (see AUTHORING.md).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from .companions import COMPANION_BUILDERS, add_companion, check_companions
from .consistency import check_language_variants, check_references
from .fields import FieldReader
from .figures import check_figures
from .frontmatter import SourceFile, parse_markdown_file
from .items import build_item, build_module_variant
from .messages import N_, Message, message
from .model import LICENCE, Course, Module
from .problems import ContentError, Problem

DEFAULT_CONTENT = Path(__file__).parent / "content"
_FILE_NAME = re.compile(r"^(?P<stem>[a-z0-9][a-z0-9-]*)\.(?P<lang>[a-z]{2}(?:-[A-Z]{2})?)\.md$")


def _read(path: Path, display: str, problems: list[Problem]) -> SourceFile | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(display, 1, message(N_("the file is not UTF-8 text ({reason}); save it as UTF-8"),
                                                    reason=exc.reason)))
        return None
    source, found = parse_markdown_file(display, text)
    problems.extend(found)
    if source is not None:
        source.folder = str(path.parent)
    return source


def _display(path: Path, root: Path) -> str:
    """The path as an author finds it: relative to the working folder when below it, else absolute."""
    relative = os.path.relpath(path)
    return str(path.resolve()) if relative.startswith("..") else relative


def check_course(root: str | os.PathLike | None = None) -> tuple[Course | None, list[Problem]]:
    """Load the curriculum under ``root``; return it (None if unusable) and every problem, sorted."""
    root = Path(root) if root is not None else DEFAULT_CONTENT
    problems: list[Problem] = []
    if not root.is_dir():
        return None, [Problem(str(root), 0, Message(N_("no such folder: give the folder holding course.<lang>.md")))]
    sources: list[SourceFile] = []
    course_files = sorted(root.glob("course.*.md"))
    if not course_files:
        return None, [Problem(str(root), 0, Message(N_("no course file: add 'course.en.md' with the course's id, "
                                                       "title, description and source_language")))]
    course = Course(id="", source_language="", titles={}, descriptions={}, licence=LICENCE)
    for path in course_files:
        match = _FILE_NAME.match(path.name)
        source = _read(path, _display(path, root), problems)
        if source is None or match is None:
            continue
        sources.append(source)
        reader = FieldReader(source.path, problems)
        reader.unknown_keys(source.meta, {"id", "type", "title", "description", "licence", "source_language"})
        lang = match.group("lang")
        course.id = reader.text(source.meta, "id") or course.id
        course.titles[lang] = reader.text(source.meta, "title")
        course.descriptions[lang] = reader.text(source.meta, "description")
        course.licence = reader.text(source.meta, "licence", default=LICENCE) or course.licence
        course.source_language = reader.text(source.meta, "source_language", required=False) or course.source_language
    course.source_language = course.source_language or "en"

    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        module = _load_module(folder, root, course.source_language, problems, sources)
        if module is not None:
            course.modules.append(module)
    course.modules.sort(key=lambda m: (m.order, m.id))
    orders = [m.order for m in course.modules]
    for module in course.modules:
        if orders.count(module.order) > 1:
            problems.append(Problem(module.directory, 0, message(N_("module '{id}' shares its order {order} with "
                                                                    "another module: give each module its own "
                                                                    "number"), id=module.id, order=module.order)))
    problems += check_language_variants(course)
    problems += check_references(course, sources)
    problems += check_figures(course)
    problems += check_companions(course)
    return course, sorted(set(problems))


def _load_module(folder: Path, root: Path, source_lang: str, problems: list[Problem],
                 sources: list[SourceFile]) -> Module | None:
    display_folder = _display(folder, root)
    files = sorted(folder.glob("*.md"))
    module_files = [f for f in files if f.name.startswith("module.")]
    if not module_files:
        if files:
            problems.append(Problem(display_folder, 0,
                                    Message(N_("this folder has content but no 'module.<lang>.md': add one"))))
        return None
    module: Module | None = None
    neutral_by_lang: dict[str, tuple[dict, str]] = {}
    for path in module_files:
        match = _FILE_NAME.match(path.name)
        source = _read(path, _display(path, root), problems)
        if source is None:
            continue
        if match is None:
            problems.append(Problem(source.path, 1,
                                    Message(N_("name module files 'module.<language>.md', e.g. module.es.md"))))
            continue
        sources.append(source)
        neutral, variant = build_module_variant(source, match.group("lang"), problems,
                                                is_source=match.group("lang") == source_lang)
        neutral_by_lang[variant.language] = (neutral, source.path)
        if module is None:
            module = Module(id=neutral["id"], order=neutral["order"], competency_area=neutral["competency_area"],
                            frameworks=neutral["frameworks"], estimated_minutes=neutral["estimated_minutes"],
                            item_ids=neutral["item_ids"], directory=display_folder)
        module.variants[variant.language] = variant
    if module is None:
        return None
    reference, _ = neutral_by_lang.get(source_lang) or next(iter(neutral_by_lang.values()))
    module.id, module.order = reference["id"], reference["order"]
    module.competency_area, module.frameworks = reference["competency_area"], reference["frameworks"]
    module.estimated_minutes, module.item_ids = reference["estimated_minutes"], reference["item_ids"]
    for _lang, (neutral, path) in neutral_by_lang.items():
        for key in ("id", "order", "competency_area", "frameworks", "estimated_minutes", "item_ids"):
            if key in neutral["present"] and neutral[key] != getattr(module, key):
                field = "items" if key == "item_ids" else key
                problems.append(Problem(path, neutral["lines"].get(field, 1),
                                        message(N_("'{field}' differs from the {language} module file: language "
                                                   "variants must share it"), field=field, language=source_lang)))
    for path in files:
        if path in module_files:
            continue
        display = _display(path, root)
        match = _FILE_NAME.match(path.name)
        if match is None:
            problems.append(Problem(display, 1,
                                    Message(N_("name item files '<name>.<language>.md', e.g. case-study.es.md"))))
            continue
        source = _read(path, display, problems)
        if source is None:
            continue
        sources.append(source)
        kind = source.meta.get("type")
        if isinstance(kind, str) and kind in COMPANION_BUILDERS:  # a guide or summary: part of the module, no item
            add_companion(module, source, match.group("lang"), problems)
            continue
        item = build_item(source, match.group("lang"), problems)
        if item is None or not item.id:
            continue
        if not item.id.startswith(module.id + "."):
            problems.append(Problem(display, FieldReader.line_of(source.meta, "id"),
                                    message(N_("the id '{id}' must start with the module id '{module}.'"),
                                            id=item.id, module=module.id)))
        if item.id not in module.item_ids:
            problems.append(Problem(display, FieldReader.line_of(source.meta, "id"),
                                    message(N_("'{id}' is not listed in the module's 'items': add it there"),
                                            id=item.id)))
        if item.language in module.items.get(item.id, {}):
            problems.append(Problem(display, 1, message(N_("a second {language} file for '{id}'"),
                                                        language=item.language, id=item.id)))
        module.items.setdefault(item.id, {})[item.language] = item
        if item.language not in module.variants:
            problems.append(Problem(display, 1, message(N_("the module has no '{language}' file: add "
                                                           "'module.{language}.md' to translate its title and "
                                                           "objectives"), language=item.language)))
    for item_id in module.item_ids:
        if item_id not in module.items:
            path = neutral_by_lang.get(source_lang, next(iter(neutral_by_lang.values())))[1]
            problems.append(Problem(path, reference["lines"]["items"],
                                    message(N_("the item '{id}' is listed but no file defines it"), id=item_id)))
    return module


def load_course(root: str | os.PathLike | None = None) -> Course:
    """Load the curriculum, raising :class:`ContentError` (with every problem) if anything is wrong."""
    course, problems = check_course(root)
    if problems or course is None:
        raise ContentError(problems)
    return course


@lru_cache(maxsize=4)
def _cached(root: str, stamp: float) -> Course:
    return load_course(root)


def default_course(root: str | os.PathLike | None = None) -> Course:
    """The curriculum, loaded once per process and reloaded when a content file changes."""
    folder = Path(root) if root is not None else DEFAULT_CONTENT
    stamp = max((p.stat().st_mtime for p in folder.rglob("*.md")), default=0.0)
    return _cached(str(folder), stamp)
