"""HTML to a tagged PDF (PDF/UA-1) with the print stylesheet. WeasyPrint is imported on first use, so the core has
no hard dependency on it."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

STYLESHEET = files("curriculum.printing").joinpath("print.css").read_text(encoding="utf-8")


def _data_urls_only() -> Any:
    """A fetcher of ``data:`` URLs (the core's charts) and nothing else: a page of learner-written text must not make
    the server read its own files or call other hosts."""
    try:
        from weasyprint import URLFetcher
    except ImportError:  # WeasyPrint before the fetcher class: the function takes the same allowance
        from functools import partial

        from weasyprint import default_url_fetcher

        return partial(default_url_fetcher, allowed_protocols={"data"})
    return URLFetcher(allowed_protocols={"data"})


def render_pdf(html: str, base_url: str = ".", *, data_urls_only: bool = False) -> bytes:
    """HTML to a tagged, PDF/UA-1 PDF (document language and title from the page; headings, lists, tables and
    images with their alternative text in the structure tree).

    With ``data_urls_only`` (pages of learner-written text), images other than ``data:`` URLs are left out instead
    of fetched. Raises ImportError when WeasyPrint is not installed (the ``print`` or ``lti`` extra brings it)."""
    from weasyprint import CSS, HTML

    fetcher = _data_urls_only() if data_urls_only else None
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=STYLESHEET)], pdf_variant="pdf/ua-1", pdf_tags=True, custom_metadata=True)
