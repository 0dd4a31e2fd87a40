"""A learner's peer data over its life in the LMS: the Instructor Dashboard's "Delete learner state" clears it, the
user-retirement pipeline removes or anonymises it, and grades of learners who do not come back reach the gradebook
through edx-submissions (faked here: the LMS always has it, the workbench does not)."""

from __future__ import annotations

import sys
import types

import pytest
from django.apps import apps
from django.dispatch import Signal

from xblocks.peer_store import models

FULL = {"evidence": 3, "clarity": 1}


@pytest.fixture
def reviewed_pair(make_block, learner):
    """Alice and Bob, each reviewed by the other (one review each is all a pool of two can give)."""
    usage = make_block('<fieldschool_peer_exercise item_id="sample.exercise" self_assessment="false"/>')
    alice, bob = learner(usage, "alice"), learner(usage, "bob")
    for person in (alice, bob):
        assert person.call("submit_response", {"text": f"{person.block.learner_id()}'s records."})[0] == 200
    for person in (alice, bob):
        sub_id = person.call("request_review")[1]["submission_id"]
        assert person.call("submit_review", {"submission_id": sub_id, "levels": FULL, "comment": "Ok"})[0] == 200
    return usage


def test_delete_learner_state_clears_their_peer_data_and_keeps_others_grades(reviewed_pair, learner):
    staff = learner(reviewed_pair, "staff")
    block = staff.block
    block.clear_student_state(user_id="bob", course_id="course-v1:FS+FS101+run", item_id=block.block_key,
                              requesting_user_id="staff")

    assert not models.PeerSubmission.objects.filter(learner="bob").exists()
    assert not models.PeerReview.objects.filter(reviewer="bob").exists()
    assert not models.ReviewAssignment.objects.filter(reviewer="bob").exists()
    assert "Your grade: 100%" in learner(reviewed_pair, "alice").render()  # Bob's review of Alice still counts
    bob = learner(reviewed_pair, "bob")
    assert bob.call("submit_response", {"text": "Starting over."})[0] == 200  # Bob starts over


@pytest.fixture
def lms_modules(monkeypatch):
    """The parts of edx-platform the retirement hook uses: the signal and the anonymous-id table."""
    signal = Signal()
    ids = {}

    class AnonymousUserId:
        class objects:  # noqa: N801 - a stand-in for the Django manager
            @staticmethod
            def filter(user):
                found = ids.get(user.id, [])
                return types.SimpleNamespace(values_list=lambda *_a, **_k: list(found))

    signals = types.ModuleType("openedx.core.djangoapps.user_api.accounts.signals")
    signals.USER_RETIRE_LMS_MISC = signal
    student = types.ModuleType("common.djangoapps.student.models")
    student.AnonymousUserId = AnonymousUserId
    for name in ("openedx", "openedx.core", "openedx.core.djangoapps", "openedx.core.djangoapps.user_api",
                 "openedx.core.djangoapps.user_api.accounts", "common", "common.djangoapps",
                 "common.djangoapps.student"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, signals.__name__, signals)
    monkeypatch.setitem(sys.modules, student.__name__, student)
    return types.SimpleNamespace(signal=signal, anonymous_ids=ids)


def test_the_lms_retirement_signal_removes_or_anonymises_the_users_peer_data(reviewed_pair, learner, lms_modules):
    apps.get_app_config("fieldschool_peer_store").ready()  # inside the LMS the app connects to the signal
    lms_modules.anonymous_ids[42] = ["bob"]

    lms_modules.signal.send(sender=None, user=types.SimpleNamespace(id=42))

    assert not models.PeerSubmission.objects.filter(learner="bob").exists()  # Bob's response (personal data)
    assert not models.PeerReview.objects.filter(reviewer="bob").exists()
    kept = models.PeerReview.objects.get(submission__learner="alice")  # Bob's review of Alice, anonymised
    assert kept.reviewer.startswith("removed-")
    assert "Your grade: 100%" in learner(reviewed_pair, "alice").render()


@pytest.fixture
def edx_submissions(monkeypatch):
    """A stand-in for edx-submissions' API, recording the scores set."""
    calls = types.SimpleNamespace(created=[], scores=[])
    api = types.ModuleType("submissions.api")

    def get_submissions(student_item, limit=None):
        return [{"uuid": uuid} for uuid, item in calls.created if item == student_item][:limit]

    def create_submission(student_item, answer):
        uuid = f"uuid-{len(calls.created) + 1}"
        calls.created.append((uuid, dict(student_item)))
        return {"uuid": uuid}

    def set_score(uuid, earned, possible):
        calls.scores.append((uuid, earned, possible))

    api.get_submissions, api.create_submission, api.set_score = get_submissions, create_submission, set_score
    package = types.ModuleType("submissions")
    package.api = api
    monkeypatch.setitem(sys.modules, "submissions", package)
    monkeypatch.setitem(sys.modules, "submissions.api", api)
    return calls


def test_a_grade_completed_by_a_peer_reaches_the_authors_gradebook_without_their_visit(make_block, learner,
                                                                                      edx_submissions):
    usage = make_block('<fieldschool_peer_exercise item_id="sample.exercise" self_assessment="false"/>')
    alice, bob = learner(usage, "alice"), learner(usage, "bob")
    for person in (alice, bob):
        assert person.call("submit_response", {"text": "Records."})[0] == 200

    sub_id = alice.call("request_review")[1]["submission_id"]  # Alice reviews Bob; Bob never comes back
    assert alice.call("submit_review", {"submission_id": sub_id, "levels": FULL, "comment": "Ok"})[0] == 200

    [(uuid, item)] = edx_submissions.created
    assert item["student_id"] == "bob" and item["item_id"] == str(alice.block.scope_ids.usage_id)
    assert item["item_type"] == "fieldschool_peer_exercise"
    assert edx_submissions.scores == [(uuid, 5.0, 5.0)]

    staff = learner(usage, "staff")  # a staff grade for Bob reaches his gradebook the same way
    status, body = staff.call("staff_override", {"submission_id": sub_id, "levels": {"evidence": 0, "clarity": 1},
                                                 "reason": "Checked."})
    assert status == 200, body
    assert edx_submissions.scores[-1] == (uuid, 2.0, 5.0) and len(edx_submissions.created) == 1


def test_a_failing_gradebook_never_fails_the_reviewers_request(make_block, learner, edx_submissions, monkeypatch):
    usage = make_block('<fieldschool_peer_exercise item_id="sample.exercise" self_assessment="false"/>')
    alice, bob = learner(usage, "alice"), learner(usage, "bob")
    for person in (alice, bob):
        assert person.call("submit_response", {"text": "Records."})[0] == 200

    def unavailable(*_args, **_kwargs):
        raise RuntimeError("submissions database unavailable")

    monkeypatch.setattr(sys.modules["submissions.api"], "set_score", unavailable)
    sub_id = alice.call("request_review")[1]["submission_id"]
    status, body = alice.call("submit_review", {"submission_id": sub_id, "levels": FULL, "comment": "Ok"})
    assert status == 200, body
    assert "Your grade: 100%" in learner(usage, "bob").render()  # Bob's grade follows on his visit
