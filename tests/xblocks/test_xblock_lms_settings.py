"""How the blocks meet Open edX's LMS and Studio: mobile apps, anonymous previews, default names, the course-wide
settings a block inherits (Show correctness, grace period, Maximum Attempts) and the editor's layout."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation
from xblock.core import XBlockMixin
from xblock.fields import Integer, Scope

ALL_RIGHT = {"q1": "b", "q2": ["a", "b"], "q3": True, "q4": "25,0", "q5": "Eje"}
BLOCKS = ['<fieldschool_case_study item_id="sample.case"/>', '<fieldschool_assessment item_id="sample.assessment"/>',
          '<fieldschool_peer_exercise item_id="sample.exercise"/>', "<fieldschool_self_assessment/>"]


@pytest.mark.parametrize("xml", BLOCKS)
def test_the_mobile_apps_get_the_views_and_the_data(xml, make_block, learner):
    block = learner(make_block(xml), "ana").block
    assert block.has_support(block.student_view, "multi_device")
    data = block.student_view_data()
    json.dumps(data)  # what the LMS's course blocks API serialises
    assert data["available"] and data["item_id"] == block.item_id and data["title"]


def test_the_assessments_mobile_data_gives_no_answer_away(make_block, learner):
    data = learner(make_block(BLOCKS[1]), "ana").block.student_view_data()
    text = json.dumps(data)
    assert [q["id"] for q in data["questions"]] == ["q1", "q2", "q3", "q4", "q5"]
    for secret in ("correct", "explanation", "accepted", "Only the actors can systematise", "Right, the actors"):
        assert secret not in text


@pytest.mark.parametrize("xml", BLOCKS)
def test_anonymous_course_previews_show_the_activity_and_invite_to_enrol(xml, make_block, learner):
    html = learner(make_block(xml), "anonymous").render("public_view")
    assert "Sign in and enrol in the course to take part in this activity." in html
    assert "<form" not in html


@pytest.mark.parametrize("xml,english,spanish", [
    ("<fieldschool_case_study/>", "Case study", "Estudio de caso"),
    ("<fieldschool_assessment/>", "Assessment", "Evaluación"),
    ("<fieldschool_peer_exercise/>", "Peer exercise", "Ejercicio entre pares"),
])
def test_a_new_block_has_a_translated_default_name_and_saves_first_time(xml, english, spanish, make_block,
                                                                        learner):
    author = learner(make_block(xml), "author")
    assert author.block.display_name == english  # Studio's menu, the outline and the progress page
    with translation.override("es"):
        editor = author.render("studio_view")
    assert f'data-field="display_name" value="{spanish}"' in editor
    item = {"fieldschool_case_study": "sample.case", "fieldschool_assessment": "sample.assessment",
            "fieldschool_peer_exercise": "sample.exercise"}[author.block.scope_ids.block_type]
    status, body = author.call("studio_submit", {"values": {"display_name": english, "item_id": item}})
    assert status == 200, body


def test_the_editor_root_has_studios_class_for_its_own_buttons(make_block, learner):
    assert "editor-with-buttons" in learner(make_block(BLOCKS[0]), "author").render("studio_view")


def test_the_course_wide_maximum_attempts_does_not_replace_the_curriculums(make_block, learner):
    usage = make_block(BLOCKS[1])  # the curriculum allows two attempts
    ana = learner(usage, "ana", inherited={"max_attempts": 1})  # Advanced Settings' "Maximum Attempts"
    assert ana.call("submit", {"responses": ALL_RIGHT})[1]["attempts_left"] == 1
    assert "does not apply to this component" in learner(usage, "author").render("studio_view")
    explicit = make_block('<fieldschool_assessment item_id="sample.assessment" attempts_allowed="3"/>')
    assert learner(explicit, "ana").call("submit", {"responses": ALL_RIGHT})[1]["attempts_left"] == 2


def test_show_correctness_never_hides_scores_verdicts_and_explanations(make_block, learner):
    usage = make_block('<fieldschool_assessment item_id="sample.assessment" attempts_allowed="1"/>')
    ana = learner(usage, "ana", inherited={"show_correctness": "never"})
    status, body = ana.call("submit", {"responses": ALL_RIGHT})
    assert status == 200 and "score" not in body and "passed" not in body
    assert "Your last attempt" not in body["html"] and "Correct." not in body["html"]
    assert "Only the actors can systematise" not in body["html"]
    assert "Your answers are submitted." in body["html"]
    assert ana.runtime.of("grade")  # the gradebook still gets the score


def test_show_correctness_past_due_waits_for_the_due_date_and_grace_period(make_block, learner):
    usage = make_block('<fieldschool_assessment item_id="sample.assessment" due_behaviour="accept_late"/>')
    soon = datetime.now(UTC) + timedelta(hours=1)
    ana = learner(usage, "ana", due=soon, inherited={"show_correctness": "past_due"})
    assert "Your last attempt" not in ana.call("submit", {"responses": ALL_RIGHT})[1]["html"]
    a_day_ago = datetime.now(UTC) - timedelta(days=1)
    in_grace = learner(usage, "ana", due=a_day_ago, inherited={"show_correctness": "past_due",
                                                                "graceperiod": timedelta(days=2)})
    assert "Your last attempt" not in in_grace.render()  # still within the grace period
    after = learner(usage, "ana", due=a_day_ago, inherited={"show_correctness": "past_due"})
    assert "Your last attempt: 100%" in after.render()


def test_the_grace_period_keeps_a_closing_assessment_open(make_block, learner):
    usage = make_block('<fieldschool_assessment item_id="sample.assessment"/>')
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    status, _ = learner(usage, "ana", due=an_hour_ago, inherited={"graceperiod": timedelta(days=1)}).call(
        "submit", {"responses": ALL_RIGHT})
    assert status == 200
    status, body = learner(usage, "bob", due=an_hour_ago).call("submit", {"responses": ALL_RIGHT})
    assert status == 400 and "closed" in body["error"]


class CourseWideMaximumAttempts(XBlockMixin):
    """edx-platform's inherited "Maximum Attempts", as its runtime mixes it into every block (here: one attempt)."""

    max_attempts = Integer(scope=Scope.settings, default=1)


def test_an_inherited_maximum_is_ignored_but_a_value_stored_on_the_block_before_the_rename_is_kept(make_block,
                                                                                                    learner):
    usage = make_block(BLOCKS[1])  # the curriculum allows two attempts
    ana = learner(usage, "ana", mixins=[CourseWideMaximumAttempts])
    assert ana.block.max_attempts == 1  # inherited, not set on this block
    assert ana.call("submit", {"responses": ALL_RIGHT})[1]["attempts_left"] == 1

    block = learner(usage, "author", mixins=[CourseWideMaximumAttempts]).block
    block.max_attempts = 4  # stored on this very block by an earlier version of the block
    block.save()
    bob = learner(usage, "bob", mixins=[CourseWideMaximumAttempts])
    assert bob.call("submit", {"responses": ALL_RIGHT})[1]["attempts_left"] == 3
