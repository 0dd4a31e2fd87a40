"""The same assessment, answered the same way, grades and reveals the same in the LTI tool, in Open edX and in the
SCORM package's JavaScript grader (in Chromium).

Every question type of the fixture assessment (single and multiple choice, true/false, numeric, short text) and
every attempt policy (1, 2 or 3 attempts, or unlimited; best or last attempt kept) is played as a sequence of
attempts. After each attempt the channels must agree on the points per question, the score, pass or fail, the
attempts left, whether explanations and correct answers are revealed (:mod:`curriculum.reveal`: never while an
attempt remains), the score kept for the gradebook, and that an attempt beyond the limit is refused."""

from __future__ import annotations

import dataclasses
import io
import random
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import select

from curriculum import load_course
from lti_tool.activity_models import BEST, LAST
from lti_tool.extensions import db
from lti_tool.grades.models import GradeOutbox
from lti_tool.models import LEARNER, Membership
from lti_tool.services import assessment as lti_assessment
from tests.parity.lti_course import provisioned_link

ITEM = "sample.assessment"
FIXTURE_COURSE = Path(__file__).parents[1] / "curriculum" / "fixtures" / "good"
ANSWERS = {  # per question id of the fixture assessment: right, wrong, partly right and malformed-but-valid answers
    "q1": [None, "a", "b", "c"],
    "q2": [[], ["a"], ["a", "b"], ["a", "c"], ["a", "b", "c"], ["c"]],
    "q3": [None, "true", "false"],
    "q4": [None, "25", "25,4", "24.5", "26", " 25 ", "25%", "1,000.5"],
    "q5": [None, "eje", "Eje", "  el   eje ", "axis", "ejes"],
}


@dataclass(frozen=True)
class Policy:
    attempts: int  # 0: unlimited
    kept: str  # best | last
    tries: int  # attempts the learner makes (one more than allowed is refused)


POLICIES = [Policy(1, BEST, 2), Policy(2, BEST, 3), Policy(2, LAST, 3), Policy(3, LAST, 4), Policy(3, BEST, 2),
            Policy(0, BEST, 4), Policy(0, LAST, 3)]


def attempts_for(policy: Policy) -> list[dict]:
    rng = random.Random(f"{policy.attempts}-{policy.kept}-{policy.tries}")
    tries = []
    for _ in range(policy.tries):
        responses = {q: rng.choice(values) for q, values in ANSWERS.items()}
        tries.append({q: v for q, v in responses.items() if v not in (None, [])})
    return tries


@dataclass
class Step:
    """What a channel shows after one attempt (None for an attempt it refused)."""

    refused: bool
    points: list = field(default_factory=list)  # per question, in the assessment's order
    score: float | None = None
    passed: bool | None = None
    left: int | None = None
    revealed: bool | None = None
    kept: float | None = None  # fraction kept for the gradebook


# ---- the LTI tool, through its assessment service ------------------------------------------------------------------
def play_lti(app, assessment, policy: Policy) -> list[Step]:
    steps = []
    with app.app_context():
        context, link, [user] = provisioned_link(ITEM, ["learner"])
        db.session.add(Membership(context_id=context.id, user_id=user.id, role=LEARNER))
        db.session.commit()
        lti_assessment.set_policy(assessment, link, policy.kept)
        for n, responses in enumerate(attempts_for(policy), start=1):
            try:
                row = lti_assessment.submit(assessment, link, user.id, n, responses, "en", send_score=True)
            except lti_assessment.AttemptRefused as exc:
                assert exc.reason == "used-up"
                db.session.rollback()
                steps.append(Step(True))
                continue
            standing = lti_assessment.standing(assessment, link.id, user.id)
            sent = db.session.scalars(select(GradeOutbox).order_by(GradeOutbox.id.desc())).first()
            results = row.results
            steps.append(Step(False, [results[q.id]["points"] for q in assessment.questions], row.score, row.passed,
                              standing.left, standing.answers_revealed, sent.score_given / sent.score_maximum))
    return steps


# ---- the Open edX block ----------------------------------------------------------------------------------------------
def play_xblock(make_block, learner, assessment, policy: Policy) -> list[Step]:
    usage = make_block(f'<fieldschool_assessment item_id="{ITEM}" attempts_allowed="{policy.attempts}" '
                       f'score_policy="{policy.kept}"/>')
    person = learner(usage, "learner")
    steps = []
    for responses in attempts_for(policy):
        status, body = person.call("submit", {"responses": responses})
        if status == 400:
            assert body["error"] == "You have used all your attempts."
            steps.append(Step(True))
            continue
        assert status == 200, body
        block = person.block
        person.runtime._patch_xblock(block)
        item = block.curriculum_item()
        ctx = block.body_context(item)
        by_id = {q["id"]: q["result"]["points"] for q in ctx["questions"]}
        grade = person.runtime.of("grade")[-1]
        steps.append(Step(False, [by_id[q.id] for q in assessment.questions], body["score"], body["passed"],
                          body["attempts_left"], ctx["answers_revealed"], grade["value"] / grade["max_value"]))
    return steps


# ---- the SCORM package's JavaScript grader, in Chromium -------------------------------------------------------------
@pytest.fixture(scope="module")
def sco_page(tmp_path_factory, _chromium):
    """The package's page in the test process's one Chromium (tests/conftest.py: Playwright's sync API allows one
    per thread)."""
    from scorm_export import export_scorm

    root = tmp_path_factory.mktemp("sco")
    for package in export_scorm(load_course(FIXTURE_COURSE), "1.2", "module", "sample", "en"):
        with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
            archive.extractall(root)
    context = _chromium.new_context()
    page = context.new_page()
    page.set_default_timeout(10000)
    page.goto((root / "sample" / "index.html").as_uri())
    page.locator("#fs-status[data-kind]").wait_for()
    yield page
    context.close()


def play_scorm(page, assessment, policy: Policy) -> list[Step]:
    """The package's own functions: ``grade`` for each attempt and ``revealAnswers`` after it (a package keeps the
    best attempt; an attempt beyond the limit is not offered)."""
    steps, used, best = [], 0, 0.0
    for responses in attempts_for(policy):
        if policy.attempts and used >= policy.attempts:
            steps.append(Step(True))
            continue
        used += 1
        js = page.evaluate("a => ({g: FieldSchoolSCO.grade(FieldSchoolSCO.parts.assessment, a.r), "
                           "rv: FieldSchoolSCO.revealAnswers({attempts: a.n}, a.k)})",
                           {"r": responses, "n": policy.attempts, "k": used})
        best = max(best, js["g"]["score"])
        left = None if not policy.attempts else policy.attempts - used
        steps.append(Step(False, [q["points"] for q in js["g"]["questions"]], js["g"]["score"], js["g"]["passed"],
                          left, js["rv"], best if policy.kept == BEST else None))
    return steps


def assert_same(name: str, a: list[Step], b: list[Step], compare_kept: bool = True) -> None:
    for n, (x, y) in enumerate(zip(a, b, strict=True), start=1):
        where = f"{name}, attempt {n}"
        assert x.refused == y.refused, f"{where}: refused in one channel only"
        if x.refused:
            continue
        assert x.points == pytest.approx(y.points), f"{where}: points per question {x.points} vs {y.points}"
        assert x.score == pytest.approx(y.score), f"{where}: score {x.score} vs {y.score}"
        assert x.passed == y.passed, f"{where}: passed {x.passed} vs {y.passed}"
        assert x.left == y.left, f"{where}: attempts left {x.left} vs {y.left}"
        assert x.revealed == y.revealed, f"{where}: answers revealed {x.revealed} vs {y.revealed}"
        if compare_kept and x.kept is not None and y.kept is not None:
            assert x.kept == pytest.approx(y.kept, abs=1e-6), f"{where}: score kept {x.kept} vs {y.kept}"


@pytest.mark.parametrize("policy", POLICIES, ids=[f"{p.attempts or 'unlimited'}-{p.kept}" for p in POLICIES])
def test_lti_open_edx_and_scorm_grade_and_reveal_alike(policy, lti_app, make_block, learner, sco_page):
    assessment = dataclasses.replace(load_course(FIXTURE_COURSE).find_item(ITEM, "en"), attempts=policy.attempts)
    assert {q.type.value for q in assessment.questions} >= {"single_choice", "multiple_choice", "true_false",
                                                            "numeric", "short_text"}
    lti = play_lti(lti_app, assessment, policy)
    xblock = play_xblock(make_block, learner, assessment, policy)
    scorm = play_scorm(sco_page, assessment, policy)
    name = f"{policy.attempts or 'unlimited'} attempts, {policy.kept} kept"
    assert_same(f"{name}: LTI vs Open edX", lti, xblock)
    assert_same(f"{name}: LTI vs SCORM", lti, scorm)
    for steps in (lti, xblock, scorm):  # the rule itself: nothing is revealed while an attempt remains
        for step in steps:
            assert step.refused or step.revealed == (step.left == 0), name
    assert any(not s.refused and 0 < s.score < 1 for s in lti) or policy.tries < 3, "no partial score was tried"
