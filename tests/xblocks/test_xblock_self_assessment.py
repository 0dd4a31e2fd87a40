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
                                     {"levels": levels() | {"cooking": "1"}}, {"levels": "all good"},
                                     {"levels": levels() | {"finance": "²"}}])
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


def download(person):
    from webob import Request

    response = person.block.handle("class_csv", Request.blank("/", method="GET"))
    return response.status_code, response.content_type, response.body.decode("utf-8")


def test_course_staff_see_the_class_distribution_with_each_learners_latest_profile(block, learner):
    alice, bob = learner(block, "alice"), learner(block, "bob")
    alice.call("submit", {"levels": levels(finance=1)})
    bob.call("submit", {"levels": levels(finance=2)})
    bob.call("submit", {"levels": levels(finance=4, markets=3)})  # bob's latest counts, once
    html = learner(block, "staff").render()
    assert "2 learners have completed the self-assessment; each counts once, with their latest profile." in html
    assert '<tr data-area="finance"><th scope="row" lang="en">Financial management and accountability</th>' \
           '<td>1</td><td>0</td><td>0</td><td>1</td></tr>' in html
    assert '<td>0</td><td>1</td><td>1</td><td>0</td></tr>' in html  # markets: alice at 2, bob at 3
    assert "<caption>Learners per area and level</caption>" in html and html.count('role="img"') == 1
    assert "class_csv" in html
    assert "fs-distribution" not in alice.render()  # learners see only their own profile


def test_the_class_csv_is_for_staff_only_and_safe_to_open(block, learner):
    alice = learner(block, "alice")
    alice.call("submit", {"levels": levels(finance=1), "notes": {"finance": "=HYPERLINK(\"x\")"}})
    status, _type, _body = download(alice)
    assert status == 403
    status, content_type, body = download(learner(block, "staff"))
    assert status == 200 and content_type == "text/csv"
    header, row = body.splitlines()
    assert header.startswith("learner,assessments,submitted_at,governance,")
    assert row.startswith("alice,1,") and ",1," in row and "'=HYPERLINK" in row


def test_deleting_a_learners_state_or_retiring_them_removes_their_profile_from_the_class(block, learner):
    from xblocks.peer_store import api

    alice, bob = learner(block, "alice"), learner(block, "bob")
    alice.call("submit", {"levels": levels()})
    bob.call("submit", {"levels": levels()})
    alice.block.clear_student_state("alice", "course", str(block), "staff")
    assert [row.learner for row in api.class_profiles(str(block))] == ["bob"]
    assert api.retire_learners(["bob"]) >= 1 and api.class_profiles(str(block)) == []
