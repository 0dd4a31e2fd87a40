"""A learner's data on request: the export holds every kind of data with the attachment files; deletion leaves
nothing that names the learner, deletes their files, records that it happened, and other learners' grades hold."""

from __future__ import annotations

import json
import os
import zipfile

import pytest
from lti_grade_helpers import seed
from lti_peer_helpers import ITEM, launch_member, post, request_review, review, submit
from sqlalchemy import select

from lti_tool.activity_models import ActivityCompletion, AssessmentAttempt, CaseAnswer
from lti_tool.extensions import db
from lti_tool.models import LtiUser, Membership, Platform, ResourceLink
from lti_tool.ops.models import DataRequest
from lti_tool.peer import grading
from lti_tool.peer.models import PeerAttachment, PeerReview, PeerSettings, PeerSubmission, PeerVersion
from lti_tool.peer.settings import get_settings
from lti_tool.services.course import get_course

PDF = b"%PDF-1.7\nsecret plan of Zoe\n"
TARGET = "learner-0"


@pytest.fixture
def klass(world):
    """Four learners who submitted (the target with a file) and reviewed each other twice; grades released."""
    lineitem = world.platform.create_line_item("course-1", {"label": "Peer", "scoreMaximum": 100})["id"]
    learners = [launch_member(world, f"learner-{i}", lineitem=lineitem, name=f"Learner {i}") for i in range(4)]
    learners[0] = launch_member(world, TARGET, lineitem=lineitem, name="Zoë Target")
    teacher = launch_member(world, "teacher", instructor=True, lineitem=lineitem)
    with world.app.app_context():
        link_id = db.session.scalars(select(ResourceLink.id).filter_by(item_id=ITEM)).one()
        settings = get_settings(link_id, get_course().find_item(ITEM))  # stored, as the instructor's first save does
        settings.reviewing_weight = 0.2  # reviewing counts in the grade
        target = db.session.scalars(select(LtiUser).filter_by(sub=TARGET)).one()
        target.email = "zoe@example.org"
        db.session.commit()
    for i, m in enumerate(learners):
        files = {"files": ("plan.pdf", PDF, "application/pdf")} if i == 0 else None
        assert submit(world, m, f"Response of {m.sub}: my cooperative's story", files=files).status_code == 200
    levels = [{"evidence": 3, "clarity": 1}, {"evidence": 2, "clarity": 1}, {"evidence": 1, "clarity": 0},
              {"evidence": 3, "clarity": 0}]
    for _round in range(2):
        for i, m in enumerate(learners):
            request_review(world, m)
            assert review(world, m, levels[i], comment=f"Notes by {m.sub}").status_code == 200
    assert post(world, teacher, "instructor/release").status_code == 200
    link_id, _ = seed(world, None, 0, link_id="case-link")
    with world.app.app_context():
        uid = db.session.scalars(select(LtiUser.id).filter_by(sub=TARGET)).one()
        db.session.add_all([
            CaseAnswer(resource_link_id=link_id, user_id=uid, question_id="context-1", text="Zoë's answer"),
            ActivityCompletion(resource_link_id=link_id, user_id=uid),
            AssessmentAttempt(resource_link_id=link_id, user_id=uid, item_id="sample.assessment", number=1,
                              responses_json='{"q1": ["a"]}', score=0.5, points=1, max_points=2)])
        db.session.commit()
        platform_id = db.session.scalars(select(Platform.id)).one()
    return world, platform_id


def _grades(world) -> dict[str, float]:
    with world.app.app_context():
        settings = db.session.scalars(select(PeerSettings)).one()
        rubric = get_course().find_item(ITEM, "en").rubric
        state = grading.load_state(settings)
        subs = {u.id: u.sub for u in db.session.scalars(select(LtiUser))}
        return {subs[s.user_id]: grading.grade_submission(rubric, state, s).final
                for s in state.submissions.values()}


def test_export_holds_every_kind_of_data_and_the_files(klass, tmp_path):
    world, platform_id = klass
    out = tmp_path / "zoe.zip"
    result = world.app.test_cli_runner().invoke(args=["learner", "export", "--platform", str(platform_id),
                                                      "--sub", TARGET, "-o", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        data = {n: json.loads(archive.read(n)) for n in archive.namelist() if n.endswith(".json")}
        attached = [n for n in archive.namelist() if n.startswith("files/")]
        assert len(attached) == 1 and archive.read(attached[0]) == PDF
    assert data["user.json"]["email"] == "zoe@example.org" and data["user.json"]["name"] == "Zoë Target"
    assert data["memberships.json"][0]["course"]["context_id"] == "course-1"
    assert data["case_study_answers.json"][0]["text"] == "Zoë's answer"
    assert len(data["completions.json"]) == 1
    assert data["assessment_attempts.json"][0]["responses"] == {"q1": ["a"]}
    [submission] = data["peer_submissions.json"]
    assert submission["versions"][0]["text"].startswith("Response of learner-0")
    assert submission["attachments"][0]["file"] == attached[0]
    assert len(submission["reviews_received"]) == 2 and submission["released_grade"]["score"] is not None
    assert "reviewer" not in json.dumps(submission["reviews_received"])  # reviewers stay anonymous
    assert len(data["peer_reviews_given.json"]) == 2
    assert data["peer_reviews_given.json"][0]["overall"] == "Notes by learner-0"
    assert len(data["peer_review_assignments.json"]) == 2
    assert data["grades_sent.json"] and data["grades_sent.json"][0]["score_maximum"] == 100
    assert any(a["action"] == "release" and a["about_this_learner"] for a in data["audit_entries.json"])
    with world.app.app_context():
        record = db.session.scalars(select(DataRequest)).one()
        assert record.kind == "export" and TARGET not in record.subject_hash + record.detail_json


def test_delete_leaves_nothing_identifying_and_others_grades_unchanged(klass):
    world, platform_id = klass
    before = _grades(world)
    assert all(0 < grade < 1 for grade in before.values()), before  # graded, reviewing credit included
    with world.app.app_context():
        keys = list(db.session.scalars(select(PeerAttachment.storage_key)))
    files = [world.app.instance_path + "/peer_files/" + k for k in keys]
    assert len(files) == 1
    runner = world.app.test_cli_runner()
    refused = runner.invoke(args=["learner", "delete", "--platform", str(platform_id), "--sub", TARGET], input="n\n")
    assert refused.exit_code != 0 and _grades(world) == before  # asked, declined, nothing happened
    result = runner.invoke(args=["learner", "delete", "--platform", str(platform_id), "--sub", TARGET, "--yes"])
    assert result.exit_code == 0, result.output
    assert "reviews given kept anonymous: 2" in result.output

    after = _grades(world)
    others = [s for s in before if s != TARGET]
    assert {s: after[s] for s in others} == {s: before[s] for s in others}  # incl. reviewing credit
    assert not any(os.path.exists(f) for f in files)
    with world.app.app_context():
        users = db.session.scalars(select(LtiUser)).all()
        assert TARGET not in {u.sub for u in users}
        assert not [u for u in users if "Zoë" in u.name or "zoe@" in u.email]
        erased = next(u for u in users if u.sub.startswith("erased-"))
        assert db.session.scalars(select(Membership).filter_by(user_id=erased.id)).all() == []
        for model in (CaseAnswer, ActivityCompletion, AssessmentAttempt):
            assert db.session.scalars(select(model).filter_by(user_id=erased.id)).all() == []
        shell = db.session.scalars(select(PeerSubmission).filter_by(user_id=erased.id)).one()
        assert shell.draft_text == "" and db.session.scalars(select(PeerAttachment)).all() == []
        assert all(v.text == "" for v in db.session.scalars(select(PeerVersion).filter_by(submission_id=shell.id)))
        assert all(r.overall == "" for r in db.session.scalars(select(PeerReview).filter_by(submission_id=shell.id)))
        written = db.session.scalars(select(PeerReview).filter_by(reviewer_id=erased.id)).all()
        assert len(written) == 2  # the reviews they wrote stay, now by an anonymous placeholder
        from lti_tool.grades.models import GradeOutbox

        assert db.session.scalars(select(GradeOutbox).filter_by(user_id=erased.id)).all() == []
        record = db.session.scalars(select(DataRequest).filter_by(kind="delete")).one()
        assert TARGET not in record.detail_json and len(record.subject_hash) == 64
        assert record.detail["attachment_files"] == 1
    gone = runner.invoke(args=["learner", "export", "--platform", str(platform_id), "--sub", TARGET])
    assert gone.exit_code != 0 and "no learner" in gone.output
