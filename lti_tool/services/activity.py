"""Which curriculum item a resource link opens (reading only), and its content rendered (sanitised) through the
core."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_app_context

from curriculum import Assessment, CaseStudy, Course, PeerExercise
from curriculum.rendering import render_markdown

from ..extensions import db
from ..models import ResourceLink
from .course import known_item
from .provisioning import LaunchContext

# Item types whose full activity (answers, attempts, grades) this release delivers; others show their content and
# say plainly that the activity itself comes next.
INTERACTIVE_TYPES: frozenset[str] = frozenset({"case_study", "assessment"})


@dataclass
class RenderedItem:
    item_id: str
    type: str
    title: str
    language: str
    estimated_minutes: int
    summary_html: str
    sections: list[tuple[str, str]]  # (title, sanitised html)
    interactive: bool


def launch_link(ctx: LaunchContext) -> ResourceLink | None:
    """The launch's resource link row (None without one). The row is held for the rest of the request, so the
    several readers of one page (library check, activity, item) find it in the session instead of a query each
    (the session's identity map holds rows weakly); after a commit it is reloaded as usual."""
    if not ctx.resource_link_id:
        return None
    link = db.session.get(ResourceLink, ctx.resource_link_id)
    if link is not None and has_app_context():
        g.setdefault("_fieldschool_held_rows", []).append(link)
    return link


def resolve_item(ctx: LaunchContext, course: Course, link: ResourceLink | None = None) -> str | None:
    """The item a launch opens: the link's custom parameter, else the item stored on the link. Only reads: the
    launch stored the custom parameter's item on the link already (:func:`provisioning.provision`)."""
    if ctx.custom_item and known_item(course, ctx.custom_item):
        return ctx.custom_item
    if link is None:
        link = launch_link(ctx)
    if link is not None and known_item(course, link.item_id):
        return link.item_id
    return None


def choose_item(ctx: LaunchContext, course: Course, item_id: str) -> bool:
    """An instructor binds a hand-made link to an item, once. False when it cannot be done."""
    link = db.session.get(ResourceLink, ctx.resource_link_id) if ctx.resource_link_id else None
    if link is None or link.item_id or course.find_item(item_id) is None:
        return False
    link.item_id = item_id
    db.session.commit()
    return True


def render_item(course: Course, item_id: str, language: str) -> RenderedItem:
    """The item's content as sanitised HTML. Course content never changes while the app runs, so each
    (item, language) is rendered once per process."""
    key = (id(course), item_id, language)
    cached = _RENDERED.get(key)
    if cached is None or cached[0] is not course:
        if len(_RENDERED) > 2048:
            _RENDERED.clear()
        cached = _RENDERED[key] = (course, _render_item(course, item_id, language))
    return cached[1]


_RENDERED: dict[tuple[int, str, str], tuple[Course, RenderedItem]] = {}


def _render_item(course: Course, item_id: str, language: str) -> RenderedItem:
    item = course.find_item(item_id, language)
    if item is None:
        raise KeyError(item_id)
    sections: list[tuple[str, str]] = []
    summary = ""
    if isinstance(item, CaseStudy):
        summary = render_markdown(item.summary)
        sections = [(s.title, render_markdown(s.markdown)) for s in item.sections]
    elif isinstance(item, PeerExercise):
        sections = [(s.title, render_markdown(s.markdown)) for s in item.sections
                    if s.key in ("prompt", "instructions")]
    elif isinstance(item, Assessment):
        summary = render_markdown(item.introduction)
    return RenderedItem(item_id=item_id, type=item.type.value, title=item.title, language=item.language,
                        estimated_minutes=item.estimated_minutes, summary_html=summary, sections=sections,
                        interactive=item.type.value in INTERACTIVE_TYPES)
