"""The peer exercise with several learners on the peer-store tables: submissions, leased reviews, received reviews,
grades published to the learner, completion, staff override, and refusals."""

import pytest

from curriculum.peer.aggregation import PeerGrade
from curriculum.percent import format_percent
from xblocks.peer_store import models

FULL = {"evidence": 3, "clarity": 1}  # 3 + 2 points of 5
LOW = {"evidence": 1, "clarity": 0}  # 1 + 0 points


@pytest.fixture
def exercise(make_block):
    return make_block('<fieldschool_peer_exercise item_id="sample.exercise"/>')


def review_next(person):
    status, body = person.call("request_review")
    assert status == 200, body
    return body["submission_id"]


def test_three_learners_complete_a_review_cycle(exercise, learner):
    alice, bob, carmen = (learner(exercise, name) for name in ("alice", "bob", "carmen"))
    for person in (alice, bob, carmen):
        status, body = person.call("submit_response", {"text": "How I keep records."})
        assert status == 200, body
    by_author = {s.learner: s.id for s in models.PeerSubmission.objects.all()}
    assert set(by_author) == {"alice", "bob", "carmen"}

    # each learner reviews the two others (required = min(2 configured, 3 - 1))
    for person in (alice, bob, carmen):
        seen = set()
        me = person.block.learner_id()
        for _ in range(2):
            sub_id = review_next(person)
            assert sub_id != by_author[me]  # never your own
            assert sub_id not in seen  # never the same twice
            assert review_next(person) == sub_id  # asking again returns the same lease
            seen.add(sub_id)
            levels = FULL if sub_id == by_author["alice"] else LOW
            status, body = person.call("submit_review", {"submission_id": sub_id, "levels": levels,
                                                         "comment": "Clear facts."})
            assert status == 200, body
        status, body = person.call("request_review")
        assert body["submission_id"] is None or body["submission_id"] not in seen

    assert models.PeerReview.objects.filter(kind="peer").count() == 6
    # the grade reaches each learner's gradebook entry when they next open the exercise
    html = alice.render()
    assert "Your grade: 100%" in html and html.count("Clear facts.") == 2
    assert alice.runtime.of("grade")[-1] == {"value": 5.0, "max_value": 5.0}
    bob.render()
    assert bob.runtime.of("grade")[-1] == {"value": 1.0, "max_value": 5.0}
    # completion waits for the self-assessment the fixture asks for
    assert alice.runtime.of("completion") == []
    status, body = alice.call("submit_self_review", {"levels": {"evidence": 2, "clarity": 1}, "comment": ""})
    assert status == 200, body
    assert alice.runtime.of("completion") == [{"completion": 1.0}]
    status, body = alice.call("submit_self_review", {"levels": {"evidence": 2, "clarity": 1}})
    assert status == 400


def test_refusals_are_400_with_messages(exercise, learner):
    alice, bob = learner(exercise, "alice"), learner(exercise, "bob")
    status, body = alice.call("request_review")
    assert status == 400 and body["error"] == "Submit your own response first."
    status, body = alice.call("submit_response", {"text": "   "})
    assert status == 400
    assert alice.call("submit_response", {"text": "Mine."})[0] == 200
    status, body = alice.call("submit_response", {"text": "Again."})
    assert status == 400 and "already" in body["error"]
    assert bob.call("submit_response", {"text": "Bob's."})[0] == 200
    sub_id = review_next(alice)
    status, body = alice.call("submit_review", {"submission_id": sub_id, "levels": {"evidence": 9, "clarity": 0}})
    assert status == 400 and "no level 9" in body["details"][0]
    status, body = alice.call("submit_review", {"submission_id": sub_id, "levels": {"evidence": 1}})
    assert status == 400 and "Clarity" in body["details"][0]
    status, body = alice.call("submit_review", {"submission_id": "1", "levels": FULL})
    assert status == 400
    own = models.PeerSubmission.objects.get(learner="alice").id
    status, body = alice.call("submit_review", {"submission_id": own, "levels": FULL})
    assert status == 400 and "not yours to review" in body["error"]
    status, body = alice.call("submit_review", raw=b"nope")
    assert status == 400 and body["error"] == "The request is not valid JSON."
    assert models.PeerReview.objects.count() == 0


def test_staff_see_every_response_and_override_a_grade(exercise, learner):
    alice, bob, staff = learner(exercise, "alice"), learner(exercise, "bob"), learner(exercise, "staff")
    alice.call("submit_response", {"text": "Alice keeps records."})
    bob.call("submit_response", {"text": "Bob's records."})
    assert "Staff: responses and grades" not in alice.render()
    status, body = alice.call("staff_override", {"submission_id": 1, "levels": FULL, "reason": "x"})
    assert status == 403

    html = staff.render()
    assert "Staff: responses and grades" in html and "Alice keeps records." in html
    sub = models.PeerSubmission.objects.get(learner="alice")
    status, body = staff.call("staff_override", {"submission_id": sub.id, "levels": FULL, "reason": ""})
    assert status == 400 and "why" in body["error"]
    status, body = staff.call("staff_override", {"submission_id": sub.id, "levels": FULL, "reason": "Excellent."})
    assert status == 200, body
    assert "graded by staff" in body["html"]
    html = alice.render()
    assert "Graded by the course staff: Excellent." in html
    assert alice.runtime.of("grade") == [{"value": 5.0, "max_value": 5.0}]


def test_a_lone_learner_waits_for_peers(exercise, learner):
    alice = learner(exercise, "alice")
    alice.call("submit_response", {"text": "First!"})
    status, body = alice.call("request_review")
    assert status == 200 and body["submission_id"] is None
    assert "no response for you to review yet" in body["html"]
    assert "Your grade appears once enough peers" in body["html"]


def test_learners_asking_for_reviews_at_the_same_moment_all_get_an_answer(exercise, learner):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    names = ["ana", "ben", "cleo", "dani", "eva"]
    for name in names:
        assert learner(exercise, name).call("submit_response", {"text": f"{name}'s records."})[0] == 200
    barrier = threading.Barrier(len(names))

    def ask(name):
        try:
            person = learner(exercise, name)
            barrier.wait()
            return name, person.call("request_review")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(names)) as pool:
        answers = list(pool.map(ask, names))
    authors = {s.id: s.learner for s in models.PeerSubmission.objects.all()}
    for name, (status, body) in answers:
        assert status == 200, body
        assert authors[body["submission_id"]] != name  # nobody reviews their own
    leases = models.ReviewAssignment.objects.all()
    assert sorted(a.reviewer for a in leases) == sorted(names)  # one open lease each, none lost, none doubled
    per_submission = [sum(1 for a in leases if a.submission_id == sub) for sub in authors]
    assert max(per_submission) <= 2 and sum(per_submission) == len(names)


def test_a_third_learner_submitting_never_withdraws_a_grade_bob_has_seen(make_block, learner):
    usage = make_block('<fieldschool_peer_exercise item_id="sample.exercise" self_assessment="false" '
                       'reviewing_weight="0.2"/>')  # two reviews per response, as the curriculum says
    alice, bob, carmen = (learner(usage, name) for name in ("alice", "bob", "carmen"))
    for person in (alice, bob):
        assert person.call("submit_response", {"text": "How I keep records."})[0] == 200
    for person in (alice, bob):  # a pool of two: one review each is all it can give
        sub_id = review_next(person)
        assert person.call("submit_review", {"submission_id": sub_id, "levels": FULL, "comment": "Good."})[0] == 200
    html = bob.render()
    assert "Your grade: 100%" in html and "1 of 1" in html
    assert bob.runtime.of("grade")[-1] == {"value": 5.0, "max_value": 5.0}

    assert carmen.call("submit_response", {"text": "Mine too."})[0] == 200  # the pool now asks for two

    again = learner(usage, "bob")
    html = again.render()
    assert "Your grade: 100%" in html and "1 of 2" not in html
    assert again.runtime.of("grade") == []  # nothing new published: the gradebook's 5/5 stands
    assert again.block.published_score == 1.0
    # Carmen, who joined the larger pool, is asked for two reviews
    assert "0 of 2" in carmen.render()


RUBRIC_V2 = """- id: depth
  title: Depth
  levels:
    - {points: 0, label: Shallow, descriptor: Stays on the surface.}
    - {points: 4, label: Deep, descriptor: Goes to causes.}
"""


def test_a_rubric_changed_after_reviews_never_breaks_the_exercise(make_block, learner):
    # two reviews asked for: a pool of two can give one each; the third learner's review goes to one of them
    usage = make_block('<fieldschool_peer_exercise item_id="sample.exercise" peer_reviews="2" '
                       'self_assessment="false"/>')
    alice, bob, carmen, staff = (learner(usage, n) for n in ("alice", "bob", "carmen", "staff"))
    for person in (alice, bob):
        assert person.call("submit_response", {"text": "How I keep records."})[0] == 200
    for person in (alice, bob):  # reviews under the curriculum's rubric (evidence, clarity)
        sub_id = review_next(person)
        assert person.call("submit_review", {"submission_id": sub_id, "levels": FULL, "comment": "Old rubric."})[0] \
            == 200
    assert "Your grade: 100%" in bob.render()

    author = learner(usage, "staff")
    assert "Learners have already reviewed with this rubric" in author.render("studio_view")  # warned before
    status, body = author.call("studio_submit", {"values": {"item_id": "sample.exercise", "custom_rubric": RUBRIC_V2}})
    assert status == 200, body

    # every view still renders; earlier reviews keep the rubric they were given under
    html = learner(usage, "bob").render()
    assert "Your grade: 100%" in html and "Evidence" in html and "Old rubric." in html
    assert learner(usage, "staff").render()
    warnings = [m.text for m in learner(usage, "staff").block.validate().messages]
    assert any("2 reviews were given under an earlier version of the rubric" in w for w in warnings), warnings

    # a review under the new rubric is taken, and a grade mixing versions is the median of the fractions
    assert carmen.call("submit_response", {"text": "Mine."})[0] == 200
    sub_id = review_next(carmen)
    status, body = carmen.call("submit_review", {"submission_id": sub_id, "levels": {"depth": 0}, "comment": "New."})
    assert status == 200, body
    reviewed = models.PeerSubmission.objects.get(id=sub_id).learner
    mixed = learner(usage, reviewed).render()
    assert "Your grade: 50%" in mixed and "New." in mixed and "Old rubric." in mixed

    # reviews stored before rubrics were kept with them, that fit no rubric any more, are left out, not a 500
    models.PeerReview.objects.update(rubric=None)
    assert "Your grade" in learner(usage, reviewed).render()  # the new-rubric review still grades it
    assert learner(usage, "staff").render()


def test_responses_render_through_the_cores_learner_renderer(exercise, learner):
    # Learner text goes through cmark-gfm (linear time, GitHub-flavoured: ~~strikethrough~~), not Python-Markdown.
    alice, bob = learner(exercise, "alice"), learner(exercise, "bob")
    assert alice.call("submit_response", {"text": "Plan ~~A~~ B <script>x()</script>"})[0] == 200
    assert bob.call("submit_response", {"text": "Bob's ~~old~~ plan"})[0] == 200
    assert "Plan <del>A</del> B" in alice.render() and "<script>x()" not in alice.render()
    assert review_next(alice)  # the leased peer response renders the same way
    assert "Bob's <del>old</del> plan" in alice.render()


def test_after_the_due_date_reviewing_closes_and_a_response_is_graded_on_the_reviews_it_received(exercise, learner):
    """The core's readiness with the block's due date as the review deadline (the LTI tool's rule): before it a
    response waits for the reviews the pool asks for; after it one review is enough, and nobody is asked for more."""
    from datetime import UTC, datetime, timedelta

    soon, gone = datetime.now(UTC) + timedelta(days=1), datetime.now(UTC) - timedelta(minutes=1)
    people = {name: learner(exercise, name, due=soon) for name in ("alice", "bob", "carmen")}
    for person in people.values():
        assert person.call("submit_response", {"text": "How we keep records."})[0] == 200
    sub_id = review_next(people["alice"])
    assert people["alice"].call("submit_review", {"submission_id": sub_id, "levels": LOW})[0] == 200
    author = models.PeerSubmission.objects.get(id=sub_id).learner
    before = learner(exercise, author, due=soon)
    before.render()
    assert before.runtime.of("grade") == []  # one review of the two the pool asks for
    after = learner(exercise, author, due=gone)
    html = after.render()
    assert after.runtime.of("grade") == [{"value": 1.0, "max_value": 5.0}] and "Your grade: 20%" in html
    late = learner(exercise, "carmen" if author != "carmen" else "bob", due=gone)
    assert 'data-action="request_review"' not in late.render()
    status, body = late.call("request_review")
    assert status == 400 and body["error"] == "The due date has passed: this exercise is closed."


def test_a_peer_grade_shows_by_the_core_display_rule(exercise, learner):
    block = learner(exercise, "alice").block
    rubric = block.curriculum_item().rubric
    grade = PeerGrade(criteria={}, points=2.0, max_points=3.0, review_count=3)
    assert block.grade_context(rubric, grade, None)["percent"] == format_percent(2 / 3) == "66.7"
    assert block.grade_context(rubric, grade, 0.99995)["percent"] == "99.9"  # short of full marks: never 100
