"""Contributed experiences: checked by the curriculum's own case-study validator, told per field in the author's
language, and exported as case-study files the curriculum loader accepts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from curriculum import items
from curriculum.experiences.casefile import case_file_name, case_file_text, item_id_for, library_module_text
from curriculum.experiences.model import JURY_ONLY, Experience
from curriculum.experiences.notation import NotANumber, parse_coordinate, parse_number
from curriculum.experiences.validation import check_experience, validate_experience
from curriculum.loader import check_course

FIXTURES = Path(__file__).parent / "fixtures"


def el_progreso(**changes) -> Experience:
    data = yaml.safe_load((FIXTURES / "experiences" / "el-progreso.en.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    return Experience.from_dict(data)


def by_field(problems) -> dict[str, str]:
    return {p.field: p.message for p in problems}


def test_a_complete_experience_has_no_problems_and_becomes_a_case_study():
    exp = el_progreso()
    assert validate_experience(exp) == []
    case, problems, _ = check_experience(exp, slug="el-progreso")
    assert problems == []
    assert case.facts.members == 1120 and case.facts.women_percent == 31.5
    assert [(i.before, i.after) for i in case.indicators] == [(210, 344), (42, 7)]
    assert case.discussion  # the core's default questions, since the editor added none


def test_the_experience_is_checked_by_the_curriculum_validator_itself(monkeypatch):
    calls = []
    original = items.build_case_study

    def spy(source, language, problems):
        calls.append(source.path)
        return original(source, language, problems)

    monkeypatch.setattr("curriculum.experiences.validation.build_case_study", spy)
    validate_experience(el_progreso())
    assert calls, "the experience must go through curriculum.items.build_case_study"


def test_missing_sections_and_facts_are_reported_per_field_in_the_authors_language():
    exp = el_progreso(language="fr", sections={"context": "Du café.", "process": "Un fonds."},
                      facts={"country": "Nicaragua", "members": "1 120"})
    found = by_field(validate_experience(exp))
    assert found["sections.results"] == "Cette information est obligatoire : écrivez-la."
    assert found["sections.initial-situation"].startswith("Cette information est obligatoire")
    assert "facts.commodity" in found and "facts.members" not in found  # 1 120 is a number in French
    labels = {p.field: p.label for p in validate_experience(exp)}
    assert labels["sections.results"] == "Résultats" and labels["facts.commodity"] == "Produit"


@pytest.mark.parametrize("language, text, value", [
    ("es", "1.120", 1120), ("es", "31,5", 31.5), ("pt", "1.234,5", 1234.5), ("fr", "1 234,5", 1234.5),
    ("en", "1,120", 1120), ("en", "31.5", 31.5),
])
def test_numbers_are_read_in_the_languages_notation(language, text, value):
    assert parse_number(text, language) == value


def test_a_number_in_the_wrong_notation_is_refused_with_an_example_in_the_authors_notation():
    with pytest.raises(NotANumber):
        parse_number("31.5", "es")
    exp = el_progreso(language="es", facts=dict(el_progreso().facts, members="1.120", women_percent="31.5",
                                                 youth_percent="12"))
    found = by_field(validate_experience(exp))
    assert found == {"facts.women_percent": "Escriba un número, por ejemplo 1.234,5."}


@pytest.mark.parametrize(("language", "text", "value"), [
    ("es", "12,5", 12.5), ("es", "-7,16", -7.16), ("es", "-7.16", -7.16), ("en", "-7.16", -7.16),
    ("fr", "45,75", 45.75), ("en", "90", 90.0), ("pt", "\u22128,05", -8.05)])
def test_coordinates_read_the_languages_decimal_mark_or_the_maps_point(language, text, value):
    assert parse_coordinate(text, language) == value


@pytest.mark.parametrize(("language", "text"), [("en", "12,5"), ("es", "1.200,5"), ("es", "12,5,1"), ("en", "N 7"),
                                                ("es", "")])
def test_a_coordinate_never_has_a_grouping_mark(language, text):
    with pytest.raises(NotANumber):
        parse_coordinate(text, language)


def test_timeline_and_indicator_problems_point_at_their_row():
    exp = el_progreso(timeline=[{"date": "2021", "milestone": ""}],
                      indicators=[{"name": "Members", "before": "210", "after": "many"}])
    problems = validate_experience(exp)
    found = by_field(problems)
    assert found["timeline.0.milestone"] == "This is required: write it."
    assert found["indicators.0.after"] == "Write a number, like 1,234.5."
    assert {p.field: p.label for p in problems}["indicators.0.after"] == "Indicators 1 · after"


def test_an_exported_experience_joins_a_curriculum_as_a_module_and_validates(tmp_path, monkeypatch):
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "good", root)
    monkeypatch.chdir(tmp_path)
    item_id = item_id_for("El Progreso 2024")
    assert item_id == "library.el-progreso-2024"
    folder = root / "90-library"
    folder.mkdir()
    (folder / case_file_name(item_id, "en")).write_text(case_file_text(el_progreso(), item_id), encoding="utf-8")
    (folder / "module.en.md").write_text(library_module_text([item_id]), encoding="utf-8")
    course, problems = check_course(root)
    assert [str(p) for p in problems] == []
    case = course.find_item(item_id)
    assert case.title.startswith("El Progreso") and case.section("results") is not None
    assert "Delivery registers 2021 and 2024" in case.section("results").markdown  # the indicators' sources


def test_jury_only_experiences_are_not_publishable():
    assert el_progreso().publishable
    assert not el_progreso(licence=JURY_ONLY).publishable
    assert not el_progreso(consent_publish=False).publishable


def test_an_empty_facts_block_is_reported_not_a_crash():
    # `facts: {}` used to crash the validator (an empty mapping had no line table)
    found = by_field(validate_experience(el_progreso(facts={})))
    assert found["facts.country"] == "This is required: write it."


def test_a_systematisation_pre_fills_the_sections_it_names():
    from curriculum.experiences.prefill import prefill_from_response

    text = ("# Coffee payments in a week\n\nWe are a cooperative.\n\n## Situación inicial\n\nPagos tardíos.\n\n"
            "## El proceso\n\nUn fondo rotatorio.\n\n## Notas\n\nOtra cosa.\n\n## Results {#results}\n\n344 socios.")
    data = prefill_from_response(text, "es")
    assert data["title"] == "Coffee payments in a week"
    assert data["sections"]["initial-situation"] == "Pagos tardíos."
    assert data["sections"]["process"] == "Un fondo rotatorio.\n\n## Notas\n\nOtra cosa."  # unknown heading kept
    assert data["sections"]["results"] == "344 socios."
    assert data["sections"]["context"] == "We are a cooperative."


def test_indicators_must_agree_with_the_results_text_in_the_authors_notation():
    sections = dict(el_progreso().sections, results="Los socios que entregan pasaron de 210 a 1.344.")
    exp = el_progreso(language="es", sections=sections,
                      facts=dict(el_progreso().facts, members="1.120", women_percent="31,5"),
                      indicators=[{"name": "Socios que entregan", "before": "210", "after": "1.344"},
                                  {"name": "Días hasta el pago", "before": "42", "after": "7"}])
    found = by_field(validate_experience(exp))
    assert "indicators.0.after" not in found  # 1.344 in Spanish is 1344, and the text says so
    assert found["indicators.1.before"] == "Dé también esta cifra en el texto de resultados, escrita como 1.234,5."
    assert "indicators.1.after" in found
