"""A cartridge's reading page of a case study is the core's case page model (curriculum/case_page.py), as the LTI
tool, the Open edX block and the SCORM page show it (tests/xblocks/test_xblock_case_parity.py): the same facts box
(every fact, labels from curriculum/terms.py), the framing rendered, the parts in reading order with the timeline and
results tables. Would fail if the cartridge built its own facts box again or translated a term its own way."""

from __future__ import annotations

import re
from html import unescape

from cartridge_reader import open_cartridge
from markupsafe import escape

from cartridge_export import export_cartridge
from cartridge_export.strings import STRINGS
from curriculum.case_page import case_page
from curriculum.model import CaseStudy
from curriculum.terms import TERMS

TOOL = "https://fieldschool.example.org"
FACT = re.compile(r'<dt data-fact="([^"]+)">(.*?)</dt><dd>(.*?)</dd>', re.S)
HEADING = re.compile(r"<h2>(.*?)</h2>", re.S)


def _cases(course) -> list[str]:
    return [item_id for item_id in course.all_item_ids() if isinstance(course.find_item(item_id), CaseStudy)]


def test_the_reading_page_shows_the_cores_case_page_in_every_language(shipped_course):
    checked = 0
    for language in shipped_course.languages:
        files = open_cartridge(export_cartridge(shipped_course, TOOL, language=language).data).files
        for item_id in _cases(shipped_course):
            case = shipped_course.find_item(item_id, language)
            page = case_page(case)  # labels in the case's language, as the cartridge page is written in it
            html = files[f"{item_id.split('.', 1)[0]}/{item_id}.html"].decode()
            assert [(k, unescape(label), unescape(value)) for k, label, value in FACT.findall(html)] == \
                [(row.key, row.label, row.value) for row in page.facts], (item_id, language)
            headings = [unescape(h) for h in HEADING.findall(html)]
            titles = [part.title for part in page.parts]
            assert [h for h in headings if h in titles] == titles, (item_id, language)
            if case.framing:  # rendered, not raw Markdown
                for row in page.parts[0].rows:
                    assert f"<dt>{escape(row.label)}</dt><dd>{row.html}</dd>" in html
            if case.timeline:
                assert f"<caption>{escape(page.labels['timeline'])}</caption>" in html
            if case.indicators:
                assert f"<caption>{escape(page.labels['indicators'])}</caption>" in html
                assert all(f"<td>{escape(row.difference)} {escape(row.unit)}</td>" in html for row in page.indicators)
            checked += 1
    assert checked >= 4


def test_the_cartridge_keeps_no_translation_of_its_own_for_the_shared_terms():
    for language, table in STRINGS.items():
        assert not set(table) & set(TERMS), language
