"""The capacity self-assessment: the shipped instrument is complete in four languages, broken files are reported
as file:line, answers score into a profile, profiles compare, and the weakest areas get modules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from curriculum.items import ASSESSED_AREAS
from curriculum.loader import DEFAULT_CONTENT, load_course
from curriculum.self_assessment import (
    INSTRUMENTS,
    AnswerError,
    Profile,
    capacity_instrument,
    check_instrument,
    class_distribution,
    compare_profiles,
    profile_cells,
    profile_columns,
    recommend_modules,
    score_answers,
    weakest_areas,
)
from curriculum.vocabulary import COMPETENCY_AREAS


def words(text: str) -> int:
    return len(text.split())


def test_the_shipped_instrument_describes_twelve_areas_in_four_levels_in_four_languages():
    variants, problems = check_instrument()
    assert not problems, "\n".join(map(str, problems))
    assert set(variants) == {"en", "es", "fr", "pt"}
    assert len(ASSESSED_AREAS) == 12 and "learning" not in ASSESSED_AREAS
    assert set(ASSESSED_AREAS) < set(COMPETENCY_AREAS)
    for language, instrument in variants.items():
        assert [a.area for a in instrument.areas] == list(ASSESSED_AREAS), language
        assert len(instrument.level_labels) == 4
        for area in instrument.areas:
            assert len(area.levels) == 4 and all(words(level) >= 8 for level in area.levels), (language, area.area)
            assert area.questions and area.evidence, (language, area.area)
        assert words(instrument.introduction) >= 30


def test_each_language_has_its_own_words():
    english = capacity_instrument("en").areas[0].levels[0]
    assert {capacity_instrument(lang).areas[0].levels[0] for lang in ("es", "fr", "pt")}.isdisjoint({english})
    assert capacity_instrument("sw").language == "en"


@pytest.fixture
def instrument_copy(tmp_path, monkeypatch):
    folder = tmp_path / "instruments"
    shutil.copytree(INSTRUMENTS, folder)
    monkeypatch.chdir(tmp_path)
    return folder


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line)


def test_a_ladder_with_three_levels_is_reported_at_its_line(instrument_copy):
    english = instrument_copy / "capacity.en.md"
    edit(english, "      - Members, women and young people included, propose agenda items, elections are contested, "
                  "and decisions are followed up in public.\n", "")
    problems = [str(p) for p in check_instrument(instrument_copy)[1]]
    line = line_of(english, "  - area: governance") + 1
    assert f"instruments/capacity.en.md:{line}: describe exactly 4 levels in area 'governance'" in "\n".join(problems)


def test_unknown_missing_and_doubled_areas_are_named(instrument_copy):
    english = instrument_copy / "capacity.en.md"
    edit(english, "area: networking", "area: lobbying")
    edit(english, "area: inclusion", "area: governance")
    problems = "\n".join(str(p) for p in check_instrument(instrument_copy)[1])
    assert f"capacity.en.md:{line_of(english, 'area: lobbying')}: unknown competency area 'lobbying'" in problems
    assert "the area 'governance' is described twice" in problems
    assert "every competency area needs its ladder: add inclusion, networking" in problems


def test_a_translation_missing_a_question_differs_from_english(instrument_copy):
    spanish = instrument_copy / "capacity.es.md"
    edit(spanish, "      - ¿Por qué se fueron los últimos socios que salieron?\n", "")
    problems = "\n".join(str(p) for p in check_instrument(instrument_copy)[1])
    assert (f"capacity.es.md:{line_of(spanish, 'area: membership')}: the Spanish variant differs from the source "
            "language (en) in area 'membership'") in problems


def test_answers_score_into_a_profile_with_notes():
    answers = {area: "2" for area in ASSESSED_AREAS} | {"finance": 1, "markets": "4"}
    profile = score_answers(answers, {"finance": " Accounts for 2023 not closed ", "markets": ""})
    assert profile.complete
    assert profile.levels["finance"] == 1 and profile.levels["markets"] == 4 and profile.levels["governance"] == 2
    assert profile.notes == {"finance": "Accounts for 2023 not closed"}
    assert profile.gaps()["finance"] == 3 and "markets" not in profile.gaps()
    assert Profile.from_dict(profile.to_dict()) == profile


def test_partial_answers_are_an_incomplete_profile():
    profile = score_answers({"finance": "3", "markets": ""})
    assert not profile.complete and profile.levels == {"finance": 3}


@pytest.mark.parametrize("answers", [{"finance": "5"}, {"finance": "0"}, {"finance": "two"}, {"learning": "2"},
                                     {"cooking": "1"}, {"finance": "²"}, {"finance": "２"}])
def test_answers_that_cannot_be_scored_are_refused(answers):
    with pytest.raises(AnswerError):
        score_answers(answers)


def test_stored_profiles_drop_what_they_cannot_hold():
    profile = Profile.from_dict({"levels": {"finance": 9, "markets": "3", "cooking": 2, "inclusion": "²"},
                                 "notes": {"finance": "x"}})
    assert profile.levels == {"markets": 3} and profile.notes == {}


def test_comparing_two_profiles_names_the_areas_that_moved():
    before = score_answers({area: 2 for area in ASSESSED_AREAS})
    after = score_answers({area: 2 for area in ASSESSED_AREAS} | {"finance": 3, "inclusion": 1})
    changes = {c.area: c for c in compare_profiles(before, after)}
    assert [c.area for c in compare_profiles(before, after) if c.moved] == ["finance", "inclusion"]
    assert changes["finance"].delta == 1 and changes["inclusion"].delta == -1 and changes["markets"].delta == 0


def test_modules_are_recommended_for_the_weakest_areas_by_their_competency_tag():
    course = load_course(DEFAULT_CONTENT)
    profile = score_answers({area: 3 for area in ASSESSED_AREAS} | {"inclusion": 1, "finance": 2, "markets": 4})
    assert weakest_areas(profile, 2) == ["inclusion", "finance"]
    recommended = recommend_modules(profile, course, 2)
    assert [(r.area, r.level) for r in recommended] == [("inclusion", 1), ("finance", 2)]
    for recommendation in recommended:
        assert course.module(recommendation.module_id).competency_area == recommendation.area


def test_an_organisation_at_the_top_everywhere_gets_no_recommendation():
    course = load_course(DEFAULT_CONTENT)
    assert recommend_modules(score_answers({area: 4 for area in ASSESSED_AREAS}), course) == []


def test_validate_checks_the_shipped_instrument_too(instrument_copy, monkeypatch):
    from click.testing import CliRunner

    from curriculum import self_assessment
    from curriculum.cli import main

    monkeypatch.setattr(self_assessment, "INSTRUMENTS", instrument_copy)
    assert "OK: the capacity self-assessment in en, es, fr, pt." in CliRunner().invoke(main, ["validate"]).output
    edit(instrument_copy / "capacity.fr.md", "area: finance", "area: money")
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1 and "capacity.fr.md" in result.output and "unknown competency area 'money'" in \
        result.output


def test_the_class_distribution_counts_each_profile_once_per_area_and_level():
    ana = score_answers({area: 2 for area in ASSESSED_AREAS} | {"finance": 1})
    ben = score_answers({area: 2 for area in ASSESSED_AREAS} | {"finance": 4})
    partial = score_answers({"finance": 4})
    counts = class_distribution([ana, ben, partial])
    assert list(counts) == list(ASSESSED_AREAS)
    assert counts["finance"] == [1, 0, 0, 2]
    assert counts["markets"] == [0, 2, 0, 0]  # the partial profile left markets unrated: not counted there
    assert class_distribution([]) == {area: [0, 0, 0, 0] for area in ASSESSED_AREAS}


def test_a_profile_lays_out_as_csv_cells_under_its_columns():
    profile = score_answers({"finance": 1, "markets": 3}, {"finance": "no audit", "markets": ""})
    cells = dict(zip(profile_columns(), profile_cells(profile), strict=True))
    assert cells["finance"] == 1 and cells["markets"] == 3 and cells["governance"] == ""
    assert cells["finance_evidence"] == "no audit" and cells["markets_evidence"] == ""
    assert len(cells) == 2 * len(ASSESSED_AREAS)
