"""Authoring: the Studio editor saves and validates settings; blocks survive an OLX export and import unchanged."""

import io

import pytest
from xblock.fields import Scope

CUSTOM_RUBRIC = """- id: depth
  title: Depth
  levels:
    - {points: 0, label: Shallow, descriptor: Stays on the surface.}
    - {points: 4, label: Deep, descriptor: Goes to causes.}
"""

CUSTOM_QUESTIONS = """- id: own
  type: short_text
  prompt: Name the central axis & its <role>.
  accepted: [eje]
  explanation: The eje.
  feedback: {correct: Yes., incorrect: No.}
"""


def test_the_editor_offers_curriculum_items_of_the_blocks_kind(make_block, learner):
    html = learner(make_block("<fieldschool_assessment/>"), "author").render("studio_view")
    assert '<optgroup label="Sample module">' in html
    assert 'value="sample.assessment"' in html
    assert 'value="sample.case"' not in html  # a case study is not an assessment
    assert "FieldSchoolStudioEdit" in html


def test_saving_valid_settings(make_block, learner):
    author = learner(make_block("<fieldschool_assessment/>"), "author")
    status, body = author.call("studio_submit", {"values": {
        "display_name": "Quiz 1", "item_id": "sample.assessment", "language": "es",
        "follow_learner_language": False, "weight": "3", "attempts_allowed": "", "score_policy": "last",
        "due_behaviour": "accept_late", "shuffle_questions": True, "custom_questions": ""}})
    assert status == 200, body
    block = author.block
    assert (block.display_name, block.item_id, block.language, block.follow_learner_language) == \
        ("Quiz 1", "sample.assessment", "es", False)
    assert (block.weight, block.attempts_allowed, block.score_policy, block.due_behaviour) == \
        (3.0, None, "last", "accept_late")
    assert block.validate().empty
    assert 'fs-title" lang="es"' in author.render()  # the author's language; the learner's is not followed


def test_invalid_settings_are_refused_with_every_problem(make_block, learner):
    author = learner(make_block('<fieldschool_peer_exercise item_id="sample.exercise"/>'), "author")
    status, body = author.call("studio_submit", {"values": {
        "display_name": " ", "item_id": "sample.case", "language": "de", "weight": "-1",
        "peer_reviews": "2.5", "reviewing_weight": "2", "lease_minutes": "0",
        "custom_rubric": "- id: one\n  title: One\n  levels:\n    - {points: 1, label: A, descriptor: a}\n"}})
    assert status == 400
    assert body["error"] == "Please correct the settings."
    details = " | ".join(body["details"])
    for expected in ("display name", "right kind", "offered languages", "weight", "Peer reviews", "reviewing share",
                     "Lease minutes", "at least two levels"):
        assert expected in details, expected
    assert author.block.item_id == "sample.exercise"  # nothing saved
    status, body = author.call("studio_submit", {"nothing": 1})
    assert status == 400


def test_validation_messages_for_studio(make_block, learner):
    unset = learner(make_block("<fieldschool_case_study/>")).block
    messages = unset.validate().to_json()["messages"]
    assert messages and "choose one" in messages[0]["text"]
    broken = learner(make_block('<fieldschool_peer_exercise item_id="sample.exercise" custom_rubric="- id: x"/>'))
    assert not broken.block.validate().empty


@pytest.mark.parametrize("xml", [
    '<fieldschool_case_study item_id="sample.case" display_name="Read this" language="es" '
    'follow_learner_language="false"/>',
    '<fieldschool_assessment item_id="sample.assessment" weight="2.5" max_attempts="4" score_policy="last" '
    'due_behaviour="accept_late" shuffle_questions="true"/>',
    "<fieldschool_peer_exercise item_id='sample.exercise' peer_reviews='1' self_assessment='false' "
    "lease_minutes='45' reviewing_weight='0.2'/>",
])
def test_olx_round_trip_gives_an_equal_block(xml, make_block, learner):
    original = learner(make_block(xml)).block
    if original.scope_ids.block_type == "fieldschool_peer_exercise":
        original.custom_rubric = CUSTOM_RUBRIC
        original.save()
    if original.scope_ids.block_type == "fieldschool_assessment":
        original.custom_questions = CUSTOM_QUESTIONS
        original.save()
    buffer = io.BytesIO()
    original.runtime.export_to_xml(original, buffer)
    exported = buffer.getvalue().decode().split("?>", 1)[-1]  # without the XML declaration
    copy = learner(make_block(exported)).block
    for name, field in original.fields.items():
        if field.scope in (Scope.content, Scope.settings) and name not in ("parent", "children"):
            assert getattr(copy, name) == getattr(original, name), name
    if original.scope_ids.block_type == "fieldschool_assessment":
        assert "<option:custom_questions>" in exported
        assert [q.id for q in copy.curriculum_item().questions] == ["own"]
    if original.scope_ids.block_type == "fieldschool_peer_exercise":
        assert "<option:custom_rubric>" in exported  # the customised rubric travels as its own element
        assert copy.max_score() == 4.0


@pytest.mark.parametrize("language", ["es", "fr", "pt"])
def test_numbers_in_the_editor_are_not_localised(make_block, learner, language):
    from django.utils import translation

    author = learner(make_block('<fieldschool_peer_exercise item_id="sample.exercise" weight="2.5" '
                                'reviewing_weight="0.25"/>'), "author")
    with translation.override(language):
        html = author.render("studio_view")
    assert 'data-field="weight" value="2.5"' in html  # a number input drops "2,5"
    assert 'data-field="reviewing_weight" value="0.25"' in html
