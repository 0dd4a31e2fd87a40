"""How a Field School block is written to OLX and read back: settings as attributes of the block's element,
customisations (questions, rubric) as child elements, all inline in the vertical, as Studio's import and export
expect of pure XBlocks.

Courses exported before kept each block in its own file behind a pointer tag (``<fieldschool_assessment
url_name="x"/>`` in the vertical, the definition in ``fieldschool_assessment/x.xml``). Those still import where the
runtime offers the course's files (``runtime.resources_fs``, as edx-platform's course import does).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from lxml import etree
from xblock.core import XML_NAMESPACES
from xblock.fields import Scope

log = logging.getLogger(__name__)

OPTION_NAMESPACE = XML_NAMESPACES["option"]
# Attributes the OLX machinery itself puts on a block's element; they are not fields.
STRUCTURAL_ATTRIBUTES = frozenset({"url_name", "xblock-family", "filename"})
_PARSER = etree.XMLParser(dtd_validation=False, load_dtd=False, remove_blank_text=True, resolve_entities=False)


def block_element(tag: str, settings: Mapping[str, str], customisations: Mapping[str, str]) -> etree._Element:
    """A block's inline OLX: ``settings`` (already serialised) as attributes, each non-empty customisation as a
    child element in XBlock's ``option`` namespace (what XBlock's own export writes for ``xml_node`` fields)."""
    element = etree.Element(tag, nsmap={"option": OPTION_NAMESPACE})
    for name, value in settings.items():
        element.set(name, value)
    for name, text in customisations.items():
        if text:
            etree.SubElement(element, etree.QName(OPTION_NAMESPACE, name)).text = text
    return element


def is_pointer(node: etree._Element) -> bool:
    """``<tag url_name="…"/>`` with nothing else: the block's definition lives in a file of its own."""
    return (node.get("url_name") is not None and len(node) == 0 and not (node.text or "").strip()
            and set(node.keys()) <= {"url_name", "xblock-family"})


def pointed_definition(node: etree._Element, runtime: Any) -> etree._Element | None:
    """The element a pointer tag points at, read from the course's files when the runtime offers them."""
    files = getattr(runtime, "resources_fs", None)
    if files is None:
        return None
    path = f"{node.tag}/{node.get('url_name').replace(':', '/')}.xml"
    try:
        with files.open(path, "rb") as stream:
            definition = etree.parse(stream, parser=_PARSER).getroot()
    except Exception as exc:  # a missing or broken file leaves an unconfigured block that Studio flags
        log.warning("Field School block %s: could not read %s (%s)", node.get("url_name"), path, exc)
        return None
    return definition


def field_values(node: etree._Element, fields: Mapping[str, Any], runtime: Any = None,
                 aliases: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Field values from a block's OLX element, following a pointer tag when the runtime can.

    Attributes and child elements (in the ``option`` namespace or plain) whose name is a settings or content field
    become that field's value (``aliases`` maps names of renamed settings to their field); anything else is
    logged and skipped, so an unknown attribute never stops an import.
    """
    if is_pointer(node):
        definition = pointed_definition(node, runtime)
        if definition is not None:
            node = definition
    raw: dict[str, str] = {}
    for name, value in node.items():
        if name not in STRUCTURAL_ATTRIBUTES:
            raw[name] = value
    for child in node:
        if child.tag is etree.Comment or child.tag is etree.PI:
            continue
        raw[etree.QName(child).localname] = child.text or ""
    values: dict[str, Any] = {}
    for name, text in raw.items():
        name = (aliases or {}).get(name, name)
        field = fields.get(name)
        if field is None or field.scope not in (Scope.settings, Scope.content):
            log.warning("Field School block %s: ignored OLX %r (not a setting of this block)", node.tag, name)
            continue
        values[name] = field.from_string(text)
    return values
