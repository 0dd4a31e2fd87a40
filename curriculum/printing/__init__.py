"""Printed case studies, shared by every channel that prints: a case study as an HTML article and as a document of
its own (facts box, timeline and results charts drawn by the core, discussion questions), the print stylesheet, and
the tagged PDF/UA-1 rendering by WeasyPrint.

The core does not depend on Jinja2 or WeasyPrint: they are imported when a page is first printed, and the channels
that print (the ``print`` and ``lti`` extras) declare them."""

from .case import Figure, PrintedDocument, case_article_html, case_document, case_document_html, facts_rows, figure_of
from .pdf import STYLESHEET, render_pdf
from .strings import STRINGS, strings

__all__ = ["STRINGS", "STYLESHEET", "Figure", "PrintedDocument", "case_article_html", "case_document",
           "case_document_html", "facts_rows", "figure_of", "render_pdf", "strings"]
