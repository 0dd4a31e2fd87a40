"""Facilitator's guides and one-page case summaries: read with their module, checked with file:line messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from curriculum.loader import DEFAULT_CONTENT, check_course
from curriculum.readability import reading_grade

MODULE = "00-experiences"


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A writable copy of the shipped curriculum; edits go to its opening module."""
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT, root)
    monkeypatch.chdir(tmp_path)

    class Copy:
        path = root

        @staticmethod
        def edit(name: str, old: str, new: str) -> None:
            file = root / MODULE / name
            text = file.read_text(encoding="utf-8")
            assert old in text, f"{old!r} not in {name}"
            file.write_text(text.replace(old, new, 1), encoding="utf-8")

        @staticmethod
        def messages() -> list[str]:
            return [str(p) for p in check_course(root)[1]]

        @staticmethod
        def line_of(name: str, text: str) -> int:
            lines = (root / MODULE / name).read_text(encoding="utf-8").splitlines()
            return next(n for n, line in enumerate(lines, start=1) if text in line)

    return Copy


def test_the_module_holds_its_guide_and_summary_in_each_language(shipped):
    course, problems = check_course(shipped.path)
    assert problems == []
    module = course.modules[0]
    assert {"en", "es"} <= set(module.guides) and {"en", "es"} <= set(module.summaries)
    guide = module.guide("es")
    assert guide.language == "es" and guide.planned_minutes == guide.session_minutes
    assert module.summary("en").case_id == "experiences.case"
    assert module.guide("sw").language == "en"  # a language without a guide falls back to the source language
    assert "experiences.guide" not in module.item_ids  # not an activity: no LMS link of its own


def test_durations_that_do_not_add_up_are_reported_where_the_activities_are(shipped):
    shipped.edit("facilitator-guide.en.md", "  - minutes: 20\n    title: Welcome",
                 "  - minutes: 25\n    title: Welcome")
    line = shipped.line_of("facilitator-guide.en.md", "activities:")
    assert any(f"facilitator-guide.en.md:{line}: the activities add up to 215 minutes but 'session_minutes' is 210"
               in m for m in shipped.messages())


def test_a_session_shorter_than_three_hours_is_refused(shipped):
    shipped.edit("facilitator-guide.en.md", "session_minutes: 210", "session_minutes: 90")
    assert any("'session_minutes' is 90: plan a session of 180 to 240 minutes" in m for m in shipped.messages())


def test_a_guide_without_low_literacy_advice_is_refused(shipped):
    shipped.edit("facilitator-guide.en.md", "{#low-literacy}", "{#notes}")
    messages = shipped.messages()
    assert any("unknown section key 'notes'" in m for m in messages)
    assert any("missing section 'low-literacy'" in m for m in messages)


def test_a_translated_guide_must_keep_the_timings(shipped):
    shipped.edit("facilitator-guide.es.md", "  - minutes: 15\n", "  - minutes: 10\n")
    shipped.edit("facilitator-guide.es.md", "  - minutes: 20\n    title: Bienvenida",
                 "  - minutes: 25\n    title: Bienvenida")
    line = shipped.line_of("facilitator-guide.es.md", "activities:")
    assert any(f"facilitator-guide.es.md:{line}: the 'es' variant differs from the source language (en) in activity "
               "minutes" in m for m in shipped.messages())


def test_a_summary_figure_the_case_does_not_give_is_refused(shipped):
    shipped.edit("summary.en.md", 'value: "163"', 'value: "175"')
    line = shipped.line_of("summary.en.md", "figures:")
    assert any(f"summary.en.md:{line}: the figure '175'" in m and "does not appear in the case" in m
               for m in shipped.messages())


def test_a_summary_needs_exactly_three_lessons(shipped):
    shipped.edit("summary.en.md", "lessons:\n", "lessons:\n  - One more lesson.\n")
    assert any("give exactly 3 lessons (this file has 4)" in m for m in shipped.messages())


def test_a_summary_in_hard_language_is_refused_with_its_grade(shipped):
    hard = ("Notwithstanding considerable institutional heterogeneity, the cooperative's organisational "
            "transformation necessitated comprehensive participatory methodological interventions, "
            "systematically documented, retrospectively interpreted and collectively validated by representative "
            "governance bodies. ")
    shipped.edit("summary.en.md", "## What happened {#what-happened}\n",
                 f"## What happened {{#what-happened}}\n{hard * 4}")
    assert any("summary.en.md" in m and "it must read at grade 7 or lower" in m for m in shipped.messages())


@pytest.mark.parametrize("language, easy, hard", [
    ("en", "The group met. They chose a team. The team asked why.",
     "Organisational capabilities necessitate comprehensive institutional strengthening interventions."),
    ("es", "El grupo se reunió. Eligió un equipo. El equipo preguntó por qué.",
     "Las capacidades organizacionales requieren intervenciones institucionales de fortalecimiento integral."),
    ("fr", "Le groupe se réunit. Il choisit une équipe. L'équipe demanda pourquoi.",
     "Les capacités organisationnelles nécessitent des interventions institutionnelles de renforcement intégral."),
    ("pt", "O grupo reuniu-se. Escolheu uma equipa. A equipa perguntou porquê.",
     "As capacidades organizacionais requerem intervenções institucionais de fortalecimento integral."),
])
def test_reading_grade_orders_easy_and_hard_text_in_each_language(language, easy, hard):
    assert reading_grade(easy, language) <= 7 < reading_grade(hard, language)


def test_figures_are_found_however_the_case_groups_their_digits():
    from curriculum.companions import figures_in, numbers_in

    assert {"1200", "163"} <= figures_in("In 2021 163 members, 1 200 bags; ailleurs 1\u202f200 sacs; otros 1.200.")
    assert numbers_in("1,200 → 1.500") == ["1200", "1500"] and numbers_in("a 4.5 % rise") == ["45"]
    assert set(numbers_in("1 200")) <= figures_in("we had 1200 bags")
