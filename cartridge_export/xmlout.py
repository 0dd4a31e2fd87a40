"""Serialising the cartridge's XML documents the same way every time (UTF-8, declaration, indented)."""

from __future__ import annotations

from lxml import etree


def to_bytes(root: etree._Element) -> bytes:
    """The document as UTF-8 bytes with an XML declaration; identical input gives identical bytes."""
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    """A child element with optional text and attributes."""
    element = etree.SubElement(parent, tag, {k: v for k, v in attributes.items() if v is not None})
    if text is not None:
        element.text = text
    return element
