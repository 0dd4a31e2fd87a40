"""Printable PDFs: every module's reader and facilitator's guide, in every language, are tagged PDFs whose text can
be read back, in the right language, with a sane number of pages."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from curriculum.loader import default_course
from curriculum.model import CaseStudy, PeerExercise
from print_export import build, export_print
from print_export.pages import module_html
from print_export.strings import strings

SHIPPED = default_course()
EVERY_LANGUAGE_MODULE = "experiences"  # the opening module exists in every language the curriculum has


_TEXTS: dict[PdfReader, str] = {}  # a printed file's reader -> its text (extracting it is slow)


def _text(reader: PdfReader) -> str:
    """The PDF's text as one line (a word split at a hyphen at the end of a line is joined again), read once per
    printed file: the English opening module is checked by both tests below."""
    if reader not in _TEXTS:
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        _TEXTS[reader] = re.sub(r"\s+", " ", re.sub(r"-\n", "-", text))
    return _TEXTS[reader]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def english():
    """Every module printed in English once (the slow part), as {file name: (printed file, reader)}."""
    return {pdf.filename: (pdf, PdfReader(io.BytesIO(pdf.data))) for pdf in export_print(SHIPPED, language="en")}


@pytest.fixture(scope="module")
def every_language(english):
    """The opening module in every language: English from ``english`` (the same files), the others printed here."""
    module = SHIPPED.module(EVERY_LANGUAGE_MODULE)
    printed = {name: found for name, found in english.items() if name.startswith(f"{module.order:02d}-{module.id}")}
    for language in module.languages:
        if language != "en":
            printed |= {pdf.filename: (pdf, PdfReader(io.BytesIO(pdf.data)))
                        for pdf in export_print(SHIPPED, EVERY_LANGUAGE_MODULE, language)}
    return printed


def _figure_alts(node) -> list[str]:
    """The alternative texts of the figures in a PDF's structure tree."""
    node = node.get_object()
    if isinstance(node, list):
        return [alt for kid in node for alt in _figure_alts(kid)]
    if not isinstance(node, dict):
        return []
    found = [str(node["/Alt"])] if node.get("/S") == "/Figure" and "/Alt" in node else []
    return found + (_figure_alts(node["/K"]) if "/K" in node else [])


def _check_module_pdf(module, language: str, reader: PdfReader) -> None:
    root = reader.trailer["/Root"]
    assert root["/Lang"] == language
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged for screen readers
    assert reader.metadata.title.startswith(module.variant(language).title)
    assert 5 <= len(reader.pages) <= 40
    text = _text(reader)
    case = next(module.item(i, language) for i in module.item_ids if isinstance(module.item(i, language), CaseStudy))
    exercise = next(module.item(i, language) for i in module.item_ids
                    if isinstance(module.item(i, language), PeerExercise))
    summary = module.summary(language)
    assert _flat(summary.title) in text and _flat(summary.lessons[0]) in text
    assert all(figure.value in text for figure in summary.figures)
    assert _flat(case.title) in text and case.timeline[0].date in text
    alts = _figure_alts(root["/StructTreeRoot"])  # the timeline and the results chart, described for screen readers
    assert len(alts) == 2 and case.timeline[0].milestone[:40] in alts[0] and case.indicators[0].name in alts[1]
    assert _flat(exercise.title) in text
    assert all(_flat(c.title) in text for c in exercise.rubric.criteria)  # the rubric as a worksheet
    assert strings(language)["rubric"] in text


def _check_guide_pdf(module, language: str, reader: PdfReader) -> None:
    root = reader.trailer["/Root"]
    assert root["/Lang"] == language and "/StructTreeRoot" in root
    assert 1 <= len(reader.pages) <= 10
    guide = module.guide(language)
    text = _text(reader)
    assert _flat(guide.title) in text
    assert all(_flat(a.title) in text for a in guide.activities)
    assert _flat(guide.section("low-literacy").title) in text
    assert f"{guide.session_minutes} " in text


@pytest.mark.parametrize("module", SHIPPED.modules, ids=lambda m: m.id)
def test_every_module_prints_in_english_with_its_guide(english, module):
    stem = f"{module.order:02d}-{module.id}"
    _check_module_pdf(module, "en", english[f"{stem}.en.pdf"][1])
    _check_guide_pdf(module, "en", english[f"{stem}-guide.en.pdf"][1])


@pytest.mark.parametrize("language", SHIPPED.module(EVERY_LANGUAGE_MODULE).languages)
def test_the_opening_module_prints_in_every_language(every_language, language):
    module = SHIPPED.module(EVERY_LANGUAGE_MODULE)
    _check_module_pdf(module, language, every_language[f"00-{module.id}.{language}.pdf"][1])
    if language in module.guides:
        _check_guide_pdf(module, language, every_language[f"00-{module.id}-guide.{language}.pdf"][1])


def test_a_language_the_module_lacks_falls_back_to_the_source_language(monkeypatch):
    """Which pages are printed, and in which language (rendering them is the other tests' concern)."""
    monkeypatch.setattr(build, "render_pdf", lambda html: html.encode())
    printed = export_print(SHIPPED, "governance", "pt")
    assert [p.filename for p in printed] == ["01-governance.en.pdf", "01-governance-guide.en.pdf"]
    assert all(p.language == "en" and b'<html lang="en"' in p.data for p in printed)


def test_an_unknown_module_is_a_clear_error():
    with pytest.raises(LookupError, match="no module 'nope'"):
        export_print(SHIPPED, "nope")


def test_the_reader_prints_the_cores_case_article_and_each_phase_detail_ends_with_one_full_stop():
    module = SHIPPED.module("governance")
    html = module_html(SHIPPED, module, "en")
    assert '<article class="case" lang="en" aria-labelledby="case-h">' in html  # the core's printed case article
    details = re.findall(r"<small>(.*?)</small>", html)
    assert details and all(not re.search(r"(?<!\.)\.\.(?!\.)", d) for d in details)
