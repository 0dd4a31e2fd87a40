"""Workbench scenarios built from the configured curriculum: one per block type, and a whole module.

The workbench switches learners with ``?student=<id>`` on a scenario's URL, so the peer exercise can be played by
several simulated learners (``alice``, ``bob``, ``carmen``) and by ``staff`` (see ``workbench_settings``).
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from curriculum.model import ItemType

from . import content

TAGS = {
    ItemType.CASE_STUDY: "fieldschool_case_study",
    ItemType.PEER_EXERCISE: "fieldschool_peer_exercise",
    ItemType.ASSESSMENT: "fieldschool_assessment",
}
LABELS = {ItemType.CASE_STUDY: "case study", ItemType.PEER_EXERCISE: "peer exercise (several learners)",
          ItemType.ASSESSMENT: "assessment"}

# Shown above the peer exercise: the workbench has no log-in, the learner is whoever the URL names.
PEER_GUIDE = ("<html_demo><p>Play several learners: open this page as "
              "<a href='?student=alice'>alice</a>, <a href='?student=bob'>bob</a> and "
              "<a href='?student=carmen'>carmen</a> (one window each), submit a response as each, then review; "
              "open it as <a href='?student=staff'>staff</a> for the staff view.</p></html_demo>")


def block_xml(item_type: ItemType, item_id: str, **attrs: str) -> str:
    extra = "".join(f" {name}={quoteattr(value)}" for name, value in attrs.items())
    return f"<{TAGS[item_type]} item_id={quoteattr(item_id)}{extra}/>"


def scenarios_for(item_type: ItemType) -> list[tuple[str, str]]:
    """(title, XML) for the first item of this type in the curriculum, and for the whole first module."""
    try:
        course = content.course()
    except Exception:  # a broken curriculum shows no scenario rather than breaking the workbench
        return []
    found = content.items_of_type(course, item_type)
    if not found:
        return []
    module, item_id, _languages, title = found[0]
    guide = PEER_GUIDE if item_type is ItemType.PEER_EXERCISE else ""
    result = [(f"Field School {LABELS[item_type]}: {title}",
               f"<vertical_demo>{guide}{block_xml(item_type, item_id)}</vertical_demo>")]
    if item_type is ItemType.CASE_STUDY:  # the whole module once, in a unit like a course's
        blocks = "".join(block_xml(module.item(i, "en").type, i) for i in module.item_ids if module.item(i, "en"))
        result.append((f"Field School module: {module.variant('en').title}",
                       f"<vertical_demo>{blocks}</vertical_demo>"))
    return result
