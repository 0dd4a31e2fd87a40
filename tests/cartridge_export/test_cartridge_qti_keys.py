"""QTI items read back with lxml, the official schema and XPath alone: each item's correct response is the
curriculum's key, its weight the question's points, its feedback the author's; the attempts limit travels."""

from __future__ import annotations

import dataclasses

import pytest
from cartridge_reader import NS, open_cartridge
from lxml import etree

from cartridge_export import export_cartridge
from cartridge_export.qti import assessment_xml
from cartridge_export.strings import strings
from curriculum.model import Assessment, QuestionType
from curriculum.percent import format_pass_mark
from curriculum.scoring import grade_question

QTI_TYPE = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"
PROFILES = {"single_choice": "cc.multiple_choice.v0p1", "multiple_choice": "cc.multiple_response.v0p1",
            "true_false": "cc.true_false.v0p1", "numeric": "cc.fib.v0p1", "short_text": "cc.fib.v0p1"}


def _metadata(element: etree._Element) -> dict[str, str]:
    fields = element.xpath("./qti:itemmetadata/qti:qtimetadata/qti:qtimetadatafield | "
                           "./qti:qtimetadata/qti:qtimetadatafield", namespaces=NS)
    return {f.findtext("qti:fieldlabel", namespaces=NS): f.findtext("qti:fieldentry", namespaces=NS) for f in fields}


def _scoring_conditions(item: etree._Element) -> list[etree._Element]:
    return item.xpath(".//qti:respcondition[qti:setvar[@varname='SCORE' and number(.) = 100]]", namespaces=NS)


def _feedback_for(item: etree._Element, response: str) -> str:
    """The feedback text shown when ``response`` is chosen (the displayfeedback of its own condition)."""
    link = item.xpath(".//qti:respcondition[not(qti:setvar)][qti:conditionvar/qti:varequal = $r]"
                      "/qti:displayfeedback/@linkrefid", namespaces=NS, r=response)
    if not link:
        return ""
    html = item.xpath("string(qti:itemfeedback[@ident=$l]//qti:mattext)", namespaces=NS, l=link[0])
    return etree.fromstring(f"<x>{html}</x>").xpath("string()")


def read_items(data: bytes, schemas) -> dict[str, tuple[dict, etree._Element]]:
    """assessment ident → (assessment metadata, assessment element), every file validated on the way."""
    cartridge = open_cartridge(data)
    found = {}
    for resource in cartridge.resources(QTI_TYPE):
        document = cartridge.descriptor(resource)
        assert schemas[QTI_TYPE].validate(document), schemas[QTI_TYPE].error_log
        for test in document.iterfind("qti:assessment", NS):
            found[test.get("ident")] = (_metadata(test), test)
    return found


def check_item_against_key(item: etree._Element, question) -> None:
    meta = _metadata(item)
    assert meta["cc_profile"] == PROFILES[question.type.value]
    assert float(meta["cc_weighting"]) == question.points
    conditions = _scoring_conditions(item)
    if question.type in (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE):
        (condition,) = conditions
        right = condition.xpath("qti:conditionvar/qti:varequal/text()", namespaces=NS)
        if question.type is QuestionType.SINGLE_CHOICE:
            assert right == [o.id for o in question.options if o.correct]
            for option in question.options:
                assert _feedback_for(item, option.id) == option.feedback
        else:
            assert right == [str(question.answer).lower()]
            assert _feedback_for(item, "true") == question.feedback_true
            assert _feedback_for(item, "false") == question.feedback_false
        labels = item.xpath(".//qti:response_lid[@rcardinality='Single']//qti:response_label/@ident", namespaces=NS)
        assert set(right) <= set(labels)
    elif question.type is QuestionType.MULTIPLE_CHOICE:
        (condition,) = conditions
        ticked = condition.xpath("qti:conditionvar/qti:and/qti:varequal/text()", namespaces=NS)
        unticked = condition.xpath("qti:conditionvar/qti:and/qti:not/qti:varequal/text()", namespaces=NS)
        assert sorted(ticked) == sorted(o.id for o in question.options if o.correct)
        assert sorted(unticked) == sorted(o.id for o in question.options if not o.correct)
        # The full-marks response is full marks for the core's grader too.
        assert grade_question(question, ticked).correct
    else:
        accepted = [c.xpath("string(qti:conditionvar/qti:varequal)", namespaces=NS) for c in conditions]
        assert accepted, question.id
        if question.type is QuestionType.NUMERIC:
            assert float(accepted[0]) == float(question.answer)
            # Every listed answer is one the core's grader accepts, and nothing outside the tolerance is listed.
            for text in accepted:
                assert grade_question(question, text).correct, text
                assert abs(float(text.replace(",", ".")) - float(question.answer)) <= question.tolerance + 1e-9
        else:
            assert accepted == list(question.accepted)
            cases = {c.xpath("string(qti:conditionvar/qti:varequal/@case)", namespaces=NS) for c in conditions}
            assert cases == {"Yes" if question.case_sensitive else "No"}


def test_every_item_of_the_shipped_course_carries_the_curriculum_key(shipped_course, schemas):
    checked = 0
    for language in shipped_course.languages:
        items = read_items(export_cartridge(shipped_course, "https://t.example", language=language).data, schemas)
        for module in shipped_course.modules:
            for item_id in module.item_ids:
                assessment = module.item(item_id, language, shipped_course.source_language)
                if not isinstance(assessment, Assessment):
                    continue
                meta, test = items[assessment.id]
                expected_attempts = str(assessment.attempts) if assessment.attempts else "unlimited"
                assert meta["cc_maxattempts"] == expected_attempts
                written = test.xpath(".//qti:section/qti:item", namespaces=NS)
                assert [i.get("ident") for i in written] == [q.id for q in assessment.questions]
                for element, question in zip(written, assessment.questions, strict=True):
                    check_item_against_key(element, question)
                    checked += 1
    assert checked > 50


def test_fixture_items_cover_every_question_type_and_numeric_tolerance(fixture_course, schemas):
    items = read_items(export_cartridge(fixture_course, "https://t.example").data, schemas)
    assessment = fixture_course.find_item("sample.assessment")
    _, test = items["sample.assessment"]
    for element, question in zip(test.xpath(".//qti:item", namespaces=NS), assessment.questions, strict=True):
        check_item_against_key(element, question)
    numeric = test.xpath(".//qti:item[@ident='q4']", namespaces=NS)[0]
    accepted = {c.xpath("string(qti:conditionvar/qti:varequal)", namespaces=NS) for c in _scoring_conditions(numeric)}
    assert {"25", "24.5", "25.5", "25,5"} <= accepted and "26" not in accepted
    intro = test.xpath("string(qti:presentation_material//qti:mattext)", namespaces=NS)
    assert "60 %" in intro and "2" in intro  # the pass mark has no QTI field in the profile: it is stated


@pytest.mark.parametrize(("language", "pass_mark", "shown"), [("en", 0.6667, "66.7 %"), ("en", 0.675, "67.5 %"),
                                                              ("es", 0.675, "67,5 %"), ("en", 0.6, "60 %")])
def test_the_stated_pass_mark_follows_the_core_display_rule(fixture_course, language, pass_mark, shown):
    assessment = dataclasses.replace(fixture_course.find_item("sample.assessment"), pass_mark=pass_mark,
                                     language=language)
    test = etree.fromstring(assessment_xml(assessment, strings(language))).xpath(".//qti:assessment", namespaces=NS)[0]
    intro = test.xpath("string(qti:presentation_material//qti:mattext)", namespaces=NS)
    assert shown == f"{format_pass_mark(pass_mark, language)} %" and shown in intro
