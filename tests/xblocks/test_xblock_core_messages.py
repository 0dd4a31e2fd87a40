"""The curriculum's own messages in Studio: a broken customisation is explained in the author's language (Studio's
validation and the editor's save errors), and every text the core marks with ``N_`` is translated in the blocks'
catalogues with the same fields."""

from __future__ import annotations

import ast
from string import Formatter

import pytest
from django.utils import translation

from xblocks import update_translations as catalogues

# A rubric with two mistakes: the criterion has no title (a finding "inside" another: "… in rubric criterion 1"),
# and only one level.
BROKEN_RUBRIC = "- id: depth\n  levels:\n    - {points: 1, label: A, descriptor: a}\n"

STUDIO_MESSAGES = {
    "es": ["Rúbrica propia, línea 1: el criterio «depth» de la rúbrica necesita al menos dos niveles",
           "Rúbrica propia, línea 1: falta el campo «title» en el criterio 1 de «rubric»: añada «title: …»"],
    "fr": ["Grille personnalisée, ligne 1 : le critère « depth » de la grille doit avoir au moins deux niveaux",
           "Grille personnalisée, ligne 1 : champ « title » manquant dans le critère 1 de « rubric » : "
           "ajoutez « title: … »"],
    "pt": ["Rubrica própria, linha 1: o critério «depth» da rubrica precisa de pelo menos dois níveis",
           "Rubrica própria, linha 1: falta o campo «title» no critério 1 de «rubric»: acrescente «title: …»"],
}


def core_templates() -> set[str]:
    """Every text the curriculum marks with ``N_``, read from its source (independently of the catalogue tool)."""
    found = set()
    for path in catalogues.CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_":
                assert isinstance(node.args[0], ast.Constant), f"{path}: N_ takes a literal template"
                found.add(node.args[0].value)
    return found


def fields(text: str) -> list[str]:
    """The named fields ``str.format`` fills in ``text`` (what ``Message.translated`` does)."""
    return sorted(name for _literal, name, _spec, _conversion in Formatter().parse(text) if name is not None)


def translation_faults(catalogue, templates: set[str]) -> list[str]:
    """What is wrong with ``catalogue``'s translations of ``templates``: missing, or with other fields, or losing
    the leading space of a phrase that goes inside another text (" in question {n}")."""
    faults = []
    for template in sorted(templates):
        found = catalogue.get(template)
        if found is None or not found.string:
            faults.append(f"no translation for {template!r}")
            continue
        try:
            wrong_fields = fields(found.string) != fields(template)
        except ValueError:  # an unbalanced brace: str.format would fail when the author is shown it
            wrong_fields = True
        if wrong_fields:
            faults.append(f"{template!r} is translated with other fields: {found.string!r}")
        if template.startswith(" ") != found.string.startswith(" "):
            faults.append(f"{template!r} and {found.string!r} differ in their leading space")
    return faults


def test_the_catalogue_tool_extracts_every_core_template():
    templates = core_templates()
    assert len(templates) > 100  # the validator's findings are marked, not only the learners' answers
    extracted = {m.id for m in catalogues.extract() if m.id}
    assert templates <= extracted, sorted(templates - extracted)


@pytest.mark.parametrize("language", ["es", "fr", "pt"])
def test_every_core_template_is_translated_with_the_same_fields(language):
    assert translation_faults(catalogues.read_catalogue(language), core_templates()) == []


def test_a_translation_with_a_wrong_field_is_caught():
    catalogue = catalogues.read_catalogue("es")
    template = "question '{id}' needs at least two options"
    assert translation_faults(catalogue, {template}) == []
    catalogue[template].string = "la pregunta «{qid}» necesita al menos dos opciones"
    assert translation_faults(catalogue, {template}) == [
        f"{template!r} is translated with other fields: 'la pregunta «{{qid}}» necesita al menos dos opciones'"]
    catalogue[template].string = "la pregunta «{id» necesita al menos dos opciones"
    assert len(translation_faults(catalogue, {template})) == 1


@pytest.mark.parametrize("language", ["es", "fr", "pt"])
def test_a_broken_customisation_is_explained_in_studio_in_the_authors_language(make_block, learner, language):
    author = learner(make_block('<fieldschool_peer_exercise item_id="sample.exercise"/>'), "author")
    block = author.block
    block.custom_rubric = BROKEN_RUBRIC
    block.save()
    with translation.override(language):
        validation = author.block.validate()
        status, body = author.call("studio_submit", {"values": {"item_id": "sample.exercise",
                                                                "custom_rubric": BROKEN_RUBRIC}})
    errors = [m.text for m in validation.messages if m.type == "error"]
    assert errors == STUDIO_MESSAGES[language]
    assert status == 400 and body["details"] == STUDIO_MESSAGES[language]


def test_studio_in_english_keeps_the_validators_words(make_block, learner):
    author = learner(make_block('<fieldschool_assessment item_id="sample.assessment"/>'), "author")
    block = author.block
    block.custom_questions = "- id: q\n  type: essay\n"
    block.save()
    with translation.override("en"):
        errors = [m.text for m in author.block.validate().messages if m.type == "error"]
    assert errors == ["Custom questions, line 2: unknown question type 'essay' in question 1: use one of "
                      "single_choice, multiple_choice, true_false, numeric, short_text",
                      "Custom questions, line 1: the assessment needs at least one question"]


def test_a_self_assessment_answer_is_refused_in_the_learners_language(make_block, learner):
    alice = learner(make_block("<fieldschool_self_assessment/>"), "alice")
    with translation.override("pt"):
        status, body = alice.call("submit", {"levels": {"nowhere": "2"}})
    assert status == 400 and body["details"] == ["área de competência desconhecida «nowhere»"]
