"""Assessments as QTI 1.2.1 in the Common Cartridge 1.1 profile (``imsqti_xmlv1p2/imscc_xmlv1p1/assessment``).

Single choice, multiple choice (all or nothing: the profile can only *set* a score), true/false, and fill-in
(short text and numeric: the profile has no numeric range, so a numeric question lists the answers the core's own
grader accepts). Per-option and right/wrong feedback, the explanation as general feedback, each question's weight,
and the attempts limit; the pass mark has no place in the profile and is stated in the assessment's introduction.
"""

from __future__ import annotations

import re
from decimal import Decimal

from lxml import etree

from curriculum.model import Assessment, Question, QuestionType
from curriculum.percent import format_pass_mark
from curriculum.rendering import render_inline, render_markdown
from curriculum.scoring import grade_question

from .xmlout import sub, to_bytes

QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
RESPONSE = "response1"
PROFILES = {
    QuestionType.SINGLE_CHOICE: "cc.multiple_choice.v0p1",
    QuestionType.TRUE_FALSE: "cc.true_false.v0p1",
    QuestionType.MULTIPLE_CHOICE: "cc.multiple_response.v0p1",
    QuestionType.NUMERIC: "cc.fib.v0p1",
    QuestionType.SHORT_TEXT: "cc.fib.v0p1",
}
MAX_NUMERIC_ANSWERS = 41  # beyond this many values in the tolerance only the key itself is listed


def _q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def _metadata(parent: etree._Element, fields: list[tuple[str, str]]) -> None:
    block = sub(parent, _q("qtimetadata"))
    for label, entry in fields:
        field = sub(block, _q("qtimetadatafield"))
        sub(field, _q("fieldlabel"), label)
        sub(field, _q("fieldentry"), entry)


def _material(parent: etree._Element, html: str) -> None:
    sub(sub(parent, _q("material")), _q("mattext"), html, texttype="text/html")


def _feedback(item: etree._Element, ident: str, html: str) -> None:
    block = sub(item, _q("itemfeedback"), ident=ident)
    _material(sub(block, _q("flow_mat")), html)


def _condition(resprocessing: etree._Element, continue_: bool, score: str | None = None,
               feedback: str | None = None) -> etree._Element:
    """A respcondition; returns its conditionvar for the caller to fill."""
    condition = sub(resprocessing, _q("respcondition"), **{"continue": "Yes" if continue_ else "No"})
    conditionvar = sub(condition, _q("conditionvar"))
    if score is not None:
        sub(condition, _q("setvar"), score, varname="SCORE", action="Set")
    if feedback:
        sub(condition, _q("displayfeedback"), feedbacktype="Response", linkrefid=feedback)
    return conditionvar


def _decimals(value: float) -> int:
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def _number_texts(value: float, decimals: int) -> list[str]:
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return [text, text.replace(".", ",")] if "." in text else [text]


def numeric_answers(question: Question) -> list[str]:
    """The typed answers a fill-in version of a numeric question accepts, key first: every value within the
    tolerance at the precision the author wrote (as the core grades them), in point and comma notation."""
    answer = float(question.answer)
    decimals = max(_decimals(answer), _decimals(question.tolerance))
    step = 10.0 ** -decimals
    count = int(round(question.tolerance / step)) if question.tolerance else 0
    values = [answer]
    if 2 * count + 1 <= MAX_NUMERIC_ANSWERS:
        values += [answer + k * step for k in range(-count, count + 1) if k]
    texts: list[str] = []
    for value in values:
        for text in _number_texts(value, decimals):
            if text not in texts and grade_question(question, text).correct:
                texts.append(text)
    return texts


def _choice_item(item: etree._Element, question: Question, presentation: etree._Element,
                 resprocessing: etree._Element, labels: list[tuple[str, str, bool, str]]) -> None:
    """labels: (ident, html, correct, feedback html) per option."""
    multiple = question.type is QuestionType.MULTIPLE_CHOICE
    response = sub(presentation, _q("response_lid"), ident=RESPONSE, rcardinality="Multiple" if multiple else "Single")
    choices = sub(response, _q("render_choice"))
    for ident, html, _, _ in labels:
        _material(sub(choices, _q("response_label"), ident=ident), html)
    for ident, _, _, feedback in labels:
        if feedback:
            sub(_condition(resprocessing, True, feedback=f"{ident}_fb"), _q("varequal"), ident, respident=RESPONSE)
    correct = _condition(resprocessing, False, score="100")
    if multiple:
        both = sub(correct, _q("and"))
        for ident, _, is_correct, _ in labels:
            target = both if is_correct else sub(both, _q("not"))
            sub(target, _q("varequal"), ident, respident=RESPONSE)
    else:
        right = next(ident for ident, _, is_correct, _ in labels if is_correct)
        sub(correct, _q("varequal"), right, respident=RESPONSE)
    for ident, _, _, feedback in labels:
        if feedback:
            _feedback(item, f"{ident}_fb", feedback)


def _fill_in_item(item: etree._Element, question: Question, presentation: etree._Element,
                  resprocessing: etree._Element, answers: list[str], case_sensitive: bool) -> None:
    response = sub(presentation, _q("response_str"), ident=RESPONSE, rcardinality="Single")
    sub(sub(response, _q("render_fib")), _q("response_label"), ident="answer1", rshuffle="No")
    for answer in answers:
        condition = _condition(resprocessing, False, score="100",
                               feedback="correct_fb" if question.feedback_correct else None)
        sub(condition, _q("varequal"), answer, respident=RESPONSE, case="Yes" if case_sensitive else "No")
    if question.feedback_incorrect:
        sub(_condition(resprocessing, False, feedback="general_incorrect_fb"), _q("other"))
    if question.feedback_correct:
        _feedback(item, "correct_fb", render_inline(question.feedback_correct))
    if question.feedback_incorrect:
        _feedback(item, "general_incorrect_fb", render_inline(question.feedback_incorrect))


def _plain_title(question: Question, limit: int = 80) -> str:
    """The question's prompt as plain text, shortened: LMSs show it as the question's name in their banks."""
    text = " ".join(re.sub(r"<[^>]+>", " ", render_inline(question.prompt)).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _item(section: etree._Element, question: Question, t: dict[str, str]) -> None:
    item = sub(section, _q("item"), ident=question.id, title=_plain_title(question))
    _metadata(sub(item, _q("itemmetadata")), [("cc_profile", PROFILES[question.type]),
                                               ("cc_weighting", f"{question.points:g}")])
    presentation = sub(item, _q("presentation"))
    _material(presentation, render_markdown(question.prompt))
    resprocessing = etree.Element(_q("resprocessing"))
    outcomes = sub(resprocessing, _q("outcomes"))
    sub(outcomes, _q("decvar"), varname="SCORE", vartype="Decimal", minvalue="0", maxvalue="100")
    if question.explanation:
        sub(_condition(resprocessing, True, feedback="general_fb"), _q("other"))
    qtype = question.type
    if qtype in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        labels = [(o.id, render_inline(o.text), o.correct, render_inline(o.feedback) if o.feedback else "")
                  for o in question.options]
        _choice_item(item, question, presentation, resprocessing, labels)
    elif qtype is QuestionType.TRUE_FALSE:
        labels = [("true", t["true"], question.answer is True,
                   render_inline(question.feedback_true) if question.feedback_true else ""),
                  ("false", t["false"], question.answer is False,
                   render_inline(question.feedback_false) if question.feedback_false else "")]
        _choice_item(item, question, presentation, resprocessing, labels)
    elif qtype is QuestionType.NUMERIC:
        _fill_in_item(item, question, presentation, resprocessing, numeric_answers(question), False)
    else:
        _fill_in_item(item, question, presentation, resprocessing, list(question.accepted), question.case_sensitive)
    # itemfeedback must follow resprocessing: move the feedback written so far behind it.
    feedback = [child for child in item if child.tag == _q("itemfeedback")]
    for child in feedback:
        item.remove(child)
    item.append(resprocessing)
    if question.explanation:
        _feedback(item, "general_fb", render_markdown(question.explanation))
    item.extend(feedback)


def assessment_xml(assessment: Assessment, t: dict[str, str]) -> bytes:
    """The ``questestinterop`` document of one assessment."""
    root = etree.Element(_q("questestinterop"), nsmap={None: QTI})
    test = sub(root, _q("assessment"), ident=assessment.id, title=assessment.title)
    attempts = str(assessment.attempts) if assessment.attempts else "unlimited"
    _metadata(test, [("cc_profile", "cc.exam.v0p1"), ("qmd_assessmenttype", "Examination"),
                     ("qmd_scoretype", "Percentage"), ("qmd_feedbackpermitted", "Yes"),
                     ("qmd_hintspermitted", "No"), ("qmd_solutionspermitted", "Yes"),
                     ("cc_maxattempts", attempts)])
    percent = format_pass_mark(assessment.pass_mark, assessment.language)  # the one display rule
    shown_attempts = str(assessment.attempts) if assessment.attempts else t["unlimited"]
    introduction = render_markdown(assessment.introduction) if assessment.introduction else ""
    introduction += (f"<p>{t['pass_mark'].format(percent=percent)} "
                     f"{t['attempts'].format(attempts=shown_attempts)}</p>")
    _material(sub(sub(test, _q("presentation_material")), _q("flow_mat")), introduction)
    section = sub(test, _q("section"), ident="root_section")
    for question in assessment.questions:
        _item(section, question, t)
    return to_bytes(root)
