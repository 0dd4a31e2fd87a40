"""The peer exercise with several learners on the peer-store tables: submissions, leased reviews, received reviews,
grades published to the learner, completion, staff override, and refusals."""

import pytest

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


def test_responses_render_through_the_cores_learner_renderer(exercise, learner):
    # Learner text goes through cmark-gfm (linear time, GitHub-flavoured: ~~strikethrough~~), not Python-Markdown.
    alice, bob = learner(exercise, "alice"), learner(exercise, "bob")
    assert alice.call("submit_response", {"text": "Plan ~~A~~ B <script>x()</script>"})[0] == 200
    assert bob.call("submit_response", {"text": "Bob's ~~old~~ plan"})[0] == 200
    assert "Plan <del>A</del> B" in alice.render() and "<script>x()" not in alice.render()
    assert review_next(alice)  # the leased peer response renders the same way
    assert "Bob's <del>old</del> plan" in alice.render()
