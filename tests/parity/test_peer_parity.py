"""The same peer exercise, played the same way, gives the same result in the LTI tool and in Open edX.

Each scenario (pools of 1–6 learners, rubrics of 3–5 criteria, with and without self-assessment, reviewing credit,
a review deadline that passes or not, instructor overrides, late submitters) is a list of steps played through the
LTI tool's services (Flask app, SQLite) and through the peer exercise block in the workbench runtime (peer store).
At every checkpoint both channels must agree on who reviewed whom, who is graded, the final grade that goes to the
gradebook, the points behind it, and whether each learner's part is complete; a grade once sent is never lowered
to nothing, and a completion once shown never taken back, in either channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from curriculum.overrides import rubric_from_yaml
from curriculum.peer.workflow import LearnerState
from lti_tool.extensions import db
from lti_tool.grades.models import GradeOutbox
from lti_tool.models import ResourceLink, utcnow
from lti_tool.peer import grading, release, reviews, submissions
from lti_tool.peer.settings import get_settings, update_settings
from lti_tool.services.course import get_course
from tests.parity.lti_course import provisioned_link

ITEM = "sample.exercise"
REASON = "Checked against the organisation's records"
TOLERANCE = 1e-4  # percent: the LTI score goes out with 4 decimals of percent, the block's with 6 of points


def rubric_yaml(criteria: int, revised: bool = False) -> str:
    """A rubric of ``criteria`` criteria with spans that differ (3 or 4 levels, steps of 1 or 2 points); ``revised``:
    the same criteria, the first one worth three times as much (a rubric changed while the exercise runs)."""
    lines = []
    for j in range(criteria):
        levels, step = 3 + j % 2, (1 + (j % 3 == 2)) * (3 if revised and j == 0 else 1)
        lines += [f"- id: c{j}", f"  title: Criterion {j}", "  levels:"]
        lines += [f"    - {{points: {n * step}, label: L{n}, descriptor: level {n}}}" for n in range(levels)]
    return "\n".join(lines) + "\n"


def levels_for(rubric, reviewer: int, author: int, salt: int = 0) -> dict[str, int]:
    """A deterministic review: what ``reviewer`` gives ``author`` (reviewers differ, so agreement varies)."""
    return {c.id: (reviewer * 7 + author * 3 + j * 5 + salt) % len(c.levels) for j, c in enumerate(rubric.criteria)}


@dataclass(frozen=True)
class Scenario:
    name: str
    learners: int
    criteria: int
    reviews: int
    steps: tuple
    self_assessment: bool = False
    reviewing_weight: float = 0.0
    deadline: bool = False  # a review deadline is set (in the future until a "close" step)
    # a "rubric" step revises the rubric: reviews given before keep theirs in both channels


def everyone(n: int, rounds: int) -> tuple:
    return tuple(("review", i) for _ in range(rounds) for i in range(n))


def submit_all(n: int) -> tuple:
    return tuple(("submit", i) for i in range(n))


SCENARIOS = [
    Scenario("alone: nobody to review, the deadline passes", 1, 3, 2, (*submit_all(1), ("review", 0), "check",
                                                                       "close"), deadline=True),
    Scenario("alone: done when the deadline passes, still done when it is moved later", 1, 3, 2,
             (*submit_all(1), "check", "close", "check", "reopen"), deadline=True),
    Scenario("alone: the instructor grades", 1, 4, 2, (*submit_all(1), ("override", 0)), self_assessment=True),
    Scenario("a pair reviewing each other", 2, 4, 1, (*submit_all(2), ("review", 0), "check", ("review", 1))),
    Scenario("three with self-assessment and reviewing credit", 3, 3, 2,
             (*submit_all(3), *everyone(3, 1), "check", ("self", 0), ("self", 2), *everyone(3, 1)),
             self_assessment=True, reviewing_weight=0.3),
    Scenario("four, some never review, graded on what they have at the deadline", 4, 5, 3,
             (*submit_all(4), ("review", 0), ("review", 1), ("review", 0), ("review", 2), "check", "close"),
             reviewing_weight=0.25, deadline=True),
    Scenario("five with an override of a peer grade", 5, 4, 2,
             (*submit_all(5), *everyone(5, 2), "check", ("override", 3), ("override", 0)),
             reviewing_weight=0.5, deadline=True),
    Scenario("six, half-way through, deadline not passed", 6, 5, 3,
             (*submit_all(6), *everyone(6, 2), ("self", 1), ("review", 2), ("review", 4), ("self", 4)),
             self_assessment=True, reviewing_weight=0.2, deadline=True),
    Scenario("six, deadline passes, override after it", 6, 3, 2,
             (*submit_all(6), *everyone(6, 1), ("review", 5), "check", "close", ("override", 1)),
             reviewing_weight=0.4, deadline=True),
    Scenario("a late submitter never withdraws a grade already reached", 3, 4, 2,
             (*submit_all(2), ("review", 0), ("review", 1), "check", ("submit", 2), ("review", 2), ("review", 2),
              "check", ("review", 0), ("review", 1)), reviewing_weight=0.3),
    # Learner 0 is done with the two reviews a pool of three asks; a fourth learner then makes the pool ask three.
    # Open edX keeps the completion it published; the LTI tool keeps the one it recorded: neither takes it back.
    Scenario("a growing pool never takes back a completion reached", 4, 3, 3,
             (*submit_all(3), ("review", 0), ("review", 0), ("review", 1), "check", ("submit", 3), "check",
              ("review", 1), ("review", 3), "check", *everyone(4, 3))),
    Scenario("the rubric is revised mid-exercise: earlier reviews keep the rubric they were given under", 4, 3, 2,
             (*submit_all(4), *everyone(4, 1), "check", "rubric", *everyone(4, 1), "check", ("override", 2)),
             reviewing_weight=0.3),
    Scenario("instructor-graded only", 3, 3, 0, (*submit_all(3), ("review", 0), "check", ("override", 2)),
             self_assessment=True),
]


@dataclass
class Outcome:
    """What one channel shows at a checkpoint."""

    pairs: list = field(default_factory=list)  # (reviewer, author) in the order reviews were given
    final: dict = field(default_factory=dict)  # learner -> percent sent to the gradebook, None when not graded
    points: dict = field(default_factory=dict)  # learner -> points of the grade that counts
    complete: dict = field(default_factory=dict)  # learner -> their part is done


# ---- the LTI tool, through its services --------------------------------------------------------------------------
class LtiChannel:
    def __init__(self, app, scenario: Scenario, rubric) -> None:
        self.app, self.scenario, self.rubric = app, scenario, rubric
        self.pairs: list[tuple[int, int]] = []
        with app.app_context():
            _context, link, [*users, staff] = provisioned_link(
                ITEM, [f"learner{i}" for i in range(scenario.learners)] + ["staff"])
            self.link_id, self.staff_id = link.id, staff.id
            self.user_ids = [u.id for u in users]
            settings = get_settings(link.id, get_course().find_item(ITEM))
            later = utcnow() + timedelta(days=1) if scenario.deadline else None
            update_settings(settings, reviews_required=scenario.reviews, self_assessment=scenario.self_assessment,
                            reviewing_weight=scenario.reviewing_weight, submission_deadline=later,
                            review_deadline=later)

    def _settings(self):
        return get_settings(self.link_id)

    def _sub(self, i: int):
        return submissions.find_submission(self.link_id, self.user_ids[i])

    def submit(self, i: int) -> None:
        with self.app.app_context():
            submissions.submit(self._settings(), self.user_ids[i], f"Response of learner {i}")

    def review(self, i: int) -> None:
        with self.app.app_context():
            try:
                lease = reviews.request_review(self._settings(), self.user_ids[i])
            except reviews.NotAllowed:
                return
            author = self.user_ids.index(db.session.get(type(self._sub(i)), lease.submission_id).user_id)
            data = reviews.ReviewInput(levels_for(self.rubric, i, author), {}, "", self.rubric)
            reviews.complete_review(lease, data, submissions.version(lease.submission_id).number)
            self.pairs.append((i, author))

    def self_assess(self, i: int) -> None:
        with self.app.app_context():
            reviews.save_self_assessment(self._sub(i), reviews.ReviewInput(levels_for(self.rubric, i, i, 1), {}, "",
                                                                           self.rubric))

    def override(self, i: int) -> None:
        with self.app.app_context():
            sub = self._sub(i)
            grading.instructor_grade(self.rubric, sub, self.staff_id, levels_for(self.rubric, 99, i), {}, "",
                                     REASON, len(reviews.received_reviews(sub.id)))

    def revise_rubric(self) -> None:  # the item's rubric as the curriculum now gives it
        self.rubric, problems = rubric_from_yaml(rubric_yaml(self.scenario.criteria, revised=True))
        assert not problems

    def close(self) -> None:
        with self.app.app_context():
            past = utcnow() - timedelta(minutes=1)
            update_settings(self._settings(), submission_deadline=past, review_deadline=past)

    def reopen(self) -> None:  # the instructor moves the deadlines a week later, through the settings form's service
        with self.app.app_context():
            later = utcnow() + timedelta(days=7)
            reviews.reconfigure(self._settings(), submission_deadline=later, review_deadline=later)

    def outcome(self) -> Outcome:
        """Release every final grade to the outbox (as the instructor's button or automatic release does) and read
        what the gradebook would receive; each learner's standing as their page shows it."""
        result = Outcome(list(self.pairs))
        with self.app.app_context():
            settings = self._settings()
            link = db.session.get(ResourceLink, self.link_id)
            now = utcnow()
            release.release_grades(self.rubric, grading.load_state(settings, now), link, None, now=now)
            sent = {}
            for row in db.session.scalars(select(GradeOutbox).order_by(GradeOutbox.id)):
                sent[row.user_id] = row.score_given / row.score_maximum * 100
            state = grading.load_state(settings, utcnow())
            for i, user_id in enumerate(self.user_ids):
                sub = self._sub(i)
                standing = reviews.learner_standing(settings, user_id, sub, utcnow())
                result.complete[i] = standing.complete
                result.final[i] = sent.get(user_id)
                found = grading.grade_submission(self.rubric, state, sub) if sub and sub.submitted else None
                result.points[i] = found.grade.points if found and found.final is not None else None
                graded = standing.status.state is LearnerState.GRADED
                assert graded == (found is not None and found.grade is not None), (i, standing.status)
        return result


# ---- the Open edX block, in the workbench runtime ----------------------------------------------------------------
class XBlockChannel:
    def __init__(self, make_block, learner, scenario: Scenario, rubric, yaml: str) -> None:
        self.scenario, self.rubric = scenario, rubric
        self.pairs: list[tuple[int, int]] = []
        self.usage_id = make_block(f'<fieldschool_peer_exercise item_id="{ITEM}"/>')
        due = datetime.now(UTC) + timedelta(days=1) if scenario.deadline else None
        self.people = [learner(self.usage_id, f"learner{i}", due=due) for i in range(scenario.learners)]
        self.staff = learner(self.usage_id, "staff", due=due)
        block = self.staff.block
        block.peer_reviews = scenario.reviews
        block.self_assessment = "true" if scenario.self_assessment else "false"
        block.reviewing_weight = scenario.reviewing_weight
        block.custom_rubric = yaml
        block.save()

    def _call(self, person, handler: str, data: dict) -> dict:
        status, body = person.call(handler, data)
        assert status == 200, (handler, body)
        return body

    def submit(self, i: int) -> None:
        self._call(self.people[i], "submit_response", {"text": f"Response of learner {i}"})

    def _author(self, submission_id: int) -> int:
        from xblocks.peer_store.models import PeerSubmission

        return int(PeerSubmission.objects.get(id=submission_id).learner.removeprefix("learner"))

    def review(self, i: int) -> None:
        status, body = self.people[i].call("request_review", {})
        if status != 200 or body["submission_id"] is None:
            return
        author = self._author(body["submission_id"])
        self._call(self.people[i], "submit_review", {"submission_id": body["submission_id"],
                                                     "levels": levels_for(self.rubric, i, author), "comment": ""})
        self.pairs.append((i, author))

    def self_assess(self, i: int) -> None:
        self._call(self.people[i], "submit_self_review", {"levels": levels_for(self.rubric, i, i, 1)})

    def override(self, i: int) -> None:
        from xblocks.peer_store.models import PeerSubmission

        sub = PeerSubmission.objects.get(block_key=self.usage_id, learner=f"learner{i}")
        self._call(self.staff, "staff_override", {"submission_id": sub.id, "levels": levels_for(self.rubric, 99, i),
                                                  "reason": REASON})

    def revise_rubric(self) -> None:  # the course team edits the block's rubric in Studio
        yaml = rubric_yaml(self.scenario.criteria, revised=True)
        self.rubric, problems = rubric_from_yaml(yaml)
        assert not problems
        block = self.staff.block
        block.custom_rubric = yaml
        block.save()

    def close(self) -> None:
        past = datetime.now(UTC) - timedelta(minutes=1)
        for person in (*self.people, self.staff):
            person.runtime.due = past

    def reopen(self) -> None:  # the course team moves the due date a week later
        later = datetime.now(UTC) + timedelta(days=7)
        for person in (*self.people, self.staff):
            person.runtime.due = later

    def outcome(self) -> Outcome:
        """Each learner opens the exercise (which publishes a changed grade and completion, as in the LMS); the
        gradebook holds the last grade event."""
        result = Outcome(list(self.pairs))
        for i, person in enumerate(self.people):
            person.render()
            grades = person.runtime.of("grade")
            result.final[i] = grades[-1]["value"] / grades[-1]["max_value"] * 100 if grades else None
            block = person.block
            person.runtime._patch_xblock(block)  # the due date, as the runtime gives it to views and handlers
            item = block.curriculum_item()
            sub = block.body_context(item)["grade"]
            result.points[i] = sub["points"] if sub and result.final[i] is not None else None
            completions = person.runtime.of("completion")  # the LMS keeps the last value published
            result.complete[i] = bool(completions) and completions[-1]["completion"] == 1.0
        return result


def play(channel, scenario: Scenario) -> list[Outcome]:
    outcomes = []
    for step in scenario.steps:
        if step == "check":
            outcomes.append(channel.outcome())
        elif step == "close":
            channel.close()
        elif step == "rubric":
            channel.revise_rubric()
        elif step == "reopen":
            channel.reopen()
        else:
            action, i = step
            {"submit": channel.submit, "review": channel.review, "self": channel.self_assess,
             "override": channel.override}[action](i)
    outcomes.append(channel.outcome())
    return outcomes


def assert_same(lti: list[Outcome], xblock: list[Outcome], scenario: Scenario) -> None:
    for n, (a, b) in enumerate(zip(lti, xblock, strict=True)):
        where = f"{scenario.name}, checkpoint {n + 1}"
        assert a.pairs == b.pairs, f"{where}: who reviewed whom differs"
        for i in range(scenario.learners):
            fa, fb = a.final[i], b.final[i]
            assert (fa is None) == (fb is None), f"{where}: learner {i} graded in one channel only: {fa} vs {fb}"
            if fa is not None:
                assert abs(fa - fb) <= TOLERANCE, f"{where}: learner {i}'s final grade: LTI {fa}% vs XBlock {fb}%"
                assert a.points[i] == pytest.approx(b.points[i], abs=0.005), f"{where}: learner {i}'s points"
            assert a.complete[i] == b.complete[i], f"{where}: learner {i}'s completion: {a.complete[i]} vs " \
                                                   f"{b.complete[i]}"
    for name, outcomes in (("LTI", lti), ("XBlock", xblock)):  # a grade or completion once shown stays
        for earlier, later in zip(outcomes[:-1], outcomes[1:], strict=True):
            for i, value in earlier.final.items():
                assert value is None or later.final[i] is not None, f"{scenario.name}: learner {i}'s grade withdrawn"
                assert later.complete[i] or not earlier.complete[i], \
                    f"{scenario.name}: {name} took back learner {i}'s completion"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_the_lti_tool_and_the_open_edx_block_agree(scenario, lti_app, make_block, learner):
    yaml = rubric_yaml(scenario.criteria)
    rubric, problems = rubric_from_yaml(yaml)
    assert not problems and len(rubric.criteria) == scenario.criteria
    lti = play(LtiChannel(lti_app, scenario, rubric), scenario)
    xblock = play(XBlockChannel(make_block, learner, scenario, rubric, yaml), scenario)
    assert_same(lti, xblock, scenario)
    assert any(o.final[i] is not None for o in lti for i in o.final) or scenario.learners == 1 or \
        scenario.reviews == 0, "a scenario where nobody is ever graded proves little"
