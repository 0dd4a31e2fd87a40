"""Peer exercise end to end against the dev platform: a class submits, reviews under leases, gets median grades;
the instructor overrides with a reason, releases, and the platform's AGS endpoint records the scores. Small pools,
deadlines and lease expiry degrade as the core's rules say, and the learner is told so."""

from __future__ import annotations

from datetime import timedelta

import pytest
from lti_peer_helpers import ITEM, launch_member, post, request_review, review, submit
from sqlalchemy import func, select

from lti_tool.extensions import db
from lti_tool.models import LtiUser, utcnow
from lti_tool.peer import submissions
from lti_tool.peer.models import (
    DONE,
    EXPIRED,
    LEASED,
    PeerAssignment,
    PeerAudit,
    PeerGradeRecord,
    PeerReview,
    PeerSettings,
    PeerSubmission,
    PeerVersion,
)


def _stored_settings() -> PeerSettings:
    """The peer link's settings row, stored from the item's defaults as an instructor's first save would."""
    from lti_tool.models import ResourceLink
    from lti_tool.peer.settings import get_settings
    from lti_tool.services.course import get_course

    link_id = db.session.scalars(select(ResourceLink.id).filter_by(item_id=ITEM)).one()
    return get_settings(link_id, get_course().find_item(ITEM))


def _settings(world, **values):
    with world.app.app_context():
        row = _stored_settings()
        for k, v in values.items():
            setattr(row, k, v)
        db.session.commit()


def _submission_of(world, sub: str) -> int:
    from lti_tool.models import LtiUser

    with world.app.app_context():
        return db.session.scalars(select(PeerSubmission.id).join(LtiUser, LtiUser.id == PeerSubmission.user_id)
                                  .where(LtiUser.sub == sub)).one()


def _line_item(world):
    return world.platform.create_line_item("course-1", {"label": "Peer", "scoreMaximum": 100})["id"]


def _scores(world, lineitem):
    """Scores the platform's AGS endpoint recorded for the line item, once the grade outbox is drained."""
    from lti_tool.grades.outbox import flush

    with world.app.app_context():
        flush()
    return [s for s in world.platform.scores if s["lineitem"] == lineitem]


def test_a_class_submits_reviews_and_gets_median_grades_released_to_the_gradebook(world):
    lineitem = _line_item(world)
    learners = [launch_member(world, f"learner-{i}", lineitem=lineitem) for i in range(4)]
    teacher = launch_member(world, "teacher", instructor=True, lineitem=lineitem)
    for i, m in enumerate(learners):
        assert submit(world, m, f"Response number {i} with **facts**").status_code == 200
    # each learner gives the required 2 reviews (sample.exercise asks for 2)
    levels = {0: {"evidence": 3, "clarity": 1}, 1: {"evidence": 2, "clarity": 1}, 2: {"evidence": 1, "clarity": 0},
              3: {"evidence": 3, "clarity": 1}}
    for _round in range(2):
        for i, m in enumerate(learners):
            page = request_review(world, m)
            assert "The response" in page.text
            assert f"Response number {i} " not in page.text  # never one's own
            assert review(world, m, levels[i]).status_code == 200
    with world.app.app_context():
        pairs = db.session.execute(select(PeerAssignment.reviewer_id, PeerAssignment.submission_id,
                                          PeerAssignment.status)).all()
        assert len(pairs) == 8 and all(s == DONE for *_x, s in pairs)
        assert len({(r, s) for r, s, _ in pairs}) == 8
        received = dict(db.session.execute(select(PeerReview.submission_id, func.count()).group_by(
            PeerReview.submission_id)).all())
        assert sorted(received.values()) == [2, 2, 2, 2]  # fewest-reviews-first spreads the work exactly
    home = learners[0].browser.http.get(learners[0].page.url)
    assert "Reviewer 1" in home.text and "Reviewer 2" in home.text
    assert "Learner 1" not in home.text and "Learner 2" not in home.text  # reviewers stay anonymous
    assert "Your grade" not in home.text  # not released yet
    roster = teacher.browser.http.get(teacher.url(world, "instructor/"))
    assert "Learner 0" in roster.text and "4 ready" in roster.text
    # release: every learner's median grade goes through the outbox to the platform
    assert post(world, teacher, "instructor/release").status_code == 200
    scores = _scores(world, lineitem)
    assert {s["userId"] for s in scores} == {f"learner-{i}" for i in range(4)}
    assert all(s["gradingProgress"] == "FullyGraded" and s["activityProgress"] == "Completed" for s in scores)
    assert all(0 <= s["scoreGiven"] <= s["scoreMaximum"] == 100 for s in scores)
    home = learners[0].browser.http.get(learners[0].page.url)
    assert "Your grade" in home.text


def test_grade_is_the_median_and_instructor_override_needs_a_reason_and_is_audited(world):
    lineitem = _line_item(world)
    learners = [launch_member(world, f"learner-{i}", lineitem=lineitem) for i in range(3)]
    teacher = launch_member(world, "teacher", instructor=True, lineitem=lineitem)
    for m in learners:
        submit(world, m, f"work of {m.sub}")
    # learner-0's work: reviewed by learner-1 and learner-2 with very different levels (disagreement)
    given = {"learner-1": {"evidence": 3, "clarity": 1}, "learner-2": {"evidence": 0, "clarity": 0},
             "learner-0": {"evidence": 1, "clarity": 1}}
    for _ in range(2):
        for m in learners:
            request_review(world, m)
            review(world, m, given[m.sub])
    sub_id = _submission_of(world, "learner-0")
    flagged = teacher.browser.http.get(teacher.url(world, "instructor/?filter=flagged"))
    assert "Learner 0" in flagged.text
    detail = teacher.browser.http.get(teacher.url(world, f"instructor/submission/{sub_id}"))
    assert "Reviewers disagree widely" in detail.text
    assert "Learner 1" in detail.text and "Learner 2" in detail.text  # instructors see names
    # median of (3+1) and (0+0) over max 5 → evidence 1.5, clarity 1 → 2.5/5 = 50%
    assert "Grade: 50%" in detail.text
    # override without reason is refused
    refused = post(world, teacher, f"instructor/submission/{sub_id}/grade",
                   {"level-evidence": "3", "level-clarity": "1"})
    assert "needs a reason" in refused.text
    ok = post(world, teacher, f"instructor/submission/{sub_id}/grade",
              {"level-evidence": "3", "level-clarity": "1", "reason": "Peer 2 misread the prompt"})
    assert "Grade: 100%" in ok.text and "Peer 2 misread the prompt" in ok.text
    with world.app.app_context():
        entry = db.session.scalars(select(PeerAudit).filter_by(action="override")).one()
        assert entry.reason == "Peer 2 misread the prompt" and entry.detail["levels"] == {"evidence": 3, "clarity": 1}
    post(world, teacher, "instructor/release", {"submission": str(sub_id)})
    scores = _scores(world, lineitem)
    assert [(s["userId"], s["scoreGiven"]) for s in scores] == [("learner-0", 100.0)]


def test_instructor_graded_only_mode_has_no_peer_reviews(world):
    lineitem = _line_item(world)
    teacher = launch_member(world, "teacher", instructor=True, lineitem=lineitem)
    post(world, teacher, "instructor/settings", {"mode": "instructor", "lease_minutes": "60"})
    a = launch_member(world, "learner-a", lineitem=lineitem)
    b = launch_member(world, "learner-b", lineitem=lineitem)
    submit(world, a, "case answer A")
    submit(world, b, "case answer B")
    page = a.browser.http.get(a.page.url)
    assert "Review your peers" not in page.text
    assert "Your instructor will grade your response." in page.text
    assert "Only instructors" not in request_review(world, a).text
    with world.app.app_context():
        assert db.session.scalar(select(func.count(PeerAssignment.id))) == 0
        sub_id = db.session.scalars(select(PeerSubmission.id).order_by(PeerSubmission.id)).first()
    post(world, teacher, f"instructor/submission/{sub_id}/grade", {"level-evidence": "2", "level-clarity": "1"})
    post(world, teacher, "instructor/release")
    assert [(s["userId"], s["scoreGiven"]) for s in _scores(world, lineitem)] == [("learner-a", 80.0)]


def test_automatic_release_sends_the_grade_when_it_becomes_final(world):
    lineitem = _line_item(world)
    teacher = launch_member(world, "teacher", instructor=True, lineitem=lineitem)
    post(world, teacher, "instructor/settings", {"mode": "peer", "reviews_required": "1", "lease_minutes": "60",
                                                 "auto_release": "on"})
    a, b = (launch_member(world, f"learner-{x}", lineitem=lineitem) for x in "ab")
    submit(world, a, "A")
    submit(world, b, "B")
    request_review(world, a)
    review(world, a, {"evidence": 3, "clarity": 1})
    assert [(s["userId"], s["scoreGiven"]) for s in _scores(world, lineitem)] == [("learner-b", 100.0)]


def test_resubmission_keeps_every_version_until_the_deadline(world):
    a = launch_member(world, "learner-a")
    submit(world, a, "first version")
    page = submit(world, a, "second version")
    assert "version 2" in page.text and "first version" in page.text  # the history lists both
    with world.app.app_context():
        assert [v.text for v in db.session.scalars(select(PeerVersion).order_by(PeerVersion.number))] == [
            "first version", "second version"]
    _settings(world, submission_deadline=utcnow() - timedelta(minutes=1))
    closed = submit(world, a, "third version")
    assert "The submission deadline has passed" in closed.text
    with world.app.app_context():
        assert db.session.scalar(select(func.count(PeerVersion.id))) == 2


def test_draft_is_autosaved_and_preview_is_sanitised(world):
    a = launch_member(world, "learner-a")
    saved = a.browser.http.post(a.url(world, "draft"), data={"text": "half *done*"},
                                headers={"X-CSRFToken": _token(a), "X-Requested-With": "fetch"})
    assert saved.status_code == 200 and "saved_at" in saved.json()
    again = launch_member(world, "learner-a")  # a new launch, another device
    assert "half *done*" in again.page.text
    preview = a.browser.http.post(a.url(world, "preview"), headers={"X-CSRFToken": _token(a)},
                                  data={"text": "**bold** <script>alert(1)</script><img src=x onerror=alert(2)>"})
    html = preview.json()["html"]
    assert "<strong>bold</strong>" in html and "<script" not in html and "onerror" not in html


def test_posts_without_csrf_token_are_refused(world):
    a = launch_member(world, "learner-a")
    assert a.browser.http.post(a.url(world, "submit"), data={"text": "x"}).status_code == 400
    assert a.browser.http.post(a.url(world, "draft"), data={"text": "x"}).status_code == 400


def _token(member):
    from lti_peer_helpers import token

    return token(member)


def test_small_pool_lowers_required_reviews_and_says_so(world):
    a, b = (launch_member(world, f"learner-{x}") for x in "ab")
    _settings(world, reviews_required=3)
    submit(world, a, "A")
    page = submit(world, b, "B")
    assert "each response needs fewer peer reviews than usual: 1" in page.text
    assert "reviews given: 0 of 1" in page.text
    request_review(world, b)
    review(world, b, {"evidence": 2, "clarity": 1})
    # a's work got its one review: graded; b waits for a's review
    page_a = a.browser.http.get(a.page.url)
    assert "graded" in page_a.text


def test_the_first_learner_to_submit_is_told_peers_will_review_not_the_instructor(world):
    a = launch_member(world, "learner-a")
    page = submit(world, a, "A alone")
    assert "your peers will review your response as they submit theirs" in page.text
    assert "Your instructor will grade your response." not in page.text
    refused = request_review(world, a)
    assert "no response from a peer for you to review yet" in refused.text
    teacher = launch_member(world, "teacher", instructor=True)
    stuck = teacher.browser.http.get(teacher.url(world, "instructor/?filter=stuck"))
    assert "Learner A" not in stuck.text  # nothing for the instructor to do while peers can still submit


def test_after_the_review_deadline_a_submission_is_graded_on_the_reviews_it_has(world):
    lineitem = _line_item(world)
    learners = [launch_member(world, f"learner-{i}", lineitem=lineitem) for i in range(3)]
    for m in learners:
        submit(world, m, f"work {m.sub}")
    request_review(world, learners[0])
    review(world, learners[0], {"evidence": 2, "clarity": 1})  # one review of one submission
    _settings(world, review_deadline=utcnow() - timedelta(minutes=1))
    with world.app.app_context():
        reviewed = db.session.scalars(select(PeerAssignment.submission_id)).one()
        author = db.session.get(PeerSubmission, reviewed).user_id
    by_sub = {m.sub: m for m in learners}
    with world.app.app_context():
        from lti_tool.models import LtiUser

        author_sub = db.session.get(LtiUser, author).sub
    page = by_sub[author_sub].browser.http.get(by_sub[author_sub].page.url)
    assert "graded" in page.text  # graded on the one review it got
    other = next(m for m in learners if m.sub not in (author_sub, "learner-0"))
    page = other.browser.http.get(other.page.url)
    assert "Your instructor will grade your response." in page.text  # no review in time: the instructor grades
    assert "Review a peer" not in page.text
    assert "Reviewing is closed" in request_review(world, other).text


def test_an_abandoned_lease_expires_and_frees_the_submission(world):
    a, b, c = (launch_member(world, f"learner-{x}") for x in "abc")
    _settings(world, reviews_required=1, lease_minutes=30)
    for m in (a, b, c):
        submit(world, m, f"work {m.sub}")
    request_review(world, a)  # a holds one submission and walks away
    with world.app.app_context():
        lease = db.session.scalars(select(PeerAssignment)).one()
        held = lease.submission_id
        lease.leased_at = utcnow() - timedelta(minutes=31)
        lease.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
        holder_sub = db.session.scalars(select(PeerSubmission).filter_by(user_id=lease.reviewer_id)).one().id
    # the others ask: the expired lease no longer counts, so the freed submission is offered first again
    for m in (b, c):
        request_review(world, m)
    with world.app.app_context():
        statuses = {(r.reviewer_id, r.submission_id): r.status for r in db.session.scalars(select(PeerAssignment))}
        assert EXPIRED in statuses.values()
        leased_subs = [s for (_r, s), st in statuses.items() if st == LEASED]
        assert held in leased_subs or holder_sub in leased_subs
    # a's late review is still accepted if nobody else reviewed... a asks again and gets a fresh lease
    page = request_review(world, a)
    assert "The response" in page.text
    assert review(world, a, {"evidence": 1, "clarity": 1}).status_code == 200


def test_instructor_reassigns_a_review(world):
    a, b, c = (launch_member(world, f"learner-{x}") for x in "abc")
    teacher = launch_member(world, "teacher", instructor=True)
    for m in (a, b, c):
        submit(world, m, f"work {m.sub}")
    request_review(world, a)
    with world.app.app_context():
        lease = db.session.scalars(select(PeerAssignment)).one()
        lease_id, sub_id, holder = lease.id, lease.submission_id, lease.reviewer_id
        others = [s for s in db.session.scalars(select(PeerSubmission)) if s.user_id not in (holder,)
                  and s.id != sub_id]
        new_reviewer = others[0].user_id
    post(world, teacher, f"instructor/lease/{lease_id}/cancel")
    post(world, teacher, f"instructor/submission/{sub_id}/assign", {"reviewer": str(new_reviewer)})
    with world.app.app_context():
        rows = {r.reviewer_id: r.status for r in db.session.scalars(select(PeerAssignment).filter_by(
            submission_id=sub_id))}
        assert rows == {holder: "cancelled", new_reviewer: LEASED}
        assert {a.action for a in db.session.scalars(select(PeerAudit))} >= {"cancel_lease", "assign"}
    # the cancelled lease cannot be completed any more
    refused = post(world, a, f"review/{lease_id}", {"level-evidence": "1", "level-clarity": "1"})
    assert "handed to someone else" in refused.text
    with world.app.app_context():
        assert db.session.scalar(select(func.count(PeerReview.id))) == 0


def test_a_draft_is_never_handed_to_a_reviewer(world):
    a, b = (launch_member(world, f"learner-{x}") for x in "ab")
    teacher = launch_member(world, "teacher", instructor=True)
    submit(world, b, "work of b")
    with world.app.app_context():
        b_submission = db.session.scalars(select(PeerSubmission)).one()
        link_id, b_user = b_submission.resource_link_id, b_submission.user_id
        a_user = db.session.scalars(select(LtiUser).filter_by(sub=a.sub)).one().id
        submissions.save_draft(link_id, a_user, "a's unfinished draft")
        draft_id = submissions.find_submission(link_id, a_user).id
    refused = post(world, teacher, f"instructor/submission/{draft_id}/assign", {"reviewer": str(b_user)})
    assert "still a draft" in refused.text
    with world.app.app_context():
        assert db.session.scalar(select(func.count(PeerAssignment.id))) == 0


def test_self_assessment_is_kept_apart_from_peer_grades(world):
    a, b = (launch_member(world, f"learner-{x}") for x in "ab")
    submit(world, a, "A")
    form = a.browser.http.get(a.url(world, "self"))
    assert "Assess your own response" in form.text
    post(world, a, "self", {"level-evidence": "3", "level-clarity": "1", "overall": "I did well"})
    with world.app.app_context():
        row = db.session.scalars(select(PeerReview)).one()
        assert row.kind == "self" and row.levels == {"evidence": 3, "clarity": 1}


@pytest.mark.parametrize("name, data, accepted", [
    ("notes.pdf", b"%PDF-1.4\n%fake but starts right\n", True),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, True),
    ("voice note.m4a", b"\0\0\0\x20ftypM4A \0\0\0\0", True),  # a voice note instead of written text
    ("evil.pdf", b"<html><script>alert(1)</script>", False),  # extension lies about the content
    ("run.exe", b"MZ\x90\x00", False),
    ("page.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", False),
])
def test_attachments_are_checked_by_content(world, name, data, accepted):
    a = launch_member(world, "learner-a")
    page = submit(world, a, "with a file", files={"files": (name, data, "application/octet-stream")})
    with world.app.app_context():
        from lti_tool.peer.models import PeerAttachment

        stored = db.session.scalars(select(PeerAttachment)).all()
    assert bool(stored) is accepted, page.text[:500]
    if accepted:
        link = a.browser.http.get(a.url(world, f"files/{stored[0].id}"))
        assert link.status_code == 200 and link.content == data
        assert "sandbox" in link.headers["Content-Security-Policy"]
        if name.endswith(".m4a"):  # played in the browser, not only downloaded
            assert link.headers["Content-Type"].startswith("audio/mp4")
            assert link.headers["Content-Disposition"].startswith("inline")
    else:
        assert "not accepted" in page.text or "does not match its type" in page.text


def test_attachment_size_limit(tmp_path):
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, PEER_MAX_ATTACHMENT_BYTES=1000)
    try:
        a = launch_member(world, "learner-a")
        page = submit(world, a, "big", files={"files": ("big.pdf", b"%PDF-" + b"x" * 2000, "application/pdf")})
        assert "The file is too large" in page.text
    finally:
        world.stop()


def test_peer_item_link_opens_the_peer_page_and_case_item_does_not(world):
    a = launch_member(world, "learner-a")
    assert "/lti/peer/" in a.page.url
    page = world.launch(custom={"fieldschool_item": "sample.case"})
    assert "/lti/peer/" not in page.url
    assert ITEM


@pytest.mark.parametrize("locale, phrase", [("es", "Su respuesta"), ("fr", "Votre réponse"),
                                            ("pt-BR", "Sua resposta")])
def test_the_learner_is_told_in_their_language(world, locale, phrase):
    from lti_live import Browser

    page = world.launch(browser=Browser(), locale=locale, custom={"fieldschool_item": ITEM},
                        resource_link={"id": "peer-1"})
    assert phrase in page.text


def _reviewed_class(world, lineitem):
    """Three learners who submitted and gave each other the two reviews asked for; and their teacher."""
    learners = [launch_member(world, f"learner-{i}", lineitem=lineitem) for i in range(3)]
    teacher = launch_member(world, "teacher", instructor=True, lineitem=lineitem)
    for m in learners:
        submit(world, m, f"work of {m.sub}")
    for _ in range(2):
        for m in learners:
            request_review(world, m)
            review(world, m, {"evidence": 1, "clarity": 1})
    return learners, teacher


def test_an_override_after_release_goes_to_the_gradebook_again_and_the_roster_never_claims_an_old_grade(world):
    lineitem = _line_item(world)
    learners, teacher = _reviewed_class(world, lineitem)
    sub_id = _submission_of(world, "learner-0")
    released = post(world, teacher, "instructor/release", {"submission": str(sub_id)})
    assert "1 grade was sent to the gradebook." in released.text  # not "1 grades were sent"
    assert [(s["userId"], s["scoreGiven"]) for s in _scores(world, lineitem)] == [("learner-0", 60.0)]
    roster = teacher.browser.http.get(teacher.url(world, "instructor/")).text
    assert "60% · released: delivered" in roster

    overridden = post(world, teacher, f"instructor/submission/{sub_id}/grade",
                      {"level-evidence": "3", "level-clarity": "1", "reason": "Reviewers missed the evidence"})
    assert "sent to the gradebook again" in overridden.text
    roster = teacher.browser.http.get(teacher.url(world, "instructor/")).text
    assert "100% (instructor) · released: waiting" in roster  # in the outbox, not yet delivered
    assert [(s["userId"], s["scoreGiven"]) for s in _scores(world, lineitem)] == [("learner-0", 60.0),
                                                                                  ("learner-0", 100.0)]
    roster = teacher.browser.http.get(teacher.url(world, "instructor/")).text
    assert "100% (instructor) · released: delivered" in roster
    page = learners[0].browser.http.get(learners[0].page.url).text
    assert "Your grade: 100%" in page and "delivered to your course's gradebook" in page


def test_a_grade_that_differs_from_what_was_released_is_marked_changed_not_yet_released(world):
    lineitem = _line_item(world)
    _learners, teacher = _reviewed_class(world, lineitem)
    post(world, teacher, "instructor/release")
    with world.app.app_context():  # what the gradebook holds no longer matches the grade (e.g. released earlier)
        record = db.session.scalars(select(PeerGradeRecord).filter_by(submission_id=_submission_of(world, "learner-1"))
                                    ).one()
        record.score = 0.2
        db.session.commit()
    roster = teacher.browser.http.get(teacher.url(world, "instructor/")).text
    assert roster.count("changed, not yet released") == 1 and roster.count("released: ") == 2
    assert "Release grades to the gradebook (1 ready)" in roster


def test_release_messages_use_plural_forms_in_every_language(world):
    from flask_babel import force_locale, ngettext

    singular, plural = "%(num)s grade was sent to the gradebook.", "%(num)s grades were sent to the gradebook."
    expected = {"en": ("1 grade was sent", "3 grades were sent"), "es": ("1 calificación fue enviada",
                                                                        "3 calificaciones fueron enviadas"),
                "fr": ("1 note a été envoyée", "3 notes ont été envoyées"),
                "pt": ("1 nota foi enviada", "3 notas foram enviadas")}
    with world.app.test_request_context():
        for language, (one, three) in expected.items():
            with force_locale(language):
                assert ngettext(singular, plural, 1).startswith(one), language
                assert ngettext(singular, plural, 3).startswith(three), language


def test_a_third_learner_submitting_never_withdraws_a_grade_already_reached(world):
    lineitem = _line_item(world)
    teacher = launch_member(world, "teacher", instructor=True, lineitem=lineitem)
    post(world, teacher, "instructor/settings", {"mode": "peer", "reviews_required": "2", "lease_minutes": "60",
                                                 "auto_release": "on"})
    _settings(world, reviewing_weight=0.2)
    alice, bob = (launch_member(world, f"learner-{x}", lineitem=lineitem) for x in ("alice", "bob"))
    submit(world, alice, "A")
    submit(world, bob, "B")
    for reviewer in (alice, bob):  # a pool of two: one review each is all it can give
        request_review(world, reviewer)
        review(world, reviewer, {"evidence": 3, "clarity": 1})
    page = bob.browser.http.get(bob.page.url)
    assert "reviews received: 1 of 1" in page.text and "graded" in page.text
    released = _scores(world, lineitem)
    assert {s["userId"]: s["scoreGiven"] for s in released} == {"learner-alice": 100.0, "learner-bob": 100.0}

    carmen = launch_member(world, "learner-carmen", lineitem=lineitem)
    submit(world, carmen, "C")  # the pool now asks each newcomer for two reviews

    page = bob.browser.http.get(bob.page.url)
    alice.browser.http.get(alice.page.url)
    assert "reviews received: 1 of 1" in page.text and "1 of 2" not in page.text and "graded" in page.text
    assert _scores(world, lineitem) == released  # nothing sent again, nothing lowered
    assert "reviews given: 0 of 2" in carmen.browser.http.get(carmen.page.url).text


def test_a_level_in_superscript_digits_is_refused_like_any_other_wrong_level(world):
    a, b = (launch_member(world, f"learner-{x}") for x in "ab")
    submit(world, a, "A")
    refused = post(world, a, "self", {"level-evidence": "²", "level-clarity": "1"})  # "²".isdigit() is true
    assert refused.status_code < 500
    with world.app.app_context():
        assert db.session.scalar(select(func.count(PeerReview.id))) == 0


def test_a_grade_made_final_by_the_review_deadline_is_released_by_the_drainer_pass_not_by_a_page_view(world):
    """No writes on GET: opening the page after the deadline releases nothing; the score producers the drainer
    runs before each pass (and ``grades flush`` runs) release it, and it stays in the outbox until delivered."""
    from lti_tool.grades import producers
    from lti_tool.grades.models import GradeOutbox

    lineitem = _line_item(world)
    teacher = launch_member(world, "teacher", instructor=True, lineitem=lineitem)
    post(world, teacher, "instructor/settings", {"mode": "peer", "reviews_required": "2", "lease_minutes": "60",
                                                 "auto_release": "on"})
    a, b, c = (launch_member(world, f"learner-{x}", lineitem=lineitem) for x in "abc")
    for member in (a, b, c):
        submit(world, member, f"work of {member.sub}")
    request_review(world, a)
    review(world, a, {"evidence": 3, "clarity": 1})  # one response has one review of the two asked for
    with world.app.app_context():
        assert db.session.scalar(select(func.count(PeerGradeRecord.id))) == 0
    _settings(world, review_deadline=utcnow() - timedelta(minutes=1))  # now graded on the one review it has
    for member in (a, b, c):
        assert member.browser.http.get(member.page.url).status_code == 200
    with world.app.app_context():
        assert db.session.scalar(select(func.count(PeerGradeRecord.id))) == 0  # a page view wrote nothing
        assert db.session.scalar(select(func.count(GradeOutbox.id))) == 0
        assert producers.run() == 1  # what the drainer runs before each pass
        assert producers.run() == 0  # released once
        assert db.session.scalar(select(func.count(GradeOutbox.id))) == 1
    assert [s["scoreGiven"] for s in _scores(world, lineitem)] == [100.0]


def test_grades_flush_releases_the_grades_the_review_deadline_made_final(world):
    lineitem = _line_item(world)
    teacher = launch_member(world, "teacher", instructor=True, lineitem=lineitem)
    post(world, teacher, "instructor/settings", {"mode": "peer", "reviews_required": "2", "lease_minutes": "60",
                                                 "auto_release": "on"})
    a, b, c = (launch_member(world, f"learner-{x}", lineitem=lineitem) for x in "abc")
    for member in (a, b, c):
        submit(world, member, f"work of {member.sub}")
    request_review(world, a)
    review(world, a, {"evidence": 1, "clarity": 0})
    _settings(world, review_deadline=utcnow() - timedelta(minutes=1))
    result = world.app.test_cli_runner().invoke(args=["grades", "flush"])
    assert "Released 1 score(s) that became final" in result.output, result.output
    assert [s["scoreGiven"] for s in world.platform.scores if s["lineitem"] == lineitem] == [20.0]
