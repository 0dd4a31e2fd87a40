"""The quality of a review has its own rubric in the curriculum (``review_rubric``): a reviewer sees, beside the
response, what makes a useful review; the author's self-assessment page does not show it."""

from __future__ import annotations

import shutil
from pathlib import Path

from lti_live import FIXTURE_COURSE, LtiWorld
from lti_peer_helpers import launch_member, request_review, submit

REVIEW_RUBRIC = {
    "en": """review_rubric:
  - id: review-quality
    title: Quality of the review
    levels:
      - {points: 0, label: Unhelpful, descriptor: Scores only.}
      - {points: 2, label: Helpful, descriptor: A reason from the response for every criterion.}
""",
    "es": """review_rubric:
  - id: review-quality
    title: Calidad de la revisión
    levels:
      - {points: 0, label: Poco útil, descriptor: Solo puntajes.}
      - {points: 2, label: Útil, descriptor: Una razón tomada de la respuesta para cada criterio.}
""",
}


def _course_with_review_rubric(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course)
    for language, block in REVIEW_RUBRIC.items():
        path = course / "00-sample" / f"peer-exercise.{language}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("rubric:\n", block + "rubric:\n", 1), encoding="utf-8")
    return course


def test_the_reviewer_sees_what_makes_a_useful_review(tmp_path):
    world = LtiWorld(tmp_path, CURRICULUM_PATH=str(_course_with_review_rubric(tmp_path)))
    try:
        ana, ben = (launch_member(world, name) for name in ("ana", "ben"))
        submit(world, ana, "Our records are kept in a ledger since 2019.")
        submit(world, ben, "We keep records on paper.")
        request_review(world, ana)
        page = ana.browser.http.get(ana.url(world, "review")).text
        assert "What makes a useful review" in page
        assert "Quality of the review" in page and "A reason from the response for every criterion." in page
        own = ana.browser.http.get(ana.url(world, "self")).text
        assert "What makes a useful review" not in own
    finally:
        world.stop()
