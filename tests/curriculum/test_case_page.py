"""The core's case page model: question ids, the completion rule, the facts box, the parts in reading order, and
the language helpers every channel uses."""

from __future__ import annotations

import dataclasses

import pytest

from curriculum import default_course
from curriculum.case_page import (
    CASE_COMPLETION,
    CompletionRule,
    case_page,
    facts_rows,
    is_complete,
    offers_mark_button,
    question_id,
    question_ids,
    unanswered,
)
from curriculum.languages import short_language, supported_language
from curriculum.model import DISCUSSION_KEYS
from curriculum.terms import TERMS, term


@pytest.fixture(scope="module")
def shipped():
    return default_course()


def test_question_ids_are_key_and_one_based_number_in_reading_order(sample_course, shipped):
    case = sample_course.find_item("sample.case", "en")
    assert list(question_ids(case)) == ["context-1", "lessons-1"]
    assert question_id("process", 2) == "process-2"
    for item_id in shipped.all_item_ids():
        item = shipped.find_item(item_id, "en")
        if item.type.value != "case_study":
            continue
        ids = list(question_ids(item))
        assert len(ids) == len(set(ids)) == len(item.discussion_questions)
        order = [DISCUSSION_KEYS.index(qid.rsplit("-", 1)[0]) for qid in ids]
        assert order == sorted(order)
        # the page lists the same ids in the same order
        assert case_page(item).question_ids == tuple(ids)


def test_all_answered_is_the_one_rule_and_blank_answers_do_not_count(sample_course):
    case = sample_course.find_item("sample.case", "en")
    assert CASE_COMPLETION is CompletionRule.ALL_ANSWERED
    assert not is_complete(case, {})
    assert not is_complete(case, {"context-1": "yes"}, marked=True)  # the button does not replace answers
    assert not is_complete(case, {"context-1": "yes", "lessons-1": "  \n"})
    assert is_complete(case, {"context-1": "yes", "lessons-1": "no"})
    assert unanswered(case, {"context-1": "yes"}) == ["lessons-1"]
    assert not offers_mark_button(case)
    bare = dataclasses.replace(case, discussion={})
    assert offers_mark_button(bare) and not is_complete(bare, {}) and is_complete(bare, {}, marked=True)


def test_marked_done_is_offered_as_a_named_policy(sample_course):
    case = sample_course.find_item("sample.case", "en")
    rule = CompletionRule.MARKED_DONE
    assert offers_mark_button(case, rule)
    assert not is_complete(case, {"context-1": "a", "lessons-1": "b"}, rule=rule)
    assert is_complete(case, {}, marked=True, rule=rule)
    assert case_page(case, rule=rule).completion is rule and case_page(case, rule=rule).mark_button


def test_the_facts_box_has_every_fact_the_case_gives(shipped):
    case = shipped.find_item("experiences.case", "es")
    rows = {row.key: (row.label, row.value) for row in facts_rows(case)}
    assert list(rows) == ["country", "commodity", "organisation", "members", "women", "youth", "certifications",
                          "period", "maturity"]
    assert rows["maturity"] == ("Madurez", "Buena práctica")
    assert rows["women"][1].endswith(" %") and rows["members"][0] == "Socios y socias"
    english = {row.key: row.label for row in facts_rows(case, lambda key: TERMS[key])}
    assert english["youth"] == "Young people"


def test_the_page_renders_framing_and_keeps_figures_with_their_sections(shipped):
    case = shipped.find_item("experiences.case", "fr")
    page = case_page(case, chart_prefix="x-")
    kinds = [p.kind for p in page.parts]
    assert kinds[0] == "framing" and "process" in kinds and "results" in kinds
    framing = page.parts[0]
    assert framing.title == term("framing", "fr") and [r.key for r in framing.rows] == [
        "objective", "object", "central_question"]
    assert all("**" not in r.html for r in framing.rows)  # rendered, not raw Markdown
    process = next(p for p in page.parts if p.kind == "process")
    assert 'id="x-timeline' in process.figure and len(page.timeline) == len(case.timeline)
    results = next(p for p in page.parts if p.kind == "results")
    assert "<svg" in results.figure and [i.name for i in page.indicators] == [i.name for i in case.indicators]
    assert page.labels["before"] == "Avant"


@pytest.mark.parametrize(("code", "short"), [("es-419", "es"), ("pt_BR", "pt"), ("FR", "fr"), ("en", "en"),
                                             (None, ""), ("", "")])
def test_a_locale_is_shortened_to_its_language(code, short):
    assert short_language(code) == short


def test_a_supported_language_or_none():
    assert supported_language("pt_BR", ("en", "pt")) == "pt"
    assert supported_language("de-AT", ("en", "pt")) is None
    assert supported_language(None, ("en",)) is None


def test_find_item_reads_a_locale_and_falls_back_to_the_source_language(shipped):
    assert shipped.find_item("experiences.case", "es-419").language == "es"
    assert shipped.find_item("experiences.case", "pt_BR").language == "pt"
    assert shipped.find_item("governance.case", "pt").language == "en"  # no Portuguese variant
    assert shipped.find_item("nowhere.case", "en") is None and shipped.find_item("", "en") is None
