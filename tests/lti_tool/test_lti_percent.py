"""Scores in the LTI pages follow the one display rule (curriculum.percent), through the app's ``percent`` and
``pass_mark_percent`` filters, in the request's language; every score template goes through them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import render_template_string

from curriculum.percent import format_pass_mark, format_percent

TEMPLATES = Path(__file__).resolve().parents[2] / "lti_tool" / "templates"
SCORE_TEMPLATES = ["assessment.html", "assessment_result.html", "learner_work.html", "results.html",
                   "peer/instructor.html", "peer/learner.html", "peer/submission.html"]


@pytest.mark.parametrize(("language", "shown"), [("en", "67.4 % of 67.5 %; 100 %; 66.6 % of 66.7 %"),
                                                 ("es", "67,4 % of 67,5 %; 100 %; 66,6 % of 66,7 %")])
def test_the_filters_show_the_core_rule_in_the_request_language(app, language, shown):
    template = ("{{ 0.6746|percent(0.675) }} % of {{ 0.675|pass_mark_percent }} %; {{ 1.0|percent }} %; "
                "{{ (2 / 3)|percent(0.6667) }} % of {{ 0.6667|pass_mark_percent }} %")
    with app.test_request_context(headers={"Accept-Language": language}):
        assert render_template_string(template) == shown
    assert shown.startswith(format_percent(0.6746, 0.675, language) + " % of " + format_pass_mark(0.675, language))


@pytest.mark.parametrize("name", SCORE_TEMPLATES)
def test_no_score_template_rounds_a_percent_itself(name):
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    # not scores: the reviewing weight (a form value) and a question's share of right answers
    own = [m for m in re.findall(r"\{\{[^}]*\*\s*100\)\|round[^}]*\}\}", text)
           if "reviewing_weight" not in m and "share" not in m]
    assert not own, own
    assert "|percent" in text or "|pass_mark_percent" in text


def test_points_in_every_template_are_written_in_the_request_language():
    """Points may have decimals (1.5): every template writes them with the language's decimal mark (Flask-Babel's
    ``decimalformat``), never with Python's ``%g`` or as the raw float (``2.0``)."""
    raw = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        raw += [f"{path.name}: {m}" for m in re.findall(r"\{\{[^}]*points[^}]*\}\}", text)
                if "decimalformat" not in m and "plural_count" not in m]
        raw += [f"{path.name}: {m}" for m in re.findall(r'"%g"\|format\([^)]*points[^)]*\)', text)]
    assert not raw, raw


@pytest.mark.parametrize(("language", "shown"), [
    ("en", "(2 points) (1 point) (1.5 points) (0.25 points)"),
    ("es", "(2 puntos) (1 punto) (1,5 puntos) (0,25 puntos)"),
    ("fr", "(2 points) (1 point) (1,5 point) (0,25 point)"),  # CLDR: French keeps 0 ≤ n < 2 in the singular
])
def test_rubric_points_are_written_in_the_request_language_with_the_right_plural(app, language, shown, recwarn):
    from types import SimpleNamespace

    levels = [SimpleNamespace(label=f"L{n}", descriptor="d", points=points)
              for n, points in enumerate((2.0, 1.0, 1.5, 0.25))]
    item = SimpleNamespace(rubric=SimpleNamespace(criteria=[SimpleNamespace(id="c", title="C", description="",
                                                                            levels=levels)]))
    with app.test_request_context(headers={"Accept-Language": language}):
        html = render_template_string('{% set prefix = "r-" %}{% include "peer/_rubric.html" %}', item=item,
                                      review=None)
    assert " ".join(re.findall(r"</strong> (\(.*?\))", html)) == shown
    assert not [w for w in recwarn if "Plural value" in str(w.message)]  # gettext is given whole numbers only
