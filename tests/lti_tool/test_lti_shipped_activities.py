"""The shipped curriculum's case studies and assessments open as activity pages in every language they exist in:
each discussion question has its answer box, each figure its table, each assessment question its fieldset."""

from __future__ import annotations

import re

import pytest
from lti_activity_helpers import launch, question_ids
from lti_live import LtiWorld

from curriculum import Assessment, CaseStudy, default_course
from curriculum.case_page import question_ids as discussion_ids

COURSE = default_course()
# Every case study and assessment in English, and every language of the first module.
ITEMS = [(item_id, lang) for n, module in enumerate(COURSE.modules) for item_id in module.item_ids
         for lang in module.item_languages(item_id)
         if isinstance(module.item(item_id, lang), CaseStudy | Assessment) and (lang == "en" or n == 0)]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    world = LtiWorld(tmp_path_factory.mktemp("shipped"), CURRICULUM_PATH=None)
    yield world
    world.stop()


def test_every_discussion_question_has_its_own_id():
    for module in COURSE.modules:
        for item_id in module.item_ids:
            for lang in module.item_languages(item_id):
                item = module.item(item_id, lang)
                if isinstance(item, CaseStudy):
                    assert len(discussion_ids(item)) == len(item.discussion_questions), (item_id, lang)


@pytest.mark.parametrize("item_id, lang", ITEMS)
def test_shipped_item_opens(shipped, item_id, lang):
    item = COURSE.find_item(item_id, lang)
    page = launch(shipped, item_id, user=f"reader-{lang}", link=f"{item_id}-{lang}", locale=lang)
    assert page.status_code == 200 and f'lang="{item.language}"' in page.text
    if isinstance(item, CaseStudy):
        names = re.findall(r'name="answer-([^"]+)"', page.text)
        assert names == list(discussion_ids(item))
        if item.indicators:
            assert page.text.count("<th scope=\"row\">") >= len(item.indicators)
    else:
        assert sorted(question_ids(page)) == sorted(q.id for q in item.questions)
