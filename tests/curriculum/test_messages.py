"""The validator's findings are translatable: each problem carries a template marked with ``N_`` (and the values of
its fields), which a channel translates where it shows it, while ``str()`` stays the English ``file:line: …``."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
import yaml

from curriculum.experiences.model import Experience
from curriculum.experiences.validation import validate_experience
from curriculum.loader import DEFAULT_CONTENT, check_course
from curriculum.messages import N_, Message, message
from curriculum.overrides import questions_from_yaml, rubric_from_yaml
from curriculum.problems import Problem

from .conftest import FIXTURES, GOOD
from .content_mutations import MUTATIONS

CORE = Path(__file__).parents[2] / "curriculum"


def marked_templates() -> set[str]:
    found = set()
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_" and node.args:
                found.add(node.args[0].value)
    return found


MARKED = marked_templates()


def unmarked(text: Message) -> list[str]:
    """The templates in ``text`` (its own and its fields' messages) that are not marked for translation."""
    found = [] if text.template in MARKED else [text.template]
    for value in text.params.values():
        if isinstance(value, Message):
            found += unmarked(value)
    return found


def assert_translatable(problems: list[Problem]) -> None:
    assert problems
    for problem in problems:
        assert str(problem.text) == problem.message
        assert unmarked(problem.text) == [], str(problem)


@pytest.fixture(scope="module")
def broken_copies(tmp_path_factory) -> list[Path]:
    """Copies of the sample course and of a shipped module (with guides, summaries and figures checks), each with one
    file broken in one of the ways the fuzz test breaks them."""
    copies = []
    sources = [(GOOD, sorted(GOOD.rglob("*.md")))]
    shipped = DEFAULT_CONTENT / "00-experiences"
    sources.append((shipped, sorted(shipped.glob("*.md"))))
    for n, (source, files) in enumerate(sources):
        for m, mutate in enumerate(MUTATIONS):
            for k, path in enumerate(files[m::len(MUTATIONS)][:3]):
                root = tmp_path_factory.mktemp(f"broken-{n}-{m}-{k}")
                if source is GOOD:
                    shutil.copytree(GOOD, root, dirs_exist_ok=True)
                    target = root / path.relative_to(GOOD)
                else:
                    for course_file in DEFAULT_CONTENT.glob("course.*.md"):
                        shutil.copy(course_file, root / course_file.name)
                    shutil.copytree(shipped, root / shipped.name)
                    target = root / shipped.name / path.name
                text = target.read_text(encoding="utf-8")
                target.write_text(mutate(text, k * 7 + m, k + m), encoding="utf-8")
                copies.append(root)
    return copies


def test_every_problem_the_validator_finds_in_broken_content_is_a_marked_template(broken_copies):
    found: list[Problem] = []
    for root in broken_copies:
        found += check_course(root)[1]
    assert_translatable(found)
    assert len({p.text.template for p in found}) >= 15  # many kinds of finding, not one repeated


def test_customisations_and_experiences_give_marked_templates_too():
    _questions, problems = questions_from_yaml("- id: q\n  type: numeric\n  tolerance: -1\n  points: many\n"
                                               "- {id: q, type: single_choice, options: [{id: a}, {id: a}]}\n")
    _rubric, more = rubric_from_yaml("- id: depth\n  levels:\n    - {points: 1, label: A}\n    - {label: B}\n"
                                     "- [not, a, criterion]\n")
    assert_translatable(problems + more + rubric_from_yaml("{ unclosed")[1] + questions_from_yaml("just text")[1])
    data = yaml.safe_load((FIXTURES / "experiences" / "el-progreso.en.yaml").read_text(encoding="utf-8"))
    data["sections"] = dict(data["sections"], process="## Notes\n\nA fund.\n\n## Annex {#annex}\n\nMore.")
    texts = [p.text for p in validate_experience(Experience.from_dict(data)) if p.text is not None]
    assert texts and all(unmarked(text) == [] for text in texts)


def test_str_stays_the_english_file_line_text():
    problem = Problem("x.en.md", 3, message(N_("missing field '{key}'{where}: add '{key}: …'"), key="title",
                                            where=message(N_(" in question {n}"), n=2)))
    assert str(problem) == "x.en.md:3: missing field 'title' in question 2: add 'title: …'"
    assert problem == Problem("x.en.md", 3, "missing field 'title' in question 2: add 'title: …'")
    assert Problem("x.en.md", 1, "plain text").translated(str.upper) == "PLAIN TEXT"


def test_a_phrase_inside_a_message_is_translated_with_it():
    catalogue = {"missing field '{key}'{where}: add '{key}: …'": "falta el campo «{key}»{where}: añada «{key}: …»",
                 " in question {n}": " en la pregunta {n}"}
    problem = Problem("x", 3, message(N_("missing field '{key}'{where}: add '{key}: …'"), key="title",
                                      where=message(N_(" in question {n}"), n=2)))
    assert problem.translated(lambda t: catalogue.get(t, t)) == \
        "falta el campo «title» en la pregunta 2: añada «title: …»"
    assert Message("the heading '## {title}' has no section key: end it with one, e.g. '## Context {{#context}}'",
                   {"title": "Notes"}).translated(str) == \
        "the heading '## Notes' has no section key: end it with one, e.g. '## Context {#context}'"


def test_the_experience_form_translates_what_the_core_cannot_say_in_the_authors_language():
    data = yaml.safe_load((FIXTURES / "experiences" / "el-progreso.en.yaml").read_text(encoding="utf-8"))
    data.update(language="es", facts=dict(data["facts"], members="1.120", women_percent="31,5", commodity=""))
    data["sections"] = dict(data["sections"], process=data["sections"]["process"] + "\n\n## Notas\n\nOtra cosa.")
    exp = Experience.from_dict(data)
    catalogue = {"the heading '## {title}' has no section key: end it with one, e.g. '## Context {{#context}}'":
                 "el título «## {title}» no tiene clave de sección: termínelo con una, p. ej. «## Contexto "
                 "{{#context}}»"}
    found = {p.field: p for p in validate_experience(exp, gettext=lambda t: catalogue.get(t, t))}
    assert found["sections.process"].message == \
        "el título «## Notas» no tiene clave de sección: termínelo con una, p. ej. «## Contexto {#context}»"
    assert found["sections.process"].detail.startswith("the heading '## Notas' has no section key")
    assert found["facts.commodity"].message == "Este dato es obligatorio: escríbalo."  # a kind the core says itself
    assert found["facts.commodity"].text is None
    untranslated = {p.field: p.message for p in validate_experience(exp)}  # no catalogue: the validator's words
    assert untranslated["sections.process"].startswith("the heading '## Notas' has no section key")
