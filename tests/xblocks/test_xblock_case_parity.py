"""One case page in every channel: each shipped case study, in every interface language, rendered by the LTI tool
(a real LTI launch), the Open edX block (the XBlock runtime's student_view) and the SCORM page shows the same facts
(labels and values), the same discussion question ids and the same completion rule as the core's page model
(curriculum/case_page.py). Would fail if any channel dropped a fact, translated a label its own way, numbered
questions differently or completed a case by another rule."""

from __future__ import annotations

import json
import re
import sys
from html import unescape
from pathlib import Path

import pytest
from django.utils import translation

from curriculum import default_course
from curriculum.case_page import case_page
from curriculum.loader import DEFAULT_CONTENT
from curriculum.model import CaseStudy
from curriculum.terms import LANGUAGES, term
from scorm_export.pages import part_key, render_module_page

FACT = re.compile(r'data-fact="([^"]+)"[^>]*>\s*(?:<dt>)?\s*(.*?)\s*</dt>\s*<dd>\s*(.*?)\s*</dd>', re.S)
RULE = re.compile(r'data-completion-rule="([^"]+)"')


def _facts(html: str) -> list[tuple[str, str, str]]:
    return [(key, unescape(label), unescape(value)) for key, label, value in FACT.findall(html)]


def _shipped_cases() -> list[str]:
    course = default_course()
    return [item_id for item_id in course.all_item_ids() if isinstance(course.find_item(item_id), CaseStudy)]


def _expected(item_id: str, language: str):
    """The core's page for a reader whose interface is ``language``: the item in that language (or the source
    language when it has no such variant), labels in the interface language."""
    case = default_course().find_item(item_id, language)
    page = case_page(case, translate=lambda key: term(key, language))
    return page, [(row.key, row.label, row.value) for row in page.facts]


# ---- the three channels ------------------------------------------------------------------------------------------
def _xblock(make_block, learner, item_id: str, language: str) -> str:
    usage = make_block(f'<fieldschool_case_study item_id="{item_id}"/>')
    with translation.override(language):
        return learner(usage, "parity").render()


def _scorm(item_id: str, language: str) -> tuple[str, dict]:
    course = default_course()
    module = course.module(item_id.split(".", 1)[0])
    html = render_module_page(course, module, language, "parity")[f"{module.id}/index.html"].decode()
    key = part_key(item_id)
    section = re.search(rf'<section id="{key}" class="part".*?</section>', html, re.S).group(0)
    data = json.loads(re.search(r'<script type="application/json" id="fs-data">(.*?)</script>', html, re.S)
                      .group(1))
    return section, next(p for p in data["parts"] if p["key"] == key)


@pytest.fixture(scope="module")
def lti_world(tmp_path_factory):
    pytest.importorskip("flask")
    sys.path.insert(0, str(Path(__file__).parents[1] / "lti_tool"))
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path_factory.mktemp("lti"), CURRICULUM_PATH=str(DEFAULT_CONTENT))
    yield world
    world.stop()


def _lti(world, item_id: str, language: str) -> str:
    from lti_live import Browser

    page = world.launch(browser=Browser(), user="parity", custom={"fieldschool_item": item_id},
                        resource_link={"id": f"{item_id}-{language}", "title": item_id}, locale=language)
    assert page.status_code == 200, page.text[:500]
    return page.text


@pytest.fixture
def shipped_curriculum(monkeypatch):
    monkeypatch.setenv("FIELDSCHOOL_CURRICULUM", str(DEFAULT_CONTENT))


# ---- the parity test (each channel against the core's page, so against each other) -----------------------------
CASES = [pytest.param(item_id, language, id=f"{item_id}-{language}")
         for item_id in _shipped_cases() for language in LANGUAGES]


@pytest.mark.parametrize(("item_id", "language"), CASES)
def test_the_block_and_the_scorm_page_show_the_core_case_page(item_id, language, shipped_curriculum, make_block,
                                                              learner):
    page, facts = _expected(item_id, language)
    assert len(facts) >= 4 and page.question_ids

    block = _xblock(make_block, learner, item_id, language)
    assert _facts(block) == facts, "XBlock facts"
    assert re.findall(r'<textarea[^>]*\bname="([^"]+)"', block) == list(page.question_ids), "XBlock question ids"
    assert RULE.findall(block) == [page.completion.value]
    assert ('data-action="mark_read"' in block) is page.mark_button

    section, data = _scorm(item_id, language)
    assert _facts(section) == facts, "SCORM facts"
    assert re.findall(r'data-discussion="([^"]+)"', section) == list(page.question_ids), "SCORM question ids"
    assert data["questions"] == list(page.question_ids) and data["completion"] == page.completion.value
    assert ("data-finish-case" in section) is page.mark_button


@pytest.mark.parametrize(("item_id", "language"), CASES)
def test_the_lti_tool_shows_the_core_case_page(item_id, language, lti_world):
    page, facts = _expected(item_id, language)
    html = _lti(lti_world, item_id, language)
    assert _facts(html) == facts, "LTI facts"
    assert re.findall(r'name="answer-([^"]+)"', html) == list(page.question_ids), "LTI question ids"
    assert RULE.findall(html) == [page.completion.value]
    assert ("I have read this case" in html) is page.mark_button
