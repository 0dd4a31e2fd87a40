"""Discussion topics (``imsdt_xmlv1p1``): one per module, seeded with its case's opening discussion question."""

from __future__ import annotations

from lxml import etree

from curriculum.rendering import render_markdown

from .xmlout import sub, to_bytes

IMSDT = "http://www.imsglobal.org/xsd/imsccv1p1/imsdt_v1p1"


def topic_xml(title: str, question_markdown: str) -> bytes:
    """The topic document: a title and the question as sanitised HTML."""
    root = etree.Element(f"{{{IMSDT}}}topic", nsmap={None: IMSDT})
    sub(root, f"{{{IMSDT}}}title", " ".join(title.split()))
    sub(root, f"{{{IMSDT}}}text", render_markdown(question_markdown), texttype="text/html")
    return to_bytes(root)
