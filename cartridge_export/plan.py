"""The cartridge plan: its resources (each with its files) and the organisation that mirrors the course — a folder
per module holding its introduction, then its items by kind (case study, peer exercise, assessment), then the
module's facilitator's guide for instructors only. Each kind of item has one entry writer in :data:`ITEM_WRITERS`;
adding a kind means adding a writer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from curriculum.model import Assessment, CaseStudy, Course, Item, Module, PeerExercise

from . import discussion, lti_links, pages, qti
from .strings import strings


class QuizMode(StrEnum):
    """How assessments travel: as the LMS's own quizzes (QTI) or as LTI links graded by the tool."""

    NATIVE = "native"
    LTI = "lti"


class ResourceType(StrEnum):
    """The Common Cartridge 1.1 resource types this export writes."""

    WEBCONTENT = "webcontent"
    LTI_LINK = "imsbasiclti_xmlv1p0"
    DISCUSSION = "imsdt_xmlv1p1"
    QTI_ASSESSMENT = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"


# The order items take inside a module's folder, by kind, and the kinds only instructors may see.
KIND_ORDER: tuple[str, ...] = ("case_study", "peer_exercise", "assessment", "facilitator_guide")
INSTRUCTOR_ONLY_KINDS: frozenset[str] = frozenset({"facilitator_guide"})


@dataclass(frozen=True)
class Resource:
    """One cartridge resource: its type, its main file and every file it owns (path → bytes)."""

    identifier: str
    type: ResourceType
    href: str
    files: dict[str, bytes]
    instructor_only: bool = False


@dataclass(frozen=True)
class Entry:
    """A titled place in the organisation that opens one resource."""

    identifier: str
    title: str
    resource: Resource


@dataclass
class Folder:
    """A module's folder in the organisation."""

    identifier: str
    title: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class CartridgePlan:
    """Everything a cartridge holds except its manifest."""

    identifier: str
    title: str
    description: str
    language: str
    licence: str
    folders: list[Folder]

    @property
    def resources(self) -> list[Resource]:
        return [entry.resource for folder in self.folders for entry in folder.entries]


@dataclass(frozen=True)
class ModuleScope:
    """What an entry writer needs to know besides the item: where it is and how the cartridge is set up."""

    course: Course
    module: Module
    language: str
    tool_url: str
    quizzes: QuizMode

    @property
    def t(self) -> dict[str, str]:
        return strings(self.language)


def identifier(*parts: str) -> str:
    """An XML ID built from curriculum ids: letters, digits, dot, hyphen, underscore; starting with a letter."""
    text = "-".join(parts)
    return "fs-" + "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "-" for ch in text)


def _lti_entry(scope: ModuleScope, item: Item, title: str | None = None) -> Entry:
    rid = identifier(item.id, "lti")
    path = f"{scope.module.id}/{item.id}.lti.xml"
    link = lti_links.lti_link_xml(title or item.title, _description(scope, item), scope.tool_url, item.id)
    resource = Resource(rid, ResourceType.LTI_LINK, path, {path: link})
    return Entry(identifier(item.id, "lti", "item"), title or item.title, resource)


def _description(scope: ModuleScope, item: Item) -> str:
    if isinstance(item, CaseStudy):
        return item.summary
    return scope.module.variant(scope.language, scope.course.source_language).description


def _case_study_entries(scope: ModuleScope, case: CaseStudy) -> list[Entry]:
    """The case's reading page (usable before the tool is registered), its LTI activity, and its discussion."""
    t = scope.t
    reading = pages.case_study_page(scope.course, scope.module, case, scope.language, case.title)
    reading_path = f"{scope.module.id}/{case.id}.html"
    reading_files = {reading_path: reading.html, **reading.media}
    entries = [
        Entry(identifier(case.id, "reading", "item"), t["reading"].format(title=case.title),
              Resource(identifier(case.id, "reading"), ResourceType.WEBCONTENT, reading_path, reading_files)),
        _lti_entry(scope, case),
    ]
    if case.opening_question:
        topic_path = f"{scope.module.id}/{case.id}.discussion.xml"
        title = t["discussion_topic"].format(title=case.title)
        topic = discussion.topic_xml(title, case.opening_question)
        entries.append(Entry(identifier(case.id, "discussion", "item"), title,
                             Resource(identifier(case.id, "discussion"), ResourceType.DISCUSSION, topic_path,
                                      {topic_path: topic})))
    return entries


def _peer_exercise_entries(scope: ModuleScope, exercise: PeerExercise) -> list[Entry]:
    return [_lti_entry(scope, exercise)]


def _assessment_entries(scope: ModuleScope, assessment: Assessment) -> list[Entry]:
    if scope.quizzes is QuizMode.LTI:
        return [_lti_entry(scope, assessment)]
    path = f"{scope.module.id}/{assessment.id}/assessment.xml"
    document = qti.assessment_xml(assessment, scope.t)
    resource = Resource(identifier(assessment.id, "qti"), ResourceType.QTI_ASSESSMENT, path, {path: document})
    return [Entry(identifier(assessment.id, "qti", "item"), assessment.title, resource)]


ITEM_WRITERS: dict[str, Callable[[ModuleScope, Item], list[Entry]]] = {
    "case_study": _case_study_entries,
    "peer_exercise": _peer_exercise_entries,
    "assessment": _assessment_entries,
}


def _kind_rank(item: Item) -> int:
    kind = item.type.value
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def _instructor_only(entry: Entry) -> Entry:
    resource = entry.resource
    marked = Resource(resource.identifier, resource.type, resource.href, resource.files, instructor_only=True)
    return Entry(entry.identifier, entry.title, marked)


def module_folder(scope: ModuleScope) -> Folder:
    """A module's folder: its introduction page, then each item's entries in :data:`KIND_ORDER`."""
    module, language = scope.module, scope.language
    variant = module.variant(language, scope.course.source_language)
    intro_path = f"{module.id}/introduction.html"
    intro = pages.module_page(scope.course, module, language)
    folder = Folder(identifier(module.id, "folder"), variant.title, [
        Entry(identifier(module.id, "introduction", "item"), scope.t["introduction"],
              Resource(identifier(module.id, "introduction"), ResourceType.WEBCONTENT, intro_path,
                       {intro_path: intro.html, **intro.media})),
    ])
    items = [module.item(item_id, language, scope.course.source_language) for item_id in module.item_ids]
    for item in sorted((i for i in items if i is not None), key=_kind_rank):
        writer = ITEM_WRITERS.get(item.type.value)
        if writer is None:
            raise LookupError(f"no Common Cartridge writer for items of kind '{item.type.value}' ({item.id})")
        entries = writer(scope, item)
        if item.type.value in INSTRUCTOR_ONLY_KINDS:
            entries = [_instructor_only(entry) for entry in entries]
        folder.entries.extend(entries)
    guide = module.guide(language, scope.course.source_language)
    if guide is not None:  # the facilitator's guide: a page for the course's instructors only
        path = f"{module.id}/facilitator-guide.html"
        page = pages.guide_page(scope.course, module, guide)
        folder.entries.append(_instructor_only(Entry(
            identifier(module.id, "guide", "item"), scope.t["guide"],
            Resource(identifier(module.id, "guide"), ResourceType.WEBCONTENT, path, {path: page.html, **page.media}))))
    return folder


def plan_cartridge(course: Course, modules: list[Module], language: str, tool_url: str,
                   quizzes: QuizMode = QuizMode.NATIVE, whole_course: bool = False) -> CartridgePlan:
    """The plan of a cartridge holding ``modules`` of ``course`` in ``language``."""
    if not modules:
        raise ValueError("a cartridge needs at least one module")
    if whole_course:
        package_id = identifier(course.id, language)
        title = course.titles.get(language) or course.titles.get(course.source_language, course.id)
        description = course.descriptions.get(language) or course.descriptions.get(course.source_language, "")
    else:
        variant = modules[0].variant(language, course.source_language)
        package_id = identifier(course.id, modules[0].id, language)
        title, description = variant.title, variant.description
    folders = [module_folder(ModuleScope(course, module, language, tool_url, QuizMode(quizzes)))
               for module in modules]
    return CartridgePlan(package_id, title, description, language, course.licence, folders)
