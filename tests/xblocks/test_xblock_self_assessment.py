"""The capacity self-assessment block: twelve areas to rate, scoring through the runtime into a profile (radar and
table), before/after on the second time, completion once, translations, and bad input refused."""

import pytest
from django.utils import translation

from curriculum.items import ASSESSED_AREAS


@pytest.fixture
def block(make_block):
    return make_block("<fieldschool_self_assessment/>")


def levels(default: int = 2, **chosen: int) -> dict:
    return {area: str(chosen.get(area.replace("-", "_"), default)) for area in ASSESSED_AREAS}


def test_the_form_shows_twelve_areas_with_four_described_levels(block, learner):
    html = learner(block, "alice").render()
    assert html.count('type="radio"') == 48 and html.count('class="fs-area"') == 12
    assert "Governance, democracy and member participation" in html
    assert "Minutes of the last two assemblies and board meetings" in html  # evidence to look at
    assert "Send the self-assessment" in html and "fs-profile" not in html


def test_a_completed_self_assessment_scores_into_a_profile_and_completes_once(block, learner):
    alice = learner(block, "alice")
    status, body = alice.call("submit", {"levels": levels(finance=1), "notes": {"finance": "no audit since 2022"}})
    assert status == 200 and body["completed"] is True
    assert alice.runtime.of("completion") == [{"completion": 1.0}]
    assert alice.block.profiles == [{"levels": {a: (1 if a == "finance" else 2) for a in ASSESSED_AREAS},
                                     "notes": {"finance": "no audit since 2022"}}]
    html = body["html"]
    assert 'role="img"' in html and 'data-series="Your profile"' in html
    assert '<tr data-area="finance"><th scope="row" lang="en">Financial management and accountability</th><td>1</td>' \
        in html
    status, body = alice.call("submit", {"levels": levels(finance=3)})
    assert status == 200 and alice.runtime.of("completion") == [{"completion": 1.0}]
    assert 'data-series="Before"' in body["html"] and 'data-series="After"' in body["html"]
    assert "Financial management and accountability</span> (+2)" in body["html"]
    assert learner(block, "bob").block.profiles == []


@pytest.mark.parametrize("payload", [{"levels": {"finance": "2"}}, {"levels": levels() | {"finance": "7"}},
                                     {"levels": levels() | {"cooking": "1"}}, {"levels": "all good"}])
def test_incomplete_or_wrong_answers_are_refused_and_nothing_is_stored(block, learner, payload):
    alice = learner(block, "alice")
    status, body = alice.call("submit", payload)
    assert status == 400 and body["error"]
    assert alice.block.profiles == [] and alice.runtime.of("completion") == []


def test_a_spanish_learner_rates_in_spanish(block, learner):
    with translation.override("es"):
        html = learner(block, "carla").render()
    assert "Gobernanza, democracia y participación de los socios" in html
    assert "Enviar la autoevaluación" in html


def test_the_editor_needs_no_item_choice(block, learner):
    alice = learner(block, "alice")
    assert not [m for m in alice.block.validate().messages if m.type == "error"]
    status, _body = alice.call("studio_submit", {"values": {"display_name": "Our capacity"}})
    assert status == 200 and alice.block.item_id == "instruments.capacity"
