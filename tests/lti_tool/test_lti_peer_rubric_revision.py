"""Reviews are shown with the rubric they were given under: after an author revises the rubric mid-exercise (a
criterion renamed, one removed, fewer levels), the learner's page and the instructor's page of a submission still
show each earlier review's own criteria, level labels and points, and never fail."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from lti_live import FIXTURE_COURSE, LtiWorld
from lti_peer_helpers import launch_member, post, request_review, review, submit
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.models import LtiUser
from lti_tool.peer.models import PeerSubmission

# The revised rubric: "evidence" renamed, with two levels instead of four (an earlier review's "Excellent", level 3,
# is beyond it); "clarity" removed; a new criterion "structure".
REVISED = {
    "en": """rubric:
  - id: evidence
    title: Sources
    levels:
      - {points: 0, label: Absent, descriptor: No sources.}
      - {points: 1, label: Present, descriptor: Sources named.}
  - id: structure
    title: Structure
    levels:
      - {points: 0, label: Loose, descriptor: No order.}
      - {points: 1, label: Ordered, descriptor: A clear order.}
---
""",
    "es": """rubric:
  - id: evidence
    title: Fuentes
    levels:
      - {points: 0, label: Ausentes, descriptor: Sin fuentes.}
      - {points: 1, label: Presentes, descriptor: Fuentes nombradas.}
  - id: structure
    title: Estructura
    levels:
      - {points: 0, label: Suelta, descriptor: Sin orden.}
      - {points: 1, label: Ordenada, descriptor: Un orden claro.}
---
""",
}


def _course(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course)
    return course


def _revise_rubric(world: LtiWorld, course: Path) -> None:
    """The author's revision, as the tool sees it once it loads the curriculum again (a new deployment)."""
    for language, block in REVISED.items():
        path = course / "00-sample" / f"peer-exercise.{language}.md"
        text = path.read_text(encoding="utf-8")
        start, end = text.index("rubric:\n"), text.index("---\n", 4)
        path.write_text(text[:start] + block + text[end + 4:], encoding="utf-8")
    world.app.extensions.pop("fieldschool_course", None)


def _submission_id(world: LtiWorld, sub: str) -> int:
    with world.app.app_context():
        return db.session.scalar(select(PeerSubmission.id).join(LtiUser, LtiUser.id == PeerSubmission.user_id)
                                 .where(LtiUser.sub == sub))


def _items(html: str) -> list[str]:
    """The text of each list item of the page (tags dropped, spaces collapsed)."""
    return [" ".join(re.sub(r"<[^>]+>", " ", li).split()) for li in re.findall(r"<li>(.*?)</li>", html, re.S)]


def _rows(html: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", tr).split()) for tr in re.findall(r"<tr>(.*?)</tr>", html, re.S)]


def test_reviews_keep_the_rubric_they_were_given_under_after_the_rubric_is_revised(tmp_path):
    course = _course(tmp_path)
    world = LtiWorld(tmp_path, CURRICULUM_PATH=str(course))
    try:
        ana, ben = (launch_member(world, name) for name in ("ana", "ben"))
        teacher = launch_member(world, "teacher", instructor=True)
        submit(world, ana, "Our records are kept in a ledger since 2019.")
        submit(world, ben, "We keep records on paper.")
        for reviewer in (ana, ben):
            request_review(world, reviewer)
            assert review(world, reviewer, {"evidence": 3, "clarity": 1}, comment="Solid").status_code == 200
        assert post(world, ana, "self", {"level-evidence": "1", "level-clarity": "0"}).status_code == 200
        ben_id = _submission_id(world, "ben")
        graded = post(world, teacher, f"instructor/submission/{ben_id}/grade",
                      {"level-evidence": "1", "level-clarity": "0", "comment-evidence": "Name your sources",
                       "reason": "Checked the sources"})
        assert "Grade: 20%" in graded.text
        _revise_rubric(world, course)

        home = ana.browser.http.get(ana.page.url)
        assert home.status_code == 200, home.text[:800]
        received = home.text[home.text.index('id="received"'):]
        # the review as it was given: its criteria, titles and level labels, comments kept
        assert _items(received) == ["Evidence: Excellent — Solid on evidence", "Clarity: Clear — Solid on clarity"]
        assert "Your grade" not in received  # not released yet
        assert post(world, teacher, "instructor/release").status_code == 200
        received = ana.browser.http.get(ana.page.url).text.split('id="received"', 1)[1]
        assert "Your grade: 100%" in received
        # the grade's breakdown is by the rubric the reviews were given under
        assert _rows(received)[1:] == ["Evidence 3 / 3", "Clarity 2 / 2"]
        assert _items(received)[-2:] == ["Evidence: Excellent — Solid on evidence",
                                         "Clarity: Clear — Solid on clarity"]

        detail = teacher.browser.http.get(teacher.url(world, f"instructor/submission/{_submission_id(world, 'ana')}"))
        assert detail.status_code == 200, detail.text[:800]
        shown = _items(detail.text[detail.text.index("<h2>Reviews</h2>"):detail.text.index('id="grade"')])
        assert shown == ["Evidence: Excellent (3) — Solid on evidence", "Clarity: Clear (2) — Solid on clarity",
                         "Evidence: Some (1)", "Clarity: Unclear (0)"]  # the peer's review, then the self's
        # the instructor grades with the rubric as it is now
        form = detail.text[detail.text.index('id="grade"'):]
        assert "Sources" in form and "Structure" in form and "Clarity" not in form

        # a form that changes a review given under the earlier rubric keeps its comments, not its levels: level 1
        # of the revised "evidence" is another level than the one chosen
        detail = teacher.browser.http.get(teacher.url(world, f"instructor/submission/{ben_id}"))
        assert detail.status_code == 200, detail.text[:800]
        shown = _items(detail.text[detail.text.index("<h2>Reviews</h2>"):detail.text.index('id="grade"')])
        assert shown == ["Evidence: Some (1) — Name your sources", "Clarity: Unclear (0)",
                         "Evidence: Excellent (3) — Solid on evidence", "Clarity: Clear (2) — Solid on clarity"]
        form = detail.text[detail.text.index('id="grade"'):]
        assert " checked" not in form and ">Name your sources</textarea>" in form
        own = ana.browser.http.get(ana.url(world, "self"))
        assert own.status_code == 200 and "Sources" in own.text and " checked" not in own.text
    finally:
        world.stop()


def test_a_grade_from_reviews_under_two_rubric_versions_shows_each_review_with_its_own(tmp_path):
    course = _course(tmp_path)
    world = LtiWorld(tmp_path, CURRICULUM_PATH=str(course))
    try:
        ana, ben, cam = (launch_member(world, name) for name in ("ana", "ben", "cam"))
        teacher = launch_member(world, "teacher", instructor=True)
        submit(world, ana, "Our records are kept in a ledger since 2019.")
        submit(world, ben, "We keep records on paper.")
        request_review(world, ben)
        review(world, ben, {"evidence": 3, "clarity": 1}, comment="Solid")  # ana's work, under the first rubric
        _revise_rubric(world, course)
        submit(world, cam, "Records? In a shoebox.")
        for _ in range(2):  # ben's work first (fewest reviews), then ana's, under the revised rubric
            request_review(world, cam)
            review(world, cam, {"evidence": 1, "structure": 0}, comment="Fair")
        assert post(world, teacher, "instructor/release").status_code == 200

        home = ana.browser.http.get(ana.page.url)
        assert home.status_code == 200, home.text[:800]
        received = home.text[home.text.index('id="received"'):]
        assert "Your grade:" in received
        assert "<table" not in received  # reviews under two rubrics: a grade without a breakdown per criterion
        assert _items(received) == ["Evidence: Excellent — Solid on evidence", "Clarity: Clear — Solid on clarity",
                                    "Sources: Present — Fair on evidence", "Structure: Loose — Fair on structure"]

        detail = teacher.browser.http.get(teacher.url(world, f"instructor/submission/{_submission_id(world, 'ana')}"))
        assert detail.status_code == 200, detail.text[:800]
        shown = _items(detail.text[detail.text.index("<h2>Reviews</h2>"):detail.text.index('id="grade"')])
        assert shown == ["Evidence: Excellent (3) — Solid on evidence", "Clarity: Clear (2) — Solid on clarity",
                         "Sources: Present (1) — Fair on evidence", "Structure: Loose (0) — Fair on structure"]
    finally:
        world.stop()
